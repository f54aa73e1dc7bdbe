"""Without a browser the e2e tests skip with their reason on a developer's machine, and fail in CI."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, run

ONE_TEST = "test_page_loads_clean_and_has_no_accessibility_violation and index"


@pytest.mark.parametrize("ci", ["", "true"])
def test_no_browser_skips_locally_and_fails_in_ci(ci: str) -> None:
    result = run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rsE", "tests/e2e", "-k", ONE_TEST],
                 ROOT, env={"EXPLAINER_CHROMIUM": "/nonexistent/chromium", "CI": ci})
    assert "no Chromium at /nonexistent/chromium" in result.output
    if ci:
        assert result.code == 1, result.output
        assert "browser tests cannot run in CI (CI=true)" in result.output
        assert "2 errors" in result.output
    else:
        assert result.code == 0, result.output
        assert "2 skipped" in result.output and "SKIPPED" in result.output
