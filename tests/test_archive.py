"""``make archive`` against a fake Save Page Now service on 127.0.0.1: captures, 429 and
Retry-After, failing service, captures that never complete, malformed answers and answers without
a URL; recording in bibliography.yml (comments and layout kept, set fields never replaced, edits
made during the run merged, a file broken meanwhile refused); no network; bad input."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

import pytest

from conftest import explainer, snapshot
from explainer.core.diagnostics import USAGE_EXIT, ExplainerError
from explainer.linkcheck import archive
from explainer.model.library import ARTICLE_FIELDS, load_library
from explainer.plugin.project import load_project
from inprocess import run_main
from webserver import FakeClock, closed_port, running

STAMP = "20261101120000"



class FakeSpn:
    """What the service does for a URL is named by the URL's last path segment: ``ok`` (pending
    once, then saved), ``busy`` (429 with Retry-After: 7 once), ``down`` (503 always), ``flaky``
    (502 once), ``never`` (pending for ever), ``garbage`` (HTML where JSON belongs), ``nourl``
    (success without a timestamp), ``refused`` (the capture fails)."""

    def __init__(self) -> None:
        self.posts: Counter[str] = Counter()
        self.polls: Counter[str] = Counter()
        self.requests: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        self.on_poll: Callable[[str], None] | None = None
        self.auth: list[str | None] = []
        self.jobs: dict[str, str] = {}  # job id → the URL it captures


def _handler(spn: FakeSpn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _json(self, code: int, data: object, headers: tuple[tuple[str, str], ...] = ()) -> None:
            self._send(code, json.dumps(data).encode(), "application/json", headers)

        def _send(self, code: int, body: bytes, kind: str = "application/json",
                  headers: tuple[tuple[str, str], ...] = ()) -> None:
            self.send_response(code)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self._finish()  # before the answer is out: a client may ask again as soon as it has it
            self.wfile.write(body)

        def _finish(self) -> None:
            with spn.lock:
                if self._open:
                    self._open = False
                    spn.in_flight -= 1

        def _track(self, run: Callable[[], None]) -> None:
            with spn.lock:
                spn.in_flight += 1
                spn.most_in_flight = max(spn.most_in_flight, spn.in_flight)
                spn.requests.append(f"{self.command} {self.path}")
                spn.auth.append(self.headers.get("Authorization"))
            self._open = True
            try:
                run()
            finally:
                self._finish()

        def do_POST(self) -> None:
            self._track(self._post)

        def do_GET(self) -> None:
            self._track(self._get)

        def _post(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            url = parse_qs(self.rfile.read(length).decode())["url"][0]
            what = url.rstrip("/").rsplit("/", 1)[-1]
            spn.posts[what] += 1
            first = spn.posts[what] == 1
            if what == "busy" and first:
                return self._json(429, {"message": "slow down"}, (("Retry-After", "7"),))
            if what == "down" or (what == "flaky" and first):
                return self._send(503 if what == "down" else 502, b"<html>Service unavailable</html>", "text/html")
            if what == "garbage":
                return self._send(200, b"<html><body>Save Page Now</body></html>", "text/html")
            job = f"spn2-{what}-{len(spn.jobs)}"
            spn.jobs[job] = url
            return self._json(200, {"url": url, "job_id": job})

        def _get(self) -> None:
            if not self.path.startswith("/save/status/"):
                return self._json(404, {})
            job = unquote(self.path.removeprefix("/save/status/"))
            what = job.split("-")[1]
            spn.polls[job] += 1
            if spn.on_poll:
                spn.on_poll(job)
            original = spn.jobs.get(job, "")
            if what == "never" or (spn.polls[job] == 1 and what not in ("nourl", "refused")):
                return self._json(200, {"status": "pending", "job_id": job})
            if what == "nourl":
                return self._json(200, {"status": "success", "job_id": job})
            if what == "refused":
                return self._json(200, {"status": "error", "status_ext": "error:blocked-url",
                                        "message": "This URL is in the Wayback Machine's exclusion list."})
            return self._json(200, {"status": "success", "job_id": job, "timestamp": STAMP,
                                    "original_url": original, "duration_sec": 4.2})

    return Handler


@contextmanager
def fake_spn() -> Iterator[tuple[str, FakeSpn]]:
    spn = FakeSpn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(spn))
    server.daemon_threads = True
    with running(server) as base:
        yield base, spn


def client(endpoint: str, clock: FakeClock, **overrides: float) -> archive.SavePageNow:
    settings = archive.SpnSettings(**{"endpoint": endpoint, "timeout": 5, "capture_limit": 60, "poll": 5,
                                      "interval": 10, "budget": 600, "retries": 2, "backoff": 1, **overrides})
    return archive.SavePageNow(settings, clock=clock.now, sleep=clock.sleep)


# ------------------------------------------------------------------------- the service's answers

def test_a_capture_is_polled_until_saved() -> None:
    clock = FakeClock()
    with fake_spn() as (endpoint, spn):
        got = client(endpoint, clock).capture("https://example.org/news/ok")
    assert got == (f"https://web.archive.org/web/{STAMP}/https://example.org/news/ok", dt.date(2026, 11, 1))
    assert clock.slept == [5, 5]  # a poll interval before each status: pending once, then saved
    assert spn.requests[0] == "POST /save" and spn.requests[1].startswith("GET /save/status/spn2-ok-")


def test_429_waits_as_retry_after_says_then_succeeds() -> None:
    clock = FakeClock()
    with fake_spn() as (endpoint, spn):
        got = client(endpoint, clock).capture("https://example.org/news/busy")
    assert isinstance(got, tuple) and got[0].endswith("/https://example.org/news/busy")
    assert clock.slept == [7, 5, 5]  # Retry-After, then the polls
    assert spn.posts["busy"] == 2


def test_a_5xx_is_retried_with_backoff() -> None:
    clock = FakeClock()
    with fake_spn() as (endpoint, _):
        got = client(endpoint, clock).capture("https://example.org/news/flaky")
    assert isinstance(got, tuple)
    assert clock.slept == [1, 5, 5]


def test_a_failing_service_stops_the_run_after_its_retries() -> None:
    clock = FakeClock()
    with fake_spn() as (endpoint, spn), pytest.raises(archive.ServiceDownError, match="HTTP 503 after 3 tries"):
        client(endpoint, clock).capture("https://example.org/news/down")
    assert clock.slept == [1, 2] and spn.posts["down"] == 3


def test_a_capture_that_never_completes_is_given_up_within_its_limit() -> None:
    clock = FakeClock()
    with fake_spn() as (endpoint, spn):
        got = client(endpoint, clock, capture_limit=20).capture("https://example.org/news/never")
    assert isinstance(got, str) and "did not complete within 20 s" in got and "asked again next run" in got
    assert sum(spn.polls.values()) == 3 and sum(clock.slept) <= 20


@pytest.mark.parametrize(("what", "said"), [
    ("garbage", "the service's answer is not the JSON expected: <html><body>Save Page Now</body></html>"),
    ("nourl", "the service reported success but no capture URL (timestamp missing); not recorded"),
    ("refused", "the capture failed: error:blocked-url: This URL is in the Wayback Machine's exclusion list."),
])
def test_malformed_or_failed_answers_are_said_and_give_no_url(what: str, said: str) -> None:
    with fake_spn() as (endpoint, _):
        got = client(endpoint, FakeClock()).capture(f"https://example.org/news/{what}")
    assert got == said


def test_keys_authenticate(monkeypatch) -> None:
    monkeypatch.setenv("SPN_ACCESS_KEY", "abc")
    monkeypatch.setenv("SPN_SECRET_KEY", "xyz")
    with fake_spn() as (endpoint, spn):
        settings = archive.SpnSettings.from_env(endpoint=endpoint, poll=0.0)
        archive.SavePageNow(settings, clock=FakeClock().now, sleep=FakeClock().sleep).capture("https://example.org/ok")
    assert spn.auth[0] == "LOW abc:xyz"


# ---------------------------------------------------------------------- recording in the sources

def _project(root: Path, url: str = "https://example.org/news/ok") -> Path:
    """The two-language fixture whose cited bibliography entry ``example`` has ``url``."""
    bib = root / "sources/bibliography.yml"
    bib.write_text(bib.read_text(encoding="utf-8").replace("https://example.org/news/rohrbruch-bibliothek/", url),
                   encoding="utf-8")
    return bib


def _run(root: Path, endpoint: str, clock: FakeClock | None = None, state: Path | None = None,
         **overrides: float) -> tuple[archive.ArchiveReport, list[str]]:
    clock = clock or FakeClock()
    said: list[str] = []
    project = load_project(root)
    report = archive.run_archive(project, load_library(project.sources), client(endpoint, clock, **overrides),
                                 state, say=said.append)
    return report, said


def test_a_capture_is_recorded_keeping_comments_and_layout(two: Path) -> None:
    bib = _project(two)
    before = bib.read_text(encoding="utf-8")
    with fake_spn() as (endpoint, spn):
        report, said = _run(two, endpoint)
    after = bib.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [("    archive_url: null", f"    archive_url: https://web.archive.org/web/{STAMP}/https://example.org/news/ok"),
                       ("    archive_date: null", "    archive_date: 2026-11-01")]
    assert after.startswith("# Fixture bibliography")
    assert spn.most_in_flight == 1  # one request at a time
    # The article is captured too; articles.yml records it only where the model accepts the field.
    article = next(o for o in report.outcomes if o.ids == ["bericht"])
    assert article.archive_url and (article.recorded if "archive_url" in ARTICLE_FIELDS else article.not_recorded)
    assert any(line.startswith("archive: saved https://example.org/news/ok → https://web.archive.org/web/") and
               "recorded in " in line for line in said)
    # Only cited works without a copy were asked for: not the uncited listed ones, not stadtrat (archived).
    assert sorted(spn.posts) == ["bibliothek-wasserschaden", "ok"]
    library = load_library(two / "sources")
    assert library.works["example"].archive_date.iso() == "2026-11-01"


def test_a_second_run_asks_for_nothing_new(two: Path) -> None:
    _project(two)
    with fake_spn() as (endpoint, spn):
        _run(two, endpoint)
        first = dict(spn.posts)
        _run(two, endpoint)
    assert spn.posts.get("ok") == first.get("ok") == 1  # recorded: never asked again


def test_an_edit_made_during_the_run_is_kept(two: Path) -> None:
    bib = _project(two)

    def edit(job: str) -> None:  # the maintainer saves the file while the capture is pending
        if "ok" in job and "stadtrat-edit" not in bib.read_text(encoding="utf-8"):
            text = bib.read_text(encoding="utf-8").replace("# Fixture bibliography", "# Fixture bibliography (stadtrat-edit)")
            bib.write_text(text.replace("    notes: null\n  - id: stadtrat", '    notes: "checked by hand"\n  - id: stadtrat'),
                           encoding="utf-8")

    with fake_spn() as (endpoint, spn):
        spn.on_poll = edit
        _run(two, endpoint)
    after = bib.read_text(encoding="utf-8")
    assert "(stadtrat-edit)" in after and 'notes: "checked by hand"' in after
    assert f"archive_url: https://web.archive.org/web/{STAMP}/https://example.org/news/ok" in after


def test_an_archive_url_set_by_hand_meanwhile_is_never_replaced(two: Path) -> None:
    bib = _project(two)
    mine = "https://archive.today/abcde"

    def edit(job: str) -> None:
        text = bib.read_text(encoding="utf-8")
        if "ok" in job and mine not in text:
            start = text.index("  - id: example\n")
            bib.write_text(text[:start] + text[start:].replace("    archive_url: null", f"    archive_url: {mine}", 1),
                           encoding="utf-8")

    with fake_spn() as (endpoint, spn):
        spn.on_poll = edit
        report, _ = _run(two, endpoint)
    assert f"archive_url: {mine}" in bib.read_text(encoding="utf-8")
    outcome = next(o for o in report.outcomes if o.ids == ["example"])
    assert outcome.not_recorded == [f"'example' got an archive_url meanwhile (kept: {mine})"]


def test_a_file_broken_meanwhile_is_refused_and_the_capture_named(two: Path) -> None:
    bib = _project(two)

    def edit(job: str) -> None:
        if "ok" in job:
            bib.write_text(bib.read_text(encoding="utf-8").replace("  - id: stadtrat", "  - id: [stadtrat"), encoding="utf-8")

    with fake_spn() as (endpoint, spn):
        spn.on_poll = edit
        broken_before = None
        with pytest.raises(ExplainerError) as err:
            try:
                _run(two, endpoint)
            finally:
                broken_before = bib.read_bytes()
    assert bib.read_bytes() == broken_before  # nothing written over the maintainer's (broken) file
    message = str(err.value)
    assert "bibliography.yml:" in message and "invalid YAML" in message


def test_pages_linkcheck_found_failing_are_not_captured(two: Path, tmp_path: Path) -> None:
    _project(two)
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"failures": {
        "https://example.org/news/ok": {"first": "2026-10-01", "confirmed": True, "last": "2026-10-08"},
        "https://example.net/lokales/bibliothek-wasserschaden": {"first": "2026-10-01", "confirmed": False,
                                                                 "kind": "quote-changed"}}}), encoding="utf-8")
    with fake_spn() as (endpoint, spn):
        report, _ = _run(two, endpoint, state=state)
    assert spn.posts == Counter() and report.outcomes == []
    reasons = dict(report.skipped)
    assert "it failed" in reasons["https://example.org/news/ok"]
    assert "its quotes changed" in reasons["https://example.net/lokales/bibliothek-wasserschaden"]


def test_the_time_budget_leaves_the_rest_for_the_next_run(two: Path) -> None:
    _project(two)
    with fake_spn() as (endpoint, _):
        report, _ = _run(two, endpoint, budget=12, interval=10)
    assert len(report.outcomes) == 1 and len(report.left) == 1 and report.stopped == "the time budget ran out"


def test_a_failing_service_stops_and_records_nothing(two: Path) -> None:
    bib = _project(two, "https://example.org/news/down")
    before = bib.read_bytes()
    with fake_spn() as (endpoint, _):
        report, _ = _run(two, endpoint)
    assert "HTTP 503" in report.stopped and bib.read_bytes() == before


# ----------------------------------------------------------------------------- the command line

def test_command_records_and_summarises(two: Path) -> None:
    """The command's smoke test as its own process (the others run it in this one: ``run_main``)."""
    bib = _project(two)
    with fake_spn() as (endpoint, _):
        result = explainer(two, "archive", "--endpoint", endpoint, "--poll", "0", "--interval", "0")
    assert result.code == 0, result.output
    assert result.out.strip().splitlines()[-1].startswith("archive: 2 saved (")
    assert "Traceback" not in result.output
    assert f"archive_url: https://web.archive.org/web/{STAMP}/https://example.org/news/ok" in bib.read_text(encoding="utf-8")


