"""What an import file's reader makes of each entry (:class:`Imported`), and how it collects the
values and the located problems of one file (:class:`Collector`); shared by both formats."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ...core.diagnostics import Diagnostic
from ...lang.dates import PartialDate
from ..bibformats import language_code

HTML_TAG = re.compile(r"<\s*[a-zA-Z/!]")
FIX_EXPORT = "export the references again (Zotero: File → Export Library…, format CSL JSON or BibLaTeX)"


@dataclass
class Imported:
    """One entry of the import file: its key, the id it gets, its values and where they are."""

    key: str
    id: str | None
    line: int | None
    values: dict[str, Any] = field(default_factory=dict)
    lines: Mapping[str, int | None] = field(default_factory=dict)  # a field's line, looked up when asked

    def line_of(self, name: str) -> int | None:
        """The line of field ``name`` in the import file (else the entry's)."""
        return self.lines.get(name) or self.line


class Lines:
    """The 1-based line of an offset in one text, by binary search in the offsets of its line ends
    (counting the line ends before every item instead made reading an export quadratic in its size)."""

    def __init__(self, text: str) -> None:
        self.ends = [match.start() for match in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        """The line that character ``offset`` is on."""
        return bisect.bisect_left(self.ends, offset) + 1


class Collector:
    """Values and problems of one import file's entries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[Diagnostic] = []
        self.notices: list[Diagnostic] = []

    def error(self, line: int | None, message: str, fix: str) -> None:
        """A problem that stops the import (nothing is written)."""
        self.errors.append(Diagnostic(str(self.path), line, message, fix))

    def warn(self, line: int | None, message: str, fix: str) -> None:
        """A notice: the import goes on."""
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
        """A language as the bibliography's code; one this import does not know is left out (and said so)."""
        if value is None or not str(value).strip():
            return
        code = language_code(str(value))
        if code is None:
            self.warn(entry.line_of(name), f"'{entry.key}': {value!r} is not a language this import knows; "
                      "left out", "set 'language' in sources/bibliography.yml by hand (an ISO 639-1 code such as de)")
            return
        entry.values["language"] = code
