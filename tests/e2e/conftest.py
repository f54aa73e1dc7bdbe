"""Browser fixtures: Debian's Chromium driven by Playwright (no browser download), one browser and
one page per worker (each test's tab is that page, brought back to a first visit); sites built
strict with the address they are served at and served like GitHub Pages on 127.0.0.1, each built
and served once per run: the three-language fixture project (generator tests) and this site
(content tests, ``tests/e2e/test_browser.py``).

Browser tests run in two xdist groups (``browser``: the fixtures; ``browser-story``: this site;
``--dist loadgroup``), so each worker starts one browser and the servers start once. Without a
browser the tests skip with the reason; in CI (``CI=true``) that is a failure instead. Every request
to another host is recorded, so a test can see it, and fails inside Chromium, so nothing leaves the
machine: all traffic but loopback goes to a proxy address where nothing listens. No request is
intercepted from Python: Playwright's routing made closing a tab wait for route handlers still in
flight, which hung a whole CI run.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, shared_build
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
BROWSER_GROUP = "browser"  # the generator's browser tests on the fixture projects
# This site's browser run: a second worker with its own Chromium, beside the first (each group
# shares one browser and one server per site; the two groups take turns with nothing).
STORY_GROUP = "browser-story"
LIBRARY = "three-languages"  # the fixture project the generator's browser tests run on


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: drives a real browser (Chromium) over the built site")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if item.get_closest_marker("xdist_group") is None:  # one worker: one browser, one server per site
                item.add_marker(pytest.mark.xdist_group(BROWSER_GROUP))
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
    """One Chromium for the whole run (every browser test is in this worker)."""
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


# ------------------------------------------------------------------------------- the sites served

class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml's tags (``!ENV``, ``!!python/name``) read as plain values."""


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def nav_files(nav: object) -> list[str]:
    """The page files of a nav (nested sections included), in order, each once."""
    out: list[str] = []
    if isinstance(nav, str):
        out = [nav] if nav.endswith(".md") and "://" not in nav else []
    elif isinstance(nav, list):
        out = [rel for item in nav for rel in nav_files(item)]
    elif isinstance(nav, dict):
        out = [rel for value in nav.values() for rel in nav_files(value)]
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Project:
    """What the browser tests read from a project's mkdocs.yml: its built languages (the default
    first, then in the file's order) and its pages (from the nav)."""

    root: Path
    languages: tuple[str, ...]
    default: str
    pages: tuple[str, ...]

    @classmethod
    def read(cls, root: Path) -> Project:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag) or {}
        i18n: dict = {}
        for plugin in config.get("plugins") or []:
            if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
                i18n = plugin["i18n"]
        built = [lang for lang in i18n.get("languages") or [] if isinstance(lang, dict) and lang.get("build", True)]
        default = next((str(lang["locale"]) for lang in built if lang.get("default")),
                       str((config.get("theme") or {}).get("language") or "en"))
        languages = [default] + [str(lang["locale"]) for lang in built if str(lang["locale"]) != default]
        pages = nav_files(config.get("nav")) or sorted(p.name for p in (root / "docs" / default).glob("*.md"))
        return cls(root, tuple(languages), default, tuple(pages))

    def path(self, lang: str, rel: str) -> str:
        """The URL path of a page relative to the site root (directory URLs)."""
        stem = rel.removesuffix(".md")
        path = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else f"{stem}/"
        return path if lang == self.default else f"{lang}/{path}"

    def source(self, lang: str, rel: str) -> str:
        """The Markdown source of a page."""
        return (self.root / "docs" / lang / rel).read_text(encoding="utf-8")


def read_project(root: Path) -> Project | None:
    """The project at ``root``, or None where its mkdocs.yml cannot be read (a test module is
    collected even where its site is absent: its tests then have no parameters)."""
    try:
        return Project.read(root)
    except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class Served:
    """A site built strict with the address it is served at, and served there."""

    project: Project
    site: Path
    base: str

    def html(self, lang: str, rel: str) -> BeautifulSoup:
        """The built HTML of a page, as the server sends it."""
        return BeautifulSoup((self.site / self.project.path(lang, rel) / "index.html").read_text(encoding="utf-8"),
                             "html.parser")


