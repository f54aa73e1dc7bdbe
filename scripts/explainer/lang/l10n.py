"""Everything language-specific the generator uses, from one data file per language.

``explainer/lang/data/<code>.yml`` holds the words the generator writes (reference lists, the
sources page, banners, the 404 page, new pages), the scale words and ordinal endings of numbers,
and the function words that reveal untranslated text. Number and date formats, month names and
language names come from CLDR through Babel for every locale. A project may override any string
per language (the plugin's ``strings`` option), or supply every string of a language that has no
data file.

Adding a language is adding a file: copy ``en.yml``, translate the values, keep the keys and the
``{placeholders}``. :func:`load_language` checks both, with located messages.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale, UnknownLocaleError

from ..core.diagnostics import Diagnostic, ExplainerError, fail
from ..core.project import config_file
from ..core.yamlio import kind_of, line_of, read_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# The project's configuration, where the languages and the overrides of the generated words are
# written, for located messages: core.project.config_file(), the mkdocs.yml of --root (the command
# line) or of MkDocs' -f (the plugin), never ./mkdocs.yml of wherever the command runs.

# Every string key, with the placeholders its text must contain.
STRING_KEYS: dict[str, tuple[str, ...]] = {
    "references": (), "cite_label": ("n",), "backlink_label": ("n",), "quote": (), "open_quote": (),
    "close_quote": (), "page_at": ("host",), "title_unverified": (), "by_authors": ("authors",),
    "in_language": ("language",), "accessed": ("date",), "accessed_month": ("date",), "accessed_year": ("date",),
    "archived": ("date",), "archive_copy": (), "original_dead": (), "same_as": ("other",), "date_from_url": (),
    "group_article": (), "group_listed": (), "group_further": (), "cited_on": (), "listed_note": ("article",),
    "listed_caveat": (), "not_cited": (), "outdated_title": (), "outdated_body": ("language",), "outdated_link": (),
    "not_found_heading": (), "not_found_text": (), "not_found_home": (), "summary": (), "home_title": (),
    "sources_title": (), "new_explainer_body": (), "sources_intro": (), "date_secondary": (),
    # Deep links to quoted passages and archived copies (issue 15)
    "passages": (), "passage": (), "passage_label": ("use",), "original_changed": (),
    # Cite this page, last updated, feeds, the bibliography's downloads (issue 14)
    "last_updated": ("date",), "original_updated": ("language", "date"), "cite_title": (),
    "cite_reference": ("site", "title", "dates", "url", "accessed"), "cite_dates": ("published",),
    "cite_dates_updated": ("published", "updated"), "cite_accessed": (), "cite_downloads": (),
    "bibliography_downloads": (), "feed_title": ("site",),
    # A reference list a phone can read, and the reader-facing parts of issue 24
    "quoted_passages": ("n",), "permalink": (), "scheme_to_dark": (), "scheme_to_light": (),
}
_TOP_KEYS = ("strings", "numbers", "function_words")
_NUMBER_KEYS = ("scale_words", "ordinal_suffix", "extra_months")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


@dataclass(frozen=True)
class Language:
    """One language's data: its strings, number words and function words."""

    code: str
    strings: Mapping[str, str]
    scale_words: Mapping[str, int] = field(default_factory=dict)
    ordinal_suffix: str = ""
    extra_months: Mapping[str, int] = field(default_factory=dict)
    function_words: frozenset[str] = frozenset()
    path: Path | None = None  # the data file, None when the strings come only from the project

    def text(self, key: str, **values: str | int) -> str:
        """The string ``key`` with ``values`` filled in."""
        return self.strings[key].format(**values)


