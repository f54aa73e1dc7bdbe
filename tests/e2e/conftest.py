"""Browser fixtures: Debian's Chromium driven by Playwright (no browser download), the real site
built once with ``mkdocs build --strict`` and served like GitHub Pages on 127.0.0.1.

Without a browser the tests skip with the reason; in CI (``CI=true``) that is a failure instead.
Every request to another host is recorded, so a test can see it, and fails inside Chromium, so nothing
leaves the machine: all traffic but loopback goes to a proxy address where nothing listens. No request
is intercepted from Python: Playwright's routing made closing a tab wait for route handlers still in
flight, which hung a whole CI run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import MKDOCS, copy_project, run
from explainer.core.localserver import free_port
from explainer.site.pageserver import serve_site

CHROMIUM = Path(os.environ.get("EXPLAINER_CHROMIUM", "/usr/bin/chromium"))
# As root in a closed network: no sandbox, no GPU, and none of Chromium's own calls to Google hosts.
# Loopback bypasses a proxy by default; everything else goes to port 9 (discard), where nothing listens.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--proxy-server=http://127.0.0.1:9",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
TIMEOUT_MS = 15_000  # any one wait
TEST_TIMEOUT_S = 120  # a whole test with its setup and teardown (pytest-timeout)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: drives a real browser (Chromium) over the built site")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            # A browser that hung cannot be trusted for the tests after it: end the run with every stack.
            item.add_marker(pytest.mark.timeout(TEST_TIMEOUT_S, method="thread"))


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def unavailable(reason: str) -> None:
    """Skip with the reason; in CI, where the browser must exist, fail."""
    if in_ci():
        pytest.fail(f"browser tests cannot run in CI (CI=true): {reason}", pytrace=False)
    pytest.skip(f"no browser for the e2e tests: {reason}")


def browser_problem() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is missing (make setup)"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set EXPLAINER_CHROMIUM)"
    return None


@pytest.fixture(scope="session")
def browser():
    problem = browser_problem()
    if problem:
        unavailable(problem)
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as err:
            unavailable(f"Chromium at {CHROMIUM} does not start: {str(err).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory, port: int) -> Path:
    """The real site, built (strict) with the address it is served at, so that its canonical and
    hreflang links lead to the served pages; the tests read its HTML where they need the source."""
    root = copy_project(tmp_path_factory.mktemp("browser-site") / "project")
    result = run([str(MKDOCS), "build", "--strict", "--site-dir", str(root / "site")], root,
                 env={"SITE_URL": f"http://127.0.0.1:{port}/"})
    assert result.code == 0, result.output
    return root / "site"


@pytest.fixture(scope="session")
def base_url(served_site: Path, port: int) -> Iterator[str]:
    """That site, served like GitHub Pages (404 page, gzip) on 127.0.0.1."""
    with serve_site(served_site, port=port) as url:
        assert url == f"http://127.0.0.1:{port}/"
        yield url


@dataclass
class Tab:
    """A browser tab on the site that records what a reader would never want to see."""

    page: object
    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> object:
        """Load ``path`` (relative to the site) and wait until the network is idle (search index,
        worker and stemmer loaded)."""
        response = self.page.goto(self.base + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return response

    def url(self) -> str:
        return self.page.url.removeprefix(self.base.rstrip("/"))

    def problems(self, allow_status: dict[str, int] | None = None) -> list[str]:
        """Console errors, uncaught exceptions, requests to other hosts, HTTP errors."""
        allowed = {self.base + path: status for path, status in (allow_status or {}).items()}
        failed = [line for line in self.failed_responses
                  if allowed.get(line.split(" ", 1)[1]) != int(line.split(" ", 1)[0])]
        console = [line for line in self.console_errors
                   if not any(line.endswith(f"({url})") and "404" in line for url in allowed)]
        return ([f"console: {line}" for line in console] + [f"exception: {line}" for line in self.page_errors]
                + [f"request to another host: {url}" for url in self.foreign_requests]
                + [f"HTTP {line}" for line in failed])


@pytest.fixture
def tab(browser, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    record = Tab(page, base_url)
    own = urlsplit(base_url).netloc

    def request(request) -> None:
        record.requests.append(request.url)
        if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and urlsplit(request.url).netloc != own:
            record.foreign_requests.append(request.url)

    page.on("console", lambda message: message.type == "error" and record.console_errors.append(
        f"{message.text} ({message.location.get('url', '')})"))
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))
    page.on("request", request)
    page.on("response", lambda response: response.status >= 400 and record.failed_responses.append(
        f"{response.status} {response.url}"))
    try:
        yield record
    finally:
        settle(page)
        context.close()


def settle(page) -> None:
    """Leave the site for an empty page before the context closes. Chromium 150 never answers
    Playwright's request to dispose of a context while a page is starting a worker (the search
    worker starts as a page loads), and a test may end just as a click or key starts a navigation.
    A navigation away can itself be cut short by the one in flight, hence the retries."""
    from playwright.sync_api import Error

    for _ in range(3):
        try:
            page.goto("about:blank", wait_until="load", timeout=TIMEOUT_MS)
        except Error:
            continue
        if page.url == "about:blank":
            return
