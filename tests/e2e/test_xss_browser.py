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
def xss_tab(browser, shared_page, xss_site: str) -> Iterator[Tab]:
    with open_tab(browser, xss_site, shared_page) as record:
        yield record


CLICKED = ("a", "img", "details", "summary", "abbr", "div", "span", "p")
# The element ``index`` of the content if it is visible as Playwright sees it (a box, not hidden),
# scrolled into view where it is not: the centre of its box, its tag, and whether a click on it
# can leave the page by itself (a link, a form control, or inside one).
TARGET = """(index) => {
  const element = document.querySelectorAll("article *")[index];
  if (!element) return null;
  let box = element.getBoundingClientRect();
  if (box.width <= 0 || box.height <= 0 || !element.checkVisibility({visibilityProperty: true})) return null;
  if (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth) {
    element.scrollIntoView({block: "center", inline: "center"});
    box = element.getBoundingClientRect();
  }
  return {x: box.left + box.width / 2, y: box.top + box.height / 2, tag: element.tagName.toLowerCase(),
          leaves: !!element.closest("a[href], area[href], form, button, input, select, iframe, object, embed")};
}"""
FOCUS = """(index) => document.querySelectorAll("article *")[index]?.focus()"""


def provoke(tab: Tab) -> None:
    """What a reader might do on the content: hover (the pointer on the middle of each visible
    element), focus and click every element of it (a link that leaves the page is followed back).
    Real pointer events from the mouse at each element's centre, as a forced hover and click would
    send them, and one round trip to find each element: after a click that can leave the page the
    tab waits for the network to settle; anything else a click starts is seen by the tab's
    listeners all the same, and the caller waits for it at the end."""
    from playwright.sync_api import Error

    page = tab.page
    here = page.url
    count = page.evaluate('document.querySelectorAll("article *").length')
    for index in range(count):
        try:
            poke(tab, index, here)
        except Error as err:  # a navigation the click started ended the page only now
            if "context was destroyed" not in str(err):
                raise
            page.wait_for_load_state("load")
            back(tab, here)
            poke(tab, index, here)


def poke(tab: Tab, index: int, here: str) -> None:
    """Hover, focus and (for the tags a reader clicks) click the element ``index`` of the content."""
    page = tab.page
    target = page.evaluate(TARGET, index)
    if target is None:
        return
    page.mouse.move(target["x"], target["y"])
    page.evaluate(FOCUS, index)
    if target["tag"] in CLICKED:
        page.mouse.click(target["x"], target["y"])
        if target["leaves"] or tab.pending > 0:
            tab.idle()
        back(tab, here)


def back(tab: Tab, here: str) -> None:
    """Back to the page at ``here`` if the tab has left it."""
    if tab.page.url.split("#")[0] != here.split("#")[0]:
        tab.idle()
        tab.open(here.removeprefix(tab.base))


@pytest.mark.parametrize("vector_id", BROWSER_SUBSET)
def test_no_dialog_and_no_request_elsewhere(xss_tab: Tab, vector_id: str) -> None:
    dialogs: list[str] = []

    def dialog(d) -> None:
        dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    xss_tab.page.on("dialog", dialog)
    try:
        xss_tab.open(f"xss-{vector_id}/")
        assert xss_tab.page.locator("article h1").count() == 1, f"the page for {MARKDOWN[vector_id]!r} did not load"
        provoke(xss_tab)
        xss_tab.idle()
    finally:
        xss_tab.page.remove_listener("dialog", dialog)
    assert dialogs == [], f"{MARKDOWN[vector_id]!r} opened a dialog"
    assert xss_tab.foreign_requests == [], f"{MARKDOWN[vector_id]!r} made a request to another host"


def test_provoking_reaches_every_kind_of_handler(xss_tab: Tab) -> None:
    """The check above can fail: on a vector page given a handler for the pointer over, focus and
    click of a paragraph and of a link leaving the site (as a vector that got through would have),
    provoke() opens a dialog for each, and the link's request to another host is seen."""
    dialogs: list[str] = []

    def dialog(d) -> None:
        dialogs.append(d.message)
        d.dismiss()

    xss_tab.page.on("dialog", dialog)
    try:
        xss_tab.open("xss-script/")
        xss_tab.page.evaluate("""() => {
            const paragraph = document.querySelector("article p");
            paragraph.tabIndex = 0;
            paragraph.addEventListener("mouseover", () => alert("over"), {once: true});
            paragraph.addEventListener("focus", () => alert("focus"), {once: true});
            paragraph.addEventListener("click", () => alert("click"), {once: true});
            const link = Object.assign(document.createElement("a"), {href: "http://xss.example/", textContent: "away"});
            paragraph.after(link);
        }""")
        provoke(xss_tab)
        xss_tab.idle()
    finally:
        xss_tab.page.remove_listener("dialog", dialog)
    assert dialogs == ["over", "focus", "click"]
    assert set(xss_tab.foreign_requests) == {"http://xss.example/"}  # Chromium may try twice