@cache
def known_locale(code: str) -> bool:
    """Whether Babel (CLDR) knows the language ``code``."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def config_node(config: Path, *keys: str | tuple[str, str]) -> object:
    """The part of the MkDocs configuration ``config`` at ``keys``, read with its lines (see
    :func:`explainer.core.yamlio.line_of`), or None.

    A key names a mapping's entry; in a list, ``("plugin", name)`` is the options of a plugin
    (``- name: …``) and ``(field, value)`` the mapping whose ``field`` is ``value``. Meant to locate
    messages: a file that cannot be read gives None, never another error."""
    try:
        node: object = read_yaml(config)
    except (ExplainerError, OSError):
        return None
    for key in keys:
        if isinstance(key, tuple) and isinstance(node, list):
            name, value = key
            if name == "plugin":
                node = next((item[value] for item in node if isinstance(item, dict) and value in item), None)
            else:
                node = next((item for item in node if isinstance(item, dict) and str(item.get(name)) == value), None)
        elif isinstance(key, str) and isinstance(node, dict):
            node = node.get(key)
        else:
            return None
    return node


def language_line(code: str, config: Path | None = None) -> int | None:
    """The line of ``- locale: <code>`` among the i18n plugin's languages in ``config`` (the project's)."""
    return line_of(config_node(config or config_file(), "plugins", ("plugin", "i18n"), "languages", ("locale", code)),
                   "locale")


def unknown_language(code: str) -> ExplainerError:
    """The located error for a language code that CLDR (Babel) does not know."""
    return fail(config_file(), language_line(code), f"language '{code}' is not known to Babel (CLDR), so its numbers, "
                "dates and language names cannot be read or written",
                "use a language code CLDR knows, such as de, en, fr, es, it, pt (with a region: pt-BR), "
                "and name its folder docs/<code>/ the same")


_locales: dict[str, str] = {}


def use_locales(locales: Mapping[str, str] | None) -> None:
    """The project's CLDR locale per language (the plugin's ``locales`` option: ``{en: en_GB}``)."""
    new = {code: str(locale).replace("-", "_") for code, locale in (locales or {}).items()}
    if new != _locales:
        _locales.clear()
        _locales.update(new)
        _changed()


def locale_problems() -> list[Diagnostic]:
    """A located problem for each of the project's ``locales`` that CLDR does not know."""
    wrong = [(lang, locale) for lang, locale in _locales.items() if not known_locale(locale)]
    if not wrong:
        return []
    table = config_node(config_file(), "plugins", ("plugin", "explainer"), "locales")  # for the lines only
    return [Diagnostic(str(config_file()), line_of(table, lang), f"locale {locale!r} of '{lang}' is not known to CLDR",
                       "write a CLDR locale such as en_GB or de_CH in the explainer plugin's 'locales'")
            for lang, locale in wrong]


def locales() -> dict[str, str]:
    """The project's locales in effect (see :func:`use_locales`)."""
    return dict(_locales)


def cldr_locale(code: str) -> str:
    """Babel's name of the locale language ``code`` is written in (``pt-BR`` → ``pt_BR``; the
    project's ``locales`` option may choose a region, ``en`` → ``en_GB``); a located
    :class:`ExplainerError` (:func:`unknown_language`) for a code CLDR does not know."""
    if code in _locales and known_locale(_locales[code]):
        return _locales[code]
    if not known_locale(code):
        raise unknown_language(code)
    return code.replace("-", "_")


def data_path(code: str) -> Path:
    """Where the data file of language ``code`` lives."""
    return DATA_DIR / f"{code}.yml"


def _close_match(key: str, known: tuple[str, ...] | list[str]) -> str | None:
    close = difflib.get_close_matches(key, list(known), n=1)
    return close[0] if close else None


def _unknown(path: Path, line: int | None, key: str, known: tuple[str, ...] | list[str], where: str) -> Diagnostic:
    close = _close_match(key, known)
    hint = f"did you mean '{close}'? " if close else ""
    return Diagnostic(str(path), line, f"unknown key '{key}'{where}", f"{hint}known keys: {', '.join(known)}")


