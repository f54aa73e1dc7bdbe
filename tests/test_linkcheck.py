"""``make linkcheck`` against a real HTTP server on 127.0.0.1: classification, retries, time bound,
two-run confirmation, reports and the no-network case."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, explainer, fixture_library
from explainer.linkcheck import online as linkcheck
from explainer.linkcheck.online import Result, Target
from explainer.linkcheck.runner import Settings
from webserver import closed_port, web_server

EXPECTED = {
    "/ok": ("ok", 200),
    "/moved": ("redirected", 200),
    "/chain1": ("redirected", 200),
    "/loop": ("suspect", None),  # broken (redirect loop), not yet confirmed
    "/missing": ("suspect", 404),
    "/gone": ("suspect", 410),
    "/forbidden": ("blocked", 403),
    "/ratelimited": ("ok", 200),  # 429 with Retry-After, then 200 on the retry
    "/flaky": ("ok", 200),  # 500, then 200 on the retry
    "/unavailable": ("unreachable", 503),
    "/slow": ("timeout", None),
    "/private": ("blocked", None),  # robots.txt disallows it
}
TIME_BOUND = 40


class FakeClock:
    """Real time plus every pause taken: the backoff waits cost nothing, the budget still counts them."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    def now(self) -> float:
        return time.monotonic() + sum(self.slept)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[dict, float, list[float], int]:
    """One real LinkChecker run (with its retries) over every route, with a fake clock for the backoff."""
    tmp = tmp_path_factory.mktemp("linkcheck")
    clock = FakeClock()
    with web_server() as (base, _hits):
        port = closed_port()
        urls = [base + path for path in EXPECTED] + [f"http://127.0.0.1:{port}/closed"]
        (tmp / "urls.txt").write_text("# test URLs\n\n" + "\n".join(urls) + "\n", encoding="utf-8")
        targets = linkcheck.read_url_list(tmp / "urls.txt")
        start = clock.now()
        results = linkcheck.check(targets, Settings(timeout=1), budget=30, retries=2, backoff=0.5,
                                  clock=clock.now, sleep=clock.sleep)
        elapsed = clock.now() - start
    linkcheck.confirm(results, targets, tmp / "state.json", dt.date(2026, 11, 1))  # first run: broken is suspect
    json_path, _ = linkcheck.write_reports(linkcheck.finish(results, targets), tmp / "reports", "2026-11-01T00:00:00+00:00")
    report = json.loads(json_path.read_text(encoding="utf-8"))
    return {r["url"].replace(base, ""): r for r in report["results"]}, elapsed, clock.slept, port


@pytest.mark.parametrize("path", list(EXPECTED))
def test_classification(checked, path: str) -> None:
    results, *_ = checked
    status, code = EXPECTED[path]
    assert (results[path]["status"], results[path]["http_status"]) == (status, code), results[path]


def test_redirects_name_their_final_url(checked) -> None:
    results, *_ = checked
    assert results["/chain1"]["final_url"].endswith("/ok")
    assert results["/moved"]["final_url"].endswith("/ok")


def test_closed_port_is_unreachable(checked) -> None:
    results, _, _, port = checked
    closed = results[f"http://127.0.0.1:{port}/closed"]
    assert closed["status"] == "unreachable" and closed["http_status"] is None


def test_robots_txt_is_said_not_counted_valid(checked) -> None:
    results, *_ = checked
    assert "robots.txt" in results["/private"]["reason"]


def test_run_stays_within_its_time_bound(checked) -> None:
    _, elapsed, _, _ = checked
    assert elapsed < TIME_BOUND


def test_retries_back_off_and_honour_retry_after(checked) -> None:
    _, _, slept, _ = checked
    # First pause: Retry-After (1 s) beats the backoff (0.5 s); second: the backoff doubled (1 s).
    assert slept == [1.0, 1.0]


def test_problems_come_first_with_an_archive_suggestion(checked, tmp_path_factory) -> None:
    results, *_ = checked
    statuses = [r["status"] for r in results.values()]
    assert statuses.index("ok") > max(i for i, s in enumerate(statuses) if s not in ("ok", "redirected"))
    assert results["/missing"]["archive_suggestion"].startswith("https://web.archive.org/web/*/http://127.0.0.1:")
    assert results["/ok"]["archive_suggestion"] == ""


