"""The one slugifier (``model/ids.py::slugify``): every id the project makes (from a URL, a title, a
citation key) is valid for the bibliography's id rule, folded to ASCII the way readers spell it,
and the same when made again from itself."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from explainer.model.bibformats import key_to_id
from explainer.model.ids import ascii_fold, make_id, slugify
from explainer.model.library import ID_RE

# Deterministic in make test; HYPOTHESIS_PROFILE=long (the scheduled job) tries 40 times as many.
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
PROPERTY = settings(derandomize=not LONG, database=None, deadline=None, max_examples=examples(300),
                    suppress_health_check=list(HealthCheck))

GOLDEN = [
    ("Müller", "muller"),
    ("Ærø", "aero"),
    ("Straße", "strasse"),
    ("STRASSE", "strasse"),
    ("ẞ", "ss"),
    ("Łódź", "lodz"),
    ("Þórsmörk", "thorsmork"),
    ("İstanbul", "istanbul"),
    ("Bibliothèque2025", "bibliotheque2025"),
    ("smith_2020:Report", "smith-2020-report"),
    ("  --Hello,   World!--  ", "hello-world"),
    ("ﬁnance ②", "finance-2"),  # compatibility forms: the ligature and the circled digit
    ("Nguyễn Thị", "nguyen-thi"),
    ("東京", "x"),  # nothing of CJK is left in ASCII: the fallback
    ("Москва", "x"),
    ("", "x"),
    ("--", "x"),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN, ids=[repr(text) for text, _ in GOLDEN])
def test_golden_slugs(text: str, expected: str) -> None:
    assert slugify(text) == expected
    # The import's ids from citation keys are the same function, without a fallback.
    assert key_to_id(text) == (None if expected == "x" and text.lower() != "x" else expected)


def test_the_fallback_is_the_callers() -> None:
    assert slugify("東京", fallback="source") == "source"
    assert slugify("東京 2024", fallback="source") == "2024"


ANY_TEXT = st.text() | st.text(alphabet="Müller Ærø Straße ẞ-_:.,東京ﬁ②İı\u0301\u200b\t\n", max_size=30)


@PROPERTY
@given(text=ANY_TEXT)
def test_every_slug_is_a_valid_id_and_idempotent(text: str) -> None:
    slug = slugify(text)
    assert ID_RE.match(slug), slug
    assert "--" not in slug and slug.isascii()
    assert slugify(slug) == slug
    assert key_to_id(text) in (None, slug)
    if key_to_id(text) is None:
        assert slug == "x"


@PROPERTY
@given(text=ANY_TEXT)
def test_folding_keeps_ascii_and_only_drops_what_has_no_ascii_form(text: str) -> None:
    folded = ascii_fold(text)
    assert ascii_fold(folded) == folded
    if text.isascii():
        assert folded == text


URL_PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßø0123456789-_%.", min_size=1, max_size=12)


@PROPERTY
@given(host=st.sampled_from(["example.org", "news.example.co.uk", "müller.de", "xn--mller-kva.de",
                             "127.0.0.1", "localhost"]),
       path=st.lists(URL_PART, max_size=3), taken=st.sets(st.sampled_from(
           ["example", "muller", "example-a", "example-2", "muller-2", "127", "localhost", "x"]), max_size=6))
def test_ids_made_from_urls_are_valid_and_new(host: str, path: list[str], taken: set[str]) -> None:
    made = make_id(f"https://{host}/{'/'.join(path)}", set(taken))
    assert ID_RE.match(made), made
    assert made not in taken


def test_an_id_from_a_url_with_accents_is_folded() -> None:
    assert make_id("https://www.müller.de/über-uns", set()) == "muller"
    assert make_id("https://www.müller.de/über-uns", {"muller"}) == "muller-uber-uns"
    assert make_id("https://www.müller.de/über-uns", {"muller", "muller-uber-uns"}) == "muller-2"