@contextmanager
def serving(project: Project, build: Callable[[dict[str, str]], Path]) -> Iterator[Served]:
    """Build (``build(env)``) with the address the site will be served at, then serve it there."""
    port = free_port()
    site = build({"SITE_URL": f"http://127.0.0.1:{port}/"})
    with serve_site(site, port=port) as url:
        assert url == f"http://127.0.0.1:{port}/"
        yield Served(project, site, url)


@pytest.fixture(scope="session")
def library_site(build_of) -> Iterator[Served]:
    """The three-language fixture (English at /, German at /de/, French at /fr/), served once."""
    with serving(Project.read(FIXTURES / LIBRARY), lambda env: build_of(LIBRARY, env=env)) as served:
        yield served


@pytest.fixture(scope="session")
def story_served(shared_dir: Path) -> Iterator[Served]:
    """This site, served once (content tests)."""
    with serving(Project.read(ROOT), lambda env: shared_build(shared_dir, "story-served", ROOT, env)) as served:
        yield served


# ----------------------------------------------------------------------------------------- tabs

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
    pending: int = 0  # requests started and not yet finished or failed
    last_activity: float = 0.0  # time.monotonic() of the last request event

    def open(self, path: str) -> object:
        """Load ``path`` (relative to the site) and wait until the network is idle (search index,
        worker and stemmer loaded)."""
        response = self.page.goto(self.base + path, wait_until="load")
        self.idle()
        return response

    def idle(self, quiet_s: float = 0.1) -> None:
        """Poll (every 20 ms, within the wait limit) until no request has been in flight for
        ``quiet_s``: Playwright's "networkidle" waits 500 ms of silence after every page."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(20)  # lets Playwright deliver the request events
            if self.pending <= 0 and time.monotonic() - self.last_activity >= quiet_s:
                return
        raise AssertionError(f"{self.pending} request(s) still open after {TIMEOUT_MS} ms on {self.page.url}")

    def url(self) -> str:
        return self.page.url.removeprefix(self.base.rstrip("/"))

    def lang(self) -> str:
        """The page's ``<html lang>`` now."""
        return self.page.evaluate("document.documentElement.lang")

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


VIEWPORT = {"width": 1280, "height": 900}


def new_context(browser, **options):
    """A browser context with the tests' viewport, no service workers and the wait limit."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block", **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@dataclass
class SharedPage:
    """The one page a worker's tabs take turns in (see :func:`shared_page`): made on first use,
    and again only where a test closed it or left it where it could not be brought back."""

    context: object
    page: object | None = None

    def take(self) -> object:
        """The page, as a tab starts: the tests' viewport, no emulated media, the pointer at the corner."""
        if self.page is None or self.page.is_closed():
            self.page = self.context.new_page()
        self.page.set_viewport_size(VIEWPORT)
        self.page.emulate_media(media="null")
        self.page.mouse.move(0, 0)
        return self.page

    def drop(self) -> None:
        """Close the page (the next tab gets a new one)."""
        if self.page is not None and not self.page.is_closed():
            self.page.close()
        self.page = None


@pytest.fixture(scope="session")
def shared_page(browser) -> Iterator[SharedPage]:
    """One context and one page for this worker's tabs: each tab is the same page, brought back to
    a first visit (:func:`open_tab`), and they share its HTTP and compiled-script caches (a context
    of its own per test fetched and compiled Material's bundle again on every page, half of a page
    load's CPU). A new page per tab cost Chromium about 0.26 s more CPU per page load than
    navigating the one page (0.81 s against 0.55 s, its browser and renderer processes, measured
    over ten of this site's pages): a new tab is a new renderer and browsing context each time.
    (A second page kept open on 127.0.0.1 to keep the renderer alive between new tabs made no
    difference once the tabs shared a page: ``make e2e`` 115–124 s wall and 199–214 s CPU with it,
    116–121 s and 202–214 s without.)"""
    context = new_context(browser)
    yield SharedPage(context)
    context.close()


