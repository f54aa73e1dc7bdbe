"""Fetching the pages that quotes cite, politely: robots.txt obeyed (read with protego, once per
host and before any other request to it), at most
``per_host_parallel`` requests to a host at once and ``per_host_rate`` a second, a bounded read,
redirects followed one by one (so a move to another host is seen), every wait within a deadline.

LinkChecker says whether a URL answers but not what the page says; a page that a quote cites is
fetched here instead (one request for both: its status and its text), with the same politeness
settings (:class:`explainer.linkcheck.runner.Settings`).
"""

from __future__ import annotations

import email.utils
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from protego import Protego

from .runner import Settings

USER_AGENT = "Mozilla/5.0 (compatible; explainer-linkcheck/1; checks that cited quotes are still there)"
ROBOTS_AGENT = "explainer-linkcheck"
MAX_BYTES = 5 * 1024 * 1024  # read at most this much of a page
MAX_REDIRECTS = 10
ROBOTS_REDIRECTS = 5  # robots.txt moved (http → https, another path): followed this often
_CHUNK = 64 * 1024


@dataclass
class Fetched:
    """What one GET of a page gave (after redirects), or why it gave nothing."""

    url: str
    final_url: str
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    length: int | None = None  # the Content-Length the server announced
    truncated: bool = False  # more than MAX_BYTES: only the first MAX_BYTES were read
    error: str = ""  # "dns", "timeout", "refused", "robots", "redirect-loop", "tls", "network", "budget"
    detail: str = ""
    retry_after: int | None = None
    hops: list[str] = field(default_factory=list)  # every URL redirected through


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as responses: each hop is checked (robots.txt, host, count)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def retry_after(value: str | None, now: float | None = None) -> int | None:
    """Seconds from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0, int(when.timestamp() - (time.time() if now is None else now)))


class _Host:
    """One host's share of the politeness: a limit on parallel requests, a pace, its robots.txt."""

    def __init__(self, parallel: int, rate: float) -> None:
        self.slots = threading.BoundedSemaphore(max(1, parallel))
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.lock = threading.Lock()
        self.next_start = 0.0
        # robots.txt: read by the first request to the host while the others wait on this lock,
        # so no request reaches the host before its rules are known.
        self.robots_lock = threading.Lock()
        self.robots: Protego | None = None
        self.robots_read = False

    def pace(self, deadline: float) -> bool:
        """Wait for this host's next request slot; False if it comes after ``deadline``."""
        with self.lock:
            start = max(time.monotonic(), self.next_start)
            self.next_start = start + self.interval
        if start >= deadline:
            return False
        delay = start - time.monotonic()
        if delay > 0:
            time.sleep(delay)  # politeness towards the server: real time, never the test's fake clock
        return True


