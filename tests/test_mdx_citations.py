"""The citations extension: Markdown in, HTML out, in both languages."""

from __future__ import annotations

import markdown
import pytest

from explainer.model.library import load_library
from explainer.render.citations import CitationsExtension, split_reference_list
from minisources import BIBLIOGRAPHY, make_sources


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return load_library(make_sources(tmp_path_factory.mktemp("mini"), BIBLIOGRAPHY))


def convert(lib, text: str, lang: str = "de", **config) -> tuple[str, CitationsExtension]:
    ext = CitationsExtension(library=lib, lang=lang, path="docs/de/page.md", **config)
    html = markdown.Markdown(extensions=[ext, "attr_list", "toc", "fenced_code"]).convert(text)
    return html, ext


def test_single_citation_de(lib) -> None:
    html, ext = convert(lib, "Ein Satz [@beispiel].")
    assert ext.diagnostics == []
    assert ('<p>Ein Satz <sup class="citation">[<a aria-label="Beleg 1" class="citation-ref" href="#cite-1" '
            'id="cite-ref-1-1" title="Beispielblatt: Stadtbibliothek öffnet einen Notlesesaal '
            '(26. November 2024)">1</a>]</sup>.</p>') in html
    assert '<h2 data-search-exclude="" id="references">Belege</h2>' in html
    assert ('<li id="cite-1"><span class="citation-work"><span class="publisher">Beispielblatt'
            '</span>: <a href="https://example.net/artikel" rel="noopener noreferrer"><cite>„Stadtbibliothek öffnet '
            'einen Notlesesaal“</cite></a>, 26. November 2024.</span> <span class="citation-backlinks">'
            '<a aria-label="Zurück zur Textstelle 1" href="#cite-ref-1-1">↑</a></span></li>') in html


def test_single_citation_en_shows_translated_title_and_language(lib) -> None:
    html, _ = convert(lib, "A sentence [@beispiel].", lang="en")
    assert 'aria-label="Source 1"' in html
    assert '<h2 data-search-exclude="" id="references">References</h2>' in html
    assert ("<cite>“Stadtbibliothek öffnet einen Notlesesaal”</cite></a> "
            "[City library opens an emergency reading room], November 26, 2024, in German.") in html


def test_numbers_follow_first_use_and_back_links_every_use(lib) -> None:
    html, _ = convert(lib, "Eins [@report]. Zwei [@beispiel; @report]. Drei [@beispiel].")
    assert 'href="#cite-1" id="cite-ref-1-1"' in html  # report
    assert 'href="#cite-2" id="cite-ref-2-1"' in html  # beispiel
    assert 'href="#cite-1" id="cite-ref-1-2"' in html
    assert 'href="#cite-2" id="cite-ref-2-2"' in html
    assert '<a aria-label="Zurück zur Textstelle 1.1" href="#cite-ref-1-1">a</a>' in html
    assert '<a aria-label="Zurück zur Textstelle 1.2" href="#cite-ref-1-2">b</a>' in html
    assert html.index('id="cite-1"') < html.index('id="cite-2"')


def test_unverified_title_shows_the_url_instead(lib) -> None:
    html, _ = convert(lib, "Satz [@report].")
    assert ('<a href="https://example.org/news/first-report-about-it/" rel="noopener noreferrer">'
            'https://example.org/news/first-report-about-it/</a> (Titel nicht geprüft), November 2024, auf Englisch.') in html
    assert 'title="Example News: Seite auf example.org (November 2024)"' in html  # the tooltip stays short


def test_dead_url_links_archive_first_and_escapes_html_in_titles(lib) -> None:
    html, _ = convert(lib, "Satz [@repo].", lang="en")
    assert ('<a href="https://web.archive.org/web/2024/https://example.org/code/repo" rel="noopener noreferrer">'
            '<cite>“The &lt;b&gt;Repo&lt;/b&gt;”</cite></a>') in html
    assert "accessed November 1, 2026." in html
    assert 'original no longer available: <a href="https://example.org/code/repo"' in html
    assert "<b>" not in html


def test_verified_quote_is_listed_with_the_reference(lib) -> None:
    html, ext = convert(lib, 'Sie nannten es „Lesesaal Alte Post“ [@beispiel, "Lesesaal Alte Post"].')
    assert ext.diagnostics == []
    assert ('26. November 2024.</span> <span class="citation-backlinks"><a aria-label="Zurück zur Textstelle 1" '
            'href="#cite-ref-1-1">↑</a></span><details class="citation-quotes"><summary>Zitierte Stellen (1)</summary>'
            '<span class="citation-quote"><q lang="de">Lesesaal Alte Post</q> — <a class="passage-link" '
            'href="https://example.net/artikel#:~:text=Lesesaal%20Alte%20Post" hreflang="de" rel="noopener noreferrer">'
            'Im Original</a></span></details></li>') in html


