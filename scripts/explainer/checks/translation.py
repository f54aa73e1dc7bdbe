"""Translations as a whole: page pairs, their status, and marking them synced."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.cache import Cache
from ..core.diagnostics import Diagnostic, ExplainerError, fail
from ..core.project import Project
from ..core.yamlio import line_of
from ..lang.l10n import config_node, known_locale
from ..model.lock import Lock, source_units
from ..model.pages import Page, load_pages
from .freshness import outdated_units
from .pagecheck import pair_findings


@dataclass
class Pairs:
    """Every page of the source language and its translations, by path below the language folder."""

    source: dict[str, Page] = field(default_factory=dict)
    translations: dict[str, dict[str, Page]] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


def load_pairs(project: Project) -> Pairs:
    """Load all pages of all languages."""
    pairs = Pairs()
    pages, pairs.errors = load_pages(project.docs / project.default_language)
    pairs.source = {p.rel: p for p in pages}
    for lang in project.languages[1:]:
        pages, errors = load_pages(project.docs / lang)
        pairs.errors += errors
        pairs.translations[lang] = {p.rel: p for p in pages}
    pairs.unreadable = {e.path for e in pairs.errors}
    return pairs


def translation_findings(project: Project, pairs: Pairs, lock: Lock, cache: Cache | None = None) -> list[Diagnostic]:
    """Missing twins, parity differences and outdated sections, for every translated language."""
    src_lang = project.default_language
    out: list[Diagnostic] = []
    unreadable = pairs.unreadable
    for lang, pages in pairs.translations.items():
        for rel in sorted(pairs.source.keys() - pages.keys()):
            if str(project.docs / lang / rel) not in unreadable:
                out.append(Diagnostic(str(project.docs / src_lang / rel), None, f"page has no '{lang}' twin",
                                      f"create docs/{lang}/{rel} (same file name) and translate it"))
        for rel in sorted(pages.keys() - pairs.source.keys()):
            if str(project.docs / src_lang / rel) not in unreadable:
                out.append(Diagnostic(str(project.docs / lang / rel), None, f"page has no '{src_lang}' original",
                                      f"create docs/{src_lang}/{rel}, or remove this page"))
        for rel in sorted(pairs.source.keys() & pages.keys()):
            parity, stale = pair_findings(pairs.source[rel], pages[rel], src_lang, lang, lock, cache)
            out += parity + stale
    return out


@dataclass(frozen=True)
class PageStatus:
    """One row of ``make status``."""

    page: str
    lang: str
    state: str  # "in step", "outdated", "missing", "never synced"
    sections: tuple[str, ...] = ()


def translation_status(project: Project) -> list[PageStatus]:
    """The state of every translated page."""
    pairs = load_pairs(project)
    lock = Lock.load(project.lock_path)
    rows = []
    for lang, pages in pairs.translations.items():
        for rel in sorted(pairs.source.keys() | pages.keys()):
            if rel not in pages or rel not in pairs.source:
                rows.append(PageStatus(rel, lang, "missing"))
                continue
            outdated = outdated_units(pairs.source[rel], lang, lock)
            if outdated is None:
                rows.append(PageStatus(rel, lang, "never synced"))
            elif outdated:
                rows.append(PageStatus(rel, lang, "outdated", tuple(o.key for o in outdated)))
            else:
                rows.append(PageStatus(rel, lang, "in step"))
    return rows


@dataclass
class SyncResult:
    """What ``make sync`` marked, and the lock entries it dropped for pages that are gone."""

    marked: list[str] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)


def _targets(project: Project, targets: list[str], languages: list[str] | None,
             all_languages: bool) -> list[tuple[str, str, str]]:
    """``(lang, page, section)`` for each target: ``fr/index.md``, ``index.md#home`` (with ``--lang``
    or a single translated language), ``*`` for every page."""
    translated = list(project.translated_languages)
    config = project.config_path
    for lang in languages or []:
        if lang not in translated:
            raise _not_translated(project, lang)
    out = []
    for target in targets:
        rel, _, key = target.partition("#")
        first, _, rest = rel.partition("/")
        if rest and first in project.languages:
            if first == project.default_language:
                raise fail(project.docs / rel, None, f"{first} is the source language: its pages are not synced",
                           f"name the translation, e.g. {translated[0] if translated else 'en'}/{rest}")
            if languages and first not in languages:
                raise fail(project.docs / rel, None, f"'{first}/…' and --lang {', '.join(languages)} disagree",
                           "give the language once")
            langs, rel = [first], rest
        elif rest and _names_a_language(project, first):
            raise _not_translated(project, first)
        elif languages:
            langs = list(languages)
        elif all_languages or len(translated) <= 1:
            langs = translated
        elif rel == "*":
            raise fail(config, _languages_line(project), f"which translations does --all mark synced? This site has "
                       f"{len(translated)}: {', '.join(translated)}",
                       f"name one: `make sync LANG={translated[0]} ARGS=--all`; --all-languages marks every language")
        else:
            example = shell_word(f"{translated[0]}/{rel}" + (f"#{key}" if key else ""))
            raise fail(config, _languages_line(project), f"which translation of {rel} is synced? This site has "
                       f"{len(translated)}: {', '.join(translated)}", f"name it: `make sync ARGS={example}` "
                       f"(or LANG={translated[0]}); --all-languages marks every language")
        out += [(lang, rel, key) for lang in langs]
    return out


def _languages_line(project: Project) -> int | None:
    """The line of the i18n plugin's ``languages:`` in mkdocs.yml, where the languages are configured."""
    return line_of(config_node(project.config_path, "plugins", ("plugin", "i18n")), "languages")


