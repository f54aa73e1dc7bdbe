"""A real HTTP server on 127.0.0.1 with one route per behaviour a link checker must classify."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 3  # longer than the tests' one-second LinkChecker timeout
# LinkChecker's own protocol: a server answering with this header is checked without its politeness
# pause (0.1–0.6 s between requests). The tests' servers are ours; bench/linkcheck.py keeps the pauses.
UNTHROTTLED = ("LinkChecker", "tests on 127.0.0.1")


class Handler(BaseHTTPRequestHandler):
    hits: Counter[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    unthrottled = True

    def _send(self, code: int, headers: tuple[tuple[str, str], ...] = (), body: bytes = b"<p>ok</p>") -> None:
        self.send_response(code)
        for key, value in (*headers, *((UNTHROTTLED,) if self.unthrottled else ())):
            self.send_header(key, value)
        self.send_header("Content-Type", "text/plain" if self.path.endswith(".txt") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with suppress(OSError):
                self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        self.hits[path] += 1
        first = self.hits[path] == 1
        routes = {
            "/ok": lambda: self._send(200),
            "/moved": lambda: self._send(301, (("Location", "/ok"),)),
            "/chain1": lambda: self._send(302, (("Location", "/chain2"),)),
            "/chain2": lambda: self._send(302, (("Location", "/ok"),)),
            "/loop": lambda: self._send(302, (("Location", "/loop"),)),
            "/gone": lambda: self._send(410),
            "/forbidden": lambda: self._send(403),
            "/ratelimited": lambda: self._send(429, (("Retry-After", "1"),)) if first else self._send(200),
            "/flaky": lambda: self._send(500) if first else self._send(200),
            "/unavailable": lambda: self._send(503),
            "/slow": lambda: (time.sleep(SLOW_SECONDS), self._send(200)),
            "/robots.txt": lambda: self._send(200, body=b"User-agent: *\nDisallow: /private\n"),
            "/private": lambda: self._send(200),
        }
        routes.get(path, lambda: self._send(404))()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


@contextmanager
def web_server(host: str = "127.0.0.1", delay: float = 0.0, polite: bool = False) -> Iterator[tuple[str, Counter[str]]]:
    """Start the server; yields its base URL (no trailing slash) and the hit counter. ``polite``:
    LinkChecker pauses between requests to it as to any other host."""
    hits: Counter[str] = Counter()

    class Bound(Handler):
        unthrottled = not polite

        def do_GET(self) -> None:
            if delay:
                time.sleep(delay)
            super().do_GET()

    Bound.hits = hits
    server = _Server((host, 0), Bound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
