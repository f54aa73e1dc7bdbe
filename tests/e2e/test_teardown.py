"""The browser fixtures themselves: a test may end in the middle of a navigation that starts the
search worker, and closing its tab must still not hang (it did, and took a CI run's 90 minutes);
the tabs share one page, and each starts as a first visit all the same. On the three-language
fixture site."""

from __future__ import annotations

import pytest

from .conftest import BROWSER_GROUP, VIEWPORT, Served, SharedPage, Tab, open_tab, settle

pytestmark = pytest.mark.xdist_group(BROWSER_GROUP)


@pytest.mark.timeout(60, method="thread")
def test_a_tab_closes_while_a_hit_is_still_opening(tab: Tab) -> None:
    tab.open("fr/report/")
    tab.page.keyboard.press("/")
    tab.page.keyboard.type("réouverture")
    first = tab.page.locator("a.md-search-result__link").first
    first.wait_for()
    assert first.get_attribute("href").endswith("fr/report/"), "the first hit is this page"
    tab.page.keyboard.press("ArrowDown")
    tab.page.keyboard.press("Enter")  # the first hit is this page: it reloads, and the test ends now


def test_settling_leaves_the_site(tab: Tab) -> None:
    tab.open("de/report/")
    settle(tab.page)
    assert tab.page.url == "about:blank"


STAINED = """() => { localStorage.setItem("stain", "1"); sessionStorage.setItem("stain", "1");
  document.cookie = "stain=1; path=/"; console.error("stain"); }"""
FIRST_VISIT = """() => ({local: localStorage.getItem("stain"), session: sessionStorage.getItem("stain"),
  cookie: document.cookie.includes("stain"), print: matchMedia("print").matches,
  width: innerWidth, height: innerHeight})"""


def test_a_tab_in_the_shared_page_starts_as_a_first_visit(browser, shared_page: SharedPage,
                                                          library_site: Served) -> None:
    """What one test leaves in the shared page (local and session storage, a cookie, a console
    error, a phone's viewport, print media) is gone for the next, which is still the same page.
    Fails where a tab inherits any of it, or where tabs stop sharing the page."""
    with open_tab(browser, library_site.base, shared_page) as first:
        first.open("de/report/")
        first.page.evaluate(STAINED)
        first.page.set_viewport_size({"width": 390, "height": 844})
        first.page.emulate_media(media="print")
        assert first.problems(), "the stain is seen by the tab that made it"
        first.open("fr/report/")
        assert first.page.evaluate(FIRST_VISIT) == {"local": "1", "session": "1", "cookie": True, "print": True,
                                                    "width": 390, "height": 844}, "the stain lasts within a tab"
        used = first.page
    with open_tab(browser, library_site.base, shared_page) as second:
        assert second.page is used, "the tabs share one page"
        second.open("de/report/")
        assert second.page.evaluate(FIRST_VISIT) == {"local": None, "session": None, "cookie": False, "print": False,
                                                     **VIEWPORT}
        assert second.problems() == []
