"""The ``::: bibliography`` directive of the sources page."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from explainer.model.library import load_library
from explainer.model.pages import SiteIndex, load_page
from explainer.render.bibliography import BibliographyExtension
from minisources import BIBLIOGRAPHY, make_sources


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return load_library(make_sources(tmp_path_factory.mktemp("mini"), BIBLIOGRAPHY))


@pytest.fixture
def index(tmp_path: Path) -> SiteIndex:
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics/leak.md").write_text("---\ntitle: Das Leak\n---\n\nSatz [@beispiel].\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("---\ntitle: Start\n---\n\nSatz [@beispiel; @repo].\n", encoding="utf-8")
    return SiteIndex([load_page(tmp_path / "index.md", "index.md"),
                      load_page(tmp_path / "topics/leak.md", "topics/leak.md")])


def render(lib, index, lang: str = "de", page: str = "sources.md", order: list[str] | None = None) -> str:
    ext = BibliographyExtension(library=lib, lang=lang, site_index=index, page=page, page_order=order or [])
    return markdown.Markdown(extensions=[ext]).convert("# Quellen\n\nIntro.\n\n::: bibliography\n\nEnde.")


def test_groups_in_order_with_ids(lib, index) -> None:
    html = render(lib, index)
    assert html.index('<h2 id="source-articles">Die Texte, auf denen diese Website beruht</h2>') \
        < html.index('<h2 id="listed-works">In diesen Texten aufgeführte Werke</h2>') \
        < html.index('<h2 id="further-sources">Weitere Quellen</h2>') < html.index("<p>Ende.</p>")
    for work_id in ("beispiel", "report", "repo"):
        assert f'<li id="{work_id}">' in html


def test_citing_pages_are_linked_relative_to_the_page(lib, index) -> None:
    html = render(lib, index)
    assert ('<span class="bibliography-use"> Zitiert auf: <a href="index.md">Start</a>, '
            '<a href="topics/leak.md">Das Leak</a>.</span>') in html
    nested = render(lib, index, page="about/sources.md")
    assert '<a href="../topics/leak.md">Das Leak</a>' in nested


def test_citing_pages_follow_the_navigation(lib, index) -> None:
    html = render(lib, index, order=["topics/leak.md", "index.md"])
    assert ('<span class="bibliography-use"> Zitiert auf: <a href="topics/leak.md">Das Leak</a>, '
            '<a href="index.md">Start</a>.</span>') in html


def test_listed_but_uncited_work_says_so(lib, index) -> None:
    html = render(lib, index, lang="en")
    assert "Listed in Beispielblatt; not cited on this site." in html
    # The caveat stands once, above the listed works; their URLs are the link texts.
    assert html.count("Their titles") + html.count("Where no title is given") == 1
    listed = html.split('id="listed-works"')[1].split("<h2")[0]
    assert listed.index('<p class="bibliography-caveat">') < listed.index('<ul class="bibliography">')
    assert ('>https://example.org/news/first-report-about-it/</a>, November 2024.' in listed
            and "title not verified" not in listed)


def test_a_date_read_from_the_url_says_so(tmp_path) -> None:
    marked = BIBLIOGRAPHY.replace("    date: 2024-11\n", "    date: 2024-11\n    verified_from: {date: url}\n")
    lib = load_library(make_sources(tmp_path, marked))
    ext = BibliographyExtension(library=lib, lang="en", site_index=SiteIndex([]))
    html = markdown.Markdown(extensions=[ext]).convert("::: bibliography")
    assert "November 2024 (date from the URL)" in html
