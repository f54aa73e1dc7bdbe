"""The site's machine-readable outputs, as plain functions over MkDocs' objects (the plugin's
``outputs`` option; on by default).

Per page: when it last changed (:mod:`explainer.model.history`), "cite this page" with its files
(:mod:`explainer.render.citeblock`, :mod:`explainer.site.exports`), its JSON-LD
(:mod:`explainer.site.jsonld`) and the link to its language's feed. Per site, after the last
language's build: ``sources.json`` and ``sources.bib``, one Atom feed per language
(:mod:`explainer.site.feeds`), and the page-dates ledger where there is no git.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import get_build_datetime

from ..checks.safety import plain_meta
from ..core.yamlio import write_atomic
from ..lang.l10n import Words
from ..model.history import LEDGER_NAME, History, PageDates, iso, page_history
from ..model.library import Library
from ..model.pages import SiteIndex
from ..render.citeblock import Download, Original, page_end
from ..site import exports, feeds, jsonld, seo
from . import i18n, published

log = logging.getLogger("mkdocs.plugins.explainer")


@dataclass
class Outputs:
    """What the outputs need during one build (all languages)."""

    root: Path
    library: Library
    article_type: str
    index_of: Callable[[str], SiteIndex]
    words: Words
    warnings: Callable[[], int]  # the build's warnings so far (the plugin's counter)
    history: History | None = None
    written: bool = False
    cited: dict[str, list] = field(default_factory=dict)


def start(root: Path, library: Library, options, index_of: Callable[[str], SiteIndex], words: Words,
          warnings: Callable[[], int]) -> Outputs | None:
    """The outputs of a new build (the plugin's build state holds them), or None when the
    ``outputs`` option is off."""
    return Outputs(root, library, str(options.article_type), index_of, words, warnings) if options.outputs else None


def dates(state: Outputs, config) -> History:
    """Every page's dates (computed once per build, from git or the ledger)."""
    if state.history is None:
        languages, _ = i18n.site_languages(config)
        texts = {f"{lang}/{page.rel}": page.source for lang in languages for page in state.index_of(lang).pages}
        state.history = page_history(Path(config.docs_dir), texts, state.root / LEDGER_NAME, get_build_datetime())
        for problem in state.history.problems or []:
            log.warning(str(problem))
    return state.history


def page_dir(url: str) -> str:
    """The folder of a page's URL below the site (``de/report/`` → ``de/report``, ``""`` → ``""``)."""
    return url.rstrip("/") if url.endswith("/") or not url else posixpath.dirname(url)


def to_root(url: str) -> str:
    """The relative path from a page's URL to the site's root (``de/report/`` → ``../../``)."""
    folder = page_dir(url)
    return "" if not folder else "../" * (folder.count("/") + 1)


def cite_names(url: str, rel: str) -> tuple[str, str]:
    """Where a page's citation files go (folder below the site) and the name they share, the
    page's: ``leak/leak.bib`` beside ``leak/index.html``, ``home.bib`` for a home page
    (``index.md``), ``report.cite.bib`` beside ``report.html`` (without directory URLs, where
    ``sources.bib`` would be the whole bibliography's). Stable: a page keeps them while it keeps
    its file name."""
    if url.endswith("/") or not url:
        folder = page_dir(url)
        stem = "home" if rel == "index.md" else posixpath.basename(folder) or "home"
        return folder, stem
    return posixpath.dirname(url), posixpath.basename(url).rsplit(".", 1)[0] + ".cite"


def bibliography_downloads(state: Outputs | None, page) -> list[Download]:
    """The sources page's links to ``sources.json`` and ``sources.bib``."""
    if state is None:
        return []
    up = to_root(page.url)
    return [Download(label, up + name, media) for label, name, media in exports.BIBLIOGRAPHY_FILES]


def site_name(config, lang: str) -> str:
    """The site's name in ``lang``: mkdocs-static-i18n's ``site_name`` of the language, else the
    configuration's own. After the last language's build ``config.site_name`` is that language's, so
    the original is taken from what mkdocs-static-i18n saved before it overrode it."""
    own = getattr(i18n.language_options(config).get(lang), "site_name", None)
    return own or i18n.original_site_name(config) or config.site_name


def write(path: Path, text: str) -> None:
    """A file of the built site (a fresh folder: no atomic rename needed, as for MkDocs' pages)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _day(dates: PageDates) -> tuple[dt.date, dt.date]:
    return dates.published.date(), dates.updated.date()


def page_context(state: Outputs | None, context: dict, page, config, pages: Mapping[str, Collection[str]]) -> None:
    """The page's JSON-LD, feed link and end block in ``context["explainer"]``; its citation files."""
    if state is None:
        return
    languages, default = i18n.site_languages(config)
    lang = getattr(page.file, "locale", None) or i18n.building_language(config)
    rel = published.page_rel(page, lang)
    history = dates(state, config)
    own = history.dates.get(f"{lang}/{rel}")
    if own is None:
        return
    base = published.site_url(config)
    udu = config.use_directory_urls
    url = seo.absolute_url(base, seo.page_path(rel, lang, default, udu))
    meta = page.meta or {}  # without tags already (checks.safety.plain_meta)
    title = str(meta.get("title") or page.title or config.site_name)
    description = " ".join(str(meta.get("description") or config.site_description or "").split())
    model = state.index_of(lang).page(rel)
    raw = model.meta if model else {}  # as written: where it has script-like markup, the JSON-LD leaves it out
    unsafe = {key for key in ("title", "description") if jsonld.safe(str(raw.get(key) or "")) is None}
    name = site_name(config, lang)
    home = seo.absolute_url(base, seo.page_path("index.md", lang, default, udu))
    folder, stem = cite_names(page.url, rel)
    site_dir = Path(config.site_dir)
    citation = exports.PageCitation(name, title, url, lang, *_day(own), rel, locale=state.words.locales.get(lang, ""))
    for extension, body in exports.page_files(citation).items():
        write(site_dir / folder / f"{stem}.{extension}", body)
    downloads = [Download(label, f"{stem}.{extension}", media) for label, extension, media in exports.CITE_FILES]
    original = None
    twin_url = {other: seo.absolute_url(base, seo.page_path(rel, other, default, udu))
                for other in languages if rel in pages.get(other, ())}
    if lang != default and (source := history.dates.get(f"{default}/{rel}")) and source.updated > own.updated:
        target = seo.page_path(rel, default, default, udu) or "."
        href = posixpath.relpath(target, page_dir(page.url) or ".") + ("/" if target.endswith("/") else "")
        original = Original(default, source.updated.date(), href)
    cited = [state.library.works[c.id] for cit in (model.citations if model else []) for c in cit.cites
             if c.id in state.library.works]
    data = jsonld.article(
        article_type=state.article_type, url=url, lang=lang, headline=None if "title" in unsafe else title,
        description=None if "description" in unsafe else description,
        published=iso(own.published), modified=iso(own.updated), site_name=name, site_url=home,
        publisher=str(config.site_author or name),
        original=jsonld.Twin(default, twin_url[default]) if lang != default and default in twin_url else None,
        translations=[jsonld.Twin(other, twin_url[other]) for other in languages
                      if lang == default and other != default and other in twin_url],
        cited=cited)
    context.setdefault("explainer", {}).update({
        "jsonld": jsonld.script_json(data),
        "feed": {"href": seo.absolute_url(base, seo.page_path("index.md", lang, default, udu) + feeds.FEED_NAME),
                 "title": state.words.text(lang, "feed_title", site=name), "type": feeds.FEED_TYPE},
        "page_end": page_end(lang, site=name, title=title, url=url, published=own.published.date(),
                             updated=own.updated.date(), downloads=downloads, original=original, words=state.words),
    })


def not_found_context(state: Outputs | None, context: dict, config) -> None:
    """The 404 page's JSON-LD: the site in its default language (the page itself is not indexed)."""
    if state is None:
        return
    _, default = i18n.site_languages(config)
    home = seo.absolute_url(published.site_url(config), seo.page_path("index.md", default, default,
                                                                        config.use_directory_urls))
    context.setdefault("explainer", {})["jsonld"] = jsonld.script_json(
        jsonld.website(site_name(config, default), home, default, context=True))


def post_build(state: Outputs | None, config) -> None:
    """After the last language's build: the bibliography's exports, the feeds, the ledger."""
    if state is None or state.written or i18n.building_inside(config):
        return  # no outputs, done already, or a language's build inside mkdocs-static-i18n's
    state.written = True
    site_dir = Path(config.site_dir)
    write(site_dir / exports.SOURCES_JSON, exports.sources_json(state.library))
    write(site_dir / exports.SOURCES_BIB, exports.sources_bib(state.library))
    languages, default = i18n.site_languages(config)
    history = dates(state, config)
    base = published.site_url(config)
    udu = config.use_directory_urls
    for lang in languages:
        root = seo.page_path("index.md", lang, default, udu)
        entries = []
        for page in state.index_of(lang).pages:
            when = history.dates.get(f"{lang}/{page.rel}")
            if when is None:
                continue
            meta = dict(page.meta)
            plain_meta(meta)  # as the page shows them: without tags
            entries.append(feeds.FeedEntry(
                seo.absolute_url(base, seo.page_path(page.rel, lang, default, udu)),
                str(meta.get("title") or page.rel), " ".join(str(meta.get("description") or "").split()),
                iso(when.published), iso(when.updated)))
        name = site_name(config, lang)
        write(site_dir / root / feeds.FEED_NAME, feeds.atom_feed(
            lang=lang, title=state.words.text(lang, "feed_title", site=name),
            feed_url=seo.absolute_url(base, root + feeds.FEED_NAME),
            home_url=seo.absolute_url(base, root), author=str(config.site_author or name), entries=entries))
    if history.ledger is not None:
        if state.warnings():
            log.info(f"{LEDGER_NAME} not updated: the build has warnings")
        else:
            write_atomic(state.root / LEDGER_NAME, history.ledger)  # a project file: atomic

