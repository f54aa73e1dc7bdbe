"""``make check``: every offline check of sources and pages, with located findings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..core.cache import Cache
from ..core.diagnostics import Diagnostic, ExplainerError, display_path
from ..core.project import Project, python_tag_warnings
from ..lang.l10n import language, locale_problems
from ..model.ingest import plan_ingest, require_sources
from ..model.library import Library, cached_library
from ..model.lock import Lock
from ..model.pages import Page, SiteIndex
from .bibcheck import bibliography_findings
from .citecheck import cite_problems
from .pagecheck import glossary_findings, page_findings
from .translation import load_pairs, translation_findings


@dataclass
class CheckResult:
    """Findings of one run, plus figures for the summary line."""

    findings: list[Diagnostic] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the run itself (the cache), not the project
    pages: int = 0
    citations: int = 0
    quotes: int = 0

    @property
    def failed(self) -> bool:
        """Errors and warnings both fail the check (as they fail ``mkdocs build --strict``)."""
        return bool(self.findings)


def check_page(page: Page, library: Library, cache: Cache | None = None) -> list[Diagnostic]:
    """Frontmatter, unsafe content, coverage, citation syntax, ids and quotes of one page."""
    out = page_findings(page, cache)
    out += [Diagnostic(str(page.path), p.line, p.message, p.fix) for p in page.problems]
    for citation in page.citations:
        for cite in citation.cites:
            out += [Diagnostic(str(page.path), citation.line, message, fix)
                    for message, fix in cite_problems(cite, library)]
    return out


def check_ingest_fresh(project: Project, library: Library | None = None) -> list[Diagnostic]:
    """Generated source files that differ from what ``make ingest`` would write now."""
    outputs, report = plan_ingest(project.sources, library)
    stale = [Diagnostic(str(path), None, "parsed model of an article that is no longer in articles.yml",
                        "run `make ingest`, which removes it") for path in report.stale]
    for path, text in outputs.items():
        try:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text and (path.exists() or path.is_symlink()) and not path.is_file():
            stale.append(Diagnostic(str(path), None, "not a file: a generated file belongs here",
                                    "remove it and run `make ingest`, which writes the file again"))
        elif current != text:
            stale.append(Diagnostic(str(path), None, "out of date with sources/articles",
                                    "run `make ingest` and review the change"))
    return stale


def language_findings(project: Project) -> list[Diagnostic]:
    """Problems of the languages the project builds: a code CLDR does not know, no data file and no
    strings of its own, overrides (the plugin's ``strings``) with unknown keys or wrong placeholders."""
    out: list[Diagnostic] = locale_problems()
    for lang in project.languages:
        try:
            language(lang)
        except ExplainerError as err:
            out += err.diagnostics
    return out


def run_check(project: Project) -> CheckResult:
    """Run all offline checks of ``project``. Without usable language data nothing else is checked:
    numbers, dates and untranslated text could not be read."""
    result = CheckResult()
    # printed as "warning: mkdocs.yml:3: …": MkDocs accepts the tag, so it informs and does not fail
    result.warnings += [str(replace(warning, severity="error")) for warning in python_tag_warnings(project.root)]
    result.findings += language_findings(project)
    if result.findings:
        return result
    cache = Cache(project.cache_dir, result.warnings.append)
    try:
        require_sources(project.sources)
        library = cached_library(project.sources, cache)
    except ExplainerError as err:
        result.findings += err.diagnostics
        return result
    result.findings += library.warnings
    result.findings += check_ingest_fresh(project, library)
    pairs = load_pairs(project)
    result.findings += pairs.errors
    cited: set[str] = set()
    for pages in [pairs.source, *pairs.translations.values()]:
        for page in pages.values():
            result.findings += check_page(page, library, cache)
            result.citations += len(page.citations)
            result.quotes += sum(1 for c in page.citations for cite in c.cites if cite.quote)
        result.findings += glossary_findings(list(pages.values()))
        result.pages += len(pages)
        cited |= SiteIndex(list(pages.values())).cited_ids()
    result.findings += translation_findings(project, pairs, Lock.load(project.lock_path), cache)
    result.findings += bibliography_findings(library, cited)
    for work in library.works.values():
        if work.id not in cited:
            state = f"listed by {', '.join(work.listed_in)}" if work.listed_in else "not listed by any article"
            result.notices.append(f"{display_path(work.defined_in)}:{work.line}: '{work.id}' is cited by no page ({state})")
    return result
