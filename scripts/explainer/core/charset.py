"""A document's bytes as text, decoded as a browser decodes them: the declared charset (in the
Content-Type header or a ``<meta>`` of the page) checked against the bytes."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    # Browsers read Latin-1 as Windows-1252 (the WHATWG encoding standard); so do we.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def declared_charset(content_type: str, body: bytes) -> str | None:
    """The charset the response declares: in its Content-Type header, else in a ``<meta>`` of its
    first 2 KB (as a browser reads it)."""
    match = re.search(r"charset\s*=\s*([^\s;]+)", content_type or "", re.IGNORECASE)
    if match:
        return match.group(1).strip("\"'")
    meta = _META_CHARSET.search(body[:2048])
    return meta.group(1).decode("ascii", "replace") if meta else None


def decode(body: bytes, content_type: str) -> tuple[str, str]:
    """The page's text and a note when it was not what the page declared.

    Bytes that are valid UTF-8 are read as UTF-8 whatever the page declares (a wrong label on a
    UTF-8 page is the common mistake, and UTF-8 text never decodes by accident); otherwise the
    declared charset, and Windows-1252 where that is missing, unknown or wrong."""
    declared = declared_charset(content_type, body)
    codec = _codec(declared)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if codec not in (None, "utf-8") and not body.isascii():
            return text, f"declares charset {declared} but is UTF-8; read as UTF-8"
        return text, ""
    if codec and codec != "utf-8":
        try:
            return body.decode(codec), ""
        except UnicodeDecodeError:
            pass
    if declared and codec is None:
        why = f"declares an unknown charset {declared!r}"
    elif declared:
        why = f"declares charset {declared} but is not valid {declared}"
    else:
        why = "declares no charset and is not UTF-8"
    return body.decode("cp1252", errors="replace"), f"{why}; read as Windows-1252"
