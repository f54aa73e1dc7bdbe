"""The browser fixtures themselves: a test may end in the middle of a navigation that starts the
search worker, and closing its tab must still not hang (it did, and took a CI run's 90 minutes).
On the three-language fixture site."""

from __future__ import annotations

import pytest

from .conftest import BROWSER_GROUP, Tab, settle

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
