"""A pytest plugin for ``tests/test_e2e_gate.py`` (``-p e2e.story_absent``): the run behaves as in a
checkout without this site's story, so that the gate can show its content tests skip, in CI too."""

from __future__ import annotations

import sys

import pytest

REASON = "the story is absent (tests/e2e/story_absent.py)"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Before tests/conftest.py marks the content tests: the story is missing."""
    sys.modules["conftest"].story_missing = lambda: REASON
