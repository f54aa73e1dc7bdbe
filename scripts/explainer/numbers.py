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

from .citations import CITATION_RE, mask_code

SCALES = {
    "de": {"tausend": 3, "million": 6, "millionen": 6, "mio": 6, "milliarde": 9, "milliarden": 9, "mrd": 9,
           "billion": 12, "billionen": 12},
    "en": {"thousand": 3, "million": 6, "millions": 6, "m": 6, "billion": 9, "billions": 9, "bn": 9,
           "trillion": 12},
}
_NOISE = [
    CITATION_RE,
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"\{[:#][^}]*\}"),  # attribute lists and heading IDs
    re.compile(r"<[^>]+>"),
]
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+", re.MULTILINE)
_VERSION = re.compile(r"\b[vV]?\d+(?:\.\d+){2,}\b")
_NUMBER = {
    "de": re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(\.?)(?:\s*(\w+)\.?)?"),
    "en": re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(st|nd|rd|th)?(?:\s*(\w+))?"),
}


@lru_cache(maxsize=4)
def _date_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, int]]:
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=lang).items():
            months[name.rstrip(".").lower()] = number
    names = "|".join(sorted((re.escape(n) for n in months), key=len, reverse=True))
    pattern = re.compile(
        rf"(?:(?P<d1>\d{{1,2}})\.?\s+(?P<m1>{names})\.?\s+(?P<y1>\d{{4}})"
        rf"|(?P<m2>{names})\.?\s+(?P<d2>\d{{1,2}}),\s*(?P<y2>\d{{4}})"
        rf"|(?P<m3>{names})\.?\s+(?P<y3>\d{{4}}))\b",
        re.IGNORECASE,
    )
    return pattern, months


_YEAR = re.compile(r"\b\d{4}\b")


def _dates(text: str, lang: str) -> tuple[str, list[str]]:
    if not _YEAR.search(text):
        return text, []
    pattern, months = _date_pattern(lang)
    found: list[str] = []

    def replace(match: re.Match[str]) -> str:
        groups = match.groupdict()
        month = months[(groups["m1"] or groups["m2"] or groups["m3"]).lower().rstrip(".")]
        year = groups["y1"] or groups["y2"] or groups["y3"]
        day = groups["d1"] or groups["d2"]
        found.append(f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}")
        return " "
    return pattern.sub(replace, text), found


def _value(digits: str, lang: str) -> Decimal | None:
    digits = digits.replace(".", "").replace(",", ".") if lang == "de" else digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# A dot before other than three digits is no German thousands separator: "0.9", "1.5-5B" are names.
_DOTTED_DECIMAL = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.])")


def extract_numbers(markdown: str, lang: str, skip_quotes: tuple[str, str] | None = None) -> Counter[str]:
    """All numbers, dates and versions in ``markdown`` as language-neutral tokens.

    ``skip_quotes`` (opening and closing mark) leaves out quotations in another language, such as
    the German originals an English page keeps beside their translation.
    """
    text = mask_code(markdown)
    for pattern in _NOISE:
        text = pattern.sub(" ", text)
    if skip_quotes:
        text = re.sub(re.escape(skip_quotes[0]) + "[^" + re.escape(skip_quotes[1]) + "]*" + re.escape(skip_quotes[1]),
                      " ", text)
    tokens: Counter[str] = Counter()
    if lang == "de":
        tokens.update(_canonical(Decimal(m.group(0))) for m in _DOTTED_DECIMAL.finditer(text))
        text = _DOTTED_DECIMAL.sub(" ", text)
    text, dates = _dates(text, lang if lang in SCALES else "en")
    tokens.update(dates)
    text = _LIST_MARKER.sub(" ", text)  # after dates: "26. November 2024" may start a line
    versions = _VERSION.findall(text)
    tokens.update(v.lstrip("vV") for v in versions)
    text = _VERSION.sub(" ", text)
    scales = SCALES.get(lang, SCALES["en"])
    for match in _NUMBER.get(lang, _NUMBER["en"]).finditer(text):
        value = _value(match.group(1), lang)
        if value is None:
            continue
        word = (match.group(3) or "").lower()
        if word in scales:
            value = value.scaleb(scales[word])
        tokens[_canonical(value)] += 1
    return tokens
