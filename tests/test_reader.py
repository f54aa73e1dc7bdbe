"""The reader-facing parts of the published site (issue 24), in process and in a real build of a
fixture copy: the footer line (the plugin's ``footer`` option), headings' permalinks and the
colour scheme toggle in each page's language, ``og:locale`` and BibTeX ``langid`` from the
``locales`` option, and "cite this page" files named after the page."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
from bs4 import BeautifulSoup

from conftest import copy_fixture, html_path, mkdocs_build
from explainer.model.bibformats import langid
from explainer.plugin.outputs import cite_names
from explainer.render.footer import footer_html


def test_the_footer_line_keeps_links_and_emphasis_and_nothing_that_runs() -> None:
    assert footer_html("Text: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) · *Impressum*") == (
        'Text: <a href="https://creativecommons.org/licenses/by/4.0/" rel="noopener noreferrer">CC BY 4.0</a> · '
        "<em>Impressum</em>")
    dangerous = footer_html('<script>alert(1)</script>[x](javascript:alert(2)) <img src=x onerror=alert(3)> '
                            '<a href="/imprint/" onclick="alert(4)">Imprint</a>')
    assert "script" not in dangerous and "alert" not in dangerous and "<img" not in dangerous
    assert '<a href="/imprint/" rel="noopener noreferrer">Imprint</a>' in dangerous
    assert footer_html("  ") == ""


@pytest.mark.parametrize(("code", "name"), [("en_GB", "british"), ("en-GB", "british"), ("en", "english"),
                                            ("en-US", "american"), ("de", "ngerman"), ("de_CH", "nswissgerman"),
                                            ("fr", "french")])
def test_langid_names_the_regional_variant(code: str, name: str) -> None:
    assert langid(code) == name


@pytest.mark.parametrize(("url", "rel", "names"), [
    ("leak/", "leak.md", ("leak", "leak")), ("en/leak/", "leak.md", ("en/leak", "leak")),
    ("", "index.md", ("", "home")), ("en/", "index.md", ("en", "home")),
    ("en/guide/", "guide/index.md", ("en/guide", "guide")),
    ("report.html", "report.md", ("", "report.cite")),  # no directory URLs: never the bibliography's sources.bib
    ("sources.html", "sources.md", ("", "sources.cite")),
])
def test_cite_files_are_named_after_the_page(url: str, rel: str, names: tuple[str, str]) -> None:
    assert cite_names(url, rel) == names


FOOTER = {"en": "Text: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)",
          "de": "Texte: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/deed.de)"}
PERMALINK = {"en": "Link to this section", "de": "Link zu diesem Abschnitt", "fr": "Lien vers cette section"}
TOGGLES = {"en": ["Switch to dark mode", "Switch to light mode"],
           "de": ["Zum dunklen Farbschema wechseln", "Zum hellen Farbschema wechseln"],
           "fr": ["Passer au mode sombre", "Passer au mode clair"]}


@pytest.fixture(scope="module")
def with_options(tmp_path_factory) -> Path:
    """The three-language fixture with ``locales: {en: en_GB}`` and a footer in English and German."""
    root = copy_fixture("three-languages", tmp_path_factory.mktemp("reader") / "p")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    options = ("      allow_outdated: !ENV [EXPLAINER_ALLOW_DRIFT, false]\n      locales: {en: en_GB}\n      footer:\n"
               + "".join(f'        {lang}: "{line}"\n' for lang, line in FOOTER.items()))
    config.write_text(text.replace("      allow_outdated: !ENV [EXPLAINER_ALLOW_DRIFT, false]\n", options, 1),
                      encoding="utf-8")
    result = mkdocs_build(root, root / "site")
    assert result.code == 0, result.output
    return root / "site"


def page(site: Path, lang: str, rel: str = "report.md") -> BeautifulSoup:
    return BeautifulSoup(html_path(site, lang, rel, "en").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
def test_og_locale_and_langid_follow_the_locales_option(with_options: Path) -> None:
    english, german = page(with_options, "en"), page(with_options, "de")
    assert english.find("meta", property="og:locale")["content"] == "en_GB"
    assert german.find("meta", property="og:locale")["content"] == "de_DE"
    assert "en_GB" in [m["content"] for m in german.find_all("meta", property="og:locale:alternate")]
    [entry] = bibtexparser.parse_string((with_options / "report/report.bib").read_text(encoding="utf-8")).entries
    assert entry.fields_dict["langid"].value == "british"
    [entry] = bibtexparser.parse_string((with_options / "de/report/report.bib").read_text(encoding="utf-8")).entries
    assert entry.fields_dict["langid"].value == "ngerman"


@pytest.mark.build
@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_each_page_speaks_its_language_in_permalinks_toggle_and_footer(with_options: Path, lang: str) -> None:
    report = page(with_options, lang)
    permalinks = report.select("a.headerlink")
    assert permalinks and {a["title"] for a in permalinks} == {PERMALINK[lang]}
    assert [label["title"] for label in report.select("form[data-md-component=palette] label")] == TOGGLES[lang]
    footer = report.select(".md-copyright .explainer-footer")
    if lang in FOOTER:
        assert len(footer) == 1 and footer[0].a["href"].startswith("https://creativecommons.org/licenses/by/4.0/")
        assert footer[0].get_text() == FOOTER[lang].split("[")[0] + "CC BY 4.0"
    else:
        assert footer == []  # a language without a line shows none
    downloads = [a["href"] for a in report.select(".cite-downloads a")]
    assert downloads == ["report.bib", "report.ris", "report.json"]
    home = page(with_options, lang, "index.md")
    assert [a["href"] for a in home.select(".cite-downloads a")] == ["home.bib", "home.ris", "home.json"]
