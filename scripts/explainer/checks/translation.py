"""Translations as a whole: page pairs, their status, and marking them synced."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.cache import Cache
from ..core.diagnostics import Diagnostic, ExplainerError, closest, fail
from ..core.project import Project
from ..core.yamlio import line_of
from ..lang.l10n import config_node, known_locale, language_name
from ..model.library import Library, cached_library
from ..model.lock import Lock, fingerprint, source_units
from ..model.pages import Page, load_pages, symlink_problems
from ..model.sections import heading_problems, untitled
from .citecheck import cite_problems
from .freshness import outdated_units
from .pagecheck import page_findings, pair_findings


@dataclass
class Pairs:
    """Every page of the source language and its translations, by path below the language folder."""

    source: dict[str, Page] = field(default_factory=dict)
    translations: dict[str, dict[str, Page]] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


def load_pairs(project: Project) -> Pairs:
    """Load all pages of all languages; symbolic links in ``docs/`` that loop or lead outside it are
    errors too (one each), and what lies below them is not read."""
    pairs = Pairs()
    pages, pairs.errors = load_pages(project.docs / project.default_language)
    pairs.errors = list(symlink_problems(project.docs).values()) + pairs.errors
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
                                      f"create {project.docs_dir}/{lang}/{rel} (same file name) and translate it"))
        for rel in sorted(pages.keys() - pairs.source.keys()):
            if str(project.docs / src_lang / rel) not in unreadable:
                out.append(Diagnostic(str(project.docs / lang / rel), None, f"page has no '{src_lang}' original",
                                      f"create {project.docs_dir}/{src_lang}/{rel}, or remove this page"))
        for rel in sorted(pairs.source.keys() & pages.keys()):
            parity, stale = pair_findings(pairs.source[rel], pages[rel], src_lang, lang, lock, cache, project.words)
            out += parity + stale
    return out


@dataclass(frozen=True)
class PageStatus:
    """One row of ``make status``."""

    page: str
    lang: str
    state: str  # "in step", "outdated", "missing", "never synced", "unreadable"
    sections: tuple[str, ...] = ()


def translation_status(project: Project) -> list[PageStatus]:
    """The state of every translated page."""
    return translation_status_of(project, load_pairs(project))


def unreadable_pages(project: Project, pairs: Pairs, lang: str) -> set[str]:
    """The pages (``leak.md``) that cannot be read in the source language or in ``lang``."""
    out = set()
    for folder in (project.docs / project.default_language, project.docs / lang):
        for path in pairs.unreadable:
            try:
                rel = Path(path).relative_to(folder).as_posix()
            except ValueError:
                continue
            if rel.endswith(".md"):
                out.add(rel)
    return out


def translation_status_of(project: Project, pairs: Pairs) -> list[PageStatus]:
    """The state of every translated page of ``pairs``: a page that cannot be read (not UTF-8, say)
    in either language is "unreadable", not "missing"."""
    lock = Lock.load(project.lock_path)
    rows = []
    for lang, pages in pairs.translations.items():
        unreadable = unreadable_pages(project, pairs, lang)
        for rel in sorted(pairs.source.keys() | pages.keys() | unreadable):
            if rel in unreadable:
                rows.append(PageStatus(rel, lang, "unreadable"))
                continue
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
    unchanged: list[str] = field(default_factory=list)  # marked with --force although the translation is as last synced


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


def source_errors(project: Project, page: Page, library: Library | None) -> list[Diagnostic]:
    """What ``make check`` finds wrong on a source-language page itself: frontmatter, unsafe content,
    uncited blocks, citation syntax, ids and quotes (when the library can be read), headings."""
    out = [d for d in page_findings(page, words=project.words) if d.severity == "error"]
    out += [Diagnostic(str(page.path), p.line, p.message, p.fix) for p in page.problems]
    if library is not None:
        out += [Diagnostic(str(page.path), citation.line, message, fix)
                for citation in page.citations for cite in citation.cites for message, fix in cite_problems(cite, library)]
    out += heading_problems(page.sections, str(page.path))
    return sorted(out, key=lambda d: d.line or 0)


def _library(project: Project) -> Library | None:
    """The project's works for checking citations before a sync; None when they cannot be read
    (``make check`` reports that; a sync is about the pages)."""
    try:
        return cached_library(project.sources, Cache(project.cache_dir, lambda message: None))
    except ExplainerError:
        return None


def _unknown_page(project: Project, rel: str, known: list[str]) -> ExplainerError:
    hint = closest(rel, known)
    return fail(project.docs / project.default_language / rel, None, "no such page to mark synced",
                (f"did you mean {hint}? " if hint else "")
                + f"name a page below {project.docs_dir}/{project.default_language}/, e.g. index.md or index.md#home")


def mark_synced(project: Project, targets: list[str], languages: list[str] | None = None,
                all_languages: bool = False, force: bool = False) -> SyncResult:
    """Record the current source text for ``targets`` (see :func:`_targets`) in the lock. Lock
    entries of pages that no longer exist are dropped. Nothing is written if a target is wrong, if
    a page cannot be read, if a source page to be synced has errors, or (unless ``force``) if a
    translated section is as it was last synced although its source changed since: nobody updated it."""
    pairs = load_pairs(project)
    if pairs.errors:
        raise ExplainerError(pairs.errors)
    lock = Lock.load(project.lock_path)
    result = SyncResult()
    library = None
    checked: set[str] = set()
    untouched: list[Diagnostic] = []
    source_name = language_name(project.default_language, "en")
    for lang, rel, key in _targets(project, targets, languages, all_languages):
        rels = sorted(pairs.translations.get(lang, {})) if rel == "*" else [rel]
        for page_rel in rels:
            source = pairs.source.get(page_rel)
            if source is None:
                raise _unknown_page(project, page_rel, sorted(pairs.source))
            units = source_units(source)
            if key and key not in units:
                named = [k for k in units if not untitled(k)]
                hint = closest(key, named)
                raise fail(source.path, None, f"no section #{key} in this page",
                           (f"did you mean #{hint}? " if hint else "") + f"use one of: {', '.join('#' + k for k in named)}")
            translation = pairs.translations.get(lang, {}).get(page_rel)
            if translation is None:
                raise fail(project.docs / lang / page_rel, None, "translation does not exist",
                           "translate the page before marking it synced")
            if page_rel not in checked:
                checked.add(page_rel)
                library = library or _library(project)
                if errors := source_errors(project, source, library):
                    raise ExplainerError([*errors, Diagnostic(
                        str(source.path), None, f"not marked synced: the {source_name} page has "
                        f"{len(errors)} problem{'s' if len(errors) != 1 else ''} (above)",
                        "fix them first: a translation is synced with a sound original")])
            translated = source_units(translation)
            lines = {s.key: s.line for s in translation.sections}
            synced = lock.synced(lang, page_rel) or {}
            for unit in [key] if key else list(units):
                before = synced.get(unit)
                recorded = lock.translated_hash(lang, page_rel, unit)
                if (before is None or before.get("hash") == fingerprint(units[unit]) or recorded is None
                        or unit not in translated or recorded != fingerprint(translated[unit])):
                    continue
                name = f"{project.docs_dir}/{lang}/{page_rel}#{unit}"
                if force:
                    result.unchanged.append(f"no change in {name} since the {source_name} changed; marked anyway")
                    continue
                target = f"{lang}/{page_rel}" + ("" if untitled(unit) else f"#{unit}")
                untouched.append(Diagnostic(
                    str(translation.path), lines.get(unit, 1),
                    f"section #{unit} is unchanged since it was last synced (whitespace aside), but the "
                    f"{source_name} changed since", f"update the translation first; if it needs no change, run "
                    f"`make sync ARGS=\"--force {target}\"`"))
            lock.record(lang, page_rel, units, {key} if key else None, translated)
            result.marked.append(f"{project.docs_dir}/{lang}/{page_rel}" + (f"#{key}" if key else ""))
    if untouched:
        raise ExplainerError(untouched)
    existing = {lang: set(pages) & set(pairs.source) for lang, pages in pairs.translations.items()}
    result.forgotten = lock.forget(existing)
    lock.save()
    return result
