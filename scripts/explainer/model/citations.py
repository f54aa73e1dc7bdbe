"""Citation syntax: ``[@id]``, ``[@a; @b]`` and ``[@id, "exact words"]``, found with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A citation in running text. Quoted locators may contain ] and ; (but not a straight ").
CITATION_RE = re.compile(r'\[@((?:[^\]"]|"[^"]*")*)\]')
_ITEM_RE = re.compile(r'^\s*@(?P<id>[^\s,;"\]]+)\s*(?:,\s*"(?P<quote>[^"]*)"\s*)?$')
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


@dataclass(frozen=True)
class Cite:
    """One cited work inside a citation, with an optional quote locator."""

    id: str
    quote: str | None = None


@dataclass(frozen=True)
class Citation:
    """A whole ``[@…]`` citation as written, and where."""

    raw: str
    line: int
    cites: tuple[Cite, ...]


class CitationSyntaxError(ValueError):
    """A citation whose text cannot be parsed; the message says how to fix it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


def _split_items(body: str) -> list[str]:
    current: list[str]
    items, current, in_quote = [], [], False
    for char in body:
        if char == '"':
            in_quote = not in_quote
        if char == ";" and not in_quote:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return items


@lru_cache(maxsize=16384)  # the same citations recur across pages and in both languages
def parse_citation(body: str) -> tuple[Cite, ...]:
    """Parse the inside of ``[@…]`` (without the leading ``[@`` and the closing ``]``)."""
    cites = []
    for index, item in enumerate(_split_items("@" + body)):
        match = _ITEM_RE.match(item)
        if not match:
            if item.count('"') % 2:
                raise CitationSyntaxError(f"unterminated quote in citation: {item.strip()!r}",
                                          'close the quote: [@id, "exact words"]')
            if index and not item.strip().startswith("@"):
                raise CitationSyntaxError(f"citation item {item.strip()!r} does not start with @",
                                          "separate works with '; @': [@a; @b]")
            raise CitationSyntaxError(f"malformed citation item {item.strip()!r}",
                                      'write [@id], [@a; @b] or [@id, "exact words from the source"]')
        quote = match.group("quote")
        if quote is not None and not quote.strip():
            raise CitationSyntaxError(f"empty quote for '{match.group('id')}'",
                                      'put the exact words between the quotes, or write [@id] without a quote')
        cites.append(Cite(match.group("id"), quote.strip() if quote else None))
    return tuple(cites)


@dataclass(frozen=True)
class ScanProblem:
    """A citation-like text the scanner could not accept."""

    line: int
    message: str
    fix: str


def _mask_code_spans(line: str, open_ticks: int) -> tuple[str, int]:
    """Blank out inline code in ``line``; ``open_ticks`` carries a span across lines."""
    if "`" not in line:
        return (" " * len(line) if open_ticks else line), open_ticks
    out, i = [], 0
    while i < len(line):
        if line[i] == "`":
            j = i
            while j < len(line) and line[j] == "`":
                j += 1
            run = j - i
            if open_ticks == 0:
                open_ticks = run
            elif run == open_ticks:
                open_ticks = 0
            out.append(" " * run)
            i = j
            continue
        out.append(" " if open_ticks else line[i])
        i += 1
    return "".join(out), open_ticks


@lru_cache(maxsize=8192)
def mask_code(markdown: str) -> str:
    """Blank out fenced code blocks and inline code, keeping every line and column in place."""
    if "`" not in markdown and "~~~" not in markdown:
        return markdown  # no code span and no fence: nothing to blank out
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    ticks = 0
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence:
            out.append(" " * len(line))
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip()[len(match.group(1)):].strip():
                fence = None
            continue
        if match and ticks == 0:
            fence = match.group(1)
            out.append(" " * len(line))
            continue
        if not line.strip():
            ticks = 0  # a code span never crosses a blank line
        masked, ticks = _mask_code_spans(line, ticks)
        out.append(masked)
    return "\n".join(out)


def scan(markdown: str, first_line: int = 1, masked: str | None = None) -> tuple[list[Citation], list[ScanProblem]]:
    """Find every citation outside code, with its line, plus unterminated or malformed ones.

    ``first_line`` is the file line of the first line of ``markdown`` (after frontmatter);
    ``masked`` is ``mask_code(markdown)`` if the caller has it already.
    Citations inside indented code blocks are not recognised as code: use fenced blocks.
    """
    text = mask_code(markdown) if masked is None else masked
    citations: list[Citation] = []
    problems: list[ScanProblem] = []
    position = 0
    line, counted = first_line, 0  # lines counted up to ``counted``: linear, not quadratic, in long pages
    while (start := text.find("[@", position)) != -1:
        line += text.count("\n", counted, start)
        counted = start
        match = CITATION_RE.match(text, start)
        if not match or text.find("\n\n", start, match.end()) != -1:  # a citation ends in its paragraph
            snippet = text[start:start + 40].split("\n")[0]
            problems.append(ScanProblem(line, f"unterminated citation {snippet!r}",
                                        'close it with ] (and a quote locator with "): [@id, "words"]'))
            position = start + 2
            continue
        raw = markdown[start:match.end()]
        try:
            citations.append(Citation(raw, line, parse_citation(match.group(1))))
        except CitationSyntaxError as err:
            problems.append(ScanProblem(line, str(err), err.fix))
        position = match.end()
    return citations, problems
