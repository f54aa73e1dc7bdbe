"""``explainer init``: a new explainer that builds, checks and serves at once, in any languages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build, run, snapshot
from explainer.model.pages import load_pages
from explainer.plugin.project import load_project
from explainer.scaffold.init import plan_init
from inprocess import run_main
from test_newpage import BYTECODE

SCENARIOS = [
    pytest.param(["de", "en"], ["de=Die Geschichte, erklärt", "en=The story, explained"], id="german-source"),
    pytest.param(["en", "de", "fr"], ["en=The story, explained"], id="english-source-three-languages"),
    pytest.param(["it", "es", "fr", "en", "de"], [], id="five-languages"),
]


def init(target: Path, languages: list[str], titles: list[str]):
    args = ["init", str(target), "--languages", ",".join(languages)]
    for title in titles:
        args += ["--title", title]
    return run_main(target.parent, *args)


@pytest.mark.build
@pytest.mark.parametrize(("languages", "titles"), SCENARIOS)
def test_new_explainer_checks_builds_and_is_in_step(tmp_path: Path, languages: list[str], titles: list[str]) -> None:
    root = tmp_path / "new"
    result = init(root, languages, titles)
    assert result.code == 0, result.output
    project = load_project(root)
    assert project.languages == tuple(languages)
    check = run_main(root, "check")
    assert check.code == 0 and "check: 0 problem(s)" in check.out, check.output
    build = mkdocs_build(root)
    assert build.code == 0, build.output
    site = root / "site"
    assert (site / "index.html").exists() and (site / "sources/index.html").exists()
    for lang in languages[1:]:
        assert (site / lang / "index.html").exists()
        assert f'lang="{lang}"' in (site / lang / "index.html").read_text(encoding="utf-8")
    status = run_main(root, "status")
    assert status.code == 0 and "0 outdated, 0 missing, 0 never synced" in status.out, status.output
    sitecheck = run_main(root, "sitecheck", str(site))
    assert sitecheck.code == 0, sitecheck.output
    heading_ids = {lang: [(p.rel, [s.key for s in p.sections]) for p in load_pages(root / "docs" / lang)[0]]
                   for lang in languages}
    assert all(ids == heading_ids[languages[0]] for ids in heading_ids.values())


def test_the_first_language_is_the_source_at_the_root(tmp_path: Path) -> None:
    assert init(tmp_path / "new", ["en", "de", "fr"], []).code == 0
    config = (tmp_path / "new/mkdocs.yml").read_text(encoding="utf-8")
    assert "language: en" in config and "        - locale: en\n          name: \"English\"\n          default: true" in config
    assert "font: false" in config and "- explainer:" in config and "hooks:" not in config
    assert config.index("- i18n:") < config.index("- explainer:")  # after i18n, as the plugin needs


def test_init_writes_every_file_a_project_needs(tmp_path: Path) -> None:
    root = tmp_path / "new"
    assert init(root, ["de", "en"], []).code == 0
    files = set(snapshot(root))
    assert {"mkdocs.yml", "translations.lock", "README.md", "Makefile", ".ci/run", ".gitignore", "requirements.lock",
            "docs/de/index.md", "docs/en/index.md", "docs/de/sources.md", "docs/en/sources.md",
            "sources/README.md", "sources/articles.yml", "sources/bibliography.yml", "sources/cleaning.yml",
            "sources/articles/.gitkeep"} == {name for name in files if not name.startswith(".git/")}
    assert os.access(root / ".ci/run", os.X_OK)
    readme = (root / "sources/README.md").read_text(encoding="utf-8")
    for name in ("articles/", "articles.yml", "cleaning.yml", "bibliography.yml", "parsed/", "make ingest", "make check",
                 "make add"):
        assert name in readme
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "build", "test", "check", "add", "ingest", "status", "sync", "new-page", "linkcheck",
                   "import", "archive"):
        assert f"\n{target}:" in makefile
    assert "EXPLAINER ?= mkdocs-explainer==" in makefile and str(ROOT) not in makefile
    assert (root / "requirements.lock").read_text(encoding="utf-8") == (ROOT / "requirements.lock").read_text(encoding="utf-8")


def test_init_output_is_the_same_every_time() -> None:
    first = plan_init(["en", "de", "fr"], {"en": "A"}, "/generator")
    assert plan_init(["en", "de", "fr"], {"en": "A"}, "/generator") == first


@pytest.mark.build
def test_the_new_projects_own_make_check_passes(tmp_path: Path) -> None:
    """The Makefile that init writes, run as a new team would (with this run's tools instead of a new .venv)."""
    root = tmp_path / "new"
    assert init(root, ["en", "fr"], ["en=Story"]).code == 0
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "bin").symlink_to(Path(sys.executable).parent)
    (venv / ".installed").touch()  # newer than requirements.lock: the set-up is done
    result = run(["make", "--no-print-directory", f"VENV={venv}", BYTECODE, "check"], root,
                 env={"MAKEFLAGS": "", "MAKELEVEL": ""})
    assert result.code == 0, result.output
    assert "check: 0 problem(s)" in result.output and "sitecheck: 0 problem(s)" in result.output
