"""The generator installed as a MkDocs plugin: its entry point, its options, and a second engine."""

from __future__ import annotations

import json
import re
import shutil
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, copy_fixture, run
from explainer.core.project import DEFAULTS
from explainer.plugin import ExplainerPlugin
from explainer.plugin.config import ExplainerConfig
from explainer.plugin.project import load_project

PROPERDOCS = Path(sys.executable).parent / "properdocs"


def test_entry_point_and_console_script() -> None:
    [plugin] = [ep for ep in entry_points(group="mkdocs.plugins") if ep.name == "explainer"]
    assert plugin.load() is ExplainerPlugin
    [script] = [ep for ep in entry_points(group="console_scripts") if ep.name == "explainer"]
    assert script.value == "explainer.cli.main:main"


def test_this_site_uses_the_plugin_not_hooks() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in config and "\n  - explainer:" in config


def test_schema_defaults_are_the_command_lines_defaults() -> None:
    schema = dict(ExplainerConfig._schema)
    assert set(schema) == set(DEFAULTS)
    for name, default in DEFAULTS.items():
        assert schema[name].default == default, name


def test_readme_documents_every_option_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, default in DEFAULTS.items():
        shown = json.dumps(default) if not isinstance(default, str) else default  # false, {}, sources
        assert re.search(rf"^\| `{name}` \| `{re.escape(shown)}` \|", readme, re.M), name


def test_options_reach_the_command_line(tmp_path: Path) -> None:
    root = copy_fixture("two-languages", tmp_path / "p")
    (root / "sources").rename(root / "quellen")
    (root / "translations.lock").rename(root / "sync.lock")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("sources: sources", "sources: quellen")
    config.write_text(text.replace("lock: translations.lock", "lock: sync.lock"), encoding="utf-8")
    project = load_project(root)
    assert project.sources == root / "quellen" and project.lock_path == root / "sync.lock"


@pytest.mark.build
@pytest.mark.parametrize("fixture", ["two-languages", "three-languages"])
def test_properdocs_builds_the_same_site(tmp_path: Path, fixture: str, build_of) -> None:
    """ProperDocs 1.6 (the maintained continuation of MkDocs 1.x) runs the plugin, Material and
    mkdocs-static-i18n; the site it builds is the one MkDocs builds."""
    if not PROPERDOCS.exists():
        pytest.skip("ProperDocs is not installed (make setup installs it with the test tools)")
    root = copy_fixture(fixture, tmp_path / "p")
    result = run([str(PROPERDOCS), "build", "--strict", "--site-dir", str(root / "site")], root)
    if result.code != 0 and re.search(r"No module named|cannot import|ThemeNotFound|not installed", result.output):
        pytest.skip(f"ProperDocs cannot load Material or static-i18n: {result.output.strip().splitlines()[-1]}")
    assert result.code == 0, result.output
    mkdocs_site = build_of(fixture)
    theirs = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html"))
    ours = sorted(p.relative_to(mkdocs_site).as_posix() for p in mkdocs_site.rglob("*.html"))
    assert theirs == ours
    for rel in ours:
        assert (root / "site" / rel).read_text(encoding="utf-8") == (mkdocs_site / rel).read_text(encoding="utf-8"), rel


def test_fixture_projects_are_clean() -> None:
    """The fixtures pass every offline check, so the tests that break them start from a good state."""
    for fixture in sorted(p for p in FIXTURES.iterdir() if (p / "mkdocs.yml").is_file()):  # imports/: no project
        result = run([sys.executable, "-m", "explainer", "--root", str(fixture), "check"], fixture)
        assert result.code == 0 and "0 problem(s)" in result.out, result.output
    assert shutil.which("make")


@pytest.mark.build
def test_a_page_that_is_not_utf8_is_a_located_warning_not_a_traceback(tmp_path: Path) -> None:
    root = copy_fixture("two-languages", tmp_path / "p")
    with (root / "docs/de/report.md").open("ab") as page:
        page.write(b"\nGr\xfc\xdfe [@bericht].\n")
    result = run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(root / "site")], root)
    assert result.code == 1 and "Traceback" not in result.output
    assert "docs/de/report.md:25: not valid UTF-8 — save the file as UTF-8" in result.output


@pytest.mark.build
def test_strict_mode_counts_the_warnings_of_every_language(tmp_path: Path) -> None:
    root = copy_fixture("two-languages", tmp_path / "p")
    with (root / "docs/de/glossary.md").open("a", encoding="utf-8") as page:
        page.write("\n\nUncited one.\n\nUncited two.\n")
    with (root / "docs/en/glossary.md").open("a", encoding="utf-8") as page:
        page.write("\n\nUncited c.\n\nUncited d.\n\nUncited e.\n")  # no number words: "three" is a number now
    result = run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(root / "site")], root)
    warnings = result.output.count("WARNING -")
    assert warnings == 6
    assert "Aborted with 6 warnings in strict mode (de: 2, en: 4)!" in result.output
