"""Glossary tooltips from a definition list."""

from __future__ import annotations

import markdown

from explainer.render.glossary import Term, abbreviation_block, parse_glossary, plain_text

GLOSSARY = """# Glossar {#glossary}

Intro [@a].
{: .editorial }

API
APIs
:   Eine *Programmierschnittstelle*. Laut [t3n](x.md) führte sie zu OpenAI [@t3n].

Wasserzeichen
:   Eine Markierung [@a, "Wasserzeichen"], die
    die Herkunft zeigt. Zweiter Satz.

```
Kein
:   Eintrag
```
"""


def test_parse_terms_spellings_and_first_sentence() -> None:
    assert parse_glossary(GLOSSARY) == [
        Term(("API", "APIs"), "Eine Programmierschnittstelle."),
        Term(("Wasserzeichen",), "Eine Markierung, die die Herkunft zeigt."),
    ]


def test_plain_text() -> None:
    assert plain_text('Siehe [Quelle](a.md) und **fett** [@x; @y, "z"].') == "Siehe Quelle und fett."


def test_abbreviations_become_tooltips() -> None:
    block = abbreviation_block(parse_glossary(GLOSSARY))
    html = markdown.markdown("Die API und die APIs tragen ein Wasserzeichen." + block, extensions=["abbr"])
    assert '<abbr title="Eine Programmierschnittstelle.">API</abbr>' in html
    assert '<abbr title="Eine Programmierschnittstelle.">APIs</abbr>' in html
    assert '<abbr title="Eine Markierung, die die Herkunft zeigt.">Wasserzeichen</abbr>' in html


def test_no_glossary_no_block() -> None:
    assert abbreviation_block([]) == ""
