"""Errors in the compiler convention: ``path:line: what is wrong — how to fix it``."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# What one message prints at most of what a user wrote (a 1 MB line stays a line): see :func:`clip`.
MESSAGE_LIMIT = 2000
DETAIL_LIMIT = 4000
# The exit of a command given bad input where a scheduled job must not take it for a finding (a URL
# list that is not one given to linkcheck or archive): 2, as argparse's usage errors.
USAGE_EXIT = 2


def display_path(path: str | os.PathLike[str]) -> str:
    """Return ``path`` relative to the working directory when it lies below it (a URL as it is)."""
    if isinstance(path, str) and "://" in path:
        return path
    p = Path(path)
    try:  # the file's own name, not where it leads if it is a symbolic link
        resolved = p.parent.resolve() / p.name if p.name not in ("", ".", "..") else p.resolve()
    except (OSError, RuntimeError):  # a folder above it loops
        resolved = Path(os.path.abspath(p))
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029",
                              "\x85": "\\x85", "\x0b": "\\x0b", "\x0c": "\\x0c",
                              "\x1c": "\\x1c", "\x1d": "\\x1d", "\x1e": "\\x1e"})  # str.splitlines' breaks


def one_line(text: str) -> str:
    """``text`` with its line breaks written as escapes: a message is one line, whatever it quotes."""
    return text.translate(_LINE_BREAKS)


def clip(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters, with the count of what was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters left out)"


def closest(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name that ``word`` most likely means, for "did you mean" hints: the same name in
    other letter case first (``BERICHT`` → ``bericht``), else the most similar one, also ignoring case."""
    folded: dict[str, str] = {}
    for name in known:
        folded.setdefault(name.casefold(), name)
    key = word.casefold()
    if key in folded:
        return folded[key]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return folded[close[0]] if close else None


@dataclass(frozen=True)
class Diagnostic:
    """One finding about one place in one file."""

    path: str
    line: int | None
    message: str
    fix: str = ""
    severity: str = "error"
    detail: str = ""  # further lines (a diff, say), printed indented below the message

    def __str__(self) -> str:
        where = (display_path(self.path) or ".") if self.path else "<input>"
        if where != where.strip() or one_line(where) != where:  # a name of spaces (or breaks): shown quoted
            where = repr(where)
        if self.line:
            where = f"{where}:{self.line}"
        message = one_line(clip(self.message, MESSAGE_LIMIT))
        text = f"{where}: warning: {message}" if self.severity == "warning" else f"{where}: {message}"
        return f"{text} — {one_line(clip(self.fix, MESSAGE_LIMIT))}" if self.fix else text

    def long(self) -> str:
        """The message followed by its indented detail lines (at most :data:`DETAIL_LIMIT` characters)."""
        if not self.detail:
            return str(self)
        return str(self) + "\n" + "\n".join(f"    {line}" for line in clip(self.detail, DETAIL_LIMIT).splitlines())


class ExplainerError(Exception):
    """Raised with one or more diagnostics when input cannot be used."""

    def __init__(self, diagnostics: Diagnostic | list[Diagnostic]) -> None:
        self.diagnostics = [diagnostics] if isinstance(diagnostics, Diagnostic) else diagnostics
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def fail(path: str | os.PathLike[str], line: int | None, message: str, fix: str = "") -> ExplainerError:
    """Build an :class:`ExplainerError` for a single place (``raise fail(...)``)."""
    return ExplainerError(Diagnostic(str(path), line, message, fix))