class Fetcher:
    """GETs pages within ``deadline`` (a ``time.monotonic()`` value) under ``settings``' politeness."""

    def __init__(self, settings: Settings, deadline: float, max_bytes: int = MAX_BYTES) -> None:
        self.settings = settings
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.hosts: dict[str, _Host] = {}
        self.lock = threading.Lock()
        self.opener = urllib.request.build_opener(_NoRedirect(), urllib.request.HTTPSHandler(
            context=ssl.create_default_context()))

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self.lock:
            if key not in self.hosts:
                self.hosts[key] = _Host(self.settings.per_host_parallel, self.settings.per_host_rate)
            return self.hosts[key]

    def _timeout(self) -> float:
        return max(0.1, min(float(self.settings.timeout), self.deadline - time.monotonic()))

    def _request(self, url: str, limit: int) -> Fetched:
        """One GET without following redirects (the caller holds the host's slot)."""
        out = Fetched(url, url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8",
                                                       "Accept-Encoding": "identity"})
        started = time.monotonic()
        try:
            response = self.opener.open(request, timeout=self._timeout())
        except urllib.error.HTTPError as err:  # 3xx (not followed), 4xx, 5xx: a response all the same
            response = err
        except urllib.error.URLError as err:
            return _network_error(out, err.reason)
        except TimeoutError:
            out.error, out.detail = "timeout", "no answer within the time limit"
            return out
        except (OSError, ValueError) as err:
            return _network_error(out, err)
        with response:
            out.status = response.status if hasattr(response, "status") else response.code
            headers = response.headers
            out.content_type = headers.get("Content-Type", "") or ""
            out.retry_after = retry_after(headers.get("Retry-After"))
            location = headers.get("Location")
            if location and 300 <= (out.status or 0) < 400:
                out.final_url = urljoin(url, location)
                return out
            length = headers.get("Content-Length")
            out.length = int(length) if length and length.isdigit() else None
            if out.length is not None and out.length > limit:
                out.truncated = True  # not read at all: the size alone says it is too large
                return out
            chunks: list[bytes] = []
            size = 0
            try:
                while size <= limit:
                    if time.monotonic() - started > self.settings.timeout:
                        out.error, out.detail = "timeout", "the page did not arrive within the time limit"
                        return out
                    chunk = response.read(min(_CHUNK, limit + 1 - size))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
            except TimeoutError:
                out.error, out.detail = "timeout", "the page did not arrive within the time limit"
                return out
            except OSError as err:
                return _network_error(out, err)
            body = b"".join(chunks)
            out.truncated = len(body) > limit
            out.body = body[:limit]
        return out

    def _robots(self, host: _Host, url: str) -> bool:
        """Read the host's robots.txt unless it has been read (under the host's robots lock: a
        second request waits until the rules are known); False if the deadline came first.
        A missing or unreadable robots.txt allows everything, as LinkChecker reads it."""
        with host.robots_lock:
            if host.robots_read:
                return True
            if not host.pace(self.deadline):
                return False
            got = self._request(urljoin(url, "/robots.txt"), 512 * 1024)
            for _ in range(ROBOTS_REDIRECTS):  # RFC 9309: follow at least five redirects
                if got.error or not 300 <= (got.status or 0) < 400 or got.final_url == got.url:
                    break
                got = self._request(got.final_url, 512 * 1024)
            if got.status == 200 and not got.error:
                host.robots = Protego.parse(got.body.decode("utf-8", errors="replace"))
            host.robots_read = True  # only now: the rules (or their absence) are known
            return True

    def _allowed(self, host: _Host, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url`` (wildcards and ``$`` as RFC 9309 and Google read them)."""
        return host.robots is None or host.robots.can_fetch(url, ROBOTS_AGENT)

    def get(self, url: str) -> Fetched:
        """GET ``url``, following up to :data:`MAX_REDIRECTS` redirects (each hop polite too)."""
        current = url
        hops: list[str] = []
        for _ in range(MAX_REDIRECTS + 1):
            host = self._host(current)
            with host.slots:
                if self.settings.robots and not self._robots(host, current):
                    return Fetched(url, current, error="budget", detail="not checked within the total time limit")
                if self.settings.robots and not self._allowed(host, current):
                    return Fetched(url, current, error="robots", detail="robots.txt disallows checking it; not checked",
                                   hops=hops)
                if not host.pace(self.deadline):
                    return Fetched(url, current, error="budget", detail="not checked within the total time limit")
                got = self._request(current, self.max_bytes)
            got.url, got.hops = url, hops
            if got.error or not 300 <= (got.status or 0) < 400:
                got.final_url = current
                return got
            hops.append(current)
            current = got.final_url
            if current in hops:  # back to a URL already seen (itself included)
                return Fetched(url, current, error="redirect-loop", detail="redirect loop", hops=hops)
        return Fetched(url, current, error="redirect-loop", detail=f"more than {MAX_REDIRECTS} redirects", hops=hops)

    def get_all(self, urls: list[str]) -> dict[str, Fetched]:
        """GET every URL: one lane (a thread working through its share in turn) per allowed
        parallel request to a host, at most ``settings.processes`` lanes at once; so a host's
        queue never holds up another host."""
        lanes = partition(urls, self.settings.per_host_parallel)
        out: dict[str, Fetched] = {}
        with ThreadPoolExecutor(max_workers=max(1, min(self.settings.processes, len(lanes)))) as pool:
            for fetched_lane in pool.map(lambda lane: [self.get(url) for url in lane], lanes):
                out.update((fetched.url, fetched) for fetched in fetched_lane)
        return {url: out[url] for url in urls}


def partition(urls: list[str], per_host: int) -> list[list[str]]:
    """Split URLs into single-host lanes, at most ``per_host`` for any host, longest first."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    lanes = []
    for host_urls in by_host.values():
        count = max(1, min(per_host, len(host_urls)))
        lanes += [host_urls[index::count] for index in range(count)]
    return sorted(lanes, key=len, reverse=True)


def _network_error(out: Fetched, reason: object) -> Fetched:
    """Name a failure that reached no server: DNS, refused connection, TLS, timeout."""
    text = str(reason)
    if isinstance(reason, socket.gaierror) or "Name or service not known" in text or "nodename nor servname" in text:
        out.error, out.detail = "dns", "DNS lookup failed"
    elif isinstance(reason, TimeoutError) or "timed out" in text:
        out.error, out.detail = "timeout", "no answer within the time limit"
    elif isinstance(reason, ConnectionRefusedError):
        out.error, out.detail = "refused", "connection refused"
    elif isinstance(reason, ssl.SSLError):
        out.error, out.detail = "tls", f"TLS error: {text[:100]}"
    else:
        out.error, out.detail = "network", text[:120] or type(reason).__name__
    return out
