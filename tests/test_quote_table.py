"""The quote check forgives typography and nothing else: a table of quotes that must be found
and near-misses that must not, in German, English, French, Spanish and Italian.

Each row is (language of the source, source text, quote, found?). The near-misses join or split
words or digits, shift a digit, change a number or a negation, or drop a word.
"""

from __future__ import annotations

import unicodedata

import pytest

from explainer.checks.quotes import find_quote, locate
from explainer.core.textnorm import normalize_text

DE = ("Nach etwa drei Stunden wurde der Zugang gesperrt. Die Firma verlor 1–2 Millionen Euro, "
      "nicht 12 Millionen. Es entstand ein Wasser-\nschaden im Keller. Man nannte es „Lesesaal Alte Post“ "
      "und sprach von ‚Gute Presse‘. Die Temperatur lag bei −5 Grad, der Anteil bei 2,5 Prozent. "
      "Der Hamburg-\nund Bremen-Verkehr ruhte. Sie sagte: „Das ist kein Zufall.“ Meyer’s Sache "
      "war das Early-Access-Programm … angeblich.")
EN = ("He saw the therapist on Monday. The company lost 1–2 million euros, not 112 million. "
      "“This is not a leak,” she said. It’s the users’ problem — they didn't read the terms. "
      "The model was trained on 10,000 hours of video. Nobody was harmed. The re-\nlease came "
      "late… then it was withdrawn. The \ufb01nal report followed.")
FR = ("« Ce n’est pas une fuite », a déclaré la société. Pourquoi ? Parce que l’accès était "
      "public. La fréquence était de 0,23 Hz et le coût de 150 milliards d’euros. Il n’y a pas "
      "de preuve. Les utilisateurs ont attendu trois heures ; ensuite, rien.")
ES = ("La empresa dijo: «No es una filtración». ¿Por qué? Porque el acceso era público. "
      "Cinco horas y media después, el modelo desapareció. Costó 1,5 millones de dólares, "
      "no 15 millones. No hubo ningún daño. El pro-\ngrama terminó.")
IT = ("L’azienda ha detto: «Non è una fuga». Il modello è rimasto online per tre ore. "
      "Non c’era alcun danno.")

SOURCES = {"de": DE, "en": EN, "fr": FR, "es": ES, "it": IT}

