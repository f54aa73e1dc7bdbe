"""Real ``mkdocs build --strict`` runs of the whole site, in a temporary copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MKDOCS, copy_project, html_path, mkdocs_build, run, snapshot

pytestmark = pytest.mark.build


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def doc_pages(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "docs/de").glob("*.md"))


def test_every_page_exists_in_both_languages_with_its_lang(built: Path) -> None:
    root = built.parent
    for page in doc_pages(root):
        for lang in ("de", "en"):
            path = html_path(built, lang, page)
            assert path.exists(), path
            assert soup(path).html["lang"] == lang


def test_no_german_fallback_in_the_english_tree(built: Path) -> None:
    for page in doc_pages(built.parent):
        german = soup(html_path(built, "de", page)).find("article").get_text()
        english = soup(html_path(built, "en", page)).find("article").get_text()
        assert german != english


def test_pages_with_citations_have_a_reference_list(built: Path) -> None:
    page = soup(html_path(built, "de", "leak.md"))
    assert page.find("h2", id="references").get_text(strip=True).startswith("Quellen")
    refs = page.select("ol.references > li")
    numbers = [a.get_text() for a in page.select("sup.citation a.citation-ref")]
    assert refs and numbers[0] == "1"
    # Every number links to an entry that exists, and every entry links back to a use.
    ids = {tag["id"] for tag in page.find_all(id=True)}
    for link in page.select("sup.citation a.citation-ref"):
        assert link["href"].lstrip("#") in ids
        assert link["title"] and link["aria-label"].startswith("Quelle ")
    for back in page.select(".citation-backlinks a"):
        assert back["href"].lstrip("#") in ids
    english = soup(html_path(built, "en", "leak.md"))
    assert english.find("h2", id="references").get_text(strip=True).startswith("Sources")


def test_sources_page_lists_every_work_in_both_languages(built: Path) -> None:
    from explainer.model.library import load_library

    works = load_library(built.parent / "sources").works
    for lang in ("de", "en"):
        page = soup(html_path(built, lang, "sources.md"))
        assert {li["id"] for li in page.select("ul.bibliography > li")} == set(works)


def test_no_third_party_resources(built: Path) -> None:
    for path in built.rglob("*.html"):
        page = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in page.find_all(tag):
                value = element.get(attr) or ""
                if tag == "link" and "stylesheet" not in (element.get("rel") or []) \
                        and "preconnect" not in (element.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{path}: {tag} {value}"
    css = "\n".join(p.read_text(encoding="utf-8") for p in built.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    first, second = tmp_path / "one", tmp_path / "two"
    assert mkdocs_build(root, first).code == 0
    assert mkdocs_build(root, second).code == 0
    a, b = snapshot(first), snapshot(second)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def append(path: Path, text: str) -> int:
    old = path.read_text(encoding="utf-8")
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 2


@pytest.mark.parametrize(("addition", "expected"), [
    ("\nNeu [@techcrunsh].\n", "unknown citation id 'techcrunsh' — did you mean 'techcrunch'?"),
    ('\nNeu [@t3n, "Nach etwa vier Stunden"].\n', 'quote not found in t3n: "Nach etwa vier Stunden"'),
    ("\nSiehe [dort](response.md#no-such-anchor).\n", "no-such-anchor"),
    ("\nSiehe [dort](missing.md).\n", "missing.md"),
])
def test_strict_build_fails_with_location(project: Path, addition: str, expected: str) -> None:
    line = append(project / "docs/de/leak.md", addition)
    result = mkdocs_build(project)
    assert result.code != 0
    assert "Traceback" not in result.output
    assert expected in result.output
    if "[@" in addition:
        assert f"docs/de/leak.md:{line}: " in result.output


def test_broken_bibliography_stops_the_build_cleanly(project: Path) -> None:
    bib = project / "sources/bibliography.yml"
    line = append(bib, "  - id: x\n    url: [broken\n")
    result = mkdocs_build(project)
    assert result.code != 0
    assert "Traceback" not in result.output
    assert f"sources/bibliography.yml:{line}: invalid YAML" in result.output


def test_ruff_is_clean() -> None:
    from conftest import ROOT

    result = run([str(MKDOCS.parent / "ruff"), "check", "scripts", "tests"], ROOT)
    assert result.code == 0, result.output


def test_outdated_translation_fails_the_build_unless_drift_is_allowed(project: Path) -> None:
    leak = project / "docs/de/leak.md"
    text = leak.read_text(encoding="utf-8")
    heading = re.search(r"^## .*\{#([a-z0-9-]+)\}$", text, re.MULTILINE)
    paragraph_start = text.index("\n\n", heading.end()) + 2
    leak.write_text(text[:paragraph_start] + "Neu: " + text[paragraph_start:], encoding="utf-8")
    result = mkdocs_build(project)
    assert result.code != 0
    assert f"section #{heading.group(1)} is out of date" in result.output
    assert "[-" in result.output or "{+Neu:" in result.output or "Neu:" in result.output

    allowed = run([str(MKDOCS), "build", "--strict", "--site-dir", str(project / "site")], project,
                  env={"EXPLAINER_ALLOW_DRIFT": "1"})
    assert allowed.code == 0, allowed.output
    english = soup(project / "site/en/leak/index.html")
    banner = english.select_one(".translation-outdated")
    assert banner is not None and "Translation out of date" in banner.get_text()
    assert banner.find("a")["href"] == "../../leak/"
    assert banner.find("a")["hreflang"] == "de"
    assert soup(project / "site/en/response/index.html").select_one(".translation-outdated") is None
    assert soup(project / "site/leak/index.html").select_one(".translation-outdated") is None


def test_content_cannot_inject_script_even_in_a_lenient_build(project: Path) -> None:
    append(project / "docs/de/leak.md", '\nA <script>alert("md")</script> <img src="x.png" onerror="alert(1)"> '
           '[klick](javascript:alert(2)) <iframe src="https://example.org/"></iframe> '
           '[data](data:text/html;base64,PHNjcmlwdD4=) [@t3n].\n')
    leak = project / "docs/de/leak.md"
    text = leak.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", 'title: "Leck <img src=x onerror=alert(4)>"', text, count=1, flags=re.MULTILINE)
    leak.write_text(re.sub(r"^description: .*$", 'description: "<script>alert(5)</script>"', text, count=1,
                           flags=re.MULTILINE), encoding="utf-8")
    bib = project / "sources/bibliography.yml"
    bib.write_text(bib.read_text(encoding="utf-8").replace("    title: null\n", '    title: "<script>alert(3)</script>"\n', 1),
                   encoding="utf-8")
    strict = mkdocs_build(project)
    assert strict.code != 0 and "unsafe content: raw <script> tag" in strict.output
    lenient = run([str(MKDOCS), "build", "--site-dir", str(project / "site")], project)  # as `mkdocs serve` would
    assert lenient.code == 0, lenient.output
    for page in ("leak/index.html", "sources/index.html"):
        html = (project / "site" / page).read_text(encoding="utf-8")
        article = str(soup(project / "site" / page).find("article"))
        assert "<script" not in article and "alert(\"md\")" not in article, page
        assert "javascript:" not in article and "<iframe" not in article  # handlers: see below
        # Nowhere on the page, not in <head> or the header the theme fills from the frontmatter.
        whole = soup(project / "site" / page)
        assert [tag.name for tag in whole.find_all(True) if any(name.startswith("on") for name in tag.attrs)] == []
        assert [s for s in whole.find_all("script") if "alert" in s.get_text()] == []
        assert "data:text/html" not in html and "<img src=x" not in html and "<script>alert(5)" not in html
        if page == "leak/index.html":
            assert whole.title.get_text().startswith("Leck -"), whole.title
        if page == "sources/index.html":  # data from YAML is shown as text, never parsed as HTML
            assert "„&lt;script&gt;alert(3)&lt;/script&gt;“" in html
