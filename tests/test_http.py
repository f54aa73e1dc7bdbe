"""The one HTTP client (``explainer.core.http``) against real servers on 127.0.0.1: robots.txt
read once per host and obeyed on every hop, the per-host parallel limit and pace, Retry-After and
backoff in a fake clock's time, redirects recorded (a loop refused, a limit, another host seen),
the size limit, a trickling body stopped by the time bound, a form POST, failure kinds."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from explainer.core.http import Client, FetchError, HttpSettings
from webserver import FakeClock, closed_port, held_server, web_server

BOUND = 10.0  # seconds: the most any poll below waits before it fails the test
QUICK = HttpSettings(timeout=5.0)


def _poll(condition: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + BOUND
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not within {BOUND} s: {what}")
        time.sleep(0.005)  # polling interval of a bounded wait, not a fixed pause


def _error(call: Callable[[], object]) -> FetchError:
    with pytest.raises(FetchError) as caught:
        call()
    return caught.value


# ---------------------------------------------------------------------------- robots.txt

def test_robots_txt_is_read_once_per_host_however_many_ask_at_once() -> None:
    with web_server() as (one, hits_one), web_server() as (two, hits_two), \
            Client(HttpSettings(timeout=5.0, per_host_parallel=4)) as client, ThreadPoolExecutor(8) as pool:
        urls = [f"{base}/ok" for base in (one, two) for _ in range(8)]
        statuses = list(pool.map(lambda url: client.get(url).status, urls))
    assert statuses == [200] * 16
    assert (hits_one["/robots.txt"], hits_one["/ok"]) == (1, 8)
    assert (hits_two["/robots.txt"], hits_two["/ok"]) == (1, 8)


def test_robots_txt_is_obeyed_on_every_hop() -> None:
    with web_server() as (base, hits), Client(QUICK) as client:
        err = _error(lambda: client.get(base + "/to-private"))
    assert err.kind == "robots" and err.url == base + "/private"
    assert "does not allow explainer-add to fetch" in err.message
    assert hits["/to-private"] == 1 and hits["/private"] == 0


@pytest.mark.parametrize(("strict", "allowed"), [(True, False), (False, True)])
def test_a_failing_robots_txt_forbids_everything_only_when_strict(strict: bool, allowed: bool) -> None:
    """RFC 9309 (``explainer add``): a robots.txt answering 5xx forbids everything; as LinkChecker
    reads it (the link check): only a robots.txt answering 200 has rules."""
    with web_server(robots_status=503) as (base, hits), Client(HttpSettings(timeout=5.0, robots_strict=strict)) as client:
        if allowed:
            assert client.get(base + "/ok").status == 200
        else:
            assert _error(lambda: client.get(base + "/ok")).kind == "robots"
    assert hits["/ok"] == int(allowed) and hits["/robots.txt"] == 1


# ---------------------------------------------------------------------------- per-host politeness

def _waiting_for_a_slot() -> int:
    """Client threads inside the polite step but not in a request: waiting for a slot or their pace."""
    count = 0
    for frame in sys._current_frames().values():
        names = set()
        while frame is not None:
            if frame.f_code.co_filename.endswith("core/http.py"):
                names.add(frame.f_code.co_name)
            frame = frame.f_back
        if "_polite" in names and "_once" not in names:
            count += 1
    return count


def test_at_most_the_parallel_limit_reaches_a_host() -> None:
    """Six requests at once with a limit of two: the server holds every page until two are in
    flight and the four others wait in the client; then all are answered, never more than two at once."""
    with held_server() as (base, gate), Client(HttpSettings(timeout=BOUND, per_host_parallel=2)) as client, \
            ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(client.get, f"{base}/page-{n}") for n in range(6)]
        _poll(lambda: gate.in_flight == 2 and _waiting_for_a_slot() == 4,
              "two requests at the server, four waiting for a slot")
        gate.release()
        statuses = [future.result(BOUND).status for future in futures]
    assert statuses == [200] * 6
    assert (gate.most, gate.pages, gate.robots) == (2, 6, 1)


def test_requests_to_a_host_start_at_least_the_interval_apart() -> None:
    """Measured in a fake clock (real time plus the pauses): each start after the first
    (robots.txt) waits for its turn, less the little real time that passed since the last one."""
    clock = FakeClock()
    with web_server() as (base, hits), Client(HttpSettings(timeout=5.0, per_host_interval=30.0),
                                              clock=clock.now, sleep=clock.sleep) as client:
        for _ in range(3):
            assert client.get(base + "/ok").status == 200
    assert hits["/robots.txt"] == 1 and hits["/ok"] == 3
    assert len(clock.slept) == 3 and all(20.0 < pause <= 30.0 for pause in clock.slept), clock.slept


def test_the_pace_gives_up_at_the_deadline() -> None:
    clock = FakeClock()
    with web_server() as (base, hits), Client(HttpSettings(timeout=5.0, per_host_interval=60.0),
                                              clock=clock.now, sleep=clock.sleep) as client:
        err = _error(lambda: client.get(base + "/ok", deadline=clock.now() + 30))
    assert err.kind == "budget"
    assert hits["/robots.txt"] == 1 and hits["/ok"] == 0 and clock.slept == []


# ---------------------------------------------------------------------------- retries

@pytest.mark.parametrize(("path", "slept"), [
    ("/ratelimited", [1.0]),  # 429 with Retry-After: 1 beats the backoff (0.5 s)
    ("/busy", [2.0]),  # 503 with Retry-After: 2
    ("/flaky", [0.5]),  # 500 without Retry-After: the backoff
])
def test_transient_failures_are_retried_as_the_server_asks(path: str, slept: list[float]) -> None:
    clock = FakeClock()
    with web_server() as (base, hits), Client(HttpSettings(timeout=5.0, retries=2, backoff=0.5),
                                              clock=clock.now, sleep=clock.sleep) as client:
        got = client.get(base + path)
    assert got.status == 200 and hits[path] == 2
    assert clock.slept == slept


def test_retries_are_bounded_and_back_off() -> None:
    clock = FakeClock()
    with web_server() as (base, hits), Client(HttpSettings(timeout=5.0, retries=2, backoff=0.5),
                                              clock=clock.now, sleep=clock.sleep) as client:
        got = client.get(base + "/unavailable")
    assert got.status == 503 and hits["/unavailable"] == 3
    assert clock.slept == [0.5, 1.0]


def test_a_retry_after_beyond_the_deadline_is_not_waited_for() -> None:
    clock = FakeClock()
    with web_server() as (base, hits), Client(HttpSettings(timeout=5.0, retries=2),
                                              clock=clock.now, sleep=clock.sleep) as client:
        got = client.get(base + "/busy", deadline=clock.now() + 1.5)
    assert (got.status, got.retry_after) == (503, "2")
    assert hits["/busy"] == 1 and clock.slept == []


def test_without_retries_the_server_is_asked_once() -> None:
    with web_server() as (base, hits), Client(QUICK) as client:
        assert client.get(base + "/ratelimited").status == 429
    assert hits["/ratelimited"] == 1


# ---------------------------------------------------------------------------- redirects

def test_redirects_are_followed_one_by_one_and_recorded() -> None:
    with web_server() as (base, hits), Client(QUICK) as client:
        got = client.get(base + "/chain1")
    assert (got.status, got.url, got.final_url) == (200, base + "/chain1", base + "/ok")
    assert got.redirects == [base + "/chain1", base + "/chain2"] and not got.moved_host
    assert (hits["/chain1"], hits["/chain2"], hits["/ok"]) == (1, 1, 1)


def test_a_move_to_another_host_is_seen_and_its_robots_txt_read() -> None:
    with web_server() as (base, hits), Client(QUICK) as client:
        got = client.get(base + "/article-elsewhere")
    assert got.status == 200 and got.moved_host
    assert got.final_url.startswith("http://localhost:") and got.redirects == [base + "/article-elsewhere"]
    assert hits["/robots.txt"] == 2  # 127.0.0.1 and localhost: two hosts, one robots.txt each


def test_a_redirect_loop_is_refused() -> None:
    with web_server() as (base, hits), Client(QUICK) as client:
        err = _error(lambda: client.get(base + "/loop"))
    assert err.kind == "redirects" and err.message == f"redirect loop: {base}/loop → {base}/loop"
    assert hits["/loop"] == 1


def test_redirects_are_limited() -> None:
    with web_server() as (base, hits), Client(HttpSettings(timeout=5.0, max_redirects=1)) as client:
        err = _error(lambda: client.get(base + "/chain1"))
    assert err.kind == "redirects" and err.message.startswith("more than 1 redirects")
    assert hits["/ok"] == 0


# ---------------------------------------------------------------------------- size and time

@pytest.mark.parametrize(("path", "said"), [
    ("/article-huge", "the server announces 50 MB, more than the limit of 1 MB"),
    ("/article-endless", "the body is larger than the limit of 1 MB (cut off there, nothing kept)"),
])
def test_a_body_over_the_limit_is_refused(path: str, said: str) -> None:
    with web_server() as (base, _), Client(HttpSettings(timeout=5.0, max_bytes=1024 * 1024)) as client:
        err = _error(lambda: client.get(base + path))
    assert (err.kind, err.message) == ("too-large", said)


def test_a_body_over_the_limit_can_be_cut_instead() -> None:
    settings = HttpSettings(timeout=5.0, max_bytes=1024 * 1024, cut_oversize=True)
    with web_server() as (base, _), Client(settings) as client:
        endless = client.get(base + "/article-endless")
        huge = client.get(base + "/article-huge")
    assert endless.truncated and len(endless.body) == 1024 * 1024
    assert huge.truncated and huge.body == b"" and huge.length == 50 * 1024 * 1024


def test_a_trickling_body_is_stopped_by_the_time_bound() -> None:
    """One byte every 20 ms never trips a read timeout of 0.3 s; the bound on the whole request
    stops it, and the server sees the client hang up."""
    outcome: list[BaseException | object] = []
    with web_server() as (base, hits), Client(HttpSettings(timeout=0.3)) as client:
        def fetch() -> None:
            try:
                outcome.append(client.get(base + "/trickle"))
            except FetchError as err:
                outcome.append(err)

        worker = threading.Thread(target=fetch, daemon=True)
        worker.start()
        _poll(lambda: bool(outcome), "the client gives up on the trickle")
        _poll(lambda: hits["hung up /trickle"] == 1, "the server sees the client hang up")
    [err] = outcome
    assert isinstance(err, FetchError) and err.kind == "timeout"
    assert err.message == "the document did not arrive within 0.3 s"


# ---------------------------------------------------------------------------- POST and failures

def test_a_form_is_posted() -> None:
    with web_server() as (base, hits), Client(HttpSettings(timeout=5.0, robots=False)) as client:
        got = client.post(base + "/form", {"url": "https://example.org/a b?c=d&e", "skip": "1"})
        moved = client.post(base + "/form-303", {"url": "x"})
    assert got.status == 200 and json.loads(got.body) == {"url": ["https://example.org/a b?c=d&e"], "skip": ["1"]}
    assert (moved.status, moved.final_url) == (200, base + "/ok")  # 303: then a GET, as browsers do
    assert (hits["POST /form"], hits["POST /form-303"], hits["/ok"], hits["/robots.txt"]) == (1, 1, 1, 0)


def test_a_refused_connection_is_named() -> None:
    base = f"http://127.0.0.1:{closed_port()}"
    with Client(QUICK) as client:
        err = _error(lambda: client.get(base + "/x"))
    # robots.txt is asked first; RFC 9309 (strict): unread, nothing else is fetched
    assert (err.kind, err.url, err.message) == ("refused", base + "/robots.txt", "the connection was refused")
    assert err.reason == "[Errno 111] Connection refused"


def test_settings_are_frozen_and_clients_share_nothing() -> None:
    """No module-level state: two clients each read robots.txt; a setting cannot be changed in place."""
    with web_server() as (base, hits):
        for _ in range(2):
            with Client(QUICK) as client:
                client.get(base + "/ok")
    assert hits["/robots.txt"] == 2
    with pytest.raises(AttributeError):
        QUICK.timeout = 1.0  # type: ignore[misc]
