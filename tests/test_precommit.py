"""The pre-commit configuration: valid, local only, and its Markdown linter passes on the docs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, run

BIN = Path(sys.executable).parent


def test_config_is_valid_and_needs_no_download() -> None:
    result = run([str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"], ROOT)
    assert result.code == 0, result.output
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert set(hooks) == {"explainer-check", "ruff", "markdown"}
    for hook in hooks.values():
        executable = next(part for part in hook["entry"].split() if part.startswith(".venv/"))
        assert (ROOT / executable).exists(), executable


def test_markdown_lint_passes_on_the_guides_and_a_fixture_project() -> None:
    files = ["README.md", "CONTRIBUTING.md", "CONTRIBUTING.de.md", "tests/fixtures/README.md",
             *(p.relative_to(ROOT).as_posix() for p in sorted((FIXTURES / "two-languages/docs").rglob("*.md")))]
    result = run([str(BIN / "pymarkdown"), "--config", ".pymarkdown.json", "scan", *files], ROOT)
    assert result.code == 0, result.output


@pytest.mark.content
def test_markdown_lint_passes_on_this_sites_pages() -> None:
    files = [*map(str, sorted((ROOT / "docs").rglob("*.md"))), "sources/README.md"]
    result = run([str(BIN / "pymarkdown"), "--config", ".pymarkdown.json", "scan", *files], ROOT)
    assert result.code == 0, result.output


def test_markdown_lint_catches_a_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("# Title\n\n```\nno language\n```\n", encoding="utf-8")
    result = run([str(BIN / "pymarkdown"), "--config", str(ROOT / ".pymarkdown.json"), "scan", str(bad)], ROOT)
    assert result.code != 0 and "MD040" in result.output
