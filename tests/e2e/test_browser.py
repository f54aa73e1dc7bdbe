"""This site (the Sora-leak story) in a real browser, every page of every language its mkdocs.yml
builds (from its nav and mkdocs-static-i18n's languages): every page loads without a console error
or a request to another host and has no axe-core violation; the language switcher keeps page and
anchor; search stays in the page's language and stems its words; citations show their reference on
hover and focus and link to the entry and back; keyboard use works; missing pages get the 404 page
in their folder's language. Content tests: they skip where the story is not there. The generator's
own browser tests run on a fixture project (``test_languages.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT
from explainer.lang.l10n import plain_language as language

from .conftest import STORY_GROUP, Project, Served, Tab, read_project, search_for

pytestmark = [pytest.mark.content, pytest.mark.xdist_group(STORY_GROUP)]

PROJECT = read_project(ROOT) or Project(ROOT, (), "", ())
LANGS = PROJECT.languages
PAGE_FILES = PROJECT.pages
PAGES = [(lang, rel) for lang in LANGS for rel in PAGE_FILES]
# Pages whose source cites a work (``[@key]``), per language.
CITING = [(lang, rel) for lang, rel in PAGES
          if (ROOT / "docs" / lang / rel).is_file() and re.search(r"\[@[\w-]+", PROJECT.source(lang, rel))]
TITLE_QUOTES = "„“”\"‚‘’«»‹› "
VISIBLE_IN_VIEWPORT = """(id) => {
  const r = document.getElementById(id).getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight;
}"""
ACTIVE = """(() => { const e = document.activeElement, r = e.getBoundingClientRect();
  return {tag: e.tagName, cls: e.className, text: (e.getAttribute("aria-label") || e.innerText || "").trim(),
          href: e.getAttribute("href"),
          visible: r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === "visible"}; })()"""


@pytest.fixture
def tab(story_tab: Tab) -> Iterator[Tab]:
    """A tab on this site."""
    yield story_tab


@pytest.fixture
def served_site(story_served: Served) -> Served:
    """This site as built and served for these tests."""
    return story_served


def path_of(lang: str, rel: str) -> str:
    """The URL path of a page relative to the site root."""
    return PROJECT.path(lang, rel)


def others(lang: str) -> list[str]:
    """The languages other than ``lang``, in the site's order."""
    return [other for other in LANGS if other != lang]


def other(lang: str) -> str:
    """The language after ``lang`` (the first after the last): each language has one to go to."""
    return LANGS[(LANGS.index(lang) + 1) % len(LANGS)]


def own_root(tab: Tab, lang: str) -> str:
    return tab.base + PROJECT.path(lang, "index.md")


def in_language(tab: Tab, url: str, lang: str) -> bool:
    """Whether ``url`` is a page of ``lang``'s tree (the default language's is the root, less the others')."""
    roots = tuple(own_root(tab, code) for code in LANGS if code != PROJECT.default)
    if lang == PROJECT.default:
        return url.startswith(tab.base) and not url.startswith(roots)
    return url.startswith(own_root(tab, lang))


def static_page(site: Served, lang: str, rel: str):
    """The built HTML of a page, as the server sends it."""
    return site.html(lang, rel)


def in_viewport(tab: Tab, element_id: str) -> bool:
    return tab.page.evaluate(VISIBLE_IN_VIEWPORT, element_id)


def flat(text: str) -> str:
    return " ".join(text.split())


