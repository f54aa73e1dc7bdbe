"""CSL-JSON exports (Zotero, pandoc, Better BibTeX) read into :class:`.entries.Imported` entries.

An export is an array of items (a single item is read as one); each becomes an entry with its
citation key (``citation-key``, else ``id``), its URL (else ``https://doi.org/`` and its DOI),
title, translated title, publisher (``container-title`` or ``publisher``), authors as readers
write them, issued and accessed dates (``date-parts``, ``raw``, ``literal`` or EDTF), language and
archive copy, each with the line it is written on. The file is parsed once; the items' offsets
come from :meth:`json.JSONDecoder.raw_decode`, their lines from one index of the line ends.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from ...core.diagnostics import fail
from ...core.limits import load_json
from ...lang.dates import PartialDate, parse_written_date
from ..bibformats import iso_date, partial_date
from .entries import FIX_EXPORT, Collector, Imported, Lines


def _json_items(text: str, path: Path, lines: Lines) -> list[tuple[object, int, int]]:
    """The items of a CSL-JSON file with the offsets where each starts and ends."""
    decoder = json.JSONDecoder()
    load_json(text, path, FIX_EXPORT)  # the whole file first: its syntax, size and depth, located
    start = len(text) - len(text.lstrip())
    if text[start:start + 1] == "{":  # a single item
        return [(json.loads(text), start, len(text))]
    if text[start:start + 1] != "[":
        raise fail(path, lines.at(start), "a CSL-JSON file is an array of items ([{…}, {…}])", FIX_EXPORT)
    items: list[tuple[object, int, int]] = []
    position = start + 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return items
        item, end = decoder.raw_decode(text, position)
        items.append((item, position, end))
        position = end


_NAME_PARTS = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")


def _csl_name(name: object) -> str | None:
    """A CSL name object as readers write it (``literal``, else given, particles, family, suffix)."""
    if not isinstance(name, dict):
        return None
    if isinstance(name.get("literal"), str) and name["literal"].strip():
        return " ".join(name["literal"].split())
    parts = [str(name[part]).strip() for part in _NAME_PARTS if isinstance(name.get(part), (str, int))]
    text = " ".join(part for part in parts if part)
    return text or None


def _csl_date(value: object) -> tuple[PartialDate | None, object]:
    """A CSL date variable (``date-parts``, ``raw``, ``literal`` or an EDTF text) and what it says."""
    if value is None:
        return None, None
    if isinstance(value, str):
        return iso_date(value), value
    if not isinstance(value, dict):
        return None, value
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            return partial_date(*parts[0][:3]), parts[0]
        except (ValueError, TypeError):
            return None, parts[0]
    for key in ("raw", "literal", "edtf"):
        written = value.get(key)
        if isinstance(written, str) and written.strip():
            found = iso_date(written)
            if found is None and (full := parse_written_date(written)):
                found = PartialDate(full.year, full.month, full.day)
            return found, written
    return None, value


_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')
# Each field of the bibliography, and the CSL variables its line is taken from (the first written).
_FIELD_KEYS = {"url": ("URL",), "title": ("title",), "trans_title": ("translated-title",),
               "publisher": ("container-title", "publisher"), "authors": ("author",), "date": ("issued",),
               "language": ("language",), "accessed": ("accessed",), "archive_url": ("archive_location",),
               "key": ("citation-key", "id")}


class _KeyLines(Mapping[str, "int | None"]):
    """The line of each field of one item, found when a message asks for one: scanning every item's
    keys up front cost a third of reading an export that has nothing to report."""

    def __init__(self, text: str, start: int, end: int, lines: Lines) -> None:
        self._where = (text, start, end, lines)
        self._found: dict[str, int | None] | None = None

    def _all(self) -> dict[str, int | None]:
        if self._found is None:
            text, start, end, lines = self._where
            offsets: dict[str, int] = {}  # where each key is first written in the item (one pass over it)
            for found in _JSON_KEY.finditer(text, start, end):
                offsets.setdefault(found.group(1), found.start())
            self._found = {name: next((lines.at(offsets[key]) for key in keys if key in offsets), None)
                           for name, keys in _FIELD_KEYS.items()}
        return self._found

    def __getitem__(self, name: str) -> int | None:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_FIELD_KEYS)

    def __len__(self) -> int:
        return len(_FIELD_KEYS)


def read_csl_json(path: Path, text: str) -> tuple[list[Imported], Collector]:
    """The entries of a CSL-JSON export (Zotero, pandoc, Better BibTeX), and what was found wrong."""
    out = Collector(path)
    lines = Lines(text)
    entries = []
    for item, start, end in _json_items(text, path, lines):
        line = lines.at(start)
        if not isinstance(item, dict):
            out.error(line, "a CSL-JSON item must be an object ({\"id\": …, \"type\": …})", FIX_EXPORT)
            continue
        raw_key = item.get("citation-key") or item.get("id")
        key = str(raw_key).strip() if isinstance(raw_key, (str, int)) and not isinstance(raw_key, bool) else ""
        entry = Imported(key, None, line, lines=_KeyLines(text, start, end, lines))
        url = item.get("URL")
        if not url and isinstance(item.get("DOI"), str) and item["DOI"].strip():
            url = "https://doi.org/" + item["DOI"].strip()
        out.url(entry, "url", url)
        out.text(entry, "title", item.get("title"))
        out.text(entry, "trans_title", item.get("translated-title"))
        out.text(entry, "publisher", item.get("container-title") or item.get("publisher"))
        authors = item.get("author")
        if isinstance(authors, list) and authors:
            names = [_csl_name(name) for name in authors]
            if all(names):
                entry.values["authors"] = tuple(str(name) for name in names)
            else:
                out.error(entry.line_of("authors"), f"'{key}': an author has no name",
                          'give each author "family" and "given", or a "literal" name')
        for name, variable in (("date", "issued"), ("accessed", "accessed")):
            found, written = _csl_date(item.get(variable))
            out.date(entry, name, found, written)
        out.language(entry, "language", item.get("language"))
        archive = item.get("archive_location")
        if isinstance(archive, str) and archive.strip().lower().startswith(("http://", "https://")):
            out.url(entry, "archive_url", archive)
        entries.append(entry)
    return entries, out

