"""Everything language-specific the generator uses: CLDR first, then what CLDR lacks.

Any language CLDR (Babel) knows can be built. From CLDR: number and date formats, month names,
language names, scale words ("Milliarden", "milliards": its compact number forms) and the writing
direction. The words the generator writes (reference lists, the sources page, banners, the 404
page, new pages) are gettext catalogues, ``explainer/lang/locale/<code>/LC_MESSAGES/explainer.po``
made from ``explainer.pot``, which Poedit and Weblate read; a language without one is written with
the English words, and :func:`words_problem` says so once. ``explainer/lang/data/<code>.yml``, which
is optional, holds the rest: scale words beyond CLDR's, ordinal endings, month abbreviations in use
and the function words that reveal untranslated text. A project may override any string per
language (the plugin's ``strings`` option).
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
from typing import TYPE_CHECKING, Any, TypeVar

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

from ..core.diagnostics import Diagnostic, ExplainerError, fail
from ..core.yamlio import kind_of, line_of, read_yaml

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper
_Cached = TypeVar("_Cached", bound="_lru_cache_wrapper[Any]")

DATA_DIR = Path(__file__).resolve().parent / "data"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CATALOG_NAME = "explainer.po"
TEMPLATE = LOCALE_DIR / "explainer.pot"  # the English words: msgctxt is the key, msgid the text
# Messages about the languages and the overrides of the generated words are located in the project's
# configuration (Words.config_path: the mkdocs.yml of --root, or MkDocs' -f), passed explicitly.
CONFIG_NAME = "mkdocs.yml"

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
    "label_separator": (), "quoted_passages": ("n",), "permalink": (), "scheme_to_dark": (), "scheme_to_light": (),
}
_TOP_KEYS = ("numbers", "function_words")
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
    path: Path | None = None  # the data file, None where the language has none
    catalog: Path | None = None  # the gettext catalogue of its words, None where it has none (English words)
    direction: str = "ltr"  # "rtl" for Arabic, Hebrew, Persian … (CLDR)

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


def language_line(code: str, config: Path) -> int | None:
    """The line of ``- locale: <code>`` among the i18n plugin's languages in ``config`` (the project's)."""
    return line_of(config_node(config, "plugins", ("plugin", "i18n"), "languages", ("locale", code)), "locale")


def unknown_language(code: str, config: Path = Path(CONFIG_NAME)) -> ExplainerError:
    """The located error (in the project's ``config``) for a language code that CLDR (Babel) does not know."""
    return fail(config, language_line(code, config), f"language '{code}' is not known to Babel (CLDR), so its numbers, "
                "dates and language names cannot be read or written",
                "use a language code CLDR knows, such as de, en, fr, es, it, pt (with a region: pt-BR), "
                "and name its folder docs/<code>/ the same")


def plain_locale(code: str) -> str:
    """Babel's name of the locale of language ``code`` without a project's choice (``pt-BR`` →
    ``pt_BR``); a located :class:`ExplainerError` (:func:`unknown_language`) for a code CLDR does not know."""
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
            what = "; ".join(filter(None, [f"{', '.join(missing)} missing" if missing else None,
                                           f"{', '.join(extra)} unknown" if extra else None]))
            shown = ", ".join(f"{{{p}}}" for p in want) or "no placeholder"
            out.append(Diagnostic(str(path), at, f"'{key}'{where}: placeholders do not match the source string ({what})",
                                  f"use {shown} as in explainer.pot"))
    if complete:  # a misspelt key is one mistake: its "did you mean" names what is missing
        meant = {_close_match(str(key), tuple(STRING_KEYS)) for key in strings if key not in STRING_KEYS}
        missing = [key for key in STRING_KEYS if key not in strings and key not in meant]
        if missing:
            out.append(Diagnostic(str(path), line, f"missing key{'s' if len(missing) > 1 else ''}{where}: "
                                  f"{', '.join(missing)}", "add them, translated (see en.yml)"))
    return out


@dataclass(frozen=True)
class _Data:
    """What a language's optional data file gives."""

    scale_words: Mapping[str, int]
    ordinal_suffix: str
    extra_months: Mapping[str, int]
    function_words: frozenset[str]
    path: Path


def _read_data(path: Path) -> _Data:
    doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise fail(path, 1, f"a language data file must be a mapping, not {kind_of(doc)}",
                   f"start from a copy of {data_path('en').name}")
    problems = []
    for key in doc:
        hint = (f"the words the generator writes are in {LOCALE_DIR.name}/<code>/LC_MESSAGES/{CATALOG_NAME} now"
                if key == "strings" else None)
        problems.append(Diagnostic(str(path), line_of(doc, key), f"unknown key '{key}'", hint)
                        if hint else _unknown(path, line_of(doc, key), str(key), _TOP_KEYS, "")) if key not in _TOP_KEYS \
            else None
    problems = [p for p in problems if p]
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
    return _Data(MappingProxyType({str(k).lower(): v for k, v in (numbers.get("scale_words") or {}).items()}),
                 str(suffix), MappingProxyType({str(k).lower(): v for k, v in (numbers.get("extra_months") or {}).items()}),
                 frozenset(w.lower() for w in words), path)


@cache
def _data(code: str) -> _Data | None:
    for candidate in _fallbacks(code):
        path = data_path(candidate)
        if path.exists():
            return _read_data(path)
    return None


def _fallbacks(code: str) -> tuple[str, ...]:
    """``pt-BR`` → ``pt-BR``, ``pt_BR``, ``pt``: where a regional language finds its files."""
    base = re.split(r"[-_]", code)[0]
    return tuple(dict.fromkeys((code, code.replace("-", "_"), base)))


def catalog_path(code: str) -> Path | None:
    """The gettext catalogue of the generator's words in language ``code`` (its region's, else its
    language's: ``pt-BR`` → ``pt_BR`` or ``pt``); English is the template itself; None without one."""
    if _fallbacks(code)[-1] == "en":
        return TEMPLATE
    for candidate in _fallbacks(code):
        path = LOCALE_DIR / candidate / "LC_MESSAGES" / CATALOG_NAME
        if path.exists():
            return path
    return None


@cache
def read_catalog(path: Path) -> Mapping[str, str]:
    """The words of a gettext catalogue by key (``msgctxt``): the translations (``msgstr``), or the
    English texts (``msgid``) of the template. Untranslated and fuzzy entries are left out (English
    stands in); a key or placeholder that does not match :data:`STRING_KEYS` is a located error."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except Exception as err:
        raise fail(path, getattr(err, "lineno", None), f"not a readable gettext catalogue ({err})",
                   "check it with msgfmt --check, or restore it") from None
    words: dict[str, str] = {}
    problems = []
    for message in catalog:
        if not message.id:
            continue
        key = str(message.context or "")
        text = str(message.id) if path == TEMPLATE else str(message.string or "")
        if key not in STRING_KEYS:
            problems.append(_unknown(path, message.lineno, key, tuple(STRING_KEYS), " (msgctxt)"))
            continue
        if not text or message.fuzzy:
            continue
        have, want = sorted(set(_PLACEHOLDER.findall(text))), sorted(STRING_KEYS[key])
        if have != want:
            problems.append(Diagnostic(str(path), message.lineno, f"'{key}': placeholders do not match the source string",
                                       f"use {', '.join(f'{{{p}}}' for p in want) or 'no placeholder'} as in the msgid"))
            continue
        words[key] = text
    if problems:
        raise ExplainerError(problems)
    return MappingProxyType(words)


@cache
def english_words() -> Mapping[str, str]:
    """Every string in English, from the template (:data:`TEMPLATE`)."""
    return read_catalog(TEMPLATE)


@cache
def cldr_scale_words(code: str) -> Mapping[str, int]:
    """The scale words of CLDR's long compact number forms, with their power of ten: ``Milliarden``
    → 9 in German, ``mil millones`` → 9 in Spanish, ``milhões`` → 6 in Portuguese."""
    try:
        forms = Locale.parse(code.replace("-", "_")).compact_decimal_formats.get("long", {})
    except (UnknownLocaleError, ValueError):
        return MappingProxyType({})
    words: dict[str, int] = {}
    for by_magnitude in forms.values():
        for magnitude, pattern in by_magnitude.items():
            text = str(getattr(pattern, "pattern", pattern))
            zeros = re.search(r"0+", text)
            phrase = " ".join(re.sub(r"[0#.,¤'\u00a0\u202f]", " ", text).split()).lower()
            if not zeros or not phrase:
                continue
            power = len(str(magnitude)) - len(zeros.group(0))
            if power >= 3:
                words.setdefault(phrase, power)
    return MappingProxyType(words)


def text_direction(code: str) -> str:
    """``rtl`` for a language written right to left (Arabic, Hebrew, Persian …), else ``ltr`` (CLDR)."""
    try:
        return str(Locale.parse(code.replace("-", "_")).text_direction)
    except (UnknownLocaleError, ValueError):
        return "ltr"


def load_language(code: str, overrides: Mapping[str, str] | None = None, config: Path = Path(CONFIG_NAME)) -> Language:
    """Language ``code``: its words from its catalogue (English where there is none or a word is not
    translated), CLDR's scale words with its data file's, and the project's ``overrides`` of single
    strings. A code CLDR does not know is refused (:func:`unknown_language`). Problems of the
    overrides are located in the project's ``config`` (the explainer plugin's ``strings: <code>:``)."""
    if not known_locale(code):
        raise unknown_language(code, config)
    if overrides and check_strings(dict(overrides), config, complete=False):
        # Only now read mkdocs.yml for the lines (a round trip through ruamel.yaml: not for every build).
        table = config_node(config, "plugins", ("plugin", "explainer"), "strings")
        node = table.get(code) if isinstance(table, dict) else None
        raise ExplainerError(check_strings(dict(overrides), config, node if isinstance(node, dict) else None,
                                           complete=False, where=f" of strings: {code}", line=line_of(table, code)))
    catalog = catalog_path(code)
    words = {**english_words(), **(read_catalog(catalog) if catalog else {}), **(overrides or {})}
    data = _data(code)
    scale = {**cldr_scale_words(code), **(data.scale_words if data else {})}
    return Language(code, MappingProxyType(words), MappingProxyType(scale), data.ordinal_suffix if data else "",
                    data.extra_months if data else MappingProxyType({}), data.function_words if data else frozenset(),
                    data.path if data else None, catalog, text_direction(code))


def words_problem(code: str, overrides: Mapping[str, str] | None = None,
                  config: Path = Path(CONFIG_NAME)) -> Diagnostic | None:
    """The one located warning (in the project's ``config``) for a language whose words the generator
    has no catalogue for (its pages show English words), unless the project's ``strings`` give every one."""
    if catalog_path(code) is not None or set(STRING_KEYS) <= set(overrides or {}):
        return None
    return Diagnostic(str(config), language_line(code, config),
                      f"no translation of the generator's own words into {language_name(code, 'en')} ('{code}'): its "
                      f"pages show them in English (\"{english_words()['references']}\", \"{english_words()['cite_title']}\" …)",
                      f"translate {TEMPLATE.name} into explainer/lang/locale/{code.replace('-', '_')}/LC_MESSAGES/"
                      f"{CATALOG_NAME} (Poedit, Weblate), or give the words under the explainer plugin's 'strings: {code}:'",
                      severity="warning")


@cache
def plain_language(code: str) -> Language:
    """Language ``code`` without a project's overrides (its numbers, dates and function words, which
    no override changes; the words as shipped)."""
    return load_language(code)


class Words:
    """One project's words: the languages with the project's overrides of single strings (the
    plugin's ``strings``), the CLDR locale each is written in (``locales``), and the configuration
    file where problems of either are located. Made once per project (:class:`explainer.core.project.Project`
    holds it) and passed to whatever writes or reads words; its caches are its own, so that two
    projects in one process never see each other's words."""

    def __init__(self, locales: Mapping[str, str] | None = None,
                 overrides: Mapping[str, Mapping[str, str]] | None = None,
                 config_path: Path = Path(CONFIG_NAME)) -> None:
        self.locales: Mapping[str, str] = MappingProxyType(
            {code: str(locale).replace("-", "_") for code, locale in (locales or {}).items()})
        self.overrides: Mapping[str, Mapping[str, str]] = MappingProxyType(
            {lang: MappingProxyType(dict(table)) for lang, table in (overrides or {}).items()})
        self.config_path = Path(config_path)
        self._languages: dict[str, Language] = {}

    def __repr__(self) -> str:
        return f"Words({self.fingerprint()}, {str(self.config_path)!r})"

    def without_overrides(self, *codes: str) -> Words:
        """These words without the overrides of languages ``codes`` (a preview goes on without a wrong one)."""
        return Words(self.locales, {lang: table for lang, table in self.overrides.items() if lang not in codes},
                     self.config_path)

    def language(self, code: str) -> Language:
        """Language ``code`` with the project's overrides; raises a located :class:`ExplainerError`
        for a code CLDR does not know, a wrong override, a damaged data file or catalogue."""
        if not known_locale(code):
            raise unknown_language(code, self.config_path)
        if code not in self.overrides:
            return plain_language(code)
        if code not in self._languages:
            self._languages[code] = load_language(code, self.overrides[code], self.config_path)
        return self._languages[code]

    def text(self, lang: str, key: str, **values: str | int) -> str:
        """The string ``key`` in ``lang`` with ``values`` filled in."""
        return self.language(lang).text(key, **values)

    def cldr_locale(self, code: str) -> str:
        """Babel's name of the locale language ``code`` is written in (``pt-BR`` → ``pt_BR``; the
        project's ``locales`` may choose a region, ``en`` → ``en_GB``); a located
        :class:`ExplainerError` (:func:`unknown_language`) for a code CLDR does not know."""
        if code in self.locales and known_locale(self.locales[code]):
            return self.locales[code]
        if not known_locale(code):
            raise unknown_language(code, self.config_path)
        return code.replace("-", "_")

    def problems(self) -> list[Diagnostic]:
        """A located problem for each of the project's ``locales`` that CLDR does not know."""
        wrong = [(lang, locale) for lang, locale in self.locales.items() if not known_locale(locale)]
        if not wrong:
            return []
        table = config_node(self.config_path, "plugins", ("plugin", "explainer"), "locales")  # for the lines only
        return [Diagnostic(str(self.config_path), line_of(table, lang), f"locale {locale!r} of '{lang}' is not known "
                           "to CLDR", "write a CLDR locale such as en_GB or de_CH in the explainer plugin's 'locales'")
                for lang, locale in wrong]

    def words_problem(self, code: str) -> Diagnostic | None:
        """:func:`words_problem` of language ``code`` with the project's overrides."""
        return words_problem(code, self.overrides.get(code), self.config_path)

    def fingerprint(self) -> str:
        """The string overrides and locales, as text (part of the keys of cached findings)."""
        return json.dumps([{lang: dict(table) for lang, table in self.overrides.items()}, dict(self.locales)],
                          sort_keys=True, ensure_ascii=False)


@lru_cache(maxsize=256)
def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in language ``lang`` ("en" in "de" → "Englisch")."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
        return locale.languages.get(code.split("-")[0], code)
    except (UnknownLocaleError, ValueError):
        return code


def available_languages() -> list[str]:
    """The codes of every language whose words the generator ships (a catalogue, or English itself)."""
    return sorted({"en", *(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG_NAME}"))})
