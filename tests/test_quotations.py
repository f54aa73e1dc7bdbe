"""Quotations in running text are checked against the works their sentence cites, in the
quotation marks of the page's language (and of the cited work's), in German, English, French,
Spanish and Italian; a quotation that quotes no source carries ``{term}``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import markdown
import pytest

from explainer.checks.quotations import quotation_findings, quotation_marks, strip_marks
from explainer.model.library import Library, load_library
from explainer.model.pages import parse_page
from explainer.render.citations import CitationsExtension

ARTICLES = {
    "nachricht": ("de", "Die Stadt nannte den Notbetrieb „Lesesaal Alte Post“. Nach etwa drei Stunden wurde "
                        "der Zugang gesperrt. Es war ein historischer Fehler."),
    "news": ("en", "The company called it a historic failure. Nobody was harmed, it said."),
    "nouvelle": ("fr", "La société a parlé d’un échec historique. Personne n’a été blessé."),
    "noticia": ("es", "La empresa habló de un fracaso histórico. Nadie resultó herido."),
    "notizia": ("it", "L’azienda ha parlato di un fallimento storico."),
}
BIBLIOGRAPHY = """entries:
  - id: launch
    url: https://example.org/launch
    title: "Launch"
    publisher: Example
    language: en
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    sources = tmp_path_factory.mktemp("q") / "sources"
    (sources / "articles").mkdir(parents=True)
    entries = []
    for work_id, (lang, text) in ARTICLES.items():
        raw = f"{work_id.title()}\n\n{text}\n"
        (sources / f"articles/{work_id}.txt").write_text(raw, encoding="utf-8")
        digest = hashlib.sha256(raw.encode()).hexdigest()
        entries.append(f"  - id: {work_id}\n    file: articles/{work_id}.txt\n    sha256: {digest}\n"
                       f"    url: https://example.net/{work_id}\n    title: \"{work_id.title()}\"\n"
                       f"    publisher: Example\n    date: 2024-11-26\n    language: {lang}\n")
    (sources / "articles.yml").write_text("articles:\n" + "".join(entries), encoding="utf-8")
    (sources / "cleaning.yml").write_text("rules: []\n", encoding="utf-8")
    (sources / "bibliography.yml").write_text(BIBLIOGRAPHY, encoding="utf-8")
    return load_library(sources)


def findings(library: Library, lang: str, body: str) -> list[str]:
    page = parse_page(f"---\ntitle: T\n---\n\n{body}\n", Path(f"docs/{lang}/p.md"), "p.md")
    return [f"{d.line}: {d.message}" for d in quotation_findings(page, lang, library)]


SUPPORTED = [
    ("de", "Sie nannte es „Lesesaal Alte Post“ [@nachricht]."),
    ("de", "Laut Quelle war es „ein historischer Fehler“ [@nachricht]."),
    ("de", "Es hieß „nach etwa drei Stunden“ [@nachricht]."),  # the first letter may differ
    ("de", "Es war ein „Keller-Flut“{term} [@nachricht]."),  # marked: no quotation
    ("de", "Ein Satz ohne Beleg mit „erfundenen Worten“."),  # no citation: the coverage check's business
    ("de", "Das ist `„Code“` [@nachricht]."),
    ("en", "The company called it “a historic failure” [@news]."),
    ("en", "The company called it “A Historic Failure” [@news]."),  # case does not matter in English
    ("en", "The group used “Lesesaal Alte Post” as the name [@nachricht]."),  # a name, as in the German source
    ("en", "After three hours, “access was blocked” [@nachricht, \"wurde der Zugang gesperrt\"]."),  # translation
    ("en", "The paper writes „Nach etwa drei Stunden“ (“after about three hours”) [@nachricht]."),  # original kept
    ("en", "It was, in the page’s words, a “leak”{term} [@news]."),
    ("fr", "La société parle d’« un échec historique » [@nouvelle]."),
    ("fr", "La société parle d’«un échec historique» [@nouvelle]."),
    ("fr", "Selon Beispielblatt, c’était « un historischer Fehler »{term} [@nachricht]."),
    ("fr", "La société parle d’un « historic failure » [@news]."),  # the English source's words
    ("es", "La empresa habló de «un fracaso histórico» [@noticia]."),
    ("es", "La empresa habló de “un fracaso histórico” [@noticia]."),  # CLDR's alternate marks
    ("es", "El grupo lo llamó «Lesesaal Alte Post» [@nachricht]."),
    ("it", "L’azienda parla di «un fallimento storico» [@notizia]."),
]


