"""Without a browser the e2e tests skip with their reason on a developer's machine, and fail in CI;
the content browser tests skip where the story is absent, and that is no failure, in CI either."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, run

# The generator's browser tests on the three-language fixture: its three home pages.
ONE_TEST = ["tests/e2e/test_languages.py", "-k", "test_page_loads_clean_and_has_no_accessibility_violation and index"]
# Hypothesis' plugin stays out of these runs (no property test among them; 1.4 s of CPU to import, per run).
PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-q", "-rsE"]


@pytest.mark.parametrize("ci", ["", "true"])
def test_no_browser_skips_locally_and_fails_in_ci(ci: str) -> None:
    result = run([*PYTEST, *ONE_TEST], ROOT, env={"EXPLAINER_CHROMIUM": "/nonexistent/chromium", "CI": ci})
    assert "no Chromium at /nonexistent/chromium" in result.output
    if ci:
        assert result.code == 1, result.output
        assert "browser tests cannot run in CI (CI=true)" in result.output
        assert "3 errors" in result.output
    else:
        assert result.code == 0, result.output
        assert "3 skipped" in result.output and "SKIPPED" in result.output


def test_content_browser_tests_skip_without_the_story_even_in_ci() -> None:
    """A checkout of another explainer runs the generator's browser tests, not this story's: its
    content tests skip with the reason, start no browser and build nothing, and CI passes."""
    result = run([*PYTEST, "-p", "e2e.story_absent", "tests/e2e/test_browser.py", "-k", "index"], ROOT,
                 env={"EXPLAINER_CHROMIUM": "/nonexistent/chromium", "CI": "true", "PYTHONPATH": str(ROOT / "tests")})
    assert result.code == 0, result.output
    assert "content test: the story is absent (tests/e2e/story_absent.py)" in result.output
    assert "no Chromium" not in result.output and "error" not in result.output.lower()
    skipped = int(result.output.split(" skipped")[0].rsplit(None, 1)[-1])
    assert skipped >= 2, result.output
