"""Parity of a page and its translation: one fixture per drift that must be caught, and
fixtures that must not fire. The pages tell the two-language fixture's story (a flooded library,
``tests/fixtures/two-languages``); the quotes occur in its article ``bericht.txt``."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from explainer.checks.numbers import extract_numbers
from explainer.checks.parity import compare_pages
from explainer.model.pages import parse_page

GERMAN = """---
title: Der Bericht
description: Was geschah.
---

# Der Bericht {#report}

!!! abstract "Kurz gesagt"

    Die Leiterin sprach von einem „schwarzen Tag für die Stadt“ [@bericht, "schwarzen Tag für die Stadt"].

## Was geschah {#what-happened}

Am 26. November 2024 berichtete das Beispielblatt über den Wasserschaden [@bericht]. Der Schaden
beträgt 1,5 Millionen Euro, 1080 Bücher sind betroffen und die Bibliothek bleibt drei Wochen zu [@stadtrat].
Siehe [das Glossar](glossary.md#terms) und [das Protokoll](https://example.org/stadtrat/protokoll).

| Raum | Schaden |
|---|---|
| Keller | 1.234 Bücher [@bericht] |
| Lesesaal | 1.234,5 Liter Wasser [@example] |

```
code [@x]
```
"""

ENGLISH = """---
title: The report
description: What happened.
---

# The report {#report}

!!! abstract "In brief"

    The director spoke of a „schwarzen Tag für die Stadt“ [@bericht, "schwarzen Tag für die Stadt"].

## What happened {#what-happened}

On November 26, 2024, the Beispielblatt reported on the water damage [@bericht]. The damage
amounts to 1.5 million euros, 1080 books are affected and the library stays closed for three weeks [@stadtrat].
See [the glossary](glossary.md#terms) and [the minutes](https://example.org/stadtrat/protokoll).

| Room | Damage |
|---|---|
| Basement | 1,234 books [@bericht] |
| Reading room | 1,234.5 litres of water [@example] |

```
code [@x]
```
"""

WHAT_HAPPENED_DE = GERMAN[GERMAN.index("Am 26. November"):GERMAN.index("\n\n| Raum")]
WHAT_HAPPENED_EN = ENGLISH[ENGLISH.index("On November 26"):ENGLISH.index("\n\n| Room")]


def findings(german: str, english: str) -> list[str]:
    de = parse_page(german, Path("docs/de/report.md"), "report.md")
    en = parse_page(english, Path("docs/en/report.md"), "report.md")
    return [str(d) for d in compare_pages(de, en, "de", "en")]


def test_faithful_translation_is_clean() -> None:
    assert findings(GERMAN, ENGLISH) == []


@pytest.mark.parametrize(("english", "expected"), [
    pytest.param(ENGLISH.replace("## What happened {#what-happened}", "### What happened {#what-happened}"),
                 "docs/en/report.md:12: heading tree differs from the German at heading 2: German ## {#what-happened}, "
                 "English ### {#what-happened}", id="heading-level"),
    pytest.param(ENGLISH.replace("{#what-happened}", "{#what-occurred}"),
                 "heading tree differs from the German at heading 2: German ## {#what-happened}, English ## {#what-occurred}",
                 id="heading-id"),
    pytest.param(ENGLISH.replace("## What happened {#what-happened}\n", ""),
                 "heading tree differs from the German at heading 2", id="heading-missing"),
    pytest.param(ENGLISH.replace("## What happened {#what-happened}", "## What happened"),
                 "docs/en/report.md:12: heading 'What happened' has no explicit ID", id="heading-without-id"),
    pytest.param(ENGLISH.replace("[@stadtrat]", "[@bericht]"),
                 "docs/en/report.md:12: section #what-happened: citations differ: German [@bericht, @stadtrat, "
                 "@bericht, @example], English [@bericht, @bericht, @bericht, @example]", id="citation-id"),
    pytest.param(ENGLISH.replace('[@bericht, "schwarzen Tag für die Stadt"]', '[@bericht, "schwarzen Tag"]'),
                 "section #report: citations differ", id="quote-locator"),
    pytest.param(ENGLISH.replace("1080 books", "720 books"),
                 "docs/en/report.md:15: section #what-happened: number 1080 in German is 720 in English", id="number"),
    pytest.param(ENGLISH.replace("1.5 million", "15 million"),
                 "report.md:15: section #what-happened: amount 1500000 EUR in German is 15000000 EUR in English",
                 id="scaled-number"),
    pytest.param(ENGLISH.replace("November 26, 2024", "November 25, 2024"),
                 "report.md:14: section #what-happened: number 2024-11-26 in German is 2024-11-25 in English", id="date"),
    pytest.param(ENGLISH.replace("1,234.5", "1,234"),
                 "report.md:21: section #what-happened: number 1234.5 in German is 1234 in English", id="decimal"),
    pytest.param(ENGLISH.replace("glossary.md#terms", "glossary.md"),
                 "section #what-happened: link glossary.md#terms is in German but not in English",
                 id="internal-link"),
    pytest.param(ENGLISH.replace("https://example.org/stadtrat/protokoll", "https://example.org/stadtrat"),
                 "section #what-happened: link https://example.org/stadtrat/protokoll is in German but not in English",
                 id="external-url"),
    pytest.param(ENGLISH.replace("| Basement | 1,234 books [@bericht] |\n", ""),
                 "section #what-happened: tables differ (rows × columns): German 3×2, English 2×2", id="table-rows"),
    pytest.param(ENGLISH.replace('!!! abstract "In brief"', '!!! note "In brief"'),
                 "section #report: admonitions differ: German ['abstract'], English ['note']", id="admonition"),
    pytest.param(ENGLISH.replace("```\ncode [@x]\n```\n", ""),
                 "section #what-happened: code blocks differ: German 1, English 0", id="code-block"),
    pytest.param(ENGLISH.replace("See [the glossary]", "![Bild](bild.png) See [the glossary]"),
                 "section #what-happened: image bild.png is in English but not in German", id="image"),
    pytest.param(ENGLISH.replace("The director spoke of a „schwarzen Tag für die Stadt“",
                                 "Die Leiterin sprach von einem „schwarzen Tag für die Stadt“, und das ist nicht mit "
                                 "der Sache"),
                 "section #report: paragraph reads as German, not English", id="untranslated-german"),
    pytest.param(ENGLISH.replace(WHAT_HAPPENED_EN, WHAT_HAPPENED_DE),
                 "section #what-happened: paragraph is identical to the German, not translated", id="identical-paragraph"),
])
def test_drift_is_caught(english: str, expected: str) -> None:
    assert english != ENGLISH, "fixture did not change anything"
    found = findings(GERMAN, english)
    assert any(expected in f for f in found), "\n".join(found)


@pytest.mark.parametrize("english", [
    pytest.param(ENGLISH.replace("On November 26, 2024, the Beispielblatt reported",
                                 "The Beispielblatt reported on 26 November 2024"),
                 id="reordered-words-and-date-format"),
    pytest.param(ENGLISH.replace("## What happened {#what-happened}", "## The events {#what-happened}"),
                 id="translated-heading-same-id"),
    pytest.param(ENGLISH.replace("1.5 million euros", "€1.5 million"), id="number-format"),
    pytest.param(ENGLISH.replace(
        "The director spoke of a „schwarzen Tag für die Stadt“",
        "The director said „das ist ein schwarzer Tag für die Stadt und nicht nur für uns“ (“a dark day”)"),
        id="german-quote-kept-in-english"),
    pytest.param(ENGLISH.replace("the Beispielblatt reported",
                                 "the Beispielblatt, Example News and the Stadt Beispielstadt reported"),
                 id="proper-names"),
])
def test_no_false_alarm(english: str) -> None:
    assert english != ENGLISH, "fixture did not change anything"
    assert findings(GERMAN, english) == []


@pytest.mark.parametrize(("german", "english"), [
    ("150 Milliarden", "150 billion"),
    ("26. November 2024", "November 26, 2024"),
    ("26. November 2024", "26 November 2024"),
    ("1.234,5", "1,234.5"),
    ("am 3. Tag", "on the 3rd day"),
    ("Februar 2024", "February 2024"),
    ("2,5 Millionen", "2.5 million"),
    ("1.500.000 Euro", "1,500,000 euros"),
    ("Version 0.9.0", "version 0.9.0"),
    ("Lizenz 0.9 RAIL-M", "licence 0.9 RAIL-M"),
    ("10 %", "10%"),
])
def test_number_formats_normalise(german: str, english: str) -> None:
    assert extract_numbers(german, "de") == extract_numbers(english, "en") != {}


@pytest.mark.parametrize(("text", "lang", "dates"), [
    ("Am 26. November 2024 und am 1. Dez. 2024", "de", ["2024-11-26", "2024-12-01"]),
    ("November 26, 2024; Sept. 2023", "en", ["2024-11-26", "2023-09"]),
    ("Im Jahr 2024 November 2025", "de", ["2025-11"]),   # "24 November 2025" is no date
    ("Xmai 2024, Seite 12, 2024, in 2024", "de", []),   # no month, or a month inside a word
    ("am 3.\n   Mai\n 2020", "de", ["2020-05-03"]),      # line breaks between the parts
])
def test_dates_found(text: str, lang: str, dates: list[str]) -> None:
    assert [token for token in extract_numbers(text, lang) if "-" in token] == dates


def test_numbers_inside_kept_german_quotes_count_once() -> None:
    german = GERMAN.replace("Die Leiterin sprach von einem „schwarzen Tag für die Stadt“",
                            "Die Stadt schätzt „den Schaden auf 1,5 Millionen Euro“")
    english = ENGLISH.replace("The director spoke of a „schwarzen Tag für die Stadt“",
                              "The city puts „den Schaden auf 1,5 Millionen Euro“ (“the damage at 1.5 million euros”)")
    assert german != GERMAN and english != ENGLISH
    assert findings(german, english) == []


def fixture_page(name: str, lang: str, page: str):
    path = FIXTURES / name / "docs" / lang / page
    return parse_page(path.read_text(encoding="utf-8"), path, page)


@pytest.mark.parametrize("page", ["index.md", "report.md", "sources.md"])
@pytest.mark.parametrize("lang", ["de", "fr"])
def test_three_language_fixture_is_in_parity_with_its_english_source(lang: str, page: str) -> None:
    source = fixture_page("three-languages", "en", page)
    assert compare_pages(source, fixture_page("three-languages", lang, page), "en", lang) == []


def test_french_drift_from_an_english_source_is_named_in_french_and_english_terms() -> None:
    source = fixture_page("three-languages", "en", "report.md")
    french = fixture_page("three-languages", "fr", "report.md")
    changed = parse_page(french.source.replace("1 234 livres", "1 243 livres"), french.path, "report.md")
    fix = "make the French say what the English says"
    assert [(d.path, d.line, d.message, d.fix) for d in compare_pages(source, changed, "en", "fr")] == [
        (str(french.path), 10, "section #report: number 1234 in English is 1243 in French", fix)]  # its line


# ---------------------------------------------------------------- links and images by where they lead (issue 17)

def pages_at(rel: str, german_target: str, english_target: str) -> list[str]:
    """Parity findings of a page ``rel`` whose image is written ``german_target`` and ``english_target``."""
    body = "---\ntitle: {t}\ndescription: {t}\n---\n\n# {t} {{#x}}\n\n![{t}]({target})\n{{: .editorial }}\n"
    de = parse_page(body.format(t="Der Keller", target=german_target), Path(f"docs/de/{rel}"), rel)
    en = parse_page(body.format(t="The basement", target=english_target), Path(f"docs/en/{rel}"), rel)
    return [str(d) for d in compare_pages(de, en, "de", "en")]


@pytest.mark.parametrize(("rel", "german", "english"), [
    pytest.param("a.md", "../assets/x.png", "./../assets/x.png", id="dot-segment"),
    pytest.param("a.md", "../assets/x.png", "../assets/../assets/x.png", id="up-and-down"),
    pytest.param("topics/a.md", "../../assets/x.png", "../../assets/x.png", id="subfolder"),
    pytest.param("a.md", "../assets/x.png", "../../assets/x.png", id="one-level-too-far-is-reported-elsewhere"),
    pytest.param("a.md", "bild.png", "./bild.png", id="language-folder-image"),
    pytest.param("a.md", "https://example.org/x.png", "https://example.org/x.png", id="url"),
])
def test_images_compare_by_where_they_lead(rel: str, german: str, english: str) -> None:
    assert pages_at(rel, german, english) == []


def test_a_shared_image_and_one_of_the_language_folder_differ() -> None:
    assert pages_at("a.md", "../assets/x.png", "assets/x.png") == [
        "docs/en/a.md:6: section #x: image ../assets/x.png is in German but not in English — make the English say what "
        "the German says",
        "docs/en/a.md:6: section #x: image assets/x.png is in English but not in German — make the English say what the "
        "German says"]


def test_links_compare_by_where_they_lead() -> None:
    assert findings(GERMAN, ENGLISH.replace("(glossary.md#terms)", "(./glossary.md#terms)")) == []
    found = findings(GERMAN, ENGLISH.replace("(glossary.md#terms)", "(../glossary.md#terms)"))  # docs/glossary.md
    assert [f.split(": ", 2)[2].split(" —")[0] for f in found] == [
        "link glossary.md#terms is in German but not in English", "link ../glossary.md#terms is in English but not in German"]


def test_a_spanish_to_french_translation_keeps_the_numbers_of_its_own_quotations() -> None:
    """Both use « »: the French page's quotations, translated, are its own words and their numbers
    count. (Skipping the source language's marks dropped French « 3 millions »: a false mismatch.)"""
    head = "---\ntitle: T\ndescription: D\n---\n\n# T {#t}\n\n"
    spanish = parse_page(head + "El informe habla de «3 millones de euros» perdidos [@bericht].\n",
                         Path("docs/es/report.md"), "report.md")
    french = parse_page(head + "Le rapport parle de « 3 millions d’euros » perdus [@bericht].\n",
                        Path("docs/fr/report.md"), "report.md")
    assert [str(d) for d in compare_pages(spanish, french, "es", "fr")] == []
    changed = parse_page(head + "Le rapport parle de « 4 millions d’euros » perdus [@bericht].\n",
                         Path("docs/fr/report.md"), "report.md")
    assert any("4" in str(d) for d in compare_pages(spanish, changed, "es", "fr"))