def no_violations(tab: Tab) -> None:
    """No axe-core violation on the page as it is now."""
    results = Axe().run(tab.page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(("lang", "rel"), [*PAGES, *([(PROJECT.default, "404.html")] if LANGS else [])],
                         ids=lambda value: value.removesuffix(".md") if isinstance(value, str) else value)
def test_page_loads_clean_and_has_no_accessibility_violation(tab: Tab, lang: str, rel: str) -> None:
    path = "404.html" if rel == "404.html" else path_of(lang, rel)
    response = tab.open(path)
    assert response.status == 200
    assert tab.page.evaluate("document.documentElement.lang") == lang
    assert tab.problems() == []
    results = Axe().run(tab.page)
    assert results.violations_count == 0, results.generate_report()
    # The page's search index is its language's own (loaded eagerly by Material's search).
    index = f"{own_root(tab, lang)}search/search_index.json"
    assert index in tab.requests, tab.requests
    assert not [url for url in tab.requests if url.endswith("search_index.json") and url != index]
    # Canonical and hreflang links (the site is built with the address it is served at) lead to pages.
    if rel != "404.html":
        heads = tab.page.evaluate("""[...document.querySelectorAll('link[rel=canonical], link[rel=alternate][hreflang]')]
                                     .map(link => link.href)""")
        assert len(heads) == len(LANGS) + 2 and tab.page.url in heads, heads  # canonical, each language, x-default
        for href in heads:
            assert href.startswith(tab.base) and tab.page.request.get(href).status == 200, href


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_address_gets_the_404_page_in_the_language_of_its_folder(tab: Tab, lang: str) -> None:
    """A missing address in each language's tree gets status 404 and the 404 page in that language:
    its ``lang``, its message alone, its title, its home link."""
    missing = path_of(lang, "no-such-page.md")
    response = tab.open(missing)
    assert response.status == 404
    heading = language(lang).text("not_found_heading")
    assert tab.page.evaluate("document.documentElement.lang") == lang
    assert tab.page.title().startswith(f"{heading} – ")
    assert tab.page.locator(f"section.not-found[lang={lang}] h1").inner_text() == heading
    assert tab.page.locator("section.not-found:visible").count() == 1
    # Its styles and scripts load from the site root although the address is folders deep.
    assert tab.problems(allow_status={missing: 404}) == []
    assert tab.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    tab.page.click(f"section.not-found[lang={lang}] a")
    tab.page.wait_for_url(own_root(tab, lang))
    assert tab.page.evaluate("document.documentElement.lang") == lang


@pytest.mark.parametrize("lang", LANGS)
def test_the_404_page_at_a_missing_address_is_clean_and_accessible(tab: Tab, lang: str) -> None:
    """A missing address in every language tree gets status 404 and the 404 page with its styles
    and scripts, and that page, reached one or two folders deep, has no axe-core violation (the
    check of ``404.html`` itself sees it only at the site root)."""
    missing = path_of(lang, "no-such-page.md")
    response = tab.open(missing)
    assert response.status == 404
    assert tab.page.locator(f"section.not-found[lang={lang}] h1").inner_text() == language(lang).text("not_found_heading")
    assert tab.problems(allow_status={missing: 404}) == []
    no_violations(tab)


@pytest.mark.parametrize(("start", "anchor", "target_lang", "expected"), [
    ("leak/", "how-it-ended", "en", "/en/leak/#how-it-ended"),
    ("en/response/", "the-two-accounts", "de", "/response/#the-two-accounts"),
])
def test_language_switch_keeps_page_and_anchor(tab: Tab, start: str, anchor: str, target_lang: str, expected: str) -> None:
    tab.open(f"{start}#{anchor}")
    tab.page.hover(".md-header .md-select")
    tab.page.click(f"a.md-select__link[hreflang={target_lang}]")
    tab.page.wait_for_url(tab.base.rstrip("/") + expected)
    tab.idle()
    assert tab.page.evaluate("document.documentElement.lang") == target_lang
    assert in_viewport(tab, anchor)
    assert tab.problems() == []


def test_language_switch_follows_the_reader_through_the_page(tab: Tab) -> None:
    """Anchors followed after loading (table of contents, citations) count too."""
    tab.open("en/open-letter/")
    toc = tab.page.locator(".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link").nth(2)
    anchor = toc.get_attribute("href").lstrip("#")
    toc.click()
    tab.page.wait_for_url(f"**#{anchor}")
    tab.page.hover(".md-header .md-select")
    tab.page.click("a.md-select__link[hreflang=de]")
    tab.page.wait_for_url(f"{tab.base}open-letter/#{anchor}")
    assert in_viewport(tab, anchor)


@pytest.mark.parametrize(("lang", "rel"), PAGES, ids=lambda value: value.removesuffix(".md"))
def test_language_switch_lands_on_the_twin_page_with_the_anchor(tab: Tab, served_site: Served, lang: str, rel: str) -> None:
    """Every page in every language: the header switcher lists every language and leads to the
    same file in each other language tree, at the same section. Fails on a missing language, a
    switcher link to the other home page or to a wrong page, on a missing twin (404), and on an
    anchor dropped or not scrolled to."""
    heading = static_page(served_site, lang, rel).select_one("article h2[id]")
    anchor = heading["id"] if heading else ""
    for target in others(lang):
        # Loaded, not idle: the switcher works once its scripts ran; the wait at the end covers the rest.
        tab.page.goto(tab.base + path_of(lang, rel) + (f"#{anchor}" if anchor else ""), wait_until="load")
        assert tab.page.eval_on_selector_all(".md-header a.md-select__link", "links => links.map(l => l.hreflang)") \
            == list(LANGS)
        tab.page.hover(".md-header .md-select")
        tab.page.click(f".md-header a.md-select__link[hreflang={target}]")
        expected = tab.base + path_of(target, rel) + (f"#{anchor}" if anchor else "")
        tab.page.wait_for_url(expected)
        tab.idle()
        assert tab.page.evaluate("document.documentElement.lang") == target
        if anchor:
            assert tab.page.evaluate("document.querySelector(':target')?.id") == anchor
            assert in_viewport(tab, anchor)
    assert tab.problems() == []


WAITING = re.compile(r"^(Initializing search|Suche wird initialisiert|Type to start searching|Suchbegriff eingeben)$")


def search(tab: Tab, query: str) -> list[str]:
    """Search for ``query`` (:func:`search_for`): the hits' URLs (empty: none)."""
    meta, hits, _ = search_for(tab, query, WAITING)
    assert bool(hits) == (not meta.startswith(("No matching", "Keine"))), (query, meta, hits)
    return hits


def words(lang: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs" / lang).glob("*.md"))).lower()


@pytest.mark.parametrize(("start", "lang", "found", "not_found"), [
    # "Künstlern" is not in the German text: only German stemming finds "Künstler".
    ("leak/", "de", ["Sora", "Künstlern", "Kün"], ["leaking"]),
    # "leaking" and "demanded" are not in the English text: only English stemming finds "leak", "demand".
    ("en/leak/", "en", ["Sora", "leaking", "demanded", "artists"], ["Künstlern"]),
])
def test_search_finds_its_own_language_with_its_stemming(tab: Tab, start: str, lang: str, found: list[str],
                                                         not_found: list[str]) -> None:
    text = words(lang)
    assert not re.search(r"\bkünstlern\b|\bleaking\b|\bdemanded\b", text), "the stemming probes must not occur literally"
    tab.open(start)
    for query in found:
        hits = search(tab, query)
        assert hits, f"{query!r} finds nothing on {start}"
        wrong = [url for url in hits if not in_language(tab, url, lang)]
        assert wrong == [], f"{query!r} on {start} finds pages of another language"
    for query in not_found:
        assert search(tab, query) == [], f"{query!r} should find nothing on {start}"
    assert tab.problems() == []


@pytest.mark.parametrize("lang", LANGS)
def test_search_dialog_with_results_has_no_accessibility_violation(tab: Tab, lang: str) -> None:
    """axe-core on the open search dialog with hits showing (the page check sees it closed, where
    axe skips it): fails on hits or highlights without enough contrast, nameless result links, a
    nameless dialog or input, or results in an invalid list."""
    tab.open(path_of(lang, "leak.md"))
    assert search(tab, "Sora"), "the query must show hits"
    assert tab.page.evaluate("document.getElementById('__search').checked"), "the search dialog is open"
    assert tab.page.locator("a.md-search-result__link").first.is_visible()
    assert tab.problems() == []
    no_violations(tab)


def test_search_by_keyboard_opens_a_hit(tab: Tab) -> None:
    tab.open("en/about/")  # a page the word is not on, so opening the hit is a navigation
    tab.page.keyboard.press("/")
    assert tab.page.evaluate(ACTIVE)["cls"].startswith("md-search__input")
    tab.page.keyboard.type("watermark")
    tab.page.locator("a.md-search-result__link").first.wait_for()
    tab.page.keyboard.press("ArrowDown")
    first = tab.page.evaluate(ACTIVE)
    assert first["tag"] == "A" and first["visible"] and first["href"].startswith(tab.base + "en/")
    assert not first["href"].startswith(tab.base + "en/about/")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(first["href"])
    tab.idle()
    assert tab.problems() == []


@pytest.mark.parametrize(("lang", "switch_label", "twin_label"), [
    ("de", "Sprache wechseln", "English"),
    ("en", "Select language", "Deutsch"),
], ids=["de", "en"])
def test_keyboard_reaches_everything_visibly_and_skips_to_the_content(tab: Tab, lang: str, switch_label: str,
                                                                      twin_label: str) -> None:
    """Both languages: fails on an invisible focus stop, a skip link that misses the article, a
    switcher without its label in the page's language, or a switcher link not reachable by
    keyboard or leading elsewhere than to the twin page."""
    page, twin = path_of(lang, "leak.md"), path_of(other(lang), "leak.md")
    tab.open(page)
    stops = []
    for _ in range(12):
        tab.page.keyboard.press("Tab")
        stops.append(tab.page.evaluate(ACTIVE))
    assert [stop for stop in stops if not stop["visible"]] == [], "every focus stop is visible"
    assert stops[0]["cls"].startswith("md-skip") and stops[0]["href"] == "#the-leak"
    assert any(stop["tag"] == "BUTTON" and stop["text"] == switch_label for stop in stops)
    assert any(stop["href"] and urljoin(tab.base + page, stop["href"]) == tab.base + twin and stop["text"] == twin_label
               for stop in stops)
    assert any(stop["cls"].startswith("md-search__input") for stop in stops)
    # The skip link goes straight to the article.
    tab.open(page)
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**#the-leak")
    tab.page.keyboard.press("Tab")
    after = tab.page.evaluate(ACTIVE)
    assert tab.page.evaluate("document.activeElement.closest('article') !== null"), after
    # And the language switcher works from the keyboard, keeping the place.
    tab.page.focus(".md-header .md-select button")
    for _ in range(1 + LANGS.index(other(lang))):  # the list is in the site's order on every page
        tab.page.keyboard.press("Tab")
    assert tab.page.evaluate(ACTIVE)["text"] == twin_label
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(f"{tab.base}{twin}#the-leak")
    tab.idle()


@pytest.mark.parametrize("lang", LANGS)
def test_citation_shows_its_reference_and_links_there_and_back(tab: Tab, served_site: Served, lang: str) -> None:
    static = static_page(served_site, lang, "leak.md")
    first = static.select_one("sup.citation a.citation-ref")
    label = language(lang).text("cite_label", n=1)
    assert first["aria-label"] == label and first["title"]
    tab.open(path_of(lang, "leak.md"))
    number = tab.page.get_by_role("link", name=label, exact=True).first
    tooltip = tab.page.locator("#explainer-tooltip[role=tooltip]")

    number.hover()
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip() == first["title"].strip()
    near, box = number.bounding_box(), tooltip.bounding_box()  # just below the number, or just above it
    assert (abs(box["y"] - (near["y"] + near["height"] + 6)) < 2 or abs(box["y"] + box["height"] + 6 - near["y"]) < 2
            ), (near, box)
    assert box["x"] <= near["x"] + near["width"] and near["x"] <= box["x"] + box["width"], (near, box)
    assert number.get_attribute("aria-describedby") == "explainer-tooltip"
    assert number.get_attribute("title") is None, "no second, native tooltip"
    tooltip.hover()  # WCAG 1.4.13: the pointer can move onto the tooltip
    assert tooltip.is_visible()
    tab.page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden")
    assert number.get_attribute("aria-describedby") is None

    number.focus()
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip() == first["title"].strip()
    tab.page.keyboard.press("Escape")  # WCAG 1.4.13: dismissable without moving focus
    tooltip.wait_for(state="hidden")
    assert tab.page.evaluate("document.activeElement.getAttribute('aria-label')") == label
    number.blur()
    number.focus()
    tooltip.wait_for(state="visible")

    number.press("Enter")
    tab.page.wait_for_url(f"**#{first['href'].lstrip('#')}")
    entry = first["href"].lstrip("#")
    assert in_viewport(tab, entry)
    assert tab.page.evaluate("document.querySelector(':target').id") == entry

    back = tab.page.locator(f"#{entry} .citation-backlinks a").first
    back_id = back.get_attribute("href").lstrip("#")
    assert back_id == first["id"]
    back.click()
    tab.page.wait_for_url(f"**#{back_id}")
    assert in_viewport(tab, back_id)
    assert tab.problems() == []


@pytest.mark.parametrize("lang", LANGS)
def test_citation_tooltip_has_no_accessibility_violation(tab: Tab, lang: str) -> None:
    """axe-core with a citation's tooltip showing: fails on a tooltip without enough contrast, an
    ``aria-describedby`` to a missing element, or a tooltip role in the wrong place."""
    tab.open(path_of(lang, "leak.md"))
    tab.page.locator("sup.citation a.citation-ref").first.hover()
    tab.page.locator("#explainer-tooltip[role=tooltip]").wait_for(state="visible")
    assert tab.problems() == []
    no_violations(tab)


@pytest.mark.parametrize(("lang", "rel"), CITING, ids=lambda value: value.removesuffix(".md"))
def test_citation_tooltip_names_the_work_of_its_bibliography_entry(tab: Tab, served_site: Served, lang: str, rel: str) -> None:
    """The first citation of every citing page: the tooltip names the publisher and title of the
    entry in the reference list the number links to. Fails on a tooltip taken from another work
    (numbers and entries out of step), a stale or shortened title, or no tooltip at all."""
    static = static_page(served_site, lang, rel)
    first = static.select_one("sup.citation a.citation-ref")
    assert first is not None, f"{rel} cites in its source but has no citation number"
    entry = static.select_one(f"ol.references li[id={first['href'].lstrip('#')}]")
    assert entry is not None, f"{first['href']} has no entry in the reference list"
    title, publisher = entry.select_one(".citation-work cite"), entry.select_one(".citation-work .publisher")
    assert title is not None and publisher is not None, entry.prettify()
    title_text, publisher_text = flat(title.get_text()).strip(TITLE_QUOTES), flat(publisher.get_text())
    assert title_text and publisher_text

    tab.open(path_of(lang, rel))
    tab.page.locator(f"#{first['id']}").hover()
    tooltip = tab.page.locator("#explainer-tooltip[role=tooltip]")
    tooltip.wait_for(state="visible")
    shown = flat(tooltip.inner_text())
    assert title_text in shown, (shown, entry.prettify())
    assert shown.startswith(publisher_text), (shown, publisher_text)
    assert tab.problems() == []
