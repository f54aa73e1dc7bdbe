"""``explainer …`` run in the test's own process (``explainer.cli.main.main``): no interpreter to
start, so that a property can run a command hundreds of times in a few seconds. The subprocess
runs of ``conftest.explainer`` stay for one smoke test per command."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

from conftest import Run as Result  # what a command printed and its exit code, as for a subprocess
from explainer.cli.main import main

# `path:line: what — fix`, or `path: what — fix` for a whole file; the path never empty (it may hold a
# colon: it is the name the user gave).
LOCATED = re.compile(r"^(?:warning: )?\S[^\n]*?(?::\d+)?: \S.* — .+$")


def run_main(root: Path, *args: str) -> Result:
    """``explainer --root root args…`` in this process, in ``root`` (messages name paths relative to
    it). Any exception but the exit of argparse propagates: the test sees the traceback a user
    would have seen."""
    out, err = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--root", str(root), *args])
            except SystemExit as done:  # argparse's usage errors
                code = done.code if isinstance(done.code, int) else 2
    finally:
        os.chdir(cwd)
    return Result(code, out.getvalue(), err.getvalue())


def error_lines(result: Result) -> list[str]:
    """The lines of a failed run that are messages (not the summary line of `check`)."""
    return [line for line in result.err.splitlines()
            if line.strip() and not line.startswith(("check: ", "    ", "usage: ", "explainer: error:"))]


def assert_located_failure(result: Result) -> None:
    """A non-zero exit with at least one message, every message ``path[:line]: what — fix``."""
    assert result.code != 0, result.output
    lines = error_lines(result)
    assert lines, result.output
    for line in lines:
        assert LOCATED.match(line), f"not a located message: {line!r}\n{result.output}"
    assert "Traceback" not in result.output
