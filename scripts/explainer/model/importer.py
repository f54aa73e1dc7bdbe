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

The work is split by job (:mod:`.imports`): reading each format (:mod:`.imports.csljson`,
:mod:`.imports.bibtex`) into :class:`~.imports.entries.Imported` entries, and merging them into
the bibliography (:mod:`.imports.merge`). This module is the command: it picks the format, checks
the keys across the file, and writes the result.
"""

from __future__ import annotations

from pathlib import Path

from ..core.diagnostics import Diagnostic, ExplainerError
from ..core.yamlio import LineList, LineMap, dump_yaml, parse_yaml, parse_yaml_fast, read_text, write_atomic
from .bibappend import appended
from .bibformats import key_to_id
from .imports.bibtex import read_bibtex
from .imports.csljson import read_csl_json
from .imports.entries import Imported
from .imports.merge import IMPORTED_FIELDS, ImportReport, merge_import, round_trip, url_key
from .ingest import BIBLIOGRAPHY_HEADER, require_sources
from .library import load_library

# Names other modules and tests have imported from here since before the split.
__all__ = ["IMPORTED_FIELDS", "ImportReport", "Imported", "merge_import", "read_bibtex", "read_csl_json",
           "read_import", "run_import", "url_key"]


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
    # Lines that already have an error about a URL (a set: a scan of the errors per entry without
    # a URL made an export of many such entries quadratic).
    url_lines = {d.line for d in out.errors if "url" in d.message}

    def error(line: int | None, message: str, fix: str) -> None:
        out.error(line, message, fix)
        if "url" in message:
            url_lines.add(line)

    for entry in entries:
        if not entry.key:
            error(entry.lines.get("key") or entry.line, "entry without a key",
                  "give every entry a citation key (CSL: \"id\"; BibTeX: @online{key, …})")
            continue
        if "url" not in entry.values:
            if entry.line_of("url") not in url_lines:
                has_title = "title" in entry.values
                error(entry.line, f"'{entry.key}' has no URL{'' if has_title else ' and no title'}",
                      "the bibliography lists works on the web: add the work's URL "
                      "(CSL: \"URL\"; BibTeX: url = {https://…}), or leave the entry out of the export")
            continue
        if "://" in entry.key:  # a Zotero item URI as the id: a readable id from the work's URL comes later
            entry.id = None
        else:
            entry.id = key_to_id(entry.key)
            if entry.id is None:
                error(entry.lines.get("key") or entry.line, f"key {entry.key!r} has no letters or digits to make "
                      "an id of", "give the entry a key such as smith-2024")
                continue
        ident = entry.id or entry.key
        if ident in first_of:
            first = first_of[ident]
            same = "" if first.key == entry.key else f" ('{entry.key}' and '{first.key}' make the same id '{ident}')"
            error(entry.lines.get("key") or entry.line, f"duplicate key '{entry.key}'{same} (first at line "
                  f"{first.line})", "give each entry its own key, or remove the copy")
            continue
        first_of[ident] = entry
    return entries, out.errors, out.notices



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
    # First read with libyaml: ruamel.yaml's round trip costs some 4 ms per entry, and it is needed
    # only where a field of an entry already there is filled, or new entries cannot be appended as text.
    doc = parse_yaml_fast(old_text, bib_path) if old_text.strip() else None
    if doc is None:
        old_text = BIBLIOGRAPHY_HEADER + "entries: []\n"
        doc = parse_yaml_fast(old_text, bib_path)
    if _plain_bibliography(doc):
        report = merge_import(doc, entries, library, bib_path, source)
        if not write or not (report.added or report.completed):
            return _finish(report, notices, bib_path, None)
        if not report.completed:  # additions only: the old text stays, the new entries follow it
            text = appended(old_text, doc, report.new_entries)
            if text is not None:
                return _finish(report, notices, bib_path, text)
    doc = parse_yaml(old_text, bib_path)  # the round trip: the same merge, then a full dump
    report = merge_import(doc, entries, library, bib_path, source)
    text = None
    if write and (report.added or report.completed):
        if not report.completed:
            text = appended(old_text, doc, report.new_entries)
        if text is None:
            doc["entries"].extend(round_trip(entry) for entry in report.new_entries)
            text = dump_yaml(doc)
    return _finish(report, notices, bib_path, text)


def _plain_bibliography(doc: object) -> bool:
    """Whether libyaml read the bibliography as a mapping of ``entries`` that holds mappings (else
    the round trip reads it, and words what is wrong)."""
    if not isinstance(doc, LineMap) or not isinstance(doc.get("entries"), (LineList, type(None))):
        return False
    return all(isinstance(entry, LineMap) for entry in doc.get("entries") or [])


def _finish(report: ImportReport, notices: list[Diagnostic], bib_path: Path, text: str | None) -> ImportReport:
    report.notices[:0] = notices
    if text is not None:
        report.written = write_atomic(bib_path, text)
    return report
