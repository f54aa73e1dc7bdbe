"""The one HTTP client of the generator: every request it makes itself goes through :class:`Client`
(``explainer add``, the pages that quotes cite in ``make linkcheck``, Save Page Now in ``make
archive``; LinkChecker makes its own plain status checks).

Polite, per host: robots.txt read once per origin with protego (before any other request to it,
the other requests waiting for its rules) and obeyed for every hop by :attr:`HttpSettings.robots_agent`;
at most :attr:`HttpSettings.per_host_parallel` requests at once and starts at least
:attr:`HttpSettings.per_host_interval` seconds apart; ``Retry-After`` honoured on 429 and 503, and
other transient failures (500, 502, 504) retried with backoff, at most :attr:`HttpSettings.retries`
times and never past the caller's deadline.

Bounded: a time limit per request that also covers a body trickling in, a size limit (a larger
announced ``Content-Length`` is not read at all, a longer stream is cut at the limit), redirects
followed one by one and recorded (a move to another host is seen, a loop refused, at most
:attr:`HttpSettings.max_redirects`).

Every request that gives no usable response raises :class:`FetchError` with a kind (``timeout``,
``dns``, ``refused``, ``tls``, ``network``, ``robots``, ``redirects``, ``too-large``, ``budget``)
and a sentence; an HTTP status is not a failure here: the caller words 404, 403 or 429 for its
purpose. The settings are a frozen dataclass passed in; the clock and the sleep are injectable, so
that a test's fake clock pays for every wait.
"""

from __future__ import annotations

import email.utils
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    import requests
    from protego import Protego

USER_AGENT = "explainer-add/1 (+https://github.com/; fetches a source that an explainer cites, once)"
ROBOTS_AGENT = "explainer-add"
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.1"
MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 10
TIMEOUT = 20.0
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: a crawler reads at least 500 KiB of it
ROBOTS_REDIRECTS = 5  # RFC 9309: follow at least five redirects (http → https, → www.)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK = 64 * 1024
_DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


