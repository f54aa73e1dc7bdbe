"""Every language the generator ships (de, en, fr, es, it): numbers, dates and untranslated text
in every ordered pair, the data files, and dates written per locale with CLDR."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from explainer.checks.numbers import extract_numbers
from explainer.checks.parity import compare_sections, looks_like
from explainer.core.yamlio import read_yaml
from explainer.lang.dates import PartialDate, format_partial_date
from explainer.lang.l10n import DATA_DIR, available_languages, language_name, load_language
from explainer.model.pages import parse_page

LANGUAGES = ("de", "en", "fr", "es", "it")
PAIRS = list(itertools.permutations(LANGUAGES, 2))
NNBSP = "\u202f"  # CLDR's group separator in French

# The same facts in each language, as that language writes them: a date, a number with a scale
# word, a decimal with grouped thousands, an ordinal.
FACTS = {
    "de": "Am 11. April 2006 kostete der Bau 150 Milliarden Euro; gemessen wurden 1.234,5 Tonnen, und es war "
          "der 3. Versuch.",
    "en": "On April 11, 2006 the building cost 150 billion euros; 1,234.5 tonnes were measured, and it was the "
          "3rd attempt.",
    "fr": f"Le 11 avril 2006, la construction a coûté 150 milliards d’euros ; on a mesuré 1{NNBSP}234,5 tonnes, et "
          "c’était la 3e tentative.",
    "es": "El 11 de abril de 2006 la obra costó 150 mil millones de euros; se midieron 1.234,5 toneladas y fue el "
          "3.º intento.",
    "it": "L’11 aprile 2006 la costruzione è costata 150 miliardi di euro; sono state misurate 1.234,5 tonnellate "
          "ed era il 3º tentativo.",
}
TOKENS = {"2006-04-11": 1, "amount:150000000000 EUR": 1, "1234.5": 1, "3": 1}
# The decimal of FACTS, one digit off, as each language writes it.
WRONG = {"de": ("1.234,5", "1.234,6"), "en": ("1,234.5", "1,234.6"), "fr": (f"1{NNBSP}234,5", f"1{NNBSP}234,6"),
         "es": ("1.234,5", "1.234,6"), "it": ("1.234,5", "1.234,6")}
# A sentence without numbers, in each language (what a translator might forget to translate).
PROSE = {
    "de": "Die Bibliothek ist nicht mit dem Geld der Stadt gebaut worden, und das wird sich auch nicht ändern.",
    "en": "The library was not built with the money of the city, and that will not change after this.",
    "fr": "La bibliothèque n’a pas été construite avec l’argent de la ville, et cela ne va pas changer pour le moment.",
    "es": "La biblioteca no fue construida con el dinero de la ciudad, y eso no va a cambiar por ahora.",
    "it": "La biblioteca non è stata costruita con il denaro della città, e questo non cambierà per il momento.",
}


def section(text: str, lang: str):
    """The one section of a page whose body is ``text``."""
    page = parse_page(f"---\ntitle: T\ndescription: D\n---\n\n# T {{#t}}\n\n{text}\n", Path(f"docs/{lang}/p.md"), "p.md")
    (only,) = page.sections
    return only


def name(lang: str) -> str:
    return language_name(lang, "en")


# ---------------------------------------------------------------- every ordered pair

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_facts_read_the_same_in_every_language(lang: str) -> None:
    assert dict(extract_numbers(FACTS[lang], lang)) == TOKENS


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_a_correct_translation_passes(source: str, target: str) -> None:
    assert compare_sections(section(FACTS[source], source), section(FACTS[target], target), source, target) == []
    assert not looks_like(FACTS[target], target, source)
    assert not looks_like(PROSE[target], target, source)


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_a_wrong_number_fails(source: str, target: str) -> None:
    right, wrong = WRONG[target]
    assert right in FACTS[target]
    translation = FACTS[target].replace(right, wrong)
    assert compare_sections(section(FACTS[source], source), section(translation, target), source, target) == [
        f"number 1234.5 in {name(source)} is 1234.6 in {name(target)}"]  # one mismatch, not two


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_a_paragraph_left_in_the_source_language_is_reported(source: str, target: str) -> None:
    assert looks_like(PROSE[source], target, source)
    translation = FACTS[target] + "\n\n" + PROSE[source]
    short = PROSE[source][:47] + "…"
    assert compare_sections(section(FACTS[source], source), section(translation, target), source, target) == [
        f"paragraph reads as {name(source)}, not {name(target)}: {short!r}"]


# ---------------------------------------------------------------- numbers and dates per locale

@pytest.mark.parametrize(("text", "lang"), [
    ("1.234,5", "de"), ("1,234.5", "en"), (f"1{NNBSP}234,5", "fr"), ("1 234,5", "fr"), ("1\u00a0234,5", "fr"),
    ("1.234,5", "es"), ("1234,5", "es"), ("1.234,5", "it"),
])
def test_decimals_with_grouped_thousands(text: str, lang: str) -> None:
    assert dict(extract_numbers(text, lang)) == {"1234.5": 1}


@pytest.mark.parametrize(("text", "lang", "token"), [
    ("11 avril 2006", "fr", "2006-04-11"), ("11. April 2006", "de", "2006-04-11"),
    ("April 11, 2006", "en", "2006-04-11"), ("11 de abril de 2006", "es", "2006-04-11"),
    ("11 aprile 2006", "it", "2006-04-11"),
    ("1er avril 2006", "fr", "2006-04-01"), ("1.º de abril de 2006", "es", "2006-04-01"),
    ("1º aprile 2006", "it", "2006-04-01"), ("1. April 2006", "de", "2006-04-01"),
    ("avril 2006", "fr", "2006-04"), ("abril de 2006", "es", "2006-04"), ("aprile 2006", "it", "2006-04"),
    ("April 2006", "de", "2006-04"), ("April 2006", "en", "2006-04"),
])
def test_dates(text: str, lang: str, token: str) -> None:
    assert dict(extract_numbers(text, lang)) == {token: 1}


@pytest.mark.parametrize(("text", "lang"), [
    ("150 Milliarden", "de"), ("150 billion", "en"), ("150 milliards", "fr"), ("150 mil millones", "es"),
    ("150 miliardi", "it"), ("150 Mrd.", "de"), ("150 bn", "en"),
])
def test_scale_words(text: str, lang: str) -> None:
    assert dict(extract_numbers(text, lang)) == {"150000000000": 1}


@pytest.mark.parametrize(("text", "lang"), [
    ("1,5 Millionen", "de"), ("1.5 million", "en"), ("1,5 million", "fr"), ("1,5 millones", "es"),
    ("1,5 milioni", "it"), ("1.500.000", "de"), ("1,500,000", "en"), (f"1{NNBSP}500{NNBSP}000", "fr"),
    ("1.500.000", "es"), ("1.500.000", "it"),
])
def test_millions(text: str, lang: str) -> None:
    assert dict(extract_numbers(text, lang)) == {"1500000": 1}


@pytest.mark.parametrize(("text", "lang"), [
    ("der 3. Versuch", "de"), ("the 3rd attempt", "en"), ("la 3e tentative", "fr"), ("la 3ème tentative", "fr"),
    ("el 3.º intento", "es"), ("la 3.ª vez", "es"), ("il 3º tentativo", "it"), ("il 3° tentativo", "it"),
])
def test_ordinals(text: str, lang: str) -> None:
    assert dict(extract_numbers(text, lang)) == {"3": 1}


def test_german_billion_is_not_english_billion() -> None:
    """Scale words are each language's own: a German "Billion" is a thousand English billions."""
    assert dict(extract_numbers("2 Billionen", "de")) == {"2000000000000": 1}
    assert dict(extract_numbers("2 billion", "en")) == {"2000000000": 1}
    assert dict(extract_numbers("2 billions", "fr")) == {"2000000000000": 1}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_changed_scaled_number_is_seen(lang: str) -> None:
    changed = dict(extract_numbers(FACTS[lang].replace("150", "15"), lang))
    assert changed == {**{k: v for k, v in TOKENS.items() if k != "amount:150000000000 EUR"},
                       "amount:15000000000 EUR": 1}


