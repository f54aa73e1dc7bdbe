"""Fresh code for each ``mkdocs serve`` rebuild, but only when the package's files changed.

MkDocs keeps imported modules across rebuilds. Re-importing the whole package on every rebuild
costs a tenth of a second or more; checking the files' sizes and times costs well under a
millisecond, so the package is imported again only after an edit below ``explainer/``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent.parent
_KEEP = {"explainer", "explainer.plugin", "explainer.plugin.config", "explainer.plugin.reload",
         "explainer.core", "explainer.core.project", "explainer.core.diagnostics", "explainer.core.yamlio"}


def code_stamp(package: Path = PACKAGE) -> tuple:
    """Name, size and modification time of every Python, language-data and catalogue file of the package."""
    stamp = []
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yml", ".po", ".pot")):
        try:
            info = path.stat()
        except OSError:
            continue
        stamp.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamp)


def fresh(name: str, seen: tuple | None = None) -> tuple[ModuleType, tuple]:
    """Module ``name``, imported again (with everything of the package it uses) if the code changed
    since ``seen`` (the :func:`code_stamp` of the last call, which the plugin keeps), and the stamp now."""
    stamp = code_stamp()
    if seen is not None and stamp != seen:
        for module in [m for m in sys.modules if m.startswith("explainer.") and m not in _KEEP]:
            del sys.modules[module]
    return importlib.import_module(name), stamp
