"""Citation coverage of pages: Markdown in, located findings out."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.checks.coverage import uncited_blocks
from explainer.model.pages import parse_page


def findings(markdown: str) -> list[tuple[int, str]]:
    page = parse_page("---\ntitle: T\ndescription: D\n---\n\n" + markdown, Path("docs/de/p.md"), "p.md")
    return [(d.line, d.message) for d in uncited_blocks(page)]


def test_cited_blocks_pass() -> None:
    assert findings("# T {#t}\n\nEin Satz [@a].\n\n- Punkt [@a]\n- Punkt [@b; @c]\n") == []


def test_uncited_paragraph_is_reported_with_its_line() -> None:
    assert findings("# T {#t}\n\nBelegt [@a].\n\nNicht belegt.\nZweite Zeile.\n") == [
        (10, "paragraph without a citation: 'Nicht belegt. Zweite Zeile.'")]


def test_each_list_item_needs_its_own_citation() -> None:
    assert findings("- eins [@a]\n- zwei\n- drei [@a]\n") == [(7, "list item without a citation: '- zwei'")]


def test_editorial_marks() -> None:
    markdown = "\n".join([
        "Redaktionell.",
        "{: .editorial }",
        "",
        "- Navigation",
        "  {: .editorial }",
        "- Noch ein Punkt [@a]",
        "",
        "Inline markiert. {: .editorial }",
        "",
        "Falsche Klasse.",
        "{: .other }",
    ])
    assert findings(markdown) == [(15, "paragraph without a citation: 'Falsche Klasse.'")]


def test_tables_skip_the_header_and_check_each_row() -> None:
    markdown = "| Modell | Lizenz |\n|---|---|\n| A | MIT [@a] |\n| B | Apache |\n"
    assert findings(markdown) == [(9, "table row without a citation: '| B | Apache |'")]


def test_definitions_are_checked_but_not_their_terms() -> None:
    markdown = "API\nAPIs\n:   Eine Schnittstelle [@a].\n\nWasserzeichen\n:   Eine Markierung.\n"
    assert findings(markdown) == [(11, "definition without a citation: ':   Eine Markierung.'")]


def test_admonition_content_is_checked() -> None:
    markdown = '!!! abstract "Kurz gesagt"\n\n    Belegt [@a].\n\n    Unbelegt.\n'
    assert findings(markdown) == [(10, "paragraph without a citation: 'Unbelegt.'")]


@pytest.mark.parametrize("markdown", [
    "```\nCode ohne Beleg\n```\n",
    "::: bibliography\n",
    "## Überschrift {#h}\n",
    "*[API]: Schnittstelle\n",
    "<!-- Kommentar -->\n",
])
def test_things_that_state_nothing(markdown: str) -> None:
    assert findings(markdown) == []


def test_editorial_page() -> None:
    page = parse_page("---\ntitle: T\ndescription: D\neditorial: true\n---\n\nText.\n", Path("p.md"), "p.md")
    assert uncited_blocks(page) == []
