"""The article parser: scraped web text (one paragraph per line, noise, labels) and hard-wrapped
plain text with markup, as the fixture projects' articles and variants of them."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURES
from explainer.lang.dates import parse_written_date
from explainer.model.articles import parse_article
from explainer.model.cleaning import load_rules

GERMAN = FIXTURES / "two-languages/sources"    # scraped: noise lines, date label, one-line bibliography
ENGLISH = FIXTURES / "three-languages/sources"  # hard-wrapped, a title underline, emphasis marks


def bericht() -> str:
    return (GERMAN / "articles/bericht.txt").read_text(encoding="utf-8")


def reopening() -> str:
    return (ENGLISH / "articles/reopening.txt").read_text(encoding="utf-8")


def parse(raw: str, article_id: str = "bericht", sources: Path = GERMAN, title: str | None = None):
    return parse_article(raw, Path("x.txt"), article_id, load_rules(sources / "cleaning.yml"), title)


def test_scraped_article_model() -> None:
    article = parse(bericht())
    assert article.title == "Stadtbibliothek Beispielstadt schließt nach Wasserschaden"
    assert article.date == dt.date(2024, 11, 26)
    assert article.headings == ["Was geschah", "Die Kosten"]
    assert len(article.paragraphs) == 3
    assert [u.url for u in article.bibliography] == [
        "https://example.org/news/rohrbruch-bibliothek/",
        "https://www.example.com/lokales/bibliothek-123456789.html",
        "https://news.example.com/region/bibliothek-123456789.html"]
    assert [text for _, text in article.removed] == ["Kategorien:", "Jetzt den Newsletter abonnieren"]
    assert "Newsletter" not in article.text


def test_hard_wrapped_article_is_joined_into_paragraphs_and_its_markup_stripped() -> None:
    article = parse(reopening(), "reopening", ENGLISH)
    assert article.title == "Library Reopens After Flood"  # the ===== underline is dropped, not the title
    assert article.date == dt.date(2024, 12, 16)
    assert article.headings == []
    assert article.paragraphs == [
        "The city library of Exampleton reopened on Monday, three weeks after a burst pipe flooded its basement. "
        "About 1,234 books were damaged; 980 of them could be restored.",
        "\"We are glad to be back,\" the director said. Repairs cost 1.5 million euros, of which the insurer paid "
        "1.2 million."]
    assert "*" not in article.text
    assert [u.url for u in article.bibliography] == ["https://example.org/exampleton/library-reopens"]
    assert article.blocks[0].line == 6  # a joined paragraph starts where its first line is


def test_without_joining_every_wrapped_line_would_be_a_block() -> None:
    rules = load_rules(ENGLISH / "cleaning.yml")
    unjoined = parse_article(reopening(), Path("x.txt"), "reopening", type(rules)(rules.rules, rules.date_labels,
                                                                                 rules.bibliography_labels, False))
    assert len(unjoined.blocks) > 4


def test_join_lines_can_name_the_articles_it_is_for(tmp_path: Path) -> None:
    (tmp_path / "cleaning.yml").write_text("rules: []\njoin_lines: [wrapped]\n", encoding="utf-8")
    rules = load_rules(tmp_path / "cleaning.yml")
    text = "Title\n\nOne line\nand the next.\n"
    assert parse_article(text, Path("x"), "wrapped", rules).paragraphs == ["One line and the next."]
    assert parse_article(text, Path("x"), "other", rules).blocks[0].text == "One line"


def test_title_from_articles_yml_overrides_the_first_line() -> None:
    article = parse(bericht(), title="Wasserschaden in der Bibliothek")
    assert article.title == "Wasserschaden in der Bibliothek"
    assert article.blocks[0].text == "Stadtbibliothek Beispielstadt schließt nach Wasserschaden"  # kept as text
    same = parse(bericht(), title="stadtbibliothek  beispielstadt schließt nach wasserschaden")
    assert same.headings == ["Was geschah", "Die Kosten"]  # the first line read the same: it was the title


def test_replace_rule_changes_the_text_quotes_are_matched_against(tmp_path: Path) -> None:
    (tmp_path / "cleaning.yml").write_text(
        'rules:\n  - pattern: "<[^>]+>"\n    with: ""\n  - pattern: "\\\\[(\\\\d+)\\\\]"\n    action: replace\n'
        '    with: " (note \\\\1)"\n', encoding="utf-8")
    rules = load_rules(tmp_path / "cleaning.yml")
    article = parse_article("<h1>Title</h1>\n\nA <b>bold</b> claim[2].\n<p></p>\n", Path("x"), "a", rules)
    assert article.title == "Title"
    assert article.paragraphs == ["A bold claim (note 2)."]
    assert (4, "<p></p>") in article.removed  # a line that a rule empties is removed, and said so


def test_rules_are_scoped_to_their_article() -> None:
    # The newsletter rule names bericht only: another article keeps such a line.
    article = parse("Titel\n\nJetzt den Newsletter abonnieren\n\nEin Absatz.", "other")
    assert "Jetzt den Newsletter abonnieren" in article.text


def test_one_url_per_line_bibliography() -> None:
    urls = [u.url for u in parse(bericht()).bibliography]
    lines = bericht().split("Bibliographie:")[0] + "Bibliographie:\n" + "\n".join(f"- {u}" for u in urls) + "\n"
    assert [u.url for u in parse(lines).bibliography] == urls


def test_no_bibliography() -> None:
    article = parse(bericht().split("Bibliographie:")[0])
    assert article.bibliography == []
    assert article.paragraphs == parse(bericht()).paragraphs


@pytest.mark.parametrize("variant", [
    pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
    pytest.param(lambda t: "\ufeff" + t, id="bom"),
    pytest.param(lambda t: unicodedata.normalize("NFD", t), id="nfd"),
    pytest.param(lambda t: t.replace("Stadtbibliothek", "Stadt\u00adbiblio\u00adthek")
                 .replace("1.234 Bücher", "1.234\u00a0Bücher"), id="nbsp-shy"),
])
def test_encoding_variants_give_the_same_model(variant) -> None:
    assert parse(variant(bericht())).to_dict() == parse(bericht()).to_dict()
    assert parse(variant(reopening()), "reopening", ENGLISH).to_dict() == parse(reopening(), "reopening", ENGLISH).to_dict()


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
