"""Real ``mkdocs build --strict`` runs of the fixture projects: the shared builds for what is only
read, a temporary copy for what is changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MKDOCS, copy_built, copy_fixture, html_path, mkdocs_build, run, snapshot
from inprocess import run_main

pytestmark = pytest.mark.build

# The fixture projects: (name, source language, every language), and the built site of each.
PROJECTS = {"two-languages": ("de", ("de", "en")), "three-languages": ("en", ("en", "de", "fr"))}
SITES = {"two-languages": "two_site", "three-languages": "three_site"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def doc_pages(root: Path, lang: str) -> list[str]:
    return sorted(p.name for p in (root / "docs" / lang).glob("*.md"))


@pytest.fixture(params=list(PROJECTS))
def project_site(request: pytest.FixtureRequest) -> tuple[Path, str, tuple[str, ...]]:
    """Each fixture project's shared strict build, with its source language and languages."""
    source, languages = PROJECTS[request.param]
    return request.getfixturevalue(SITES[request.param]), source, languages


def test_every_page_exists_in_every_language_with_its_lang(project_site) -> None:
    site, source, languages = project_site
    pages = doc_pages(site.parent, source)
    assert len(pages) >= 3
    for page in pages:
        for lang in languages:
            path = html_path(site, lang, page, source)
            assert path.exists(), path
            assert soup(path).html["lang"] == lang


def test_no_source_language_fallback_in_a_translation(project_site) -> None:
    site, source, languages = project_site
    for page in doc_pages(site.parent, source):
        original = soup(html_path(site, source, page, source)).find("article").get_text()
        for lang in languages[1:]:
            assert soup(html_path(site, lang, page, source)).find("article").get_text() != original, (lang, page)


def test_pages_with_citations_have_a_reference_list(two_site: Path) -> None:
    page = soup(html_path(two_site, "de", "report.md"))
    assert page.find("h2", id="references").get_text(strip=True).startswith("Belege")
    refs = page.select("ol.references > li")
    numbers = [a.get_text() for a in page.select("sup.citation a.citation-ref")]
    assert refs and numbers[0] == "1"
    assert len(numbers) >= 8 and len(refs) == 3  # bericht, example, stadtrat
    # Every number links to an entry that exists, and every entry links back to a use.
    ids = {tag["id"] for tag in page.find_all(id=True)}
    for link in page.select("sup.citation a.citation-ref"):
        assert link["href"].lstrip("#") in ids
        assert link["title"] and link["aria-label"].startswith("Beleg ")
    backlinks = page.select(".citation-backlinks a")
    assert backlinks
    for back in backlinks:
        assert back["href"].lstrip("#") in ids
    english = soup(html_path(two_site, "en", "report.md"))
    assert english.find("h2", id="references").get_text(strip=True).startswith("References")
    assert english.select_one("sup.citation a.citation-ref")["aria-label"] == "Source 1"


def test_reference_lists_in_each_language_of_three(three_site: Path) -> None:
    for lang, heading, label in (("en", "References", "Source 1"), ("de", "Belege", "Beleg 1"),
                                 ("fr", "Références", "Source 1")):
        page = soup(html_path(three_site, lang, "report.md", "en"))
        assert page.find("h2", id="references").get_text(strip=True).startswith(heading), lang
        assert page.select_one("sup.citation a.citation-ref")["aria-label"] == label, lang
        assert page.select("ol.references > li"), lang


def test_sources_page_lists_every_work_in_every_language(project_site) -> None:
    from explainer.model.library import load_library

    site, source, languages = project_site
    works = load_library(site.parent / "sources").works
    assert works
    for lang in languages:
        page = soup(html_path(site, lang, "sources.md", source))
        assert {li["id"] for li in page.select("ul.bibliography > li")} == set(works), lang


