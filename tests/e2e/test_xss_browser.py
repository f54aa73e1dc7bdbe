"""XSS vectors (tests/xss_vectors.py) loaded in Chromium from a real lenient build of the fixture
project (as ``mkdocs serve`` would publish a page the strict build refuses): no dialog opens, on
loading, on clicking every link of the content or hovering and focusing its elements, and no
request leaves 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import mkdocs_build
from explainer.core.localserver import free_port
from explainer.site.pageserver import serve_site
from xss_vectors import BROWSER_SUBSET, VECTORS, xss_project

from .conftest import Tab, open_tab

MARKDOWN = dict((vector_id, markdown) for vector_id, markdown, _ in VECTORS)


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Iterator[str]:
    """The vector project built leniently with the address it is served at, and served there."""
    base = tmp_path_factory.mktemp("xss-browser")
    root = xss_project(base / "project")
    port = free_port()
    built = mkdocs_build(root, site=base / "site", env={"SITE_URL": f"http://127.0.0.1:{port}/"}, strict=False)
    assert built.code == 0, built.output
    with serve_site(base / "site", port=port) as url:
        yield url


@pytest.fixture
def xss_tab(browser, site_context, xss_site: str) -> Iterator[Tab]:
    with open_tab(browser, xss_site, site_context) as record:
        yield record


def provoke(tab: Tab) -> None:
    """What a reader might do on the content: hover, focus and click every element of it (a link
    that leaves the page is followed back)."""
    page = tab.page
    here = page.url
    count = page.locator("article *").count()
    for index in range(count):
        element = page.locator("article *").nth(index)
        if not element.is_visible():
            continue
        element.hover(timeout=2000, force=True)
        element.focus(timeout=2000)
        tag = element.evaluate("node => node.tagName.toLowerCase()")
        if tag in ("a", "img", "details", "summary", "abbr", "div", "span", "p"):
            element.click(timeout=2000, force=True, no_wait_after=True)
            tab.idle()
            if page.url.split("#")[0] != here.split("#")[0]:
                tab.open(here.removeprefix(tab.base))


@pytest.mark.parametrize("vector_id", BROWSER_SUBSET)
def test_no_dialog_and_no_request_elsewhere(xss_tab: Tab, vector_id: str) -> None:
    dialogs: list[str] = []

    def dialog(d) -> None:
        dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    xss_tab.page.on("dialog", dialog)
    xss_tab.open(f"xss-{vector_id}/")
    assert xss_tab.page.locator("article h1").count() == 1, f"the page for {MARKDOWN[vector_id]!r} did not load"
    provoke(xss_tab)
    xss_tab.idle()
    assert dialogs == [], f"{MARKDOWN[vector_id]!r} opened a dialog"
    assert xss_tab.foreign_requests == [], f"{MARKDOWN[vector_id]!r} made a request to another host"