FOUND = [
    # German: typography forgiven
    ("de", "Nach etwa drei Stunden"),
    ("de", "nach etwa drei Stunden"),  # the first letter: the quote starts a sentence of the page
    ("de", "Nach\netwa drei\u00a0Stunden"),
    ("de", "Nach  etwa   drei Stunden"),
    ("de", "Wasserschaden"),  # hyphenated at a line break in the source
    ("de", "ein Wasserschaden im Keller"),
    ("de", "„Lesesaal Alte Post“"),
    ("de", '"Lesesaal Alte Post"'),
    ("de", "»Lesesaal Alte Post«"),
    ("de", "«Lesesaal Alte Post»"),
    ("de", "« Lesesaal Alte Post »"),  # French spacing inside guillemets
    ("de", "'Gute Presse'"),
    ("de", "‚Gute Presse‘"),
    ("de", "1–2 Millionen Euro"),
    ("de", "1-2 Millionen Euro"),  # hyphen for en dash
    ("de", "1 – 2 Millionen Euro"),
    ("de", "nicht 12 Millionen"),
    ("de", "−5 Grad"),
    ("de", "-5 Grad"),
    ("de", "2,5 Prozent"),
    ("de", "Hamburg- und Bremen-Verkehr"),  # a suspended compound broken at a line end
    ("de", "Bremen Verkehr"),  # a hyphen between words is a space
    ("de", "Das ist kein Zufall."),
    ("de", "Sie sagte: „Das ist kein Zufall.“"),
    ("de", "Meyer's Sache"),
    ("de", "Early Access Programm"),
    ("de", "Early‑Access‑Programm"),  # non-breaking hyphens
    ("de", "Early-Access-Programm ... angeblich"),
    ("de", unicodedata.normalize("NFD", "Die Firma verlor")),
    ("de", "Die Firma verlor"),
    ("de", "Zu\u00adgang gesperrt"),  # a soft hyphen in the quote
    ("de", "der Zugang ge-\nsperrt"),  # a line-break hyphen in the quote
    ("de", "Ｆirma verlor"),  # a full-width letter
    # English
    ("en", "He saw the therapist"),
    ("en", "he saw the therapist"),
    ("en", "HE SAW THE THERAPIST"),  # case does not tell English words apart
    ("en", "lost 1–2 million euros"),
    ("en", "lost 1-2 million euros"),
    ("en", "not 112 million"),
    ("en", "“This is not a leak,” she said"),
    ("en", '"This is not a leak," she said'),
    ("en", "'This is not a leak,' she said"),
    ("en", "It's the users' problem"),
    ("en", "It’s the users’ problem"),
    ("en", "problem — they didn't read"),
    ("en", "problem - they didn’t read"),
    ("en", "problem -- they didn't read"),
    ("en", "10,000 hours of video"),
    ("en", "The release came late..."),
    ("en", "release came late… then"),
    ("en", "Nobody was harmed."),
    ("en", "then it was withdrawn."),
    ("en", "The final report"),  # a ligature in the source
    # French
    ("fr", "« Ce n’est pas une fuite »"),
    ("fr", "«Ce n'est pas une fuite»"),
    ("fr", '"Ce n\'est pas une fuite"'),
    ("fr", "“Ce n’est pas une fuite”"),
    ("fr", "ce n'est pas une fuite"),
    ("fr", "Pourquoi ?"),
    ("fr", "Pourquoi?"),
    ("fr", "Pourquoi\u202f?"),
    ("fr", "l'accès était public"),
    ("fr", "0,23 Hz"),
    ("fr", "150 milliards d’euros"),
    ("fr", "Il n'y a pas de preuve"),
    ("fr", "trois heures ; ensuite"),
    ("fr", "trois heures; ensuite"),
    ("fr", unicodedata.normalize("NFD", "a déclaré la société")),
    # Spanish
    ("es", "«No es una filtración»"),
    ("es", "“No es una filtración”"),
    ("es", "no es una filtración"),
    ("es", "¿Por qué?"),
    ("es", "¿ Por qué ?"),
    ("es", "Cinco horas y media"),
    ("es", "cinco horas y media después"),
    ("es", "1,5 millones de dólares"),
    ("es", "no 15 millones"),
    ("es", "No hubo ningún daño."),
    ("es", "El programa terminó"),
    # Italian
    ("it", "L'azienda ha detto"),
    ("it", "«Non è una fuga»"),
    ("it", "per tre ore"),
    ("it", "Non c'era alcun danno"),
]