def test_no_third_party_resources(project_site) -> None:
    site, _, _ = project_site
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        page = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in page.find_all(tag):
                value = element.get(attr) or ""
                if tag == "link" and "stylesheet" not in (element.get("rel") or []) \
                        and "preconnect" not in (element.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{path}: {tag} {value}"
    css = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert css and "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_builds_are_byte_identical(three_site: Path, tmp_path: Path) -> None:
    """The shared build and a second build of a copy of its project, in another folder (with the dates
    the first recorded)."""
    three = copy_built(three_site, tmp_path / "project")
    first, second = three_site, tmp_path / "two"
    assert mkdocs_build(three, second).code == 0
    a, b = snapshot(first), snapshot(second)
    assert a.keys() == b.keys() and len(a) > 20
    assert [name for name in a if a[name] != b[name]] == []


def append(path: Path, text: str) -> int:
    old = path.read_text(encoding="utf-8")
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 2


@pytest.mark.parametrize(("addition", "expected"), [
    ("\nNeu [@stadtrad].\n", "unknown citation id 'stadtrad' — did you mean 'stadtrat'?"),
    ('\nNeu [@bericht, "rund 4.321 Bücher"].\n', 'quote not found in bericht: "rund 4.321 Bücher"'),
    ("\nSiehe [dort](glossary.md#no-such-anchor).\n", "no-such-anchor"),
    ("\nSiehe [dort](missing.md).\n", "missing.md"),
])
def test_strict_build_fails_with_location(two: Path, addition: str, expected: str) -> None:
    line = append(two / "docs/de/report.md", addition)
    result = mkdocs_build(two)
    assert result.code != 0
    assert "Traceback" not in result.output
    assert expected in result.output
    if "[@" in addition:
        assert f"docs/de/report.md:{line}: " in result.output
    else:  # MkDocs' own link validation names the page
        assert "Doc file 'de/report.md' contains a link" in result.output, result.output


def test_broken_bibliography_stops_the_build_cleanly(two: Path) -> None:
    bib = two / "sources/bibliography.yml"
    line = append(bib, "  - id: x\n    url: [broken\n")
    result = mkdocs_build(two)
    assert result.code != 0
    assert "Traceback" not in result.output
    assert f"sources/bibliography.yml:{line}: invalid YAML" in result.output


def test_ruff_is_clean() -> None:
    from conftest import ROOT

    result = run([str(MKDOCS.parent / "ruff"), "check", "scripts", "tests"], ROOT)
    assert result.code == 0, result.output


def test_outdated_translation_fails_the_build_unless_drift_is_allowed(two: Path) -> None:
    report = two / "docs/de/report.md"
    text = report.read_text(encoding="utf-8")
    heading = re.search(r"^## .*\{#([a-z0-9-]+)\}$", text, re.MULTILINE)
    paragraph_start = text.index("\n\n", heading.end()) + 2
    report.write_text(text[:paragraph_start] + "Neu: " + text[paragraph_start:], encoding="utf-8")
    result = mkdocs_build(two)
    assert result.code != 0
    assert f"section #{heading.group(1)} is out of date" in result.output
    assert "{+Neu:+}" in result.output

    allowed = mkdocs_build(two, env={"EXPLAINER_ALLOW_DRIFT": "1"})
    assert allowed.code == 0, allowed.output
    english = soup(two / "site/en/report/index.html")
    banner = english.select_one(".translation-outdated")
    assert banner is not None and "Translation out of date" in banner.get_text()
    assert banner.find("a")["href"] == "../../report/"
    assert banner.find("a")["hreflang"] == "de"
    assert soup(two / "site/en/glossary/index.html").select_one(".translation-outdated") is None
    assert soup(two / "site/report/index.html").select_one(".translation-outdated") is None


def test_outdated_translations_of_an_english_source(three: Path) -> None:
    """Three languages: a change of the English source makes both translations outdated; with
    drift allowed each carries the banner in its own language, linking to the English page."""
    report = three / "docs/en/report.md"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("Repairs cost", "New: repairs cost"), encoding="utf-8")
    result = mkdocs_build(three)
    assert result.code != 0  # a strict build stops after the first language with a warning (de)
    assert ("docs/de/report.md:12: section #costs is out of date: the source text changed since it was translated "
            "— update the translation, then run `make sync ARGS=de/report.md#costs`") in result.output, result.output
    check = run_main(three, "check")
    assert check.code == 1
    for lang in ("de", "fr"):
        assert f"docs/{lang}/report.md:12: section #costs is out of date" in check.err, check.err
        assert f"`make sync ARGS={lang}/report.md#costs`" in check.err
    allowed = mkdocs_build(three, env={"EXPLAINER_ALLOW_DRIFT": "1"})
    assert allowed.code == 0, allowed.output
    for lang, title in (("de", "Übersetzung nicht aktuell"), ("fr", "Traduction pas à jour")):
        banner = soup(three / f"site/{lang}/report/index.html").select_one(".translation-outdated")
        assert banner is not None and title in banner.get_text(), lang
        assert banner.find("a")["href"] == "../../report/" and banner.find("a")["hreflang"] == "en"
    assert soup(three / "site/report/index.html").select_one(".translation-outdated") is None


