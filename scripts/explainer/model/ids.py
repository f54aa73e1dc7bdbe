"""Readable ids and work identity derived from URLs."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

_SLUG = re.compile(r"[^a-z0-9]+")
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


def slugify(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens."""
    return _SLUG.sub("-", text.lower()).strip("-") or "x"


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
