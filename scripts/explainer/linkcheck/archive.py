"""``make archive``: an archived copy of every cited page, from the Internet Archive's Save Page Now.

Every URL a page cites whose entry has no ``archive_url`` is sent to Save Page Now (SPN2: ``POST
/save``, then ``GET /save/status/<job>`` until the capture is done), one at a time with a pause
between captures, honouring ``429``/``Retry-After``, within a time budget. Each capture is recorded
at once as ``archive_url`` and ``archive_date`` of its entry in ``sources/bibliography.yml``: the file
is read again just before, the two fields are filled only where they are empty (a value set by hand
is never replaced), comments and layout are kept (ruamel.yaml round trip) and the file is written
atomically, and only if it did not change on disk meanwhile (else it is read and merged again).

URLs that ``make linkcheck`` found broken or with changed quotes are skipped (a new capture would
keep the broken page or the changed text), as are entries marked dead. ``articles.yml`` holds
archive fields only if the model accepts them (:data:`explainer.model.library.ARTICLE_FIELDS`);
until then an article's page is still captured and its copy printed, not recorded.

The service is configurable (``--endpoint``, ``EXPLAINER_SPN_ENDPOINT``), so that the tests run
against a fake one on 127.0.0.1; ``SPN_ACCESS_KEY``/``SPN_SECRET_KEY`` (archive.org's S3 keys)
authenticate, which raises the service's limits.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..core.diagnostics import ExplainerError, display_path, fail
from ..core.http import Client, FetchError, HttpSettings, retry_after
from ..core.limits import load_json
from ..core.project import Project
from ..core.yamlio import dump_yaml, parse_yaml, read_text, write_atomic
from ..model.library import ARTICLE_FIELDS, BIBLIOGRAPHY_FIELDS, Library, Work
from ..model.pages import load_pages
from .fetch import USER_AGENT

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

DEFAULT_ENDPOINT = "https://web.archive.org"
ENDPOINT_ENV = "EXPLAINER_SPN_ENDPOINT"
KEY_ENVS = ("SPN_ACCESS_KEY", "SPN_SECRET_KEY")
WAYBACK = "https://web.archive.org/web/"  # where a capture is read, whatever endpoint made it
NO_NETWORK_EXIT = 3
_MAX_ANSWER = 256 * 1024


class NoNetworkError(Exception):
    """The service could not be reached at all (no DNS, no route, refused)."""


class ServiceDownError(Exception):
    """The service keeps failing (5xx after every retry, or the network went away): stop asking."""


@dataclass(frozen=True)
class SpnSettings:
    """How to talk to Save Page Now, and how politely."""

    endpoint: str = DEFAULT_ENDPOINT
    timeout: float = 60.0  # per request
    capture_limit: float = 300.0  # seconds one capture may take before it is given up (for this run)
    poll: float = 6.0  # seconds between status requests
    interval: float = 10.0  # seconds between two captures (one at a time)
    budget: float = 1800.0  # the whole run
    retries: int = 3  # per request: after 429 (Retry-After) or 5xx (backoff)
    backoff: float = 30.0  # seconds before the first retry after a 5xx (doubles)
    access_key: str = ""
    secret_key: str = ""

    @classmethod
    def from_env(cls, **overrides: object) -> SpnSettings:
        """Settings with the endpoint and keys from the environment (overrides win when given)."""
        env = {"endpoint": os.environ.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT,
               "access_key": os.environ.get(KEY_ENVS[0], ""), "secret_key": os.environ.get(KEY_ENVS[1], "")}
        return cls(**{**env, **{k: v for k, v in overrides.items() if v is not None}})  # type: ignore[arg-type]

    def http(self) -> HttpSettings:
        """The client's settings for the service: one request at a time, retried after 429 (as
        ``Retry-After`` says) and 5xx (with backoff); an API, so no robots.txt is read."""
        return HttpSettings(user_agent=USER_AGENT, accept="application/json", timeout=self.timeout,
                            max_bytes=_MAX_ANSWER, cut_oversize=True, robots=False, per_host_parallel=1,
                            retries=self.retries, backoff=self.backoff, max_wait=self.budget)


@dataclass
class Candidate:
    """A cited URL without an archived copy, and the entries that carry it."""

    url: str
    works: list[Work] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [work.id for work in self.works]


@dataclass
class Outcome:
    """What became of one URL."""

    url: str
    ids: list[str]
    archive_url: str | None = None
    archive_date: dt.date | None = None
    problem: str = ""
    recorded: list[str] = field(default_factory=list)  # "path: id" written
    not_recorded: list[str] = field(default_factory=list)  # why an entry was left as it was


@dataclass
class ArchiveReport:
    """A run of ``make archive``."""

    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, why)
    left: list[str] = field(default_factory=list)  # not asked within the budget
    stopped: str = ""  # why the run stopped early


# ----------------------------------------------------------------------------- what to archive

def _cited_ids(project: Project) -> set[str]:
    ids: set[str] = set()
    for lang in project.languages:
        pages, _ = load_pages(project.docs / lang)
        ids |= {cite.id for page in pages for citation in page.citations for cite in citation.cites}
    return ids


def _failing(state_path: Path | None) -> dict[str, str]:
    """URLs ``make linkcheck`` recorded as failing (broken or quotes changed), from its state file."""
    if state_path is None or not state_path.exists():
        return {}
    try:
        state = load_json(read_text(state_path), state_path, "delete it, or pass --state with the right file")
        return {url: record.get("kind", "broken") for url, record in (state.get("failures") or {}).items()}
    except (ExplainerError, ValueError, AttributeError):
        raise fail(state_path, None, "not a link-check state file (JSON from `make linkcheck`)",
                   "delete it, or pass --state with the right file") from None


def candidates(project: Project, library: Library, state_path: Path | None = None
               ) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """The cited URLs to archive (in the order of the library), and those skipped with the reason."""
    cited = _cited_ids(project)
    failing = _failing(state_path)
    by_url: dict[str, Candidate] = {}
    skipped: list[tuple[str, str]] = []
    for work in library.works.values():
        if work.id not in cited or not work.url or work.archive_url:
            continue
        if work.url_status != "live":
            skipped.append((work.url, f"{work.id} is marked url_status: {work.url_status}; a capture now would "
                                      "not hold the text cited: look for an earlier copy"))
            continue
        if work.url in failing:
            what = "its quotes changed" if failing[work.url] == "quote-changed" else "it failed"
            skipped.append((work.url, f"`make linkcheck` found that {what}; a capture now would keep that: "
                                      "look for an earlier copy"))
            continue
        by_url.setdefault(work.url, Candidate(work.url)).works.append(work)
    return list(by_url.values()), skipped


# ------------------------------------------------------------------------------ Save Page Now

@dataclass
class _Answer:
    status: int | None
    data: object = None
    text: str = ""
    retry_after: int | None = None


class SavePageNow:
    """A Save Page Now client that asks one thing at a time; ``clock`` and ``sleep`` are the time
    its waits are measured in (a test passes a fake one)."""

    def __init__(self, settings: SpnSettings, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.clock, self.sleep = clock, sleep
        self.deadline = clock() + settings.budget
        self.answered = False  # whether the service ever answered (else: no network)
        self.client = Client(settings.http(), clock=clock, sleep=sleep)

    def _headers(self) -> dict[str, str]:
        if self.settings.access_key and self.settings.secret_key:
            return {"Authorization": f"LOW {self.settings.access_key}:{self.settings.secret_key}"}
        return {}

    def wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` unless that ends after the deadline."""
        if self.clock() + seconds > self.deadline:
            return False
        if seconds > 0:
            self.sleep(seconds)
        return True

    def request(self, path: str, form: dict[str, str] | None = None) -> _Answer:
        """One request (a POST with ``form``, else a GET), retried by the client after 429 (waiting
        as ``Retry-After`` says) and 5xx (backoff) within the time budget."""
        url = self.settings.endpoint.rstrip("/") + path
        try:
            if form is not None:
                got = self.client.post(url, form, deadline=self.deadline, headers=self._headers())
            else:
                got = self.client.get(url, deadline=self.deadline, headers=self._headers())
        except FetchError as err:
            if not self.answered:
                raise NoNetworkError(err.reason) from None
            raise ServiceDownError(f"the service stopped answering ({err.reason})") from None
        self.answered = True
        text = got.body.decode("utf-8", errors="replace")
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if got.status >= 500:
            raise ServiceDownError(f"the service answers HTTP {got.status} after {self.settings.retries + 1} tries")
        return _Answer(got.status, data, text, retry_after(got.retry_after))

    def capture(self, url: str) -> tuple[str, dt.date] | str:
        """Ask for a capture of ``url`` and wait for it: the archived copy's URL and date, or what
        went wrong (in words)."""
        started = self.clock()
        answer = self.request("/save", {"url": url, "skip_first_archive": "1"})
        if answer.status == 429:
            return "the service is busy (HTTP 429) and the time budget does not allow waiting for it"
        if answer.status != 200:
            return f"the service answered HTTP {answer.status}: {_short(answer.text)}"
        if not isinstance(answer.data, dict):
            return f"the service's answer is not the JSON expected: {_short(answer.text)}"
        data = answer.data
        while True:
            if data.get("status") == "error" or (data.get("status_ext") or "").startswith("error"):
                return f"the capture failed: {data.get('status_ext') or 'error'}: {_short(str(data.get('message', '')))}"
            if data.get("status") == "success" or (data.get("timestamp") and not data.get("job_id")):
                return _archived(url, data)
            job = data.get("job_id")
            if not isinstance(job, str) or not job:
                return f"the service's answer has neither a capture nor a job id: {_short(answer.text)}"
            if self.clock() - started + self.settings.poll > self.settings.capture_limit:
                return (f"the capture did not complete within {self.settings.capture_limit:g} s (job {job}); "
                        "it is asked again next run")
            if not self.wait(self.settings.poll):
                return f"the capture was not complete when the time budget ran out (job {job})"
            answer = self.request("/save/status/" + urllib.parse.quote(job, safe=""))
            if answer.status != 200 or not isinstance(answer.data, dict):
                return f"the capture's status cannot be read (HTTP {answer.status}): {_short(answer.text)}"
            data = {**answer.data, "job_id": job}


