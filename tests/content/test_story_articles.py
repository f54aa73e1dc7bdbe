"""This site's two source articles as the parser models them (content tests)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from conftest import SOURCES
from explainer.model.articles import parse_article
from explainer.model.cleaning import load_rules

BIB_COUNT = 10


def raw(name: str) -> str:
    return (SOURCES / "articles" / name).read_text(encoding="utf-8")


def parse(text: str, article_id: str = "mindverse"):
    return parse_article(text, Path("x.txt"), article_id, load_rules(SOURCES / "cleaning.yml"))


def t3n() -> str:
    return raw("000_472f68a8fdadc430.txt")


def mindverse() -> str:
    return raw("001_6361dd6d45adeb0d.txt")


def test_t3n_model() -> None:
    article = parse(t3n(), "t3n")
    assert article.title.startswith("Künstler haben OpenAIs Video-KI Sora vorab im Netz geleakt")
    assert article.date is None
    assert article.headings == ["OpenAIs Sora auf Hugging Face kostenlos verfügbar"]
    assert len(article.paragraphs) == 7
    assert article.bibliography == []


def test_mindverse_model() -> None:
    article = parse(mindverse())
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
    article = parse(mindverse())
    assert noise not in article.text
    assert any(noise in text for _, text in article.removed)


@pytest.mark.parametrize("variant", [
    pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
    pytest.param(lambda t: "\ufeff" + t, id="bom"),
    pytest.param(lambda t: unicodedata.normalize("NFD", t), id="nfd"),
    pytest.param(lambda t: t.replace("Hugging Face", "Hugging\u00a0Face").replace("Sora", "So\u00adra"), id="nbsp-shy"),
])
def test_encoding_variants_give_the_same_model(variant) -> None:
    for text, article_id in ((t3n(), "t3n"), (mindverse(), "mindverse")):
        assert parse(variant(text), article_id).to_dict() == parse(text, article_id).to_dict()


def test_raw_files_are_the_seeds_unchanged() -> None:
    seeds = SOURCES.parent.parent / "shared" / "seeds"  # shared/ sits beside the project
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    for seed in seeds.glob("0*.txt"):
        assert (SOURCES / "articles" / seed.name).read_bytes() == seed.read_bytes()


LETTER = "002_pr-puppets-open-letter.txt"


def letter_model():
    rules = load_rules(SOURCES / "cleaning.yml")
    return parse_article(raw(LETTER), Path(LETTER), "pr-puppets-letter", rules, "DEAR CORPORATE AI OVERLORDS")


def test_letter_model_keeps_the_words_without_markup() -> None:
    article = letter_model()
    assert article.title == "DEAR CORPORATE AI OVERLORDS"
    assert "ARTISTS ARE NOT YOUR UNPAID R&D" in article.headings
    assert "<code" not in article.text and "<br" not in article.text and "\n# " not in article.text
    assert "We are not against the use of AI technology as a tool for the arts" in article.text
    assert article.bibliography == []  # its links to the four models are text, not a bibliography


def test_letter_is_the_research_copy_unchanged() -> None:
    copy = SOURCES.parent.parent / "shared" / "research" / "open-letter" / "pr-puppets-open-letter.md"
    if not copy.is_file():
        pytest.skip("../shared/research/open-letter is not beside the project")
    assert (SOURCES / "articles" / LETTER).read_bytes() == copy.read_bytes()
