"""Parity of a page and its translation: one fixture per drift that must be caught, and
fixtures that must not fire."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.checks.numbers import extract_numbers
from explainer.checks.parity import compare_pages
from explainer.model.pages import parse_page

GERMAN = """---
title: Das Leak
description: Was geschah.
---

# Das Leak {#the-leak}

!!! abstract "Kurz gesagt"

    Die Gruppe nannte es „PR Puppet Sora“ [@t3n, "PR Puppet Sora"].

## Was geschah {#what-happened}

Am 26. November 2024 berichtete Mindverse über das Leak [@mindverse]. Das Unternehmen ist
150 Milliarden US-Dollar wert, die Clips hatten 1080p und dauerten zehn Sekunden [@t3n].
Siehe [die Reaktion](response.md#the-two-accounts) und [GitHub](https://github.com/genmoai/mochi).

| Modell | Lizenz |
|---|---|
| Mochi 1 | Apache-2.0 [@mochi-repo] |
| LTX-Video | 0.9 RAIL-M, 1.234,5 Punkte [@ltx-video-repo] |

```
code [@x]
```
"""

ENGLISH = """---
title: The leak
description: What happened.
---

# The leak {#the-leak}

!!! abstract "In brief"

    The group called it „PR Puppet Sora“ [@t3n, "PR Puppet Sora"].

## What happened {#what-happened}

On November 26, 2024, Mindverse reported on the leak [@mindverse]. The company is worth
150 billion US dollars, the clips had 1080p and lasted ten seconds [@t3n].
See [the response](response.md#the-two-accounts) and [GitHub](https://github.com/genmoai/mochi).

| Model | Licence |
|---|---|
| Mochi 1 | Apache-2.0 [@mochi-repo] |
| LTX-Video | 0.9 RAIL-M, 1,234.5 points [@ltx-video-repo] |

```
code [@x]
```
"""


def findings(german: str, english: str) -> list[str]:
    de = parse_page(german, Path("docs/de/leak.md"), "leak.md")
    en = parse_page(english, Path("docs/en/leak.md"), "leak.md")
    return [str(d) for d in compare_pages(de, en, "de", "en")]


def test_faithful_translation_is_clean() -> None:
    assert findings(GERMAN, ENGLISH) == []


@pytest.mark.parametrize(("english", "expected"), [
    pytest.param(ENGLISH.replace("## What happened {#what-happened}", "### What happened {#what-happened}"),
                 "docs/en/leak.md:12: heading tree differs from the German at heading 2: German ## {#what-happened}, "
                 "English ### {#what-happened}", id="heading-level"),
    pytest.param(ENGLISH.replace("{#what-happened}", "{#what-occurred}"),
                 "heading tree differs from the German at heading 2: German ## {#what-happened}, English ## {#what-occurred}",
                 id="heading-id"),
    pytest.param(ENGLISH.replace("## What happened {#what-happened}\n", ""),
                 "heading tree differs from the German at heading 2", id="heading-missing"),
    pytest.param(ENGLISH.replace("## What happened {#what-happened}", "## What happened"),
                 "docs/en/leak.md:12: heading 'What happened' has no explicit ID", id="heading-without-id"),
    pytest.param(ENGLISH.replace("[@mindverse]", "[@t3n]"),
                 "docs/en/leak.md:12: section #what-happened: citations differ: German [@mindverse, @t3n, @mochi-repo, "
                 "@ltx-video-repo], English [@t3n, @t3n, @mochi-repo, @ltx-video-repo]", id="citation-id"),
    pytest.param(ENGLISH.replace('[@t3n, "PR Puppet Sora"]', '[@t3n, "PR Puppet"]'),
                 "section #the-leak: citations differ", id="quote-locator"),
    pytest.param(ENGLISH.replace("1080p", "720p"),
                 "docs/en/leak.md:12: section #what-happened: number 1080 is in German but not in English", id="number"),
    pytest.param(ENGLISH.replace("150 billion", "15 billion"),
                 "section #what-happened: number 150000000000 is in German but not in English", id="scaled-number"),
    pytest.param(ENGLISH.replace("November 26, 2024", "November 25, 2024"),
                 "section #what-happened: number 2024-11-26 is in German but not in English", id="date"),
    pytest.param(ENGLISH.replace("1,234.5", "1,234"),
                 "section #what-happened: number 1234.5 is in German but not in English", id="decimal"),
    pytest.param(ENGLISH.replace("response.md#the-two-accounts", "response.md"),
                 "section #what-happened: link response.md#the-two-accounts is in German but not in English",
                 id="internal-link"),
    pytest.param(ENGLISH.replace("https://github.com/genmoai/mochi", "https://github.com/genmoai"),
                 "section #what-happened: link https://github.com/genmoai/mochi is in German but not in English",
                 id="external-url"),
    pytest.param(ENGLISH.replace("| Mochi 1 | Apache-2.0 [@mochi-repo] |\n", ""),
                 "section #what-happened: tables differ (rows × columns): German 3×2, English 2×2", id="table-rows"),
    pytest.param(ENGLISH.replace('!!! abstract "In brief"', '!!! note "In brief"'),
                 "section #the-leak: admonitions differ: German ['abstract'], English ['note']", id="admonition"),
    pytest.param(ENGLISH.replace("```\ncode [@x]\n```\n", ""),
                 "section #what-happened: code blocks differ: German 1, English 0", id="code-block"),
    pytest.param(ENGLISH.replace("See [the response]", "![Bild](bild.png) See [the response]"),
                 "section #what-happened: image bild.png is in English but not in German", id="image"),
    pytest.param(ENGLISH.replace("The group called it „PR Puppet Sora“",
                                 "Die Gruppe nannte es „PR Puppet Sora“, und das ist nicht mit der Sache"),
                 "section #the-leak: paragraph reads as German, not English", id="untranslated-german"),
    pytest.param(ENGLISH.replace(
        "On November 26, 2024, Mindverse reported on the leak [@mindverse]. The company is worth\n"
        "150 billion US dollars, the clips had 1080p and lasted ten seconds [@t3n].\n"
        "See [the response](response.md#the-two-accounts) and [GitHub](https://github.com/genmoai/mochi).",
        "Am 26. November 2024 berichtete Mindverse über das Leak [@mindverse]. Das Unternehmen ist\n"
        "150 Milliarden US-Dollar wert, die Clips hatten 1080p und dauerten zehn Sekunden [@t3n].\n"
        "Siehe [die Reaktion](response.md#the-two-accounts) und [GitHub](https://github.com/genmoai/mochi)."),
        "section #what-happened: paragraph is identical to the German, not translated", id="identical-paragraph"),
])
def test_drift_is_caught(english: str, expected: str) -> None:
    assert english != ENGLISH, "fixture did not change anything"
    found = findings(GERMAN, english)
    assert any(expected in f for f in found), "\n".join(found)


@pytest.mark.parametrize("english", [
    pytest.param(ENGLISH.replace("On November 26, 2024, Mindverse reported", "Mindverse reported on 26 November 2024"),
                 id="reordered-words-and-date-format"),
    pytest.param(ENGLISH.replace("## What happened {#what-happened}", "## The events {#what-happened}"),
                 id="translated-heading-same-id"),
    pytest.param(ENGLISH.replace("150 billion US dollars", "US$150 billion"), id="number-format"),
    pytest.param(ENGLISH.replace(
        "The group called it „PR Puppet Sora“",
        "The group wrote „Wir haben Zugang zu Sora bekommen und uns wurde das versprochen“ (“we got access”)"),
        id="german-quote-kept-in-english"),
    pytest.param(ENGLISH.replace("Mindverse reported", "Mindverse, t3n and Hugging Face reported"), id="proper-names"),
])
def test_no_false_alarm(english: str) -> None:
    assert findings(GERMAN, english) == []


@pytest.mark.parametrize(("german", "english"), [
    ("150 Milliarden", "150 billion"),
    ("26. November 2024", "November 26, 2024"),
    ("26. November 2024", "26 November 2024"),
    ("1.234,5", "1,234.5"),
    ("am 3. Tag", "on the 3rd day"),
    ("Februar 2024", "February 2024"),
    ("2,5 Millionen", "2.5 million"),
    ("Version 0.9.0", "version 0.9.0"),
    ("LTX Video 0.9 RAIL-M", "LTX Video 0.9 RAIL-M"),
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
    quote_de = "Sie arbeiten „für ein Unternehmen, das 150 Milliarden US-Dollar“ wert ist [@t3n]."
    quote_en = ("They work „für ein Unternehmen, das 150 Milliarden US-Dollar“ (“for a company worth 150 billion "
                "US dollars”) [@t3n].")
    german = GERMAN.replace("Die Gruppe nannte es „PR Puppet Sora“", quote_de[:-8] + " Sora")
    english = ENGLISH.replace("The group called it „PR Puppet Sora“", quote_en[:-8] + " Sora")
    assert findings(german, english) == []
