"""Quote matching against an article's normalised text."""

from __future__ import annotations

import unicodedata

import pytest

from explainer.checks.quotes import find_quote

SOURCE = ("Der Notbetrieb, der als „Lesesaal Alte Post“ bekannt wurde, stand für kurze Zeit im "
          "Gemeindehaus Nord zur Verfügung. Sie glauben, dass die Bücher nur für ‚Gute Presse‘ gezeigt "
          "werden. Das ist Meyer’s Sache.")


@pytest.mark.parametrize("quote", [
    "Lesesaal Alte Post",
    "„Lesesaal Alte Post“",
    "'Lesesaal Alte Post'",  # straight instead of typographic quotes
    "»Lesesaal Alte Post«",
    "nur für 'Gute Presse' gezeigt",
    "stand für kurze\nZeit im Gemeindehaus",  # a line break in the locator
    "stand für kurze Zeit im Gemeinde-\nhaus",  # hyphenated at a line break
    unicodedata.normalize("NFD", "zur Verfügung"),  # decomposed umlaut
    "zur\u00a0Verfügung",  # no-break space
    "Meyer's Sache",  # straight apostrophe
])
def test_quote_found(quote: str) -> None:
    assert find_quote(quote, SOURCE).found


@pytest.mark.parametrize(("quote", "closest"), [
    ("stand für lange Zeit im Gemeindehaus", "stand für kurze Zeit im Gemeindehaus"),
    ("nur für Gute Presse gezeigt", "nur für ‚Gute Presse‘ gezeigt"),  # the marks are part of the text
    ("Lesesaal Alte post", "„Lesesaal Alte Post“"),  # case matters
])
def test_quote_not_found_reports_closest_passage(quote: str, closest: str) -> None:
    result = find_quote(quote, SOURCE)
    assert not result.found
    assert result.passage == closest


def test_quote_absent_everywhere_still_gives_a_passage() -> None:
    result = find_quote("Die Zugriffe wurden nie gesperrt", SOURCE)
    assert not result.found
    assert result.passage and result.passage in SOURCE  # a stretch of the source as written
    assert result.score < 90
