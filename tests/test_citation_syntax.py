"""Finding citations in Markdown: syntax, code, lines, problems."""

from __future__ import annotations

import pytest

from explainer.model.citations import CitationSyntaxError, Cite, parse_citation, scan


@pytest.mark.parametrize(("body", "cites"), [
    ("a", (Cite("a"),)),
    ("a; @b", (Cite("a"), Cite("b"))),
    ('a, "exact words"', (Cite("a", "exact words"),)),
    ('a, "with ; and ] inside"; @b', (Cite("a", "with ; and ] inside"), Cite("b"))),
    ('a , "x"  ;  @b , "y"', (Cite("a", "x"), Cite("b", "y"))),
])
def test_parse(body: str, cites: tuple[Cite, ...]) -> None:
    assert parse_citation(body) == cites


@pytest.mark.parametrize(("body", "message"), [
    ('a, ""', "empty quote for 'a'"),
    ('a, "   "', "empty quote for 'a'"),
    ("a; b", "citation item 'b' does not start with @"),
    ("a b", "malformed citation item '@a b'"),
])
def test_parse_errors(body: str, message: str) -> None:
    with pytest.raises(CitationSyntaxError, match=message):
        parse_citation(body)


def test_scan_lines_and_code() -> None:
    markdown = "\n".join([
        "Erste Zeile [@a].",
        "`[@inline]` und ``[@double ` tick]`` bleiben Code; [@b; @c] nicht.",
        "```",
        "[@fenced]",
        "```",
        "~~~~ text",
        "[@tilde]",
        "~~~~",
        'Mehrzeilig [@d, "ein',
        'Zitat"].',
    ])
    citations, problems = scan(markdown, first_line=5)
    assert [(c.raw, c.line) for c in citations] == [
        ("[@a]", 5), ("[@b; @c]", 6), ('[@d, "ein\nZitat"]', 13)]
    assert problems == []


def test_scan_reports_unterminated_citations() -> None:
    citations, problems = scan('Satz [@a, "offen.\n\nNeuer Absatz [@b.\n\nGut [@c].', first_line=10)
    assert [c.raw for c in citations] == ["[@c]"]
    assert [(p.line, p.message) for p in problems] == [
        (10, "unterminated citation '[@a, \"offen.'"),
        (12, "unterminated citation '[@b.'"),
    ]
