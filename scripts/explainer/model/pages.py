"""Markdown pages: frontmatter with a schema, and the site-wide index of who cites what."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..core.diagnostics import Diagnostic, ExplainerError, fail
from ..core.yamlio import kind_of, parse_yaml, read_text
from .citations import Citation, ScanProblem, scan
from .sections import Section, split_sections

REQUIRED_KEYS = ("title", "description")
_OPEN = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Page:
    """One Markdown page of one language tree."""

    path: Path
    rel: str  # path below the language folder, e.g. "leak.md"
    meta: dict[str, Any]
    body: str
    body_line: int  # file line of the body's first line
    meta_lines: dict[str, int] = field(default_factory=dict)  # file line of each frontmatter key
    citations: list[Citation] = field(default_factory=list)
    problems: list[ScanProblem] = field(default_factory=list)
    source: str = field(default="", repr=False)  # the file's text as parsed

    @property
    def title(self) -> str:
        """The frontmatter title, or the file name."""
        return str(self.meta.get("title") or self.rel)

    @cached_property
    def sections(self) -> list[Section]:
        """The body split at its headings, once for all the checks that compare by section."""
        return split_sections(self.body, self.body_line)


def _load_meta(text: str, path: Path) -> Any:
    """Frontmatter YAML: the fast C loader, and the located round-trip parser's message on errors."""
    if "\t" not in text:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return parse_yaml(text, path, line_offset=1)  # raises with a located message (or parses)


def split_frontmatter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Split ``text`` into (frontmatter, body, first body line); errors carry file lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or not _OPEN.match(lines[0]):
        return {}, text, 1
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            data = _load_meta("\n".join(lines[1:index]), path)
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise fail(path, 2, "frontmatter is not a mapping", "write 'key: value' lines between the --- lines")
            body_lines = lines[index + 1:]
            skipped = 0
            while skipped < len(body_lines) and not body_lines[skipped].strip():
                skipped += 1
            return data, "\n".join(body_lines[skipped:]), index + 2 + skipped
    raise fail(path, 1, "frontmatter has no closing '---'", "add a line '---' after the last frontmatter key")


def frontmatter_problems(page: Page) -> list[Diagnostic]:
    """Required keys that are missing, empty or not text."""
    out = []
    for key in REQUIRED_KEYS:
        value = page.meta.get(key)
        line = page.meta_lines.get(key, 1)
        if value is not None and not isinstance(value, str):
            out.append(Diagnostic(str(page.path), line, f"frontmatter '{key}' must be text, not {kind_of(value)}",
                                  f'write {key}: "…" (in quotes if it contains a colon or starts with [, {{ or -)'))
        elif not isinstance(value, str) or not value.strip():
            out.append(Diagnostic(str(page.path), line,
                                  f"frontmatter needs a non-empty '{key}'", f'add {key}: "…" to the frontmatter'))
    return out


def parse_page(text: str, path: Path, rel: str) -> Page:
    """Split a page's frontmatter and scan its citations."""
    meta, body, body_line = split_frontmatter(text, path)
    citations, problems = scan(body, body_line)
    meta_lines = {}
    if meta:
        for number, line in enumerate(text.split("\n")[1:body_line], 2):
            if (match := _KEY.match(line)) and match.group(1) not in meta_lines:
                meta_lines[match.group(1)] = number
    return Page(path, rel, meta, body, body_line, meta_lines, citations, problems, text)


def load_page(path: Path, rel: str) -> Page:
    """Read and parse one page."""
    return parse_page(read_text(path), path, rel)


def load_pages(language_dir: Path) -> tuple[list[Page], list[Diagnostic]]:
    """All pages below one language folder, sorted by path; unreadable ones become diagnostics."""
    pages, errors = [], []
    for path in sorted(language_dir.rglob("*.md")):
        try:
            pages.append(load_page(path, path.relative_to(language_dir).as_posix()))
        except ExplainerError as err:
            errors.extend(err.diagnostics)
    return pages, errors


@dataclass
class SiteIndex:
    """For one language: which pages cite which work, in page order."""

    pages: list[Page] = field(default_factory=list)

    @cached_property
    def _by_rel(self) -> dict[str, Page]:
        return {page.rel: page for page in self.pages}

    def page(self, rel: str) -> Page | None:
        """The page at ``rel`` (``leak.md``), if the language has it."""
        return self._by_rel.get(rel)

    def citing(self, work_id: str) -> list[Page]:
        """Pages that cite ``work_id`` at least once."""
        return [p for p in self.pages if any(c.id == work_id for cit in p.citations for c in cit.cites)]

    def glossary(self) -> Page | None:
        """The page whose frontmatter says ``glossary: true``, if any."""
        return next((p for p in self.pages if p.meta.get("glossary") is True), None)

    def cited_ids(self) -> set[str]:
        """Every id cited anywhere in this language."""
        return {c.id for p in self.pages for cit in p.citations for c in cit.cites}


def relative_link(from_rel: str, to_rel: str) -> str:
    """A relative Markdown link from one page to another in the same language tree."""
    return posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")
