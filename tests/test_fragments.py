"""Quote deep links (URL text fragments) and Robust Links: Markdown in, HTML out.

Each quote of a reference list links to its passage in the original (``#:~:text=…``), built from
the source text as stored: commas, dashes, ampersands and spaces percent-encoded, the stored
spelling of quotation marks and umlauts, ``start,end`` for long or multi-paragraph passages,
``prefix-,``/``,-suffix`` for passages that occur more than once, and the plain URL (with an INFO
line, never a warning) where no directive is unique. Links to an original with an archived copy
carry ``data-versionurl``/``data-versiondate``; a dead or changed original links the copy first.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs_build
from explainer.model.library import load_library
from explainer.render.citations import CitationsExtension
from explainer.render.fragments import Fragment, encode_term, matches, text_fragment
from explainer.render.references import version_date
from minisources import BIBLIOGRAPHY, make_sources

ARTICLE = """Stadtbibliothek öffnet einen Notlesesaal

Freigegeben:
November 26, 2024

Was geschah

Die Stadt nannte den Notbetrieb „Lesesaal Alte Post“ und schrieb: „Wir wurden nur für ‚Gute Presse‘ genutzt“.
Ein Teil davon sei, so ein Sprecher, „durch die Versicherung gedeckt“ – ein anderer Teil nicht.
Die Keller-Pumpe von Müller & Söhne lief drei Stunden; danach war der Zugang gesperrt.
Der Zugang war offen. Später hieß es: Der Zugang war offen, aber nicht für alle.
Das war ein langer Satz mit sehr vielen Wörtern, die alle hintereinander stehen, bis er nach vielen weiteren Wörtern endet.
Ein Rohr im Keller der Bibliothek war geplatzt; ein Schaden im Wasser-
schaden-Fonds wurde gemeldet.
Ja ja.
Ja ja.

