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


def test_spellings_in_data_also_get_the_tooltip_without_being_headwords() -> None:
    text = 'Red Teaming { data-also="Red-Teamer; Red Teamern" }\n:   Testen aus Sicht der Angreifer. Mehr [@bericht].\n'
    [term] = parse_glossary(text)
    assert term.spellings == ("Red Teaming", "Red-Teamer", "Red Teamern")
    shown = markdown.markdown(text, extensions=["def_list", "attr_list"])
    assert "<dt data-also=" in shown and "Red Teamern</dt>" not in shown


def test_a_term_is_underlined_where_it_first_occurs_and_not_on_the_glossary() -> None:
    from explainer.render.glossary import first_abbreviations

    block = abbreviation_block(parse_glossary(GLOSSARY))
    html = markdown.markdown("Ein Rohrbruch. Noch ein Rohrbruch, dann Rohrbrüche und die Versicherung." + block,
                             extensions=["abbr"])
    once = first_abbreviations(html)
    assert once.count("<abbr") == 2  # Rohrbruch (its spellings share one tooltip) and Versicherung
    assert once.index('<abbr title="Ein geplatztes Wasserrohr.">Rohrbruch</abbr>') < once.index("Noch ein Rohrbruch,")
    assert "<abbr" not in first_abbreviations(html, keep=False)
