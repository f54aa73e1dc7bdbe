"""What the plugin does to the pages, as plain functions over MkDocs' objects.

:class:`explainer.plugin.ExplainerPlugin` calls these from MkDocs events; everything they call (library, pages,
Markdown extensions) works without MkDocs.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, set_exclusions

from ..checks.figures import figure_findings
from ..checks.pagecheck import glossary_findings, page_findings, pair_findings
from ..checks.quotations import quotation_findings
from ..checks.safety import plain_meta, sanitize_html
from ..core.cache import Cache
from ..core.diagnostics import Diagnostic, ExplainerError, display_path
from ..core.project import Project
from ..lang import l10n
from ..model.library import Library, cached_library
from ..model.lock import Lock
from ..model.pages import Page, SiteIndex, load_pages, page_name_problem, parse_page, symlink_problems
from ..render.bibliography import BibliographyExtension
from ..render.citations import CitationsExtension, split_reference_list
from ..render.footer import footer_for
from ..render.glossary import abbreviation_block, first_abbreviations, parse_glossary
from ..render.references import outdated_banner
from ..site import seo
from . import i18n, outputs, published
from .project import project_from_config
from .templates import cache_templates

log = logging.getLogger("mkdocs.plugins.explainer")


@dataclass
class Site:
    """State shared by the events during one ``mkdocs build`` (all languages)."""

    project: Project  # read once from MkDocs' configuration; its words are the ones in use
    root: Path
    allow_outdated: bool
    cache: Cache
    library: Library
    citations: CitationsExtension
    bibliography: BibliographyExtension
    lock: Lock
    extras: outputs.Outputs | None = None  # the machine-readable outputs (option 'outputs')
    indexes: dict[str, SiteIndex] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)
    page_files: dict[str, frozenset[str]] | None = None  # every language's page files, once per build
    reported: set[str] = field(default_factory=set)  # findings about the whole tree, said once per build
    own_permalink_title: bool = False  # the project sets toc's permalink_title itself: the plugin leaves it
    footer: dict[str, str] = field(default_factory=dict)  # the option 'footer': each language's line


def warn(diagnostic: Diagnostic) -> None:
    """Log a finding as a warning, which ``mkdocs build --strict`` turns into a failure."""
    log.warning(diagnostic.long())


def configure(config, site: Site | None, options, warnings=lambda: 0) -> Site:
    """Load the library and register the citation extensions (once; on_config runs per language).

    ``options`` are the plugin's validated options (:class:`explainer.plugin.config.ExplainerConfig`);
    ``warnings`` counts the build's warnings so far (the plugin's handler)."""
    if site is None:
        root = Path(config.config_file_path).resolve().parent
        try:
            project = project_from_config(config)  # MkDocs' -f: messages name that file and its lines
        except ExplainerError as err:
            raise PluginError(str(err)) from None
        project = use_language_data(config, project)
        sources = Path(options.sources)
        cache = Cache(root / options.cache if options.cache else None, lambda message: log.warning(message))
        try:
            library = cached_library(sources, cache)
        except ExplainerError as err:
            for diagnostic in err.diagnostics:
                log.error(str(diagnostic))
            raise PluginError(f"{len(err.diagnostics)} problem(s) in {display_path(sources)}/: "
                              "fix them and build again") from None
        for diagnostic in library.warnings:
            warn(diagnostic)
        try:
            lock = Lock.load(Path(options.lock))
        except ExplainerError as err:
            raise PluginError(str(err)) from None
        words = project.words
        site = Site(project, root, bool(options.allow_outdated), cache, library,
                    CitationsExtension(library=library, report=warn, words=words),
                    BibliographyExtension(library=library, words=words), lock)
        site.own_permalink_title = "permalink_title" in (config.mdx_configs.get("toc") or {})
        site.footer = dict(options.footer)
        site.extras = outputs.start(root, library, options, partial(index_language, site, config), words, warnings)
    for extension in (site.citations, site.bibliography):
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    published.configure(config, site.project.words)
    return site


def use_language_data(config, project: Project) -> Project:
    """Every built language's data with the project's overrides. A wrong override or a damaged
    catalogue is one warning each, which fails a strict build (the preview goes on without that
    override); a language whose words the generator has no catalogue for is built with English
    words, said once (INFO: a strict build still passes). Returns the project with the words in use."""
    words = project.words
    for problem in words.problems():
        warn(problem)
    wrong = []
    for lang in i18n.site_languages(config)[0]:
        if not l10n.known_locale(lang):  # nothing can be written in it: stop with the reason
            raise PluginError(str(l10n.unknown_language(lang, project.config_path))) from None
        try:
            words.language(lang)
        except ExplainerError as err:
            for diagnostic in err.diagnostics:
                warn(diagnostic)
            wrong.append(lang)
    if wrong:
        words = words.without_overrides(*wrong)
    for lang in i18n.site_languages(config)[0]:
        if (missing := words.words_problem(lang)) is not None:
            log.info(missing.long())
    return replace(project, words=words)


def index_language(site: Site, config, lang: str | None = None) -> SiteIndex:
    """Scan a language's pages (default: the current one) for citations and twins."""
    lang = lang or i18n.building_language(config)
    if lang not in site.indexes:
        pages, _ = load_pages(Path(config.docs_dir) / lang)
        site.indexes[lang] = SiteIndex(pages)
        for diagnostic in glossary_findings(pages):
            warn_once(site, diagnostic)
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
    lang = getattr(page.file, "locale", None) or i18n.building_language(config)
    path = Path(page.file.abs_src_path)
    rel = published.page_rel(page, lang)
    offset = 0
    banner = ""
    try:
        model = _parsed(site, config, lang, path, rel, _text(path))
        offset = model.body_line - 1
        if (problem := page_name_problem(path, rel)) is not None:
            warn(problem)
        words = site.project.words
        for diagnostic in page_findings(model, site.cache, words):
            warn(diagnostic)
        for diagnostic in (quotation_findings(model, lang, site.library, words)
                           + figure_findings(model, lang, site.library, words)):
            warn(diagnostic)
        if lang != default_language(config):
            banner = check_translation(site, model, lang, page, config)
    except ExplainerError as err:
        for diagnostic in err.diagnostics:
            warn(diagnostic)
    plain_meta(page.meta)
    index = index_language(site, config)
    site.citations.setConfigs({"lang": lang, "path": str(path), "line_offset": offset})
    if not site.own_permalink_title:  # the headings' permalinks say what they are in the page's language
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = site.project.words.text(lang, "permalink")
    site.bibliography.setConfigs({"lang": lang, "page": rel, "site_index": index, "page_order": nav_files(config.nav),
                               "downloads": outputs.bibliography_downloads(site.extras, page)})
    return banner + markdown + glossary_abbreviations(site, lang, index)


