"""The parallel run keeps together what must share one process: the browser tests (one Chromium,
one server per site) and the link-check module. pytest-xdist does it by a mark (``--dist
loadgroup``), which pytest 9 broke silently; this proves the grouping works with the pinned pair."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import run

TESTS = '''
import os
import pytest

pytestmark = pytest.mark.xdist_group("together")


@pytest.mark.parametrize("n", range(8))
def test_grouped(n):
    with open(os.environ["WORKERS_FILE"], "a") as out:
        out.write(os.environ.get("PYTEST_XDIST_WORKER", "none") + "\\n")
'''
FILLER = '''
import pytest


@pytest.mark.parametrize("n", range(8))
def test_other(n):
    pass
'''


def test_grouped_tests_run_in_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_grouped.py").write_text(TESTS, encoding="utf-8")
    (tmp_path / "test_other.py").write_text(FILLER, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    workers = tmp_path / "workers.txt"
    # Only pytest and xdist are under test: Hypothesis' plugin (1.4 s of CPU to import, in each of the three
    # processes) stays out.
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
                  "-n", "2", "--dist", "loadgroup"],
                 tmp_path, env={"WORKERS_FILE": str(workers)})
    assert result.code == 0, result.output
    seen = workers.read_text(encoding="utf-8").split()
    assert len(seen) == 8 and len(set(seen)) == 1, seen
