"""Benchmark: what the machine-readable outputs cost the build of this site.

``sources.json`` and ``sources.bib``, every page's last change, "cite this page" with its three
files, the JSON-LD and the Atom feeds are switched off by the plugin's ``outputs`` option. This
builds this site (``mkdocs build --strict``) with them and without them, side by side: two copies
of the project in a temporary folder, each a git repository with one commit (the dates then come
from git, as in this repository), each built once to warm its cache, then BENCH_REPEAT times
(default 9) each, the two taking turns so that a slow spell of the shared machine falls on both.
Each run is measured twice: its wall time, and the CPU time of the build's process (user + system,
from the operating system's accounting of the finished child), which other work on the machine
disturbs far less. It prints every run, the medians and the differences, and exits 1 if the
outputs add 5 % or more to the median CPU time.

Usage: python bench/outputs.py   (BENCH_REPEAT=9; BENCH_PROJECT=path for another project)
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
PROJECT = Path(os.environ.get("BENCH_PROJECT") or ROOT)
BIN = Path(sys.executable).parent
PARTS = ("mkdocs.yml", "docs", "sources", "translations.lock")
REPEAT = int(os.environ.get("BENCH_REPEAT", "9"))
GOAL_PERCENT = 5.0
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1732579200", "EXPLAINER_LOCAL_BUILD": "1",
       "PYTHONPYCACHEPREFIX": os.environ.get("PYTHONPYCACHEPREFIX") or str(ROOT / ".cache/pycache"),
       "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "bench",
       "GIT_COMMITTER_EMAIL": "bench@example.org"}
ENV.pop("EXPLAINER_ALLOW_DRIFT", None)


def copy_project(target: Path, outputs: bool) -> Path:
    """A copy of the project (a git repository with one commit), its outputs on or off."""
    target.mkdir(parents=True)
    for name in PARTS:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    if not outputs:
        config = target / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        marker = "  - explainer:"
        at = text.index(marker)
        end = text.index("\n", at) + 1
        config.write_text(text[:end] + "      outputs: false\n" + text[end:], encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
        subprocess.run(["git", *args], cwd=target, env=ENV, check=True, capture_output=True)
    return target


def build(root: Path) -> tuple[float, float]:
    """One strict build into a fresh folder: its wall time and its CPU time, in seconds."""
    site = root.parent / f"{root.name}-site"
    shutil.rmtree(site, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=root, env=ENV,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"the build of {root.name} failed:\n{done.stdout}{done.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-outputs-") as folder:
        on = copy_project(Path(folder) / "with", outputs=True)
        off = copy_project(Path(folder) / "without", outputs=False)
        build(on), build(off)  # warm the caches and the page cache of the disk
        times: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
        for run in range(REPEAT):
            order = (("with", on), ("without", off)) if run % 2 == 0 else (("without", off), ("with", on))
            for name, root in order:
                times[name].append(build(root))
        files = sorted(p.relative_to(Path(folder) / "with-site").as_posix()
                       for p in (Path(folder) / "with-site").rglob("*") if p.name in ("feed.xml", "sources.json"))
    pages = sum(1 for _ in (PROJECT / "docs").rglob("*.md"))
    print(f"mkdocs build --strict of {PROJECT.name} ({pages} pages), {REPEAT} runs each, taking turns, warm cache:")
    medians = {}
    for index, what in ((0, "wall"), (1, "CPU")):
        for name in ("with", "without"):
            values = [run[index] for run in times[name]]
            medians[what, name] = statistics.median(values)
            print(f"  {what:4} {name:7} outputs: " + " ".join(f"{v:.2f}" for v in values)
                  + f"  median {medians[what, name]:.3f} s")
    percent = {}
    for what in ("wall", "CPU"):
        added = medians[what, "with"] - medians[what, "without"]
        percent[what] = added / medians[what, "without"] * 100
        print(f"  the outputs add {added:+.3f} s ({percent[what]:+.1f} %) to the median {what} time")
    met = percent["CPU"] < GOAL_PERCENT
    print(f"  goal: under {GOAL_PERCENT:.0f} % (CPU time): {'met' if met else 'MISSED'}")
    print(f"  written with them: {', '.join(files)}, and cite.bib, cite.ris, cite.json beside every page")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
