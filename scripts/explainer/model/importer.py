"""``make import FILE=refs.json|refs.bib``: a CSL-JSON or BibTeX/BibLaTeX export into bibliography.yml.

Zotero, pandoc and most reference managers export CSL-JSON (an array of items) or BibTeX. Each
entry becomes a bibliography entry with the CS1-style fields of :mod:`.library`: title,
translated title, publisher (the website, newspaper or institution: CSL's ``container-title`` or
``publisher``; BibTeX's ``journaltitle``, ``organization``, ``institution``, ``publisher``),
authors as they are written, the date with its precision (``2024``, ``2024-11``, ``2024-11-26``),
language, URL, access date and archive copy. Its id is the citation key, normalised to the id
rules (:func:`.bibformats.key_to_id`).

A work that is already there (the same id, or the same URL under another id) is never
overwritten: its empty fields are filled, and a value that differs from one already set is
reported (``refs.bib:12: 'x' title "…" differs from sources/bibliography.yml:40: "…" — keep one``).
A second run changes nothing. Comments and layout of the YAML stay as they were (ruamel.yaml's
round trip). Bad input (a file that is not JSON or BibTeX, an entry without a key or URL, a key
twice in the file, a key that names another work, a date or URL that cannot be used) is reported
with its line, and then nothing is written.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..core.diagnostics import Diagnostic, ExplainerError, display_path, fail
from ..core.limits import MAX_BYTES, MAX_DEPTH, flow_depth_bound, json_depth, too_big
from ..core.yamlio import dump_yaml, line_of, parse_yaml, read_text, write_atomic
from ..lang.dates import PartialDate, coerce_date, parse_written_date
from .bibappend import appended
from .bibformats import iso_date, key_to_id, language_code, latex_to_text, partial_date
from .ids import make_id
from .ingest import BIBLIOGRAPHY_HEADER, require_sources
from .library import BIBLIOGRAPHY_FIELDS, Library, load_library

# The fields an import may fill, in the bibliography's order.
IMPORTED_FIELDS = ("url", "title", "trans_title", "publisher", "authors", "date", "language", "accessed",
                   "archive_url", "archive_date")
_DATE_FIELDS = ("date", "accessed", "archive_date")
# Typographic and straight quotation marks and apostrophes count as the same when values are compared.
_QUOTES = str.maketrans({mark: "'" for mark in "\"'„“”‟‚‘’‛«»‹›`´"})
HTML_TAG = re.compile(r"<\s*[a-zA-Z/!]")
FIX_EXPORT = "export the references again (Zotero: File → Export Library…, format CSL JSON or BibLaTeX)"


@dataclass
class Imported:
    """One entry of the import file: its key, the id it gets, its values and where they are."""

    key: str
    id: str | None
    line: int | None
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int | None] = field(default_factory=dict)

    def line_of(self, name: str) -> int | None:
        """The line of field ``name`` in the import file (else the entry's)."""
        return self.lines.get(name) or self.line


@dataclass
class ImportReport:
    """What an import did (or, with problems, would have done): ids per outcome, and the messages."""

    added: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)  # empty fields of a work already there filled
    skipped: list[str] = field(default_factory=list)  # already there, nothing new
    conflicting: list[str] = field(default_factory=list)
    notices: list[Diagnostic] = field(default_factory=list)  # conflicts and warnings, not errors
    written: bool = False


# --------------------------------------------------------------------------------------- reading