def check_strings(strings: object, path: Path, node: object = None, complete: bool = True,
                  where: str = "", line: int | None = None) -> list[Diagnostic]:
    """Problems of a ``strings`` mapping: unknown or missing keys, texts that are no text, placeholders
    that differ from :data:`STRING_KEYS`. ``node`` gives line numbers (a mapping from :func:`read_yaml`).
    A misspelt key is one problem (the unknown key, with the key it resembles), not two. ``line`` is
    where the mapping is named (``strings:``), for what concerns it as a whole."""
    node = node if node is not None else strings
    line = line or line_of(node)
    if not isinstance(strings, dict):
        return [Diagnostic(str(path), line, f"'strings'{where} must be a mapping, not {kind_of(strings)}",
                           "write one 'key: text' per line below it")]
    out = []
    for key, value in strings.items():
        at = line_of(node, key) or line
        if key not in STRING_KEYS:
            out.append(_unknown(path, at, str(key), tuple(STRING_KEYS), where))
            continue
        if not isinstance(value, str):
            out.append(Diagnostic(str(path), at, f"'{key}'{where} must be text, not {kind_of(value)}", f'quote it: {key}: "…"'))
            continue
        have = sorted(set(_PLACEHOLDER.findall(value)))
        want = sorted(STRING_KEYS[key])
        if have != want:
            missing = [f"{{{p}}}" for p in want if p not in have]
            extra = [f"{{{p}}}" for p in have if p not in want]
            what = "; ".join(filter(None, [missing and f"{', '.join(missing)} missing",
                                           extra and f"{', '.join(extra)} unknown"]))
            shown = ", ".join(f"{{{p}}}" for p in want) or "no placeholder"
            out.append(Diagnostic(str(path), at, f"'{key}'{where}: placeholders do not match the source string ({what})",
                                  f"use {shown} as in en.yml"))
    if complete:  # a misspelt key is one mistake: its "did you mean" names what is missing
        meant = {_close_match(str(key), tuple(STRING_KEYS)) for key in strings if key not in STRING_KEYS}
        missing = [key for key in STRING_KEYS if key not in strings and key not in meant]
        if missing:
            out.append(Diagnostic(str(path), line, f"missing key{'s' if len(missing) > 1 else ''}{where}: "
                                  f"{', '.join(missing)}", "add them, translated (see en.yml)"))
    return out


def _read_data(path: Path, code: str) -> Language:
    doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise fail(path, 1, f"a language data file must be a mapping, not {kind_of(doc)}",
                   f"start from a copy of {data_path('en').name}")
    problems = [_unknown(path, line_of(doc, key), str(key), _TOP_KEYS, "") for key in doc if key not in _TOP_KEYS]
    problems += check_strings(doc.get("strings"), path, line=line_of(doc, "strings"))
    numbers = doc.get("numbers") or {}
    if not isinstance(numbers, dict):
        problems.append(Diagnostic(str(path), line_of(doc, "numbers"), "'numbers' must be a mapping",
                                   "give scale_words, ordinal_suffix and extra_months below it"))
        numbers = {}
    problems += [_unknown(path, line_of(numbers, key), str(key), _NUMBER_KEYS, " in 'numbers'")
                 for key in numbers if key not in _NUMBER_KEYS]
    for key in ("scale_words", "extra_months"):
        value = numbers.get(key) or {}
        if not isinstance(value, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value.values()):
            problems.append(Diagnostic(str(path), line_of(numbers, key), f"'{key}' must map words to whole numbers",
                                       f"write e.g. {key}: {{million: 6}}"))
    suffix = numbers.get("ordinal_suffix") or ""
    try:
        re.compile(str(suffix))
    except re.error as err:
        problems.append(Diagnostic(str(path), line_of(numbers, "ordinal_suffix"), f"invalid pattern: {err}",
                                   "write a regular expression such as \"st|nd|rd|th\""))
    words = doc.get("function_words") or []
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        problems.append(Diagnostic(str(path), line_of(doc, "function_words"), "'function_words' must be a list of words",
                                   "write function_words: [the, and, …]"))
        words = []
    if problems:
        raise ExplainerError(problems)
    return Language(code, MappingProxyType(dict(doc["strings"])),
                    MappingProxyType({str(k).lower(): v for k, v in (numbers.get("scale_words") or {}).items()}),
                    str(suffix), MappingProxyType({str(k).lower(): v for k, v in (numbers.get("extra_months") or {}).items()}),
                    frozenset(w.lower() for w in words), path)


