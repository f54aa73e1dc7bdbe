"""The GitHub workflows: valid for actionlint, clean for zizmor, and doing what the project promises."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run
from inprocess import run_main

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


def recipe(target: str) -> str:
    """The commands of a Makefile target."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    body = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        body.append(line)
    return "\n".join(body)


def test_deploy_checks_then_builds_strict_and_publishes_the_build() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run") for step in build if step.get("run")]
    assert runs == ["make check", "make build"]
    assert "mkdocs build --strict" in recipe("build") and "--site-dir site" in recipe("build")
    build_step = next(step for step in build if step.get("run") == "make build")
    assert build_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"  # canonical and hreflang URLs
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {}


def test_builds_take_their_date_from_the_last_commit(tmp_path: Path) -> None:
    """Same commit, same site: SOURCE_DATE_EPOCH is the last commit's time, whatever the clock says."""
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    env = {"GIT_AUTHOR_DATE": "2024-11-26T12:00:00+00:00", "GIT_COMMITTER_DATE": "2024-11-26T12:00:00+00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["git", "init", "-q"], ["git", "add", "Makefile"], ["git", "commit", "-q", "-m", "x"]):
        assert run(args, tmp_path, env=env).code == 0
    clean_env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "MAKEFLAGS", "MAKELEVEL")}
    printed = subprocess.run(["make", "-s", "--eval", "print-date: ; @echo $$SOURCE_DATE_EPOCH", "print-date"],
                             cwd=tmp_path, env=clean_env, capture_output=True, text=True, timeout=60)
    assert printed.stdout.strip() == "1732622400", printed.stdout + printed.stderr


def test_archive_is_opt_in_and_the_only_job_that_writes() -> None:
    """The weekly run may record archived copies (make archive) only where the repository opts in
    (variable ARCHIVE_CITED_PAGES) and in its own job, the only one with write access: to contents."""
    workflow = load("link-check.yml")
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["linkcheck"]["permissions"] == {"contents": "read", "issues": "write"}
    job = jobs["archive"]
    assert job["needs"] == "linkcheck"
    assert "vars.ARCHIVE_CITED_PAGES == 'true'" in job["if"] and "!cancelled()" in job["if"]
    assert job["permissions"] == {"contents": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "make archive" in runs and "git push" in runs
    assert "git add sources/bibliography.yml sources/articles.yml" in runs  # nothing but the sources it records
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] == "false"
    assert "$(BIN)/explainer archive $(ARGS)" in recipe("archive")


def test_commands_run_by_make_may_write_their_bytecode(tmp_path: Path) -> None:
    """A bytecode prefix hides what was compiled at install time: where the machine sets
    PYTHONDONTWRITEBYTECODE (CI images do), every command would compile its imports again. Both this
    project's Makefile and the one `explainer init` writes let Python write under .cache/pycache."""
    assert run_main(tmp_path, "init", str(tmp_path / "new"), "--languages", "en,de").code == 0
    outer = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL")}
    for makefile in (ROOT / "Makefile", tmp_path / "new/Makefile"):
        printed = subprocess.run(
            ["make", "-s", "-f", str(makefile), "--eval",
             "print-env: ; @echo \"[$$PYTHONDONTWRITEBYTECODE] $$PYTHONPYCACHEPREFIX\"", "print-env"],
            cwd=tmp_path, env={**outer, "PYTHONDONTWRITEBYTECODE": "1"}, capture_output=True, text=True, timeout=60)
        assert printed.stdout.strip() == f"[] {tmp_path}/.cache/pycache", (makefile, printed.stdout + printed.stderr)


def test_bad_input_properties_run_long_every_week() -> None:
    workflow = load("properties.yml")
    assert workflow["on"]["schedule"] and "workflow_dispatch" in workflow["on"]
    steps = workflow["jobs"]["properties"]["steps"]
    run_step = next(step for step in steps if "tests/test_properties.py" in step.get("run", ""))
    assert run_step["env"]["HYPOTHESIS_PROFILE"] == "long"
    assert workflow["jobs"]["properties"]["permissions"] == {"contents": "read"}


def test_lint_runs_ruff_and_mypy() -> None:
    """`make lint` is ruff over the code and mypy over the generator (its files in pyproject.toml)."""
    outer = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL")}
    dry = subprocess.run(["make", "-n", "--no-print-directory", "lint"], cwd=ROOT, env=outer,
                         capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    commands = dry.stdout.splitlines()
    assert ".venv/bin/ruff check scripts tests bench" in commands
    assert ".venv/bin/mypy" in commands


def test_ci_lints_after_the_set_up_and_stops_when_lint_fails(tmp_path: Path) -> None:
    """.ci/run runs `make lint` right after the Python set-up, and a lint (or type) error fails CI
    before the tests. `make` here is a stand-in that records its arguments and fails for lint (TMPDIR:
    where a regression runs on, its copy of the checkout stays in tmp_path)."""
    if not os.access("/usr/bin/chromium", os.X_OK):
        pytest.skip(".ci/run would install Chromium with apt-get first")
    calls = tmp_path / "calls"
    stand_in = tmp_path / "bin/make"
    stand_in.parent.mkdir()
    stand_in.write_text('#!/bin/sh\necho "$*" >> "$CALLS"\ncase "$*" in *lint*) exit 1;; esac\n', encoding="utf-8")
    stand_in.chmod(0o755)
    env = {**os.environ, "PATH": f"{stand_in.parent}:{os.environ['PATH']}", "CALLS": str(calls), "TMPDIR": str(tmp_path)}
    result = subprocess.run([str(ROOT / ".ci/run")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout + result.stderr
    assert calls.read_text(encoding="utf-8").splitlines() == [
        "--no-print-directory .venv/.installed-dev", "--no-print-directory lint"]
    assert "ci: python set-up" in result.stdout and "ci: make test" not in result.stdout
