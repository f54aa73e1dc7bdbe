"""Any language CLDR knows: the generator's words from gettext catalogues (English where a language
has none, said once), numbers, scale words and writing direction from CLDR, an optional data file
for what CLDR lacks; and every problem of a catalogue or data file located at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import mkdocs_build, snapshot
from explainer.core.diagnostics import ExplainerError
from explainer.lang import l10n
from explainer.lang.l10n import (
    LOCALE_DIR,
    STRING_KEYS,
    TEMPLATE,
    _read_data,
    catalog_path,
    english_words,
    load_language,
    read_catalog,
    text_direction,
)
from inprocess import run_main

SHIPPED = ("de", "en", "fr", "es", "it", "pt", "nl", "pl")
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/explainer.po"))


def test_the_template_has_every_key_once_with_its_placeholders() -> None:
    with TEMPLATE.open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    assert sorted(str(m.context) for m in messages) == sorted(STRING_KEYS)
    for message in messages:
        assert set(re.findall(r"\{(\w*)\}", str(message.id))) == set(STRING_KEYS[str(message.context)])
        assert ("python-brace-format" in message.flags) == bool(STRING_KEYS[str(message.context)]), message.context


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_shipped_catalogue_translates_every_word(path: Path) -> None:
    words = read_catalog(path)  # placeholders are checked while reading
    assert set(words) == set(STRING_KEYS), set(STRING_KEYS) - set(words)
    assert words["references"] != english_words()["references"]


def test_the_languages_the_issue_names_are_shipped() -> None:
    assert set(SHIPPED) <= set(l10n.available_languages())


@pytest.mark.parametrize(("code", "shown"), [("pt", "Referências"), ("pt-BR", "Referências"), ("nl", "Bronvermelding"),
                                             ("pl", None), ("de-CH", "Belege"), ("sv", "References"), ("ar", "References"),
                                             ("zh-Hant", "References")])
def test_any_language_cldr_knows_loads_with_its_catalogue_or_english(code: str, shown: str | None) -> None:
    language = load_language(code)
    assert set(language.strings) == set(STRING_KEYS)
    if shown:
        assert language.text("references") == shown
    assert (language.catalog is None) == (shown == "References")


@pytest.mark.parametrize(("code", "word", "power"), [("de", "milliarden", 9), ("pt", "milhões", 6), ("pl", "miliardów", 9),
                                                     ("ar", "مليون", 6), ("es", "mil millones", 9), ("nl", "miljard", 9)])
def test_scale_words_come_from_cldr(code: str, word: str, power: int) -> None:
    assert load_language(code).scale_words[word] == power


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("de", "ltr"), ("pt-BR", "ltr")])
def test_the_writing_direction_comes_from_cldr(code: str, direction: str) -> None:
    assert text_direction(code) == direction == load_language(code).direction


def test_a_regional_language_finds_its_languages_catalogue() -> None:
    assert catalog_path("pt-BR") == catalog_path("pt") == LOCALE_DIR / "pt/LC_MESSAGES/explainer.po"
    assert catalog_path("en-GB") == TEMPLATE and catalog_path("sv") is None


def damaged(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (LOCALE_DIR / "de/LC_MESSAGES/explainer.po").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "explainer.po"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(("old", "new", "expected"), [
    pytest.param('msgstr "Beleg {n}"', 'msgstr "Beleg"',
                 "'cite_label': placeholders do not match the source string — use {n} as in the msgid", id="placeholder-missing"),
    pytest.param('msgstr "Seite auf {host}"', 'msgstr "Seite auf {server}"',
                 "'page_at': placeholders do not match the source string — use {host} as in the msgid",
                 id="placeholder-renamed"),
    pytest.param('msgctxt "references"', 'msgctxt "refrences"', "unknown key 'refrences' (msgctxt) — did you mean "
                 "'references'?", id="misspelt-key"),
])
def test_catalogue_problems_are_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    path, line = damaged(tmp_path, old, new)
    with pytest.raises(ExplainerError) as raised:
        read_catalog(path)
    found = [str(d) for d in raised.value.diagnostics]
    assert len(found) == 1 and found[0].startswith(f"{path}:"), found
    assert expected in found[0], found
    assert abs(int(found[0].split(":")[1]) - line) <= 3, (found, line)  # the entry's first line


def test_an_untranslated_word_falls_back_to_english(tmp_path: Path) -> None:
    path, _ = damaged(tmp_path, 'msgstr "Belege"', 'msgstr ""')
    assert "references" not in read_catalog(path)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("numbers:\n", "nummern:\n", "unknown key 'nummern' — did you mean 'numbers'? known keys: numbers, function_words"),
    ("function_words:", "strings: {}\nfunction_words:", "unknown key 'strings' — the words the generator writes are in "
     "locale/<code>/LC_MESSAGES/explainer.po now"),
])
def test_language_data_file_problems_are_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = (l10n.DATA_DIR / "de.yml").read_text(encoding="utf-8")
    path = tmp_path / "de.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(ExplainerError) as raised:
        _read_data(path)
    assert [str(d) for d in raised.value.diagnostics] == [f"{path}:{line}: {expected}"]


# The two-language fixture's pages in Portuguese: what a Portuguese and a Swedish build show.
PORTUGUESE = {
    "index.md": """---
