"""The GitHub workflows: valid for actionlint, clean for zizmor, and doing what the project promises."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from conftest import ROOT, run

WORKFLOWS = ROOT / ".github/workflows"
BIN = Path(sys.executable).parent


def test_actionlint() -> None:
    result = run([str(BIN / "actionlint"), *map(str, sorted(WORKFLOWS.glob("*.yml")))], ROOT)
    assert result.code == 0, result.output


def test_zizmor() -> None:
    result = run([str(BIN / "zizmor"), "--offline", str(WORKFLOWS)], ROOT)
    assert result.code == 0, result.output
    assert "No findings to report" in result.output


def load(name: str) -> dict:
    return yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_link_check_runs_weekly_and_on_demand_and_keeps_its_state() -> None:
    workflow = load("link-check.yml")
    assert workflow["on"]["schedule"][0]["cron"].split()[-1] == "1"  # weekly, on Mondays
    assert "workflow_dispatch" in workflow["on"]
    steps = workflow["jobs"]["linkcheck"]["steps"]
    text = (WORKFLOWS / "link-check.yml").read_text(encoding="utf-8")
    assert "reports/linkcheck-state.json" in text and "make linkcheck" in text
    assert any("gh issue edit" in step.get("run", "") and "gh issue create" in step.get("run", "") for step in steps)


def test_deploy_builds_strict_from_the_commit() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make build" for step in build)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "git log -1 --format=%ct" in makefile and "mkdocs build --strict" in makefile
