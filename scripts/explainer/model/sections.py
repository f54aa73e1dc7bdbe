"""A page body as a tree of headings with explicit IDs, and the sections they open."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from ..core.diagnostics import Diagnostic, clip
from .citations import mask_code

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*(?:\{[ \t]*#([^\s{}#]+)[^}]*\})?[ \t]*#*[ \t]*$")
# What a heading ID may be (CONTRIBUTING): lowercase letters, digits and hyphens, the same in every language.
VALID_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PREFACE = "preface"
# IDs the build gives elements of its own: the reference list and its entries.
RESERVED_ID = re.compile(r"references|cite-\d+|cite-ref-\d+-\d+")


@dataclass
class Section:
    """The text from one heading up to the next heading of any level."""

    id: str  # the explicit heading ID, or "" when the heading has none
    level: int  # 0 for the text before the first heading
    title: str
    line: int  # file line of the heading (or of the first body line for the preface)
    lines: list[str] = field(default_factory=list)
    # What checks derive from the section alone, kept for the next use: an original is compared with
    # each of its translations.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def key(self) -> str:
        """How the section is named in messages and lock files."""
        return self.id or (PREFACE if self.level == 0 else f"(untitled: {self.title})")

    @cached_property
    def text(self) -> str:
        """The section's Markdown without its heading."""
        return "\n".join(self.lines).strip("\n")

    @cached_property
    def masked(self) -> str:
        """:attr:`text` with its code blanked out (computed once for all the checks)."""
        return mask_code(self.text)


def split_sections(body: str, first_line: int) -> list[Section]:
    """Split a page body into sections at every heading outside code."""
    masked = mask_code(body).split("\n")
    raw = body.split("\n")
    sections = [Section("", 0, "", first_line)]
    for offset, line in enumerate(masked):
        match = _HEADING.match(line)
        if match:
            sections.append(Section(match.group(3) or "", len(match.group(1)), match.group(2).strip(),
                                    first_line + offset))
        else:
            sections[-1].lines.append(raw[offset])
    if not sections[0].text.strip():
        sections.pop(0)
    return sections


def suggest_id(heading_id: str) -> str:
    """``heading_id`` as lowercase letters, digits and hyphens (``What_Happened`` → ``what-happened``)."""
    plain = unicodedata.normalize("NFKD", heading_id).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "section"


def untitled(key: str) -> bool:
    """Whether a section key names a heading without an ID (``(untitled: …)``), which no command can name."""
    return key.startswith("(untitled: ")


def duplicate_ids(sections: list[Section]) -> set[str]:
    """Heading IDs used more than once: sections cannot be matched by ID on such a page."""
    counts = Counter(s.id for s in sections if s.id)
    return {section_id for section_id, count in counts.items() if count > 1}


def heading_problems(sections: list[Section], path: str) -> list[Diagnostic]:
    """Headings without an explicit ID, and IDs used twice on the page or taken by the build."""
    out = []
    first: dict[str, int] = {}
    for section in sections:
        if not section.level:
            continue
        if not section.id:
            title = clip(section.title, 100)
            out.append(Diagnostic(path, section.line, f"heading '{title}' has no explicit ID",
                                  f"add one, the same in every language: ## {title} {{#{suggest_id(section.title)}}}"))
        elif section.id in first:
            out.append(Diagnostic(path, section.line, f"heading ID '#{section.id}' is used twice on the page "
                                  f"(first at line {first[section.id]})",
                                  f"give each heading its own ID: ## {clip(section.title, 100)} {{#{section.id}-2}}"))
        elif not VALID_ID.fullmatch(section.id):
            out.append(Diagnostic(path, section.line, f"heading ID '#{clip(section.id, 100)}' is not lowercase letters, "
                                  "digits and hyphens", f"write {{#{suggest_id(section.id)}}}, the same in every "
                                  "language (and in the links to it)"))
        elif RESERVED_ID.fullmatch(section.id):
            out.append(Diagnostic(path, section.line, f"heading ID '#{section.id}' is taken by the reference list",
                                  "choose another ID"))
        first.setdefault(section.id, section.line)
    return out
