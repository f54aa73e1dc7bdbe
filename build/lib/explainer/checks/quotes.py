"""Quote check: a quote locator must occur in the cited article's normalised text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..core.textnorm import collapse_spaces, match_key


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found, or the closest passage when it was not."""

    found: bool
    passage: str
    score: float


@lru_cache(maxsize=64)
def _source_key(text: str) -> tuple[str, tuple[int, ...]]:
    key, positions = match_key(text)
    return key, tuple(positions)


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


@lru_cache(maxsize=16384)  # a quote is checked on its page in every language
def find_quote(quote: str, source_text: str) -> QuoteMatch:
    """Look for ``quote`` in ``source_text``, ignoring whitespace, line breaks, hyphenation,
    Unicode normal forms and the style of quotation marks."""
    quote_key, _ = match_key(quote)
    text_key, positions = _source_key(source_text)
    if quote_key and (start := text_key.find(quote_key)) != -1:
        return QuoteMatch(True, _passage(source_text, positions, start, start + len(quote_key)), 100.0)
    from rapidfuzz import fuzz  # only for a quote that is not found: builds of correct pages never need it

    alignment = fuzz.partial_ratio_alignment(quote_key, text_key) if quote_key and text_key else None
    if alignment is None:
        return QuoteMatch(False, "", 0.0)
    start, end = alignment.dest_start, alignment.dest_end
    if (deficit := len(quote_key) - (end - start)) > 0:  # show at least as much as was quoted
        start, end = max(0, start - deficit // 2), min(len(text_key), end + deficit - deficit // 2)
    return QuoteMatch(False, _passage(source_text, positions, start, end), alignment.score)
