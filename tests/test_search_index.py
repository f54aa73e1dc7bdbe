"""Per-language search indexes and the search part of Material's config, as plain functions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explainer.site.search import (
    WORKER,
    index_path,
    language_config,
    language_of,
    lunr_language,
    split_at_apostrophes,
    split_index,
    with_search_config,
    write_language_indexes,
)

SHARED = {
    "config": {"lang": ["de", "en"], "separator": "[\\s\\-]+", "pipeline": ["stemmer", "stopWordFilter", "trimmer"],
               "fields": {"title": {"boost": 1000.0}}},
    "docs": [
        {"location": "", "title": "Startseite", "text": "Besucher"},
        {"location": "leak/#what-happened", "title": "Was geschah", "text": "…"},
        {"location": "english-words/", "title": "Ein Wort mit en", "text": "…"},
        {"location": "en/", "title": "Home", "text": "artists"},
        {"location": "en/leak/#what-happened", "title": "What happened", "text": "…"},
    ],
}


@pytest.mark.parametrize(("location", "expected"), [
    ("", ("de", "")),
    ("leak/", ("de", "leak/")),
    ("english-words/", ("de", "english-words/")),  # a German page whose name starts with "en"
    ("en", ("en", "")),
    ("en/", ("en", "")),
    ("en/leak/#x", ("en", "leak/#x")),
])
def test_language_of_a_location(location: str, expected: tuple[str, str]) -> None:
    assert language_of(location, ["de", "en"], "de") == expected


def test_split_index_gives_each_language_its_pages_and_its_stemmer_only() -> None:
    parts = split_index(SHARED, ["de", "en"], "de")
    assert list(parts) == ["de", "en"]
    assert [d["location"] for d in parts["de"]["docs"]] == ["", "leak/#what-happened", "english-words/"]
    assert [d["location"] for d in parts["en"]["docs"]] == ["", "leak/#what-happened"]
    assert parts["de"]["config"]["lang"] == ["de"] and parts["en"]["config"]["lang"] == ["en"]
    assert parts["en"]["config"]["pipeline"] == SHARED["config"]["pipeline"]
    assert SHARED["config"]["lang"] == ["de", "en"], "the input is not changed"


def test_a_language_without_a_lunr_stemmer_gets_no_english_stemming_or_stop_words() -> None:
    """lunr needs a language: English, but with its stemmer and stop word filter taken out, so
    that English rules do not mangle another language's words (only the trimmer stays)."""
    shared = {"config": {"lang": ["de"], "pipeline": ["stemmer", "stopWordFilter", "trimmer"]},
              "docs": [{"location": "xx/"}, {"location": "x-klingon/"}]}
    parts = split_index(shared, ["de", "x-klingon"], "de")
    assert parts["x-klingon"]["config"]["lang"] == ["en"]
    assert parts["x-klingon"]["config"]["pipeline"] == ["trimmer"]
    assert parts["de"]["config"]["pipeline"] == ["stemmer", "stopWordFilter", "trimmer"]


THREE = {
    "config": {"lang": ["en", "de", "fr"], "separator": "[\\s\\-]+", "pipeline": ["stemmer", "stopWordFilter", "trimmer"]},
    "docs": [
        {"location": "", "title": "The library"}, {"location": "report/#costs", "title": "The costs"},
        {"location": "de/", "title": "Die Bibliothek"}, {"location": "de/report/#costs", "title": "Die Kosten"},
        {"location": "fr/", "title": "La bibliothèque"}, {"location": "fr/report/#costs", "title": "Les coûts"},
        {"location": "french-words/", "title": "An English page whose name starts with fr"},
    ],
}


def test_split_index_in_three_languages() -> None:
    parts = split_index(THREE, ["en", "de", "fr"], "en")
    assert list(parts) == ["en", "de", "fr"]
    assert [d["location"] for d in parts["en"]["docs"]] == ["", "report/#costs", "french-words/"]
    assert [d["location"] for d in parts["de"]["docs"]] == ["", "report/#costs"]
    assert [d["title"] for d in parts["fr"]["docs"]] == ["La bibliothèque", "Les coûts"]
    assert {lang: part["config"]["lang"] for lang, part in parts.items()} == {"en": ["en"], "de": ["de"], "fr": ["fr"]}
    # French splits at apostrophes ("l’assureur": the stop word "l", then "assureur"); the others do not.
    separators = {lang: re.compile(part["config"]["separator"]) for lang, part in parts.items()}
    assert separators["fr"].split("l’assureur d'Exampleton a-t-il") == ["l", "assureur", "d", "Exampleton", "a", "t", "il"]
    assert separators["en"].split("the library's d’Exampleton") == ["the", "library's", "d’Exampleton"]
    assert separators["de"].pattern == THREE["config"]["separator"]


@pytest.mark.parametrize(("code", "expected"), [
    ("de", "de"), ("fr", "fr"), ("es", "es"), ("it", "it"), ("en", "en"), ("pt-BR", "pt"), ("nb", "no"),
    ("zh_Hant", "zh"), ("FR", "fr"), ("ca", None), ("pl", None), ("x-klingon", None),
])
def test_lunr_language(code: str, expected: str | None) -> None:
    assert lunr_language(code) == expected


