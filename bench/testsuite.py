"""Benchmark: what a test run costs, wall time and the CPU of every process it starts.

``/usr/bin/time make test`` undercounts: a process's CPU reaches its parent only when the parent
waits for it, and Chromium's renderers and zygote are never waited for by the test run (their
browser process is killed), so most of the browser's CPU is lost from the figure. Here the
benchmark makes itself the *subreaper* of the run (Linux ``PR_SET_CHILD_SUBREAPER``): every
descendant left without a parent becomes its child and is waited for, so ``RUSAGE_CHILDREN``
holds the CPU of all of them. Prints wall, user and system time, and exits 1 if the run failed or
missed a goal:

    make test (CI=true, the browser tests included):  wall <= 120 s, CPU <= 200 s   (issue #23)
    make test-fast:                                   wall < 30 s

Usage: python bench/testsuite.py [TARGET [ARGS]]   (default: test; e.g. ``test-fast``)
Run it on a quiet machine: the wall figure is the machine's, the CPU figure much less so.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PR_SET_CHILD_SUBREAPER = 36
GOALS = {"test": (120.0, 200.0), "test-fast": (30.0, None)}  # wall, CPU (s)


def subreaper() -> None:
    """Become the parent of every orphaned descendant (so their CPU is counted when reaped)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def reap_all() -> None:
    """Wait for every remaining child (orphans included) until there is none."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "test"
    subreaper()
    start = time.monotonic()
    run = subprocess.Popen(["make", "-C", str(ROOT), target, *argv[1:]], env={**os.environ, "CI": "true"})
    code = run.wait()
    reap_all()
    wall = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"make {target}: exit {code}; {wall:.0f} s wall, {cpu:.0f} s CPU of every process it started "
          f"({usage.ru_utime:.0f} user, {usage.ru_stime:.0f} system); {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f} at the end")
    wall_goal, cpu_goal = GOALS.get(target, (None, None))
    missed = []
    if wall_goal is not None and wall > wall_goal:
        missed.append(f"wall {wall:.0f} s > {wall_goal:.0f} s")
    if cpu_goal is not None and cpu > cpu_goal:
        missed.append(f"CPU {cpu:.0f} s > {cpu_goal:.0f} s")
    if missed:
        print(f"goal missed: {'; '.join(missed)}")
    return 1 if code or missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
