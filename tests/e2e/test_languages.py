"""The generator's published site in three languages, in a real browser: the fixture project
``three-languages`` (English at /, German at /de/, French at /fr/), built strict with the address
it is served at. Every page loads without a console error or a request to another host and has no
axe-core violation; the switcher lists every language and lands on the twin page at the same
anchor; search stays in the page's language with its stemming and its stop words; a missing address
gets the 404 page in the language of its folder. Tests that prove the checks can fail are here too."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from explainer.lang.l10n import plain_language as language

from .conftest import BROWSER_GROUP, FIXTURES, LIBRARY, Project, Served, Tab, open_tab, search_for

pytestmark = pytest.mark.xdist_group(BROWSER_GROUP)

PROJECT = Project.read(FIXTURES / LIBRARY)
LANGS = PROJECT.languages
PAGES = [(lang, rel) for lang in LANGS for rel in PROJECT.pages]
NAMES = {"en": "English", "de": "Deutsch", "fr": "Français"}  # the fixture's mkdocs.yml
VISIBLE_IN_VIEWPORT = """(id) => {
  const r = document.getElementById(id).getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight;
}"""


def page_id(value: object) -> str:
    return str(value).removesuffix(".md")


def no_violations(tab: Tab) -> None:
    """No axe-core violation on the page as it is now."""
    results = Axe().run(tab.page)
    assert results.violations_count == 0, results.generate_report()


def own_root(tab: Tab, lang: str) -> str:
    return tab.base + PROJECT.path(lang, "index.md")


def in_language(tab: Tab, url: str, lang: str) -> bool:
    """Whether ``url`` is a page of ``lang``'s tree (the default language's is the root, less the others')."""
    others = [own_root(tab, other) for other in LANGS if other != PROJECT.default]
    if lang == PROJECT.default:
        return url.startswith(tab.base) and not url.startswith(tuple(others))
    return url.startswith(own_root(tab, lang))


def test_the_fixture_has_three_languages_and_pages_in_each() -> None:
    assert LANGS == ("en", "de", "fr") and PROJECT.default == "en"
    assert PROJECT.pages == ("index.md", "report.md", "sources.md")


@pytest.mark.parametrize(("lang", "rel"), [*PAGES, ("en", "404.html")], ids=page_id)
def test_page_loads_clean_and_has_no_accessibility_violation(tab: Tab, lang: str, rel: str) -> None:
    path = "404.html" if rel == "404.html" else PROJECT.path(lang, rel)
    response = tab.open(path)
    assert response.status == 200
    assert tab.lang() == lang
    assert tab.problems() == []
    no_violations(tab)
    # The page's search index is its language's own (loaded eagerly by Material's search).
    index = f"{own_root(tab, lang)}search/search_index.json"
    assert index in tab.requests, tab.requests
    assert not [url for url in tab.requests if url.endswith("search_index.json") and url != index]
    # Canonical and hreflang links (the site is built with the address it is served at) lead to pages.
    if rel != "404.html":
        heads = tab.page.evaluate("""[...document.querySelectorAll('link[rel=canonical], link[rel=alternate][hreflang]')]
                                     .map(link => [link.rel, link.hreflang, link.href])""")
        assert sorted(h[1] for h in heads if h[0] == "alternate") == sorted([*LANGS, "x-default"]), heads
        assert [h[2] for h in heads if h[0] == "canonical"] == [tab.page.url]
        for rel_kind, hreflang, href in heads:
            target = lang if rel_kind == "canonical" else PROJECT.default if hreflang == "x-default" else hreflang
            assert href == tab.base + PROJECT.path(target, rel), (hreflang, href)
            assert tab.page.request.get(href).status == 200, href


def test_axe_finds_what_it_should(tab: Tab) -> None:
    """The accessibility check above can fail: the same page with a link told apart by colour
    only, and a nameless dialog, has violations."""
    tab.open("fr/report/")
    tab.page.evaluate("""() => {
        document.querySelector(".md-search").removeAttribute("aria-label");
        const paragraph = document.querySelector("article p");
        const link = Object.assign(document.createElement("a"), {href: "../", textContent: "accueil"});
        paragraph.append(" Voir l’", link, " pour la suite.");
        link.style.setProperty("text-decoration", "none", "important");
    }""")
    found = {violation["id"] for violation in Axe().run(tab.page).response["violations"]}
    assert {"aria-dialog-name", "link-in-text-block"} <= found


def test_a_request_to_another_host_is_seen_and_goes_nowhere(tab: Tab) -> None:
    """The privacy check above can fail: a font from Google, as stock Material would load it, is
    reported, and the request never reaches the network."""
    tab.open("de/report/")
    failed = tab.page.evaluate("""() => new Promise(done => {
        const link = Object.assign(document.createElement("link"), {rel: "stylesheet",
            href: "https://fonts.googleapis.com/css?family=Roboto"});
        link.onload = () => done(false);
        link.onerror = () => done(true);
        document.head.append(link);
    })""")
    assert failed, "the stylesheet from another host loaded"
    assert "request to another host: https://fonts.googleapis.com/css?family=Roboto" in tab.problems()


