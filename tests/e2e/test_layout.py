"""Layout a reader sees: on a 390 px phone every table fits the screen (the five-column comparison of
the alternatives becomes one card per model, each value under its column name); the summary box is
set at body size; page titles are in the text colour; back links are tap targets of at least
24 × 24 px; printing leaves out the navigation and prints the URL of every cited work."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT

from .conftest import STORY_GROUP, Tab

pytestmark = [pytest.mark.content, pytest.mark.xdist_group(STORY_GROUP)]
LANGS = ("de", "en")


@pytest.fixture
def tab(story_tab: Tab) -> Tab:
    """A tab on this site (the layout tests read its pages)."""
    return story_tab
PHONE = {"width": 390, "height": 844}
PAGES_WITH_TABLES = sorted(p.name for p in (ROOT / "docs/de").glob("*.md")
                           if re.search(r"^\|.*\|\s*$", p.read_text(encoding="utf-8"), re.MULTILINE))
COLUMN_NAMES = {"de": ["Veröffentlicht von", "Erste Veröffentlichung", "Lizenz", "Fähigkeiten"],
                "en": ["Released by", "First release", "Licence", "Capabilities"]}


def path_of(lang: str, rel: str) -> str:
    stem = rel.removesuffix(".md")
    path = "" if stem == "index" else f"{stem}/"
    return path if lang == "de" else f"en/{path}"


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const cells = [...document.querySelectorAll("article table th, article table td")]
    .filter(cell => getComputedStyle(cell.closest("thead") || cell).position !== "absolute")
    .filter(cell => cell.getBoundingClientRect().right > width + 0.5 || cell.getBoundingClientRect().left < -0.5)
    .map(cell => cell.innerText.slice(0, 40));
  const scrolling = [...document.querySelectorAll("article table, article .md-typeset__scrollwrap")]
    .filter(box => box.scrollWidth > box.clientWidth + 1).length;
  return {page: document.documentElement.scrollWidth, width, cells, scrolling};
}"""


@pytest.mark.parametrize(("lang", "rel"), [(lang, rel) for lang in LANGS for rel in PAGES_WITH_TABLES],
                         ids=lambda value: value.removesuffix(".md"))
def test_tables_fit_a_phone_without_sideways_scrolling(tab: Tab, lang: str, rel: str) -> None:
    tab.page.set_viewport_size(PHONE)
    tab.open(path_of(lang, rel))
    found = tab.page.evaluate(OVERFLOW)
    assert found["page"] <= found["width"], found
    assert found["cells"] == [], f"cells off screen at 390 px: {found['cells']}"
    assert found["scrolling"] == 0, found
    assert tab.problems() == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_comparison_is_one_card_per_model_on_a_phone(tab: Tab, lang: str) -> None:
    tab.page.set_viewport_size(PHONE)
    tab.open(path_of(lang, "alternatives.md"))
    labels = tab.page.evaluate("""() => [...document.querySelectorAll("article table tbody tr")].map(row =>
      [...row.children].slice(1).map(cell => getComputedStyle(cell, "::before").content.replace(/^"|"$/g, "")))""")
    assert len(labels) == 4
    assert all(row == COLUMN_NAMES[lang] for row in labels), labels
    # Still a table for assistive technology, with no accessibility violation in this layout.
    assert tab.page.locator("article table thead th").count() == 5
    results = Axe().run(tab.page)
    assert results.violations_count == 0, results.generate_report()


def test_the_comparison_stays_a_table_on_a_wide_screen(tab: Tab) -> None:
    tab.open(path_of("en", "alternatives.md"))
    shown = tab.page.evaluate("""() => [getComputedStyle(document.querySelector("article table tbody tr")).display,
      getComputedStyle(document.querySelector("article table thead")).position]""")
    assert shown == ["table-row", "static"]


@pytest.mark.parametrize("lang", LANGS)
def test_summary_box_title_and_back_links_are_readable(tab: Tab, lang: str) -> None:
    tab.page.set_viewport_size(PHONE)
    tab.open(path_of(lang, "leak.md"))
    sizes = tab.page.evaluate("""() => {
      const px = e => parseFloat(getComputedStyle(e).fontSize);
      const body = [...document.querySelectorAll("article p")].find(p => !p.closest(".admonition, ol"));
      const box = document.querySelector("article .admonition.abstract p:not(.admonition-title)");
      const h1 = document.querySelector("article h1");
      const back = [...document.querySelectorAll(".citation-backlinks a")].map(a => a.getBoundingClientRect());
      return {body: px(body), box: px(box), h1: getComputedStyle(h1).color, text: getComputedStyle(body).color,
              smallest: Math.min(...back.map(r => Math.min(r.width, r.height)))};
    }""")
    assert sizes["box"] >= sizes["body"], sizes
    assert sizes["h1"] == sizes["text"], sizes
    assert sizes["smallest"] >= 24, sizes


def test_print_leaves_out_navigation_and_prints_the_urls_of_citations(tab: Tab) -> None:
    tab.open(path_of("de", "leak.md"))
    tab.page.emulate_media(media="print")
    printed = tab.page.evaluate("""() => ({
      hidden: [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
        .map(s => document.querySelector(s)).filter(Boolean).every(e => getComputedStyle(e).display === "none"),
      urls: [...document.querySelectorAll("ol.references a[href^='http']")]
        .map(a => [a.getAttribute("href"), getComputedStyle(a, "::after").content]),
    })""")
    assert printed["hidden"]
    assert printed["urls"]
    assert all(href in after for href, after in printed["urls"]), printed["urls"]
    tab.page.emulate_media(media="screen")
    assert tab.page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") != "none"
