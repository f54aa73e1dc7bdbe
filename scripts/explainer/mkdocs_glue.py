"""What the MkDocs hooks do, as plain functions over MkDocs' objects.

``scripts/hooks.py`` calls these from MkDocs events; everything they call (library, pages,
Markdown extensions) works without MkDocs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError

from .coverage import uncited_blocks
from .diagnostics import Diagnostic, ExplainerError
from .glossary import abbreviation_block, parse_glossary
from .library import Library, load_library
from .mdx.bibliography import BibliographyExtension
from .mdx.citations import CitationsExtension
from .pages import SiteIndex, frontmatter_problems, load_pages, parse_page

log = logging.getLogger("mkdocs.plugins.explainer")


@dataclass
class Site:
    """State shared by the hooks during one ``mkdocs build`` (all languages)."""

    root: Path
    library: Library
    citations: CitationsExtension
    bibliography: BibliographyExtension
    indexes: dict[str, SiteIndex] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)


def warn(diagnostic: Diagnostic) -> None:
    """Log a finding as a warning, which ``mkdocs build --strict`` turns into a failure."""
    log.warning(str(diagnostic))


def configure(config, site: Site | None) -> Site:
    """Load the library and register the citation extensions (once; on_config runs per language)."""
    if site is None:
        root = Path(config.config_file_path).resolve().parent
        try:
            library = load_library(root / "sources")
        except ExplainerError as err:
            for diagnostic in err.diagnostics:
                log.error(str(diagnostic))
            raise PluginError(f"{len(err.diagnostics)} problem(s) in sources/: fix them and build again") from None
        for diagnostic in library.warnings:
            warn(diagnostic)
        site = Site(root, library, CitationsExtension(library=library, report=warn),
                    BibliographyExtension(library=library))
    for extension in (site.citations, site.bibliography):
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    return site


def current_language(config) -> str:
    """The language MkDocs is building now (mkdocs-static-i18n builds one after the other)."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme.get("language") or "en"


def index_language(site: Site, config) -> SiteIndex:
    """Scan the current language's pages for citations (for the sources page)."""
    lang = current_language(config)
    if lang not in site.indexes:
        pages, _ = load_pages(Path(config.docs_dir) / lang)
        site.indexes[lang] = SiteIndex(pages)
    return site.indexes[lang]


def glossary_abbreviations(site: Site, lang: str, index: SiteIndex) -> str:
    """The language's glossary as ``abbr`` definitions, appended to every page for tooltips."""
    if lang not in site.abbreviations:
        glossary = index.glossary()
        site.abbreviations[lang] = abbreviation_block(parse_glossary(glossary.body)) if glossary else ""
    return site.abbreviations[lang]


def prepare_page(site: Site, markdown: str, page, config) -> str:
    """Point the extensions at this page (language, file, line offset), check its frontmatter and
    citation coverage, and append the glossary tooltips."""
    lang = getattr(page.file, "locale", None) or current_language(config)
    path = Path(page.file.abs_src_path)
    rel = PurePosixPath(page.file.src_uri)
    if rel.parts and rel.parts[0] == lang:
        rel = rel.relative_to(lang)
    offset = 0
    try:
        model = parse_page(page.file.content_string, path, rel.as_posix())
        offset = model.body_line - 1
        for diagnostic in frontmatter_problems(model) + uncited_blocks(model):
            warn(diagnostic)
    except ExplainerError as err:
        for diagnostic in err.diagnostics:
            warn(diagnostic)
    index = index_language(site, config)
    site.citations.setConfigs({"lang": lang, "path": str(path), "line_offset": offset})
    site.bibliography.setConfigs({"lang": lang, "page": rel.as_posix(), "site_index": index})
    return markdown + glossary_abbreviations(site, lang, index)