def _short(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return (flat[:limit] + "…") if len(flat) > limit else (flat or "(empty)")


def _archived(url: str, data: dict) -> tuple[str, dt.date] | str:
    stamp, original = str(data.get("timestamp") or ""), data.get("original_url") or url
    if not (len(stamp) == 14 and stamp.isdigit()):
        return f"the service reported success but no capture URL (timestamp {stamp or 'missing'!s}); not recorded"
    try:
        when = dt.datetime.strptime(stamp, "%Y%m%d%H%M%S").date()
    except ValueError:
        return f"the service reported a capture time that is no date ({stamp}); not recorded"
    return f"{WAYBACK}{stamp}/{original}", when


# -------------------------------------------------------------------- recording in the sources

def _insert_at(entry, fields: tuple[str, ...], key: str) -> int:
    """Where ``key`` goes in ``entry``: before the first key that comes after it in ``fields``."""
    later = fields[fields.index(key) + 1:]
    return next((i for i, existing in enumerate(entry) if existing in later), len(entry))


def record(path: Path, top_key: str, fields: tuple[str, ...], work_id: str, url: str, archive_url: str,
           archive_date: dt.date) -> str:
    """Fill ``archive_url`` and ``archive_date`` of entry ``work_id`` in ``path`` where they are
    empty, keeping comments and layout; returns "" when written, else why not (the entry is gone,
    names another URL now, or got an archive_url meanwhile).

    The file is read anew for every capture and written atomically only if it is unchanged since
    it was read: an edit made during the run is merged, never lost. Raises a located
    :class:`ExplainerError` when the file is no longer valid YAML (nothing is written)."""
    for _ in range(5):
        before = path.read_bytes()
        try:
            doc = parse_yaml(before.decode("utf-8"), path)
        except UnicodeDecodeError:
            raise fail(path, None, "not valid UTF-8", "save the file as UTF-8") from None
        entries = doc.get(top_key) if isinstance(doc, dict) else None
        if not isinstance(entries, list):
            raise fail(path, 1, f"no '{top_key}:' list in the file any more", f"restore the '{top_key}:' list")
        entry = next((e for e in entries if isinstance(e, dict) and e.get("id") == work_id), None)
        if entry is None:
            return f"'{work_id}' is no longer in {path.name}"
        if str(entry.get("url") or "").strip() != url:
            return f"'{work_id}' names another URL now"
        if entry.get("archive_url"):
            return f"'{work_id}' got an archive_url meanwhile (kept: {entry.get('archive_url')})"
        for key, value in (("archive_url", archive_url), ("archive_date", archive_date)):
            if key in entry:
                if entry[key] is None:
                    entry[key] = value
            else:
                cast("CommentedMap", entry).insert(_insert_at(entry, fields, key), key, value)  # parse_yaml's round trip
        text = dump_yaml(doc)
        if path.read_bytes() == before:
            write_atomic(path, text)
            return ""
    raise fail(path, None, "kept changing on disk while a capture was recorded",
               f"record it by hand: archive_url: {archive_url}, archive_date: {archive_date.isoformat()}")


def _where(work: Work, sources: Path) -> tuple[Path, str, tuple[str, ...]] | None:
    """The file, list and field order of a work's entry, or None where it cannot hold archive fields."""
    if work.kind == "article":
        if "archive_url" not in ARTICLE_FIELDS:
            return None
        return sources / "articles.yml", "articles", ARTICLE_FIELDS
    return sources / "bibliography.yml", "entries", BIBLIOGRAPHY_FIELDS


def run_archive(project: Project, library: Library, spn: SavePageNow, state_path: Path | None = None,
                say: Callable[[str], None] = print) -> ArchiveReport:
    """Capture every candidate URL (see :func:`candidates`) and record each copy as it comes."""
    report = ArchiveReport()
    todo, report.skipped = candidates(project, library, state_path)
    for index, candidate in enumerate(todo):
        if index and not spn.wait(spn.settings.interval):
            report.left = [c.url for c in todo[index:]]
            report.stopped = "the time budget ran out"
            break
        try:
            got = spn.capture(candidate.url)
        except ServiceDownError as err:
            report.left = [c.url for c in todo[index:]]
            report.stopped = str(err)
            break
        outcome = Outcome(candidate.url, candidate.ids)
        report.outcomes.append(outcome)
        if isinstance(got, str):
            outcome.problem = got
            say(f"archive: {candidate.url}: {got}")
            continue
        outcome.archive_url, outcome.archive_date = got
        for work in candidate.works:
            where = _where(work, project.sources)
            if where is None:
                outcome.not_recorded.append(
                    f"'{work.id}' is an article, and articles.yml has no archive_url field yet "
                    "(explainer/model/library.py, ARTICLE_FIELDS)")
                continue
            path, top_key, fields = where
            try:
                why = record(path, top_key, fields, work.id, candidate.url, *got)
            except ExplainerError:
                say(f"archive: saved {candidate.url} → {outcome.archive_url} ({outcome.archive_date.isoformat()}), "
                    f"but {display_path(path)} cannot be written now: record it by hand once the file is fixed")
                raise
            if why:
                outcome.not_recorded.append(why)
            else:
                outcome.recorded.append(f"{display_path(path)}: {work.id}")
        note = (f"recorded in {', '.join(outcome.recorded)}" if outcome.recorded else "not recorded")
        if outcome.not_recorded:
            note += f" ({'; '.join(outcome.not_recorded)})"
        say(f"archive: saved {candidate.url} → {outcome.archive_url}; {note}")
    return report
