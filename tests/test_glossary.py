"""Glossary tooltips from a definition list."""

from __future__ import annotations

import markdown

from conftest import FIXTURES
from explainer.render.glossary import Term, abbreviation_block, parse_glossary, plain_text

GLOSSARY = """# Glossar {#glossary}

Intro [@bericht].
{: .editorial }

Rohrbruch
Rohrbrüche
:   Ein *geplatztes* Wasserrohr. Laut [Bericht](report.md) platzte eins im Keller [@bericht].

Versicherung
:   Ein Vertrag [@bericht, "durch die Versicherung gedeckt"], der
    einen Schaden ersetzt. Zweiter Satz.

```
Kein
:   Eintrag
```
"""


def test_parse_terms_spellings_and_first_sentence() -> None:
    assert parse_glossary(GLOSSARY) == [
        Term(("Rohrbruch", "Rohrbrüche"), "Ein geplatztes Wasserrohr."),
        Term(("Versicherung",), "Ein Vertrag, der einen Schaden ersetzt."),
    ]


def test_plain_text() -> None:
    assert plain_text('Siehe [Quelle](a.md) und **fett** [@bericht; @example, "z"].') == "Siehe Quelle und fett."


def test_abbreviations_become_tooltips() -> None:
    block = abbreviation_block(parse_glossary(GLOSSARY))
    html = markdown.markdown("Der Rohrbruch und die Rohrbrüche trafen die Versicherung." + block, extensions=["abbr"])
    assert '<abbr title="Ein geplatztes Wasserrohr.">Rohrbruch</abbr>' in html
    assert '<abbr title="Ein geplatztes Wasserrohr.">Rohrbrüche</abbr>' in html
    assert '<abbr title="Ein Vertrag, der einen Schaden ersetzt.">Versicherung</abbr>' in html


def test_no_glossary_no_block() -> None:
    assert abbreviation_block([]) == ""


def test_fixture_glossaries() -> None:
    """The two-language fixture's glossary in both languages: every term with its first sentence."""
    for lang, expected in (("de", [Term(("Rohrbruch",), "Ein geplatztes Wasserrohr."),
                                   Term(("Versicherung",), "Ein Vertrag, der einen Schaden ersetzt.")]),
                           ("en", [Term(("Burst pipe",), "A water pipe that has split open."),
                                   Term(("Insurance",), "A contract that pays for a loss.")])):
        text = (FIXTURES / "two-languages" / "docs" / lang / "glossary.md").read_text(encoding="utf-8")
        assert parse_glossary(text.split("---", 2)[2]) == expected, lang
