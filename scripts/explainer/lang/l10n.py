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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale, UnknownLocaleError

from ..core.diagnostics import Diagnostic, ExplainerError, fail
from ..core.yamlio import kind_of, line_of, read_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

# Every string key, with the placeholders its text must contain.
STRING_KEYS: dict[str, tuple[str, ...]] = {
    "references": (), "cite_label": ("n",), "backlink_label": ("n",), "quote": (), "open_quote": (),
    "close_quote": (), "page_at": ("host",), "title_unverified": (), "by_authors": ("authors",),
    "in_language": ("language",), "accessed": ("date",), "accessed_month": ("date",), "accessed_year": ("date",),
    "archived": ("date",), "archive_copy": (), "original_dead": (), "same_as": ("other",), "date_from_url": (),
    "group_article": (), "group_listed": (), "group_further": (), "cited_on": (), "listed_note": ("article",),
    "listed_caveat": (), "not_cited": (), "outdated_title": (), "outdated_body": ("language",), "outdated_link": (),
    "not_found_heading": (), "not_found_text": (), "not_found_home": (), "summary": (), "home_title": (),
    "sources_title": (), "new_explainer_body": (), "sources_intro": (),
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


def known_locale(code: str) -> bool:
    """Whether Babel (CLDR) knows the language ``code``."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def data_path(code: str) -> Path:
    """Where the data file of language ``code`` lives."""
    return DATA_DIR / f"{code}.yml"


def _unknown(path: Path, line: int | None, key: str, known: tuple[str, ...] | list[str], where: str) -> Diagnostic:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return Diagnostic(str(path), line, f"unknown key '{key}'{where}", f"{hint}known keys: {', '.join(known)}")


def check_strings(strings: object, path: Path, node: object = None, complete: bool = True,
                  where: str = "") -> list[Diagnostic]:
    """Problems of a ``strings`` mapping: unknown or missing keys, texts that are no text, placeholders
    that differ from :data:`STRING_KEYS`. ``node`` gives line numbers (a mapping from :func:`read_yaml`)."""
    node = node if node is not None else strings
    if not isinstance(strings, dict):
        return [Diagnostic(str(path), line_of(node), f"'strings'{where} must be a mapping, not {kind_of(strings)}",
                           "write one 'key: text' per line below it")]
    out = []
    for key, value in strings.items():
        line = line_of(node, key) or line_of(node)
        if key not in STRING_KEYS:
            out.append(_unknown(path, line, str(key), tuple(STRING_KEYS), where))
            continue
        if not isinstance(value, str):
            out.append(Diagnostic(str(path), line, f"'{key}'{where} must be text, not {kind_of(value)}", f'quote it: {key}: "…"'))
            continue
        have = sorted(set(_PLACEHOLDER.findall(value)))
        want = sorted(STRING_KEYS[key])
        if have != want:
            missing = [f"{{{p}}}" for p in want if p not in have]
            extra = [f"{{{p}}}" for p in have if p not in want]
            what = "; ".join(filter(None, [missing and f"{', '.join(missing)} missing",
                                           extra and f"{', '.join(extra)} unknown"]))
            shown = ", ".join(f"{{{p}}}" for p in want) or "no placeholder"
            out.append(Diagnostic(str(path), line, f"'{key}'{where}: placeholders do not match the source string ({what})",
                                  f"use {shown} as in en.yml"))
    if complete:
        missing = [key for key in STRING_KEYS if key not in strings]
        if missing:
            out.append(Diagnostic(str(path), line_of(node), f"missing key{'s' if len(missing) > 1 else ''}{where}: "
                                  f"{', '.join(missing)}", "add them, translated (see en.yml)"))
    return out


def _read_data(path: Path, code: str) -> Language:
    doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise fail(path, 1, f"a language data file must be a mapping, not {kind_of(doc)}",
                   f"start from a copy of {data_path('en').name}")
    problems = [_unknown(path, line_of(doc, key), str(key), _TOP_KEYS, "") for key in doc if key not in _TOP_KEYS]
    problems += check_strings(doc.get("strings"), path)
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

    Without a data file the overrides must give every string; numbers and function words are then
    those CLDR alone gives (none), which the parity check says."""
    base = _data(code)
    if overrides:
        source = Path("mkdocs.yml")
        problems = check_strings(dict(overrides), source, complete=base is None, where=f" of strings: {code}")
        if problems:
            raise ExplainerError(problems)
    if base is None:
        if not overrides:
            raise fail(data_path(code), None, f"no language data for '{code}' ({language_name(code, 'en')})",
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


def overrides_fingerprint() -> str:
    """The project's string overrides in effect, as text (part of the keys of cached findings)."""
    return json.dumps(_overrides, sort_keys=True, ensure_ascii=False)


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
