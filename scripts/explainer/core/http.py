"""A polite, bounded HTTP client for fetching a document as received (``explainer add``).

Polite: robots.txt is read once per host (protego, RFC 9309: a missing one allows everything, a
server error on it refuses everything) and obeyed for every hop; a clear User-Agent; one request
to a host at a time. Bounded: a time limit per request that also covers a body trickling in, a
size limit (a larger announced Content-Length is refused unread, a longer stream is cut at the
limit), at most :data:`MAX_REDIRECTS` redirects, each recorded, a loop refused.

Every failure is a :class:`FetchError` with a kind (``timeout``, ``dns``, ``refused``, ``tls``,
``network``, ``robots``, ``redirects``, ``too-large``) and a sentence; an HTTP status is not a
failure here: the caller words 404, 403 or 429 for its purpose.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from protego import Protego

USER_AGENT = "explainer-add/1 (+https://github.com/; fetches a source that an explainer cites, once)"
ROBOTS_AGENT = "explainer-add"
MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 10
TIMEOUT = 20.0
ROBOTS_MAX_BYTES = 512 * 1024
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A request that gave no usable response: ``kind`` says why, ``url`` which request."""

    def __init__(self, kind: str, url: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.url, self.message = kind, url, message


@dataclass
class Response:
    """The last response after redirects: its status, headers that matter and the body as received."""

    url: str  # what was asked for
    final_url: str
    status: int
    content_type: str = ""
    body: bytes = b""
    retry_after: str | None = None
    redirects: list[str] = field(default_factory=list)  # the URLs that redirected, in order


@dataclass
class Client:
    """GETs documents politely within limits (see the module's docstring)."""

    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    robots_agent: str = ROBOTS_AGENT
    _hosts: dict[str, threading.Lock] = field(default_factory=dict, repr=False)
    _robots: dict[str, Protego | None] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _host_lock(self, url: str) -> threading.Lock:
        key = _origin(url)
        with self._lock:
            return self._hosts.setdefault(key, threading.Lock())

    def _session(self):
        import requests

        session = requests.Session()
        session.headers.update({"User-Agent": self.user_agent, "Accept-Encoding": "identity",
                                "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.1"})
        session.trust_env = False  # no proxy or .netrc from the environment: the request goes where it says
        return session

    def _one(self, session, url: str, limit: int) -> Response:
        """One GET without following redirects; the body read up to ``limit`` bytes."""
        import requests

        started = time.monotonic()
        try:
            with session.get(url, stream=True, allow_redirects=False, timeout=(self.timeout, self.timeout)) as reply:
                out = Response(url, url, reply.status_code, reply.headers.get("Content-Type", "") or "",
                               retry_after=reply.headers.get("Retry-After"))
                if reply.is_redirect or 300 <= reply.status_code < 400:
                    location = reply.headers.get("Location")
                    out.final_url = urljoin(url, location) if location else ""
                    return out
                length = reply.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > limit:
                    raise FetchError("too-large", url, f"the server announces {_size(int(length))}, more than the "
                                                       f"limit of {_size(limit)}")
                chunks, size = [], 0
                for chunk in reply.raw.stream(_CHUNK, decode_content=True):  # gzip undone: the limit counts what is kept
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        raise FetchError("too-large", url, f"the body is larger than the limit of {_size(limit)} "
                                                           "(cut off there, nothing kept)")
                    if time.monotonic() - started > self.timeout:
                        raise FetchError("timeout", url, f"the document did not arrive within {self.timeout:g} s")
                out.body = b"".join(chunks)
                return out
        except FetchError:
            raise
        except requests.exceptions.ConnectTimeout:
            raise FetchError("timeout", url, f"no connection within {self.timeout:g} s") from None
        except (requests.exceptions.ReadTimeout, TimeoutError):
            raise FetchError("timeout", url, f"no answer within {self.timeout:g} s") from None
        except requests.exceptions.SSLError as err:
            raise FetchError("tls", url, f"TLS error: {str(err)[:120]}") from None
        except requests.exceptions.ConnectionError as err:
            text = str(err)
            if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
                raise FetchError("dns", url, "the host name is not known (DNS lookup failed)") from None
            if "Connection refused" in text:
                raise FetchError("refused", url, "the connection was refused") from None
            if "timed out" in text or "Read timed out" in text:
                raise FetchError("timeout", url, f"no answer within {self.timeout:g} s") from None
            raise FetchError("network", url, f"network error: {text[:120]}") from None
        except requests.exceptions.RequestException as err:
            raise FetchError("network", url, f"request failed: {str(err)[:120]}") from None

    def _allowed(self, session, url: str) -> bool:
        """Whether the host's robots.txt lets :attr:`robots_agent` fetch ``url`` (RFC 9309)."""
        from protego import Protego

        origin = _origin(url)
        if origin not in self._robots:
            robots_url = urljoin(url, "/robots.txt")
            got = self._one(session, robots_url, ROBOTS_MAX_BYTES)
            for _ in range(5):  # RFC 9309: follow at least five redirects (http → https, → www.)
                if not (300 <= got.status < 400 and got.final_url):
                    break
                if urlsplit(got.final_url).scheme not in ("http", "https"):
                    break
                got = self._one(session, got.final_url, ROBOTS_MAX_BYTES)
            if got.status >= 500:
                self._robots[origin] = Protego.parse("User-agent: *\nDisallow: /\n")
            elif got.status == 200:
                self._robots[origin] = Protego.parse(got.body.decode("utf-8", errors="replace"))
            else:  # 4xx (or redirected too often): no rules
                self._robots[origin] = None
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(url, self.robots_agent)

    def get(self, url: str) -> Response:
        """GET ``url`` politely, following redirects one by one; raises :class:`FetchError`."""
        session = self._session()
        try:
            hops: list[str]
            current, hops = url, []
            for _ in range(self.max_redirects + 1):
                if urlsplit(current).scheme not in ("http", "https"):
                    raise FetchError("redirects", url, f"redirected to {current!r}, which is not an http(s) URL")
                with self._host_lock(current):
                    if not self._allowed(session, current):
                        raise FetchError("robots", current, f"robots.txt of {_origin(current)} does not allow "
                                                            f"{self.robots_agent} to fetch {current}")
                    got = self._one(session, current, self.max_bytes)
                if not 300 <= got.status < 400 or not got.final_url:  # a 3xx without Location ends here too
                    got.url, got.final_url, got.redirects = url, current, hops
                    return got
                hops.append(current)
                current = got.final_url
                if current in hops:
                    raise FetchError("redirects", url, f"redirect loop: {' → '.join([*hops, current])}")
            raise FetchError("redirects", url, f"more than {self.max_redirects} redirects: {' → '.join(hops)}")
        finally:
            session.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"
