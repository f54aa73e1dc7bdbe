"""``make linkcheck``: every citation URL checked online with LinkChecker, classified, confirmed
over two runs at least a day apart, and reported for maintainers (JSON and Markdown)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from ..core.diagnostics import fail
from ..core.localserver import serve_directory
from ..core.project import Project
from ..core.yamlio import read_text, write_atomic
from ..model.library import Library
from ..model.pages import load_pages
from . import runner

STATUSES = ("ok", "redirected", "broken", "suspect", "blocked", "timeout", "unreachable")
BROKEN_CODES = {404, 410}
BLOCKED_CODES = {401, 403, 429, 451, 999}
CONFIRM_AFTER = dt.timedelta(days=1)
NEWLY_BROKEN_EXIT = 1
USAGE_EXIT = 2  # bad input (a URL list that is not one), so the workflow never mistakes it for broken links
NO_NETWORK_EXIT = 3
_EXTERNAL_LINK = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)>?|<(https?://[^>\s]+)>")


@dataclass
class Target:
    """A URL to check and who uses it."""

    url: str
    ids: list[str] = field(default_factory=list)
    cited_on: dict[str, list[str]] = field(default_factory=dict)  # lang → pages
    dead: bool = False  # the bibliography already marks it dead


@dataclass
class Result:
    """The verdict on one URL."""

    url: str
    status: str
    http_status: int | None = None
    final_url: str | None = None
    reason: str = ""
    ids: list[str] = field(default_factory=list)
    cited_on: dict[str, list[str]] = field(default_factory=dict)
    archive_suggestion: str = ""
    first_failure: str | None = None
    newly_confirmed: bool = False
    retry_after: int | None = None


def collect_targets(project: Project, library: Library) -> dict[str, Target]:
    """Every URL of the bibliography and every external link in the pages, with its users."""
    targets: dict[str, Target] = {}

    def add(url: str) -> Target:
        return targets.setdefault(url, Target(url))

    for work in library.works.values():
        for url in (work.url, work.archive_url):
            if url:
                target = add(url)
                target.ids.append(work.id)
                target.dead = target.dead or (url == work.url and work.url_status in ("dead", "unfit", "usurped"))
    for lang in project.languages:
        pages, _ = load_pages(project.docs / lang)
        for page in pages:
            cited = {c.id for citation in page.citations for c in citation.cites}
            for target in targets.values():
                if cited & set(target.ids):
                    target.cited_on.setdefault(lang, []).append(page.rel)
            for match in _EXTERNAL_LINK.finditer(page.body):
                target = add(match.group(1) or match.group(2))
                if page.rel not in target.cited_on.get(lang, []):
                    target.cited_on.setdefault(lang, []).append(page.rel)
    return dict(sorted(targets.items()))


def read_url_list(path: Path) -> dict[str, Target]:
    """``make linkcheck URLS=list.txt``: one URL per line; blank lines and # comments skipped."""
    targets = {}
    for number, line in enumerate(read_text(path).splitlines(), 1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if not re.match(r"^https?://[^\s/]+", url):
            raise fail(path, number, f"not an http(s) URL: {url!r}", "write one full URL per line")
        targets[url] = Target(url)
    return targets


def classify(row: runner.Row) -> Result:
    """Turn one LinkChecker row into a status (before retries and confirmation)."""
    code = runner.http_status(row)
    retry = runner.RETRY_AFTER.search(row.warnings)
    result = Result(row.url, "ok", code, row.final_url if row.final_url != row.url else None)
    text = f"{row.result} {row.warnings} {row.info}"
    if "robots.txt" in row.info:
        result.status, result.reason = "blocked", "robots.txt disallows checking it; not checked"
    elif code in BLOCKED_CODES:
        result.status, result.reason = "blocked", f"HTTP {code}: the site refuses automated checks"
        result.retry_after = int(retry.group(1)) if retry else None
    elif code in BROKEN_CODES:
        result.status, result.reason = "broken", f"HTTP {code}"
    elif code and code >= 500:
        result.status, result.reason = "unreachable", f"HTTP {code}: server error"
    elif "TooManyRedirects" in text:
        result.status, result.reason = "broken", "redirect loop"
    elif "NameResolutionError" in text or "Name or service not known" in text or "nodename nor servname" in text:
        result.status, result.reason = "broken", "DNS lookup failed"
    elif "Timeout" in text or "timed out" in text:
        result.status, result.reason = "timeout", "no answer within the time limit"
    elif not row.valid:
        result.status, result.reason = "unreachable", row.result.split("(")[0].strip()[:120]
    elif "Redirected to" in row.warnings:
        result.status = "redirected"
    return result


def _retryable(result: Result) -> bool:
    return (result.http_status in (429, 500, 502, 503, 504) or result.status == "timeout")


def check(targets: dict[str, Target], settings: runner.Settings, budget: float,
          retries: int = 2, backoff: float = 1.0, clock: Callable[[], float] = time.monotonic,
          sleep: Callable[[float], None] = time.sleep) -> dict[str, Result]:
    """Check all targets within ``budget`` seconds; retry rate-limited, failing and slow URLs
    with backoff, honouring ``Retry-After``. ``clock`` and ``sleep`` are the time the budget and
    the backoff are measured in (a test passes a fake one)."""
    deadline = clock() + budget
    results: dict[str, Result] = {}
    pending = list(targets)
    for attempt in range(retries + 1):
        remaining = deadline - clock()
        if not pending or remaining <= 1:
            break
        for row in _check_list(pending, settings, remaining):
            if row.url in targets:
                results[row.url] = classify(row)
        pending = [url for url in pending if url not in results or _retryable(results[url])]
        if not pending or attempt == retries:
            break
        wait = max([backoff * 2 ** attempt] + [results[u].retry_after or 0 for u in pending if u in results])
        if clock() + wait >= deadline - 1:
            break
        sleep(wait)
    for url in targets:
        results.setdefault(url, Result(url, "timeout", reason="not checked within the total time limit"))
    return results


def partition(urls: list[str], per_host: int) -> list[list[str]]:
    """Split URLs into single-host batches, at most ``per_host`` batches for any host.

    LinkChecker throttles every host behind one global lock (a random 0.1–0.6 s between requests),
    so one single-threaded process checks one URL at a time; running these batches in parallel
    processes gives at most ``per_host`` parallel requests to any host.
    """
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    batches = []
    for host_urls in by_host.values():
        count = max(1, min(per_host, len(host_urls)))
        batches += [host_urls[index::count] for index in range(count)]
    return sorted(batches, key=len, reverse=True)  # longest first: they set the total time


def _check_list(urls: list[str], settings: runner.Settings, time_limit: float) -> list[runner.Row]:
    """Check URLs as the links of pages served on 127.0.0.1 (so robots.txt rules apply), in
    parallel LinkChecker processes with at most ``settings.per_host_parallel`` per host."""
    batches = partition(urls, settings.per_host_parallel)
    with tempfile.TemporaryDirectory() as tmp:
        for number, batch in enumerate(batches):
            links = "\n".join(f'<a href="{html.escape(u, quote=True)}">{i}</a>' for i, u in enumerate(batch))
            (Path(tmp) / f"urls{number}.html").write_text(f"<!doctype html><title>urls</title><body>{links}</body>",
                                                          encoding="utf-8")
        with serve_directory(Path(tmp)) as base, ThreadPoolExecutor(max_workers=settings.processes) as pool:
            jobs = [pool.submit(runner.run, [f"{base}urls{n}.html"], settings, time_limit)
                    for n in range(len(batches))]
            rows = [row for job in jobs for row in job.result()]
    return [r for r in rows if r.parent]


def no_network(results: dict[str, Result]) -> bool:
    """Whether every URL failed before reaching a server (no DNS, no route)."""
    return bool(results) and all(r.reason in ("DNS lookup failed",) or (r.status == "unreachable" and
                                 not r.http_status) for r in results.values())


def confirm(results: dict[str, Result], targets: dict[str, Target], state_path: Path,
            today: dt.date) -> dict[str, dict]:
    """Apply the two-runs-a-day-apart rule; returns the new state (written by the caller)."""
    state = json.loads(read_text(state_path)) if state_path.exists() else {}
    failures = state.get("failures", {})
    # URLs this run did not check (a run over a given list) keep what earlier runs recorded.
    new_failures: dict[str, dict] = {url: record for url, record in failures.items() if url not in results}
    for url, result in results.items():
        if result.status != "broken":
            continue
        record = failures.get(url, {"first": today.isoformat(), "confirmed": False})
        first = dt.date.fromisoformat(record["first"])
        result.first_failure = record["first"]
        if today - first >= CONFIRM_AFTER:
            result.newly_confirmed = not record.get("confirmed") and not targets[url].dead
            record = {**record, "confirmed": True}
        else:
            result.status = "suspect"
            result.reason += f"; failed first on {record['first']}, confirmed only by a second run a day later"
        new_failures[url] = {**record, "last": today.isoformat()}
    return {"failures": dict(sorted(new_failures.items()))}


def wayback(url: str) -> str:
    """Where to look for an archived copy."""
    return "https://web.archive.org/web/*/" + quote(url, safe=":/?&=%#")


def finish(results: dict[str, Result], targets: dict[str, Target]) -> list[Result]:
    """Attach ids, citing pages and archive suggestions; problems first."""
    order = {s: i for i, s in enumerate(("broken", "suspect", "unreachable", "timeout", "blocked", "redirected", "ok"))}
    out = []
    for url, result in results.items():
        target = targets[url]
        result.ids, result.cited_on = target.ids, target.cited_on
        if result.status not in ("ok", "redirected"):
            result.archive_suggestion = wayback(url)
        out.append(result)
    return sorted(out, key=lambda r: (order[r.status], r.url))


def write_reports(results: list[Result], reports: Path, checked_at: str) -> tuple[Path, Path]:
    """``reports/linkcheck.json`` and ``reports/linkcheck.md``."""
    keys = ("url", "status", "http_status", "final_url", "ids", "cited_on", "archive_suggestion", "reason",
            "first_failure")
    data = {"checked_at": checked_at, "results": [{k: asdict(r)[k] for k in keys} for r in results]}
    json_path, md_path = reports / "linkcheck.json", reports / "linkcheck.md"
    write_atomic(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    counts = {s: sum(r.status == s for r in results) for s in STATUSES}
    lines = [f"# Link check of {checked_at}", "",
             ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing checked", ""]
    problems = [r for r in results if r.status not in ("ok", "redirected")]
    if problems:
        lines += ["## Problems", "", "| status | URL | bibliography id | cited on | archive |", "|---|---|---|---|---|"]
        for r in problems:
            pages = "; ".join(f"{lang}: {', '.join(p)}" for lang, p in r.cited_on.items()) or "—"
            why = f" ({r.reason})" if r.reason else ""
            lines.append(f"| {r.status}{why} | <{r.url}> | {', '.join(r.ids) or '—'} | {pages} | "
                         f"[look for a copy]({r.archive_suggestion}) |")
        lines.append("")
    moved = [r for r in results if r.status == "redirected"]
    if moved:
        lines += ["## Redirected", ""] + [f"- <{r.url}> → <{r.final_url}>" for r in moved] + [""]
    lines += ["## Fine", ""] + [f"- <{r.url}>" for r in results if r.status == "ok"]
    write_atomic(md_path, "\n".join(lines) + "\n")
    return json_path, md_path
