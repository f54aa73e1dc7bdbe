"""Markdown pages: frontmatter with a schema, and the site-wide index of who cites what."""

from __future__ import annotations

import errno
import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..core.diagnostics import Diagnostic, ExplainerError, clip, display_path, fail
from ..core.limits import check_yaml
from ..core.yamlio import kind_of, parse_yaml, read_text
from .citations import Citation, ScanProblem, scan
from .sections import Section, split_sections

REQUIRED_KEYS = ("title", "description")
_OPEN = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FLAGS = ("glossary", "editorial")  # frontmatter keys that are true or false
# A page's file name, folder by folder: it becomes the page's URL and is named in `make sync ARGS=…`.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SCHEME = re.compile(r"^[A-Za-z][\w+.-]*:")


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
    repeated_keys: list[tuple[str, int, int]] = field(default_factory=list)  # (key, line, line of its first use)

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
            check_yaml(text, path, line_offset=1)
            return yaml.load(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, ValueError):  # ValueError: an impossible date, worded with its line below
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
    """Required keys that are missing, empty or not text; keys given twice (YAML would silently use
    the last); ``glossary`` and ``editorial`` that are not true or false."""
    out = [Diagnostic(str(page.path), line, f"frontmatter key '{key}' is given twice (first at line {first})",
                      f"keep one '{key}:' line: YAML would silently use the last one")
           for key, line, first in page.repeated_keys]
    for key in REQUIRED_KEYS:
        value = page.meta.get(key)
        line = page.meta_lines.get(key, 1)
        if value is not None and not isinstance(value, str):
            out.append(Diagnostic(str(page.path), line, f"frontmatter '{key}' must be text, not {kind_of(value)}",
                                  f'write {key}: "…" (in quotes if it contains a colon or starts with [, {{ or -)'))
        elif not isinstance(value, str) or not value.strip():
            out.append(Diagnostic(str(page.path), line,
                                  f"frontmatter needs a non-empty '{key}'", f'add {key}: "…" to the frontmatter'))
    for key in FLAGS:
        value = page.meta.get(key)
        if value is not None and not isinstance(value, bool):
            out.append(Diagnostic(str(page.path), page.meta_lines.get(key, 1),
                                  f"frontmatter '{key}' must be true or false, not {kind_of(value)}",
                                  f"write {key}: true (without quotes), or remove the line"))
    return out


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_problems(text: str) -> list[ScanProblem]:
    """Control characters (but tab and line ends) in a page: invisible in an editor, they would be
    published as they are. One problem per line that has any."""
    out: list[ScanProblem] = []
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if out and out[-1].line == line:
            continue
        out.append(ScanProblem(line, f"control character U+{ord(match.group()):04X} in the text",
                               "delete it (it is invisible in most editors; retype the words around it)"))
        if len(out) >= 20:
            break
    return out


def parse_page(text: str, path: Path, rel: str) -> Page:
    """Split a page's frontmatter and scan its citations."""
    meta, body, body_line = split_frontmatter(text, path)
    citations, problems = scan(body, body_line)
    problems += control_problems(text)
    meta_lines: dict[str, int] = {}
    repeated = []
    if meta:
        for number, line in enumerate(text.split("\n")[1:body_line], 2):
            if match := _KEY.match(line):
                if match.group(1) in meta_lines:
                    repeated.append((match.group(1), number, meta_lines[match.group(1)]))
                else:
                    meta_lines[match.group(1)] = number
    return Page(path, rel, meta, body, body_line, meta_lines, citations, problems, text, repeated)


def load_page(path: Path, rel: str) -> Page:
    """Read and parse one page."""
    return parse_page(read_text(path), path, rel)


def page_name_problem(path: Path, rel: str) -> Diagnostic | None:
    """A page file whose name is not lowercase letters, digits and hyphens (``neue seite.md``,
    ``Report.md``, ``open_letter.md``): it becomes the page's URL, and the ``make sync ARGS=…`` that
    the messages suggest could not name it as one word."""
    stem = rel.removesuffix(".md")
    if all(_SLUG.fullmatch(part) for part in stem.split("/")):
        return None
    return Diagnostic(str(path), None, f"page file name {clip(rel, 100)!r} is not lowercase letters, digits and hyphens",
                      f"rename it in every language, e.g. to {suggest_name(rel)} (file names become the pages' URLs)")


