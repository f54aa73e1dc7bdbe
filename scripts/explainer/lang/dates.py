"""Dates as sources write them, and as each page's locale shows them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from babel.dates import format_date, format_skeleton, get_month_names

from .l10n import plain_locale

_PARSE_LOCALES = ("en", "de", "fr", "es", "it", "nl")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date that may be known only to the month or the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def coerce_date(value: object) -> PartialDate | None:
    """Turn a YAML value (date, ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) into a PartialDate.

    Raises ValueError for anything else; None stays None.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and 1000 <= value <= 9999:
        return PartialDate(value)
    match = _ISO.match(str(value).strip())
    if not match:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern's year is not optional
    if day:
        assert month is not None  # nor is the month, when a day is there
        dt.date(year, month, day)  # validates
    elif month and not 1 <= month <= 12:
        raise ValueError(f"month out of range: {value!r}")
    return PartialDate(year, month, day)


@cache
def _parser_info(locale: str):  # -> dateutil.parser.parserinfo (imported on first use)
    """dateutil's parser taught one language's month names (from CLDR via Babel), built on first
    use: loading a locale costs some 10 ms, and most dates are found with the first."""
    from dateutil import parser as dateparser

    months = [
        tuple({get_month_names(width, locale=locale)[month].rstrip(".") for width in ("wide", "abbreviated")})
        for month in range(1, 13)
    ]
    info = type("_ParserInfo", (dateparser.parserinfo,), {"MONTHS": months})
    return info(dayfirst=True)


# Two defaults for the fields a text leaves out: a field that differs between the results is missing.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))


def parse_written_date(text: str) -> dt.date | None:
    """Parse a date written out in a page ("November 26, 2024", "26. November 2024", ISO).

    Returns None when the text holds no complete, unambiguous date (a day, a month name and a year).
    """
    text = text.strip()
    iso = _ISO.match(text)
    if iso and iso.group(3):
        return dt.date(*(int(g) for g in iso.groups()))
    if not re.search(r"\d{4}", text) or not re.search(r"[^\W\d_]{3,}", text):
        return None  # need a year and a month name: "1.2.2024" is ambiguous across locales
    from dateutil import parser as dateparser

    for locale in _PARSE_LOCALES:
        try:
            first, second = (dateparser.parse(text.replace(".", " "), parserinfo=_parser_info(locale), fuzzy=False,
                                              default=default) for default in _DEFAULTS)
        except (ValueError, OverflowError):
            continue
        return first.date() if first == second else None
    return None


@lru_cache(maxsize=4096)
def format_partial_date(value: PartialDate, locale: str) -> str:
    """Format a date as ``locale`` writes it (CLDR; the page's: ``words.cldr_locale(lang)``):
    "26. November 2024", "November 26, 2024", "26 novembre 2024"; "November 2024" and "2024" for
    dates known only to the month or year. A locale CLDR does not know is a located error
    (:func:`explainer.lang.l10n.unknown_language`)."""
    locale = plain_locale(locale)
    if value.day and value.month:
        return format_date(dt.date(value.year, value.month, value.day), "long", locale=locale)
    if value.month:
        return format_skeleton("yMMMM", dt.date(value.year, value.month, 1), locale=locale)
    return format_date(dt.date(value.year, 1, 1), "y", locale=locale)