def test_broken_is_confirmed_only_by_a_second_run_a_day_later(tmp_path: Path) -> None:
    targets = {"https://example.org/a": Target("https://example.org/a", ids=["a"]),
               "https://example.org/b": Target("https://example.org/b", ids=["b"], dead=True)}
    state = tmp_path / "state.json"
    import datetime as dt

    def run(day: int) -> dict[str, Result]:
        results = {url: Result(url, "broken", 404, reason="HTTP 404") for url in targets}
        new_state = linkcheck.confirm(results, targets, state, dt.date(2026, 11, day))
        state.write_text(json.dumps(new_state), encoding="utf-8")
        return results

    first = run(1)
    assert [r.status for r in first.values()] == ["suspect", "suspect"]
    same_day = run(1)
    assert [r.status for r in same_day.values()] == ["suspect", "suspect"]
    next_day = run(2)
    assert [(r.status, r.newly_confirmed) for r in next_day.values()] == [("broken", True), ("broken", False)]
    later = run(9)  # still broken, but no longer news: exit 0
    assert [(r.status, r.newly_confirmed) for r in later.values()] == [("broken", False), ("broken", False)]


def test_newly_confirmed_broken_link_exits_1(tmp_path: Path) -> None:
    root = FIXTURES / "two-languages"
    with web_server() as (base, _):
        (tmp_path / "urls.txt").write_text(f"{base}/missing\n{base}/ok\n", encoding="utf-8")
        args = ["--root", str(root), "linkcheck", "--urls", str(tmp_path / "urls.txt"), "--reports",
                str(tmp_path / "r"), "--state", str(tmp_path / "state.json"), "--timeout", "2", "--budget", "20"]
        assert explainer(tmp_path, *args, "--today", "2026-11-01").code == 0
        second = explainer(tmp_path, *args, "--today", "2026-11-02")
        assert second.code == 1
        assert f"{base}/missing: confirmed broken (HTTP 404)" in second.err
        assert explainer(tmp_path, *args, "--today", "2026-11-03").code == 0
    markdown = (tmp_path / "r/linkcheck.md").read_text(encoding="utf-8")
    assert markdown.index("## Problems") < markdown.index(f"<{base}/missing>") < markdown.index("## Fine")


def test_no_network_says_so_in_one_line_and_records_nothing(tmp_path: Path) -> None:
    urls = [f"http://127.0.0.1:{closed_port()}/x", f"http://127.0.0.1:{closed_port()}/y"]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    result = explainer(tmp_path, "--root", str(FIXTURES / "two-languages"), "linkcheck", "--urls",
                       str(tmp_path / "urls.txt"), "--reports", str(tmp_path / "r"), "--state",
                       str(tmp_path / "state.json"), "--timeout", "2", "--budget", "20")
    assert result.code == linkcheck.NO_NETWORK_EXIT
    assert result.err.strip().splitlines() == ["linkcheck: no network: none of 2 URLs could be reached; nothing recorded"]
    assert not (tmp_path / "state.json").exists() and not (tmp_path / "r").exists()


def test_bad_url_list_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "urls.txt").write_text("https://example.org/\nftp://example.org/x\n", encoding="utf-8")
    result = explainer(tmp_path, "--root", str(FIXTURES / "two-languages"), "linkcheck", "--urls",
                       str(tmp_path / "urls.txt"))
    assert result.code == linkcheck.USAGE_EXIT and "Traceback" not in result.output
    assert result.err.strip().endswith("urls.txt:2: not an http(s) URL: 'ftp://example.org/x' — write one full URL per line")


def test_targets_cover_bibliography_and_page_links() -> None:
    from explainer.core.project import load_project

    root = FIXTURES / "two-languages"
    targets = linkcheck.collect_targets(load_project(root), fixture_library())
    listed = next(t for t in targets.values() if "example-lokales" in t.ids)
    assert listed.cited_on == {}  # listed, never cited
    article = targets["https://example.net/lokales/bibliothek-wasserschaden"]
    assert article.ids == ["bericht"] and set(article.cited_on) == {"de", "en"} and "report.md" in article.cited_on["de"]


def test_a_run_over_a_list_keeps_what_earlier_runs_recorded(tmp_path: Path) -> None:
    import datetime as dt

    state = tmp_path / "state.json"
    state.write_text(json.dumps({"failures": {"https://example.org/old": {"first": "2026-10-01", "confirmed": True,
                                                                        "last": "2026-10-08"}}}), encoding="utf-8")
    targets = {"https://example.org/new": Target("https://example.org/new")}
    results = {"https://example.org/new": Result("https://example.org/new", "broken", 404, reason="HTTP 404")}
    new_state = linkcheck.confirm(results, targets, state, dt.date(2026, 11, 1))
    assert set(new_state["failures"]) == {"https://example.org/old", "https://example.org/new"}
