"""Readable ids: the one slugifier (:func:`slugify`), ids derived from URLs, and work identity."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

_SLUG = re.compile(r"[^a-z0-9]+")
# Letters that Unicode does not decompose into a base letter and marks, as readers spell them in ASCII.
_FOLD = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
                       "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ı": "i"})
_ARTICLE_NUMBER = re.compile(r"(\d{6,})(?:\.html?)?$")


@lru_cache(maxsize=1)
def _extractor() -> Callable[[str], Any]:
    import tldextract  # here: it imports requests, which most commands never need

    # The bundled public-suffix snapshot: no download at run time, no cache written.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_label(url: str) -> str:
    """The registrable name of a URL's host: ``au.finance.yahoo.com`` → ``yahoo``."""
    parts = _extractor()(url)
    return slugify(parts.domain or urlsplit(url).hostname or "source")


def ascii_fold(text: str) -> str:
    """``text`` in ASCII letters where it can be: accents dropped, ``ß`` → ``ss``, ``ø`` → ``o``."""
    if text.isascii():
        return text
    text = text.translate(_FOLD)
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def slugify(text: str, fallback: str = "x") -> str:
    """``text`` as an id: lowercase ASCII letters and digits joined by single hyphens, accents
    folded (``Müller`` → ``muller``, ``Ærø`` → ``aero``, ``Straße`` → ``strasse``); ``fallback``
    when nothing of it is left (``東京``, ``--``). Every id the project makes comes from here:
    from a URL (:func:`make_id`), a citation key (:func:`.bibformats.key_to_id`), a title
    (``explainer add``). Ids already in a bibliography are never made again, so a change here
    changes only the ids of works added after it."""
    return _SLUG.sub("-", ascii_fold(text).lower()).strip("-") or fallback


def make_id(url: str, taken: set[str], numbers: dict[str, int] | None = None) -> str:
    """A stable, readable id for a new bibliography entry, unique among ``taken``.

    The site's name first (``techcrunch``); on a clash, the site's name and the first path
    segment (``yahoo-tech``); then a number. ``numbers`` (the next number to try per site, kept by
    a caller that makes many ids) spares counting up from 2 for each: many works of one site would
    otherwise cost the square of their number.
    """
    base = site_label(url)
    candidates = [base]
    segments = [s for s in urlsplit(url).path.split("/") if s and not s.isdigit()]
    if segments:
        candidates.append(f"{base}-{slugify(segments[0])[:30].strip('-')}")
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = numbers.get(base, 2) if numbers is not None else 2
    while f"{base}-{number}" in taken:
        number += 1
    if numbers is not None:
        numbers[base] = number + 1
    return f"{base}-{number}"


def work_key(url: str) -> tuple[str, str] | None:
    """What identifies the article behind a URL across syndicated copies on one publisher's hosts.

    Two URLs with the same key are the same work (``yahoo.com/tech/x-155419460.html`` and
    ``au.finance.yahoo.com/news/x-155419460.html``): the registrable domain plus a numeric
    article id of six or more digits at the end of the path, or else the last path segment
    when it is a slug of at least three words.
    """
    path = urlsplit(url).path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if match := _ARTICLE_NUMBER.search(last):
        return site_label(url), match.group(1)
    stem = re.sub(r"\.html?$", "", last)
    if stem.count("-") >= 2:
        return site_label(url), stem
    return None
