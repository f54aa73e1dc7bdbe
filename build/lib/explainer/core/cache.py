"""A cache of derived data between runs, keyed by the content it was derived from.

Builds, previews and ``explainer check`` store what is costly to derive (the loaded library, the
findings of unchanged pages) in a folder such as ``.cache/explainer/`` (``make clean`` removes
it). A key is a hash of every input and of the generator's own code, so an edit to a source, a
page, the lock or the code gives a new key: an entry is never used for other inputs. A cache file
that is truncated, corrupted, written by another version or unreadable, and a folder that cannot
be written, cost one warning at most and a recomputation, never a wrong result: the cache only
saves time. Entries are written atomically, so two builds at once read whole entries or none.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = b"explainer-cache-1\n"  # the first bytes of every entry; a change of layout changes it
MAX_ENTRIES = 4000  # beyond this, the entries written longest ago go (a long preview session adds many)
PRUNE_EVERY = 200  # writes between two counts of the folder


@cache
def code_version() -> str:
    """A hash of the generator's code and data files (so a changed generator starts afresh)."""
    digest = hashlib.sha256(FORMAT)
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def content_key(*parts: str | bytes) -> str:
    """The key of an entry derived from ``parts`` (texts, bytes, other keys) with this code."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


def files_key(paths: Iterable[Path], root: Path) -> str:
    """The key of everything below ``paths`` (files or folders): names and bytes."""
    parts: list[bytes] = []
    for top in paths:
        files = sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top] if top.exists() else []
        for path in files:
            try:
                parts += [str(path.relative_to(root)).encode(), path.read_bytes()]
            except OSError:
                parts += [str(path).encode(), b"\0unreadable"]
    return content_key(*parts)


class Cache:
    """Entries below ``folder`` (None: no cache at all); problems go to ``warn``, once."""

    def __init__(self, folder: Path | None, warn: Callable[[str], None] | None = None) -> None:
        self.folder = folder
        self._warn = warn
        self._warned = False
        self.hits = 0
        self.misses = 0
        self._writes = 0

    def _say(self, message: str) -> None:
        if not self._warned and self._warn is not None:
            self._warned = True
            self._warn(message)

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{kind}-{key}.pickle"

    def get(self, kind: str, key: str) -> Any | None:
        """The entry, or None when there is none (or it cannot be used)."""
        if self.folder is None:
            return None
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as err:
            self._say(f"{path}: cache entry cannot be read ({err.strerror}); computing it anew")
            self.misses += 1
            return None
        if not data.startswith(FORMAT):
            self._say(f"{path}: cache entry from another version of the generator; computing it anew")
            self.misses += 1
            return None
        try:
            value = pickle.loads(data[len(FORMAT):])
        except Exception:
            self._say(f"{path}: cache entry is damaged; computing it anew")
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store an entry atomically; a folder that cannot be written only costs the speed-up."""
        if self.folder is None:
            return
        path = self._path(kind, key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{path.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(FORMAT + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self._writes += 1
            if self._writes % PRUNE_EVERY == 1:
                self._prune()
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as err:
            self._say(f"{self.folder}: cache not written ({getattr(err, 'strerror', None) or err}); "
                      "builds stay correct, only slower")

    def _prune(self) -> None:
        assert self.folder is not None
        entries = list(self.folder.glob("*.pickle"))
        if len(entries) <= MAX_ENTRIES:
            return
        def used(path: Path) -> float:
            try:
                return path.stat().st_mtime
            except OSError:
                return 0.0
        for path in sorted(entries, key=used)[: len(entries) - MAX_ENTRIES * 3 // 4]:
            path.unlink(missing_ok=True)

    def remember(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        """The entry for ``key``, computed and stored when missing."""
        value = self.get(kind, key)
        if value is None:
            value = compute()
            self.put(kind, key, value)
        return value
