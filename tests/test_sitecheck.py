"""Offline checks of the built site: LinkChecker on 127.0.0.1, anchors, third parties, bibliography
hygiene; on the fixture projects' shared strict builds (a copy where a test breaks something)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from explainer.checks.bibcheck import bibliography_findings
from explainer.model.library import load_library
from explainer.site.sitecheck import anchor_findings, third_party_findings
from inprocess import run_main
from minisources import make_sources

NAMES = ["two-languages", "three-languages"]


def copy_of(build: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(build, copy)
    return copy


def sitecheck(site: Path, name: str):
    return run_main(site.parent, "--root", str(FIXTURES / name), "sitecheck", str(site))


@pytest.mark.parametrize("name", NAMES)
def test_built_site_is_clean(build_of, name: str) -> None:
    result = sitecheck(build_of(name), name)
    assert result.code == 0, result.output
    assert result.out.startswith("sitecheck: 0 problem(s) in ")


def test_broken_internal_link_is_found_by_linkchecker(three_site: Path, tmp_path: Path) -> None:
    """In the third language's tree too: every language's home page is a start page."""
    site = copy_of(three_site, tmp_path)
    page = site / "fr/report/index.html"
    text = page.read_text(encoding="utf-8")
    assert 'href="../sources/' in text
    page.write_text(text.replace('href="../sources/', 'href="../sourzes/', 1), encoding="utf-8")
    result = sitecheck(site, "three-languages")
    assert result.code == 1
    assert "site/fr/report/index.html" in result.err and "broken link '../sourzes/" in result.err


def test_broken_anchor_is_found(two_site: Path, tmp_path: Path) -> None:
    site = copy_of(two_site, tmp_path)
    page = site / "en/report/index.html"
    text = page.read_text(encoding="utf-8")
    assert 'href="#cite-1"' in text
    page.write_text(text.replace('href="#cite-1"', 'href="#cite-99"', 1), encoding="utf-8")
    assert [d.message for d in anchor_findings(site)] == ["link '#cite-99' points to a missing anchor #cite-99"]


def test_third_party_resources_are_found(two_site: Path, tmp_path: Path) -> None:
    site = copy_of(two_site, tmp_path)
    assert third_party_findings(site) == []
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</head>", '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>'),
        encoding="utf-8")
    (site / "assets/extra.css").write_text("@import url(//cdn.example.com/x.css);", encoding="utf-8")
    messages = [d.message for d in third_party_findings(site)]
    assert "<link> loads https://fonts.googleapis.com/css?family=Roboto from another host" in messages
    assert "stylesheet loads //cdn.example.com/x.css from another host" in messages


def test_no_built_site(tmp_path: Path) -> None:
    result = run_main(tmp_path, "--root", str(FIXTURES / "two-languages"), "sitecheck", str(tmp_path / "nothing"))
    assert result.code == 1 and "no built site here — run `make build` first" in result.err


HYGIENE = """entries:
  - id: report
    url: https://example.org/news/first-report-about-it/?utm_source=x&fbclid=y
    listed_in: [beispiel]
  - id: copy
    url: https://www.example.com/tech/same-story-123456789.html
    listed_in: [beispiel]
  - id: copy2
    url: https://news.example.com/world/same-story-123456789.html
    listed_in: [beispiel]
  - id: twice
    url: https://www.example.com/tech/same-story-123456789.html
    listed_in: []
  - id: lonely
    url: https://example.org/lonely
    listed_in: []
  - id: plain
    url: http://example.org/old
    notes: The site has no https.
    listed_in: []
"""


def test_bibliography_hygiene(tmp_path: Path) -> None:
    library = load_library(make_sources(tmp_path, HYGIENE))
    messages = [d.message for d in bibliography_findings(library, cited={"plain"})]
    assert messages == [
        "'report': tracking parameter(s) utm_source, fbclid in https://example.org/news/first-report-about-it/"
        "?utm_source=x&fbclid=y",
        "'copy2' looks like a copy of 'copy' (same article id)",
        "'twice' has the same URL as 'copy'",
        "'twice' looks like a copy of 'copy' (same article id)",
        "'twice' is neither cited by a page nor listed by a source article",
        "'lonely' is neither cited by a page nor listed by a source article",
    ]
    assert library.warnings == []  # http:// with a reason in notes is accepted


def test_articles_without_url_are_not_the_same_url(tmp_path: Path) -> None:
    """Two articles stored without a URL (a PDF received by mail, say) are not duplicates of each other."""
    sources = make_sources(tmp_path)
    articles = (sources / "articles.yml").read_text(encoding="utf-8").replace("    url: https://example.net/artikel\n", "")
    second = articles.split("\n", 1)[1].replace("id: beispiel", "id: zweites")
    (sources / "articles.yml").write_text(articles + second, encoding="utf-8")
    library = load_library(sources)
    assert [w.url for w in library.works.values()] == [None, None]
    assert bibliography_findings(library, cited={"beispiel", "zweites"}) == []