def test_content_cannot_inject_script_even_in_a_lenient_build(two: Path) -> None:
    report = two / "docs/de/report.md"
    append(report, '\nA <script>alert("md")</script> <img src="x.png" onerror="alert(1)"> '
           '[klick](javascript:alert(2)) <iframe src="https://example.org/"></iframe> '
           '[data](data:text/html;base64,PHNjcmlwdD4=) [@bericht].\n')
    text = report.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", 'title: "Bericht <img src=x onerror=alert(4)>"', text, count=1, flags=re.MULTILINE)
    report.write_text(re.sub(r"^description: .*$", 'description: "<script>alert(5)</script>"', text, count=1,
                             flags=re.MULTILINE), encoding="utf-8")
    bib = two / "sources/bibliography.yml"
    bib.write_text(bib.read_text(encoding="utf-8").replace("    title: null\n", '    title: "<script>alert(3)</script>"\n', 1),
                   encoding="utf-8")
    strict = mkdocs_build(two)
    assert strict.code != 0 and "unsafe content: raw <script> tag" in strict.output
    lenient = mkdocs_build(two, strict=False)  # as `mkdocs serve` would
    assert lenient.code == 0, lenient.output
    for page in ("report/index.html", "sources/index.html"):
        html = (two / "site" / page).read_text(encoding="utf-8")
        article = str(soup(two / "site" / page).find("article"))
        assert "<script" not in article and "alert(\"md\")" not in article, page
        assert "javascript:" not in article and "<iframe" not in article  # handlers: see below
        # Nowhere on the page, not in <head> or the header the theme fills from the frontmatter.
        whole = soup(two / "site" / page)
        assert [tag.name for tag in whole.find_all(True) if any(name.startswith("on") for name in tag.attrs)] == []
        assert [s for s in whole.find_all("script") if "alert" in s.get_text()] == []
        assert "data:text/html" not in html and "<img src=x" not in html and "<script>alert(5)" not in html
        if page == "report/index.html":
            assert whole.title.get_text().startswith("Bericht -"), whole.title
        if page == "sources/index.html":  # data from YAML is shown as text, never parsed as HTML
            assert "„&lt;script&gt;alert(3)&lt;/script&gt;“" in html


@pytest.mark.parametrize("name", list(PROJECTS))
def test_fixtures_are_clean(tmp_path: Path, name: str) -> None:
    """The fixture projects themselves pass every check (what the shared builds rely on)."""
    root = copy_fixture(name, tmp_path / name)  # a copy: the check keeps its cache in the project
    result = run_main(root, "check")
    assert result.code == 0, result.output
    assert "check: 0 problem(s)" in result.out
