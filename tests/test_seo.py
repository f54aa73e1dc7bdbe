"""Head meta, alternates, sitemap and robots.txt as plain functions (no MkDocs)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from explainer.site.seo import (
    X_DEFAULT,
    absolute_url,
    alternates,
    check_site_url,
    head_meta,
    language_root,
    og_locale,
    page_path,
    robots_txt,
    sitemap_xml,
)

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.mark.parametrize(("rel", "lang", "directory_urls", "expected"), [
    ("index.md", "de", True, ""),
    ("index.md", "en", True, "en/"),
    ("leak.md", "de", True, "leak/"),
    ("leak.md", "en", True, "en/leak/"),
    ("guide/index.md", "en", True, "en/guide/"),
    ("leak.md", "en", False, "en/leak.html"),
])
def test_page_path_follows_mkdocs_and_the_folder_structure(rel: str, lang: str, directory_urls: bool, expected: str) -> None:
    assert page_path(rel, lang, "de", directory_urls) == expected


@pytest.mark.parametrize(("rel", "lang", "expected"), [
    ("index.md", "en", ""), ("report.md", "en", "report/"), ("index.md", "fr", "fr/"), ("report.md", "de", "de/report/"),
])
def test_page_path_with_another_default_language(rel: str, lang: str, expected: str) -> None:
    assert page_path(rel, lang, "en") == expected


@pytest.mark.parametrize("bad", ["", "/", "127.0.0.1:8000", "//example.org/", "ftp://example.org/"])
def test_site_url_must_be_absolute(bad: str) -> None:
    with pytest.raises(ValueError, match="absolute"):
        check_site_url(bad)


def test_absolute_urls_keep_the_site_path() -> None:
    assert absolute_url("https://user.github.io/sora", "en/leak/") == "https://user.github.io/sora/en/leak/"
    assert absolute_url("https://user.github.io/sora/", "") == "https://user.github.io/sora/"


def test_alternates_are_absolute_with_x_default_and_the_same_from_every_language() -> None:
    got = alternates("https://example.org/", "leak.md", ["de", "en"], "de")
    assert [(a.hreflang, a.url) for a in got] == [
        ("de", "https://example.org/leak/"),
        ("en", "https://example.org/en/leak/"),
        (X_DEFAULT, "https://example.org/leak/"),
    ]
    # Reciprocal: the set does not depend on which language version asks.
    page_en = head_meta("https://example.org/", "leak.md", "en", ["de", "en"], "de", title="t", description="d", site_name="s")
    page_de = head_meta("https://example.org/", "leak.md", "de", ["de", "en"], "de", title="t", description="d", site_name="s")
    assert page_en.alternates == page_de.alternates == got


def test_a_page_in_one_language_has_no_alternates() -> None:
    assert alternates("https://example.org/", "only.md", ["de"], "de") == []


def test_x_default_falls_back_to_the_first_language_without_the_default() -> None:
    got = alternates("https://example.org/", "x.md", ["en", "fr"], "de")
    assert got[-1].hreflang == X_DEFAULT and got[-1].url == "https://example.org/en/x/"


def test_three_languages_have_every_alternate_and_x_default() -> None:
    got = alternates("https://example.org/lib/", "report.md", ["en", "de", "fr"], "en")
    assert [(a.hreflang, a.url) for a in got] == [
        ("en", "https://example.org/lib/report/"),
        ("de", "https://example.org/lib/de/report/"),
        ("fr", "https://example.org/lib/fr/report/"),
        (X_DEFAULT, "https://example.org/lib/report/"),
    ]
    heads = [head_meta("https://example.org/lib/", "report.md", lang, ["en", "de", "fr"], "en", title="t",
                       description="d", site_name="s") for lang in ("en", "de", "fr")]
    assert all(head.alternates == got for head in heads)
    assert [t for t in heads[2].meta_tags() if t[1].startswith("og:locale")] == [
        ("property", "og:locale", "fr_FR"), ("property", "og:locale:alternate", "en_US"),
        ("property", "og:locale:alternate", "de_DE")]


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "de_DE"), ("en", "en_US"), ("de-AT", "de_AT"), ("fr", "fr_FR"), ("es", "es_ES"), ("it", "it_IT"),
    ("pt", "pt_BR"), ("en-GB", "en_GB"), ("fr_CA", "fr_CA"), ("xx-nope", "xx-nope"),
])
def test_og_locale_from_cldr(lang: str, expected: str) -> None:
    assert og_locale(lang) == expected


def test_head_meta_in_the_page_language() -> None:
    head = head_meta("https://example.org/", "leak.md", "en", ["de", "en"], "de", title=" The leak ",
                     description="What  happened\n when", site_name="The library flood explained")
    tags = {(attr, key): content for attr, key, content in head.meta_tags()}
    assert head.canonical == "https://example.org/en/leak/"
    assert tags[("property", "og:locale")] == "en_US"
    assert tags[("property", "og:locale:alternate")] == "de_DE"
    assert tags[("property", "og:title")] == tags[("name", "twitter:title")] == "The leak"
    assert tags[("name", "description")] == tags[("property", "og:description")] == "What happened when"
    assert tags[("property", "og:url")] == head.canonical
    assert tags[("property", "og:type")] == "article"
    assert tags[("name", "twitter:card")] == "summary"
    home = head_meta("https://example.org/", "index.md", "de", ["de", "en"], "de", title="t", description="d", site_name="s")
    assert home.og_type == "website" and home.canonical == "https://example.org/"


def test_sitemap_lists_every_page_with_its_alternates() -> None:
    text = sitemap_xml("https://example.org/sora/", {"de": ["index.md", "leak.md"], "en": ["index.md", "leak.md"]},
                       "de", "2024-11-26")
    root = ET.fromstring(text.encode("utf-8"))
    urls = root.findall("s:url", NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        "https://example.org/sora/", "https://example.org/sora/leak/",
        "https://example.org/sora/en/", "https://example.org/sora/en/leak/"]
    for url in urls:
        assert url.findtext("s:lastmod", namespaces=NS) == "2024-11-26"
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert set(links) == {"de", "en", X_DEFAULT}
        assert url.findtext("s:loc", namespaces=NS) in links.values()
    leak_en = urls[3]
    assert {link.get("hreflang"): link.get("href") for link in leak_en.findall("x:link", NS)}["de"] == \
        "https://example.org/sora/leak/"


def test_sitemap_in_three_languages() -> None:
    pages = {"en": ["index.md", "report.md"], "de": ["index.md", "report.md"], "fr": ["index.md", "report.md"]}
    root = ET.fromstring(sitemap_xml("https://example.org/", pages, "en").encode("utf-8"))
    urls = root.findall("s:url", NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        "https://example.org/", "https://example.org/report/", "https://example.org/de/", "https://example.org/de/report/",
        "https://example.org/fr/", "https://example.org/fr/report/"]
    for url in urls:
        links = [(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", NS)]
        report = "report/" if url.findtext("s:loc", namespaces=NS).endswith("report/") else ""
        assert links == [("en", f"https://example.org/{report}"), ("de", f"https://example.org/de/{report}"),
                         ("fr", f"https://example.org/fr/{report}"), (X_DEFAULT, f"https://example.org/{report}")]


def test_sitemap_escapes_and_skips_alternates_of_single_language_pages() -> None:
    text = sitemap_xml("https://example.org/", {"de": ["a&b.md", "index.md"], "en": ["index.md"]}, "de")
    root = ET.fromstring(text.encode("utf-8"))
    locs = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
    assert "https://example.org/a&b/" in locs
    only_german = next(u for u in root.findall("s:url", NS) if u.findtext("s:loc", namespaces=NS).endswith("a&b/"))
    assert only_german.findall("x:link", NS) == []
    assert root.find("s:url/s:lastmod", NS) is None


def test_robots_txt_names_the_absolute_sitemap() -> None:
    assert robots_txt("https://example.org/sora") == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sora/sitemap.xml\n"


@pytest.mark.parametrize(("base", "lang", "expected"), [
    ("../..", "en", "../../en/"), ("..", "en", "../en/"), ("..", "de", ".."), (".", "de", "."), ("", "en", "en/"),
    ("/sora/", "en", "/sora/en/"),
])
def test_language_root_is_a_directory_relative_to_the_page(base: str, lang: str, expected: str) -> None:
    assert language_root(base, lang, "de") == expected


@pytest.mark.parametrize(("base", "lang", "expected"), [("..", "fr", "../fr/"), ("..", "en", ".."), ("", "de", "de/")])
def test_language_root_with_another_default_language(base: str, lang: str, expected: str) -> None:
    assert language_root(base, lang, "en") == expected
