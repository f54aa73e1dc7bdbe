"""Citation coverage: every paragraph, list item, table row and definition cites a source,
unless it is marked editorial (``{: .editorial }``) or its page is (``editorial: true``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.diagnostics import Diagnostic
from ..model.citations import mask_code
from ..model.pages import Page

EDITORIAL_RE = re.compile(r"\{:[^}]*\.editorial\b[^}]*\}")
_ATTR_ONLY = re.compile(r"^\s*\{:[^}]*\}\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DEFINITION = re.compile(r"^\s*:[ \t]+")
_SKIP = re.compile(r"^\s*(?:!!!|\?\?\?|:::|\*\[[^\]]+\]:|\[[^\]]+\]:\s|<!--|-->|<[a-z/])")


@dataclass
class _Block:
    line: int
    kind: str
    text: list[str]
    editorial: bool = False


def _blocks(body: str, first_line: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    lines = mask_code(body).split("\n")
    in_table = False
    terms = set()  # glossary term lines: the lines right above a ":   definition"
    for index, line in enumerate(lines):
        if _DEFINITION.match(line):
            back = index - 1
            while back >= 0 and lines[back].strip() and not _DEFINITION.match(lines[back]):
                terms.add(back)
                back -= 1
    for offset, line in enumerate(lines):
        number = first_line + offset
        if not line.strip():
            current, in_table = None, False
            continue
        if _ATTR_ONLY.match(line):
            if current is not None and EDITORIAL_RE.search(line):
                current.editorial = True
            continue
        if _HEADING.match(line) or _SKIP.match(line):
            current = None
            continue
        if _TABLE_ROW.match(line):
            if _TABLE_RULE.match(line):
                continue
            if not in_table:  # the header row states no fact
                in_table, current = True, None
                continue
            current = _Block(number, "table row", [line])
            blocks.append(current)
            continue
        if offset in terms:
            current = None
            continue
        kind = "list item" if _LIST_ITEM.match(line) else "definition" if _DEFINITION.match(line) else None
        if kind or current is None:
            current = _Block(number, kind or "paragraph", [])
            blocks.append(current)
        current.text.append(line)
        if EDITORIAL_RE.search(line):
            current.editorial = True
    return blocks


def uncited_blocks(page: Page) -> list[Diagnostic]:
    """Blocks of ``page`` that state something without a citation or an editorial mark."""
    if page.meta.get("editorial") is True:
        return []
    out = []
    for block in _blocks(page.body, page.body_line):
        text = " ".join(part.strip() for part in block.text)
        if block.editorial or "[@" in text:
            continue
        excerpt = text if len(text) <= 60 else text[:57] + "…"
        out.append(Diagnostic(str(page.path), block.line, f"{block.kind} without a citation: {excerpt!r}",
                              "cite a source with [@id], or mark it editorial with {: .editorial } on the next line"))
    return out
