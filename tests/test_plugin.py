"""The generator installed as a MkDocs plugin: its entry point, its options, and a second engine."""

from __future__ import annotations

import json
import re
import shutil
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from conftest import FIXTURES, ROOT, copy_fixture, mkdocs_build, run
from explainer.core.project import DEFAULTS
from explainer.plugin import ExplainerPlugin
from explainer.plugin.project import load_project
from inprocess import run_main

PROPERDOCS = Path(sys.executable).parent / "properdocs"


def test_entry_point_and_console_script() -> None:
    [plugin] = [ep for ep in entry_points(group="mkdocs.plugins") if ep.name == "explainer"]
    assert plugin.load() is ExplainerPlugin
    [script] = [ep for ep in entry_points(group="console_scripts") if ep.name == "explainer"]
    assert script.value == "explainer.cli.main:main"


@pytest.mark.content
def test_this_site_uses_the_plugin_not_hooks() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in config and "\n  - explainer:" in config


def documented_options() -> dict[str, object]:
    """The README's table of the plugin's options: each name with its default (read as YAML)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| option | default | meaning |"):]
    table = table[:table.index("\n\n")]
    return {name: yaml.safe_load(shown) for name, shown in re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", table, re.M)}


def test_a_plugin_without_options_gets_the_documented_defaults(tmp_path: Path) -> None:
    """What MkDocs' own config loading makes of a bare ``- explainer`` is what the README promises."""
    root = copy_fixture("two-languages", tmp_path / "p")
    path = root / "mkdocs.yml"
    text, bare = re.subn(r"^  - explainer:.*\n(?:      .*\n)*", "  - explainer\n", path.read_text(encoding="utf-8"),
                         flags=re.M)
    assert bare == 1
    path.write_text(text, encoding="utf-8")
    documented = documented_options()
    assert len(documented) >= 9, documented
    for name in ("sources", "lock"):  # paths, which MkDocs makes absolute (relative to mkdocs.yml)
        documented[name] = str(root / documented[name])
    config = load_config(str(path))
    assert dict(config.plugins["explainer"].config) == documented


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


def test_fixture_projects_are_clean(tmp_path: Path) -> None:
    """The fixtures pass every offline check, so the tests that break them start from a good state.
    Each is checked in a copy: the check writes its cache, and the checkout stays as it is."""
    for fixture in sorted(p for p in FIXTURES.iterdir() if (p / "mkdocs.yml").is_file()):  # imports/: no project
        result = run_main(copy_fixture(fixture.name, tmp_path / fixture.name), "check")
        assert result.code == 0 and "0 problem(s)" in result.out, result.output
    assert shutil.which("make")


@pytest.mark.build
def test_a_page_that_is_not_utf8_is_a_located_warning_not_a_traceback(tmp_path: Path) -> None:
    root = copy_fixture("two-languages", tmp_path / "p")
    with (root / "docs/de/report.md").open("ab") as page:
        page.write(b"\nGr\xfc\xdfe [@bericht].\n")
    result = mkdocs_build(root)
    assert result.code == 1 and "Traceback" not in result.output
    assert "docs/de/report.md:25: not valid UTF-8 — save the file as UTF-8" in result.output


@pytest.mark.build
def test_strict_mode_counts_the_warnings_of_every_language(tmp_path: Path) -> None:
    root = copy_fixture("two-languages", tmp_path / "p")
    with (root / "docs/de/glossary.md").open("a", encoding="utf-8") as page:
        page.write("\n\nUncited one.\n\nUncited two.\n")
    with (root / "docs/en/glossary.md").open("a", encoding="utf-8") as page:
        page.write("\n\nUncited c.\n\nUncited d.\n\nUncited e.\n")  # no number words: "three" is a number now
    result = mkdocs_build(root)
    warnings = result.output.count("WARNING -")
    assert warnings == 6
    assert "Aborted with 6 warnings in strict mode (de: 2, en: 4)!" in result.output
