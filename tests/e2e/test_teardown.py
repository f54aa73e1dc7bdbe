"""The browser fixtures themselves: a test may end in the middle of a navigation that starts the
search worker, and closing its tab must still not hang (it did, and took a CI run's 90 minutes)."""

from __future__ import annotations

import pytest

from .conftest import Tab, settle


@pytest.mark.timeout(60, method="thread")
def test_a_tab_closes_while_a_hit_is_still_opening(tab: Tab) -> None:
    tab.open("en/glossary/")
    tab.page.keyboard.press("/")
    tab.page.keyboard.type("watermark")
    tab.page.locator("a.md-search-result__link").first.wait_for()
    tab.page.keyboard.press("ArrowDown")
    tab.page.keyboard.press("Enter")  # the first hit is this page: it reloads, and the test ends now


def test_settling_leaves_the_site(tab: Tab) -> None:
    tab.open("leak/")
    settle(tab.page)
    assert tab.page.url == "about:blank"
