"""The test suite's own rules (tests/conftest.py): generator tests never read this site's story
(an audit hook on ``open``), and a test that starts a real build is in the integration tier."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, GUARD, ROOT, SOURCES, run, story_missing, story_path

# Whether this checkout holds its own story (read once, at collection, outside any test's guard).
STORY_HERE = story_missing() is None

PROBE = '''
import pytest
from conftest import ROOT, FIXTURES, mkdocs_build

def test_reads_the_story():
    (ROOT / "mkdocs.yml").read_bytes()

@pytest.mark.content
def test_content_may_read_the_story():
    (ROOT / "mkdocs.yml").read_bytes()

def test_reads_a_fixture():
    (FIXTURES / "two-languages" / "mkdocs.yml").read_bytes()

def test_builds_unmarked(tmp_path):
    mkdocs_build(tmp_path)
'''


def test_the_story_is_docs_sources_and_the_root_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert story_path(ROOT / "docs/de/index.md") == str(ROOT / "docs/de/index.md")
    assert story_path(str(SOURCES / "articles.yml").encode()) == str(SOURCES / "articles.yml")
    assert story_path(ROOT / "translations.lock") is not None and story_path(ROOT / "docs") is not None
    assert story_path(ROOT / "docs-old/x.md") is None and story_path(ROOT / "README.md") is None
    assert story_path(FIXTURES / "two-languages/docs/de/index.md") is None
    assert story_path(3) is None  # a file descriptor
    monkeypatch.chdir(tmp_path)  # a relative name is the project's own, where the command runs
    assert story_path("docs/de/index.md") is None and story_path("mkdocs.yml") is None
    monkeypatch.chdir(ROOT)
    assert story_path("mkdocs.yml") == str(ROOT / "mkdocs.yml")


def test_the_guard_records_what_a_test_opens() -> None:
    kept, GUARD.read = GUARD.read, []
    try:
        (FIXTURES / "two-languages/mkdocs.yml").read_bytes()
        (ROOT / "mkdocs.yml").read_bytes()
        seen = list(GUARD.read)
    finally:
        GUARD.read = kept  # this test's own read is not held against it
    assert seen == [str(ROOT / "mkdocs.yml")]


@pytest.mark.meta
def test_a_run_fails_the_tests_that_break_the_rules(tmp_path: Path) -> None:
    """In a real pytest run with this suite's conftest: reading the story fails a test unless it is
    marked content, and a real build fails a test outside the integration tier before it starts."""
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    tests = Path(__file__).parent
    result = run([sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "-p", "no:xdist",
                  "-q", "-rA", "-o", "markers=content: may read the story", "--rootdir", str(tmp_path),
                  "test_probe.py"], tmp_path,
                 env={"PYTHONPATH": f"{tests}:{ROOT / 'scripts'}"})
    lines = result.output.splitlines()
    assert result.code == 1, result.output
    assert any(line.startswith("ERROR test_probe.py::test_reads_the_story - Failed") for line in lines), result.output
    assert "test_probe.py::test_reads_the_story read this site's story, which only content tests may" in result.output
    if STORY_HERE:
        assert "PASSED test_probe.py::test_content_may_read_the_story" in lines, result.output
    else:  # a checkout with another story (.ci/run's second run): content tests skip before they read
        assert any(line.startswith("SKIPPED [1] test_probe.py") and "content test" in line for line in lines), result.output
    assert "test_content_may_read_the_story read this site's story" not in result.output, result.output
    assert "PASSED test_probe.py::test_reads_a_fixture" in lines, result.output
    assert any(line.startswith("FAILED test_probe.py::test_builds_unmarked - Failed") for line in lines), result.output
    assert "test_probe.py::test_builds_unmarked starts a real build but is not in the integration tier" in result.output
