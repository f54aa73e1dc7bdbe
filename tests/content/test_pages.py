"""The explainer's content: both languages complete, in step, cited, with working tooltips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, html_path
from explainer.checks.coverage import uncited_blocks
from explainer.checks.quotes import find_quote
from explainer.core.project import load_project
from explainer.model.citations import CITATION_RE
from explainer.model.pages import load_pages

PROJECT = load_project(ROOT)
LANGS = PROJECT.languages  # the source language first, as mkdocs.yml says
PAGES = {lang: {p.rel: p for p in load_pages(ROOT / "docs" / lang)[0]} for lang in LANGS}
HEADING_ID = re.compile(r"^#{1,6} .*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_same_pages_in_both_languages() -> None:
    assert PAGES.get("de", {}).keys() == PAGES.get("en", {}).keys()
    assert {"index.md", "leak.md", "open-letter.md", "response.md", "alternatives.md", "timeline.md",
            "context.md", "glossary.md", "about.md", "sources.md"} <= PAGES.get("de", {}).keys()


@pytest.mark.parametrize("rel", sorted(PAGES.get("de", {})))
def test_twins_share_heading_ids_and_citations(rel: str) -> None:
    de, en = PAGES["de"][rel], PAGES["en"][rel]
    assert HEADING_ID.findall(de.body) == HEADING_ID.findall(en.body)
    assert HEADING_ID.findall(de.body), f"{rel}: headings need explicit {{#id}}"
    assert [c.raw for c in de.citations] == [c.raw for c in en.citations]
    for key in ("title", "description"):
        assert de.meta[key] != en.meta[key], f"{rel}: {key} is not translated"


@pytest.mark.parametrize("lang", LANGS)
def test_every_block_is_cited_or_editorial(lang: str) -> None:
    assert [str(d) for page in PAGES[lang].values() for d in uncited_blocks(page)] == []


GERMAN_QUOTE = re.compile(r"„([^“]+)“")


@pytest.mark.parametrize("rel", sorted(PAGES.get("en", {})))
def test_english_pages_keep_the_german_quotes(rel: str, library) -> None:
    def running_text(page) -> str:
        return re.sub(r"\s+", " ", CITATION_RE.sub("", page.body))

    german, english = running_text(PAGES["de"][rel]), running_text(PAGES["en"][rel])
    # Quotes of the source articles; German words the editors put in quotes may be translated.
    quoted = [q for q in GERMAN_QUOTE.findall(german)
              if any(find_quote(q, article.text).found for article in library.articles.values())]
    missing = [q for q in quoted if q not in english]
    assert missing == [], f"{rel}: German quotes not kept in English"


def test_source_errors_are_not_copied() -> None:
    for lang in LANGS:
        for page in PAGES[lang].values():
            assert "Techchrunch" not in CITATION_RE.sub("", page.body), page.rel


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_is_in_the_navigation(story_site: Path, lang: str) -> None:
    nav = soup(html_path(story_site, lang, "index.md")).select("nav.md-nav--primary a.md-nav__link")
    prefix = "" if lang == "de" else "en/"
    hrefs = {a["href"] for a in nav}
    for rel in PAGES[lang]:
        stem = rel.removesuffix(".md")
        target = "." if stem == "index" else f"{stem}/"
        assert any(h.rstrip("/").endswith(target.rstrip("/")) or (stem == "index" and h in (".", "./"))
                   for h in hrefs), f"{prefix}{rel} missing from the {lang} navigation: {sorted(hrefs)}"


@pytest.mark.parametrize(("lang", "term", "tooltip_start"), [
    ("de", "Hugging Face", "Eine Online-Plattform"),
    ("en", "Hugging Face", "An online platform"),
    ("de", "Wasserzeichen", "Eine in ein Bild"),
    ("en", "watermark", "A marking embedded"),
])
def test_glossary_terms_have_tooltips_in_the_page_language(story_site: Path, lang: str, term: str, tooltip_start: str) -> None:
    page = soup(html_path(story_site, lang, "leak.md"))
    titles = {abbr["title"] for abbr in page.find_all("abbr") if abbr.get_text() == term}
    assert titles and all(t.startswith(tooltip_start) for t in titles)


@pytest.mark.parametrize("lang", LANGS)
def test_sources_page_marks_listed_only_works(story_site: Path, lang: str) -> None:
    page = soup(html_path(story_site, lang, "sources.md"))
    techcrunch = page.find("li", id="techcrunch").get_text(" ", strip=True)
    assert ("Aufgeführt in Mindverse" if lang == "de" else "Listed in Mindverse") in techcrunch
    t3n = page.find("li", id="t3n").get_text(" ", strip=True)
    assert ("Zitiert auf" if lang == "de" else "Cited on") in t3n


def test_no_literal_markup_leaks_into_the_site(story_site: Path) -> None:
    for path in story_site.rglob("*.html"):
        page = soup(path)
        for code in page.find_all("code"):
            code.decompose()  # the About page shows the syntax on purpose
        text = page.get_text()
        assert "{:" not in text and "[@" not in text, path
