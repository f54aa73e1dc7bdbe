"""The published site as built by a real ``mkdocs build --strict`` of the fixture projects (two
languages with German at the root; three with English at the root): what search engines, link
previews and the search box get (head meta, alternates, sitemap, robots.txt, per-language search
indexes, the 404 page in every language, the correction to Material's bundle)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, html_path
from explainer.lang.l10n import plain_language as language
from explainer.model.pages import load_pages
from explainer.site.notfound import CHANGEABLE, language_at
from explainer.site.search import WORKER
from explainer.site.themefix import ORIGINAL, PATCHED

pytestmark = pytest.mark.build

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
NOT_FOUND_JS = Path(__file__).resolve().parent.parent / "scripts/explainer/site/theme/assets/explainer/not-found.js"


@dataclass(frozen=True)
class Fixture:
    """A fixture project and what its mkdocs.yml and pages say."""

    name: str
    langs: tuple[str, ...]  # the default first, then mkdocs.yml's order
    site_names: dict[str, str]
    locales: dict[str, str]  # Open Graph, from CLDR
    section_titles: dict[str, str]  # a section title found only in that language's index
    source_text: str  # a word of the sources page's entries

    @property
    def default(self) -> str:
        return self.langs[0]

    @property
    def root(self) -> Path:
        return FIXTURES / self.name

    def pages(self) -> list[str]:
        return sorted(p.name for p in (self.root / "docs" / self.default).glob("*.md"))

    def url_path(self, rel: str, lang: str) -> str:
        stem = rel.removesuffix(".md")
        path = "" if stem == "index" else f"{stem}/"
        return path if lang == self.default else f"{lang}/{path}"

    def html(self, site: Path, lang: str, rel: str) -> Path:
        return html_path(site, lang, rel, default=self.default)


TWO = Fixture("two-languages", ("de", "en"),
              {"de": "Der Bibliotheksbrand erklärt", "en": "The library flood explained"},
              {"de": "de_DE", "en": "en_US"}, {"de": "Was geschah", "en": "What happened"}, "Beispielblatt")
THREE = Fixture("three-languages", ("en", "de", "fr"),
                {"en": "The library, explained", "de": "Die Bibliothek, erklärt", "fr": "La bibliothèque expliquée"},
                {"en": "en_US", "de": "de_DE", "fr": "fr_FR"}, {"en": "The costs", "de": "Die Kosten", "fr": "Les coûts"},
                "Exampleton Gazette")


@pytest.fixture(params=[TWO, THREE], ids=lambda fixture: fixture.name)
def project(request, build_of) -> tuple[Fixture, Path]:
    """Each fixture project and its shared strict build."""
    fixture: Fixture = request.param
    return fixture, build_of(fixture.name)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def alternates_of(page: BeautifulSoup) -> dict[str, str]:
    links = page.find_all("link", rel="alternate", hreflang=True)
    out = {link["hreflang"]: link["href"] for link in links}
    assert len(out) == len(links), "one alternate per language"
    return out


def meta(page: BeautifulSoup, key: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta") if key in (tag.get("property"), tag.get("name"))]


def config_of(page: BeautifulSoup) -> dict:
    return json.loads(page.find("script", id="__config").string)


def not_found_data(page: BeautifulSoup) -> dict:
    return json.loads(page.find("script", id="explainer-404", type="application/json").string)


def test_every_page_has_absolute_canonical_and_reciprocal_alternates(project) -> None:
    fixture, built = project
    for rel in fixture.pages():
        expected = {lang: DEFAULT_SITE_URL + fixture.url_path(rel, lang) for lang in fixture.langs}
        expected["x-default"] = expected[fixture.default]
        for lang in fixture.langs:
            page = soup(fixture.html(built, lang, rel))
            assert page.html["lang"] == lang
            canonical = page.find_all("link", rel="canonical")
            assert [c["href"] for c in canonical] == [expected[lang]], (rel, lang)
            assert alternates_of(page) == expected, (rel, lang)
            assert list(alternates_of(page)) == [*fixture.langs, "x-default"], "in mkdocs.yml's order"


def test_alternates_lead_to_pages_that_point_back(project) -> None:
    _, built = project
    for path in sorted(built.rglob("index.html")):
        page = soup(path)
        own = page.find("link", rel="canonical")["href"]
        for hreflang, url in alternates_of(page).items():
            target = built / urlsplit(url).path.lstrip("/") / "index.html"
            assert target.exists(), (path, hreflang, url)
            assert own in alternates_of(soup(target)).values(), f"{url} does not point back to {own}"


def test_open_graph_and_twitter_meta_in_the_page_language(project) -> None:
    fixture, built = project
    for lang in fixture.langs:
        others = [fixture.locales[other] for other in fixture.langs if other != lang]
        pages, _ = load_pages(fixture.root / "docs" / lang)
        assert pages
        for source in pages:
            page = soup(fixture.html(built, lang, source.rel))
            title, description = source.meta["title"], " ".join(source.meta["description"].split())
            assert meta(page, "description") == [description]
            assert meta(page, "og:title") == meta(page, "twitter:title") == [title]
            assert meta(page, "og:description") == meta(page, "twitter:description") == [description]
            assert meta(page, "og:url") == [page.find("link", rel="canonical")["href"]]
            assert meta(page, "og:locale") == [fixture.locales[lang]] and meta(page, "og:locale:alternate") == others
            assert meta(page, "og:site_name") == [fixture.site_names[lang]]
            assert meta(page, "og:type") == ["website" if source.rel == "index.md" else "article"]
            assert meta(page, "twitter:card") == ["summary"]
            assert not page.find("meta", attrs={"name": "robots"}), "pages are indexable"
            assert set(fixture.langs) - {lang} <= set(alternates_of(page))


def test_sitemap_has_every_page_with_alternates(project) -> None:
    fixture, built = project
    root = ET.fromstring((built / "sitemap.xml").read_bytes())
    urls = {u.findtext("s:loc", namespaces=NS): u for u in root.findall("s:url", NS)}
    expected = {DEFAULT_SITE_URL + fixture.url_path(rel, lang) for rel in fixture.pages() for lang in fixture.langs}
    assert set(urls) == expected
    for loc, url in urls.items():
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        page = soup(built / urlsplit(loc).path.lstrip("/") / "index.html")
        assert links == alternates_of(page), loc
        assert "x-default" in links, loc  # the plugin's sitemap, not mkdocs-static-i18n's
    assert (built / "sitemap.xml.gz").exists()
    for lang in fixture.langs[1:]:
        assert not (built / lang / "sitemap.xml").exists()


def test_robots_txt_points_at_the_sitemap(project) -> None:
    _, built = project
    assert (built / "robots.txt").read_text(encoding="utf-8") == \
        f"User-agent: *\nAllow: /\n\nSitemap: {DEFAULT_SITE_URL}sitemap.xml\n"


def test_each_language_has_its_own_search_index(project) -> None:
    fixture, built = project
    for lang in fixture.langs:
        folder = built if lang == fixture.default else built / lang
        index = json.loads((folder / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        assert "stemmer" in index["config"]["pipeline"] and "stopWordFilter" in index["config"]["pipeline"]
        splits_at_apostrophe = bool(re.split(index["config"]["separator"], "l’eau l'eau") == ["l", "eau", "l", "eau"])
        assert splits_at_apostrophe == (lang == "fr"), (lang, index["config"]["separator"])
        titles = set()
        for entry in index["docs"]:
            path = urlsplit(entry["location"]).path
            assert not path.startswith(tuple(f"{other}/" for other in fixture.langs)), entry["location"]
            target = folder / path / "index.html"
            assert target.exists(), (lang, entry["location"])
            assert soup(target).html["lang"] == lang
            titles.add(entry["title"])
            # every page's reference list stays out (the sources page lists the works)
            assert not entry["location"].endswith("#references"), entry["location"]
        for other, title in fixture.section_titles.items():
            assert (title in titles) == (other == lang), (lang, title)
        assert any(entry["location"].startswith("sources/") and fixture.source_text in entry["text"]
                   for entry in index["docs"])


def test_every_page_searches_its_own_language_with_the_stemming_worker(project) -> None:
    fixture, built = project
    workers = built / "assets/javascripts/workers"
    assert (workers / WORKER).exists()
    for path in sorted(built.rglob("*.html")):
        page = soup(path)
        config = config_of(page)
        page_url = "http://site/" + path.relative_to(built).as_posix()
        base = urljoin(page_url, config["base"])
        index = urljoin(base, "search/search_index.json")
        lang = page.html["lang"]
        if path.name != "404.html":
            prefix = "" if lang == fixture.default else f"{lang}/"
            assert index == f"http://site/{prefix}search/search_index.json", path
        else:  # the 404 page's script points its search at the language of the address's folder
            bases = {code: words["base"] for code, words in not_found_data(page)["languages"].items()}
            assert bases == {code: "/" + fixture.url_path("index.md", code) for code in fixture.langs}
        worker = urlsplit(urljoin(page_url, config["search"]))
        assert worker.path == f"/assets/javascripts/workers/{WORKER}", path
        material = worker.query.removeprefix("material=")
        assert material.startswith("search.") and (workers / material).exists(), path


def test_materials_bundle_leaves_hreflang_alternates_alone(project) -> None:
    _, built = project
    [bundle] = (built / "assets/javascripts").glob("bundle.*.min.js")
    js = bundle.read_text(encoding="utf-8")
    assert PATCHED in js and ORIGINAL not in js


def test_one_404_page_in_every_language(project) -> None:
    fixture, built = project
    for lang in fixture.langs[1:]:
        assert not (built / lang / "404.html").exists()
    page = soup(built / "404.html")
    assert page.html["lang"] == fixture.default
    assert meta(page, "robots") == ["noindex"]
    assert not page.find("link", rel="canonical") and not alternates_of(page)
    headings = [language(lang).text("not_found_heading") for lang in fixture.langs]
    sections = page.select("article section.not-found")
    assert [(s["lang"], s.h1.get_text()) for s in sections] == list(zip(fixture.langs, headings, strict=True))
    assert not any(s.has_attr("hidden") for s in sections), "every language is shown without JavaScript"
    homes = ["/" + fixture.url_path("index.md", lang) for lang in fixture.langs]
    assert [(s.a["href"], s.a["hreflang"]) for s in sections] == list(zip(homes, fixture.langs, strict=True))
    assert page.title.get_text() == " · ".join(headings) + " – " + fixture.site_names[fixture.default]
    # Served at any depth (/en/missing/…), so its own resources are absolute paths.
    assert all(link["href"].startswith("/") for link in page.find_all("link", rel="stylesheet"))


def test_the_404_page_names_what_its_script_changes_for_each_language(project) -> None:
    """The data the site's own script applies: per language, the prefix of its folder, its title,
    its search index, Material's words in that language, and the navigation to its pages. The
    script is the site's own file, loaded before Material's bundle (which reads ``__config``),
    and changes nothing it is not allowed to."""
    fixture, built = project
    page = soup(built / "404.html")
    data = not_found_data(page)
    assert data["default"] == fixture.default and list(data["languages"]) == sorted(fixture.langs)
    scripts = [script.get("src") for script in page.find_all("script") if script.get("src")]
    assert scripts.index("/assets/explainer/not-found.js") < next(i for i, s in enumerate(scripts) if "bundle." in s)
    def inline(html: BeautifulSoup) -> int:
        return len([s for s in html.find_all("script") if not s.get("src") and s.get("type") != "application/json"])
    assert inline(page) == inline(soup(fixture.html(built, fixture.default, "index.md"))), "no inline script of its own"
    assert (built / "assets/explainer/not-found.js").read_bytes() == NOT_FOUND_JS.read_bytes()
    prefixes = {lang: words["prefix"] for lang, words in data["languages"].items()}
    for lang in fixture.langs:
        words = data["languages"][lang]
        heading = language(lang).text("not_found_heading")
        assert words["prefix"] == "/" + fixture.url_path("index.md", lang)
        assert words["title"] == f"{heading} – {fixture.site_names[lang]}"
        assert language_at(f"{words['prefix']}no/such/page/", prefixes) == lang
        assert language_at(words["prefix"].rstrip("/"), prefixes) == lang
        changes = {(selector, what): value for selector, what, value in words["changes"]}
        assert {what for _, what in changes} <= set(CHANGEABLE)
        assert changes[("a.md-logo", "href")] == words["prefix"]
        assert changes[(".md-header__topic:first-child .md-ellipsis", "text")] == fixture.site_names[lang]
        nav = {selector: value for (selector, what), value in changes.items() if what == "href" and "md-nav__link" in selector}
        assert sorted(nav.values()) == sorted(words["prefix"] + fixture.url_path(rel, fixture.default)
                                              for rel in fixture.pages())
    search = {lang: data["languages"][lang]["translations"]["search.result.none"] for lang in fixture.langs}
    assert search == {lang: {"de": "Keine Suchergebnisse", "en": "No matching documents",
                             "fr": "Aucun document trouvé"}[lang] for lang in fixture.langs}
    # The script may change exactly what notfound.py may ask for.
    allowed = re.search(r"var CHANGEABLE = \[([^\]]*)\]", NOT_FOUND_JS.read_text(encoding="utf-8"))
    assert allowed and json.loads(f"[{allowed.group(1)}]") == list(CHANGEABLE)


def switcher(page: BeautifulSoup) -> dict[str, str]:
    return {a["hreflang"]: a["href"] for a in page.select(".md-header .md-select a.md-select__link")}


def test_the_language_switcher_links_every_page_to_its_twin_relatively(project) -> None:
    """Relative links (a site under a sub-path works too) that lead to the twin page in every
    language, home pages included, in mkdocs.yml's order."""
    fixture, built = project
    for rel in fixture.pages():
        for lang in fixture.langs:
            here = "https://example.org/" + fixture.url_path(rel, lang)
            links = switcher(soup(fixture.html(built, lang, rel)))
            assert list(links) == list(fixture.langs), (lang, rel)
            for other, href in links.items():
                assert not href.startswith(("/", "http")), (lang, rel, href)
                assert urljoin(here, href) == "https://example.org/" + fixture.url_path(rel, other), (lang, rel, href)


