"""The feed links, the JSON-LD and the end of every page in a real browser, on the three-language
fixture served where it was built for. Material's bundle takes every ``rel=alternate`` link for the
root of another language or version and fetches ``sitemap.xml`` beside it (``themefix.py``): the
Atom feed's links must cause no such request (below /de/ and /fr/ it would be a 404) and no console
error. The page end (last updated, "cite this page" opened) has no axe-core violation, and its
downloads are there."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import BROWSER_GROUP, FIXTURES, LIBRARY, Project, Served, Tab

pytestmark = pytest.mark.xdist_group(BROWSER_GROUP)

PROJECT = Project.read(FIXTURES / LIBRARY)
PAGES = [(lang, rel) for lang in PROJECT.languages for rel in PROJECT.pages]


def page_id(value: object) -> str:
    return str(value).removesuffix(".md")


@pytest.mark.parametrize(("lang", "rel"), PAGES, ids=page_id)
def test_the_feed_link_causes_no_request_and_no_console_error(tab: Tab, library_site: Served, lang: str, rel: str) -> None:
    tab.open(PROJECT.path(lang, rel))
    root = PROJECT.path(lang, "index.md")
    feeds = tab.page.eval_on_selector_all('link[rel="alternate"][type="application/atom+xml"]',
                                          "links => links.map(l => l.href)")
    assert feeds == [f"{tab.base}{root}feed.xml"]
    assert tab.problems() == []
    assert [url for url in tab.requests if url.endswith("sitemap.xml") or "feed.xml" in url] == []
    response = tab.page.request.get(feeds[0])  # the feed itself is there, as Atom
    assert response.status == 200 and response.text().startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert f'xml:lang="{lang}"' in response.text()


@pytest.mark.parametrize("lang", PROJECT.languages)
def test_the_json_ld_is_read_by_the_browser_as_the_page_says(tab: Tab, lang: str) -> None:
    tab.open(PROJECT.path(lang, "report.md"))
    texts = tab.page.eval_on_selector_all('script[type="application/ld+json"]', "s => s.map(e => e.textContent)")
    [data] = [json.loads(text) for text in texts]
    assert data["url"] == tab.base + PROJECT.path(lang, "report.md")
    assert data["inLanguage"] == lang and data["citation"]
    assert tab.page.evaluate("document.documentElement.lang") == lang
    assert tab.problems() == []


@pytest.mark.parametrize("lang", PROJECT.languages)
def test_the_page_end_is_accessible_and_its_downloads_are_there(tab: Tab, lang: str) -> None:
    tab.open(PROJECT.path(lang, "report.md"))
    summary = tab.page.locator("details.cite-page > summary")
    summary.focus()
    tab.page.keyboard.press("Enter")  # opened from the keyboard
    assert tab.page.locator("details.cite-page").evaluate("d => d.open")
    assert tab.page.locator(".cite-reference").is_visible()
    results = Axe().run(tab.page)
    assert results.violations_count == 0, results.generate_report()
    hrefs = tab.page.eval_on_selector_all(".cite-downloads a", "links => links.map(l => l.href)")
    assert [href.rsplit("/", 1)[1] for href in hrefs] == ["report.bib", "report.ris", "report.json"]
    for href in hrefs:
        assert tab.page.request.get(href).status == 200
    assert tab.problems() == []