def test_endpoint_from_the_environment_and_dry_run(two: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(two)
    before = snapshot(two)
    with fake_spn() as (endpoint, spn):
        monkeypatch.setenv("EXPLAINER_SPN_ENDPOINT", endpoint)
        result = run_main(two, "archive", "--dry-run")
    assert result.code == 0 and spn.requests == []
    assert f"with {endpoint}; nothing asked, nothing written" in result.out
    assert "would ask for https://example.org/news/ok (example)" in result.out
    assert snapshot(two) == before


def test_no_network_says_so_in_one_line_and_changes_nothing(two: Path) -> None:
    before = snapshot(two)
    endpoint = f"http://127.0.0.1:{closed_port()}"
    result = run_main(two, "archive", "--endpoint", endpoint, "--interval", "0")
    assert result.code == archive.NO_NETWORK_EXIT
    assert result.err.strip().splitlines() == [
        f"archive: no network: the Save Page Now service at {endpoint} cannot be reached "
        "([Errno 111] Connection refused); nothing changed"]
    assert snapshot(two) == before


@pytest.mark.parametrize(("args", "env", "said"), [
    (["--endpoint", "ftp://archive.example"], {}, "--endpoint: not an http(s) URL: 'ftp://archive.example' — "
                                                   "give the service's address, e.g. https://web.archive.org"),
    ([], {"EXPLAINER_SPN_ENDPOINT": "web.archive.org"}, "EXPLAINER_SPN_ENDPOINT: not an http(s) URL: 'web.archive.org'"),
])
def test_a_bad_endpoint_is_a_located_error(two: Path, args: list[str], env: dict[str, str], said: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(two)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run_main(two, "archive", *args)
    assert result.code == USAGE_EXIT and "Traceback" not in result.output
    assert said in result.err
    assert snapshot(two) == before


def test_a_bad_bibliography_is_a_located_error_and_nothing_is_asked(two: Path) -> None:
    bib = two / "sources/bibliography.yml"
    bib.write_text(bib.read_text(encoding="utf-8").replace("    archive_date: 2024-12-03", "    archive_date: soon"),
                   encoding="utf-8")
    before = snapshot(two)
    with fake_spn() as (endpoint, spn):
        result = run_main(two, "archive", "--endpoint", endpoint)
    assert result.code == USAGE_EXIT and "Traceback" not in result.output
    assert "bibliography.yml:" in result.err and "'archive_date' is not a date: 'soon'" in result.err
    assert spn.requests == [] and snapshot(two) == before


def test_a_bad_state_file_is_a_located_error(two: Path, tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text("{not json", encoding="utf-8")
    result = run_main(two, "archive", "--state", str(tmp_path / "state.json"), "--dry-run")
    assert result.code == USAGE_EXIT
    assert "state.json: not a link-check state file (JSON from `make linkcheck`)" in result.err


def test_missing_fields_are_added_in_their_place_and_comments_kept(tmp_path: Path) -> None:
    bib = tmp_path / "bibliography.yml"
    bib.write_text("# my works\nentries:\n  # the report\n  - id: report\n    url: https://example.org/r\n"
                   "    accessed: 2026-10-01  # read that day\n    url_status: live\n    notes: null\n", encoding="utf-8")
    from explainer.model.library import BIBLIOGRAPHY_FIELDS

    why = archive.record(bib, "entries", BIBLIOGRAPHY_FIELDS, "report", "https://example.org/r",
                         f"https://web.archive.org/web/{STAMP}/https://example.org/r", dt.date(2026, 11, 1))
    assert why == ""
    assert bib.read_text(encoding="utf-8") == (
        "# my works\nentries:\n  # the report\n  - id: report\n    url: https://example.org/r\n"
        "    accessed: 2026-10-01  # read that day\n"
        f"    archive_url: https://web.archive.org/web/{STAMP}/https://example.org/r\n    archive_date: 2026-11-01\n"
        "    url_status: live\n    notes: null\n")
    assert archive.record(bib, "entries", BIBLIOGRAPHY_FIELDS, "gone", "https://example.org/g", "x",
                          dt.date(2026, 11, 1)) == "'gone' is no longer in bibliography.yml"
