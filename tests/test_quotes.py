"""Quote matching against an article's normalised text."""

from __future__ import annotations

import unicodedata

import pytest

from explainer.checks.quotes import find_quote

SOURCE = ("Die geleakte KI, die als „PR Puppet Sora“ benannt wurde, stand für kurze Zeit auf der "
          "Plattform Hugging Face zur Verfügung. Sie glauben, dass sie nur für ‚Art Washing‘ genutzt "
          "werden. Das ist OpenAI’s Sache.")


@pytest.mark.parametrize("quote", [
    "PR Puppet Sora",
    "„PR Puppet Sora“",
    "'PR Puppet Sora'",  # straight instead of typographic quotes
    "»PR Puppet Sora«",
    "nur für 'Art Washing' genutzt",
    "stand für kurze\nZeit auf der Plattform",  # a line break in the locator
    "stand für kurze Zeit auf der Platt-\nform",  # hyphenated at a line break
    unicodedata.normalize("NFD", "zur Verfügung"),  # decomposed umlaut
    "zur\u00a0Verfügung",  # no-break space
    "OpenAI's Sache",  # straight apostrophe
])
def test_quote_found(quote: str) -> None:
    assert find_quote(quote, SOURCE).found


@pytest.mark.parametrize(("quote", "closest"), [
    ("stand für lange Zeit auf der Plattform", "stand für kurze Zeit auf der Plattform"),
    ("nur für Art Washing genutzt", "nur für ‚Art Washing‘ genutzt"),  # the marks are part of the text
    ("PR Puppet sora", "„PR Puppet Sora“"),  # case matters
])
def test_quote_not_found_reports_closest_passage(quote: str, closest: str) -> None:
    result = find_quote(quote, SOURCE)
    assert not result.found
    assert closest in result.passage or result.passage in closest


def test_quote_absent_everywhere_still_gives_a_passage() -> None:
    result = find_quote("Die Zugriffe wurden nie gesperrt", SOURCE)
    assert not result.found
    assert result.passage
    assert result.score < 90
