"""``make check``: every offline check of sources and pages, with located findings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from ..core.cache import Cache
from ..core.diagnostics import Diagnostic, ExplainerError, display_path
from ..core.project import Project, python_tag_warnings
from ..lang.l10n import Words
from ..model.ingest import plan_ingest, require_sources
from ..model.library import Library, cached_library
from ..model.lock import Lock
from ..model.pages import Page, SiteIndex
from .bibcheck import bibliography_findings
from .citecheck import cite_problems
from .figures import figure_findings
from .pagecheck import glossary_findings, page_findings
from .quotations import quotation_findings
from .translation import load_pairs, translation_findings


@dataclass
class CheckResult:
    """Findings of one run, plus figures for the summary line."""

    findings: list[Diagnostic] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the run itself (the cache), not the project
    unconfirmed: list[str] = field(default_factory=list)  # extracted fields to confirm (listed, not failing)
    pages: int = 0
    citations: int = 0
    quotes: int = 0  # quote locators found in their source
    quotes_failed: int = 0  # quote locators not found, or on a work without stored text

    @property
    def failed(self) -> bool:
        """Errors and warnings both fail the check (as they fail ``mkdocs build --strict``)."""
        return bool(self.findings)


def check_page(page: Page, library: Library, cache: Cache | None = None, lang: str | None = None,
               words: Words | None = None) -> list[Diagnostic]:
    """Frontmatter, unsafe content, coverage, citation syntax, ids and quotes of one page (in
    language ``lang``: then its running-text quotations too), read with the project's ``words``."""
    out = page_findings(page, cache, words)
    if lang is not None:
        out += quotation_findings(page, lang, library, words) + figure_findings(page, lang, library, words)
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
            made_by = _extractor_of(current)
            now = _extractor_of(text)
            if made_by and now and made_by != now:
                stale.append(Diagnostic(str(path), None, f"made by {made_by}, but {now} is installed: its text may "
                                        "differ", "run `make ingest`, review the change and check the quotes again"))
            else:
                stale.append(Diagnostic(str(path), None, "out of date with sources/articles",
                                        "run `make ingest` and review the change"))
    return stale


def _extractor_of(model_json: str | None) -> str | None:
    """"trafilatura 2.0.0": the extractor a parsed model records (None for a text article or no model)."""
    if not model_json or '"extractor"' not in model_json[:400]:
        return None
    try:
        extractor = json.loads(model_json).get("extractor") or {}
    except (ValueError, AttributeError):
        return None
    return f"{extractor.get('name')} {extractor.get('version')}" if isinstance(extractor, dict) else None


def unconfirmed_notes(library: Library) -> list[str]:
    """One line per article with fields read from the document that no person has confirmed."""
    return [f"{display_path(work.defined_in)}:{work.line}: '{work.id}': {', '.join(work.unconfirmed)} "
            f"read from the document, not yet confirmed — check each against the source, then remove it from "
            "'unconfirmed'" for work in library.works.values() if work.unconfirmed]


def language_findings(project: Project) -> list[Diagnostic]:
    """Problems of the languages the project builds: a code CLDR does not know, overrides (the
    plugin's ``strings``) with unknown keys or wrong placeholders, a damaged data file or catalogue."""
    words = _words(project)
    out: list[Diagnostic] = words.problems()
    for lang in project.languages:
        try:
            words.language(lang)
        except ExplainerError as err:
            out += err.diagnostics
    return out


def language_warnings(project: Project) -> list[str]:
    """One warning per language whose words the generator has no catalogue for (written in English)."""
    words = _words(project)
    return [str(problem) for lang in project.languages if (problem := words.words_problem(lang)) is not None]


def _words(project: Project) -> Words:
    """The project's words (those of a project made without a configuration: as shipped)."""
    return project.words if project.words is not None else Words(config_path=project.config_path)


def run_check(project: Project) -> CheckResult:
    """Run all offline checks of ``project``. Without usable language data nothing else is checked:
    numbers, dates and untranslated text could not be read."""
    result = CheckResult()
    # printed as "warning: mkdocs.yml:3: …": MkDocs accepts the tag, so it informs and does not fail
    result.warnings += [str(replace(warning, severity="error")) for warning in python_tag_warnings(project.config_path)]
    result.findings += language_findings(project)
    if result.findings:
        return result
    result.warnings += language_warnings(project)
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
    for lang, pages in [(project.default_language, pairs.source), *pairs.translations.items()]:
        for page in pages.values():
            result.findings += check_page(page, library, cache, lang, _words(project))
            result.citations += len(page.citations)
            for cite in (cite for c in page.citations for cite in c.cites if cite.quote):
                if cite_problems(cite, library):  # cached: the quote was looked up for the findings above
                    result.quotes_failed += 1
                else:
                    result.quotes += 1
        result.findings += glossary_findings(list(pages.values()))
        result.pages += len(pages)
        cited |= SiteIndex(list(pages.values())).cited_ids()
    result.findings += translation_findings(project, pairs, Lock.load(project.lock_path), cache)
    result.findings += bibliography_findings(library, cited)
    result.unconfirmed = unconfirmed_notes(library)
    shown: dict[str, str] = {}  # display_path resolves the path each time: once per file, not per work
    for work in library.works.values():
        if work.id not in cited:
            if work.defined_in not in shown:
                shown[work.defined_in] = display_path(work.defined_in)
            state = f"listed by {', '.join(work.listed_in)}" if work.listed_in else "not listed by any article"
            result.notices.append(f"{shown[work.defined_in]}:{work.line}: '{work.id}' is cited by no page ({state})")
    return result
