"""New bibliography entries appended as text, as the round-trip dump would write them.

``make import`` adds thousands of entries at once; dumping the whole bibliography through
ruamel.yaml costs about a millisecond per entry (a minute for 50,000). When nothing but additions
changed, the old file stays byte for byte and the new entries are written here, in the layout
of :func:`explainer.core.yamlio.dump_yaml` (``tests/test_import.py`` proves both agree on generated
values). Whatever this module is not sure how ruamel.yaml would write (a value that could read as
something else, a line break, a character YAML must escape), it declines, and the caller dumps.

The same layout answers the converse question for ``make check`` (:func:`dumped_as_is`): is a
bibliography already what the dump would write, so that reading and dumping it through ruamel.yaml
can be skipped (``tests/test_ingest.py`` holds that answer to the round trip).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Plain (unquoted) text that reads back as the same text in block and in flow context: starts with a
# letter, single spaces between words, no flow indicators or "#"; with no ": " and no ":" at the end.
_PLAIN = re.compile(r"[^\W\d_][^\s,\[\]{}#]*(?: [^\s,\[\]{}#]+)*")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}")  # a month (2024-05): text, written plain
# Text that cannot be plain in a block mapping's value, so that ruamel.yaml writes it in single quotes.
_NEVER_PLAIN = re.compile(r"^[#,\[\]{}&*!|>'\"%@`]|: | #|:$|^[-?:]$|^[-?:] |^\s|\s$")
_READS_AS_OTHER = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
                   "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}


class DeclineError(Exception):
    """A value this module does not write: the caller dumps the whole document instead."""


def scalar(value: Any, flow: bool = False) -> str:
    """One value as ruamel.yaml writes it in the bibliography (``flow``: as an item of ``[…]``)."""
    if value.__class__ is str:
        if value in _READS_AS_OTHER or not value.isprintable():
            raise DeclineError(value)
        if _PLAIN.fullmatch(value) and ": " not in value and not value.endswith(":"):
            return value
        if _PLAIN_DATE.fullmatch(value):
            return value
        if not flow and _NEVER_PLAIN.search(value) and value.strip() == value:
            return "'" + value.replace("'", "''") + "'"
        raise DeclineError(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    raise DeclineError(type(value).__name__)


_KEY = re.compile(r"[a-z_]+")


def entry_text(entry: Mapping[str, Any], dash: int) -> str:
    """One entry (a mapping of scalars and flow lists of scalars) as a list item at column ``dash``."""
    lines = []
    items = OrderedDict.items(entry) if isinstance(entry, OrderedDict) else entry.items()  # not ruamel's slow view
    indent = " " * (dash + 2)
    for key, value in items:
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise DeclineError(key)
        if isinstance(value, list):
            text = "[" + ", ".join(scalar(item, flow=True) for item in value) + "]"
        elif isinstance(value, dict):
            raise DeclineError(key)
        else:
            text = scalar(value)
        lines.append(f"{indent}{key}: {text}\n")
    if not lines:
        raise DeclineError("empty entry")
    lines[0] = " " * dash + "- " + lines[0][dash + 2:]
    return "".join(lines)


_ENTRIES_LINE = re.compile(r"^entries:[ \t]*(\[\])?[ \t]*$", re.MULTILINE)
_ITEM = re.compile(r"^( *)- ", re.MULTILINE)


def appended(old_text: str, doc: Mapping[str, Any], added: Iterable[Mapping[str, Any]]) -> str | None:
    """``old_text`` (the bibliography as it is) with ``added`` entries at the end of its ``entries``
    list, or None where only a full dump can say how the file should read (``entries`` not the last
    key, comments or anything after the last entry, a value this module declines)."""
    keys = list(doc)
    if not keys or keys[-1] != "entries" or not old_text.endswith("\n") or "\t" in old_text:
        return None
    if re.search(r"[|>][0-9]?\+", old_text):  # a block scalar that keeps its trailing blank lines
        return None
    found = list(_ENTRIES_LINE.finditer(old_text))
    if len(found) != 1:
        return None
    head, rest = old_text[: found[0].end()], old_text[found[0].end():]
    try:
        if found[0].group(1):  # entries: [] (a new bibliography)
            if rest.strip():
                return None
            return old_text[: found[0].start()] + "entries:\n" + "".join(entry_text(entry, 2) for entry in added)
        item = _ITEM.search(rest)
        last = rest.rstrip("\n").rsplit("\n", 1)[-1]
        if item is None or last.lstrip().startswith("#") or not last.startswith(" " * (len(item.group(1)) + 1)):
            return None  # no block list, or something after its last entry
        dash = len(item.group(1))
        return head + rest.rstrip("\n") + "\n" + "".join(entry_text(entry, dash) for entry in added)
    except DeclineError:
        return None


_HEADER = re.compile(r"(?:#[^\n]*\n)*")  # whole-line comments before the first key


def dumped_as_is(text: str, entries: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the bibliography ``text``, whose ``entries`` (its only key) were read from it, is
    already what the round-trip dump writes for it: comment lines, ``entries:``, and each entry
    as :func:`entry_text` writes it at column 2. Anything else (another layout or quoting, a
    comment between entries, a value this module declines) is False: only a dump can tell."""
    body = _HEADER.match(text).end()  # type: ignore[union-attr] # it matches the empty text too
    if not text.startswith("entries:\n", body):
        return False
    body += len("entries:\n")
    try:
        for entry in entries:
            written = entry_text(entry, 2)
            if not text.startswith(written, body):
                return False
            body += len(written)
    except DeclineError:
        return False
    return body == len(text)
