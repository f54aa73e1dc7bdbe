"""``make sync`` and ``make status`` with several translated languages: sync marks only the
translation it is given and says which; marking every language needs ``--all-languages``; the lock
forgets pages that are gone, and status never lists them. On copies of the three-language fixture
(English source, German, French) and the two-language one (German source, English)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import snapshot
from inprocess import run_main
from test_newpage import make_target

PAGES = ("index.md", "report.md", "sources.md")


def lock(root: Path) -> dict:
    return json.loads((root / "translations.lock").read_text(encoding="utf-8"))["languages"]


def states(root: Path) -> dict[tuple[str, str], str]:
    result = run_main(root, "status", "--json")
    return {(r["page"], r["lang"]): r["state"] for r in json.loads(result.out)}


@pytest.fixture
def changed(three: Path) -> Path:
    """The three-language fixture after a change of the English home page: both translations outdated."""
    path = three / "docs/en/index.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("three weeks after a flood", "three weeks after the flood"), encoding="utf-8")
    assert states(three)[("index.md", "de")] == states(three)[("index.md", "fr")] == "outdated"
    return three


@pytest.mark.parametrize("args", [["fr/index.md"], ["--lang", "fr", "index.md"]], ids=["lang-in-path", "lang-option"])
def test_sync_marks_only_the_language_it_is_given(changed: Path, args: list[str]) -> None:
    german = lock(changed)["de"]
    result = run_main(changed, "sync", *args)
    assert result.code == 0, result.output
    assert result.out.splitlines() == ["marked synced: docs/fr/index.md"]
    assert lock(changed)["de"] == german
    found = states(changed)
    assert found[("index.md", "fr")] == "in step" and found[("index.md", "de")] == "outdated"


@pytest.mark.meta  # a make target
def test_make_sync_with_lang(changed: Path) -> None:
    result = make_target(changed, "sync", "LANG=de", "ARGS=index.md")
    assert result.code == 0, result.output
    assert "marked synced: docs/de/index.md" in result.out.splitlines()
    found = states(changed)
    assert found[("index.md", "de")] == "in step" and found[("index.md", "fr")] == "outdated"


@pytest.mark.parametrize(("args", "expected"), [
    pytest.param(["index.md"], "which translation of index.md is synced? This site has 2: de, fr — name it: "
                 "`make sync ARGS=de/index.md` (or LANG=de); --all-languages marks every language", id="page"),
    pytest.param(["index.md#home"], "which translation of index.md is synced? This site has 2: de, fr — name it: "
                 "`make sync ARGS=de/index.md#home` (or LANG=de); --all-languages marks every language", id="section"),
    pytest.param(["--all"], "which translations does --all mark synced? This site has 2: de, fr — name one: "
                 "`make sync LANG=de ARGS=--all`; --all-languages marks every language", id="all"),
])
def test_sync_without_a_language_is_refused_when_there_are_several(changed: Path, args: list[str],
                                                                    expected: str) -> None:
    before = snapshot(changed)
    result = run_main(changed, "sync", *args)
    assert result.code == 1 and "Traceback" not in result.output
    config = (changed / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(config, 1) if text.strip() == "languages:")
    assert result.err.splitlines() == [f"mkdocs.yml:{line}: {expected}"]
    assert result.out == ""
    assert snapshot(changed) == before


@pytest.mark.parametrize(("args", "expected"), [
    pytest.param(["pt/index.md"], "'pt' is not a language of this site — name a translated language: de, fr",
                 id="not-configured"),
    pytest.param(["--lang", "es", "index.md"], "'es' is not a language of this site — name a translated language: "
                 "de, fr", id="not-configured-option"),
    pytest.param(["--lang", "en", "index.md"], "'en' is the source language of this site: its pages are not synced — "
                 "name a translated language: de, fr", id="source-language-option"),
])
def test_sync_of_a_language_that_is_no_translation_is_refused(changed: Path, args: list[str], expected: str) -> None:
    before = snapshot(changed)
    result = run_main(changed, "sync", *args)
    assert result.code == 1 and "Traceback" not in result.output
    assert result.err.splitlines() == [f"mkdocs.yml:{line_of_languages(changed)}: {expected}"]
    assert snapshot(changed) == before


def line_of_languages(root: Path) -> int:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(config, 1) if text.strip() == "languages:")


def test_sync_of_the_source_language_by_path_is_refused(changed: Path) -> None:
    before = snapshot(changed)
    result = run_main(changed, "sync", "en/index.md")
    assert result.code == 1 and "Traceback" not in result.output
    assert result.err.splitlines() == ["docs/en/index.md: en is the source language: its pages are not synced — "
                                       "name the translation, e.g. de/index.md"]
    assert snapshot(changed) == before


def test_all_languages_marks_every_translation(changed: Path) -> None:
    result = run_main(changed, "sync", "--all-languages", "index.md")
    assert result.code == 0, result.output
    assert result.out.splitlines() == ["marked synced: docs/de/index.md", "marked synced: docs/fr/index.md"]
    assert set(states(changed).values()) == {"in step"}
    everything = run_main(changed, "sync", "--all", "--all-languages")
    assert everything.out.splitlines() == [f"marked synced: docs/{lang}/{page}" for lang in ("de", "fr") for page in PAGES]


def test_sections_of_one_language(changed: Path) -> None:
    result = run_main(changed, "sync", "--lang", "de", "index.md#home")
    assert result.out.splitlines() == ["marked synced: docs/de/index.md#home"]
    rows = {(r["page"], r["lang"]): r for r in json.loads(run_main(changed, "status", "--json").out)}
    assert rows[("index.md", "de")]["state"] == "in step"
    assert rows[("index.md", "fr")] == {"page": "index.md", "lang": "fr", "state": "outdated",
                                        "outdated_sections": ["home"]}


def test_one_translated_language_needs_no_language_name(two: Path) -> None:
    path = two / "docs/de/report.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Die Leiterin sprach", "Die Direktorin sprach"),
                    encoding="utf-8")
    assert states(two)[("report.md", "en")] == "outdated"
    result = run_main(two, "sync", "report.md")
    assert result.code == 0, result.output
    assert result.out.splitlines() == ["marked synced: docs/en/report.md"]
    assert states(two)[("report.md", "en")] == "in step"


def test_status_shows_one_row_per_page_and_language(three: Path) -> None:
    result = run_main(three, "status")
    assert result.code == 0, result.output
    assert result.out.splitlines() == [
        "page        lang  state",
        "index.md    de    in step",
        "report.md   de    in step",
        "sources.md  de    in step",
        "index.md    fr    in step",
        "report.md   fr    in step",
        "sources.md  fr    in step",
        "6 in step, 0 outdated, 0 missing, 0 never synced"]


@pytest.mark.meta  # a make target
def test_make_status_prints_the_same_rows(three: Path) -> None:
    result = run_main(three, "status")
    made = make_target(three, "status")
    assert made.code == 0, made.output
    assert [row for row in made.out.splitlines() if row.endswith("in step")] == result.out.splitlines()[1:-1]


def test_the_lock_forgets_a_deleted_page_and_status_never_lists_it(three: Path) -> None:
    for lang in ("en", "de", "fr"):
        (three / f"docs/{lang}/report.md").unlink()
    assert "report.md" in lock(three)["de"]  # the lock still remembers it, status does not show it
    rows = json.loads(run_main(three, "status", "--json").out)
    assert [(r["page"], r["lang"]) for r in rows] == [(p, lang) for lang in ("de", "fr") for p in ("index.md", "sources.md")]
    result = run_main(three, "sync", "fr/index.md")
    assert result.code == 0, result.output
    assert result.out.splitlines() == ["marked synced: docs/fr/index.md",
                                       "forgot docs/de/report.md: the page no longer exists",
                                       "forgot docs/fr/report.md: the page no longer exists"]
    assert all("report.md" not in pages for pages in lock(three).values())
    again = run_main(three, "sync", "fr/index.md")
    assert again.out.splitlines() == ["marked synced: docs/fr/index.md"]  # said once, when it happened
    status = run_main(three, "status")
    assert status.code == 0 and "report.md" not in status.out
    assert status.out.splitlines()[-1] == "4 in step, 0 outdated, 0 missing, 0 never synced"


def test_a_page_left_only_in_a_translation_is_listed_as_missing(three: Path) -> None:
    """Deleted from the source but not yet from the translations: that is listed, to be cleaned up."""
    (three / "docs/en/report.md").unlink()
    found = states(three)
    assert found[("report.md", "de")] == found[("report.md", "fr")] == "missing"
    assert run_main(three, "status").code == 1


# ---------------------------------------------------------------- a translation nobody updated (issue 17)

def test_old_locks_without_translation_hashes_keep_working_and_sync_records_them(changed: Path) -> None:
    assert all("translation" not in unit for pages in lock(changed).values() for units in pages.values()
               for unit in units.values())  # the fixture's lock predates them
    result = run_main(changed, "sync", "--all-languages", "index.md")
    assert result.code == 0, result.output
    home = lock(changed)["de"]["index.md"]
    assert all(len(unit["translation"]) == 16 for unit in home.values())


def home_changed_again(root: Path) -> None:
    """After a sync that recorded the translations, the English home page changes again; neither
    translation is touched."""
    synced = run_main(root, "sync", "--all", "--all-languages")
    assert synced.code == 0, synced.output
    path = root / "docs/en/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("three weeks after the flood", "three weeks after a flood"),
                    encoding="utf-8")


def test_sync_refuses_a_translation_unchanged_since_its_source_changed(changed: Path) -> None:
    home_changed_again(changed)
    before = snapshot(changed)
    result = run_main(changed, "sync", "--all-languages", "index.md")
    assert result.code == 1 and "Traceback" not in result.output and result.out == ""
    rows = result.err.splitlines()
    assert [row.split(": section")[0] for row in rows] == ["docs/de/index.md:6", "docs/fr/index.md:6"]
    assert rows[0].endswith("section #home is unchanged since it was last synced (whitespace aside), but the English "
                            "changed since — update the translation first; if it needs no change, run "
                            "`make sync ARGS=\"--force de/index.md#home\"`")
    assert snapshot(changed) == before


def test_sync_force_marks_it_and_says_so(changed: Path) -> None:
    home_changed_again(changed)
    result = run_main(changed, "sync", "--force", "fr/index.md")
    assert result.code == 0, result.output
    assert result.out.splitlines() == ["no change in docs/fr/index.md#home since the English changed; marked anyway",
                                       "marked synced: docs/fr/index.md"]
    found = states(changed)
    assert found[("index.md", "fr")] == "in step" and found[("index.md", "de")] == "outdated"


@pytest.mark.meta  # a make target
def test_make_sync_force_through_args(changed: Path) -> None:
    home_changed_again(changed)
    result = make_target(changed, "sync", "ARGS=--force de/index.md#home")
    assert result.code == 0, result.output
    assert "no change in docs/de/index.md#home since the English changed; marked anyway" in result.out.splitlines()


def test_an_updated_translation_is_marked_without_a_word(changed: Path) -> None:
    synced = run_main(changed, "sync", "--all", "--all-languages")
    assert synced.code == 0, synced.output
    for lang, old, new in (("en", "three weeks after the flood", "three weeks after a flood"),
                           ("de", "drei Wochen", "genau drei Wochen")):
        path = changed / "docs" / lang / "index.md"
        text = path.read_text(encoding="utf-8")
        assert old in text, (lang, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_main(changed, "sync", "de/index.md")
    assert result.code == 0, result.output
    assert result.out.splitlines() == ["marked synced: docs/de/index.md"]
