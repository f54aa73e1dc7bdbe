"""``make linkcheck`` against a real HTTP server on 127.0.0.1: classification, retries, the budget
(every URL checked, none asked more often than its retries allow), two-run confirmation, reports
and the no-network case; the pages quotes cite, fetched and searched for every quoted passage
(unchanged, edited, moved, behind a 403, a JavaScript shell, too large, mislabelled, moved to
another host)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES, computed_once, copy_fixture, explainer, fixture_library
from explainer.core.diagnostics import USAGE_EXIT
from explainer.linkcheck import online as linkcheck
from explainer.linkcheck import pagetext
from explainer.linkcheck.online import Result, Target
from explainer.linkcheck.runner import Settings
from explainer.model.library import load_library
from explainer.plugin.project import load_project
from inprocess import run_main
from webserver import FakeClock, article_html, closed_port, web_server

# One worker for the module: its LinkChecker runs (session fixtures) are made once, not once per worker.
pytestmark = pytest.mark.xdist_group("linkcheck")

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
RETRIES = 2
OUT_OF_TIME = "not checked within the total time limit"
# The runs over the routes: real time (the clock adds the pauses to it) with room for a machine busy with
# other work, where the first pass alone took 28 s; the pauses the policy takes must still fit in 30 s.
BUDGET = 120


@pytest.fixture(scope="session")
def checked(tmp_path_factory, shared_dir: Path) -> tuple[dict, dict[str, int], list[float], int]:
    """One real LinkChecker run (with its retries) over every route, with a fake clock for the
    backoff: the results, the requests the server saw, the pauses and the closed port; made once
    per test run."""
    return _routes(tmp_path_factory, shared_dir)[0]


@pytest.fixture(scope="session")
def fetched_routes(tmp_path_factory, shared_dir: Path) -> dict[str, tuple[str, int | None]]:
    """Every route of :data:`EXPECTED` fetched as the pages quotes cite are (with retries, its own
    server and fake clock), during the LinkChecker run of :func:`checked`: status and HTTP status."""
    return _routes(tmp_path_factory, shared_dir)[1]


def _routes(tmp_path_factory, shared_dir: Path) -> tuple[tuple[dict, dict[str, int], list[float], int], dict]:
    """Both runs over the routes at once (the time-outs of /slow overlap), made once per test run."""
    def both() -> tuple[tuple[dict, dict[str, int], list[float], int], dict]:
        fetched: dict[str, tuple[str, int | None]] = {}
        worker = threading.Thread(target=lambda: fetched.update(_fetch_routes(tmp_path_factory.mktemp("fetched"))),
                                  daemon=True)
        worker.start()
        try:
            checked = _check_routes(tmp_path_factory.mktemp("linkcheck"))
        finally:
            worker.join(120)
        assert not worker.is_alive() and fetched, "the fetch of the routes did not finish"
        return checked, fetched

    return computed_once(shared_dir, "linkcheck-routes", both)


def _fetch_routes(tmp: Path) -> dict[str, tuple[str, int | None]]:
    clock = FakeClock()
    with web_server() as (base, _):
        targets = {base + path: Target(base + path, quotes={"ok": ["docs/en/x.md:1"]}) for path in EXPECTED}
        fetched = linkcheck.check(targets, Settings(timeout=1, per_host_rate=50), budget=BUDGET, retries=2, backoff=0.5,
                                  clock=clock.now, sleep=clock.sleep)
        linkcheck.confirm(fetched, targets, tmp / "state.json", dt.date(2026, 11, 1))
    return {url.replace(base, ""): (r.status, r.http_status) for url, r in fetched.items()}


def _check_routes(tmp: Path) -> tuple[dict, dict[str, int], list[float], int]:
    clock = FakeClock()
    with web_server() as (base, hits):
        port = closed_port()
        urls = [base + path for path in EXPECTED] + [f"http://127.0.0.1:{port}/closed"]
        (tmp / "urls.txt").write_text("# test URLs\n\n" + "\n".join(urls) + "\n", encoding="utf-8")
        targets = linkcheck.read_url_list(tmp / "urls.txt")
        results = linkcheck.check(targets, Settings(timeout=1), budget=BUDGET, retries=RETRIES, backoff=0.5,
                                  clock=clock.now, sleep=clock.sleep)
    linkcheck.confirm(results, targets, tmp / "state.json", dt.date(2026, 11, 1))  # first run: broken is suspect
    json_path, _ = linkcheck.write_reports(linkcheck.finish(results, targets), tmp / "reports", "2026-11-01T00:00:00+00:00")
    report = json.loads(json_path.read_text(encoding="utf-8"))
    return {r["url"].replace(base, ""): r for r in report["results"]}, dict(hits), clock.slept, port


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


def test_every_url_is_checked_within_the_budget_and_asked_a_bounded_number_of_times(checked) -> None:
    """What the run did, not how long it took: every URL got its verdict within the budget, the
    pauses fit in it, and no URL was asked more often than its retries allow (a redirect loop is
    followed as far as LinkChecker's redirect limit)."""
    results, hits, slept, _ = checked
    assert [path for path, r in results.items() if r["reason"] == OUT_OF_TIME] == []
    assert sum(slept) < 30
    asked = {path: n for path, n in hits.items() if path not in ("/robots.txt", "/loop")}
    assert set(asked) >= set(EXPECTED) - {"/private", "/loop"}, asked  # robots.txt forbids /private
    assert max(asked.values()) <= RETRIES + 1, asked
    assert "/private" not in hits and 1 <= hits["/loop"] <= 11


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
        assert run_main(tmp_path, *args, "--today", "2026-11-01").code == 0
        second = run_main(tmp_path, *args, "--today", "2026-11-02")
        assert second.code == 1
        assert f"{base}/missing: confirmed broken (HTTP 404)" in second.err
        assert run_main(tmp_path, *args, "--today", "2026-11-03").code == 0
    markdown = (tmp_path / "r/linkcheck.md").read_text(encoding="utf-8")
    assert markdown.index("## Problems") < markdown.index(f"<{base}/missing>") < markdown.index("## Fine")


def test_no_network_says_so_in_one_line_and_records_nothing(tmp_path: Path) -> None:
    urls = [f"http://127.0.0.1:{closed_port()}/x", f"http://127.0.0.1:{closed_port()}/y"]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    result = run_main(tmp_path, "--root", str(FIXTURES / "two-languages"), "linkcheck", "--urls",
                      str(tmp_path / "urls.txt"), "--reports", str(tmp_path / "r"), "--state",
                      str(tmp_path / "state.json"), "--timeout", "2", "--budget", "20")
    assert result.code == linkcheck.NO_NETWORK_EXIT
    assert result.err.strip().splitlines() == ["linkcheck: no network: none of 2 URLs could be reached; nothing recorded"]
    assert not (tmp_path / "state.json").exists() and not (tmp_path / "r").exists()


def test_bad_url_list_is_a_located_error(tmp_path: Path) -> None:
    """The command's smoke test as its own process (the others run it in this one: ``run_main``)."""
    (tmp_path / "urls.txt").write_text("https://example.org/\nftp://example.org/x\n", encoding="utf-8")
    result = explainer(tmp_path, "--root", str(FIXTURES / "two-languages"), "linkcheck", "--urls",
                       str(tmp_path / "urls.txt"))
    assert result.code == USAGE_EXIT and "Traceback" not in result.output
    assert result.err.strip().endswith("urls.txt:2: not an http(s) URL: 'ftp://example.org/x' — write one full URL per line")


def test_targets_cover_bibliography_and_page_links() -> None:
    from explainer.plugin.project import load_project

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


# ------------------------------------------------------------------ quotes on the pages they cite

ARTICLE_URL = "https://example.net/exampleton/library-reopens"
QUOTES = {"three weeks after a burst pipe flooded its basement": [f"docs/{lang}/index.md:10" for lang in ("en", "de", "fr")],
          "980 of them could be restored": [f"docs/{lang}/report.md:10" for lang in ("en", "de", "fr")],
          "of which the insurer paid 1.2 million": [f"docs/{lang}/report.md:14" for lang in ("en", "de", "fr")]}
GERMAN = {"schwarzen Tag für die Stadt": ["docs/de/report.md:14"]}
PAGES = {  # route → (status, http status, what the reason says)
    "/article": ("ok", 200, "all 3 quotes were found on the page"),
    "/article-moved": ("ok", 200, "all 3 quotes were found on the page"),
    "/article-same-host": ("redirected", 200, "all 3 quotes were found on the page"),
    "/article-edited": ("quote-changed", 200, "1 of 3 quoted passages no longer on the page"),
    "/article-forbidden": ("blocked", 403, "HTTP 403: the site refuses automated checks"),
    "/private/article": ("blocked", None, "robots.txt disallows checking it; not checked"),
    "/article-shell": ("quote-unchecked", 200, "the page shows its text only with JavaScript (55 characters without "
                                               "it), so 3 of 3 quoted passages cannot be checked here"),
    "/article-huge": ("quote-unchecked", 200, "the page is 50 MB, more than the 5 MB read of a page, so its quotes "
                                              "were not checked"),
    "/article-endless": ("quote-unchecked", 200, "only the first 5 MB of a larger page were read, and 3 of 3 quoted "
                                                 "passages are not in that part"),
    "/article-elsewhere": ("quote-unchecked", 200, "redirected to another host (localhost), so its quotes were not "
                                                   "checked there"),
    "/article-pdf": ("quote-unchecked", 200, "the page is application/pdf, not HTML"),
    "/article-cp1252-says-utf8": ("ok", 200, "the quote was found on the page (it declares charset utf-8 but is not "
                                             "valid utf-8; read as Windows-1252)"),
    "/article-utf8-says-latin1": ("ok", 200, "the quote was found on the page (it declares charset iso-8859-1 but is "
                                             "UTF-8; read as UTF-8)"),
}


def _local_copy(root: Path, article_url: str, other_url: str) -> Path:
    """The three-language fixture with its article and its listed work at local URLs."""
    sources = root / "sources"
    for name, old, new in (("articles.yml", ARTICLE_URL, article_url),
                           ("bibliography.yml", "https://example.org/exampleton/library-reopens", other_url)):
        path = sources / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def pages_checked(tmp_path_factory, shared_dir: Path
                  ) -> tuple[dict[str, Result], dict[str, Target], list[float], dict[str, int]]:
    """Every article route checked once through :func:`check` (fetched for their quotes, with retries)."""
    return computed_once(shared_dir, "linkcheck-quoted-pages",
                         lambda: _check_quoted_pages(tmp_path_factory.mktemp("quoted")))


def _check_quoted_pages(tmp: Path) -> tuple[dict[str, Result], dict[str, Target], list[float], dict[str, int]]:
    root = copy_fixture("three-languages", tmp / "project")
    clock = FakeClock()
    with web_server() as (base, hits):
        _local_copy(root, base + "/article", base + "/ok")
        collected = linkcheck.collect_targets(load_project(root), load_library(root / "sources"))
        model = collected[base + "/article"]
        targets = {}
        for route in PAGES:
            quotes = GERMAN if "says" in route else model.quotes
            targets[base + route] = Target(base + route, ids=["reopening"], cited_on=model.cited_on, quotes=dict(quotes),
                                           read_on=model.read_on)
        results = linkcheck.check(targets, Settings(timeout=1, per_host_rate=50), budget=30, retries=2, backoff=0.5,
                                  clock=clock.now, sleep=clock.sleep)
    return {url.replace(base, ""): r for url, r in results.items()}, collected, clock.slept, dict(hits)


def test_quotes_are_collected_with_the_page_and_line_of_every_use(pages_checked) -> None:
    _, collected, _, _ = pages_checked
    article = next(t for t in collected.values() if t.ids == ["reopening"])
    assert article.quotes == QUOTES
    assert article.read_on == "20241216"  # no access date: the article's date
    listed = next(t for t in collected.values() if t.ids == ["example-reopens"])
    assert listed.quotes == {}  # no quote cites it: LinkChecker checks it


@pytest.mark.parametrize("route", list(PAGES))
def test_pages_are_checked_for_their_quotes(pages_checked, route: str) -> None:
    results, *_ = pages_checked
    status, code, reason = PAGES[route]
    result = results[route]
    assert (result.status, result.http_status) == (status, code), result
    assert result.reason.startswith(reason), result.reason


def test_an_edited_quote_names_its_uses_the_closest_passage_and_a_copy(pages_checked) -> None:
    results, *_ = pages_checked
    edited = results["/article-edited"]
    missing = [q for q in edited.quotes if not q["found"]]
    assert [q["quote"] for q in missing] == ["980 of them could be restored"]
    assert missing[0]["cited_at"] == QUOTES["980 of them could be restored"]
    assert "of them could be saved" in missing[0]["closest"]
    assert edited.cite_instead.startswith("https://web.archive.org/web/20241216/http://127.0.0.1:")


def test_a_page_kept_but_rewrapped_and_retyped_still_holds_its_quotes() -> None:
    """Emphasis, line wrapping, typographic quotes and entities do not matter (as at build time)."""
    text = pagetext.html_text(article_html()).text
    from explainer.checks.quotes import find_quote

    assert all(find_quote(quote, text).found for quote in QUOTES)
    assert find_quote('"We are glad to be back," the director said', text).found


def test_quote_pages_are_each_fetched_once_after_one_robots_txt_per_host(pages_checked) -> None:
    """What the run did, not how long it took: every page got its verdict within the budget, with
    one request each (nothing here is retried), robots.txt read once per host (127.0.0.1 and, for
    the page that moved there, localhost), the page robots.txt forbids never asked."""
    results, _, slept, hits = pages_checked
    assert [route for route, r in results.items() if r.reason == OUT_OF_TIME] == []
    assert slept == []
    # /article: asked itself, and as where /article-same-host and /article-elsewhere (on localhost) lead
    expected = {**{route: 1 for route in PAGES if route != "/private/article"}, "/article": 3, "/robots.txt": 2}
    assert hits == expected


def test_page_text_leaves_out_scripts_and_styles_and_keeps_words_whole() -> None:
    page = pagetext.html_text("<title>T &amp; U</title><style>p{}</style><script>var a = '<p>no</p>'</script>"
                              "<p>one <b>tw</b>o</p><p>three<br>four</p><template>hidden</template>")
    assert page.text == "T & U\n\none two\n\nthree\n\nfour" and page.scripts == 1


@pytest.mark.parametrize(("body", "content_type", "text", "note"), [
    ("für".encode(), "text/html; charset=utf-8", "für", ""),
    ("für".encode("cp1252"), "text/html; charset=utf-8", "für", "declares charset utf-8 but is not valid utf-8; "
                                                               "read as Windows-1252"),
    ("für".encode(), "text/html; charset=iso-8859-1", "für", "declares charset iso-8859-1 but is UTF-8; read as UTF-8"),
    ("für".encode("cp1252"), "text/html; charset=iso-8859-1", "für", ""),
    ("für".encode("cp1252"), "text/html", "für", "declares no charset and is not UTF-8; read as Windows-1252"),
    ("für".encode("cp1252"), "text/html; charset=klingon", "für", "declares an unknown charset 'klingon'; read as "
                                                                  "Windows-1252"),
    ('<meta charset="windows-1252"><p>für</p>'.encode("cp1252"), "text/html", '<meta charset="windows-1252"><p>für</p>', ""),
])
def test_charsets_are_read_as_declared_unless_wrong(body: bytes, content_type: str, text: str, note: str) -> None:
    assert pagetext.decode(body, content_type) == (text, note)


def test_quote_pages_back_off_and_honour_retry_after() -> None:
    clock = FakeClock()
    with web_server() as (base, hits):
        targets = {base + "/ratelimited": Target(base + "/ratelimited", quotes={"ok": ["docs/en/x.md:1"]})}
        results = linkcheck.check(targets, Settings(timeout=1, per_host_rate=50), budget=30, retries=2, backoff=0.5,
                                  clock=clock.now, sleep=clock.sleep)
    assert results[base + "/ratelimited"].status == "ok" and hits["/ratelimited"] == 2
    assert clock.slept == [1.0]  # Retry-After (1 s) beats the backoff (0.5 s)


def test_the_fetcher_classifies_like_linkchecker(checked, fetched_routes) -> None:
    """The pages quotes cite are fetched instead of checked by LinkChecker: every behaviour of the
    test server gets the same status both ways."""
    by_linkchecker, *_ = checked
    ours = fetched_routes
    theirs = {path: (r["status"], r["http_status"]) for path, r in by_linkchecker.items() if path in EXPECTED}
    assert ours == theirs


def test_quote_changed_is_confirmed_only_a_day_later(tmp_path: Path) -> None:
    url = "https://example.net/a"
    targets = {url: Target(url, ids=["a"], quotes={"x": ["docs/en/p.md:3"]}),
               "https://example.net/b": Target("https://example.net/b", ids=["b"], deviated=True)}
    state = tmp_path / "state.json"

    def run(day: int, status: str = "quote-changed") -> dict[str, Result]:
        results = {u: Result(u, status, 200, reason="1 of 1 quoted passage no longer on the page") for u in targets}
        new_state = linkcheck.confirm(results, targets, state, dt.date(2026, 11, day))
        state.write_text(json.dumps(new_state), encoding="utf-8")
        return results

    first = run(1)
    assert [(r.status, r.kind) for r in first.values()] == [("suspect", "quote-changed")] * 2
    assert "quotes missing first on 2026-11-01, confirmed only by a second run a day later" in first[url].reason
    assert [(r.status, r.newly_confirmed) for r in run(2).values()] == [("quote-changed", True), ("quote-changed", False)]
    assert [(r.status, r.newly_confirmed) for r in run(3).values()] == [("quote-changed", False)] * 2
    assert json.loads(state.read_text(encoding="utf-8"))["failures"][url]["kind"] == "quote-changed"
    # A page that now fails in another way starts its own count.
    assert [r.status for r in run(4, "broken").values()] == ["suspect", "suspect"]


def test_quote_changed_exits_1_on_the_second_day_with_the_report(tmp_path: Path) -> None:
    root = copy_fixture("three-languages", tmp_path / "project")
    with web_server() as (base, _):
        _local_copy(root, base + "/article-edited", base + "/ok")
        args = ["--root", str(root), "linkcheck", "--reports", str(tmp_path / "r"), "--state",
                str(tmp_path / "state.json"), "--timeout", "2", "--budget", "30", "--per-host-rate", "50"]
        first = run_main(tmp_path, *args, "--today", "2026-11-01")
        assert first.code == 0, first.output
        assert "1 suspect" in first.out
        second = run_main(tmp_path, *args, "--today", "2026-11-02")
    assert second.code == 1, second.output
    assert f"{base}/article-edited: quotes confirmed changed (1 of 3 quoted passages no longer on the page); " \
           "ids: reopening — cite the archived copy" in second.err
    markdown = (tmp_path / "r/linkcheck.md").read_text(encoding="utf-8")
    section = markdown.split("## Quotes no longer on their page")[1]
    assert "“980 of them could be restored”, cited at docs/en/report.md:10, docs/de/report.md:10, docs/fr/report.md:10" \
           in section
    assert "closest passage now: “" in section and "of them could be saved" in section
    assert f"Cite the archived copy instead: <https://web.archive.org/web/20241216/{base}/article-edited>" in section
    report = json.loads((tmp_path / "r/linkcheck.json").read_text(encoding="utf-8"))
    edited = next(r for r in report["results"] if r["url"].endswith("/article-edited"))
    assert edited["status"] == "quote-changed" and edited["cite_instead"]


@pytest.mark.parametrize(("urls", "sizes"), [
    (["http://a/1", "http://a/2", "http://b/1"], [2, 1]),  # a few URLs: one LinkChecker process for the host
    ([f"http://a/{n}" for n in range(7)], [7]),
    ([f"http://a/{n}" for n in range(8)] + ["http://b/1"], [4, 4, 1]),  # enough for two, each with its share
    ([f"http://a/{n}" for n in range(20)], [10, 10]),  # never more than per_host processes for one host
])
def test_a_host_is_split_between_linkchecker_processes_only_for_enough_urls(urls: list[str], sizes: list[int]) -> None:
    batches = linkcheck.partition(urls, 2)
    assert [len(batch) for batch in batches] == sizes
    assert sorted(url for batch in batches for url in batch) == sorted(urls)
    assert all(len({url.split("/")[2] for url in batch}) == 1 for batch in batches)