class _Collector:
    """Values and problems of one import file's entries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[Diagnostic] = []
        self.notices: list[Diagnostic] = []

    def error(self, line: int | None, message: str, fix: str) -> None:
        self.errors.append(Diagnostic(str(self.path), line, message, fix))

    def warn(self, line: int | None, message: str, fix: str) -> None:
        self.notices.append(Diagnostic(str(self.path), line, message, fix, severity="warning"))

    def text(self, entry: Imported, name: str, value: object) -> None:
        """A text field: whitespace collapsed; HTML is kept as text (and said so)."""
        if value is None:
            return
        if not isinstance(value, str):
            self.error(entry.line_of(name), f"'{entry.key}': {name} is not text: {value!r}", FIX_EXPORT)
            return
        text = " ".join(value.split())
        if not text:
            return
        if HTML_TAG.search(text):
            self.warn(entry.line_of(name), f"'{entry.key}': {name} contains HTML; it is kept as plain text",
                      "remove the markup from the reference manager's entry if it is not part of the title")
        entry.values[name] = text

    def url(self, entry: Imported, name: str, value: object) -> None:
        """A URL: http(s) with a host, or an error (``javascript:``, ``data:``, ``file:`` …)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        url = str(value).strip()
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            shown = url if len(url) <= 60 else url[:57] + "…"
            self.error(entry.line_of(name), f"'{entry.key}': {name} {shown!r} is not an http(s) URL",
                       "give the work's https:// address; other schemes (javascript:, data:, file:) are not allowed")
            return
        entry.values[name] = url

    def date(self, entry: Imported, name: str, value: PartialDate | None, written: object) -> None:
        """A date that was read (``value``) or could not be (``written`` is what the file says)."""
        if value is not None:
            entry.values[name] = value
        elif written not in (None, ""):
            self.error(entry.line_of(name), f"'{entry.key}': {name} is not a date: {written!r}",
                       "write it as YYYY-MM-DD, YYYY-MM or YYYY (BibLaTeX: date = {2024-11-26}; CSL: "
                       '"issued": {"date-parts": [[2024, 11, 26]]}), or leave it out when it is not known')

    def language(self, entry: Imported, name: str, value: object) -> None:
        if value is None or not str(value).strip():
            return
        code = language_code(str(value))
        if code is None:
            self.warn(entry.line_of(name), f"'{entry.key}': {value!r} is not a language this import knows; "
                      "left out", "set 'language' in sources/bibliography.yml by hand (an ISO 639-1 code such as de)")
            return
        entry.values["language"] = code


