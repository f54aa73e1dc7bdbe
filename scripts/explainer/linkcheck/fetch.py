"""Fetching the pages that quotes cite, politely, through the generator's one HTTP client
(:class:`explainer.core.http.Client`): robots.txt obeyed (read with protego, once per host and
before any other request to it), at most ``per_host_parallel`` requests to a host at once and
``per_host_rate`` a second, a bounded read, redirects followed one by one (so a move to another
host is seen), every wait within a deadline.

LinkChecker says whether a URL answers but not what the page says; a page that a quote cites is
fetched here instead (one request for both: its status and its text), with the same politeness
settings (:class:`explainer.linkcheck.runner.Settings`), and its robots.txt read as LinkChecker
reads it (only one that answers 200 has rules), so that both give a URL the same status.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..core.http import Client, FetchError, HttpSettings, retry_after
from .runner import Settings

USER_AGENT = "Mozilla/5.0 (compatible; explainer-linkcheck/1; checks that cited quotes are still there)"
ROBOTS_AGENT = "explainer-linkcheck"
MAX_BYTES = 5 * 1024 * 1024  # read at most this much of a page
MAX_REDIRECTS = 10


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


def http_settings(settings: Settings, max_bytes: int = MAX_BYTES) -> HttpSettings:
    """The client's settings for checking quoted pages under the link check's ``settings``."""
    return HttpSettings(user_agent=USER_AGENT, robots_agent=ROBOTS_AGENT, accept="text/html,*/*;q=0.8",
                        timeout=float(settings.timeout), max_bytes=max_bytes, cut_oversize=True,
                        max_redirects=MAX_REDIRECTS, robots=settings.robots, robots_strict=False,
                        per_host_parallel=settings.per_host_parallel,
                        per_host_interval=1.0 / settings.per_host_rate if settings.per_host_rate > 0 else 0.0)


_DETAILS = {"dns": "DNS lookup failed", "refused": "connection refused", "robots": "robots.txt disallows checking it; "
            "not checked", "budget": "not checked within the total time limit"}


def _failed(url: str, err: FetchError) -> Fetched:
    """A :class:`FetchError` in the words of the link check's report."""
    out = Fetched(url, err.url)
    if err.kind == "redirects":
        out.error = "redirect-loop"
        out.detail = "redirect loop" if err.message.startswith("redirect loop") else \
            f"more than {MAX_REDIRECTS} redirects" if err.message.startswith("more than") else err.message
    elif err.kind == "timeout":
        out.error = "timeout"
        out.detail = ("the page did not arrive within the time limit" if "did not arrive" in err.message
                      else "no answer within the time limit")
    else:
        out.error = err.kind if err.kind in (*_DETAILS, "tls") else "network"
        out.detail = _DETAILS.get(err.kind) or (err.message if err.kind == "tls" else err.reason[:120])
    return out


class Fetcher:
    """GETs pages within ``deadline`` (a ``clock()`` value) under ``settings``' politeness."""

    def __init__(self, settings: Settings, deadline: float, max_bytes: int = MAX_BYTES,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.client = Client(http_settings(settings, max_bytes), clock=clock, sleep=sleep)

    def get(self, url: str) -> Fetched:
        """GET ``url``, following up to :data:`MAX_REDIRECTS` redirects (each hop polite too)."""
        try:
            got = self.client.get(url, deadline=self.deadline)
        except FetchError as err:
            return _failed(url, err)
        return Fetched(url, got.final_url, got.status, got.content_type, got.body, got.length, got.truncated,
                       retry_after=retry_after(got.retry_after), hops=got.redirects)

    def get_all(self, urls: list[str]) -> dict[str, Fetched]:
        """GET every URL: one lane (a thread working through its share in turn) per allowed
        parallel request to a host, at most ``settings.processes`` lanes at once; so a host's
        queue never holds up another host."""
        lanes = partition(urls, self.settings.per_host_parallel)
        out: dict[str, Fetched] = {}
        with self.client, ThreadPoolExecutor(max_workers=max(1, min(self.settings.processes, len(lanes)))) as pool:
            for fetched_lane in pool.map(lambda lane: [self.get(url) for url in lane], lanes):
                out.update((fetched.url, fetched) for fetched in fetched_lane)
        return {url: out[url] for url in urls}


def partition(urls: list[str], per_host: int, min_size: int = 1) -> list[list[str]]:
    """Split URLs into single-host lanes, at most ``per_host`` for any host and none split off with
    fewer than ``min_size`` URLs, longest first."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    lanes = []
    for host_urls in by_host.values():
        count = max(1, min(per_host, len(host_urls) // min_size))
        lanes += [host_urls[index::count] for index in range(count)]
    return sorted(lanes, key=len, reverse=True)