@pytest.mark.parametrize("fixture", [TWO, THREE], ids=lambda fixture: fixture.name)
def test_absolute_urls_follow_site_url(build_of, fixture: Fixture) -> None:
    site = build_of(fixture.name, env={"SITE_URL": "https://example.org/lib/"})
    others = fixture.langs[1:]
    page = soup(fixture.html(site, others[0], "report.md"))
    own = f"https://example.org/lib/{others[0]}/report/"
    assert page.find("link", rel="canonical")["href"] == own
    expected = {lang: "https://example.org/lib/" + fixture.url_path("report.md", lang) for lang in fixture.langs}
    assert alternates_of(page) == {**expected, "x-default": "https://example.org/lib/report/"}
    assert meta(page, "og:url") == [own]
    assert "Sitemap: https://example.org/lib/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    locs = [u.text for u in ET.fromstring((site / "sitemap.xml").read_bytes()).iter(f"{{{NS['s']}}}loc")]
    assert locs and all(loc.startswith("https://example.org/lib/") for loc in locs)
    not_found = soup(site / "404.html")
    homes = ["/lib/" + fixture.url_path("index.md", lang) for lang in fixture.langs]
    assert [s.a["href"] for s in not_found.select("section.not-found")] == homes
    assert switcher(not_found) == dict(zip(fixture.langs, homes, strict=True))  # answers at any depth: from the site's root
    data = not_found_data(not_found)["languages"]
    assert [data[lang]["prefix"] for lang in fixture.langs] == homes
    assert [data[lang]["base"] for lang in fixture.langs] == homes
    assert switcher(soup(site / "index.html")) == {lang: "./" if lang == fixture.default else f"{lang}/"
                                                   for lang in fixture.langs}
    assert all(link["href"].startswith("/lib/") for link in not_found.find_all("link", rel="stylesheet"))
    assert next(s.get("src") for s in not_found.find_all("script") if s.get("src")) == "/lib/assets/explainer/not-found.js"
    # Nothing in the site still points at the default address.
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".json"):
            assert "127.0.0.1:8000" not in path.read_text(encoding="utf-8"), path


