"""The published site as built by a real ``mkdocs build --strict``: what search engines, link
previews and the search box get (head meta, alternates, sitemap, robots.txt, per-language search
indexes, the 404 page, the correction to Material's bundle)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import MKDOCS, copy_project, html_path, run
from explainer.model.pages import load_pages
from explainer.site.search import WORKER
from explainer.site.themefix import ORIGINAL, PATCHED

pytestmark = pytest.mark.build

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
LANGS = ("de", "en")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "docs/de").glob("*.md"))


def url_path(rel: str, lang: str) -> str:
    stem = rel.removesuffix(".md")
    path = "" if stem == "index" else f"{stem}/"
    return path if lang == "de" else f"en/{path}"


def alternates_of(page: BeautifulSoup) -> dict[str, str]:
    links = page.find_all("link", rel="alternate", hreflang=True)
    out = {link["hreflang"]: link["href"] for link in links}
    assert len(out) == len(links), "one alternate per language"
    return out


def meta(page: BeautifulSoup, key: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta") if key in (tag.get("property"), tag.get("name"))]


def config_of(page: BeautifulSoup) -> dict:
    return json.loads(page.find("script", id="__config").string)


def test_every_page_has_absolute_canonical_and_reciprocal_alternates(built: Path) -> None:
    root = built.parent
    for rel in page_files(root):
        expected = {"de": DEFAULT_SITE_URL + url_path(rel, "de"), "en": DEFAULT_SITE_URL + url_path(rel, "en")}
        expected["x-default"] = expected["de"]
        for lang in LANGS:
            page = soup(html_path(built, lang, rel))
            assert page.html["lang"] == lang
            canonical = page.find_all("link", rel="canonical")
            assert [c["href"] for c in canonical] == [expected[lang]], (rel, lang)
            assert alternates_of(page) == expected, (rel, lang)


def test_alternates_lead_to_pages_that_point_back(built: Path) -> None:
    for path in sorted(built.rglob("index.html")):
        page = soup(path)
        own = page.find("link", rel="canonical")["href"]
        for hreflang, url in alternates_of(page).items():
            target = built / urlsplit(url).path.lstrip("/") / "index.html"
            assert target.exists(), (path, hreflang, url)
            assert own in alternates_of(soup(target)).values(), f"{url} does not point back to {own}"


def test_open_graph_and_twitter_meta_in_the_page_language(built: Path) -> None:
    root = built.parent
    for lang, other, locale, other_locale, site_name in (("de", "en", "de_DE", "en_US", "Sora-Leak erklärt"),
                                                          ("en", "de", "en_US", "de_DE", "The Sora leak explained")):
        pages, _ = load_pages(root / "docs" / lang)
        for source in pages:
            page = soup(html_path(built, lang, source.rel))
            title, description = source.meta["title"], " ".join(source.meta["description"].split())
            assert meta(page, "description") == [description]
            assert meta(page, "og:title") == meta(page, "twitter:title") == [title]
            assert meta(page, "og:description") == meta(page, "twitter:description") == [description]
            assert meta(page, "og:url") == [page.find("link", rel="canonical")["href"]]
            assert meta(page, "og:locale") == [locale] and meta(page, "og:locale:alternate") == [other_locale]
            assert meta(page, "og:site_name") == [site_name]
            assert meta(page, "og:type") == ["website" if source.rel == "index.md" else "article"]
            assert meta(page, "twitter:card") == ["summary"]
            assert not page.find("meta", attrs={"name": "robots"}), "pages are indexable"
            assert other in alternates_of(page)


def test_sitemap_has_every_page_with_alternates(built: Path) -> None:
    root = ET.fromstring((built / "sitemap.xml").read_bytes())
    urls = {u.findtext("s:loc", namespaces=NS): u for u in root.findall("s:url", NS)}
    expected = {DEFAULT_SITE_URL + url_path(rel, lang) for rel in page_files(built.parent) for lang in LANGS}
    assert set(urls) == expected
    for loc, url in urls.items():
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        page = soup(built / urlsplit(loc).path.lstrip("/") / "index.html")
        assert links == alternates_of(page), loc
    assert (built / "sitemap.xml.gz").exists()
    assert not (built / "en/sitemap.xml").exists()


def test_robots_txt_points_at_the_sitemap(built: Path) -> None:
    assert (built / "robots.txt").read_text(encoding="utf-8") == \
        f"User-agent: *\nAllow: /\n\nSitemap: {DEFAULT_SITE_URL}sitemap.xml\n"


def test_each_language_has_its_own_search_index(built: Path) -> None:
    for lang, folder in (("de", built), ("en", built / "en")):
        index = json.loads((folder / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        assert "stemmer" in index["config"]["pipeline"]
        titles = set()
        for entry in index["docs"]:
            path = urlsplit(entry["location"]).path
            assert not path.startswith(("en/", "de/")), entry["location"]
            target = folder / path / "index.html"
            assert target.exists(), (lang, entry["location"])
            assert soup(target).html["lang"] == lang
            titles.add(entry["title"])
            # every page's reference list stays out (the sources page lists the works)
            assert not entry["location"].endswith("#references"), entry["location"]
        assert ("Das Leak" in titles) == (lang == "de") and ("The leak" in titles) == (lang == "en")
        assert any(entry["location"].startswith("sources/") and "Mindverse" in entry["text"] for entry in index["docs"])


def test_every_page_searches_its_own_language_with_the_stemming_worker(built: Path) -> None:
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
            assert index == f"http://site/{'en/' if lang == 'en' else ''}search/search_index.json", path
        worker = urlsplit(urljoin(page_url, config["search"]))
        assert worker.path == f"/assets/javascripts/workers/{WORKER}", path
        material = worker.query.removeprefix("material=")
        assert material.startswith("search.") and (workers / material).exists(), path


def test_materials_bundle_leaves_hreflang_alternates_alone(built: Path) -> None:
    [bundle] = (built / "assets/javascripts").glob("bundle.*.min.js")
    js = bundle.read_text(encoding="utf-8")
    assert PATCHED in js and ORIGINAL not in js


def test_one_404_page_in_both_languages(built: Path) -> None:
    assert not (built / "en/404.html").exists()
    page = soup(built / "404.html")
    assert page.html["lang"] == "de"
    assert meta(page, "robots") == ["noindex"]
    assert not page.find("link", rel="canonical") and not alternates_of(page)
    sections = page.select("article section.not-found")
    assert [(s["lang"], s.h1.get_text()) for s in sections] == [("de", "Seite nicht gefunden"), ("en", "Page not found")]
    assert [(s.a["href"], s.a["hreflang"]) for s in sections] == [("/", "de"), ("/en/", "en")]
    assert page.title.get_text() == "Seite nicht gefunden · Page not found – Sora-Leak erklärt"
    # Served at any depth (/en/missing/…), so its own resources are absolute paths.
    assert all(link["href"].startswith("/") for link in page.find_all("link", rel="stylesheet"))


def switcher(page: BeautifulSoup) -> dict[str, str]:
    return {a["hreflang"]: a["href"] for a in page.select(".md-header .md-select a.md-select__link")}


def test_the_language_switcher_links_every_page_to_its_twin_relatively(built: Path) -> None:
    """Relative links (a site under a sub-path works too) that lead to the twin page, home pages included."""
    for rel in page_files(built.parent):
        for lang in LANGS:
            here = "https://example.org/" + url_path(rel, lang)
            links = switcher(soup(html_path(built, lang, rel)))
            assert set(links) == set(LANGS), (lang, rel)
            for other, href in links.items():
                assert not href.startswith(("/", "http")), (lang, rel, href)
                assert urljoin(here, href) == "https://example.org/" + url_path(rel, other), (lang, rel, href)


def test_absolute_urls_follow_site_url(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    site = root / "site"
    result = run([str(MKDOCS), "build", "--strict", "--site-dir", str(site)], root,
                 env={"SITE_URL": "https://example.org/sora/"})
    assert result.code == 0, result.output
    page = soup(site / "en/leak/index.html")
    assert page.find("link", rel="canonical")["href"] == "https://example.org/sora/en/leak/"
    assert alternates_of(page) == {"de": "https://example.org/sora/leak/", "en": "https://example.org/sora/en/leak/",
                                   "x-default": "https://example.org/sora/leak/"}
    assert meta(page, "og:url") == ["https://example.org/sora/en/leak/"]
    assert "Sitemap: https://example.org/sora/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    locs = [u.text for u in ET.fromstring((site / "sitemap.xml").read_bytes()).iter(f"{{{NS['s']}}}loc")]
    assert locs and all(loc.startswith("https://example.org/sora/") for loc in locs)
    not_found = soup(site / "404.html")
    assert [s.a["href"] for s in not_found.select("section.not-found")] == ["/sora/", "/sora/en/"]
    assert switcher(not_found) == {"de": "/sora/", "en": "/sora/en/"}  # answers at any depth: from the site's root
    assert switcher(soup(site / "index.html")) == {"de": "./", "en": "en/"}
    assert all(link["href"].startswith("/sora/") for link in not_found.find_all("link", rel="stylesheet"))
    # Nothing in the site still points at the default address.
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".json"):
            assert "127.0.0.1:8000" not in path.read_text(encoding="utf-8"), path
