"""The generator's reader-facing parts in Chromium, on the three-language fixture project: a
reference list a phone can read (a work's back links on its own line, its distinct quotes behind a
disclosure, every link a target of at least 24 px, no axe-core violation); a dark colour scheme
that follows the reader's system setting, with a toggle, both schemes checked by axe-core."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import BROWSER_GROUP, Served, Tab, open_tab

pytestmark = pytest.mark.xdist_group(BROWSER_GROUP)

PHONE = {"width": 390, "height": 844}
REPORT = "report/"  # English, the fixture's default language: a work cited three times, with two quotes
LIST = """() => [...document.querySelectorAll("ol.references > li")].map(li => {
  const box = e => { const r = e.getBoundingClientRect(); return {top: Math.round(r.top), w: r.width, h: r.height}; };
  const back = [...li.querySelectorAll(":scope > .citation-backlinks a")];
  const quotes = [...li.querySelectorAll(".citation-quote")];
  return {
    id: li.id,
    back: back.map(a => ({href: a.getAttribute("href"), target: !!document.getElementById(a.getAttribute("href").slice(1)),
                          ...box(a)})),
    uses: document.querySelectorAll(`a.citation-ref[href="#${li.id}"]`).length,
    quotes: quotes.map(q => ({text: q.querySelector("q").textContent, visible: q.checkVisibility(),
                              passage: [...q.querySelectorAll("a.passage-link")].map(box)})),
    summary: li.querySelector("details.citation-quotes > summary") && box(li.querySelector("details > summary")),
    workBottom: box(li.querySelector(".citation-work")).top,
  };
})"""


def test_the_reference_list_is_short_on_a_phone_and_keeps_every_link(tab: Tab) -> None:
    tab.page.set_viewport_size(PHONE)
    tab.open(REPORT)
    closed = tab.page.evaluate(LIST)
    assert closed, "no reference list"
    for work in closed:
        # One back link per use of the work, each leading to its use, in one row (a few uses fit a phone).
        assert len(work["back"]) == work["uses"] and all(link["target"] for link in work["back"]), work
        assert len({link["top"] for link in work["back"]}) == 1, work
        assert all(min(link["w"], link["h"]) >= 24 for link in work["back"]), work
        # The quotes wait behind the disclosure, itself a target of 24 px.
        assert not any(quote["visible"] for quote in work["quotes"]), work
        if work["quotes"]:
            assert work["summary"]["h"] >= 24, work
    quoting = [work for work in closed if work["quotes"]]
    assert quoting, "the fixture's report quotes its source"
    for summary in tab.page.locator("details.citation-quotes > summary").all():
        summary.click()
    opened = tab.page.evaluate(LIST)
    for work in opened:
        texts = [quote["text"] for quote in work["quotes"]]
        assert len(texts) == len(set(texts)), f"a quote listed twice: {texts}"
        assert all(quote["visible"] for quote in work["quotes"]), work
        assert all(min(box["w"], box["h"]) >= 24 for quote in work["quotes"] for box in quote["passage"]), work
    assert sum(len(work["quotes"]) for work in opened) >= 2
    results = Axe().run(tab.page)
    assert results.violations_count == 0, results.generate_report()
    assert tab.problems() == []


SCHEME = "document.body.getAttribute('data-md-color-scheme')"


@pytest.mark.parametrize(("system", "scheme", "other"), [("light", "default", "slate"), ("dark", "slate", "default")])
def test_the_colour_scheme_follows_the_system_and_toggles(browser, library_site: Served, system: str, scheme: str,
                                                           other: str) -> None:
    """The page opens in the reader's system scheme; the toggle (named in the page's language)
    switches to the other; neither scheme has an axe-core violation (contrast included), and the
    page asks no other host for anything."""
    with open_tab(browser, library_site.base, color_scheme=system) as tab:
        tab.open("de/report/")
        assert tab.page.evaluate(SCHEME) == scheme
        results = Axe().run(tab.page)
        assert results.violations_count == 0, results.generate_report()
        toggle = tab.page.locator('form[data-md-component="palette"] label:visible')
        assert toggle.count() == 1
        assert toggle.get_attribute("title") == ("Zum dunklen Farbschema wechseln" if scheme == "default"
                                                 else "Zum hellen Farbschema wechseln")
        toggle.click()
        tab.page.wait_for_function(f"{SCHEME} === {other!r}")
        results = Axe().run(tab.page)
        assert results.violations_count == 0, results.generate_report()
        assert tab.problems() == []