def test_each_quote_stands_with_the_letters_of_its_uses(lib) -> None:
    html, ext = convert(lib, 'Eins [@beispiel]. Zwei [@beispiel, "Lesesaal Alte Post"]. Drei [@beispiel, "Gute Presse"]. '
                             'Vier [@beispiel, "Lesesaal Alte Post"].')
    assert ext.diagnostics == []
    entry = html.split('class="citation-work"')[1].split("</li>")[0]
    # Every use's back link on the work's own line, in reading order …
    assert ('<span class="citation-backlinks"><a aria-label="Zurück zur Textstelle 1.1" href="#cite-ref-1-1">a</a> '
            '<a aria-label="Zurück zur Textstelle 1.2" href="#cite-ref-1-2">b</a> '
            '<a aria-label="Zurück zur Textstelle 1.3" href="#cite-ref-1-3">c</a> '
            '<a aria-label="Zurück zur Textstelle 1.4" href="#cite-ref-1-4">d</a></span>') in entry
    # … then each distinct quote once, in order of first use, with the letters of the uses that quote it.
    assert entry.count("<q ") == 2
    assert entry.index('<summary>Zitierte Stellen (2)</summary><span class="citation-quote"><span class="citation-letters">'
                       'b, d</span> <q lang="de">Lesesaal Alte Post</q>') < entry.index(
        '<span class="citation-letters">c</span> <q lang="de">Gute Presse</q>')
    assert 'aria-label="Fundstelle b, d im Original"' in entry
    assert html.index('class="citation-work"') < html.index('class="citation-backlinks"')  # the work, then its uses


def test_authors_are_shown_with_the_work(tmp_path) -> None:
    from minisources import make_sources

    with_authors = "    publisher: Example Labs\n    authors: [Ada Lovelace, Alan Turing]\n"
    sources = make_sources(tmp_path, BIBLIOGRAPHY.replace("    publisher: Example Labs\n", with_authors))
    html, _ = convert(load_library(sources), "Satz [@repo].", lang="en")
    assert "</cite></a> by Ada Lovelace and Alan Turing, " in html
    html, _ = convert(load_library(sources), "Satz [@repo].", lang="de")
    assert "</cite></a> von Ada Lovelace und Alan Turing, " in html


def test_citations_in_code_stay_literal(lib) -> None:
    html, ext = convert(lib, "Code `[@nope]`.\n\n```\n[@nope]\n```\n\n    [@indented]\n")
    assert "<code>[@nope]</code>" in html
    assert "<pre><code>[@nope]\n</code></pre>" in html
    assert 'class="citation"' not in html
    assert [d for d in ext.diagnostics if "nope" in d.message] == []


def test_no_citations_no_reference_list(lib) -> None:
    html, _ = convert(lib, "Nur Text.")
    assert "references" not in html


def test_errors_carry_file_line_and_fix(lib) -> None:
    text = "\n".join([
        "# Titel",
        "",
        "Unbekannt [@beispeil].",
        'Falsch zitiert [@beispiel, "nur für Kunst genutzt"].',
        'Ohne Text [@report, "irgendwas"].',
        'Offen [@beispiel, "kein Ende.',
    ])
    _, ext = convert(lib, text, line_offset=4)
    closest = ext.diagnostics[2].fix
    assert closest.startswith('closest passage: "') and "Gute Presse" in closest
    assert [str(d).split(" — closest passage")[0] for d in ext.diagnostics] == [
        "docs/de/page.md:10: unterminated citation '[@beispiel, \"kein Ende.' — "
        'close it with ] (and a quote locator with "): [@id, "words"]',
        "docs/de/page.md:7: unknown citation id 'beispeil' — did you mean 'beispiel'? "
        "ids are defined in sources/articles.yml and sources/bibliography.yml",
        'docs/de/page.md:8: quote not found in beispiel: "nur für Kunst genutzt"',
        "docs/de/page.md:9: quote on 'report', whose text is not in sources/ — "
        "cite it without a quote, or add the article's text to sources/articles.yml",
    ]


def test_state_resets_between_documents(lib) -> None:
    ext = CitationsExtension(library=lib, lang="de")
    md = markdown.Markdown(extensions=[ext])
    md.convert("A [@report] B [@beispiel].")
    md.reset()
    html = md.convert("C [@beispiel].")
    assert 'id="cite-ref-1-1"' in html and "cite-2" not in html


def test_reporter_callable_receives_diagnostics(lib) -> None:
    seen = []
    convert(lib, "X [@nope].", report=seen.append)
    assert [d.message for d in seen] == ["unknown citation id 'nope'"]


