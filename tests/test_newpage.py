"""``make new-page``: a page in every language with matching frontmatter and IDs, in the navigation
of every language; on the two-language fixture (German source) and the three-language one
(English source, German, French)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, Run, mkdocs_build, run, snapshot
from inprocess import run_main

# The bytecode of the generator and its dependencies, compiled once for the whole run: the Makefiles
# put it under the project's own .cache/pycache, which is warm after a user's first command, but each
# test's project is new, and every command run by make would compile some 500 modules again (1 s of CPU).
BYTECODE = "PYTHONPYCACHEPREFIX=" + os.environ.get("PYTHONPYCACHEPREFIX", str(ROOT / ".cache/pycache"))


def make_target(root: Path, *args: str) -> Run:
    """``make …`` in ``root`` with this project's Makefile and the test run's virtual environment."""
    venv = Path(sys.executable).parent.parent
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):  # with their times: the venv counts as set up
        if not (root / name).exists():
            shutil.copy2(ROOT / name, root / name)
    # -o: the set-up counts as done whatever the files' times say; it must never reinstall into this run's venv.
    return run(["make", "--no-print-directory", f"VENV={venv}", BYTECODE, "-o", f"{venv}/.installed", "-o",
                f"{venv}/.installed-dev", *args], root,
               env={"MAKEFLAGS": "", "MAKELEVEL": ""})  # not the settings of a `make test` around this test


def frontmatter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def nav_labels(html: Path) -> list[str]:
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--primary a.md-nav__link")]


def test_new_page_pair_is_written_checked_and_synced(two: Path) -> None:
    write_new_page_pair(two)


@pytest.mark.build
def test_new_page_pair_builds_once_written(two: Path) -> None:
    write_new_page_pair(two)
    build = mkdocs_build(two)
    assert build.code == 0, build.output
    for lang, prefix, title in (("de", "", "Offene Fragen: eine Liste"), ("en", "en/", "Open questions: a list")):
        labels = nav_labels(two / f"site/{prefix}index.html")
        assert title in labels, (lang, labels)


def write_new_page_pair(two: Path) -> None:
    """``new-page`` in the two-language fixture, the skeleton's findings, the page written and synced."""
    result = run_main(two, "new-page", "open-questions", "--title", "de=Offene Fragen: eine Liste",
                       "--title", "en=Open questions: a list")
    assert result.code == 0, result.output
    assert result.out.splitlines()[:3] == ["wrote docs/de/open-questions.md", "wrote docs/en/open-questions.md",
                                           "wrote mkdocs.yml"]
    de = (two / "docs/de/open-questions.md").read_text(encoding="utf-8")
    en = (two / "docs/en/open-questions.md").read_text(encoding="utf-8")
    assert de.startswith('---\ntitle: "Offene Fragen: eine Liste"\ndescription: ""\n---\n')
    assert "# Offene Fragen: eine Liste {#open-questions}" in de and '!!! abstract "Kurz gesagt"' in de
    assert "# Open questions: a list {#open-questions}" in en and '!!! abstract "In brief"' in en
    config = (two / "mkdocs.yml").read_text(encoding="utf-8")
    assert '  - "Offene Fragen: eine Liste": open-questions.md\n' in config
    assert '            "Offene Fragen: eine Liste": "Open questions: a list"\n' in config

    # The skeleton is not publishable: the checks say what to fill in.
    check = run_main(two, "check")
    assert "docs/de/open-questions.md:3: frontmatter needs a non-empty 'description'" in check.err

    for lang, description, text in (("de", "Was offen ist.", "Offen ist, was die Versicherung zahlt [@bericht]."),
                                    ("en", "What is open.", "It is open what the insurance pays [@bericht].")):
        path = two / f"docs/{lang}/open-questions.md"
        page = path.read_text(encoding="utf-8").replace('description: ""', f"description: {description}")
        path.write_text(page.replace("    …", f"    {text}"), encoding="utf-8")
    assert run_main(two, "sync", "open-questions.md").code == 0


def test_second_run_refuses_and_changes_nothing(two: Path) -> None:
    args = ["new-page", "faq", "--title", "de=Fragen", "--title", "en=Questions"]
    assert run_main(two, *args).code == 0
    config = (two / "mkdocs.yml").read_bytes()
    again = run_main(two, *args)
    assert again.code == 1 and "docs/de/faq.md: page exists already" in again.err
    assert (two / "mkdocs.yml").read_bytes() == config


@pytest.mark.meta  # a make target
def test_make_target_passes_titles_exactly_as_typed(two: Path) -> None:
    """Quotes, $ and backticks in a title reach the page as typed: neither make nor the shell expands them."""
    title_de, title_en = 'Fragen "und" $HOME `id`, $(echo x)', "It's $(echo x) & $$"
    result = make_target(two, "new-page", "SLUG=faq", "ARGS=", f"TITLE_DE={title_de}", f"TITLE_EN={title_en}")
    assert result.code == 0, result.output
    for lang, title in (("de", title_de), ("en", title_en)):
        assert frontmatter(two / f"docs/{lang}/faq.md")["title"] == title