@pytest.mark.parametrize(("lang", "body"), SUPPORTED)
def test_supported_quotations_pass(library: Library, lang: str, body: str) -> None:
    assert findings(library, lang, body) == []


UNSUPPORTED = [
    ("de", "Die Quelle nennt es „ein historisches Desaster“ [@nachricht].", "ein historisches Desaster"),
    ("de", "Nach „etwa vier Stunden“ war Schluss [@nachricht].", "etwa vier Stunden"),
    ("de", "Sie sprachen von „Alte Post Lesesaal“ [@nachricht; @launch].", "Alte Post Lesesaal"),
    ("de", "Zuerst „Lesesaal Alte Post“ [@nachricht], dann „kein Fehler“ [@nachricht].", "kein Fehler"),
    ("de", "Meyer nannte es „Neue Mitte“ [@launch].", "Neue Mitte"),  # a work without stored text
    ("en", "The company called it “a historic success” [@news].", "a historic success"),
    ("en", "It said “somebody was harmed” [@news].", "somebody was harmed"),
    ("en", "After three hours “access was blocked” [@nachricht].", "access was blocked"),  # translation, no locator
    ("en", "The company spoke of “the rapist” [@news].", "the rapist"),
    ("fr", "La société parle d’« un succès historique » [@nouvelle].", "un succès historique"),
    ("fr", "« Personne n’a été tué » [@nouvelle].", "Personne n’a été tué"),
    ("es", "La empresa habló de «un éxito histórico» [@noticia].", "un éxito histórico"),
    ("es", "«Alguien resultó herido» [@noticia].", "Alguien resultó herido"),
    ("it", "L’azienda parla di «un successo storico» [@notizia].", "un successo storico"),
]


@pytest.mark.parametrize(("lang", "body", "words"), UNSUPPORTED)
def test_unsupported_quotations_are_located_findings(library: Library, lang: str, body: str, words: str) -> None:
    found = findings(library, lang, body)
    assert len(found) == 1, found
    assert found[0].startswith("5: quotation “" + words + "”")


def test_the_issue_example(library: Library) -> None:
    """``… called it “a historic failure” [@source].`` passed whatever the source said."""
    assert findings(library, "en", "The company called it “a historic failure” [@news].") == []
    assert findings(library, "en", "The company called it “a historic blunder” [@news].") != []


def test_a_table_row_is_its_own_sentence(library: Library) -> None:
    body = ("| A | B |\n|---|---|\n| x [@nachricht] | „ein historisches Desaster“ |\n"
            "| y [@nachricht] | z |")
    assert findings(library, "de", body) == []  # the quotation is after its row's citation: uncited


def test_the_line_is_the_quotations(library: Library) -> None:
    body = "Erste Zeile\nund dann „ein erfundenes Wort“\nim Satz [@nachricht]."
    assert findings(library, "de", body)[0].startswith("6: ")


@pytest.mark.parametrize(("lang", "first"), [("de", ("„", "“")), ("en", ("“", "”")), ("fr", ("«", "»")),
                                             ("es", ("«", "»")), ("it", ("«", "»"))])
def test_quotation_marks_come_from_the_language(lang: str, first: tuple[str, str]) -> None:
    assert quotation_marks(lang)[0] == first


def test_the_mark_is_removed_outside_code() -> None:
    assert strip_marks("Ein „Keller-Flut“{term} und `x{term}`.") == "Ein „Keller-Flut“ und `x{term}`."


def test_the_build_shows_no_mark(library: Library) -> None:
    ext = CitationsExtension(library=library, lang="de", path="docs/de/p.md")
    html = markdown.Markdown(extensions=[ext, "attr_list"]).convert("Ein „Keller-Flut“{term} [@nachricht].\n\n`a{term}`")
    assert "{term}" not in html.split("<code>")[0] and "„Keller-Flut“ <sup" in html
    assert "<code>a{term}</code>" in html
    assert ext.diagnostics == []