def _names_a_language(project: Project, folder: str) -> bool:
    """Whether the first folder of a sync target is a language code rather than a folder of pages."""
    return (re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Z]{2})?", folder) is not None and known_locale(folder)
            and not (project.docs / project.default_language / folder).is_dir())


def _not_translated(project: Project, lang: str) -> ExplainerError:
    """The error for syncing ``lang``, which is no translated language of the project."""
    translated = project.translated_languages
    if lang == project.default_language:
        what = f"'{lang}' is the source language of this site: its pages are not synced"
    else:
        what = f"'{lang}' is not a language of this site"
    return fail(project.config_path, _languages_line(project), what,
                f"name a translated language: {', '.join(translated)}" if translated
                else "add a translated language to the i18n plugin's languages first")


def shell_word(text: str) -> str:
    """``text`` as one word for a shell command that a message suggests."""
    return text if re.fullmatch(r"[\w./#@%+=:,-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def mark_synced(project: Project, targets: list[str], languages: list[str] | None = None,
                all_languages: bool = False) -> SyncResult:
    """Record the current source text for ``targets`` (see :func:`_targets`) in the lock. Lock
    entries of pages that no longer exist are dropped. Nothing is written if a target is wrong."""
    pairs = load_pairs(project)
    if pairs.errors:
        raise ExplainerError(pairs.errors)
    lock = Lock.load(project.lock_path)
    result = SyncResult()
    for lang, rel, key in _targets(project, targets, languages, all_languages):
        rels = sorted(pairs.translations.get(lang, {})) if rel == "*" else [rel]
        for page_rel in rels:
            source = pairs.source.get(page_rel)
            if source is None:
                raise fail(project.docs / project.default_language / page_rel, None, "no such page to mark synced",
                           f"name a page below docs/{project.default_language}/, e.g. index.md or index.md#home")
            units = source_units(source)
            if key and key not in units:
                raise fail(source.path, None, f"no section #{key} in this page",
                           f"use one of: {', '.join('#' + k for k in units)}")
            if page_rel not in pairs.translations.get(lang, {}):
                raise fail(project.docs / lang / page_rel, None, "translation does not exist",
                           "translate the page before marking it synced")
            lock.record(lang, page_rel, units, {key} if key else None)
            result.marked.append(f"docs/{lang}/{page_rel}" + (f"#{key}" if key else ""))
    existing = {lang: set(pages) & set(pairs.source) for lang, pages in pairs.translations.items()}
    result.forgotten = lock.forget(existing)
    lock.save()
    return result
