"""Numbers in running text, normalised across German and English formats.

"150 Milliarden" = "150 billion", "26. November 2024" = "November 26, 2024" = "26 November 2024",
"1.234,5" = "1,234.5", "3." (German ordinal) = "3rd". Citations, URLs, link targets, heading IDs,
attribute lists and code are not text and are ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.dates import get_month_names

from ..model.citations import CITATION_RE, mask_code

SCALES = {
    "de": {"tausend": 3, "million": 6, "millionen": 6, "mio": 6, "milliarde": 9, "milliarden": 9, "mrd": 9,
           "billion": 12, "billionen": 12},
    "en": {"thousand": 3, "million": 6, "millions": 6, "m": 6, "billion": 9, "billions": 9, "bn": 9,
           "trillion": 12},
}
# Not text: citations, link targets, URLs, attribute lists and heading IDs, HTML tags (one pass).
_NOISE = re.compile("|".join([CITATION_RE.pattern, r"\]\([^)]*\)", r"https?://\S+", r"\{[:#][^}]*\}", r"<[^>]+>"]),
                    CITATION_RE.flags)
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+", re.MULTILINE)
_VERSION = re.compile(r"\b[vV]?\d+(?:\.\d+){2,}\b")
_NUMBER = {
    "de": re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(\.?)(?:\s*(\w+)\.?)?"),
    "en": re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(st|nd|rd|th)?(?:\s*(\w+))?"),
}


_MORE_MONTHS = {"en": {"sept": 9}}  # in common use beside CLDR's abbreviations


@lru_cache(maxsize=4)
def _month_numbers(lang: str) -> dict[str, int]:
    """Month names (wide and abbreviated, lower case, without dot) to their numbers."""
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=lang).items():
            months[name.rstrip(".").lower()] = number
    months.update(_MORE_MONTHS.get(lang, {}))
    return months


# The shapes of a date with any word where the month goes: "26. November 2024", "November 26, 2024",
# "November 2024". Every date ends in a year, so only the few characters before each four-digit
# number are searched, for a whole word that is then looked up among the month names: far faster
# than an alternation of every month name tried at every position of the text. Days and months start
# a number or word ("2024 November 2025" is no 24 November).
_WORD_START = r"(?<![^\W\d_])"
_DATE_SHAPE = re.compile(
    r"(?:(?<!\d)(?P<d1>\d{1,2})\.?\s+(?P<m1>[^\W\d_]++)\.?\s+(?P<y1>\d{4})"
    rf"|{_WORD_START}(?P<m2>[^\W\d_]++)\.?\s+(?P<d2>\d{{1,2}}),\s*(?P<y2>\d{{4}})"
    rf"|{_WORD_START}(?P<m3>[^\W\d_]++)\.?\s+(?P<y3>\d{{4}}))\Z")
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


def _value(digits: str, lang: str) -> Decimal | None:
    digits = digits.replace(".", "").replace(",", ".") if lang == "de" else digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


@lru_cache(maxsize=4096)  # the same figures recur in a page, its sections and its translation
def _number_token(digits: str, lang: str, scale: int) -> str | None:
    """The language-neutral token of a number as written, times ten to ``scale``."""
    value = _value(digits, lang)
    return None if value is None else _canonical(value.scaleb(scale) if scale else value)


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# A dot before other than three digits is no German thousands separator: "0.9", "1.5-5B" are names.
_DIGIT_DOT_DIGIT = re.compile(r"\d\.\d")
_DOTTED_DECIMAL = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.])")


def extract_numbers(markdown: str, lang: str, skip_quotes: tuple[str, str] | None = None,
                    masked: str | None = None) -> Counter[str]:
    """All numbers, dates and versions in ``markdown`` as language-neutral tokens.

    ``skip_quotes`` (opening and closing mark) leaves out quotations in another language, such as
    the German originals an English page keeps beside their translation. ``masked`` is
    ``mask_code(markdown)`` if the caller has it already.
    """
    text = _NOISE.sub(" ", mask_code(markdown) if masked is None else masked)
    if skip_quotes:
        text = re.sub(re.escape(skip_quotes[0]) + "[^" + re.escape(skip_quotes[1]) + "]*" + re.escape(skip_quotes[1]),
                      " ", text)
    tokens: Counter[str] = Counter()
    dotted = _DIGIT_DOT_DIGIT.search(text) is not None  # decimals and versions need one
    if lang == "de" and dotted:
        tokens.update(_canonical(Decimal(m.group(0))) for m in _DOTTED_DECIMAL.finditer(text))
        text = _DOTTED_DECIMAL.sub(" ", text)
    text, dates = _dates(text, lang if lang in SCALES else "en")
    tokens.update(dates)
    text = _LIST_MARKER.sub(" ", text)  # after dates: "26. November 2024" may start a line
    if dotted:
        tokens.update(v.lstrip("vV") for v in _VERSION.findall(text))
        text = _VERSION.sub(" ", text)
    scales = SCALES.get(lang, SCALES["en"])
    for match in _NUMBER.get(lang, _NUMBER["en"]).finditer(text):
        word = (match.group(3) or "").lower()
        token = _number_token(match.group(1), lang, scales.get(word, 0))
        if token is not None:
            tokens[token] += 1
    return tokens
