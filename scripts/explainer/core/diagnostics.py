"""Errors in the compiler convention: ``path:line: what is wrong — how to fix it``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: str | os.PathLike[str]) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


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
        where = display_path(self.path) if self.path else "<input>"
        if self.line:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.message}"
        if self.severity == "warning":
            text = f"{where}: warning: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    def long(self) -> str:
        """The message followed by its indented detail lines."""
        if not self.detail:
            return str(self)
        return str(self) + "\n" + "\n".join(f"    {line}" for line in self.detail.splitlines())


class ExplainerError(Exception):
    """Raised with one or more diagnostics when input cannot be used."""

    def __init__(self, diagnostics: Diagnostic | list[Diagnostic]) -> None:
        self.diagnostics = [diagnostics] if isinstance(diagnostics, Diagnostic) else diagnostics
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def fail(path: str | os.PathLike[str], line: int | None, message: str, fix: str = "") -> ExplainerError:
    """Build an :class:`ExplainerError` for a single place (``raise fail(...)``)."""
    return ExplainerError(Diagnostic(str(path), line, message, fix))
