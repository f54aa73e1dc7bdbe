"""Benchmark: what a strict build costs, cold and warm, and the share of the theme's templates.

Copies the project (default: this site) without its cache and runs ``mkdocs build --strict`` as a
user does, three times in a row, each a process of its own: cold (no ``.cache/``), warm (the cache
of the build before), and warm without the compiled templates (their entries removed, so Jinja
lexes, parses and compiles Material's templates again for every language). Prints the CPU time
(user + system, the process and its children) and wall time of each, the median of BENCH_RUNS.

Usage: python bench/build.py [PROJECT]   (default: this site; BENCH_RUNS=3)
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
PARTS = ("mkdocs.yml", "docs", "sources", "translations.lock", "page-dates.lock", "overrides")


def build(project: Path) -> tuple[float, float]:
    """One strict build of ``project``: (CPU seconds, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run([str(MKDOCS), "build", "--strict", "--quiet", "--site-dir", str(project / "site")],
                          cwd=project, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_LOCAL_BUILD": "1"})
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"the build of {project} failed:\n{done.stdout}{done.stderr}")
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def main(argv: list[str]) -> int:
    source = Path(argv[0]).resolve() if argv else ROOT
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    figures: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "warm, templates compiled anew": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(runs):
            project = Path(tmp) / f"p{n}"
            project.mkdir()
            for name in PARTS:
                if (source / name).is_dir():
                    shutil.copytree(source / name, project / name)
                elif (source / name).is_file():
                    shutil.copy2(source / name, project / name)
            figures["cold"].append(build(project))
            figures["warm"].append(build(project))
            for entry in (project / ".cache").rglob("template-*.pickle"):
                entry.unlink()
            figures["warm, templates compiled anew"].append(build(project))
    print(f"mkdocs build --strict of {source.name} ({runs} runs, median):")
    for name, values in figures.items():
        cpu = statistics.median(v[0] for v in values)
        wall = statistics.median(v[1] for v in values)
        print(f"  {name:32s} {cpu:5.2f} s CPU  {wall:5.2f} s wall")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
