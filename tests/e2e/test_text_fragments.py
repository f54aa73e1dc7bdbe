"""Quote deep links in Chromium: the link a reference list gives a quote, opened on a local copy of
its source page (served on 127.0.0.1), scrolls the quoted passage into view.

The links are made by the citations extension from the stored source texts (the three-language
fixture's article, and a text with a repeated passage); the pages are HTML renderings of those
texts as a publisher shows them (navigation, emphasis, wrapped lines, typographic quotes), with
the passage a screen or more below the top, so that only a matched fragment scrolls there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import copy_fixture
from explainer.core.localserver import serve_directory
from explainer.model.library import Library, load_library
from explainer.render.citations import CitationsExtension
from minisources import make_sources
from webserver import article_html

pytestmark = pytest.mark.xdist_group("browser")

WAIT_MS = 10_000  # the longest wait for the browser to scroll
FIXTURE_URL = "https://example.net/exampleton/library-reopens"
FIXTURE_QUOTES = ("three weeks after a burst pipe flooded its basement", "980 of them could be restored",
                  "of which the insurer paid 1.2 million")
GAP = '<div style="height: 2400px" aria-hidden="true"></div>'
# A stored text in which the quoted passage occurs twice, each time in other words.
REPEATED = ("Zugang zum Videomodell\n\nFreigegeben:\nNovember 26, 2024\n\n"
            "Die Stadt meldet: Der Zugang war offen. Später hieß es etwas anderes.\n\n"
            "Dann, am Abend: Der Zugang war offen, aber nicht für alle, und das war ein langer Satz mit vielen "
            "Wörtern darin, die der Leser bis zum Ende liest.\n")
REPEATED_PAGE = ("<!doctype html><html lang=de><head><meta charset=utf-8><title>Zugang</title></head><body>"
                 "<aside id=teaser><p>Der Zugang war offen – lesen Sie mehr</p></aside>" + GAP +
                 "<main><h1>Zugang zum Videomodell</h1><p id=first>Die Stadt meldet: <em>Der Zugang war offen</em>."
                 " Später hieß es etwas anderes.</p>" + GAP + "<p id=second>Dann, am Abend: Der Zugang war offen, aber "
                 "nicht für alle, und das war ein langer Satz mit vielen\nWörtern darin, die der Leser bis zum Ende "
                 "liest.</p>" + GAP + "</main></body></html>")


@dataclass(frozen=True)
class Sources:
    """The local copies of the source pages, and the libraries whose works point at them."""

    base: str
    fixture: Library
    repeated: Library


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Iterator[Sources]:
    site = tmp_path_factory.mktemp("source-pages")
    (site / "reopening.html").write_text(article_html(spacer=True), encoding="utf-8")
    (site / "zugang.html").write_text(REPEATED_PAGE, encoding="utf-8")
    with serve_directory(site) as base:
        root = copy_fixture("three-languages", tmp_path_factory.mktemp("fixture") / "project")
        articles = root / "sources/articles.yml"
        articles.write_text(articles.read_text(encoding="utf-8").replace(FIXTURE_URL, base + "reopening.html"),
                            encoding="utf-8")
        mini = make_sources(tmp_path_factory.mktemp("repeated"), None, REPEATED)
        mini_articles = mini / "articles.yml"
        mini_articles.write_text(mini_articles.read_text(encoding="utf-8").replace(
            "https://example.net/artikel", base + "zugang.html"), encoding="utf-8")
        yield Sources(base, load_library(root / "sources"), load_library(mini))


def passage_links(library: Library, work_id: str, quote: str, lang: str = "en") -> tuple[str, str]:
    """The link the reference list gives ``quote`` of ``work_id``, and the link of the work itself."""
    ext = CitationsExtension(library=library, lang=lang, path=f"docs/{lang}/page.md")
    html = markdown.Markdown(extensions=[ext]).convert(f'Text [@{work_id}, "{quote}"].')
    assert ext.diagnostics == []
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("a.passage-link")["href"], soup.select_one(".citation-work a")["href"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    tab = context.new_page()
    try:
        yield tab
    finally:
        tab.goto("about:blank")
        context.close()


IN_VIEW = """([selector, words]) => {
  const flat = s => s.replace(/\\s+/g, " ");
  const all = [...document.querySelectorAll(selector)];
  const element = words ? all.find(e => flat(e.textContent).includes(words)) : all[0];
  if (!element) return "no element";
  const box = element.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= innerHeight && scrollY > 0;
}"""


def scrolled_to(page, selector: str, words: str = "") -> None:
    """Wait (at most :data:`WAIT_MS`) until the element is on screen after a scroll."""
    page.wait_for_function(IN_VIEW, arg=[selector, words], timeout=WAIT_MS)


def on_screen(page, selector: str) -> bool:
    return page.evaluate(IN_VIEW.replace("&& scrollY > 0", ""), [selector, ""]) is True


def test_the_browser_supports_text_fragments(page, sources: Sources) -> None:
    page.goto(sources.base + "reopening.html")
    assert page.evaluate("typeof document.fragmentDirective") == "object"
    assert page.evaluate("scrollY") == 0  # the plain page opens at its top


@pytest.mark.parametrize("quote", FIXTURE_QUOTES)
def test_a_quote_link_scrolls_its_passage_into_view(page, sources: Sources, quote: str) -> None:
    href, work = passage_links(sources.fixture, "reopening", quote)
    assert href.startswith(work + "#:~:text=")
    page.goto(href)
    scrolled_to(page, "article p", quote)


def test_the_work_link_opens_the_page_at_its_top(page, sources: Sources) -> None:
    _, work = passage_links(sources.fixture, "reopening", FIXTURE_QUOTES[0])
    page.goto(work)
    page.wait_for_load_state("load")
    assert page.evaluate("scrollY") == 0


def test_a_repeated_passage_leads_to_the_occurrence_quoted(page, sources: Sources) -> None:
    """The page shows the words three times (a teaser first); the link's context picks the one cited."""
    href, _ = passage_links(sources.repeated, "beispiel", "Der Zugang war offen", lang="de")
    assert re.search(r"text=.*(,-|-,)", href), href  # with a prefix or a suffix
    page.goto(href)
    scrolled_to(page, "#first")
    assert not on_screen(page, "#teaser") and not on_screen(page, "#second")


def test_a_long_quote_is_found_by_its_first_and_last_words(page, sources: Sources) -> None:
    quote = ("Der Zugang war offen, aber nicht für alle, und das war ein langer Satz mit vielen Wörtern darin, "
             "die der Leser bis zum Ende liest")
    href, _ = passage_links(sources.repeated, "beispiel", quote, lang="de")
    assert href.count(",") == 1 and "%2C" in href  # text=start,end
    page.goto(href)
    scrolled_to(page, "#second")
    assert not on_screen(page, "#first")
