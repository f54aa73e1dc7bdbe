"""The article parser on both seeds and on variants of their encoding and layout."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from conftest import SOURCES
from explainer.lang.dates import parse_written_date
from explainer.model.articles import parse_article
from explainer.model.cleaning import load_rules

RULES = load_rules(SOURCES / "cleaning.yml")
T3N = (SOURCES / "articles/000_472f68a8fdadc430.txt").read_text(encoding="utf-8")
MINDVERSE = (SOURCES / "articles/001_6361dd6d45adeb0d.txt").read_text(encoding="utf-8")
BIB_COUNT = 10


def parse(raw: str, article_id: str = "mindverse"):
    return parse_article(raw, Path("x.txt"), article_id, RULES)


def test_t3n_model() -> None:
    article = parse(T3N, "t3n")
    assert article.title.startswith("Künstler haben OpenAIs Video-KI Sora vorab im Netz geleakt")
    assert article.date is None
    assert article.headings == ["OpenAIs Sora auf Hugging Face kostenlos verfügbar"]
    assert len(article.paragraphs) == 7
    assert article.bibliography == []


def test_mindverse_model() -> None:
    article = parse(MINDVERSE)
    assert article.title == "Kontroversen um OpenAIs Videogenerator Sora und die Forderung nach fairen Arbeitsbedingungen"
    assert article.date == dt.date(2024, 11, 26)
    assert article.headings == [
        "OpenAIs Sora: Kontroverse um geleaktes Videogenerierungs-Tool",
        "Vorwürfe der Ausbeutung und mangelnden Transparenz",
        "Leak auf Hugging Face und technische Details",
        "OpenAIs Reaktion und Wettbewerb",
        "Open-Source-Alternativen und ethische Fragen",
    ]
    urls = [u.url for u in article.bibliography]
    assert len(urls) == BIB_COUNT
    assert urls[0] == "https://the-decoder.de/kuenstler-leaken-openais-video-ki-sora-aus-protest-gegen-unbezahlte-arbeit/"
    assert urls[-1] == "https://www.youtube.com/watch?v=QuAi5Z1NjyA"


@pytest.mark.parametrize("noise", ["Kategorien:", "No items found.", "Artikel jetzt als Podcast anhören",
                                   "Wie können wir Ihnen heute helfen?", "Das Expertenteam von Mindverse"])
def test_noise_is_removed_from_the_model(noise: str) -> None:
    article = parse(MINDVERSE)
    assert noise not in article.text
    assert any(noise in text for _, text in article.removed)


def test_rules_are_scoped_to_their_article() -> None:
    # The closing-pitch rule names mindverse only: another article keeps such a line.
    article = parse("Titel\n\nWas bedeutet das?\n\nEin Absatz.", "other")
    assert "Was bedeutet das?" in article.text


def test_one_url_per_line_bibliography() -> None:
    lines = MINDVERSE.split("Bibliographie:")[0] + "Bibliographie:\n" + "\n".join(
        f"- {u.url}" for u in parse(MINDVERSE).bibliography) + "\n\nWas bedeutet das?\n"
    article = parse(lines)
    assert [u.url for u in article.bibliography] == [u.url for u in parse(MINDVERSE).bibliography]


def test_no_bibliography() -> None:
    article = parse(MINDVERSE.split("Bibliographie:")[0])
    assert article.bibliography == []
    assert article.paragraphs == parse(MINDVERSE).paragraphs


@pytest.mark.parametrize("variant", [
    pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
    pytest.param(lambda t: "\ufeff" + t, id="bom"),
    pytest.param(lambda t: unicodedata.normalize("NFD", t), id="nfd"),
    pytest.param(lambda t: t.replace("Hugging Face", "Hugging\u00a0Face").replace("Sora", "So\u00adra"), id="nbsp-shy"),
])
def test_encoding_variants_give_the_same_model(variant) -> None:
    for raw, article_id in ((T3N, "t3n"), (MINDVERSE, "mindverse")):
        assert parse(variant(raw), article_id).to_dict() == parse(raw, article_id).to_dict()


def test_raw_files_are_the_seeds_unchanged() -> None:
    seeds = SOURCES.parent.parent / "shared" / "seeds"  # shared/ sits beside the project
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    for seed in seeds.glob("0*.txt"):
        assert (SOURCES / "articles" / seed.name).read_bytes() == seed.read_bytes()


@pytest.mark.parametrize(("written", "expected"), [
    ("November 26, 2024", dt.date(2024, 11, 26)),
    ("26. November 2024", dt.date(2024, 11, 26)),
    ("26. März 2024", dt.date(2024, 3, 26)),
    ("26 novembre 2024", dt.date(2024, 11, 26)),
    ("2024-11-26", dt.date(2024, 11, 26)),
    ("Mai 2024", None),       # no day: never filled in from today's date
    ("1.2.2024", None),       # day and month order differ between locales
    ("irgendwann 2024", None),
])
def test_written_dates(written: str, expected: dt.date | None) -> None:
    assert parse_written_date(written) == expected
