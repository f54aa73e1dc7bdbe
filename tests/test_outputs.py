"""The site's machine-readable outputs, from real strict builds of the fixture projects: the
bibliography as CSL-JSON and BibTeX, every page's last change and "cite this page" with its
files, the pages' JSON-LD and the Atom feed of each language."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import bibtexparser
import feedparser
import pytest
import rispy
import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import get_yaml_loader

import cslschema
from conftest import FIXTURES, copy_built, html_path, mkdocs_build, snapshot
from explainer.model.library import load_library
from explainer.model.pages import load_pages
from explainer.site.feeds import atom_feed
from explainer.site.jsonld import script_json
from inprocess import run_main

pytestmark = pytest.mark.build

SITE_URL = "http://127.0.0.1:8000/"
THREE = ("en", "de", "fr")  # the three-language fixture: English at /, German and French below
TWO = ("de", "en")
UPDATED = {"en": "Last updated: November 26, 2024", "de": "Stand: 26. November 2024",
           "fr": "Dernière mise à jour : 26 novembre 2024"}  # the build's date (SOURCE_DATE_EPOCH of the tests)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages_of(root: Path, lang: str) -> list[str]:
    return sorted(p.name for p in (root / "docs" / lang).glob("*.md"))


def url_path(rel: str, lang: str, default: str) -> str:
    stem = rel.removesuffix(".md")
    path = "" if stem == "index" else f"{stem}/"
    return path if lang == default else f"{lang}/{path}"


def ld(page: BeautifulSoup) -> dict:
    [script] = page.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def no_nulls(value: object) -> bool:
    if isinstance(value, dict):
        return all(v not in (None, "", [], {}) and no_nulls(v) for v in value.values())
    if isinstance(value, list):
        return all(no_nulls(v) for v in value)
    return True


def bib_entries(text: str):
    from bibtexparser.middlewares import LatexDecodingMiddleware

    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == [], [b.error for b in library.failed_blocks]
    return {entry.key: {f.key: f.value for f in entry.fields} for entry in library.entries}


# ---------------------------------------------------------------------------- the CSL rules

def test_the_csl_rules_can_fail() -> None:
    good = [{"id": "a", "type": "webpage", "title": "T", "author": [{"literal": "X"}],
             "issued": {"date-parts": [[2024, 11]]}, "URL": "https://example.org/"}]
    assert cslschema.problems(good) == []
    for bad in ({"id": "a", "type": "web-page"}, {"type": "webpage"}, {"id": True, "type": "webpage"},
                {"id": "a", "type": "webpage", "titel": "T"}, {"id": "a", "type": "webpage", "title": 3},
                {"id": "a", "type": "webpage", "author": ["X"]}, {"id": "a", "type": "webpage", "author": [{"name": "X"}]},
                {"id": "a", "type": "webpage", "issued": "2024"},
                {"id": "a", "type": "webpage", "issued": {"date-parts": [[2024, 1, 2, 3]]}},
                {"id": "a", "type": "webpage", "issued": {"date-parts": [[2024]], "day": 3}},
                {"id": "a", "type": "webpage", "volume": [1]}, {"id": "a", "type": "webpage", "categories": "x"}):
        assert cslschema.problems([bad]), bad
    assert cslschema.problems({"id": "a"})


# -------------------------------------------------------------------------- the bibliography

@pytest.mark.parametrize("name", ["two-languages", "three-languages"])
def test_sources_json_and_bib_hold_every_work_and_are_valid(build_of, name: str) -> None:
    site = build_of(name)
    works = load_library(FIXTURES / name / "sources").works
    items = json.loads((site / "sources.json").read_text(encoding="utf-8"))
    assert cslschema.problems(items) == []
    assert [item["id"] for item in items] == list(works)
    for item in items:
        work = works[item["id"]]
        assert item.get("URL") == work.url and item.get("title") == (work.title or getattr(work, "name", None))
        assert item.get("container-title") == work.publisher
        assert [a["literal"] for a in item.get("author", [])] == list(work.authors)
        if work.date:
            assert item["issued"]["date-parts"][0] == [p for p in (work.date.year, work.date.month, work.date.day) if p]
        else:
            assert "issued" not in item  # nothing unknown is written
    entries = bib_entries((site / "sources.bib").read_text(encoding="utf-8"))
    assert list(entries) == list(works)
    for key, fields in entries.items():
        work = works[key]
        assert fields["url"] == work.url
        assert fields.get("title") == (work.title or getattr(work, "name", None))
        if work.date:
            assert fields["date"] == work.date.iso()


def test_the_sources_page_links_the_bibliography_in_every_language(three_site: Path) -> None:
    for lang in THREE:
        path = html_path(three_site, lang, "sources.md", "en")
        links = soup(path).select("p.bibliography-downloads a")
        assert [a.get_text() for a in links] == ["CSL-JSON", "BibTeX"], lang
        for link in links:
            target = (path.parent / link["href"]).resolve()
            assert target.is_file() and target.parent == three_site.resolve(), (lang, link["href"])
    assert soup(html_path(three_site, "de", "sources.md", "en")).select_one("p.bibliography-downloads").get_text().startswith(
        "Alle Werke dieser Seite")


# ------------------------------------------------------------------------ every page's end

@pytest.mark.parametrize(("name", "languages"), [("two-languages", TWO), ("three-languages", THREE)])
def test_every_page_says_when_it_changed_and_how_to_cite_it(build_of, name: str, languages: tuple[str, ...]) -> None:
    site = build_of(name)
    default = languages[0]
    root = FIXTURES / name
    for lang in languages:
        for rel in pages_of(root, lang):
            path = html_path(site, lang, rel, default)
            page = soup(path)
            block = page.select_one("article .explainer-page-end")
            assert block is not None, (lang, rel)
            updated = block.select_one(".page-updated")
            assert updated.select_one("time")["datetime"] == "2024-11-26"
            if lang in UPDATED:
                assert updated.get_text() == UPDATED[lang]
            assert block.select_one("details.cite-page > summary").get_text()
            title = page.find("meta", property="og:title")["content"]
            url = SITE_URL + url_path(rel, lang, default)
            reference = block.select_one(".cite-reference").get_text()
            site_name = page.find("meta", property="og:site_name")["content"]
            assert title in reference and site_name in reference and url in reference, reference
            assert re.search(r"\[[^\]]+\]", reference), "a place for the date of access"
            files = {a.get_text(): path.parent / a["href"] for a in block.select(".cite-downloads a")}
            assert list(files) == ["BibTeX", "RIS", "CSL-JSON"]
            [(key, fields)] = bib_entries(files["BibTeX"].read_text(encoding="utf-8")).items()
            assert fields["title"] == title and fields["url"] == url and fields["date"] == "2024-11-26"
            assert fields["organization"] == site_name
            [record] = rispy.loads(files["RIS"].read_text(encoding="utf-8"))
            assert record["type_of_reference"] == "ELEC" and record["title"] == title and record["urls"] == [url]
            assert record["date"] == "2024/11/26/" and record["language"] == lang
            items = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
            assert cslschema.problems(items) == []
            assert items[0]["title"] == title and items[0]["URL"] == url and items[0]["language"] == lang
            assert items[0]["id"] == key == record["id"]


def test_the_reference_in_each_language(three_site: Path) -> None:
    expected = {
        "en": "The library, explained: “The reopening”. Published November 26, 2024. http://127.0.0.1:8000/report/ "
              "(accessed [date]).",
        "de": "Die Bibliothek, erklärt: „Die Wiedereröffnung“. Veröffentlicht am 26. November 2024. "
              "http://127.0.0.1:8000/de/report/ (abgerufen am [Datum]).",
        "fr": "La bibliothèque expliquée : « La réouverture ». Publié le 26 novembre 2024. "
              "http://127.0.0.1:8000/fr/report/ (consulté le [date]).",
    }
    for lang, text in expected.items():
        reference = soup(html_path(three_site, lang, "report.md", "en")).select_one(".cite-reference")
        assert " ".join(reference.get_text().split()) == text


# --------------------------------------------------------------------------------- JSON-LD

@pytest.mark.parametrize(("name", "languages"), [("two-languages", TWO), ("three-languages", THREE)])
def test_json_ld_of_every_page(build_of, name: str, languages: tuple[str, ...]) -> None:
    site = build_of(name)
    default = languages[0]
    root = FIXTURES / name
    library = load_library(root / "sources")
    data = {}
    for lang in languages:
        models = {page.rel: page for page in load_pages(root / "docs" / lang)[0]}
        for rel, model in models.items():
            page = soup(html_path(site, lang, rel, default))
            item = ld(page)
            data[lang, rel] = item
            url = SITE_URL + url_path(rel, lang, default)
            assert item["@context"] == "https://schema.org" and item["@type"] == "Article"
            assert item["@id"] == item["url"] == url == page.find("link", rel="canonical")["href"]
            assert item["headline"] == model.meta["title"] and item["inLanguage"] == lang
            assert item["description"] == " ".join(model.meta["description"].split())
            assert item["datePublished"] == item["dateModified"] == "2024-11-26T00:00:00Z"
            assert item["isPartOf"]["@type"] == "WebSite" and item["isPartOf"]["inLanguage"] == lang
            assert item["publisher"]["name"] == page.find("meta", property="og:site_name")["content"]
            assert no_nulls(item), item
            cited = list(dict.fromkeys(c.id for cit in model.citations for c in cit.cites))
            works = item.get("citation", [])
            assert len(works) == len(cited)  # every cited work exactly once, in the order of first use
            for work_id, work in zip(cited, works, strict=True):
                known = library.works[work_id]
                assert work["@type"] == "CreativeWork" and work["url"] == known.url
                assert work.get("name") == (known.title or getattr(known, "name", None))
                assert work.get("publisher", {}).get("name") == known.publisher
                assert work.get("inLanguage") == known.language
                assert work.get("datePublished") == (known.date.iso() if known.date else None)
                assert work.get("archivedAt") == known.archive_url
                assert set(work) <= {"@type", "name", "url", "publisher", "inLanguage", "datePublished", "archivedAt"}
    for (lang, rel), item in data.items():  # the twins point at each other
        if lang == default:
            translations = {t["url"] for t in item.get("workTranslation", [])}
            assert translations == {data[other, rel]["url"] for other in languages[1:] if (other, rel) in data}
            assert "translationOfWork" not in item
        else:
            assert item["translationOfWork"]["url"] == data[default, rel]["url"]
            assert item["url"] in {t["url"] for t in data[default, rel]["workTranslation"]}
            assert "workTranslation" not in item
    assert any("citation" in item for item in data.values())
    not_found = json.loads(soup(site / "404.html").find("script", type="application/ld+json").string)
    assert not_found["@type"] == "WebSite" and not_found["inLanguage"] == default


def test_json_ld_cannot_end_its_script_element() -> None:
    text = script_json({"name": "a </script><script>alert(1)</script> & 'b' <!-- c \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert json.loads(text) == {"name": "a </script><script>alert(1)</script> & 'b' <!-- c \u2028"}


# ----------------------------------------------------------------------------------- feeds

@pytest.mark.parametrize(("name", "languages"), [("two-languages", TWO), ("three-languages", THREE)])
def test_an_atom_feed_per_language_linked_from_each_of_its_pages(build_of, name: str, languages) -> None:
    site = build_of(name)
    default = languages[0]
    root = FIXTURES / name
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    [i18n] = [plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin]
    names = {None: config["site_name"]} | {each["locale"]: each["site_name"] for each in i18n["languages"]
                                           if each.get("site_name")}
    for lang in languages:
        prefix = "" if lang == default else f"{lang}/"
        feed_url = f"{SITE_URL}{prefix}feed.xml"
        parsed = feedparser.parse((site / prefix / "feed.xml").read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.version == "atom10" and parsed.feed.language == lang
        assert parsed.feed.id == feed_url and parsed.feed.updated == "2024-11-26T00:00:00Z"
        name = names.get(lang, names[None])  # the language's own site name (the default's is the root one)
        assert name in parsed.feed.title and parsed.feed.author == name, (lang, parsed.feed.title)
        models = {page.rel: page for page in load_pages(root / "docs" / lang)[0]}
        assert sorted(e.link for e in parsed.entries) == sorted(SITE_URL + url_path(r, lang, default) for r in models)
        for entry in parsed.entries:
            rel = next(r for r in models if SITE_URL + url_path(r, lang, default) == entry.link)
            assert entry.title == models[rel].meta["title"] and entry.id == entry.link
            assert entry.summary == " ".join(models[rel].meta["description"].split())
            assert entry.updated == entry.published == "2024-11-26T00:00:00Z"
        for rel in models:
            page = soup(html_path(site, lang, rel, default))
            [link] = page.find_all("link", rel="alternate", type="application/atom+xml")
            assert link["href"] == feed_url and not link.get("hreflang") and link["title"] == parsed.feed.title, (lang, rel)


def test_feed_order_and_escaping() -> None:
    from explainer.site.feeds import FeedEntry

    xml = atom_feed(lang="en", title="A & B", feed_url="https://example.org/feed.xml", home_url="https://example.org/",
                    author="Site", entries=[
                        FeedEntry("https://example.org/a/", "Costs < 2 million & \"more\"", "x\x01y", "2024-01-01T00:00:00Z",
                                  "2024-02-01T00:00:00Z"),
                        FeedEntry("https://example.org/b/", "B", "", "2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z")])
    parsed = feedparser.parse(xml)
    assert not parsed.bozo and parsed.feed.updated == "2024-03-01T00:00:00Z" and parsed.feed.title == "A & B"
    assert [e.title for e in parsed.entries] == ["B", 'Costs < 2 million & "more"']
    assert parsed.entries[1].summary == "xy"  # a character XML does not allow is left out


# ------------------------------------------------------------- where the dates come from

def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


DRIFT = {"EXPLAINER_ALLOW_DRIFT": "1"}


def test_dates_from_git_ignore_whitespace_and_a_lagging_translation_says_so(three: Path, tmp_path: Path) -> None:
    git(three, "init", "-q")
    git(three, "add", "-A")
    git(three, "commit", "-q", "-m", "first", when="2026-12-01T10:00:00Z")
    edit(three / "docs/en/report.md", "About 1,234 books", "Roughly 1,234 books")
    git(three, "commit", "-q", "-am", "substance", when="2026-12-03T09:00:00Z")
    edit(three / "docs/de/report.md", "Rund 1.234 Bücher", "Rund  1.234\nBücher")
    git(three, "commit", "-q", "-am", "whitespace only", when="2026-12-05T09:00:00Z")
    edit(three / "docs/fr/index.md", "# ", "#  ")  # not committed, whitespace only: still the committed date
    result = mkdocs_build(three, tmp_path / "site", env=DRIFT)
    assert result.code == 0, result.output
    assert not (three / "page-dates.lock").exists()  # git says it: no ledger
    site = tmp_path / "site"
    english = soup(html_path(site, "en", "report.md", "en"))
    assert english.select_one(".page-updated").get_text() == "Last updated: December 3, 2026"
    assert english.select_one(".page-original-updated") is None
    assert ld(english)["datePublished"] == "2026-12-01T10:00:00Z" and ld(english)["dateModified"] == "2026-12-03T09:00:00Z"
    german = soup(html_path(site, "de", "report.md", "en"))
    assert german.select_one(".page-updated").get_text() == "Stand: 1. Dezember 2026"  # whitespace does not count
    lag = german.select_one(".page-original-updated")
    assert lag.get_text().startswith("Das Original (Englisch) wurde später aktualisiert, am 3. Dezember 2026.")
    assert lag.find("a", hreflang="en")["href"] == "../../report/"
    assert "Veröffentlicht am 1. Dezember 2026" in german.select_one(".cite-reference").get_text()
    assert "updated December 3, 2026" in english.select_one(".cite-reference").get_text()
    french = soup(html_path(site, "fr", "index.md", "en"))
    assert french.select_one(".page-updated time")["datetime"] == "2026-12-01"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.entries[0].link == SITE_URL + "report/" and feed.entries[0].updated == "2026-12-03T09:00:00Z"
    assert feed.feed.updated == "2026-12-03T09:00:00Z"
    edit(three / "docs/en/index.md", "reopened on", "opened again on")  # changed since the last commit
    result = mkdocs_build(three, tmp_path / "site2", env={**DRIFT, "SOURCE_DATE_EPOCH": "1796000000"})
    assert result.code == 0, result.output
    home = soup(html_path(tmp_path / "site2", "en", "index.md", "en"))
    # Not committed yet: when it will be published is not known, and no date is invented for it.
    assert home.select_one(".page-updated") is None and "datePublished" not in str(home)
    feed = feedparser.parse((tmp_path / "site2/feed.xml").read_bytes())
    assert SITE_URL not in [entry.link for entry in feed.entries]  # the home page has no feed entry
    assert sorted(entry.link for entry in feed.entries) == [SITE_URL + "report/", SITE_URL + "sources/"]


def test_without_git_a_ledger_keeps_the_dates(three_site: Path, tmp_path: Path) -> None:
    three = copy_built(three_site, tmp_path / "project")  # the first build: the shared one, not in git either
    ledger = json.loads((three / "page-dates.lock").read_text(encoding="utf-8"))
    assert set(ledger["pages"]) == {f"{lang}/{rel}" for lang in THREE for rel in pages_of(three, lang)}
    assert ledger["pages"]["en/report.md"]["updated"] == "2024-11-26T00:00:00Z"
    later = {**DRIFT, "SOURCE_DATE_EPOCH": "1796000000"}  # 2026-11-30T00:53:20Z
    edit(three / "docs/en/index.md", "reopened on", "opened again on")
    edit(three / "docs/de/report.md", "Rund 1.234 Bücher", "Rund  1.234\nBücher")
    second = mkdocs_build(three, tmp_path / "two", env=later)
    assert second.code == 0, second.output
    pages = json.loads((three / "page-dates.lock").read_text(encoding="utf-8"))["pages"]
    assert pages["en/index.md"]["updated"] == "2026-11-30T00:53:20Z" and pages["en/index.md"]["published"] == \
        "2024-11-26T00:00:00Z"
    assert pages["de/report.md"]["updated"] == "2024-11-26T00:00:00Z"  # whitespace only
    german_home = soup(html_path(tmp_path / "two", "de", "index.md", "en"))
    assert "Das Original (Englisch) wurde später aktualisiert, am 30. November 2026." in german_home.get_text()
    # The same files and ledger give the same dates on another day (only the sitemap tells the build's date).
    third = mkdocs_build(three, tmp_path / "three", env={**DRIFT, "SOURCE_DATE_EPOCH": "1800000000"})
    assert third.code == 0
    a, b = snapshot(tmp_path / "three"), snapshot(tmp_path / "two")
    assert [name for name in a if a[name] != b.get(name) and not name.startswith("sitemap.xml")] == []
    # A build that fails leaves the ledger alone.
    before = (three / "page-dates.lock").read_bytes()
    edit(three / "docs/en/report.md", "About 1,234 books", "About 1,234 books [@nowhere]")
    assert mkdocs_build(three, tmp_path / "four", env=later).code != 0
    assert (three / "page-dates.lock").read_bytes() == before


def test_a_damaged_ledger_is_a_located_warning(three: Path, tmp_path: Path) -> None:
    (three / "page-dates.lock").write_text("{not json", encoding="utf-8")
    result = mkdocs_build(three, tmp_path / "site")
    assert result.code != 0 and "Traceback" not in result.output
    assert "page-dates.lock: not a page-dates ledger" in result.output


# ------------------------------------------------------------------ options and bad input

def set_option(root: Path, line: str) -> None:
    edit(root / "mkdocs.yml", "      lock: translations.lock\n", f"      lock: translations.lock\n      {line}\n")


def test_outputs_off_builds_none_of_them(three: Path, tmp_path: Path) -> None:
    set_option(three, "outputs: false")
    result = mkdocs_build(three, tmp_path / "site")
    assert result.code == 0, result.output
    site = tmp_path / "site"
    assert not list(site.rglob("cite.*")) and not list(site.rglob("feed.xml")) and not (site / "sources.json").exists()
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "application/ld+json" not in html and "explainer-page-end" not in html
        assert "application/atom+xml" not in html and "bibliography-downloads" not in html
    assert not (three / "page-dates.lock").exists()


def test_news_article_type_and_a_wrong_type(three: Path, tmp_path: Path) -> None:
    set_option(three, "article_type: NewsArticle")
    result = mkdocs_build(three, tmp_path / "site")
    assert result.code == 0, result.output
    item = ld(soup(html_path(tmp_path / "site", "de", "report.md", "en")))
    assert item["@type"] == "NewsArticle" and item["translationOfWork"]["@type"] == "NewsArticle"
    edit(three / "mkdocs.yml", "article_type: NewsArticle", "article_type: Blog")
    result = mkdocs_build(three, tmp_path / "bad")
    assert result.code != 0 and "Traceback" not in result.output and "article_type" in result.output
    check = run_main(three, "check")
    assert check.code == 1 and "Traceback" not in check.output
    assert re.search(r"mkdocs\.yml:\d+: option 'article_type' of the explainer plugin must be one of Article, "
                     r"NewsArticle", check.err), check.err


def test_html_in_titles_is_text_in_the_page_the_json_ld_and_the_feed(three: Path, tmp_path: Path) -> None:
    title = "Library Reopens </script><b>After</b> Flood & more"
    edit(three / "sources/articles.yml", 'title: "Library Reopens After Flood"', f"title: {json.dumps(title)}")
    page_title = 'Costs < 2 million & "more"'
    edit(three / "docs/en/report.md", "title: The reopening", f"title: '{page_title}'")
    result = mkdocs_build(three, tmp_path / "site", strict=False)
    assert result.code == 0, result.output  # lenient: the strict build stops at the HTML (a warning)
    site = tmp_path / "site"
    html = html_path(site, "en", "report.md", "en").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert len(page.find_all("script", type="application/ld+json")) == 1
    assert "</script><b>" not in html.split("application/ld+json", 1)[1].split("</script>", 1)[0]
    item = ld(page)
    assert item["citation"][0]["name"] == title and item["headline"] == page_title
    assert page.select_one("ol.references cite").get_text() == f"“{title}”"  # text, not markup
    assert page.select_one("ol.references b") is None
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and page_title in [e.title for e in feed.entries]
    [entry] = bib_entries((site / "report/report.bib").read_text(encoding="utf-8")).values()
    assert entry["title"] == page_title
    items = json.loads((site / "sources.json").read_text(encoding="utf-8"))
    assert next(i for i in items if i["id"] == "reopening")["title"] == title
    assert bib_entries((site / "sources.bib").read_text(encoding="utf-8"))["reopening"]["title"] == title


def test_script_like_markup_never_reaches_the_json_ld(three: Path, tmp_path: Path) -> None:
    edit(three / "sources/articles.yml", 'title: "Library Reopens After Flood"', 'title: "<script>alert(3)</script>"')
    edit(three / "docs/en/report.md", "description: What the flood", 'description: "<iframe src=x></iframe> What the flood')
    edit(three / "docs/en/report.md", "repairs cost.\n", 'repairs cost."\n')
    result = mkdocs_build(three, tmp_path / "site", strict=False)
    assert result.code == 0, result.output
    page = soup(html_path(tmp_path / "site", "en", "report.md", "en"))
    item = ld(page)
    assert "name" not in item["citation"][0] and "description" not in item
    assert item["citation"][0]["url"] == "https://example.net/exampleton/library-reopens"
    scripts = [s.get_text() for s in page.find_all("script") if "alert" in s.get_text() or "iframe" in s.get_text()]
    assert scripts == []


def test_relative_links_of_the_page_end_resolve(three_site: Path) -> None:
    path = html_path(three_site, "fr", "report.md", "en")
    for link in soup(path).select(".explainer-page-end a[download]"):
        assert (path.parent / link["href"]).is_file()
    assert urljoin(SITE_URL + "fr/report/", "report.bib") == SITE_URL + "fr/report/report.bib"


def test_a_fixture_copy_builds_with_its_outputs_reproducibly(two_site: Path, tmp_path: Path) -> None:
    """The shared build of a fixture copy, and a copy of its project built again in another folder."""
    root = copy_built(two_site, tmp_path / "p")
    second = mkdocs_build(root, tmp_path / "b")
    assert second.code == 0
    a, b = snapshot(two_site), snapshot(tmp_path / "b")
    assert {"feed.xml", "en/feed.xml", "sources.json", "sources.bib", "home.bib", "en/report/report.ris"} <= set(a)
    assert a == b