# --------------------------------------------------------------- the 404 data as plain functions

@pytest.mark.parametrize(("path", "expected"), [
    ("/lib/", "en"), ("/lib/missing/", "en"), ("/lib/fr/missing/", "fr"), ("/lib/fr", "fr"), ("/lib/fr/", "fr"),
    ("/lib/french-words/", "en"), ("/lib/de/x/y/z/", "de"), ("/elsewhere/", ""),
])
def test_language_at_takes_the_longest_matching_root(path: str, expected: str) -> None:
    assert language_at(path, {"en": "/lib/", "de": "/lib/de/", "fr": "/lib/fr/"}) == expected


def test_script_data_has_each_languages_words_and_navigation() -> None:
    from explainer.site.notfound import NavLink, not_found, script_data

    page = not_found(["en", "de", "fr"], "en", "/lib/", "The library", {"fr": "La bibliothèque"},
                     [NavLink('/lib/a"b/', {"fr": ("/lib/fr/a\"b/", "A « b »")})])
    assert page.site_names == {"en": "The library", "de": "The library", "fr": "La bibliothèque"}
    data = script_data(page, lambda lang: lambda key: f"{lang}:{key}")
    assert data["default"] == "en" and list(data["languages"]) == ["en", "de", "fr"]
    french = data["languages"]["fr"]
    assert french["prefix"] == french["base"] == "/lib/fr/"
    assert french["title"] == f"{language('fr').text('not_found_heading')} – La bibliothèque"
    assert french["translations"]["search.result.none"] == "fr:search.result.none"
    assert [".md-search__input", "placeholder", "fr:search.placeholder"] in french["changes"]
    assert ["a.md-logo", "href", "/lib/fr/"] in french["changes"]
    selector = 'nav.md-nav--primary a.md-nav__link[href="/lib/a\\"b/"]'
    assert french["changes"][-2:] == [[f"{selector} .md-ellipsis", "text", "A « b »"], [selector, "href", '/lib/fr/a"b/']]
    assert not any("md-nav__link" in change[0] for change in data["languages"]["de"]["changes"]), "no twin, no change"
    assert {change[1] for words in data["languages"].values() for change in words["changes"]} <= set(CHANGEABLE)
