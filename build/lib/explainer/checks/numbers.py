"""Numbers in running text, normalised across languages with each side's own locale.

"150 Milliarden" = "150 billion" = "150 milliards" = "150 mil millones"; "11. April 2006" =
"April 11, 2006" = "11 avril 2006" = "11 de abril de 2006"; "1.234,5" = "1,234.5" = "1 234,5".
Decimal and group separators and month names come from CLDR (Babel) for every locale; scale words
and ordinal endings, which CLDR lacks, from the language's data file (:mod:`explainer.lang.l10n`).
Citations, URLs, link targets, heading IDs, attribute lists and code are not text and are ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from ..lang.l10n import cldr_locale, depends_on_project_words, language
from ..model.citations import CITATION_RE, mask_code

# Not text: citations, link targets, URLs, attribute lists and heading IDs, HTML tags (one pass).
_NOISE = re.compile("|".join([CITATION_RE.pattern, r"\]\([^)]*\)", r"https?://\S+", r"\{[:#][^}]*\}", r"<[^>]+>"]),
                    CITATION_RE.flags)
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+", re.MULTILINE)
_VERSION = re.compile(r"\b[vV]?\d+(?:\.\d+){2,}\b")
# Where "." groups thousands, "1.500.000" is a number, not a version: dotted groups of three are left to it.
_VERSION_NOT_GROUPED = re.compile(r"\b[vV]?(?!\d{1,3}(?:\.\d{3})+(?![\d.]))\d+(?:\.\d+){2,}\b")
_SPACES = " \u00a0\u202f"  # what readers and CLDR use between digit groups where the group symbol is a space


# A dot before other than three digits is no thousands separator: "0.9", "1.5-5B" are names.
_DIGIT_DOT_DIGIT = re.compile(r"\d\.\d")
_DOTTED_DECIMAL = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.])")  # "." also groups thousands
_DOTTED_ANY = re.compile(r"(?<![\w.,])\d+\.\d+(?![\d.])")



@dataclass(frozen=True)
class NumberFormat:
    """How one locale writes numbers, and the words that scale them."""

    decimal: str
    group: str
    pattern: re.Pattern[str]
    scales: dict[str, int]
    dotted: re.Pattern[str] | None  # where "." is no decimal point, "0.9" or "1.5-5B" are names, kept as written
    version: re.Pattern[str] = _VERSION  # "0.9.0", "v1.2.3": kept as written


@depends_on_project_words
@lru_cache(maxsize=32)
def number_format(lang: str) -> NumberFormat:
    """The locale's separators (CLDR) and its language's scale words and ordinal endings."""
    words = language(lang)  # first: a language without data, or one CLDR does not know, is a located error
    locale = cldr_locale(lang)
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    group_class = "[" + re.escape(_SPACES) + "]" if group.strip(_SPACES) == "" else re.escape(group)
    if group == "’" or group == "'":
        group_class = "['’]"
    ordinal = f"(?:{words.ordinal_suffix})?" if words.ordinal_suffix else ""
    d = re.escape(decimal)
    # (?<![\w.,])(\d{1,3}(?:G\d{3})+(?:D\d+)?(?!\d)|\d+(?:D\d+)?), written digit first so that the
    # search skips to the next digit instead of trying the lookbehind at every character.
    pattern = re.compile(
        rf"(\d(?<![\w.,]\d)(?:\d{{0,2}}(?:{group_class}\d{{3}})+(?:{d}\d+)?(?!\d)|\d*(?:{d}\d+)?)){ordinal}"
        r"(?:[ \u00a0\u202f]*([^\W\d_]+)\.?(?:[ \u00a0]+([^\W\d_]+))?)?")
    dotted = None if decimal == "." else _DOTTED_DECIMAL if group == "." else _DOTTED_ANY
    version = _VERSION_NOT_GROUPED if group == "." else _VERSION
    return NumberFormat(decimal, group, pattern, dict(words.scale_words), dotted, version)


@depends_on_project_words
@lru_cache(maxsize=32)
def _month_numbers(lang: str) -> dict[str, int]:
    """Month names (wide and abbreviated, in both contexts, lower case, without dot) to their numbers."""
    months: dict[str, int] = {}
    locale = cldr_locale(lang)
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context=context, locale=locale).items():
                months[name.rstrip(".").lower()] = number
    months.update(language(lang).extra_months)
    return months


# The shapes of a date with any word where the month goes: "26. November 2024", "1er avril 2006", "1.º de abril",
# "11 de abril de 2006", "November 26, 2024", "November 2024", "abril de 2006". Every date ends in a
# year, so only the few characters before each four-digit number are searched, for a whole word that
# is then looked up among the month names: far faster than an alternation of every month name tried
# at every position of the text. Days and months start a number or word ("2024 November 2025" is no
# 24 November).
_WORD_START = r"(?<![^\W\d_])"
_DATE_SHAPE = re.compile(
    r"(?:(?<!\d)(?P<d1>\d{1,2})(?:\.?[ºª°]|\.|er|re)?\s+(?:de\s+)?(?P<m1>[^\W\d_]++)\.?\s+(?:de\s+|del\s+)?(?P<y1>\d{4})"
    rf"|{_WORD_START}(?P<m2>[^\W\d_]++)\.?\s+(?P<d2>\d{{1,2}}),\s*(?P<y2>\d{{4}})"
    rf"|{_WORD_START}(?P<m3>[^\W\d_]++)\.?\s+(?:de\s+)?(?P<y3>\d{{4}}))\Z")
_YEAR = re.compile(r"\d(?<!\w\d)\d{3}\b")  # \b\d{4}\b, in a form re scans faster
_DATE_REACH = 64  # characters before the year where a date may start


def _dates(text: str, lang: str) -> tuple[str, list[str]]:
    """``text`` with its dates blanked out, and the dates as ISO strings."""
    months = _month_numbers(lang)
    found: list[str] = []
    pieces: list[str] = []
    done = 0
    for year in _YEAR.finditer(text):
        position = max(done, year.start() - _DATE_REACH)
        while match := _DATE_SHAPE.search(text, position, year.end()):
            groups = match.groupdict()
            month = months.get((groups["m1"] or groups["m2"] or groups["m3"]).lower())
            if month is None:
                position = match.start() + 1
                continue
            day = groups["d1"] or groups["d2"]
            found.append(f"{year.group()}-{month:02d}-{int(day):02d}" if day else f"{year.group()}-{month:02d}")
            pieces += [text[done:match.start()], " "]
            done = match.end()
            break
    pieces.append(text[done:])
    return "".join(pieces), found


@depends_on_project_words
@lru_cache(maxsize=65536)  # the same figures recur in a page, its sections and its translations
def _number_token(digits: str, lang: str, scale: int) -> str | None:
    """The language-neutral token of a number as written, times ten to ``scale``."""
    if digits.isdecimal() and scale >= 0 and len(digits) <= 30:  # no separator: the usual case, and quicker
        return str(int(digits) * 10**scale)
    fmt = number_format(lang)
    plain = re.sub(r"[\s'’.,]", lambda m: "." if m.group() == fmt.decimal else "", digits)
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    return _canonical(value.scaleb(scale) if scale else value)


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _without_quotes(text: str, marks: tuple[str, str]) -> str:
    pattern = _quotation(marks)
    return text if pattern is None else pattern.sub(" ", text)


@lru_cache(maxsize=32)
def _quotation(marks: tuple[str, str]) -> re.Pattern[str] | None:
    """A quotation between the marks (opening, closing), compiled once per language."""
    opening, closing = (mark.strip() for mark in marks)
    if not opening or not closing:
        return None
    return re.compile(re.escape(opening) + "[^" + re.escape(closing) + "]*" + re.escape(closing))


def extract_numbers(markdown: str, lang: str, skip_quotes: tuple[str, str] | None = None,
                    masked: str | None = None) -> Counter[str]:
    """All numbers, dates and versions in ``markdown`` as language-neutral tokens.

    ``skip_quotes`` (opening and closing mark) leaves out quotations in another language, such as
    the originals a translation keeps beside their translation. ``masked`` is
    ``mask_code(markdown)`` if the caller has it already.
    """
    fmt = number_format(lang)
    text = _NOISE.sub(" ", mask_code(markdown) if masked is None else masked)
    if skip_quotes:
        text = _without_quotes(text, skip_quotes)
    tokens: Counter[str] = Counter()
    dotted = _DIGIT_DOT_DIGIT.search(text) is not None  # decimals and versions need one
    if fmt.dotted and dotted:
        tokens.update(_canonical(Decimal(m.group(0))) for m in fmt.dotted.finditer(text))
        text = fmt.dotted.sub(" ", text)
    text, dates = _dates(text, lang)
    tokens.update(dates)
    text = _LIST_MARKER.sub(" ", text)  # after dates: "26. November 2024" may start a line
    if dotted:
        tokens.update(v.lstrip("vV") for v in fmt.version.findall(text))
        text = fmt.version.sub(" ", text)
    for match in fmt.pattern.finditer(text):
        first, second = (match.group(2) or "").lower(), (match.group(3) or "").lower()
        scale = fmt.scales.get(f"{first} {second}") if second else None
        if scale is None:
            scale = fmt.scales.get(first, 0)
        token = _number_token(match.group(1), lang, scale)
        if token is not None:
            tokens[token] += 1
    return tokens