SWITCHER = """() => [...document.querySelectorAll(".md-header a.md-select__link")]
  .map(link => [link.hreflang, link.innerText.trim()])"""


@pytest.mark.parametrize(("lang", "rel"), PAGES, ids=page_id)
def test_the_switcher_lists_every_language_and_lands_on_the_twin_page_with_the_anchor(
        tab: Tab, library_site: Served, lang: str, rel: str) -> None:
    """Every page in every language: the header switcher lists the three languages by name, and
    each other language's link leads to the same file in that language's tree, scrolled to the
    same section. Fails on a language missing from the list, a link to the other home page or to
    a wrong page, a missing twin (404), and an anchor dropped or not scrolled to."""
    heading = library_site.html(lang, rel).select_one("article h2[id]")
    assert heading is not None, f"{rel} has no section to keep"
    anchor = heading["id"]
    for target in (other for other in LANGS if other != lang):
        # Loaded, not idle: the switcher works once its scripts ran; the wait at the end covers the rest.
        tab.page.goto(f"{tab.base}{PROJECT.path(lang, rel)}#{anchor}", wait_until="load")
        assert tab.page.evaluate(SWITCHER) == [[code, NAMES[code]] for code in LANGS]
        tab.page.hover(".md-header .md-select")
        tab.page.click(f".md-header a.md-select__link[hreflang={target}]")
        tab.page.wait_for_url(f"{tab.base}{PROJECT.path(target, rel)}#{anchor}")
        tab.idle()
        assert tab.lang() == target
        assert tab.page.evaluate("document.querySelector(':target')?.id") == anchor
        assert tab.page.evaluate(VISIBLE_IN_VIEWPORT, anchor)
    assert tab.problems() == []


def waiting_words() -> re.Pattern[str]:
    """What Material shows before results, in every language of the fixture (its own words)."""
    words = {"Initializing search", "Type to start searching", "Suche wird initialisiert", "Suchbegriff eingeben",
             "Initialisation de la recherche", "Taper pour démarrer la recherche"}
    return re.compile("^(" + "|".join(map(re.escape, sorted(words))) + ")$")


WAITING = waiting_words()
NONE = ("No matching documents", "Keine Suchergebnisse", "Aucun document trouvé")


def search(tab: Tab, query: str) -> tuple[list[str], list[str]]:
    """Search for ``query`` (:func:`search_for`): the hits' URLs (empty: none) and the words
    Material shows as missing from them."""
    meta, hits, missing = search_for(tab, query, WAITING)
    assert bool(hits) == (not meta.startswith(NONE)), (query, meta, hits)
    return hits, missing