class _Lines:
    """The line of an offset in one text, by binary search in the offsets of its line ends (counting
    the line ends before every item instead made reading an export quadratic in its size)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [match.start() for match in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        return bisect.bisect_left(self.ends, offset) + 1


@lru_cache(maxsize=1)
def _lines_of(text: str) -> _Lines:
    return _Lines(text)  # a pure function of the text (a str keeps its hash): no module state


def _line_at(text: str, offset: int) -> int:
    """1-based line of ``offset`` in ``text`` (the index of the last text asked about is kept)."""
    return _lines_of(text).at(offset)


def _json_items(text: str, path: Path) -> list[tuple[object, int, int]]:
    """The items of a CSL-JSON file with the offsets where each starts and ends."""
    decoder = json.JSONDecoder()
    if len(text) > MAX_BYTES:
        raise too_big(path, len(text))
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as err:
        raise fail(path, err.lineno, f"not valid JSON: {err.msg} (column {err.colno})", FIX_EXPORT) from None
    except RecursionError:  # deeper than Python's own limit
        raise fail(path, None, f"nested more than {MAX_DEPTH} levels deep", FIX_EXPORT) from None
    if flow_depth_bound(text) > MAX_DEPTH and json_depth(whole) > MAX_DEPTH:
        raise fail(path, None, f"nested more than {MAX_DEPTH} levels deep", FIX_EXPORT)
    start = len(text) - len(text.lstrip())
    if text[start:start + 1] == "{":  # a single item
        return [(json.loads(text), start, len(text))]
    if text[start:start + 1] != "[":
        raise fail(path, _line_at(text, start), "a CSL-JSON file is an array of items ([{…}, {…}])", FIX_EXPORT)
    items = []
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


def read_csl_json(path: Path, text: str) -> tuple[list[Imported], _Collector]:
    """The entries of a CSL-JSON export (Zotero, pandoc, Better BibTeX)."""
    out = _Collector(path)
    entries = []
    for item, start, end in _json_items(text, path):
        line = _line_at(text, start)
        if not isinstance(item, dict):
            out.error(line, "a CSL-JSON item must be an object ({\"id\": …, \"type\": …})", FIX_EXPORT)
            continue
        offsets: dict[str, int] = {}  # where each key is first written in the item (one pass over it)
        for found in _JSON_KEY.finditer(text, start, end):
            offsets.setdefault(found.group(1), found.start())

        def key_line(name: str, offsets: dict[str, int] = offsets) -> int | None:
            return _line_at(text, offsets[name]) if name in offsets else None

        raw_key = item.get("citation-key") or item.get("id")
        key = str(raw_key).strip() if isinstance(raw_key, (str, int)) and not isinstance(raw_key, bool) else ""
        entry = Imported(key, None, line, lines={
            "url": key_line("URL"), "title": key_line("title"), "trans_title": key_line("translated-title"),
            "publisher": key_line("container-title") or key_line("publisher"), "authors": key_line("author"),
            "date": key_line("issued"), "language": key_line("language"), "accessed": key_line("accessed"),
            "archive_url": key_line("archive_location"), "key": key_line("citation-key") or key_line("id")})
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


_BIBTEX_PUBLISHER = ("journaltitle", "journal", "organization", "institution", "publisher", "howpublished")
_URL_IN_TEXT = re.compile(r"\\url\{([^}]*)\}|(https?://[^\s}]+)")
_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), 1) for name in names}


def _bibtex_names(value: str) -> tuple[str, ...]:
    """``Müller, Anna and {Example Org} and de la Fontaine, Jean`` → readable names; a name in
    braces is an organisation, kept whole."""
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names

    names = []
    for name in split_multiple_persons_names(value):
        name = name.strip()
        if name.startswith("{") and name.endswith("}") and name.count("{") == 1:
            names.append(latex_to_text(name[1:-1]))
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=False)
            names.append(latex_to_text(parts.merge_first_name_first))
        except InvalidNameError:
            names.append(latex_to_text(name))
    return tuple(name for name in names if name)


def _bibtex_date(fields: dict[str, str]) -> tuple[PartialDate | None, object]:
    if fields.get("date"):
        return iso_date(fields["date"]), fields["date"]
    year = fields.get("year")
    if not year:
        return None, None
    month = (fields.get("month") or "").strip().lower().rstrip(".")
    written = " ".join(part for part in (fields.get("day", ""), month, year) if part)
    try:
        number = int(month) if month.isdigit() else _MONTHS[month] if month else None
        return partial_date(year.strip(), number, fields.get("day") or None), written
    except (KeyError, ValueError):
        return None, written


def read_bibtex(path: Path, text: str) -> tuple[list[Imported], _Collector]:
    """The entries of a BibTeX or BibLaTeX export (parsed by bibtexparser 2.x)."""
    import bibtexparser
    from bibtexparser import model

    out = _Collector(path)
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # it logs each problem as well; the located messages here say them
    try:
        library = bibtexparser.parse_string(text)
    finally:
        quiet.setLevel(level)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateBlockKeyBlock):
            first = next((e for e in library.entries if e.key == block.key), None)
            where = f" (first at line {first.start_line + 1})" if first is not None else ""
            out.error(line, f"duplicate key '{block.key}'{where}", "give each entry its own key, or remove the copy")
            continue
        error = getattr(block, "error", None)
        reason = " ".join(str(getattr(error, "abort_reason", None) or error or "it cannot be read").split())
        if "Expected comma after entry key" in reason:
            out.error(line, f"entry without a key: {reason}", "give it a citation key: @online{key, title = {…}, …}")
            continue
        end = getattr(error, "end_index", None)
        out.error(_line_at(text, end) if isinstance(end, int) else line, f"not valid BibTeX: {reason}",
                  "close every brace and quote, and separate the fields with commas")
    entries = []
    for item in library.entries:
        line = item.start_line + 1
        raw = {f.key.lower(): (f.value if isinstance(f.value, str) else str(f.value)) for f in item.fields}
        lines = {f.key.lower(): f.start_line + 1 for f in item.fields}
        entry = Imported(item.key.strip(), None, line, lines={
            "url": lines.get("url") or lines.get("howpublished") or lines.get("doi"), "title": lines.get("title"),
            "publisher": next((lines[k] for k in _BIBTEX_PUBLISHER if k in raw), None),
            "authors": lines.get("author"), "date": lines.get("date") or lines.get("year"),
            "language": lines.get("langid") or lines.get("language"), "accessed": lines.get("urldate"),
            "archive_url": lines.get("archiveurl"), "archive_date": lines.get("archivedate")})
        url = raw.get("url")
        if not url:
            for name in ("howpublished", "note"):
                if found := _URL_IN_TEXT.search(raw.get(name, "")):
                    url = found.group(1) or found.group(2)
                    break
        if not url and raw.get("doi"):
            url = "https://doi.org/" + raw["doi"].strip()
        out.url(entry, "url", re.sub(r"\\([_%#&~])", r"\1", url.strip()) if url else None)
        out.text(entry, "title", latex_to_text(raw["title"]) if "title" in raw else None)
        publisher = next((raw[k] for k in _BIBTEX_PUBLISHER if raw.get(k) and not (
            k == "howpublished" and _URL_IN_TEXT.search(raw[k]))), None)
        out.text(entry, "publisher", latex_to_text(publisher) if publisher else None)
        if raw.get("author"):
            entry.values["authors"] = _bibtex_names(raw["author"])
        found, written = _bibtex_date(raw)
        out.date(entry, "date", found, written)
        if raw.get("urldate"):
            out.date(entry, "accessed", iso_date(raw["urldate"]), raw["urldate"])
        if raw.get("archivedate"):
            out.date(entry, "archive_date", iso_date(raw["archivedate"]), raw["archivedate"])
        out.language(entry, "language", raw.get("langid") or raw.get("language"))
        out.url(entry, "archive_url", raw.get("archiveurl"))
        entries.append(entry)
    if not entries and not out.errors:
        out.error(1, "no entries found", "a BibTeX file has entries such as @online{key, title = {…}, url = {…}}")
    return entries, out


def read_import(path: Path) -> tuple[list[Imported], list[Diagnostic], list[Diagnostic]]:
    """The entries of an import file (CSL-JSON by a ``.json`` name or a leading ``[``/``{``,
    else BibTeX), its errors and its notices. Entries are checked on their own here (keys,
    URLs, titles, duplicates); against the bibliography in :func:`merge_import`."""
    text = read_text(path).removeprefix("\ufeff")
    start = text.lstrip()[:1]
    is_json = path.suffix.lower() == ".json" or (path.suffix.lower() not in (".bib", ".bibtex", ".biblatex")
                                                 and start in "[{" and start != "")
    entries, out = read_csl_json(path, text) if is_json else read_bibtex(path, text)
    first_of: dict[str, Imported] = {}
    for entry in entries:
        where = entry.lines.get("key") or entry.line
        if not entry.key:
            out.error(where, "entry without a key", "give every entry a citation key (CSL: \"id\"; BibTeX: @online{key, …})")
            continue
        if "url" not in entry.values:
            if not any(d.line == entry.line_of("url") and "url" in d.message for d in out.errors):
                has_title = "title" in entry.values
                out.error(entry.line, f"'{entry.key}' has no URL{'' if has_title else ' and no title'}",
                          "the bibliography lists works on the web: add the work's URL "
                          "(CSL: \"URL\"; BibTeX: url = {https://…}), or leave the entry out of the export")
            continue
        if "://" in entry.key:  # a Zotero item URI as the id: a readable id from the work's URL comes later
            entry.id = None
        else:
            entry.id = key_to_id(entry.key)
            if entry.id is None:
                out.error(where, f"key {entry.key!r} has no letters or digits to make an id of",
                          "give the entry a key such as smith-2024")
                continue
        ident = entry.id or entry.key
        if ident in first_of:
            first = first_of[ident]
            same = "" if first.key == entry.key else f" ('{entry.key}' and '{first.key}' make the same id '{ident}')"
            out.error(where, f"duplicate key '{entry.key}'{same} (first at line {first.line})",
                      "give each entry its own key, or remove the copy")
            continue
        first_of[ident] = entry
    return entries, out.errors, out.notices


# --------------------------------------------------------------------------------------- merging

def url_key(url: str) -> str:
    """What makes two URLs the same address: scheme and host in lowercase, no trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{'?' + parts.query if parts.query else ''}"


def _same(field_name: str, new: object, old: object) -> bool:
    """Whether an imported value says what the set one says (a date known less precisely agrees)."""
    if field_name in _DATE_FIELDS:
        try:
            old_date = coerce_date(old)
        except ValueError:
            return False
        if not isinstance(new, PartialDate) or old_date is None:
            return False
        return new == old_date or (new.year == old_date.year and (
            new.month is None or (new.month == old_date.month and new.day is None)))
    if field_name == "authors":
        names = [old] if isinstance(old, str) else list(old or [])
        return [" ".join(str(n).split()) for n in names] == list(new)  # type: ignore[arg-type]
    if field_name in ("url", "archive_url"):
        return url_key(str(old)) == url_key(str(new))
    if field_name == "language":  # "en" and "en-GB" say the same where one of them names no region
        a, b = str(old).lower(), str(new).lower()
        return a == b or (("-" not in a or "-" not in b) and a.split("-")[0] == b.split("-")[0])
    return " ".join(str(old).split()).translate(_QUOTES) == str(new).translate(_QUOTES)


def _yaml_value(field_name: str, value: object) -> object:
    """An imported value as the bibliography writes it (dates as YAML dates, years as numbers)."""
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(value, PartialDate):
        if value.day:
            return dt.date(value.year, value.month or 1, value.day)
        return value.year if value.month is None else value.iso()
    if field_name == "authors":
        seq = CommentedSeq(list(value))  # type: ignore[call-overload]
        seq.fa.set_flow_style()
        return seq
    return value


def _shown(value: object) -> str:
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _new_entry(work_id: str, entry: Imported):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    out = CommentedMap()
    out["id"] = work_id
    for name in BIBLIOGRAPHY_FIELDS[1:]:
        if name in ("verified_from", "name"):  # how a field was verified, a name for a work without title: by hand
            continue
        if name == "url_status":
            out[name] = "live"
        elif name == "listed_in":
            out[name] = CommentedSeq()
            out[name].fa.set_flow_style()
        else:
            out[name] = _yaml_value(name, entry.values[name]) if name in entry.values else None
    return out


def _fill(target, name: str, value: object) -> None:
    """Set an absent or null field of a bibliography entry, at its place in the field order."""
    if name in target:
        target[name] = value
        return
    order = list(BIBLIOGRAPHY_FIELDS)
    position = 0
    for index, key in enumerate(target):
        if key in order and order.index(key) < order.index(name):
            position = index + 1
    target.insert(position, name, value)


def merge_import(doc, entries: list[Imported], library: Library, bib_path: Path, source: Path) -> ImportReport:
    """Merge the import's ``entries`` into the bibliography document ``doc`` (in place); the
    errors (a key that names another work) are raised as :class:`ExplainerError` before anything
    is changed."""
    from ruamel.yaml.comments import CommentedSeq

    report = ImportReport()
    errors: list[Diagnostic] = []
    items = doc.get("entries")
    if items is None:
        doc["entries"] = items = CommentedSeq()
    items.fa.set_block_style()
    by_id = {str(e.get("id")): e for e in items if isinstance(e, dict)}
    by_url = {url_key(str(e["url"])): e for e in items if isinstance(e, dict) and e.get("url")}
    article_by_url = {url_key(w.url): w for w in library.works.values() if w.kind == "article" and w.url}
    taken = set(library.works) | set(by_id)
    numbers: dict[str, int] = {}
    plan: list[tuple[str, Imported, Any]] = []  # (what, entry, target)
    for entry in entries:
        key = url_key(entry.values["url"])
        work = library.works.get(entry.id) if entry.id else None
        target = by_id.get(entry.id) if entry.id else None
        if work is not None and work.kind == "article" and target is None and work.url and url_key(work.url) == key:
            plan.append(("article", entry, work))
            continue
        if (target is not None or work is not None) and entry.id is not None:
            there = str(target.get("url") or "") if target is not None else (work.url or "")
            if url_key(there) != key:
                where = f"{display_path(bib_path)}:{line_of(target)}" if target is not None else \
                    f"{display_path(work.defined_in)}:{work.line}"  # type: ignore[union-attr]
                errors.append(Diagnostic(str(source), entry.line_of("key") or entry.line,
                                         f"key '{entry.key}' is id '{entry.id}', which {where} gives to another work "
                                         f"({there})", "give the entry another citation key, or correct the URL "
                                         "where it is wrong"))
                continue
            plan.append(("merge", entry, target))
            continue
        if key in by_url:
            plan.append(("merge", entry, by_url[key]))
            continue
        if key in article_by_url:
            plan.append(("article", entry, article_by_url[key]))
            continue
        work_id = entry.id or make_id(entry.values["url"], taken, numbers)
        taken.add(work_id)
        new = _new_entry(work_id, entry)
        by_url[key] = new
        plan.append(("add", entry, new))
    if errors:
        raise ExplainerError(errors)
    for what, entry, target in plan:
        if what == "add":
            items.append(target)
            report.added.append(str(target["id"]))
            continue
        if what == "article":
            _compare(entry, {name: getattr(target, name) for name in IMPORTED_FIELDS if hasattr(target, name)},
                     target.id, f"{display_path(target.defined_in)}:{target.line}", report, source)
            continue
        filled = False
        conflict = False
        for name in IMPORTED_FIELDS:
            if name not in entry.values:
                continue
            old = target.get(name)
            if old is None or old == [] or old == "":
                _fill(target, name, _yaml_value(name, entry.values[name]))
                filled = True
            elif not _same(name, entry.values[name], old):
                conflict = True
                report.notices.append(Diagnostic(
                    str(source), entry.line_of(name),
                    f"'{target.get('id')}' {name} {_shown(entry.values[name])!r} differs from "
                    f"{display_path(bib_path)}:{line_of(target, name)}: {_shown(old)!r}", "keep one"))
        work_id = str(target.get("id"))
        if conflict:
            report.conflicting.append(work_id)
        if filled:
            report.completed.append(work_id)
        elif not conflict:
            report.skipped.append(work_id)
    return report


def _compare(entry: Imported, values: dict[str, Any], work_id: str, where: str, report: ImportReport,
             source: Path) -> None:
    """An import entry for a source text (articles.yml, which the import does not write)."""
    conflict = False
    for name, new in entry.values.items():
        old = values.get(name)
        if old in (None, (), ""):
            continue
        old_value = old.iso() if isinstance(old, PartialDate) else old
        if not _same(name, new, old_value):
            conflict = True
            report.notices.append(Diagnostic(str(source), entry.line_of(name),
                                             f"'{work_id}' {name} {_shown(new)!r} differs from {where}: "
                                             f"{_shown(old)!r}", "keep one"))
    (report.conflicting if conflict else report.skipped).append(work_id)


def run_import(sources: Path, source: Path, write: bool = True) -> ImportReport:
    """Import ``source`` into ``sources/bibliography.yml``; writes only when nothing is wrong (and
    ``write``), and only when something changed. Raises :class:`ExplainerError` with every problem."""
    require_sources(sources)
    entries, errors, notices = read_import(source)
    if errors:
        raise ExplainerError(errors)
    library = load_library(sources)
    bib_path = sources / "bibliography.yml"
    old_text = read_text(bib_path) if bib_path.exists() else ""
    doc = parse_yaml(old_text, bib_path) if old_text.strip() else None
    if doc is None:
        old_text = BIBLIOGRAPHY_HEADER + "entries: []\n"
        doc = parse_yaml(old_text, bib_path)
    before = len(doc.get("entries") or []) if isinstance(doc, dict) else 0
    report = merge_import(doc, entries, library, bib_path, source)
    report.notices[:0] = notices
    if write and (report.added or report.completed):
        text = None
        if not report.completed:  # additions only: the old text stays, the new entries follow it
            text = appended(old_text, doc, doc["entries"][before:])
        report.written = write_atomic(bib_path, text if text is not None else dump_yaml(doc))
    return report
