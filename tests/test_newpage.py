"""``make new-page``: a page pair with matching frontmatter and IDs, in the navigation of both languages."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, explainer, mkdocs_build, run


def test_new_page_pair_builds_once_written(project: Path) -> None:
    result = explainer(project, "new-page", "open-questions", "--title", "de=Offene Fragen: eine Liste",
                       "--title", "en=Open questions: a list")
    assert result.code == 0, result.output
    assert result.out.splitlines()[:3] == ["wrote docs/de/open-questions.md", "wrote docs/en/open-questions.md",
                                           "wrote mkdocs.yml"]
    de = (project / "docs/de/open-questions.md").read_text(encoding="utf-8")
    en = (project / "docs/en/open-questions.md").read_text(encoding="utf-8")
    assert de.startswith('---\ntitle: "Offene Fragen: eine Liste"\ndescription: ""\n---\n')
    assert "# Offene Fragen: eine Liste {#open-questions}" in de and '!!! abstract "Kurz gesagt"' in de
    assert "# Open questions: a list {#open-questions}" in en and '!!! abstract "In brief"' in en
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert '  - "Offene Fragen: eine Liste": open-questions.md\n' in config
    assert '            "Offene Fragen: eine Liste": "Open questions: a list"\n' in config

    # The skeleton is not publishable: the checks say what to fill in.
    check = explainer(project, "check")
    assert "docs/de/open-questions.md:3: frontmatter needs a non-empty 'description'" in check.err

    for lang, description, text in (("de", "Was offen ist.", "Vieles ist offen [@mindverse]."),
                                    ("en", "What is open.", "Much is open [@mindverse].")):
        path = project / f"docs/{lang}/open-questions.md"
        page = path.read_text(encoding="utf-8").replace('description: ""', f"description: {description}")
        path.write_text(page.replace("    …", f"    {text}"), encoding="utf-8")
    assert explainer(project, "sync", "open-questions.md").code == 0
    build = mkdocs_build(project)
    assert build.code == 0, build.output
    for lang, prefix, title in (("de", "", "Offene Fragen: eine Liste"), ("en", "en/", "Open questions: a list")):
        home = BeautifulSoup((project / f"site/{prefix}index.html").read_text(encoding="utf-8"), "html.parser")
        labels = [a.get_text(" ", strip=True) for a in home.select("nav.md-nav--primary a.md-nav__link")]
        assert title in labels, (lang, labels)


def test_second_run_refuses_and_changes_nothing(project: Path) -> None:
    args = ["new-page", "faq", "--title", "de=Fragen", "--title", "en=Questions"]
    assert explainer(project, *args).code == 0
    config = (project / "mkdocs.yml").read_bytes()
    again = explainer(project, *args)
    assert again.code == 1 and "docs/de/faq.md: page exists already" in again.err
    assert (project / "mkdocs.yml").read_bytes() == config


def test_make_target_passes_titles_exactly_as_typed(project: Path) -> None:
    """Quotes, $ and backticks in a title reach the page as typed: neither make nor the shell expands them."""
    venv = Path(sys.executable).parent.parent
    for name in ("Makefile", "requirements.lock"):  # with their times, so make sees the venv as set up
        shutil.copy2(ROOT / name, project / name)
    title_de, title_en = 'Fragen "und" $HOME `id`, $(echo x)', "It's $(echo x) & $$"
    result = run(["make", "--no-print-directory", f"VENV={venv}", "new-page", "SLUG=faq", "ARGS=",
                  f"TITLE_DE={title_de}", f"TITLE_EN={title_en}"], project,
                 env={"MAKEFLAGS": "", "MAKELEVEL": ""})  # not the settings of a `make test` around this test
    assert result.code == 0, result.output
    for lang, title in (("de", title_de), ("en", title_en)):
        meta = yaml.safe_load((project / f"docs/{lang}/faq.md").read_text(encoding="utf-8").split("---")[1])
        assert meta["title"] == title
