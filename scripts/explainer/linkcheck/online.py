"""``make linkcheck``: every citation URL checked online, classified, confirmed over two runs at
least a day apart, and reported for maintainers (JSON and Markdown).

URLs are checked with LinkChecker, except the pages that quotes cite: those are fetched
(:mod:`.fetch`, with the same politeness) and their text searched for every quoted passage, matched
as at build time. A passage no longer there makes the page ``quote-changed`` (confirmed, like
``broken``, only by a second run a day later); a page whose text cannot be read without JavaScript,
is too large, not HTML, mislabelled or moved to another host is ``quote-unchecked``, with the reason.
"""

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

from ..checks.quotes import find_quote
from ..core.diagnostics import fail
from ..core.limits import load_json
from ..core.localserver import serve_directory
from ..core.project import Project
from ..core.yamlio import read_text, write_atomic
from ..model.library import ARTICLE_FIELDS, URL_STATUSES, Library, Work
from ..model.pages import load_pages
from . import runner
from .fetch import MAX_BYTES, Fetched, Fetcher
from .fetch import partition as fetch_partition
from .pagetext import page_text

STATUSES = ("ok", "redirected", "broken", "quote-changed", "suspect", "blocked", "timeout", "unreachable",
            "quote-unchecked")
CONFIRMED = ("broken", "quote-changed")  # failures that count only when a second run a day later sees them
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
BROKEN_CODES = {404, 410}
BLOCKED_CODES = {401, 403, 429, 451, 999}
CONFIRM_AFTER = dt.timedelta(days=1)
NEWLY_BROKEN_EXIT = 1
NO_NETWORK_EXIT = 3
_EXTERNAL_LINK = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)>?|<(https?://[^>\s]+)>")


@dataclass
class Target:
    """A URL to check and who uses it."""

    url: str
    ids: list[str] = field(default_factory=list)
    cited_on: dict[str, list[str]] = field(default_factory=dict)  # lang → pages
    dead: bool = False  # the bibliography already marks it dead
    quotes: dict[str, list[str]] = field(default_factory=dict)  # quoted words → "docs/de/page.md:14" of each use
    archive_url: str | None = None  # the work's archived copy, if it has one
    read_on: str | None = None  # YYYYMMDD when its text was read (accessed, else its date): the copy to look for
    deviated: bool = False  # its entry already says its text changed (url_status: deviated)
    defined_in: str = ""  # the file of its entry


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
    quotes: list[dict] = field(default_factory=list)  # each quote: found, closest passage, where it is cited
    cite_instead: str = ""  # the archived copy to cite when its quotes changed
    kind: str = ""  # what failed ("broken" or "quote-changed") while the status is suspect


def collect_targets(project: Project, library: Library) -> dict[str, Target]:
    """Every URL of the bibliography and every external link in the pages, with its users."""
    targets: dict[str, Target] = {}

    def add(url: str) -> Target:
        return targets.setdefault(url, Target(url))

    work: Work | None  # every work below; a cited id's work, or None, further down
    for work in library.works.values():
        for url in (work.url, work.archive_url):
            if url:
                target = add(url)
                target.ids.append(work.id)
                target.dead = target.dead or (url == work.url and work.url_status in ("dead", "unfit", "usurped"))
                if url == work.url:
                    target.archive_url = target.archive_url or work.archive_url
                    target.deviated = target.deviated or work.url_status == "deviated"
                    target.read_on = target.read_on or _stamp(work)
                    target.defined_in = target.defined_in or work.defined_in
    for lang in project.languages:
        pages, _ = load_pages(project.docs / lang)
        for page in pages:
            for citation in page.citations:
                for cite in citation.cites:
                    work = library.get(cite.id)
                    if cite.quote and work is not None and work.has_text and work.url and work.url in targets \
                            and work.url_status == "live":
                        where = f"{project.docs.name}/{lang}/{page.rel}:{citation.line}"
                        targets[work.url].quotes.setdefault(cite.quote, []).append(where)
            cited = {c.id for citation in page.citations for c in citation.cites}
            for target in targets.values():
                if cited & set(target.ids):
                    target.cited_on.setdefault(lang, []).append(page.rel)
            for match in _EXTERNAL_LINK.finditer(page.body):
                target = add(match.group(1) or match.group(2))
                if page.rel not in target.cited_on.get(lang, []):
                    target.cited_on.setdefault(lang, []).append(page.rel)
    return dict(sorted(targets.items()))


def _stamp(work: Work) -> str | None:
    """When the work's text was read, as the Wayback Machine's YYYYMMDD: the copy nearest to it."""
    when = work.accessed or work.date
    return f"{when.year:04d}{when.month or 1:02d}{when.day or 1:02d}" if when else None


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
        quoted = [url for url in pending if targets[url].quotes]
        if quoted:  # one request for status and text: these pages are not given to LinkChecker
            results.update(check_pages(quoted, targets, settings, remaining))
            remaining = deadline - clock()
        plain = [url for url in pending if not targets[url].quotes]
        if plain and remaining > 1:
            for row in _check_list(plain, settings, remaining):
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


def check_pages(urls: list[str], targets: dict[str, Target], settings: runner.Settings,
                time_limit: float, max_bytes: int = MAX_BYTES) -> dict[str, Result]:
    """Fetch the pages that quotes cite (politely, within ``time_limit`` seconds) and check that
    each quoted passage is still in their text."""
    fetcher = Fetcher(settings, time.monotonic() + time_limit, max_bytes)
    return {url: classify_page(fetched, targets[url], max_bytes) for url, fetched in fetcher.get_all(urls).items()}


def _same_site(a: str, b: str) -> bool:
    host = lambda url: (urlsplit(url).hostname or "").removeprefix("www.")  # noqa: E731 - one use
    return host(a) == host(b)


def classify_page(fetched: Fetched, target: Target, max_bytes: int = MAX_BYTES) -> Result:
    """The status of a page fetched for its quotes: the same statuses as :func:`classify`, and
    ``quote-changed`` or ``quote-unchecked`` for what its text says."""
    code = fetched.status
    result = Result(fetched.url, "ok", code, fetched.final_url if fetched.final_url != fetched.url else None)
    errors = {"robots": "blocked", "budget": "timeout", "dns": "broken", "redirect-loop": "broken",
              "timeout": "timeout"}
    if fetched.error:
        result.status, result.reason = errors.get(fetched.error, "unreachable"), fetched.detail
        result.http_status = None if fetched.error != "robots" else code
        return result
    if code in BLOCKED_CODES:
        result.status, result.reason = "blocked", f"HTTP {code}: the site refuses automated checks"
        result.retry_after = fetched.retry_after
        return result
    if code in BROKEN_CODES:
        result.status, result.reason = "broken", f"HTTP {code}"
        return result
    if code is None or not 200 <= code < 300:
        result.status = "unreachable"
        result.reason = f"HTTP {code}: server error" if code and code >= 500 else f"HTTP {code}"
        return result
    if result.final_url:
        result.status = "redirected"
        if not _same_site(fetched.url, fetched.final_url):
            host = urlsplit(fetched.final_url).hostname
            result.status = "quote-unchecked"
            result.reason = (f"redirected to another host ({host}), so its quotes were not checked there: if the "
                             "work moved, change its url in sources/ and check the quotes on the new page")
            return result
    kind = fetched.content_type.split(";")[0].strip().lower()
    if kind not in _PAGE_TYPES:
        result.status = "quote-unchecked"
        result.reason = f"the page is {kind}, not HTML, so its quotes are not checked here: check them by hand"
        return result
    if fetched.truncated and not fetched.body:
        size = f"{fetched.length / 2**20:.0f} MB" if fetched.length else "larger"
        result.status = "quote-unchecked"
        result.reason = (f"the page is {size}, more than the {max_bytes / 2**20:g} MB read of a page, so its "
                         "quotes were not checked: check them by hand")
        return result
    page = page_text(fetched.body, fetched.content_type)
    for words, cited_at in target.quotes.items():
        match = find_quote.__wrapped__(words, page.text)  # not cached: pages are large and checked once
        result.quotes.append({"quote": words, "found": match.found, "closest": "" if match.found else match.passage,
                              "score": round(match.score, 1), "cited_at": cited_at})
    missing = [q for q in result.quotes if not q["found"]]
    total = len(result.quotes)
    if not missing:
        result.reason = f"{'the quote was' if total == 1 else f'all {total} quotes were'} found on the page"
        if page.note:
            result.reason += f" (it {page.note})"
        return result
    counted = f"{len(missing)} of {total} quoted passage{'s' if total != 1 else ''}"
    if fetched.truncated:
        result.status = "quote-unchecked"
        result.reason = (f"only the first {max_bytes / 2**20:g} MB of a larger page were read, and {counted} are "
                         "not in that part: check them by hand")
    elif page.javascript_shell:
        result.status = "quote-unchecked"
        result.reason = (f"the page shows its text only with JavaScript ({len(page.text)} characters without it), "
                         f"so {counted} cannot be checked here: check them in a browser")
    elif page.note:
        result.status = "quote-unchecked"
        result.reason = f"the page {page.note}, and {counted} are not in its text: check them by hand"
    else:
        result.status = "quote-changed"
        result.reason = f"{counted} no longer on the page"
        result.cite_instead = target.archive_url or (
            f"https://web.archive.org/web/{target.read_on}/{target.url}" if target.read_on else wayback(target.url))
    return result


# URLs a LinkChecker process is given at least before a host's URLs are split between processes: a
# process costs about a second of CPU to start, more than the pauses (0.1–0.6 s a URL) a split saves.
BATCH_MIN = 4


def partition(urls: list[str], per_host: int) -> list[list[str]]:
    """Split URLs into single-host batches, at most ``per_host`` batches for any host, and none of
    fewer than :data:`BATCH_MIN` URLs split off.

    LinkChecker throttles every host behind one global lock (a random 0.1–0.6 s between requests),
    so one single-threaded process checks one URL at a time; running these batches in parallel
    processes gives at most ``per_host`` parallel requests to any host.
    """
    return fetch_partition(urls, per_host, min_size=BATCH_MIN)  # the longest first: the pool has fewer places


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


STATE_FIX = "delete it: the next run starts a new state (failures are then confirmed a day later again)"


def confirm(results: dict[str, Result], targets: dict[str, Target], state_path: Path,
            today: dt.date) -> dict[str, dict]:
    """Apply the two-runs-a-day-apart rule; returns the new state (written by the caller)."""
    state = load_json(read_text(state_path), state_path, STATE_FIX) if state_path.exists() else {}
    failures = state.get("failures", {}) if isinstance(state, dict) else None
    if not isinstance(failures, dict):
        raise fail(state_path, None, "not a link-check state file (JSON from `make linkcheck`)", STATE_FIX)
    # URLs this run did not check (a run over a given list) keep what earlier runs recorded.
    new_failures: dict[str, dict] = {url: record for url, record in failures.items() if url not in results}
    for url, result in results.items():
        if result.status not in CONFIRMED:
            continue
        kind = result.status
        record = failures.get(url)
        if record is None or record.get("kind", "broken") != kind:  # a new failure, or another one
            record = {"first": today.isoformat(), "confirmed": False}
        first = dt.date.fromisoformat(record["first"])
        result.first_failure = record["first"]
        if today - first >= CONFIRM_AFTER:
            known = targets[url].dead if kind == "broken" else targets[url].deviated
            result.newly_confirmed = not record.get("confirmed") and not known
            record = {**record, "confirmed": True}
        else:
            result.status, result.kind = "suspect", kind
            seen = "failed" if kind == "broken" else "quotes missing"
            result.reason += f"; {seen} first on {record['first']}, confirmed only by a second run a day later"
        new_failures[url] = {**record, "last": today.isoformat(), **({"kind": kind} if kind != "broken" else {})}
    return {"failures": dict(sorted(new_failures.items()))}


def articles_can_say_deviated() -> bool:
    """Whether ``articles.yml`` accepts ``url_status: deviated`` and ``archive_url`` (the model's
    field list), so that the build links an article whose quotes changed to its copy first."""
    return {"url_status", "archive_url"} <= set(ARTICLE_FIELDS) and "deviated" in URL_STATUSES


def fix_for(result: Result) -> str:
    """What the maintainer does about a newly confirmed failure."""
    if result.status == "quote-changed":
        copy = f"archive_url: {result.cite_instead}"
        if articles_can_say_deviated():
            return (f"cite the archived copy: set url_status: deviated and {copy} for {', '.join(result.ids)} "
                    "(the build then links the copy first), or change the quotes to what the page says now")
        return (f"cite the archived copy ({result.cite_instead}) or change the quotes to what the page says now; "
                "articles.yml cannot mark it yet: url_status and archive_url are bibliography fields "
                "(explainer/model/library.py, ARTICLE_FIELDS)")
    return "mark it url_status: dead with an archive_url in sources/bibliography.yml, or fix the link"


def confirmed_line(result: Result) -> str:
    """The one line ``make linkcheck`` prints for a failure a second run confirmed."""
    what = "confirmed broken" if result.status == "broken" else "quotes confirmed changed"
    return f"{result.url}: {what} ({result.reason}); ids: {', '.join(result.ids) or '-'} — {fix_for(result)}"


def wayback(url: str) -> str:
    """Where to look for an archived copy."""
    return "https://web.archive.org/web/*/" + quote(url, safe=":/?&=%#")


def finish(results: dict[str, Result], targets: dict[str, Target]) -> list[Result]:
    """Attach ids, citing pages and archive suggestions; problems first."""
    order = {s: i for i, s in enumerate(("broken", "quote-changed", "suspect", "unreachable", "timeout", "blocked",
                                         "quote-unchecked", "redirected", "ok"))}
    out = []
    for url, result in results.items():
        target = targets[url]
        result.ids, result.cited_on = target.ids, target.cited_on
        if result.status not in ("ok", "redirected"):
            result.archive_suggestion = result.cite_instead or wayback(url)
        out.append(result)
    return sorted(out, key=lambda r: (order[r.status], r.url))


def write_reports(results: list[Result], reports: Path, checked_at: str) -> tuple[Path, Path]:
    """``reports/linkcheck.json`` and ``reports/linkcheck.md``."""
    keys = ("url", "status", "http_status", "final_url", "ids", "cited_on", "archive_suggestion", "reason",
            "first_failure", "quotes", "cite_instead")
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
    changed = [r for r in results if any(not q["found"] for q in r.quotes)]
    if changed:
        lines += ["## Quotes no longer on their page", ""]
        for r in changed:
            lines.append(f"### <{r.url}> ({r.status}; {', '.join(r.ids) or '—'})")
            lines.append("")
            for q in (q for q in r.quotes if not q["found"]):
                closest = f"closest passage now: “{q['closest']}”" if q["closest"] else "nothing like it on the page"
                lines.append(f"- “{q['quote']}”, cited at {', '.join(q['cited_at'])}; {closest}")
            if r.cite_instead:
                lines += ["", f"Cite the archived copy instead: <{r.cite_instead}> (a new capture would keep the "
                              "changed text: do not `make archive` this page now)."]
            lines.append("")
    moved = [r for r in results if r.status == "redirected"]
    if moved:
        lines += ["## Redirected", ""] + [f"- <{r.url}> → <{r.final_url}>" for r in moved] + [""]
    lines += ["## Fine", ""] + [f"- <{r.url}>" for r in results if r.status == "ok"]
    write_atomic(md_path, "\n".join(lines) + "\n")
    return json_path, md_path