def warn_once(site: Site, diagnostic: Diagnostic) -> None:
    """:func:`warn`, once per build (every language's build would say it again)."""
    if str(diagnostic) not in site.reported:
        site.reported.add(str(diagnostic))
        warn(diagnostic)


# A folder that mkdocs-static-i18n takes for a language's (configured or not), never for shared files.
_LOCALE_FOLDER = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")


def tree_files(site: Site, files, config):
    """The build's files without what lies at or below a symbolic link that loops or leaves
    ``docs/`` (one located warning per link, not a traceback or a warning per file it repeats),
    and with the files every language shares (``docs/assets/x.png``, outside the language folders)
    in every language's build. mkdocs-static-i18n gives a translation's build only its own folder's
    files unless ``fallback_to_default`` (which would also publish untranslated pages), so that
    ``../assets/x.png`` from ``docs/en/page.md`` is found, as from ``docs/de/page.md``; the one copy
    is written once, at ``site/assets/x.png``. Runs after mkdocs-static-i18n's ``on_files``."""
    docs = Path(config.docs_dir)
    bad = symlink_problems(docs)
    for diagnostic in bad.values():
        warn_once(site, diagnostic)
    links = [str(link) for link in bad]
    for file in list(files):
        source = file.abs_src_path
        if source and any(source == link or source.startswith(link + os.sep) for link in links):
            files.remove(file)
    languages, default = i18n.site_languages(config)
    if i18n.building_language(config) == default or i18n.plugin(config) is None:
        return files
    every = set(languages) | set(i18n.all_languages(config))
    shared = []
    for folder, dirnames, filenames in os.walk(docs):  # links to folders are not followed
        here = Path(folder).relative_to(docs)
        if here == Path("."):
            dirnames[:] = [name for name in dirnames if name not in every and not _LOCALE_FOLDER.match(name)]
        for name in sorted(filenames):
            path = Path(folder) / name
            src_uri = (here / name).as_posix()
            if name.endswith(".md") or path in bad or files.get_file_from_path(src_uri) is not None:
                continue
            shared.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    set_exclusions(shared, config)
    for file in shared:
        if file.inclusion.is_included():
            files.append(file)
    return files


