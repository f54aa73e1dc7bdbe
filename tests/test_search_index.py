"""Per-language search indexes and the search part of Material's config, as plain functions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explainer.site.search import WORKER, index_path, language_of, split_index, with_search_config, write_language_indexes

SHARED = {
    "config": {"lang": ["de", "en"], "separator": "[\\s\\-]+", "pipeline": ["stemmer", "stopWordFilter", "trimmer"],
               "fields": {"title": {"boost": 1000.0}}},
    "docs": [
        {"location": "", "title": "Startseite", "text": "Künstler"},
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


def test_a_language_without_a_lunr_stemmer_falls_back_to_english_rules() -> None:
    parts = split_index({"config": {"lang": ["de"]}, "docs": [{"location": "xx/"}, {"location": "x-klingon/"}]},
                        ["de", "x-klingon"], "de")
    assert parts["x-klingon"]["config"]["lang"] == ["en"]


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