NOT_FOUND = [
    # German: joined or split words and digits, changed numbers and negations, dropped words
    ("de", "12 Millionen Euro"),  # "1–2" is not "12"
    ("de", "verlor 12 Millionen"),
    ("de", "Nach etwa vier Stunden"),  # a changed number
    ("de", "Nach etwa drei Stunde"),  # a changed word form
    ("de", "Nach drei Stunden"),  # a word dropped
    ("de", "etwa dreiStunden"),  # joined words
    ("de", "Wasser schaden"),  # a split word
    ("de", "Was ser-\nschaden"),
    ("de", "asserschaden"),  # part of a word
    ("de", "Wasserschade"),
    ("de", "5 Grad"),  # the sign dropped
    ("de", "5 Prozent"),  # the digits before the comma dropped
    ("de", "2 Prozent"),
    ("de", "Das ist ein Zufall."),  # the negation dropped
    ("de", "Das ist kein Zufall!"),  # punctuation counts
    ("de", "Lesesaal Alte post"),  # case tells German words apart
    ("de", "pr puppet sora"),
    ("de", "Lesesaal Alte Post Gute"),
    ("de", "nur für Gute Presse genutzt"),
    ("de", "Earlyaccess Programm"),
    ("de", "sprach von Gute Presse"),  # the quotation marks are part of the text
    ("de", "Die Firma verlor 1–2 Millionen Euro nicht 12 Millionen"),  # a comma dropped
    # English
    ("en", "the rapist"),
    ("en", "He saw the rapist"),
    ("en", "rapist on Monday"),
    ("en", "12 million euros"),
    ("en", "lost 12 million"),
    ("en", "not 12 million"),  # the text says 112
    ("en", "not 1 12 million"),
    ("en", "11 2 million"),
    ("en", "This is a leak"),  # the negation dropped
    ("en", "This is not leak"),  # a word dropped
    ("en", "Somebody was harmed"),
    ("en", "10,000 hours of audio"),
    ("en", "1,000 hours of video"),
    ("en", "10.000 hours of video"),  # another decimal mark is another number
    ("en", "100,00 hours"),
    ("en", "The re lease came"),
    ("en", "therapist on Tuesday"),
    ("en", "users problem"),
    ("en", "didnt read the terms"),
    # French
    ("fr", "C'est une fuite"),  # the negation dropped
    ("fr", "Ce n'est pas fuite"),
    ("fr", "0.23 Hz"),  # a decimal point where French writes a comma
    ("fr", "23 Hz"),
    ("fr", "0,2 Hz"),
    ("fr", "15 milliards"),
    ("fr", "150 millions d'euros"),
    ("fr", "Il y a pas de preuve"),
    ("fr", "Il n'y a de preuve"),
    ("fr", "deux heures"),
    ("fr", "lacces était public"),
    # Spanish
    ("es", "dijo: «Es una filtración»"),  # the negation dropped
    ("es", "Seis horas y media"),
    ("es", "Cinco horas después"),
    ("es", "15 millones de dólares"),
    ("es", "5 millones de dólares"),
    ("es", "1.5 millones de dólares"),
    ("es", "no 1 5 millones"),
    ("es", "No hubo daño"),
    ("es", "El pro grama"),
    ("es", "Porque el acceso era privado"),
    # Italian
    ("it", "detto: «È una fuga»"),
    ("it", "per quattro ore"),
    ("it", "Non c'era danno"),
    ("it", "Nonè una fuga"),
]


def test_the_table_is_large_enough() -> None:
    assert len(FOUND) + len(NOT_FOUND) >= 100
    assert {lang for lang, _ in FOUND} >= {"de", "en", "fr", "es"}
    assert {lang for lang, _ in NOT_FOUND} >= {"de", "en", "fr", "es"}


@pytest.mark.parametrize(("lang", "quote"), FOUND)
def test_typographic_variants_are_found(lang: str, quote: str) -> None:
    result = find_quote(quote, SOURCES[lang], lang)
    assert result.found, (quote, result.passage)
    # the passage it names is in the source as stored (the text fragments depend on it)
    assert result.passage and " ".join(result.passage.split()) in " ".join(normalize_text(SOURCES[lang]).split())


@pytest.mark.parametrize(("lang", "quote"), NOT_FOUND)
def test_near_misses_are_not_found(lang: str, quote: str) -> None:
    result = find_quote(quote, SOURCES[lang], lang)
    assert not result.found, (quote, result.passage)


@pytest.mark.parametrize(("quote", "source"), [
    ("12 million", "…lost 1–2 million euros."),
    ("the rapist", "He saw the therapist."),
])
def test_the_issue_examples_fail(quote: str, source: str) -> None:
    """Both were found with score 100 when whitespace and dashes counted as nothing."""
    assert not find_quote(quote, source).found
    assert not find_quote(quote, source, "en").found


def test_positions_map_back_to_the_source() -> None:
    text = normalize_text(DE)
    [(start, end)] = locate("„Lesesaal Alte Post“", DE, "de")
    assert text[start:end] == "„Lesesaal Alte Post“"
    [(start, end)] = locate("Wasserschaden", DE, "de")
    assert text[start:end] == "Wasser-\nschaden"
    assert len(locate("Millionen", DE, "de")) == 2