title: A inundação da biblioteca explicada
description: O que aconteceu quando a água inundou a biblioteca municipal de Beispielstadt – cada afirmação com fonte.
---

# A inundação da biblioteca explicada {#home}

!!! abstract "Em resumo"

    Em novembro de 2024, a cave da biblioteca municipal de Beispielstadt ficou inundada [@bericht].
    A biblioteca fechou durante pelo menos três semanas [@bericht, "mindestens drei Wochen geschlossen"].

## Continuar a ler {#read-on}

- [O relatório](report.md): o que aconteceu e quanto custa.
  {: .editorial }
- [Glossário](glossary.md) e [Fontes](sources.md).
  {: .editorial }
""",
    "report.md": """---
title: O relatório
description: O dano causado pela água na biblioteca municipal, as consequências e os custos.
---

# O relatório {#report}

!!! abstract "Em resumo"

    Em 24 de novembro de 2024, um cano rebentado inundou a cave da biblioteca [@bericht].

## O que aconteceu {#what-happened}

Na noite de 24 de novembro de 2024 rebentou um cano na cave; cerca de 1.234 livros ficaram debaixo
de água [@bericht, "rund 1.234 Bücher"]. A diretora falou de um dia negro para a cidade
[@bericht, "schwarzen Tag für die Stadt"].

| Data | Acontecimento |
|---|---|
| 24 de novembro de 2024 | Cano rebentado na cave [@bericht] |
| 26 de novembro de 2024 | Notícia no Beispielblatt [@bericht] |

## Os custos {#costs}

A cidade estima os danos em 1.500.000 euros [@bericht, "1,5 Millionen Euro"]. Uma parte estará coberta
pelo seguro [@bericht; @example]. A assembleia municipal discutiu o assunto em 2 de dezembro de 2024
[@stadtrat]. Mais no [glossário](glossary.md#terms).
""",
    "glossary.md": """---
title: Glossário
description: Os termos que aparecem na história.
glossary: true
---

# Glossário {#glossary}

## Termos {#terms}

Cano rebentado
:   Um cano de água que se rompeu. Segundo a notícia, rebentou um cano na cave da biblioteca [@bericht].

Seguro
:   Um contrato que paga um prejuízo. Segundo a notícia, parte dos danos está coberta [@bericht].
""",
    "sources.md": """---
title: "Fontes"
description: "Todas as obras que este site cita e todas as obras que os seus textos de origem referem."
---

# Fontes {#sources}

Todas as obras que este site cita e todas as obras que os seus textos de origem referem.
{: .editorial }

::: bibliography
""",
}



def add_language(root: Path, code: str, name: str, pages: dict[str, str]) -> int:
    """Build ``code`` too (docs/<code>/ with ``pages``, synced); the line of its ``- locale:``."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = f'        - locale: {code}\n          name: "{name}"\n          build: true\n'
    at = text.index("  - explainer:")
    config.write_text(text[:at] + entry + text[at:], encoding="utf-8")
    (root / "docs" / code).mkdir()
    for page, body in pages.items():
        (root / "docs" / code / page).write_text(body, encoding="utf-8")
    synced = run_main(root, "sync", "--lang", code, "--all")
    assert synced.code == 0, synced.output
    return text[:at].count("\n") + 1


def test_a_language_without_a_catalogue_is_one_located_warning_in_check(two: Path) -> None:
    line = add_language(two, "sv", "Svenska", PORTUGUESE)
    before = snapshot(two)
    result = run_main(two, "check")
    warnings = [row for row in result.err.splitlines() if "warning:" in row]
    assert warnings == [f"mkdocs.yml:{line}: warning: no translation of the generator's own words into Swedish ('sv'): "
                        "its pages show them in English (\"References\", \"Cite this page\" …) — translate explainer.pot "
                        "into explainer/lang/locale/sv/LC_MESSAGES/explainer.po (Poedit, Weblate), or give the words "
                        "under the explainer plugin's 'strings: sv:'"], result.err
    assert "Traceback" not in result.output
    assert snapshot(two) == before


@pytest.mark.build
def test_portuguese_builds_with_its_own_words(two: Path, tmp_path: Path) -> None:
    """(A language without a catalogue builds with English words: the adopter's Arabic, tests/test_adopter.py.)"""
    from bs4 import BeautifulSoup

    add_language(two, "pt", "Português", PORTUGUESE)
    result = mkdocs_build(two, tmp_path / "site")
    assert result.code == 0, result.output
    assert "no translation of the generator's own words" not in result.output
    page = BeautifulSoup((tmp_path / "site/pt/report/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "pt"
    assert page.find("h2", id="references").get_text(strip=True).startswith("Referências")
    assert page.select_one("sup.citation a.citation-ref")["aria-label"] == "Fonte 1"