def read_source(page) -> str | None:
    """A page's text for MkDocs; a file that is not UTF-8 is one located warning and is read with
    replacement characters, so the build reports it instead of stopping with a traceback."""
    path = page.file.abs_src_path
    if path is None:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        warn(Diagnostic(str(path), None, f"cannot read the page: {err.strerror}",
                        "remove it, or fix the link or permissions that break it"))
        return ""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        warn(Diagnostic(str(path), data[: err.start].count(b"\n") + 1, "not valid UTF-8",
                        "save the file as UTF-8 (the preview shows the broken characters as �)"))
        return data.decode("utf-8-sig", errors="replace")


def _text(path: Path) -> str:
    """The page file's text as :func:`read_source` gave it to MkDocs (without a second warning)."""
    try:
        return path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


def nav_files(nav) -> list[str]:
    """The page files of ``nav`` (mkdocs.yml's ``nav``: titles, sections, files) in reading order."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [rel for value in nav.values() for rel in nav_files(value)]
    if isinstance(nav, list):
        return [rel for item in nav for rel in nav_files(item)]
    return []


def _parsed(site: Site, config, lang: str, path: Path, rel: str, text: str) -> Page:
    """The page as the language's index parsed it, unless the text MkDocs hands over differs."""
    known = index_language(site, config, lang).page(rel)
    return known if known is not None and known.source == text else parse_page(text, path, rel)


def check_translation(site: Site, model: Page, lang: str, page, config) -> str:
    """Parity and freshness of a translated page; returns the outdated-banner HTML (opt-in) or ""."""
    src_lang = default_language(config)
    source = index_language(site, config, src_lang).page(model.rel)
    if source is None:
        return ""  # reported by `make check` as a page without original
    parity, stale = pair_findings(source, model, src_lang, lang, site.lock, site.cache, site.project.words)
    for diagnostic in parity:
        warn(diagnostic)
    if not stale:
        return ""
    if not site.allow_outdated:
        for diagnostic in stale:
            warn(diagnostic)
        return ""
    for diagnostic in stale:
        log.info(str(diagnostic))
    target = seo.page_path(model.rel, src_lang, src_lang, config.use_directory_urls) or "."
    base = page.url.rstrip("/") if page.url.endswith("/") else posixpath.dirname(page.url)
    original = posixpath.relpath(target, base or ".") + ("/" if target.endswith("/") else "")
    return outdated_banner(lang, src_lang, original, site.project.words) + "\n\n"


def default_language(config) -> str:
    """The source language (mkdocs-static-i18n's default)."""
    return i18n.site_languages(config)[1]


def clean_content(html: str, page) -> tuple[str, str]:
    """The page's rendered content without anything that could run script (see :mod:`.safety`),
    and each glossary term's tooltip once, where it first occurs (none on the glossary itself);
    split into what the search index reads and the reference list it leaves out, which the plugin
    puts back once the search plugin has read the page."""
    html = first_abbreviations(sanitize_html(html), keep=(page.meta or {}).get("glossary") is not True)
    return split_reference_list(html)


# The published site (head meta, per-language search, sitemap, 404): see published.py.

def site_pages(site: Site, config) -> dict[str, frozenset[str]]:
    """Every language's page files (``leak.md`` …), from the same scan as the citation index."""
    if site.page_files is None:
        languages, _ = i18n.site_languages(config)
        site.page_files = {lang: frozenset(page.rel for page in index_language(site, config, lang).pages)
                           for lang in languages}
    return site.page_files


def page_context(site: Site, context: dict, page, config) -> dict:
    context = published.page_context(context, page, config, site_pages(site, config), site.project.words)
    outputs.page_context(site.extras, context, page, config, site_pages(site, config))
    lang = getattr(page.file, "locale", None) or i18n.building_language(config)
    context["explainer"]["footer"] = footer_for(site.footer, lang)
    return context


def template_context(site: Site, context: dict, template_name: str, config) -> dict:
    context = published.template_context(context, template_name, config, site_pages(site, config),
                                         site.project.words)
    if template_name == published.NOT_FOUND:
        outputs.not_found_context(site.extras, context, config)
        context["explainer"]["footer"] = footer_for(site.footer, default_language(config))
    return context


def register_filters(site: Site, env) -> None:
    published.register_filters(env, site.project.words)
    cache_templates(env, site.cache)


def post_build(site: Site | None, config) -> None:
    published.post_build(config)
    outputs.post_build(site.extras if site is not None else None, config)
