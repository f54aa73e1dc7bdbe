"""Quote check: a quote locator must occur in the cited article's normalised text.

What counts as the same is :mod:`explainer.core.textnorm`'s: typography is forgiven, words and
digits are not (a quote never matches part of a word or of a number).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..core.textnorm import JOINT, collapse_spaces, find_all, normalize_text, quote_key, source_key


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found, or the closest passage when it was not."""

    found: bool
    passage: str
    score: float
    count: int = 0  # how often it occurs


def _passage(text: str, positions: tuple[int, ...], start: int, end: int) -> str:
    """The source text behind key characters ``start:end``, widened to whole words."""
    if not positions:
        return ""
    begin = positions[min(start, len(positions) - 1)]
    finish = positions[min(max(end - 1, start), len(positions) - 1)] + 1
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    while finish < len(text) and not text[finish].isspace():
        finish += 1
    return collapse_spaces(text[begin:finish])


@lru_cache(maxsize=64)
def _normalized(source_text: str) -> str:
    return normalize_text(source_text)


def locate(quote: str, source_text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Every occurrence of ``quote`` in ``normalize_text(source_text)`` as ``(start, end)``
    character positions of that normalised text (``lang``: the source's language, for letter case)."""
    text = _normalized(source_text)
    _, positions = source_key(text, False)
    return [(positions[start], positions[end - 1] + 1) for start, end in find_all(quote, text, lang)]


@lru_cache(maxsize=16384)  # a quote is checked on its page in every language
def find_quote(quote: str, source_text: str, lang: str | None = None) -> QuoteMatch:
    """Look for ``quote`` in ``source_text`` (written in ``lang``, None if unknown), forgiving
    typography but never joining or splitting a word or a number (:mod:`explainer.core.textnorm`)."""
    text = _normalized(source_text)
    found = find_all(quote, text, lang)
    if found:
        _, positions = source_key(text, False)
        start, end = found[0]
        return QuoteMatch(True, _passage(text, positions, start, end), 100.0, len(found))
    from rapidfuzz import fuzz  # only for a quote that is not found: builds of correct pages never need it

    needle = quote_key(quote, True)
    key, positions = source_key(text, True)
    key = key.replace(JOINT, "-")  # same length: positions stay valid
    alignment = fuzz.partial_ratio_alignment(needle, key) if needle and key else None
    if alignment is None:
        return QuoteMatch(False, "", 0.0)
    start, end = alignment.dest_start, alignment.dest_end
    if (deficit := len(needle) - (end - start)) > 0:  # show at least as much as was quoted
        start, end = max(0, start - deficit // 2), min(len(key), end + deficit - deficit // 2)
    return QuoteMatch(False, _passage(text, positions, start, end), alignment.score)
