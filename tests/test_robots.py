"""robots.txt in the quoted-page fetcher: read once per host, under a lock, before any other
request to that host; its rules read with protego (wildcards, ``$``, the longest match).

A real server on 127.0.0.1 whose robots.txt waits on an event the test releases: the test lets
robots.txt answer only once every other lane is either waiting for it or has already asked the
host for a page (which the old fetcher did: it marked robots.txt read before it had arrived).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from explainer.linkcheck.fetch import Fetcher
from explainer.linkcheck.runner import Settings
from webserver import running

BOUND = 10.0  # seconds: the most any poll below waits before it fails the test


class _Server(ThreadingHTTPServer):
    daemon_threads = True


@contextmanager
def robots_server(robots: str, release: threading.Event | None = None,
                  moved_to: str = "") -> Iterator[tuple[str, list[str], list[str]]]:
    """A server whose ``/robots.txt`` is ``robots`` (sent once ``release`` is set, if given; with
    ``moved_to``, a 301 to that path, which sends it) and whose every other path is a small page.
    Yields the base URL, the paths requested (in order, as they arrived) and the log of events
    ("robots asked", "robots answered", "page /x")."""
    paths: list[str] = []
    events: list[str] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with lock:
                paths.append(self.path)
                events.append("robots asked" if self.path in ("/robots.txt", moved_to) else f"page {self.path}")
            if moved_to and self.path == "/robots.txt":
                self.send_response(301)
                self.send_header("Location", moved_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path in ("/robots.txt", moved_to):
                if release is not None and not release.wait(BOUND):
                    raise AssertionError("robots.txt was never released")
                body = robots.encode()
                with lock:
                    events.append("robots answered")
            else:
                body = b"<p>page</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain" if self.path in ("/robots.txt", moved_to) else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with running(_Server(("127.0.0.1", 0), Handler)) as base:
        yield base, paths, events


def _fetcher(parallel: int = 2) -> Fetcher:
    settings = Settings(timeout=BOUND, per_host_rate=0, per_host_parallel=parallel, processes=8)
    return Fetcher(settings, time.monotonic() + 60)


def _waiting_for_robots() -> int:
    """Threads stopped in the HTTP client itself (their innermost Python frame is where it reads
    robots.txt, not in the socket code below it): with the robots lock held by the reader, they wait for it."""
    count = 0
    for ident, frame in sys._current_frames().items():
        if ident != threading.get_ident() and frame.f_code.co_filename.endswith("core/http.py") \
                and frame.f_code.co_name == "_read_robots":
            count += 1
    return count


def _poll(condition, what: str) -> None:
    end = time.monotonic() + BOUND
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not within {BOUND} s: {what}")
        time.sleep(0.005)  # polling interval of a bounded wait, not a fixed pause


def _fetch_while_robots_txt_waits(urls: list[str], release: threading.Event, events: list[str]) -> dict:
    """Fetch ``urls`` on two lanes while the server holds robots.txt back; release it once the
    second lane either waits for the rules (fixed) or has gone ahead and asked for a page (the race)."""
    fetcher = _fetcher(parallel=2)
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(fetcher.get_all(urls)), daemon=True)
    worker.start()
    _poll(lambda: "robots asked" in events, "robots.txt requested")
    _poll(lambda: _waiting_for_robots() >= 1 or any(e.startswith("page") for e in events),
          "the second lane waits for robots.txt or requests a page")
    release.set()
    worker.join(BOUND)
    assert not worker.is_alive()
    return result


def test_a_slow_disallow_all_robots_txt_stops_every_concurrent_request() -> None:
    """Two lanes to one host, four pages, robots.txt ``Disallow: /`` that answers only when the
    test says so: no page is requested, robots.txt is asked once."""
    release = threading.Event()
    with robots_server("User-agent: *\nDisallow: /\n", release) as (base, paths, events):
        urls = [f"{base}/page-{n}" for n in range(4)]
        result = _fetch_while_robots_txt_waits(urls, release, events)
    assert [e for e in events if e.startswith("page")] == [], events
    assert paths.count("/robots.txt") == 1
    assert {url: fetched.error for url, fetched in result.items()} == dict.fromkeys(urls, "robots")


def test_pages_wait_for_robots_txt_then_go_where_it_allows() -> None:
    """With ``Disallow: /private``: robots.txt answered before the first page, then only the
    allowed pages fetched; robots.txt asked once for all of them."""
    release = threading.Event()
    with robots_server("User-agent: *\nDisallow: /private\n", release) as (base, _paths, events):
        urls = [f"{base}/open-1", f"{base}/private/a", f"{base}/open-2", f"{base}/private/b"]
        result = _fetch_while_robots_txt_waits(urls, release, events)
    assert events[:2] == ["robots asked", "robots answered"], events
    assert sorted(e for e in events[2:]) == ["page /open-1", "page /open-2"]
    assert {url: (fetched.status, fetched.error) for url, fetched in result.items()} == {
        urls[0]: (200, ""), urls[1]: (None, "robots"), urls[2]: (200, ""), urls[3]: (None, "robots")}


ROBOTS_WILDCARDS = """\
User-agent: *
Disallow: /*.pdf$
Disallow: /private
Allow: /private/open
Disallow: /search?q=
Disallow: /drafts/*/edit

User-agent: explainer-linkcheck
Disallow: /*.pdf$
Disallow: /private
Allow: /private/open
Disallow: /search?q=
Disallow: /drafts/*/edit
Disallow: /only-for-us
"""


@pytest.mark.parametrize(("path", "allowed"), [
    ("/report.pdf", False),
    ("/docs/2024/report.pdf", False),
    ("/report.pdf?download=1", True),  # `$`: the path must end in .pdf
    ("/report.pdf.html", True),
    ("/private", False),
    ("/private/secret", False),
    ("/private/open", True),  # the longer Allow wins over the shorter Disallow
    ("/private/open/page", True),
    ("/search?q=sora", False),
    ("/search", True),
    ("/drafts/7/edit", False),
    ("/drafts/7/view", True),
    ("/only-for-us", False),  # the group naming this agent applies, not '*'
    ("/article", True),
])
def test_wildcard_rules_are_read_as_rfc_9309(path: str, allowed: bool) -> None:
    with robots_server(ROBOTS_WILDCARDS) as (base, paths, _):
        fetched = _fetcher().get(base + path)
    assert (fetched.error != "robots") is allowed, fetched
    assert (path in paths) is allowed
    assert paths[0] == "/robots.txt"


def test_a_moved_robots_txt_is_followed() -> None:
    """robots.txt answering 301 (say, http → https) is followed, as RFC 9309 asks; before, the
    redirect counted as no robots.txt and everything was fetched."""
    with robots_server("User-agent: *\nDisallow: /\n", moved_to="/policies/robots.txt") as (base, paths, _):
        fetched = _fetcher().get(base + "/article")
    assert fetched.error == "robots", fetched
    assert paths == ["/robots.txt", "/policies/robots.txt"]
