"""The package's metadata says what the code needs: its runtime dependencies are the ones
``requirements.in`` pins for the site (and nothing the tests alone need), and every release is
built and published from a tag by a workflow that proves the adopter's path first."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT

BUILD_ONLY = {"setuptools"}  # pinned for `pip install --no-build-isolation -e .`, not imported at run time


def names(lines: list[str]) -> set[str]:
    """Distribution names of requirement lines, normalised (PEP 503)."""
    out = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            out.add(re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0]).lower())
    return out


def test_pyproject_dependencies_are_requirements_in() -> None:
    declared = names(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])
    pinned = names((ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()) - BUILD_ONLY
    assert declared == pinned, {"only in pyproject.toml": declared - pinned, "only in requirements.in": pinned - declared}


def test_every_dependency_is_in_the_hashed_lock() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    locked = {re.sub(r"[-_.]+", "-", name).lower() for name in re.findall(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)}
    declared = names(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])
    assert declared <= locked, declared - locked


def test_the_release_workflow_builds_checks_and_publishes_with_trusted_publishing() -> None:
    text = (ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8")
    workflow = yaml.load(text, Loader=yaml.BaseLoader)
    assert workflow["on"]["push"]["tags"] == ["v*"]
    build = "\n".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert "python -m build" in build and "twine check --strict" in build and "tests/test_adopter.py" in build
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}  # trusted publishing: no token stored anywhere
    assert any(step.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for step in publish["steps"])
    assert "password" not in text and "secrets." not in text