Bibliographie: - https://example.org/news/first-report-about-it/
"""
URL = "https://example.net/artikel"


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return load_library(make_sources(tmp_path_factory.mktemp("frag"), BIBLIOGRAPHY, ARTICLE))


def convert(lib, text: str, lang: str = "de") -> tuple[BeautifulSoup, CitationsExtension]:
    ext = CitationsExtension(library=lib, lang=lang, path="docs/de/page.md")
    html = markdown.Markdown(extensions=[ext]).convert(text)
    return BeautifulSoup(html, "html.parser"), ext


def passage_hrefs(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.select("a.passage-link")]


@pytest.mark.parametrize(("quote", "href"), [
    # spaces
    ("Lesesaal Alte Post", f"{URL}#:~:text=Lesesaal%20Alte%20Post"),
    # commas, and quotation marks as the stored text spells them (the quote may write them otherwise)
    ("davon sei, so ein Sprecher, »durch die Versicherung gedeckt«",
     f"{URL}#:~:text=davon%20sei%2C%20so%20ein%20Sprecher%2C%20%E2%80%9Edurch%20die%20Versicherung%20gedeckt"),
    ("für 'Gute Presse' genutzt", f"{URL}#:~:text=f%C3%BCr%20%E2%80%9AGute%20Presse%E2%80%98%20genutzt"),
    # dashes: the en dash as stored, hyphens as %2D
    ("gedeckt“ – ein anderer Teil", f"{URL}#:~:text=gedeckt%E2%80%9C%20%E2%80%93%20ein%20anderer%20Teil"),
    ("Die Keller-Pumpe", f"{URL}#:~:text=Die%20Keller%2DPumpe"),
    # ampersands and umlauts
    ("Müller & Söhne", f"{URL}#:~:text=M%C3%BCller%20%26%20S%C3%B6hne"),
    # a passage that occurs twice: a word after this one sets it apart
    ("Der Zugang war offen", f"{URL}#:~:text=Der%20Zugang%20war%20offen,-.%20Sp%C3%A4ter"),
    # a long passage: its first and last words
    ("Das war ein langer Satz mit sehr vielen Wörtern, die alle hintereinander stehen, bis er nach vielen "
     "weiteren Wörtern endet", f"{URL}#:~:text=Das%20war%20ein,weiteren%20W%C3%B6rtern%20endet"),
    # across a line break of the text (each line a paragraph here): start in one, end in the other
    ("lief drei Stunden; danach war der Zugang gesperrt. Der Zugang war offen",
     f"{URL}#:~:text=lief%20drei%20Stunden,Zugang%20war%20offen"),
])
def test_quotes_link_to_their_passage(lib, quote: str, href: str) -> None:
    soup, ext = convert(lib, f'Satz [@beispiel, "{quote}"].')
    assert ext.diagnostics == []
    assert passage_hrefs(soup) == [href]
    assert soup.select_one(".citation-quote q").get_text() == quote  # the quote shown as written


def test_repeated_passage_gets_the_context_of_its_first_occurrence() -> None:
    text = "Ja ja, sagte er.\n\nDann kam Ja ja, und dann Ruhe."
    assert text_fragment("Ja ja", text).directive == "text=Ja%20ja,-%2C%20sagte"
    # Context stays within the paragraph: a passage alone in its paragraph, twice, cannot be told apart.
    assert text_fragment("Ja ja", "Ja ja.\n\nDann.\n\nJa ja.").directive is None
    text = "Er sagte heute viel. Wieder sagte er viel."
    assert text_fragment("sagte", text).directive == "text=Er-,sagte"


def test_a_passage_that_cannot_be_made_unique_links_the_page_and_says_why(lib, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.explainer"):
        soup, ext = convert(lib, 'Satz [@beispiel, "Ja ja"].')
    assert ext.diagnostics == []  # not a problem of the page: nothing for strict mode to count
    assert passage_hrefs(soup) == [URL]
    [record] = [r for r in caplog.records if "text fragment" in r.getMessage()]
    assert record.levelno == logging.INFO
    assert record.getMessage() == (
        'docs/de/page.md:1: the quote "Ja ja" of beispiel links to the page without a text fragment: the passage '
        "occurs 2 times in the stored text and no words of its paragraph around it set this one apart")


def test_words_hyphenated_at_a_line_break_are_never_named(lib) -> None:
    # "Wasser-" / "schaden-Fonds": the page may print "Wasserschaden-Fonds" or "Wasser-schaden-Fonds".
    assert text_fragment("ein Schaden im Wasserschaden-Fonds wurde gemeldet", ARTICLE).directive == \
        "text=ein%20Schaden%20im,wurde%20gemeldet"
    fragment = text_fragment("Wasserschaden-Fonds", ARTICLE)
    assert fragment.directive is None and "hyphenated at a line break" in fragment.reason


def test_terms_are_percent_encoded() -> None:
    assert encode_term("a-b, c & d e") == "a%2Db%2C%20c%20%26%20d%20e"
    assert encode_term("„ä“") == "%E2%80%9E%C3%A4%E2%80%9C"


def test_the_directive_is_matched_as_a_browser_does() -> None:
    doc = "one two three. two three four. five"
    assert matches(doc, "two three") == {(4, 13), (15, 24)}  # twice: not unique
    assert matches(doc, "two three", suffix="four") == {(15, 24)}
    assert matches(doc, "two three", prefix="one") == {(4, 13)}
    assert matches(doc, "two", end="four") == {(4, 29), (15, 29)}
    assert matches(doc, "tw") == set()  # whole words only


def test_a_fragment_is_appended_after_an_existing_fragment() -> None:
    assert Fragment("text=a").url("https://example.org/p#top") == "https://example.org/p#top:~:text=a"
    assert Fragment(None).url("https://example.org/p") == "https://example.org/p"


def test_several_quotes_of_a_work_are_lettered_like_their_uses(lib) -> None:
    soup, _ = convert(lib, 'Eins [@beispiel]. Zwei [@beispiel, "Lesesaal Alte Post"]. Drei [@beispiel, "Gute Presse"].')
    quotes = soup.select(".citation-quote")
    assert [line.get_text() for line in quotes] == ["b Lesesaal Alte Post — Im Original", "c Gute Presse — Im Original"]
    passages = soup.select("a.passage-link")
    assert [a["aria-label"] for a in passages] == ["Fundstelle b im Original", "Fundstelle c im Original"]
    assert all(a["hreflang"] == "de" and a["rel"] == ["noopener", "noreferrer"] for a in passages)
    # The back links stay internal: every link among them leads within the page.
    assert all(a["href"].startswith("#") for a in soup.select(".citation-backlinks a"))


def test_a_quote_used_twice_is_listed_once_with_one_passage_link(lib) -> None:
    soup, _ = convert(lib, 'Eins [@beispiel, "Lesesaal Alte Post"]. Zwei [@beispiel]. Drei [@beispiel, "Lesesaal Alte Post"].')
    item = soup.select_one("ol.references li")
    quotes = item.select(".citation-quote")
    assert len(quotes) == 1 and quotes[0].q.get_text() == "Lesesaal Alte Post"
    assert quotes[0].select_one(".citation-letters").get_text() == "a, c"
    assert [a["aria-label"] for a in quotes[0].select("a.passage-link")] == ["Fundstelle a, c im Original"]
    # Every use keeps its back link, each once, in reading order.
    assert [a["href"] for a in item.select(".citation-backlinks a")] == [f"#cite-ref-1-{n}" for n in (1, 2, 3)]


@pytest.mark.parametrize(("lang", "said"), [("en", "In the original"), ("fr", "Dans l’original"),
                                            ("es", "En el original"), ("it", "Nell’originale")])
def test_the_passage_link_speaks_the_page_language(lib, lang: str, said: str) -> None:
    soup, _ = convert(lib, 'A [@beispiel, "Lesesaal Alte Post"].', lang=lang)
    assert soup.select_one("a.passage-link").get_text() == said


# ------------------------------------------------------------------------------- Robust Links

ARCHIVED = BIBLIOGRAPHY + """  - id: live-archived
    url: https://example.org/live
    title: "Live page"
    archive_url: https://web.archive.org/web/20241203101500/https://example.org/live
    archive_date: 2024-12-03
    url_status: live
