"""Imported entries merged into the bibliography document (ruamel.yaml's round trip, in place).

A work that is already there (the same id, or the same URL under another id) is never
overwritten: its empty fields are filled, and a value that differs from one already set is
reported as a notice (``refs.bib:12: 'x' title "…" differs from sources/bibliography.yml:40: "…" —
keep one``); a work that is a source article (``articles.yml``) is only compared. A key that
names another work is an error, raised before anything is changed. New works get the citation
key's id, or one made from their URL (:func:`..ids.make_id`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ...core.diagnostics import Diagnostic, ExplainerError, display_path
from ...core.yamlio import line_of
from ...lang.dates import PartialDate, coerce_date
from ..ids import make_id
from ..library import BIBLIOGRAPHY_FIELDS, Library
from .entries import Imported

# The fields an import may fill, in the bibliography's order.
IMPORTED_FIELDS = ("url", "title", "trans_title", "publisher", "authors", "date", "language", "accessed",
                   "archive_url", "archive_date")
_DATE_FIELDS = ("date", "accessed", "archive_date")
# Typographic and straight quotation marks and apostrophes count as the same when values are compared.
_QUOTES = str.maketrans({mark: "'" for mark in "\"'„“”‟‚‘’‛«»‹›`´"})


@dataclass
class ImportReport:
    """What an import did (or, with problems, would have done): ids per outcome, and the messages."""

    added: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)  # empty fields of a work already there filled
    skipped: list[str] = field(default_factory=list)  # already there, nothing new
    conflicting: list[str] = field(default_factory=list)
    notices: list[Diagnostic] = field(default_factory=list)  # conflicts and warnings, not errors
    written: bool = False
    # The added entries, as plain values in the bibliography's field order (lists written in flow
    # style): written as text after the old file (:mod:`..bibappend`), or through
    # :func:`round_trip` into the document where only a full dump can write them.
    new_entries: list[dict[str, Any]] = field(default_factory=list, repr=False)



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
        names = [old] if isinstance(old, str) else list(cast("Iterable[object]", old or []))
        return [" ".join(str(n).split()) for n in names] == list(cast("Iterable[object]", new))
    if field_name in ("url", "archive_url"):
        return url_key(str(old)) == url_key(str(new))
    if field_name == "language":  # "en" and "en-GB" say the same where one of them names no region
        a, b = str(old).lower(), str(new).lower()
        return a == b or (("-" not in a or "-" not in b) and a.split("-")[0] == b.split("-")[0])
    return " ".join(str(old).split()).translate(_QUOTES) == str(new).translate(_QUOTES)


def _yaml_value(field_name: str, value: object, round_trip: bool = True) -> object:
    """An imported value as the bibliography writes it (dates as YAML dates, years as numbers;
    authors as a flow list, a round-trip one for an entry of the parsed document)."""
    if isinstance(value, PartialDate):
        if value.day:
            return dt.date(value.year, value.month or 1, value.day)
        return value.year if value.month is None else value.iso()
    if field_name == "authors":
        return _flow(value) if round_trip else list(value)  # type: ignore[call-overload]
    return value


def _flow(values: Any) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def round_trip(entry: dict[str, Any]) -> CommentedMap:
    """A new entry (:attr:`ImportReport.new_entries`) as the round-trip document holds it, lists in flow style."""
    return CommentedMap((name, _flow(value) if isinstance(value, list) else value) for name, value in entry.items())


def _shown(value: object) -> str:
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    return str(value)


# The fields of a new entry: all but how a field was verified and a name for a work without title (by hand).
_NEW_FIELDS = tuple(name for name in BIBLIOGRAPHY_FIELDS[1:] if name not in ("verified_from", "name"))


def _new_entry(work_id: str, entry: Imported) -> dict[str, Any]:
    """A new bibliography entry as plain values (building ruamel.yaml's mappings for thousands of
    entries cost more than reading them; only a full dump needs those, see :func:`round_trip`)."""
    out: dict[str, Any] = {"id": work_id}
    values = entry.values
    for name in _NEW_FIELDS:
        if name == "url_status":
            out[name] = "live"
        elif name == "listed_in":
            out[name] = []
        else:
            out[name] = _yaml_value(name, values[name], round_trip=False) if name in values else None
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
    is changed. The added entries are not put into ``doc``: they are in the report's
    :attr:`~ImportReport.new_entries`."""
    report = ImportReport()
    errors: list[Diagnostic] = []
    items = doc.get("entries")
    if items is None:
        doc["entries"] = items = CommentedSeq()
    if isinstance(items, CommentedSeq):  # not a list read by libyaml (see importer.run_import)
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
            there = str(target.get("url") or "") if target is not None else (work.url if work and work.url else "")
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
            report.new_entries.append(target)
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
                _fill(target, name, _yaml_value(name, entry.values[name], isinstance(target, CommentedMap)))
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