class FetchError(Exception):
    """A request that gave no usable response: ``kind`` says why, ``url`` which request, ``reason``
    the underlying error as the system worded it (``[Errno 111] Connection refused``)."""

    def __init__(self, kind: str, url: str, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.kind, self.url, self.message, self.reason = kind, url, message, reason or message


@dataclass(frozen=True)
class HttpSettings:
    """Who the client says it is, how politely it asks and within which bounds."""

    user_agent: str = USER_AGENT
    robots_agent: str = ROBOTS_AGENT  # the name robots.txt groups are matched against
    accept: str = ACCEPT
    timeout: float = TIMEOUT  # seconds per request, the body included
    max_bytes: int = MAX_BYTES
    cut_oversize: bool = False  # True: keep the first max_bytes of a longer body (truncated); False: too-large
    max_redirects: int = MAX_REDIRECTS
    robots: bool = True  # False only for an API that is not crawled (Save Page Now)
    # True (RFC 9309): a robots.txt that answers 5xx or cannot be read forbids everything; False
    # (as LinkChecker reads it): only a robots.txt that answers 200 has rules.
    robots_strict: bool = True
    per_host_parallel: int = 1
    per_host_interval: float = 0.0  # seconds between the starts of two requests to one host
    retries: int = 0  # after 429/5xx: at most this many more tries of a request
    backoff: float = 1.0  # seconds before the first retry without Retry-After (doubles each time)
    max_wait: float = 600.0  # a Retry-After longer than this is not waited for


@dataclass
class Response:
    """The last response after redirects: its status, the headers that matter and the body as received."""

    url: str  # what was asked for
    final_url: str
    status: int
    content_type: str = ""
    body: bytes = b""
    retry_after: str | None = None  # the header as sent
    length: int | None = None  # the Content-Length the server announced
    truncated: bool = False  # only with cut_oversize: more than max_bytes, the body holds the first max_bytes
    redirects: list[str] = field(default_factory=list)  # the URLs that redirected, in order
    location: str = ""  # a 3xx's Location, resolved

    @property
    def moved_host(self) -> bool:
        """Whether the redirects ended on another host than the one asked."""
        return _host(self.url) != _host(self.final_url)


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
    """One host's share of the politeness: its parallel slots and its pace."""

    def __init__(self, parallel: int) -> None:
        self.slots = threading.BoundedSemaphore(max(1, parallel))
        self.lock = threading.Lock()
        self.next_start = float("-inf")


class _Robots:
    """One origin's robots.txt: read by the first request while the others wait on ``lock``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.read = False
        self.rules: Protego | None = None


class Client:
    """GETs and POSTs politely within limits (see the module's docstring). ``clock`` and ``sleep``
    are the time every wait is measured in (a test passes a fake one); thread-safe."""

    def __init__(self, settings: HttpSettings | None = None, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or HttpSettings()
        self.clock, self.sleep = clock, sleep
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._lock = threading.Lock()
        self._session: requests.Session | None = None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections kept open."""
        with self._lock:
            session, self._session = self._session, None
        if session is not None:
            session.close()

    # ------------------------------------------------------------------ the public requests

    def get(self, url: str, *, deadline: float | None = None, headers: Mapping[str, str] | None = None) -> Response:
        """GET ``url``, following redirects one by one (each hop polite); raises :class:`FetchError`.
        ``deadline`` (a :attr:`clock` value) bounds every wait and request."""
        return self.request("GET", url, deadline=deadline, headers=headers)

    def post(self, url: str, form: Mapping[str, str], *, deadline: float | None = None,
             headers: Mapping[str, str] | None = None) -> Response:
        """POST ``form`` (``application/x-www-form-urlencoded``) to ``url``; as :meth:`get`."""
        return self.request("POST", url, form=form, deadline=deadline, headers=headers)

    def request(self, method: str, url: str, *, form: Mapping[str, str] | None = None, deadline: float | None = None,
                headers: Mapping[str, str] | None = None) -> Response:
        """One request with its redirects, retried after 429 and 5xx as the settings allow."""
        for attempt in range(self.settings.retries + 1):
            got = self._follow(method, url, form, deadline, headers)
            if got.status not in RETRY_STATUSES or attempt == self.settings.retries:
                return got
            wait = retry_after(got.retry_after) if got.status in (429, 503) else None
            if wait is None:
                wait = self.settings.backoff * 2 ** attempt
            if wait > self.settings.max_wait or (deadline is not None and self.clock() + wait > deadline):
                return got  # not worth waiting for: the caller words the 429 or 5xx
            if wait > 0:
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    # ------------------------------------------------------------------ redirects, one by one

    def _follow(self, method: str, url: str, form: Mapping[str, str] | None, deadline: float | None,
                headers: Mapping[str, str] | None) -> Response:
        current = url
        hops: list[str] = []
        for _ in range(self.settings.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError("redirects", url, f"redirected to {current!r}, which is not an http(s) URL")
            got = self._polite(method, current, form, deadline, headers, self.settings.max_bytes,
                               self.settings.cut_oversize)
            if not got.location:  # not a redirect, or a 3xx without Location: this is the answer
                got.url, got.final_url, got.redirects = url, current, hops
                return got
            hops.append(current)
            if got.status == 303 or (got.status in (301, 302) and method == "POST"):
                method, form = "GET", None  # as browsers do; 307 and 308 repeat the request as it was
            current = got.location
            if current in hops:
                raise FetchError("redirects", url, f"redirect loop: {' → '.join([*hops, current])}")
        raise FetchError("redirects", url, f"more than {self.settings.max_redirects} redirects: {' → '.join(hops)}")

    def _polite(self, method: str, url: str, form: Mapping[str, str] | None, deadline: float | None,
                headers: Mapping[str, str] | None, limit: int, cut: bool) -> Response:
        """One request to one host: within its parallel slots, after its robots.txt, at its pace."""
        host = self._host(url)
        with host.slots:
            if self.settings.robots and not self._allowed(host, url, deadline):
                raise FetchError("robots", url, f"robots.txt of {_origin(url)} does not allow "
                                                f"{self.settings.robots_agent} to fetch {url}")
            self._pace(host, url, deadline)
            return self._once(method, url, form, deadline, headers, limit, cut)

    def _host(self, url: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(_host(url), _Host(self.settings.per_host_parallel))

    def _pace(self, host: _Host, url: str, deadline: float | None) -> None:
        """Wait for this host's next start; :class:`FetchError` ``budget`` if it comes after ``deadline``."""
        with host.lock:
            start = max(self.clock(), host.next_start)
            if deadline is not None and start >= deadline:
                raise FetchError("budget", url, "not asked within the time limit")
            host.next_start = start + self.settings.per_host_interval
        delay = start - self.clock()
        if delay > 0:
            self.sleep(delay)

    # ------------------------------------------------------------------ robots.txt

    def _allowed(self, host: _Host, url: str, deadline: float | None) -> bool:
        """Whether the origin's robots.txt lets :attr:`HttpSettings.robots_agent` fetch ``url``."""
        origin = _origin(url)
        with self._lock:
            robots = self._robots.setdefault(origin, _Robots())
        if not robots.read:
            self._read_robots(robots, host, url, deadline)
        return robots.rules is None or robots.rules.can_fetch(url, self.settings.robots_agent)

    def _read_robots(self, robots: _Robots, host: _Host, url: str, deadline: float | None) -> None:
        """Read robots.txt under the origin's lock: a second request waits until the rules are known."""
        from protego import Protego

        with robots.lock:
            if robots.read:
                return
            strict = self.settings.robots_strict
            self._pace(host, url, deadline)
            target = urljoin(url, "/robots.txt")
            try:
                got = self._once("GET", target, None, deadline, None, ROBOTS_MAX_BYTES, True)
                for _ in range(ROBOTS_REDIRECTS):
                    if not got.location or urlsplit(got.location).scheme not in ("http", "https"):
                        break
                    got = self._once("GET", got.location, None, deadline, None, ROBOTS_MAX_BYTES, True)
            except FetchError:
                if strict:
                    raise  # nothing known: nothing fetched, and the caller says why
                got = Response(target, target, 0)
            if got.status == 200:
                robots.rules = Protego.parse(got.body.decode("utf-8", errors="replace"))
            elif strict and got.status >= 500:
                robots.rules = Protego.parse(_DISALLOW_ALL)
            robots.read = True  # only now: the rules (or their absence) are known

    # ------------------------------------------------------------------ one request

    def _session_for_requests(self) -> requests.Session:
        import requests
        from requests.adapters import HTTPAdapter

        with self._lock:
            if self._session is None:
                session = requests.Session()
                session.headers.update({"User-Agent": self.settings.user_agent, "Accept": self.settings.accept,
                                        "Accept-Encoding": "identity"})
                session.trust_env = False  # no proxy or .netrc from the environment: the request goes where it says
                adapter = HTTPAdapter(pool_maxsize=max(10, self.settings.per_host_parallel), max_retries=0)
                session.mount("http://", adapter)
                session.mount("https://", adapter)
                self._session = session
            return self._session

    def _once(self, method: str, url: str, form: Mapping[str, str] | None, deadline: float | None,
              headers: Mapping[str, str] | None, limit: int, cut: bool) -> Response:
        """One request without following redirects; the body read up to ``limit`` bytes."""
        import requests
        import urllib3

        timeout = self.settings.timeout
        if deadline is not None:
            timeout = max(0.1, min(timeout, deadline - self.clock()))
        started = self.clock()
        session = self._session_for_requests()
        try:
            with session.request(method, url, data=dict(form) if form is not None else None, headers=dict(headers or {}),
                                 stream=True, allow_redirects=False, timeout=(timeout, timeout)) as reply:
                out = Response(url, url, reply.status_code, reply.headers.get("Content-Type", "") or "",
                               retry_after=reply.headers.get("Retry-After"))
                location = reply.headers.get("Location")
                if 300 <= reply.status_code < 400 and location:
                    out.location = urljoin(url, location)
                    return out
                length = reply.headers.get("Content-Length", "")
                out.length = int(length) if length.isdigit() else None
                if out.length is not None and out.length > limit:
                    if cut:
                        out.truncated = True  # not read at all: the size alone says it is too large
                        return out
                    raise FetchError("too-large", url, f"the server announces {_size(out.length)}, more than the "
                                                       f"limit of {_size(limit)}")
                chunks: list[bytes] = []
                size = 0
                while True:
                    # read1: whatever has arrived (at most a chunk), so a trickle is measured between reads
                    chunk = reply.raw.read1(_CHUNK, decode_content=True)  # gzip undone: the limit counts what is kept
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        if cut:
                            out.truncated = True
                            break
                        raise FetchError("too-large", url, f"the body is larger than the limit of {_size(limit)} "
                                                           "(cut off there, nothing kept)")
                    if self.clock() - started > timeout:
                        raise FetchError("timeout", url, f"the document did not arrive within {timeout:g} s")
                out.body = b"".join(chunks)[:limit]
                return out
        except FetchError:
            raise
        except requests.exceptions.ConnectTimeout as err:
            raise FetchError("timeout", url, f"no connection within {timeout:g} s", _reason(err)) from None
        except requests.exceptions.SSLError as err:
            raise FetchError("tls", url, f"TLS error: {_reason(err)[:120]}", _reason(err)) from None
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as err:
            raise _failure(url, err, timeout) from None  # urllib3's own: raised while the body streams in


def _reason(err: BaseException) -> str:
    """The innermost cause of ``err`` as the system worded it (``[Errno 111] Connection refused``)."""
    root = _root(err)
    return str(root) or type(root).__name__


def _root(err: BaseException) -> BaseException:
    seen: set[int] = set()
    current = err
    while id(current) not in seen:
        seen.add(id(current))
        inner = getattr(current, "reason", None)
        if not isinstance(inner, BaseException):
            args = getattr(current, "args", ())
            inner = args[0] if args and isinstance(args[0], BaseException) else None
        inner = inner or current.__cause__ or current.__context__
        if inner is None:
            break
        current = inner
    return current


def _failure(url: str, err: BaseException, timeout: float) -> FetchError:
    """Name a failure that gave no response: DNS, refused connection, TLS, timeout, other."""
    import requests
    import urllib3

    root = _root(err)
    reason = _reason(err)
    text = f"{err} {reason}"
    if isinstance(root, socket.gaierror) or "Name or service not known" in text or "nodename nor servname" in text:
        return FetchError("dns", url, "the host name is not known (DNS lookup failed)", reason)
    if isinstance(root, ConnectionRefusedError) or "Connection refused" in text:
        return FetchError("refused", url, "the connection was refused", reason)
    if isinstance(root, ssl.SSLError):
        return FetchError("tls", url, f"TLS error: {reason[:120]}", reason)
    if isinstance(err, requests.exceptions.Timeout | urllib3.exceptions.TimeoutError | TimeoutError) \
            or isinstance(root, TimeoutError) or "timed out" in text:
        return FetchError("timeout", url, f"no answer within {timeout:g} s", reason)
    return FetchError("network", url, f"network error: {reason[:120]}", reason)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"
