"""Citation coverage of pages: Markdown in, located findings out (in the words of the fixture projects)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from explainer.checks.coverage import uncited_blocks
from explainer.model.pages import parse_page


def findings(markdown: str) -> list[tuple[int, str]]:
    page = parse_page("---\ntitle: T\ndescription: D\n---\n\n" + markdown, Path("docs/de/p.md"), "p.md")
    return [(d.line, d.message) for d in uncited_blocks(page)]


def test_cited_blocks_pass() -> None:
    assert findings("# T {#t}\n\nEin Rohr platzte [@bericht].\n\n- Punkt [@bericht]\n- Punkt [@example; @stadtrat]\n") == []


def test_uncited_paragraph_is_reported_with_its_line() -> None:
    assert findings("# T {#t}\n\nBelegt [@bericht].\n\nNicht belegt.\nZweite Zeile.\n") == [
        (10, "paragraph without a citation: 'Nicht belegt. Zweite Zeile.'")]


def test_each_list_item_needs_its_own_citation() -> None:
    assert findings("- eins [@bericht]\n- zwei\n- drei [@stadtrat]\n") == [(7, "list item without a citation: '- zwei'")]


def test_editorial_marks() -> None:
    markdown = "\n".join([
        "Redaktionell.",
        "{: .editorial }",
        "",
        "- Navigation",
        "  {: .editorial }",
        "- Noch ein Punkt [@bericht]",
        "",
        "Inline markiert. {: .editorial }",
        "",
        "Falsche Klasse.",
        "{: .other }",
    ])
    assert findings(markdown) == [(15, "paragraph without a citation: 'Falsche Klasse.'")]


def test_tables_skip_the_header_and_check_each_row() -> None:
    markdown = "| Raum | Schaden |\n|---|---|\n| Keller | 1.234 Bücher [@bericht] |\n| Lesesaal | unbekannt |\n"
    assert findings(markdown) == [(9, "table row without a citation: '| Lesesaal | unbekannt |'")]


def test_definitions_are_checked_but_not_their_terms() -> None:
    markdown = "Rohrbruch\nRohrbrüche\n:   Ein geplatztes Wasserrohr [@bericht].\n\nVersicherung\n:   Ein Vertrag.\n"
    assert findings(markdown) == [(11, "definition without a citation: ':   Ein Vertrag.'")]


def test_admonition_content_is_checked() -> None:
    markdown = '!!! abstract "Kurz gesagt"\n\n    Belegt [@bericht].\n\n    Unbelegt.\n'
    assert findings(markdown) == [(10, "paragraph without a citation: 'Unbelegt.'")]


@pytest.mark.parametrize("markdown", [
    "```\nCode ohne Beleg\n```\n",
    "::: bibliography\n",
    "## Überschrift {#h}\n",
    "*[Rohr]: Ein Wasserrohr\n",
    "<!-- Kommentar -->\n",
])
def test_things_that_state_nothing(markdown: str) -> None:
    assert findings(markdown) == []


def test_editorial_page() -> None:
    page = parse_page("---\ntitle: T\ndescription: D\neditorial: true\n---\n\nText.\n", Path("p.md"), "p.md")
    assert uncited_blocks(page) == []


@pytest.mark.parametrize("name", ["two-languages", "three-languages"])
def test_fixture_pages_are_cited_throughout(name: str) -> None:
    pages = sorted((FIXTURES / name / "docs").glob("*/*.md"))
    assert len(pages) >= 8
    for path in pages:
        page = parse_page(path.read_text(encoding="utf-8"), path, path.name)
        assert uncited_blocks(page) == [], path
    # The check can fail on them: the same page with a sentence that names no source.
    path = FIXTURES / name / "docs/en/report.md"
    page = parse_page(path.read_text(encoding="utf-8") + "\nAn uncited sentence.\n", path, "report.md")
    assert [d.message for d in uncited_blocks(page)] == ["paragraph without a citation: 'An uncited sentence.'"]
