"""A real HTTP server on 127.0.0.1 with one route per behaviour a link checker must classify
(and the HTTP client must handle: redirects into robots.txt's ban, a body trickling in, a form POST).

``/article…`` serve an HTML rendering of the three-language fixture's source article
(``tests/fixtures/three-languages/sources/articles/reopening.txt``), as its publisher might show
it: unchanged, with a quoted passage edited, with the paragraphs moved, behind a 403, as a
JavaScript-only shell, too large, mislabelled, moved to another host, and behind robots.txt.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

SLOW_SECONDS = 3  # longer than the tests' one-second LinkChecker timeout
ARTICLE_FILE = Path(__file__).resolve().parent / "fixtures/three-languages/sources/articles/reopening.txt"
HUGE_BYTES = 50 * 1024 * 1024  # what /article-huge and /article-endless announce or send
TRICKLE_BYTES = 3000  # /trickle: a minute at most


def article_paragraphs(text: str | None = None) -> tuple[str, list[str]]:
    """Title and paragraphs of the fixture article (wrapped lines joined, emphasis kept as ``*…*``)."""
    raw = text if text is not None else ARTICLE_FILE.read_text(encoding="utf-8")
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", raw.strip())]
    title = blocks[0].split(" =")[0].strip()
    body = [b for b in blocks[1:] if not b.startswith(("Published:", "Sources:"))]
    return title, body


def article_html(paragraphs: list[str] | None = None, title: str | None = None, before: str = "",
                 spacer: bool = False) -> str:
    """The article as a publisher's page: navigation and a teaser box around it, emphasis as
    ``<em>``, its lines wrapped as in the source, typographic quotation marks. ``spacer`` puts
    the text below the first screen (for the browser test)."""
    default_title, default_body = article_paragraphs()
    body = paragraphs if paragraphs is not None else default_body
    title = title or default_title

    def para(text: str) -> str:
        marked = html.escape(text, quote=False)
        marked = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", marked)
        marked = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", marked)
        words = marked.split(" ")
        return "<p>" + "\n".join(" ".join(words[i:i + 8]) for i in range(0, len(words), 8)) + "</p>"

    gap = '<div style="height: 2400px" aria-hidden="true"></div>' if spacer else ""
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)} – Gazette</title>"
            "<style>body{font: 16px/1.5 serif; max-width: 40em; margin: auto}</style></head><body>"
            "<header><nav><a href=/>Home</a> | <a href=/city>City</a></nav></header>"
            f"{before}{gap}<main><article><h1>{html.escape(title)}</h1>"
            + "".join(para(p) for p in body) + "</article></main><footer>© Gazette</footer></body></html>")


def _edited() -> str:
    _, body = article_paragraphs()
    return article_html([p.replace("980 of them could be restored", "most of them could be saved") for p in body])


def _moved() -> str:
    _, body = article_paragraphs()
    return article_html(["Updated: a correction was added below.", *reversed(body)])


SHELL = ('<!doctype html><html><head><meta charset=utf-8><title>Gazette</title>'
         '<script defer src="/static/app.js"></script></head><body><div id="root"></div>'
         "<noscript>You need to enable JavaScript to run this app.</noscript></body></html>")
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

    def _send(self, code: int, headers: tuple[tuple[str, str], ...] = (), body: bytes = b"<p>ok</p>",
              content_type: str | None = None) -> None:
        self.send_response(code)
        for key, value in (*headers, *((UNTHROTTLED,) if self.unthrottled else ())):
            self.send_header(key, value)
        self.send_header("Content-Type", content_type or ("text/plain" if self.path.endswith(".txt") else "text/html"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with suppress(OSError):
                self.wfile.write(body)

    def _page(self, text: str, charset: str = "utf-8", encoding: str = "utf-8") -> None:
        self._send(200, body=text.encode(encoding), content_type=f"text/html; charset={charset}")

    def _stream(self, announce: bool) -> None:
        """50 MB of text, announced in Content-Length or not; written until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if announce:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
        with suppress(OSError):
            for _ in range(HUGE_BYTES // len(chunk)):
                self.wfile.write(chunk)

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
            "/article": lambda: self._page(article_html()),
            "/article-edited": lambda: self._page(_edited()),
            "/article-moved": lambda: self._page(_moved()),
            "/article-forbidden": lambda: self._send(403, body=b"<p>Access denied</p>"),
            "/article-shell": lambda: self._page(SHELL),
            "/article-huge": lambda: self._stream(announce=True),
            "/article-endless": lambda: self._stream(announce=False),
            "/article-cp1252-says-utf8": lambda: self._page(LABELLED_PAGE, charset="utf-8", encoding="cp1252"),
            "/article-utf8-says-latin1": lambda: self._page(LABELLED_PAGE, charset="iso-8859-1"),
            "/article-elsewhere": lambda: self._send(
                302, (("Location", f"http://localhost:{self.server.server_address[1]}/article"),)),
            "/article-pdf": lambda: self._send(200, body=b"%PDF-1.7 ...", content_type="application/pdf"),
            "/private/article": lambda: self._page(article_html()),
            "/article-same-host": lambda: self._send(301, (("Location", "/article"),)),
            "/to-private": lambda: self._send(302, (("Location", "/private"),)),
            "/busy": lambda: self._send(503, (("Retry-After", "2"),)) if first else self._send(200),
            "/trickle": self._trickle,
        }
        if path == "/robots.txt" and self.robots_status != 200:
            return self._send(self.robots_status, body=b"")
        routes.get(path, lambda: self._send(404))()

    robots_status = 200

    def do_POST(self) -> None:
        """``/form`` answers the form it was sent as JSON; ``/form-303`` sends the client to ``/ok``."""
        self.hits[f"POST {self.path}"] += 1
        form = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if self.path == "/form":
            self._send(200, body=json.dumps(parse_qs(form)).encode(), content_type="application/json")
        elif self.path == "/form-303":
            self._send(303, (("Location", "/ok"),))
        else:
            self._send(404)

    def _trickle(self) -> None:
        """A body of one byte every 20 ms without a length, until the client hangs up (at most
        ``TRICKLE_BYTES``); the hang-up is counted as ``hung up /trickle``."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(TRICKLE_BYTES):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.02)  # the server's pace: a trickle, not a test's pause
        except OSError:
            self.hits["hung up /trickle"] += 1


# A page in German with umlauts and typographic quotes, for the charset routes.
LABELLED_PAGE = ("<!doctype html><title>Wasserschaden</title><p>Die Leiterin sprach von einem "
                 "\u201eschwarzen Tag f\u00fcr die Stadt\u201c und k\u00fcndigte an, die Bibliothek bleibe "
                 "\u201emindestens drei Wochen geschlossen\u201c.</p>")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


@contextmanager
def running(server: ThreadingHTTPServer) -> Iterator[str]:
    """``server`` answering on a thread of its own until the block ends; its base URL."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def web_server(host: str = "127.0.0.1", delay: float = 0.0, polite: bool = False,
               robots_status: int = 200) -> Iterator[tuple[str, Counter[str]]]:
    """Start the server; yields its base URL (no trailing slash) and the hit counter. ``polite``:
    LinkChecker pauses between requests to it as to any other host; ``robots_status`` other than
    200: robots.txt answers that, with no rules."""
    hits: Counter[str] = Counter()

    class Bound(Handler):
        unthrottled = not polite

        def do_GET(self) -> None:
            if delay:
                time.sleep(delay)
            super().do_GET()

    Bound.hits = hits
    Bound.robots_status = robots_status
    with running(_Server((host, 0), Bound)) as base:
        yield base, hits


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeClock:
    """Real time plus every pause taken: backoff and rate-limit waits against these servers cost
    nothing, while a time budget still counts them."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    def now(self) -> float:
        return time.monotonic() + sum(self.slept)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


class Gate:
    """What :func:`held_server` saw: requests in flight (held until :meth:`release`) and the most at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = threading.Event()
        self.in_flight = 0
        self.most = 0
        self.pages = 0  # page requests that arrived (robots.txt not counted)
        self.robots = 0

    def release(self) -> None:
        self.open.set()


@contextmanager
def held_server(bound: float = 10.0) -> Iterator[tuple[str, Gate]]:
    """A server whose every page waits until the test calls :meth:`Gate.release` (at most ``bound``
    seconds); robots.txt (allowing everything) answers at once."""
    gate = Gate()

    class Held(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                with gate.lock:
                    gate.robots += 1
                body = b"User-agent: *\nAllow: /\n"
            else:
                with gate.lock:
                    gate.in_flight += 1
                    gate.pages += 1
                    gate.most = max(gate.most, gate.in_flight)
                try:
                    gate.open.wait(bound)
                finally:
                    with gate.lock:
                        gate.in_flight -= 1
                body = b"<p>ok</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with running(_Server(("127.0.0.1", 0), Held)) as base:
        try:
            yield base, gate
        finally:
            gate.release()  # before the server shuts down: its held requests must end
