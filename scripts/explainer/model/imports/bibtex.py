"""BibTeX and BibLaTeX exports read into :class:`.entries.Imported` entries (bibtexparser 2.x).

Each entry keeps its key and the line of each field: the URL (``url``, else a URL in
``howpublished`` or ``note``, else the DOI), the title and publisher with LaTeX decoded
(``journaltitle``, ``journal``, ``organization``, ``institution``, ``publisher``,
``howpublished``), authors split by ``and`` (a name in braces is an organisation, kept whole), the
date (``date``, else ``year``/``month``/``day``), ``urldate``, ``langid``/``language`` and the
archive copy. Blocks bibtexparser could not read, and keys given twice, are located errors.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ...lang.dates import PartialDate
from ..bibformats import iso_date, latex_to_text, partial_date
from .entries import Collector, Imported, Lines

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
    """An entry's date (``date``, else ``year``, ``month``, ``day``) and what the file says."""
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


def read_bibtex(path: Path, text: str) -> tuple[list[Imported], Collector]:
    """The entries of a BibTeX or BibLaTeX export (parsed by bibtexparser 2.x), and what was found wrong."""
    import bibtexparser
    from bibtexparser import model

    out = Collector(path)
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # it logs each problem as well; the located messages here say them
    try:
        library = bibtexparser.parse_string(text)
    finally:
        quiet.setLevel(level)
    text_lines = Lines(text)
    first_of: dict[str, int] = {}  # the first entry's line per key (a duplicate names it)
    for entry_block in library.entries:
        first_of.setdefault(entry_block.key, (entry_block.start_line or 0) + 1)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateBlockKeyBlock):
            where = f" (first at line {first_of[block.key]})" if block.key in first_of else ""
            out.error(line, f"duplicate key '{block.key}'{where}", "give each entry its own key, or remove the copy")
            continue
        error = getattr(block, "error", None)
        reason = " ".join(str(getattr(error, "abort_reason", None) or error or "it cannot be read").split())
        if "Expected comma after entry key" in reason:
            out.error(line, f"entry without a key: {reason}", "give it a citation key: @online{key, title = {…}, …}")
            continue
        end = getattr(error, "end_index", None)
        out.error(text_lines.at(end) if isinstance(end, int) else line, f"not valid BibTeX: {reason}",
                  "close every brace and quote, and separate the fields with commas")
    entries = []
    for item in library.entries:
        line = (item.start_line or 0) + 1
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
                if match := _URL_IN_TEXT.search(raw.get(name, "")):
                    url = match.group(1) or match.group(2)
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