@contextmanager
def open_tab(browser, base_url: str, shared: SharedPage | None = None, **options) -> Iterator[Tab]:
    """A fresh tab on the site at ``base_url``: the worker's shared page (:func:`shared_page`),
    or a page in a context of its own with ``options`` (such as ``java_script_enabled=False``). It
    records from the start; as it ends it leaves the site (:func:`settle`), stops recording and
    clears what the site stored, so that the next tab starts as a first visit."""
    own_context = shared is None
    if own_context:
        context = new_context(browser, **options)
        page = context.new_page()
    elif options:
        raise ValueError(f"context options {sorted(options)} need a context of their own")
    else:
        page = shared.take()
    record = Tab(page, base_url)
    own = urlsplit(base_url).netloc

    def request(request) -> None:
        record.pending += 1
        record.last_activity = time.monotonic()
        record.requests.append(request.url)
        if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and urlsplit(request.url).netloc != own:
            record.foreign_requests.append(request.url)

    def ended(_request) -> None:
        record.pending -= 1
        record.last_activity = time.monotonic()

    listeners = {
        "console": lambda message: message.type == "error" and record.console_errors.append(
            f"{message.text} ({message.location.get('url', '')})"),
        "pageerror": lambda error: record.page_errors.append(str(error)),
        "request": request,
        "requestfinished": ended,
        "requestfailed": ended,
        "response": lambda response: response.status >= 400 and record.failed_responses.append(
            f"{response.status} {response.url}"),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        yield record
    finally:
        left = settle(page)
        if own_context:
            context.close()
        else:
            for event, listener in listeners.items():
                page.remove_listener(event, listener)
            forget(page, base_url)
            if not left:
                shared.drop()


def forget(page, base_url: str) -> None:
    """Clear what the site at ``base_url`` stored (its local and session storage, cookies and
    databases; the HTTP cache stays), so that the next tab starts as a first visit. Chromium
    clears the session storage of the origin's tabs with its local storage
    (``test_teardown.py`` shows it)."""
    origin = base_url.rstrip("/")
    session = page.context.new_cdp_session(page)
    try:
        session.send("Storage.clearDataForOrigin", {"origin": origin,
                                                    "storageTypes": "cookies,local_storage,indexeddb,cache_storage"})
    finally:
        session.detach()
    page.context.clear_cookies()


@pytest.fixture
def tab(browser, shared_page, library_site: Served) -> Iterator[Tab]:
    """A tab on the three-language fixture site."""
    with open_tab(browser, library_site.base, shared_page) as record:
        yield record


@pytest.fixture
def story_tab(browser, shared_page, story_served: Served) -> Iterator[Tab]:
    """A tab on this site (content tests)."""
    with open_tab(browser, story_served.base, shared_page) as record:
        yield record


def settle(page) -> bool:
    """Leave the site for an empty page before the tab is reused or its context closes; whether it
    did. Chromium 150 never answers Playwright's request to dispose of a context, or to close a
    page, while the page is starting a worker (the search worker starts as a page loads), and a
    test may end just as a click or key starts a navigation. A navigation away can itself be cut
    short by the one in flight, and a second by the first ("interrupted by another navigation to
    about:blank"): whichever wins, the page is empty once it has loaded."""
    from playwright.sync_api import Error

    for _ in range(3):
        with suppress(Error):
            page.goto("about:blank", wait_until="load", timeout=TIMEOUT_MS)
        if page.url == "about:blank":
            try:
                page.wait_for_load_state("load", timeout=TIMEOUT_MS)
            except Error:
                continue
            return True
    return False


SEARCH_RESULTS = """() => [document.querySelector(".md-search-result__meta").innerText.trim(),
  [...document.querySelectorAll("a.md-search-result__link")].map(link => link.href),
  [...document.querySelectorAll(".md-search-result__terms del")].map(term => term.innerText.trim())]"""


def search_for(tab: Tab, query: str, waiting: re.Pattern[str]) -> tuple[str, list[str], list[str]]:
    """Enter ``query`` in Material's search box; what it shows for it: the count line, the hits'
    URLs and the words shown as missing from them. ``waiting`` matches the count line's words
    before any result (Material's own, in the site's languages).

    Material sends the box's value to its search worker on every key that changes it and shows
    each answer as it arrives, so while a reader types, a shown result may be a stale one. Here the
    box is emptied first, and the empty query's answer waited for (the placeholder); then the query
    goes in whole and is sent with one key (as after a paste): the first answer shown after the
    placeholder is the query's own, and no other is on its way. No settling, no timing."""
    box = tab.page.locator("input.md-search__input")
    meta = tab.page.locator(".md-search-result__meta")
    box.click()
    box.press("Control+A")
    box.press("Backspace")
    meta.filter(has_text=waiting).wait_for()
    box.fill(query)
    box.press("End")
    meta.filter(has_not_text=waiting).wait_for()
    shown, hits, missing = tab.page.evaluate(SEARCH_RESULTS)
    return shown, hits, missing