"""


@pytest.fixture(scope="module")
def archived_lib(tmp_path_factory):
    return load_library(make_sources(tmp_path_factory.mktemp("arch"), ARCHIVED, ARTICLE))


def test_a_live_link_with_an_archived_copy_is_a_robust_link_and_says_archived(archived_lib) -> None:
    soup, _ = convert(archived_lib, "Satz [@live-archived].", lang="en")
    work = soup.select_one(".citation-work")
    live = work.find("a", href="https://example.org/live")
    assert live["data-versionurl"] == "https://web.archive.org/web/20241203101500/https://example.org/live"
    assert live["data-versiondate"] == "2024-12-03"
    archived = live.find_next_sibling("a")
    assert archived["class"] == ["archive-link"] and archived.get_text() == "archived December 3, 2024"
    assert archived["href"] == live["data-versionurl"] and archived["data-originalurl"] == "https://example.org/live"
    assert re.search(r"</a> \(<a [^>]*class=\"archive-link\"", str(work))  # beside the live link


def test_a_dead_link_leads_to_the_copy_first(archived_lib) -> None:
    soup, _ = convert(archived_lib, "Satz [@repo].", lang="en")
    first = soup.select_one(".citation-work a")
    assert first["href"] == "https://web.archive.org/web/2024/https://example.org/code/repo"
    assert "original no longer available" in soup.select_one(".citation-work").get_text()
    assert soup.select(".archive-link") == []


def test_a_changed_article_links_its_quotes_to_the_copy(archived_lib) -> None:
    """``url_status: deviated`` (what linkcheck's quote-changed asks for): the copy first, with the fragment."""
    from dataclasses import replace

    original = archived_lib.works["beispiel"]
    archived_lib.works["beispiel"] = replace(original, url_status="deviated",
                                             archive_url="https://web.archive.org/web/20241127000000/" + URL)
    try:
        soup, _ = convert(archived_lib, 'Satz [@beispiel, "Lesesaal Alte Post"].', lang="en")
    finally:
        archived_lib.works["beispiel"] = original
    assert soup.select_one(".citation-work a")["href"] == f"https://web.archive.org/web/20241127000000/{URL}"
    assert "original changed since it was quoted: " in soup.select_one(".citation-work").get_text()
    changed = soup.select(".citation-work a")[-1]
    assert changed["href"] == URL and changed["data-versiondate"] == "2024-11-27"
    assert passage_hrefs(soup) == [f"https://web.archive.org/web/20241127000000/{URL}#:~:text=Lesesaal%20Alte%20Post"]


def test_a_live_quote_link_carries_the_copy_with_the_same_fragment(archived_lib) -> None:
    from dataclasses import replace

    from explainer.lang.dates import PartialDate

    original = archived_lib.works["beispiel"]
    archived_lib.works["beispiel"] = replace(original, archive_url="https://web.archive.org/web/2024/" + URL,
                                             archive_date=PartialDate(2024, 11, 27))
    try:
        soup, _ = convert(archived_lib, 'Satz [@beispiel, "Lesesaal Alte Post"].')
    finally:
        archived_lib.works["beispiel"] = original
    link = soup.select_one("a.passage-link")
    assert link["href"] == f"{URL}#:~:text=Lesesaal%20Alte%20Post"
    assert link["data-versionurl"] == f"https://web.archive.org/web/2024/{URL}#:~:text=Lesesaal%20Alte%20Post"
    assert link["data-versiondate"] == "2024-11-27"


def test_the_copy_date_is_read_from_a_wayback_url_when_not_given(archived_lib) -> None:
    from dataclasses import replace

    work = replace(archived_lib.works["live-archived"], archive_date=None)
    assert version_date(work).iso() == "2024-12-03"
    assert version_date(replace(work, archive_url="https://web.archive.org/web/2024/https://x.org/")).iso() == "2024"
    assert version_date(replace(work, archive_url="https://archive.today/abc")) is None


# ------------------------------------------------------------------------------- a real build

@pytest.mark.build
def test_a_strict_build_links_quotes_and_only_notes_what_it_cannot(two: Path) -> None:
    article = two / "sources/articles/bericht.txt"
    text = article.read_text(encoding="utf-8")
    line = next(raw for raw in text.splitlines() if raw.startswith("Die Leiterin sprach"))
    text = text.replace(line, f"{line}\n{line}")  # the same paragraph twice: no context sets one apart
    article.write_text(text, encoding="utf-8")
    articles = two / "sources/articles.yml"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    articles.write_text(re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {digest}", articles.read_text(encoding="utf-8")),
                        encoding="utf-8")
    result = mkdocs_build(two)
    assert result.code == 0, result.output  # strict: a note, not a warning
    assert re.search(r'INFO\s+-\s+docs/de/report\.md:14: the quote "schwarzen Tag für die Stadt" of bericht links to the '
                     r"page without a text fragment: the passage occurs 2 times", result.output), result.output
    page = BeautifulSoup((two / "site/report/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = passage_hrefs(page)
    base = "https://example.net/lokales/bibliothek-wasserschaden"
    assert f"{base}#:~:text=rund%201.234%20B%C3%BCcher" in hrefs
    assert base in hrefs  # the repeated passage: the page itself
    english = BeautifulSoup((two / "site/en/report/index.html").read_text(encoding="utf-8"), "html.parser")
    assert passage_hrefs(english) == hrefs  # the same passages from every language