@cache
def _data(code: str) -> Language | None:
    path = data_path(code)
    return _read_data(path, code) if path.exists() else None


def load_language(code: str, overrides: Mapping[str, str] | None = None) -> Language:
    """Language ``code`` from its data file, with the project's ``overrides`` of single strings.

    A code CLDR does not know is refused (:func:`unknown_language`). Without a data file the
    overrides must give every string; numbers and function words are then those CLDR alone gives
    (none), which the parity check says. Problems of the overrides are located in ``mkdocs.yml``
    (the explainer plugin's ``strings: <code>:``)."""
    cldr_locale(code)
    base = _data(code)
    if overrides and check_strings(dict(overrides), config_file(), complete=base is None):
        # Only now read mkdocs.yml for the lines (a round trip through ruamel.yaml: not for every build).
        table = config_node(config_file(), "plugins", ("plugin", "explainer"), "strings")
        node = table.get(code) if isinstance(table, dict) else None
        raise ExplainerError(check_strings(dict(overrides), config_file(), node if isinstance(node, dict) else None,
                                           complete=base is None, where=f" of strings: {code}", line=line_of(table, code)))
    if base is None:
        if not overrides:
            raise fail(config_file(), language_line(code), f"no language data for '{code}' ({language_name(code, 'en')}): "
                       f"{data_path(code)} does not exist",
                       f"add {data_path(code).name} to explainer/lang/data/ (copy en.yml and translate it), "
                       f"or give every string under the explainer plugin's 'strings: {code}:'")
        return Language(code, MappingProxyType(dict(overrides)))
    if not overrides:
        return base
    return Language(code, MappingProxyType({**base.strings, **overrides}), base.scale_words, base.ordinal_suffix,
                    base.extra_months, base.function_words, base.path)


_overrides: dict[str, dict[str, str]] = {}


def use_overrides(strings: Mapping[str, Mapping[str, str]] | None) -> None:
    """The project's string overrides (the plugin's ``strings`` option) for :func:`text` from now on."""
    global _overrides
    new = {lang: dict(table) for lang, table in (strings or {}).items()}
    if new != _overrides:
        _overrides = new
        language.cache_clear()
        _changed()


_caches: list[Callable[[], None]] = []


def depends_on_project_words(cached: Callable) -> Callable:
    """Mark an ``lru_cache``d function whose results depend on the project's words or locales: its
    cache is cleared when they change (a preview with another ``strings`` or ``locales``)."""
    _caches.append(cached.cache_clear)
    return cached


def _changed() -> None:
    for clear in _caches:
        clear()


def overrides_fingerprint() -> str:
    """The project's string overrides and locales in effect, as text (part of the keys of cached findings)."""
    return json.dumps([_overrides, _locales], sort_keys=True, ensure_ascii=False)


@lru_cache(maxsize=64)
def language(code: str) -> Language:
    """Language ``code`` with the project's overrides; raises :class:`ExplainerError` without data."""
    return load_language(code, _overrides.get(code))


def text(lang: str, key: str, **values: str | int) -> str:
    """The string ``key`` in ``lang`` with ``values`` filled in."""
    return language(lang).text(key, **values)


@lru_cache(maxsize=256)
def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in language ``lang`` ("en" in "de" → "Englisch")."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
        return locale.languages.get(code.split("-")[0], code)
    except (UnknownLocaleError, ValueError):
        return code


def available_languages() -> list[str]:
    """The codes of every language with a data file."""
    return sorted(path.stem for path in DATA_DIR.glob("*.yml"))