def suggest_name(rel: str) -> str:
    """``rel`` with every folder and the file name written as lowercase letters, digits and hyphens."""
    def slug(part: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "page"
    return "/".join(slug(part) for part in rel.removesuffix(".md").split("/")) + ".md"


def symlink_problem(link: Path, docs: Path) -> Diagnostic | None:
    """What is wrong with the symbolic link ``link`` below ``docs``: it loops, points to nothing,
    leads outside ``docs``, or points to a folder that contains it (so the tree would repeat
    without end); None for a link to a file or folder elsewhere inside ``docs``."""
    target = os.readlink(link)
    shown = clip(target, 100)
    code: int | None
    try:
        resolved = link.resolve(strict=True)
    except RuntimeError:  # Python's own loop detection
        resolved = None
        code = errno.ELOOP
    except OSError as err:
        resolved, code = None, err.errno
    if resolved is None:
        if code == errno.ELOOP:
            return Diagnostic(str(link), None, f"symbolic link to '{shown}' loops: following it leads back to itself",
                              "remove it, or point it at a file inside docs/")
        return Diagnostic(str(link), None, f"symbolic link to '{shown}' points to nothing",
                          "remove it, or point it at a file that exists inside docs/")
    root = docs.resolve()
    if resolved != root and root not in resolved.parents:
        return Diagnostic(str(link), None, f"symbolic link to '{shown}' leads outside docs/ ({display_path(resolved)})",
                          "copy the file into docs/ instead (a file every language shows: docs/assets/)")
    here = link.parent.resolve()
    if resolved.is_dir() and (resolved == here or resolved in here.parents):
        return Diagnostic(str(link), None, f"symbolic link to '{shown}' points to {display_path(resolved)}/, a folder "
                          "that contains the link, so the folder would repeat without end",
                          "remove it: link to a file or a folder beside it, never above it")
    return None


def symlink_problems(docs: Path) -> dict[Path, Diagnostic]:
    """Every symbolic link below ``docs`` that :func:`symlink_problem` rejects, in path order, with
    its one message; nothing below such a link is looked at."""
    found: dict[Path, Diagnostic] = {}
    for folder, dirnames, filenames in os.walk(docs):  # links to folders are listed, never followed
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = Path(folder) / name
            if path.is_symlink() and (problem := symlink_problem(path, docs)) is not None:
                found[path] = problem
    return dict(sorted(found.items()))


def load_pages(language_dir: Path) -> tuple[list[Page], list[Diagnostic]]:
    """All pages below one language folder, sorted by path; unreadable ones and badly named ones
    become diagnostics. Symbolic links that :func:`symlink_problem` rejects are left out (they are
    reported once, by :func:`symlink_problems`)."""
    pages, errors = [], []
    for path in sorted(language_dir.rglob("*.md")):
        if path.is_symlink() and symlink_problem(path, language_dir.parent) is not None:
            continue
        rel = path.relative_to(language_dir).as_posix()
        if (problem := page_name_problem(path, rel)) is not None:
            errors.append(problem)
            continue
        try:
            pages.append(load_page(path, rel))
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


def resolve_target(target: str, lang: str, rel: str) -> str | None:
    """Where a link or image of page ``rel`` (below ``docs/<lang>/``) leads, the same in every
    language: ``report.md#costs`` for a page of the same language (from ``index.md``:
    ``report.md#costs``; from ``topics/a.md``: ``../report.md#costs``), ``/assets/x.png`` for
    ``docs/assets/x.png`` (``../assets/x.png`` from ``docs/<lang>/page.md``), the address itself for
    URLs, absolute paths and ``#anchors``; None for a path that leads outside ``docs/``."""
    if _SCHEME.match(target) or target.startswith(("/", "#")):
        return target
    cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
    path, rest = target[:cut], target[cut:]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(f"{lang}/{rel}"), path or posixpath.basename(rel)))
    if joined == ".." or joined.startswith("../"):
        return None
    if joined.startswith(f"{lang}/"):
        return joined[len(lang) + 1:] + rest
    return "/" + joined + rest


def relative_link(from_rel: str, to_rel: str) -> str:
    """A relative Markdown link from one page to another in the same language tree."""
    return posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")