@pytest.mark.parametrize(("separator", "expected"), [
    ("[\\s\\-]+", "[\\s\\-'\u2019]+"),
    ("[\\s'\\-]+", "[\\s'\\-\u2019]+"),
    ("[\\s\\-]+|(?!\\b)(?=[A-Z][a-z])", "(?:[\\s\\-]+|(?!\\b)(?=[A-Z][a-z]))|['\u2019]+"),
])
def test_split_at_apostrophes_keeps_the_separator(separator: str, expected: str) -> None:
    assert split_at_apostrophes(separator) == expected
    assert [w for w in re.split(expected, "l’eau dell'acqua") if w] == ["l", "eau", "dell", "acqua"]


@pytest.mark.parametrize(("lang", "splits"), [("fr", True), ("it", True), ("fr-CA", True), ("de", False), ("es", False),
                                              ("en", False)])
def test_language_config_splits_eliding_languages_at_apostrophes(lang: str, splits: bool) -> None:
    config = {"lang": ["de", "en"], "separator": "[\\s\\-]+", "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}
    out = language_config(config, lang)
    assert (re.split(out["separator"], "l’eau") == ["l", "eau"]) == splits
    assert out["pipeline"] == config["pipeline"] and out["lang"] == [lunr_language(lang)]
    assert config["separator"] == "[\\s\\-]+" and config["lang"] == ["de", "en"], "the input is not changed"


def test_write_language_indexes_after_each_build_and_at_the_end(tmp_path: Path) -> None:
    shared = tmp_path / "search/search_index.json"
    shared.parent.mkdir()
    # mkdocs-static-i18n's English build: the shared file holds English entries only.
    english_only = {**SHARED, "docs": [d for d in SHARED["docs"] if d["location"].startswith("en/")]}
    shared.write_text(json.dumps(english_only), encoding="utf-8")
    assert write_language_indexes(tmp_path, ["de", "en"], "de") == {"en": 2}
    assert shared.read_text(encoding="utf-8") == json.dumps(english_only), "the root stays until German entries come"
    # The end: the shared file holds everything; the root becomes German only.
    shared.write_text(json.dumps(SHARED), encoding="utf-8")
    assert write_language_indexes(tmp_path, ["de", "en"], "de") == {"de": 3, "en": 2}
    german = json.loads(shared.read_text(encoding="utf-8"))
    english = json.loads(index_path(tmp_path, "en", "de").read_text(encoding="utf-8"))
    assert german["config"]["lang"] == ["de"] and {d["title"] for d in german["docs"]} == {
        "Startseite", "Was geschah", "Ein Wort mit en"}
    assert english["config"]["lang"] == ["en"] and {d["title"] for d in english["docs"]} == {"Home", "What happened"}
    # Running again (a later hook) changes nothing.
    before = shared.read_bytes(), index_path(tmp_path, "en", "de").read_bytes()
    write_language_indexes(tmp_path, ["de", "en"], "de")
    assert (shared.read_bytes(), index_path(tmp_path, "en", "de").read_bytes()) == before


def test_no_shared_index_no_files(tmp_path: Path) -> None:
    assert write_language_indexes(tmp_path, ["de", "en"], "de") == {}
    assert not (tmp_path / "en").exists()


CONFIG_BLOCK = ('\n      <script id="__config" type="application/json">{"annotate": null, "base": "../..", '
                '"features": [], "search": "../../assets/javascripts/workers/search.a7633da7.min.js", '
                '"translations": {"search.result.none": "Keine \\u003cb\\u003eTreffer\\u003c/b\\u003e"}, '
                '"version": null}</script>\n    ')


def config_of(block: str) -> dict:
    return json.loads(block.split('application/json">', 1)[1].split("</script>", 1)[0])


def test_search_config_points_at_the_language_root_and_the_stemming_worker() -> None:
    out = with_search_config(CONFIG_BLOCK, "../../en/")
    data = config_of(out)
    assert data["base"] == "../../en/"
    assert data["search"] == f"../../assets/javascripts/workers/{WORKER}?material=search.a7633da7.min.js"
    assert data["translations"] == config_of(CONFIG_BLOCK)["translations"]
    # Only the config's JSON changes, and it stays HTML-safe as Jinja's tojson writes it.
    assert out.startswith('\n      <script id="__config" type="application/json">{"annotate": null, "base": "../../en/"')
    assert out.endswith("</script>\n    ") and "<b>" not in out and "\\u003cb\\u003e" in out


def test_search_config_without_base_keeps_it_and_is_idempotent() -> None:
    once = with_search_config(CONFIG_BLOCK)
    assert config_of(once)["base"] == "../.."
    assert with_search_config(once) == once


def test_search_config_needs_materials_config_block() -> None:
    with pytest.raises(ValueError, match="__config"):
        with_search_config("<script>var x = 1</script>", "en/")
