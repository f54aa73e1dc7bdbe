"""Numbers that mean the same are the same, in German, English, French, Spanish and Italian:
spelled out, times and time zones, percentages, ranges, currencies and units; a decimal mark wrong
for the locale is a finding; a mismatch names the number's line; a number in a cited sentence must
be in the cited work; the summary counts only quotes that were found."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from explainer.checks.figures import decimal_findings, unsupported_numbers
from explainer.checks.numbers import describe, extract_numbers
from explainer.checks.parity import compare_pages, compare_sections
from explainer.cli.main import main
from explainer.model.library import Library, load_library
from explainer.model.pages import parse_page


def section(text: str, lang: str):
    page = parse_page(f"---\ntitle: T\n---\n\n# T {{#t}}\n\n{text}\n", Path(f"docs/{lang}/p.md"), "p.md")
    (only,) = page.sections
    return only


# (language, text, the tokens it must give)
SAME = [
    # spelled out, from three up
    ("es", "Cinco horas y media", {"5": 1}),
    ("en", "five hours", {"5": 1}),
    ("de", "fünf Stunden", {"5": 1}),
    ("fr", "cinq heures", {"5": 1}),
    ("it", "cinque ore", {"5": 1}),
    ("en", "twenty-four frames", {"24": 1}),
    ("de", "vierundzwanzig Bilder", {"24": 1}),
    ("fr", "vingt-quatre images", {"24": 1}),
    ("es", "veinticuatro imágenes", {"24": 1}),
    ("en", "hundreds of artists", {}),  # a vague plural is no number
    ("de", "Hunderte Besucher", {}),
    ("en", "one of two models", {}),  # one and two are words of every sentence
    # times and time zones
    ("de", "um 18:00 Uhr MEZ", {"time:18:00 CET": 1}),
    ("en", "at 6 p.m. CET", {"time:18:00 CET": 1}),
    ("en", "at 6:30 pm", {"time:18:30": 1}),
    ("fr", "à 18 h 30", {"time:18:30": 1}),
    ("fr", "à 18h", {"time:18:00": 1}),
    ("es", "a las 18:30", {"time:18:30": 1}),
    ("de", "gegen 18.30 Uhr", {"time:18:30": 1}),
    ("en", "at 14:00 UTC+1", {"time:14:00 UTC+1": 1}),
    # percentages
    ("de", "10 Prozent", {"percent:10": 1}),
    ("de", "10 %", {"percent:10": 1}),
    ("en", "10 per cent", {"percent:10": 1}),
    ("en", "10%", {"percent:10": 1}),
    ("fr", "10 pour cent", {"percent:10": 1}),
    ("es", "10 por ciento", {"percent:10": 1}),
    ("it", "2,5 per cento", {"percent:2.5": 1}),
    # ranges
    ("de", "1–2 Millionen", {"range:1000000–2000000": 1}),
    ("en", "1 to 2 million", {"range:1000000–2000000": 1}),
    ("fr", "1 à 2 millions", {"range:1000000–2000000": 1}),
    ("es", "de 1 a 2 millones", {"range:1000000–2000000": 1}),
    ("en", "CogVideoX1.5-5B", {"5": 1}),  # a name, no range
    # currencies and units
    ("de", "150 Milliarden Dollar", {"amount:150000000000 USD": 1}),
    ("en", "$150 billion", {"amount:150000000000 USD": 1}),
    ("fr", "150 milliards de dollars", {"amount:150000000000 USD": 1}),
    ("es", "150 mil millones de dólares", {"amount:150000000000 USD": 1}),
    ("it", "150 miliardi di dollari", {"amount:150000000000 USD": 1}),
    ("de", "1,5 Millionen Euro", {"amount:1500000 EUR": 1}),
    ("en", "€1.5 million", {"amount:1500000 EUR": 1}),
    ("fr", "0,23 Hz", {"quantity:0.23 Hz": 1}),
    ("en", "0.23 Hz", {"quantity:0.23 Hz": 1}),
    ("de", "24 fps", {"quantity:24 fps": 1}),
]


@pytest.mark.parametrize(("lang", "text", "tokens"), SAME)
def test_numbers_read_as_what_they_mean(lang: str, text: str, tokens: dict[str, int]) -> None:
    assert dict(extract_numbers(text, lang)) == tokens


# (source language, source, translation language, translation, the one finding)
MISMATCHES = [
    ("es", "Cinco horas y media después.", "en", "Six hours later.", "number 5 in Spanish is 6 in English"),
    ("de", "Nach fünf Stunden.", "fr", "Après six heures.", "number 5 in German is 6 in French"),
    ("de", "Um 18:00 Uhr.", "en", "At 18:30.", "time 18:00 in German is 18:30 in English"),
    ("en", "At 6 p.m. CET.", "de", "Um 18:00 Uhr UTC.", "time 18:00 CET in English is 18:00 UTC in German"),
    ("fr", "À 18 h 30.", "es", "A las 18:00.", "time 18:30 in French is 18:00 in Spanish"),
    ("de", "10 Prozent", "en", "20 per cent", "percentage 10 % in German is 20 % in English"),
    ("en", "10%", "it", "20 per cento", "percentage 10 % in English is 20 % in Italian"),
    ("de", "1–2 Millionen", "en", "1 to 3 million", "range 1000000–2000000 in German is 1000000–3000000 in English"),
    ("de", "150 Milliarden Dollar", "en", "150 billion euros",
     "amount 150000000000 USD in German is 150000000000 EUR in English"),
    ("en", "0.23 Hz", "fr", "0,32 Hz", "quantity 0.23 Hz in English is 0.32 Hz in French"),
]


@pytest.mark.parametrize(("src_lang", "src", "dst_lang", "dst", "expected"), MISMATCHES)
def test_a_changed_number_is_one_mismatch_named_by_kind(src_lang: str, src: str, dst_lang: str, dst: str,
                                                         expected: str) -> None:
    assert compare_sections(section(src, src_lang), section(dst, dst_lang), src_lang, dst_lang) == [expected]


@pytest.mark.parametrize(("src_lang", "src", "dst_lang", "dst"), [
    ("es", "Cinco horas y media después.", "en", "Five and a half hours later."),
    ("de", "Um 18:00 Uhr MEZ.", "en", "At 6 p.m. CET."),
    ("de", "10 Prozent von 1–2 Millionen Euro", "fr", "10 % de 1 à 2 millions d’euros"),
    ("it", "150 miliardi di dollari", "es", "150 mil millones de dólares"),
    ("de", "drei Stunden", "en", "three hours"),
    ("de", "drei Stunden", "en", "3 hours"),  # a word and digits mean the same
])
def test_the_same_numbers_written_otherwise_pass(src_lang: str, src: str, dst_lang: str, dst: str) -> None:
    assert compare_sections(section(src, src_lang), section(dst, dst_lang), src_lang, dst_lang) == []


def test_a_range_is_not_its_digits_joined() -> None:
    assert compare_sections(section("1–2 Millionen", "de"), section("12 million", "en"), "de", "en") == [
        "range 1000000–2000000 is in German but not in English", "number 12000000 is in English but not in German"]


def test_a_mismatch_is_located_at_the_numbers_line() -> None:
    german = parse_page("---\ntitle: T\n---\n\n# T {#t}\n\nErste Zeile.\n\nUm 18:00 Uhr.\n", Path("docs/de/p.md"), "p.md")
    english = parse_page("---\ntitle: T\n---\n\n# T {#t}\n\nFirst line.\n\nAt 18:30.\n", Path("docs/en/p.md"), "p.md")
    [finding] = compare_pages(german, english, "de", "en")
    assert (finding.line, finding.message) == (9, "section #t: time 18:00 in German is 18:30 in English")


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("fr", "La fréquence était de 0.23 Hz.", "0.23: French writes the decimal mark as ','"),
    ("fr", "Un coût de 1.5 million d’euros.", "1.5: French writes the decimal mark as ','"),
    ("de", "Es waren 2.5 Prozent.", "2.5: German writes the decimal mark as ','"),
    ("es", "Costó 2.5 millones.", "2.5: Spanish writes the decimal mark as ','"),
    ("en", "It cost 2,5 million.", "2,5: English writes the decimal mark as '.'"),
    ("it", "Il 2.5 per cento.", "2.5: Italian writes the decimal mark as ','"),
])
def test_a_decimal_mark_wrong_for_the_locale_is_found(lang: str, text: str, expected: str) -> None:
    page = parse_page(f"---\ntitle: T\n---\n\n{text}\n", Path(f"docs/{lang}/p.md"), "p.md")
    [finding] = decimal_findings(page, lang)
    assert (finding.line, finding.message) == (5, expected)


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "La version 0.9 de LTX Video, 1 234,5 tonnes."), ("de", "1.234 Hz und 0,23 Hz"), ("en", "1,234 Hz, 0.23 Hz"),
    ("es", "1.234,5 toneladas"),
])
def test_right_decimal_marks_and_names_pass(lang: str, text: str) -> None:
    page = parse_page(f"---\ntitle: T\n---\n\n{text}\n", Path(f"docs/{lang}/p.md"), "p.md")
    assert decimal_findings(page, lang) == []


# ---------------------------------------------------------------- numbers must be in what they cite

ARTICLES = {
    "nachricht": ("de", "Nach etwa drei Stunden wurde der Zugang am 26. November 2024 gesperrt. 300 Besucher "
                        "waren beteiligt, 10 Prozent davon unbezahlt."),
    "nouvelle": ("fr", "Le modèle produit des vidéos de dix secondes à 0,23 Hz. Cela a coûté 1,5 million d’euros."),
    "noticia": ("es", "Cinco horas y media después, el modelo desapareció."),
    "news": ("en", "About 1,234 books were damaged; 980 of them could be restored."),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    sources = tmp_path_factory.mktemp("n") / "sources"
    (sources / "articles").mkdir(parents=True)
    entries = []
    for work_id, (lang, text) in ARTICLES.items():
        raw = f"{work_id.title()}\n\n{text}\n"
        (sources / f"articles/{work_id}.txt").write_text(raw, encoding="utf-8")
        entries.append(f"  - id: {work_id}\n    file: articles/{work_id}.txt\n"
                       f"    sha256: {hashlib.sha256(raw.encode()).hexdigest()}\n"
                       f"    url: https://example.net/{work_id}\n    title: \"{work_id}\"\n"
                       f"    publisher: Example\n    date: 2024-11-26\n    language: {lang}\n")
    (sources / "articles.yml").write_text("articles:\n" + "".join(entries), encoding="utf-8")
    (sources / "cleaning.yml").write_text("rules: []\n", encoding="utf-8")
    (sources / "bibliography.yml").write_text("entries:\n  - id: repo\n    url: https://example.org/r\n"
                                              "    title: R\n    publisher: P\n    language: en\n", encoding="utf-8")
    return load_library(sources)


SUPPORTED = [
    ("en", "After about three hours, access was blocked [@nachricht]."),  # the source writes "drei"
    ("en", "After about 3 hours, access was blocked [@nachricht]."),
    ("fr", "Le 26 novembre 2024, l’accès a été bloqué [@nachricht]."),
    ("en", "In November 2024 access was blocked [@nachricht]."),  # the month of a date in the source
    ("de", "Es waren 300 Besucher, 10 % davon unbezahlt [@nachricht]."),
    ("en", "The model makes ten-second videos at 0.23 Hz [@nouvelle]."),
    ("es", "Costó 1,5 millones de euros [@nouvelle]."),
    ("en", "Five hours later, the model was gone [@noticia]."),
    ("de", "Zusammen 1.214{derived} Bücher [@news]."),  # worked out by the page, and marked
    ("de", "Das Modell hat 10 Milliarden Parameter [@repo]."),  # no stored text: nobody can check it
]


@pytest.mark.parametrize(("lang", "body"), SUPPORTED)
def test_numbers_in_the_cited_work_pass(library: Library, lang: str, body: str) -> None:
    page = parse_page(f"---\ntitle: T\n---\n\n{body}\n", Path(f"docs/{lang}/p.md"), "p.md")
    assert unsupported_numbers(page, lang, library) == []


UNSUPPORTED = [
    ("en", "After about four hours, access was blocked [@nachricht].", "number 4"),
    ("de", "Am 27. November 2024 wurde gesperrt [@nachricht].", "number 2024-11-27"),
    ("de", "Es waren 400 Besucher [@nachricht].", "number 400"),
    ("fr", "Des vidéos de vingt secondes [@nouvelle].", "number 20"),
    ("es", "Costó 2,5 millones de euros [@nouvelle].", "amount 2500000 EUR"),
    ("en", "Six hours later, the model was gone [@noticia].", "number 6"),
    ("de", "Zusammen 1.214 Bücher [@news].", "number 1214"),  # worked out, but not marked
]


@pytest.mark.parametrize(("lang", "body", "what"), UNSUPPORTED)
def test_a_number_not_in_the_cited_work_is_reported(library: Library, lang: str, body: str, what: str) -> None:
    page = parse_page(f"---\ntitle: T\n---\n\n{body}\n", Path(f"docs/{lang}/p.md"), "p.md")
    [finding] = unsupported_numbers(page, lang, library)
    assert finding.line == 5 and finding.message.startswith(f"{what} is not in ")


def test_describe_names_the_kind() -> None:
    assert [describe(t) for t in ("time:18:00 CET", "percent:10", "2024", "range:1–2 EUR")] == [
        "time 18:00 CET", "percentage 10 %", "number 2024", "range 1–2 EUR"]


def test_the_summary_counts_only_quotes_that_were_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"36 quotes verified" was printed while 3 of them were not found."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "two-languages", root)
    main(["--root", str(root), "check"])
    before = capsys.readouterr().out
    verified = int(before.split(" quotes verified")[0].rsplit(", ", 1)[1])
    for lang in ("de", "en"):
        page = next(p for p in sorted((root / "docs" / lang).glob("*.md")) if '", "' not in p.read_text() and
                    '[@' in p.read_text() and ', "' in p.read_text())
        text = page.read_text(encoding="utf-8")
        start = text.index(', "') + 3
        page.write_text(text[:start] + "Nichtvorhandenes " + text[start:], encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    after = capsys.readouterr().out
    assert f"{verified - 2} quotes verified, 2 not;" in after, after


@pytest.mark.parametrize(("text", "lang", "word"), [("Die vier{derived} sind Beispiele.", "de", "vier"),
                                                     ("The four{derived} are examples.", "en", "four"),
                                                     ("Les vingt et un{derived} modèles.", "fr", "un")])
def test_a_number_in_words_ends_where_its_words_end(text: str, lang: str, word: str) -> None:
    """So that {derived} right after a number written as a word is seen (it was placed at the run's start)."""
    from explainer.checks.numbers import DERIVED, scan_numbers

    (_token, _, stop), = scan_numbers(text.replace(DERIVED, ""), lang)
    assert stop == text.index(word) + len(word) and text.startswith(DERIVED, stop)

