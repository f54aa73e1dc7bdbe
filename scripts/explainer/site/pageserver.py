"""Serve a built site on 127.0.0.1 the way GitHub Pages serves it, for the browser tests and
Lighthouse: ``index.html`` for directories (and a redirect to add the slash), the site's
``404.html`` with status 404 for anything missing, gzip for text when the client accepts it, and
``Cache-Control: max-age=600``. Compressed bodies are kept per file (path, size and mtime), as a
static host keeps them, so the server spends no CPU on repeated requests while a benchmark measures
the browser on the same machine.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..core.localserver import serve_directory

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                "application/manifest+json")
NOT_FOUND = "404.html"


class PagesHandler(SimpleHTTPRequestHandler):
    """GitHub Pages' behaviour for a folder of static files."""

    compress = True
    extensions_map: dict[str, str] = {  # noqa: RUF012 (http.server's stubs declare it an instance variable)
        **SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".json": "application/json",
        ".xml": "application/xml", ".svg": "image/svg+xml", ".map": "application/json"}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):
        """Headers for the request, and the body to copy (or None): the base class's contract."""
        path = Path(self.translate_path(self.path))
        status = HTTPStatus.OK
        if path.is_dir():
            parts = urlsplit(self.path)
            if not parts.path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", urlunsplit(("", "", parts.path + "/", parts.query, parts.fragment)))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        if not path.is_file():
            path, status = Path(self.directory) / NOT_FOUND, HTTPStatus.NOT_FOUND
            if not path.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return None
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json", "application/xml"):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if self.compress and ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            stat = path.stat()
            body = _gzip(str(path), stat.st_size, stat.st_mtime_ns)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


@functools.lru_cache(maxsize=512)
def _gzip(path: str, size: int, mtime_ns: int) -> bytes:
    """The gzip-compressed file; size and mtime are part of the key so that a rebuilt file is new."""
    return gzip.compress(Path(path).read_bytes(), mtime=0)


class _Body:
    """A bytes body with the file interface ``SimpleHTTPRequestHandler`` copies from."""

    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset:end], min(end, len(self.data))
        return chunk

    def close(self) -> None:
        pass


@contextmanager
def serve_site(root: Path, host: str = "127.0.0.1", compress: bool = True, port: int = 0) -> Iterator[str]:
    """Serve the built site ``root`` on ``host`` at ``port`` (0: a free one); yields the base URL (ending in /)."""
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"{root} has no index.html: build the site first (make build)")
    handler_class = type("Handler", (PagesHandler,), {"compress": compress})
    with serve_directory(root, host, handler_class, port) as base:
        yield base
