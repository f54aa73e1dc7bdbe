"""Shared fixtures: the real project, and disposable copies of it for tests that change files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
MKDOCS = Path(sys.executable).parent / "mkdocs"


@dataclass
class Run:
    """A finished command: exit code and output."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300) -> Run:
    """Run a real command with the project's environment."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1",
                "SOURCE_DATE_EPOCH": "1732579200", **(env or {})}
    done = subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr)


def explainer(cwd: Path, *args: str) -> Run:
    """``python -m explainer …`` in ``cwd``."""
    return run([sys.executable, "-m", "explainer", *args], cwd)


def mkdocs_build(cwd: Path, site: Path | None = None) -> Run:
    """A real ``mkdocs build --strict``."""
    return run([str(MKDOCS), "build", "--strict", "--clean", "--site-dir", str(site or cwd / "site")], cwd)


def copy_project(target: Path) -> Path:
    """Copy what a build needs (config, scripts, sources, docs, theme overrides) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "translations.lock", "scripts", "sources", "docs", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / name)
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` with its bytes, to prove nothing was changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A disposable copy of the whole project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def library():
    """The real library of works (articles and bibliography)."""
    from explainer.model.library import load_library

    return load_library(SOURCES)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real site, built once (strict) for the read-only tests."""
    root = copy_project(tmp_path_factory.mktemp("site") / "project")
    result = mkdocs_build(root)
    assert result.code == 0, result.output
    return root / "site"


def html_path(site: Path, lang: str, page: str, default: str = "de") -> Path:
    """Where MkDocs writes ``page`` of ``lang`` (directory URLs, default language at the root)."""
    prefix = site if lang == default else site / lang
    stem = page.removesuffix(".md")
    return prefix / "index.html" if stem == "index" else prefix / stem / "index.html"