# ---------------------------------------------------------------- three languages, English source

THREE_TITLES = {"en": "Open questions", "de": "Offene Fragen", "fr": "Questions ouvertes"}


def assert_three_language_page(root: Path, titles: dict[str, str]) -> None:
    for lang, title, summary in (("en", titles["en"], "In brief"), ("de", titles["de"], "Kurz gesagt"),
                                 ("fr", titles["fr"], "En bref")):
        text = (root / f"docs/{lang}/faq.md").read_text(encoding="utf-8")
        assert frontmatter(root / f"docs/{lang}/faq.md") == {"title": title, "description": ""}
        assert f"# {title} {{#faq}}" in text and f'!!! abstract "{summary}"' in text, lang
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'  - "{titles["en"]}": faq.md\n' in config
    for lang in ("de", "fr"):  # each language's nav_translations, below its own locale
        block = config[config.index(f"- locale: {lang}"):]
        block = block[:block.index("\n        - locale:") + 1] if "\n        - locale:" in block else block
        assert f'            "{titles["en"]}": "{titles[lang]}"\n' in block, (lang, block)


def test_titles_per_language_in_one_option(three: Path) -> None:
    titles = ";".join(f"{lang}={title}" for lang, title in THREE_TITLES.items())
    result = run_main(three, "new-page", "faq", "--titles", titles)
    assert result.code == 0, result.output
    assert result.out.splitlines()[:4] == ["wrote docs/en/faq.md", "wrote docs/de/faq.md", "wrote docs/fr/faq.md",
                                           "wrote mkdocs.yml"]
    assert_three_language_page(three, THREE_TITLES)


@pytest.mark.build
def test_make_target_with_a_title_variable_per_language_builds(three: Path) -> None:
    titles = {"en": "Open questions: $HOME", "de": 'Offene "Fragen"', "fr": "Questions ouvertes d’aujourd’hui"}
    result = make_target(three, "new-page", "SLUG=faq", "ARGS=",
                         *(f"TITLE_{lang.upper()}={title}" for lang, title in titles.items()))
    assert result.code == 0, result.output
    for lang, title in titles.items():
        assert frontmatter(three / f"docs/{lang}/faq.md")["title"] == title
    for lang, description, text in (("en", "Open.", "Repairs cost 1.5 million euros [@reopening]."),
                                    ("de", "Offen.", "Die Reparatur kostete 1,5 Millionen Euro [@reopening]."),
                                    ("fr", "Ouvert.", "Les réparations ont coûté 1,5 million d’euros [@reopening].")):
        path = three / f"docs/{lang}/faq.md"
        page = path.read_text(encoding="utf-8").replace('description: ""', f"description: {description}")
        path.write_text(page.replace("    …", f"    {text}"), encoding="utf-8")
    assert run_main(three, "sync", "--all-languages", "faq.md").code == 0
    build = mkdocs_build(three)
    assert build.code == 0, build.output
    for prefix, lang in (("", "en"), ("de/", "de"), ("fr/", "fr")):
        assert titles[lang] in nav_labels(three / f"site/{prefix}index.html"), lang


@pytest.mark.meta  # a make target
@pytest.mark.parametrize(("variables", "expected"), [
    pytest.param({"TITLE_EN": "Open questions", "TITLE_DE": "Offene Fragen"},
                 'mkdocs.yml: no title for \'fr\' (French) — give TITLES="en=…;de=…;fr=…" (or TITLE_FR="…")',
                 id="missing-fr"),
    pytest.param({"TITLES": "en=Open questions;de=Offene Fragen"},
                 'mkdocs.yml: no title for \'fr\' (French) — give TITLES="en=…;de=…;fr=…" (or TITLE_FR="…")',
                 id="missing-fr-in-titles"),
    pytest.param({"TITLE_EN": "Open questions", "TITLE_DE": "Offene Fragen", "TITLE_FR": "Questions",
                  "TITLE_ES": "Preguntas"},
                 "mkdocs.yml: title for 'es' (Spanish), which is not a language of this site — remove TITLE_ES (or "
                 "es=… from TITLES); the languages: en, de, fr", id="extra-es"),
    pytest.param({"TITLES": "en=Open questions;de=Offene Fragen;fr=Questions;it=Domande"},
                 "mkdocs.yml: title for 'it' (Italian), which is not a language of this site — remove TITLE_IT (or "
                 "it=… from TITLES); the languages: en, de, fr", id="extra-it-in-titles"),
])
def test_make_target_refuses_a_missing_or_extra_title(three: Path, variables: dict[str, str], expected: str) -> None:
    make_target(three, "--version")  # the Makefile and its companions are in place before the snapshot
    before = snapshot(three)
    result = make_target(three, "new-page", "SLUG=faq", "ARGS=", *(f"{k}={v}" for k, v in variables.items()))
    assert result.code != 0
    assert "Traceback" not in result.output
    assert expected in result.err.splitlines(), result.output
    assert snapshot(three) == before