@pytest.mark.parametrize(("lang", "day", "month", "year"), [
    ("de", "26. November 2024", "November 2024", "2024"),
    ("en", "November 26, 2024", "November 2024", "2024"),
    ("fr", "26 novembre 2024", "novembre 2024", "2024"),
    ("es", "26 de noviembre de 2024", "noviembre de 2024", "2024"),
    ("it", "26 novembre 2024", "novembre 2024", "2024"),
])
def test_dates_are_written_as_each_locale_writes_them(lang: str, day: str, month: str, year: str) -> None:
    assert format_partial_date(PartialDate(2024, 11, 26), lang) == day
    assert format_partial_date(PartialDate(2024, 11), lang) == month
    assert format_partial_date(PartialDate(2024), lang) == year


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_date_written_is_read_back(lang: str) -> None:
    """What the generator writes in a language, its parity check reads as the same date: every month."""
    for month in range(1, 13):
        date = dt.date(2024, month, 1 + month)
        written = format_partial_date(PartialDate(date.year, date.month, date.day), lang)
        assert dict(extract_numbers(written, lang)) == {date.isoformat(): 1}, written


# ---------------------------------------------------------------- the data files

def test_the_five_languages_have_data() -> None:
    assert set(LANGUAGES) <= set(available_languages())


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("*.yml")), ids=lambda p: p.name)
def test_data_file_holds_only_what_cldr_lacks(path: Path) -> None:
    doc = read_yaml(path)
    assert set(doc) <= {"numbers", "function_words"}, set(doc)
    assert len(doc["function_words"]) >= 20, path.name
    language = load_language(path.stem)
    assert language.path == path and language.catalog is not None