def test_numbers_follow_document_order_inside_nested_blocks(lib) -> None:
    # Python-Markdown's inline pass handles nested blocks last; numbering must still follow the text.
    ext = CitationsExtension(library=lib, lang="de")
    html = markdown.Markdown(extensions=[ext, "admonition"]).convert(
        '!!! abstract "Kurz"\n\n    Zuerst [@beispiel].\n\nDanach [@report] und [@beispiel].')
    assert html.index('id="cite-ref-1-1"') < html.index('id="cite-ref-2-1"') < html.index('id="cite-ref-1-2"')
    assert 'href="#cite-1" id="cite-ref-1-1"' in html.split("Zuerst")[1].split("</p>")[0]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("Text.\n\n## Neu [@beispiel] {#neu}\n", 3, "citation [@beispiel] in a heading — headings carry no citations"),
    ("[Der Bericht [@beispiel]](report.md)", 1, "citation [@beispiel] in the text of a link — put it after the link"),
    ("![Bild [@beispiel]](x.png)", 1, "citation [@beispiel] does not come out on the page — a citation cannot stand in"),
    ("Doppelt [[@beispiel]].", 1, "citation in square brackets: [[@beispiel]] — write [@beispiel] once"),
    ('!!! note "Hinweis\n\n    Text [@beispiel].\n', 1, "not an admonition: '!!! note \"Hinweis' — write !!! type"),
    ("Absatz.\n\n    code [@beispiel]\n", 3, "citation [@beispiel] is not rendered: it stands in code"),
], ids=["heading", "link-text", "image-alt", "double-brackets", "unclosed-admonition-title", "indented-code"])
def test_citations_a_reader_would_not_see_as_citations_are_located_errors(lib, text: str, line: int,
                                                                           message: str) -> None:
    _, ext = convert(lib, text, line_offset=4)
    assert [str(d) for d in ext.diagnostics if str(d).startswith(f"docs/de/page.md:{line + 4}: ")] != []
    assert any(message in str(d) for d in ext.diagnostics), [str(d) for d in ext.diagnostics]


def test_good_markup_around_citations_is_quiet(lib) -> None:
    text = ('Gut [@beispiel].\n\n!!! note "Gut"\n\n    Auch [@beispiel].\n\n???+ tip\n\n    Ja [@report].\n\n'
            "[Der Bericht](report.md) [@beispiel]. Syntax: `[@beispiel]`.\n\n```\n[@beispiel]\n```\n")
    ext = CitationsExtension(library=lib, lang="de", path="docs/de/page.md")
    markdown.Markdown(extensions=[ext, "admonition", "pymdownx.details", "pymdownx.superfences"]).convert(text)
    assert ext.diagnostics == []


def test_a_project_may_write_a_language_in_a_regional_locale(lib) -> None:
    from explainer.lang.l10n import Words

    html, _ = convert(lib, "A sentence [@beispiel].", lang="en", words=Words(locales={"en": "en_GB"}))
    assert "26 November 2024" in html and "November 26, 2024" not in html
    html, _ = convert(lib, "A sentence [@beispiel].", lang="en")  # another project's words: no leak
    assert "November 26, 2024" in html


def test_the_reference_list_splits_off_for_the_search_index_only_where_it_ends_the_page(lib) -> None:
    html, _ = convert(lib, "Ein Satz [@beispiel].\n\nNoch einer [@beispiel].")
    text, listing = split_reference_list(html)
    assert text + listing == html
    assert listing.startswith('<h2 data-search-exclude="" id="references">') and listing.endswith("</ol>")
    assert "cite-ref-1-2" in text and 'id="cite-1"' not in text
    followed = html + '\n<div class="footnote"><p>indexed</p></div>'
    assert split_reference_list(followed) == (followed, "")
    plain, _ = convert(lib, "Kein Beleg.")
    assert split_reference_list(plain) == (plain, "")


def test_a_group_lists_its_numbers_in_ascending_order(lib) -> None:
    html, ext = convert(lib, "Eins [@report]. Zwei [@beispiel; @report]. Drei [@repo; @beispiel; @report].")
    assert ext.diagnostics == []
    groups = [sup.split("</sup>")[0] for sup in html.split('<sup class="citation">')[1:]]
    numbers = [[part.split(">")[1] for part in group.split("</a>")[:-1]] for group in groups]
    assert numbers == [["1"], ["1", "2"], ["1", "2", "3"]]  # beispiel is 2, repo 3: never [2, 1]
    # Each number keeps its own use's anchor, and the brackets and commas stay in place.
    assert groups[1] == ('[<a aria-label="Beleg 1" class="citation-ref" href="#cite-1" id="cite-ref-1-2" '
                         'title="Example News: Seite auf example.org (November 2024)">1</a>, '
                         '<a aria-label="Beleg 2" class="citation-ref" href="#cite-2" id="cite-ref-2-1" '
                         'title="Beispielblatt: Stadtbibliothek öffnet einen Notlesesaal (26. November 2024)">2</a>]')


def test_french_reference_lists_space_their_punctuation(lib) -> None:
    """French writes a narrow no-break space before the colon and inside « » (its catalogue)."""
    html, ext = convert(lib, "Une phrase [@beispiel].", lang="fr")
    assert ext.diagnostics == []
    assert '<span class="publisher">Beispielblatt</span>\u202f: <a' in html
    assert "<cite>«\u202fStadtbibliothek öffnet einen Notlesesaal\u202f»</cite>" in html
    assert 'title="Beispielblatt\u202f: Stadtbibliothek' in html
