"""Text normalisation shared by the article parser and the quote check."""

from __future__ import annotations

import re
import unicodedata

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)

# Every kind of quotation mark and apostrophe counts as the same character when matching quotes.
_QUOTES = "\"'„“”‟‚‘’‛«»‹›`´′″"
_DASHES = "-‐‑‒–—―−"
_MATCH_TABLE = {**dict.fromkeys(map(ord, _QUOTES), "'"), **dict.fromkeys(map(ord, _DASHES), None)}


def normalize_text(raw: str) -> str:
    """Normalise text as received: BOM, CRLF/CR, NFC, no-break spaces, soft hyphens.

    Line structure is kept, so line numbers stay valid.
    """
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.translate(_SPACES).translate(_INVISIBLE)


def match_key(text: str) -> tuple[str, list[int]]:
    """Reduce ``text`` to the characters a quote must match, with a map back to ``text``.

    Whitespace, hyphens and dashes are dropped (so line breaks and hyphenation do not matter),
    every quotation mark becomes ``'`` and "…" becomes "...". ``positions[i]`` is the index in
    ``text`` of key character ``i``.
    """
    text = normalize_text(text)
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        mapped = "..." if char == "…" else char.translate(_MATCH_TABLE)
        for out in mapped:
            chars.append(out)
            positions.append(index)
    return "".join(chars), positions


def collapse_spaces(text: str) -> str:
    """Collapse runs of whitespace to single spaces and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()