# Words that are found only through the language's stemming (the form searched for is in no page,
# nor the start of a word in one) and, for French, its split at apostrophes ("l’assureur");
# words of the other languages' pages; a query with a stop word of the language.
SEARCHES = {
    "en": (["Exampleton", "restoring", "damaging"], ["Versicherung", "assureur"], "the costs"),
    "de": (["Exampleton", "Überschwemmungen", "Reparaturen"], ["insurer", "assureur"], "die Kosten"),
    "fr": (["Exampleton", "assureurs", "endommager"], ["insurer", "Versicherung"], "la réouverture"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_search_stays_in_its_language_with_its_stemming_and_stop_words(tab: Tab, library_site: Served,
                                                                        lang: str) -> None:
    """Each language's pages search that language's index: its hits are pages of that language
    only, found with its stemmer ("assureurs" finds "l’assureur", "Überschwemmungen" finds
    "Überschwemmung"), other languages' words find nothing, and a stop word of the language in a
    query is not reported as missing. Fails on a shared or wrong index, a wrong stemmer, French
    words left joined at their apostrophe, and English stop words for another language."""
    found, foreign, with_stop_word = SEARCHES[lang]
    text = " ".join(library_site.html(lang, rel).get_text(" ") for rel in PROJECT.pages).lower()
    for query in found[1:]:
        assert not re.search(rf"\b{re.escape(query.lower())}", text), f"the stemming probe {query!r} occurs literally"
    tab.open(PROJECT.path(lang, "report.md"))
    for query in found:
        hits, _ = search(tab, query)
        assert hits, f"{query!r} finds nothing in {lang}"
        assert [url for url in hits if not in_language(tab, url, lang)] == [], f"{query!r} finds pages of another language"
    for query in foreign:
        assert search(tab, query)[0] == [], f"{query!r} should find nothing in {lang}"
    hits, missing = search(tab, with_stop_word)
    stop_word = with_stop_word.split()[0]
    assert hits and all(in_language(tab, url, lang) for url in hits), (with_stop_word, hits)
    assert not [term for term in missing if stop_word.startswith(term)], f"{stop_word!r} is shown as missing: {missing}"
    assert tab.problems() == []


def test_a_word_missing_from_a_hit_is_still_shown(tab: Tab) -> None:
    """The stop word check above can fail: a word that is no stop word and not on a hit is listed
    (as its stem) as missing under it."""
    tab.open("fr/report/")
    hits, missing = search(tab, "assureur inondation")
    assert hits and [term for term in missing if "inondation".startswith(term)], (hits, missing)


NOT_FOUND = [("missing/", "en"), ("de/missing/", "de"), ("fr/missing/", "fr"), ("fr/report/missing/", "fr")]


@pytest.mark.parametrize(("missing", "lang"), NOT_FOUND, ids=[m.strip("/").replace("/", "-") for m, _ in NOT_FOUND])
def test_a_missing_address_gets_the_404_page_in_the_language_of_its_folder(tab: Tab, missing: str, lang: str) -> None:
    """GitHub Pages answers with the root 404.html wherever the address is; the page speaks the
    language of the folder: its ``lang``, its message only, its title, the header's and search
    box's words, the navigation to that language's pages, the switcher to every home page, and no
    console error, no other host, no axe-core violation, although it is served folders deep."""
    response = tab.open(missing)
    assert response.status == 404
    words = language(lang)
    assert tab.lang() == lang
    visible = tab.page.locator("section.not-found:visible")
    assert visible.count() == 1 and visible.get_attribute("lang") == lang
    assert visible.locator("h1").inner_text() == words.text("not_found_heading")
    assert tab.page.locator("section.not-found").count() == len(LANGS)
    site_name = {"en": "The library, explained", "de": "Die Bibliothek, erklärt", "fr": "La bibliothèque expliquée"}[lang]
    assert tab.page.title() == f"{words.text('not_found_heading')} – {site_name}"
    # The menu's title (the drawer on a phone) names the site in that language, its logo link kept.
    menu = tab.page.evaluate("""(() => { const title = document.querySelector("nav.md-nav--primary > label.md-nav__title");
      return [[...title.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join("").trim(),
              !!title.querySelector("a.md-logo")]; })()""")
    assert menu == [site_name, True]
    toggles = tab.page.eval_on_selector_all('form[data-md-component="palette"] label', "ls => ls.map(l => l.title)")
    assert toggles == [words.text("scheme_to_dark"), words.text("scheme_to_light")]
    placeholder = {"en": "Search", "de": "Suche", "fr": "Rechercher"}[lang]
    assert tab.page.get_attribute(".md-search__input", "placeholder") == placeholder
    nav = tab.page.evaluate("""[...document.querySelectorAll("nav.md-nav--primary a.md-nav__link")]
                               .map(link => [link.innerText.trim(), link.getAttribute("href")])""")
    titles = {"en": ["Home", "The reopening", "Sources"], "de": ["Startseite", "Die Wiedereröffnung", "Quellen"],
              "fr": ["Accueil", "La réouverture", "Sources"]}[lang]
    root = "/" + PROJECT.path(lang, "index.md")
    assert nav == [[title, root + PROJECT.path(PROJECT.default, rel)] for title, rel in zip(titles, PROJECT.pages, strict=True)]
    assert tab.page.evaluate(SWITCHER) == [[code, NAMES[code]] for code in LANGS]
    # Its styles and scripts load from the site root although the address is folders deep.
    assert tab.problems(allow_status={missing: 404}) == []
    assert tab.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    no_violations(tab)
    # Its home link leads to the language's home page.
    tab.page.click(f"section.not-found[lang={lang}] a")
    tab.page.wait_for_url(tab.base + PROJECT.path(lang, "index.md"))
    assert tab.lang() == lang


def test_search_on_the_404_page_stays_in_the_language_of_its_folder(tab: Tab) -> None:
    """The French 404 page searches the French index with French words: "assureurs" (French
    stemming) finds French pages only, the English "insurer" nothing."""
    tab.open("fr/missing/")
    assert f"{tab.base}fr/search/search_index.json" in tab.requests
    assert not [url for url in tab.requests if url.endswith("search_index.json") and "/fr/" not in url]
    hits, _ = search(tab, "assureurs")
    assert hits and all(url.startswith(tab.base + "fr/") for url in hits), hits
    assert search(tab, "insurer")[0] == []
    assert tab.page.locator(".md-search-result__meta").inner_text().strip() == "Aucun document trouvé"
    assert tab.problems(allow_status={"fr/missing/": 404}) == []


def test_the_404_page_without_javascript_shows_every_language(browser, library_site: Served) -> None:
    """Without the script every reader still finds their language: every message is shown, each
    marked with its language, the default language's first."""
    with open_tab(browser, library_site.base, java_script_enabled=False) as tab:
        response = tab.page.goto(tab.base + "fr/missing/", wait_until="load")
        assert response.status == 404
        sections = tab.page.locator("section.not-found")
        assert [sections.nth(i).get_attribute("lang") for i in range(sections.count())] == list(LANGS)
        for lang in LANGS:
            section = tab.page.locator(f"section.not-found[lang={lang}]")
            assert section.is_visible() and section.locator("h1").inner_text() == language(lang).text("not_found_heading")
        assert tab.page.get_attribute("html", "lang") == PROJECT.default
