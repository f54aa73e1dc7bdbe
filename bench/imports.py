"""Benchmark: ``explainer import`` of a CSL-JSON export with N items into a new explainer.

A project from ``explainer init`` (German source, English) gets a synthetic CSL-JSON export of N
distinct works (title, URL, publisher, issued date, author, language: what Zotero exports), and
``explainer import`` runs in this process (its CPU time is printed beside the wall time, which a
shared machine changes more). Then, up to 10,000 items, ``explainer ingest`` (which finds nothing
to change) and ``explainer check`` on the result (a cold cache, as after an import), to show that
both grow as the import does. The import must add all N entries.

    Goals (exit 1 if missed): 50,000 items imported in under 10 s (CPU); the check of 10,000
    imported entries in under 10 s (CPU; it took 80 s while the freshness check read and dumped the
    whole bibliography through ruamel.yaml); both grow linearly (seconds per item at 50,000 at most
    1.5 × those at 10,000; ingest and check: at 10,000 against 1,000).

Usage: python bench/imports.py [N ...]   (default: 1000 10000 50000)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT / "scripts")]
if not os.environ.get("PYTHONPYCACHEPREFIX"):
    os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix = str(ROOT / ".cache/pycache")

GOAL_ITEMS, GOAL_SECONDS, GROWTH = 50_000, 10.0, 1.5
CHECK_UP_TO = 10_000
CHECK_GOAL_ITEMS, CHECK_GOAL_SECONDS = 10_000, 10.0


def export(count: int) -> str:
    """A CSL-JSON export of ``count`` distinct works, as Zotero writes it (indented)."""
    items = [{
        "id": f"work-{number}",
        "type": "article-newspaper",
        "title": f"Report number {number} on the synthetic subject",
        "container-title": f"Publisher {number % 97}",
        "URL": f"https://news{number % 50}.example.org/articles/{number}",
        "issued": {"date-parts": [[2020 + number % 5, 1 + number % 12, 1 + number % 28]]},
        "author": [{"family": f"Family{number % 311}", "given": "Erika"}],
        "language": "de",
    } for number in range(count)]
    return json.dumps(items, indent=2, ensure_ascii=False)


def run(argv: list[str]) -> tuple[int, float, float, str]:
    """``explainer …`` in this process: exit code, wall and CPU seconds, what it printed."""
    from explainer.cli.main import main

    out = io.StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(argv)
    return code, time.perf_counter() - wall, time.process_time() - cpu, out.getvalue()


def measure(count: int, folder: Path) -> dict[str, float]:
    """Import ``count`` items into a new project, then check it; seconds of each."""
    root = folder / f"n{count}"
    code, _, _, output = run(["init", str(root), "--languages", "de,en"])
    assert code == 0, output
    source = folder / f"export-{count}.json"
    source.write_text(export(count), encoding="utf-8")
    code, wall, cpu, output = run(["--root", str(root), "import", str(source)])
    assert code == 0 and f"{count} added" in output, output[-2000:]
    ingest_cpu = check_wall = check_cpu = float("nan")
    if count <= CHECK_UP_TO:
        code, _, ingest_cpu, output = run(["--root", str(root), "ingest"])
        assert code == 0 and "nothing changed" in output, output[-2000:]
        _, check_wall, check_cpu, _ = run(["--root", str(root), "check"])  # every entry uncited: exit 1
    return {"import": cpu, "import_wall": wall, "ingest": ingest_cpu, "check": check_cpu, "check_wall": check_wall}


def main() -> int:
    counts = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 50_000]
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'items':>8} {'import CPU s':>13} {'(wall)':>8} {'µs/item':>8} {'ingest CPU s':>13} {'check CPU s':>12} "
          f"{'(wall)':>8}")
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            figures[count] = result = measure(count, Path(tmp))
            print(f"{count:>8,} {result['import']:>13.2f} {result['import_wall']:>8.2f} "
                  f"{result['import'] / count * 1e6:>8.0f} {result['ingest']:>13.2f} {result['check']:>12.2f} "
                  f"{result['check_wall']:>8.2f}")
    failed = False
    if GOAL_ITEMS in figures and figures[GOAL_ITEMS]["import"] >= GOAL_SECONDS:
        print(f"MISSED: {GOAL_ITEMS:,} items imported in {figures[GOAL_ITEMS]['import']:.1f} s (goal < {GOAL_SECONDS} s)")
        failed = True
    if CHECK_GOAL_ITEMS in figures and figures[CHECK_GOAL_ITEMS]["check"] >= CHECK_GOAL_SECONDS:
        print(f"MISSED: the check of {CHECK_GOAL_ITEMS:,} entries took {figures[CHECK_GOAL_ITEMS]['check']:.1f} s "
              f"(goal < {CHECK_GOAL_SECONDS} s)")
        failed = True
    for step, small, large in (("import", 10_000, GOAL_ITEMS), ("ingest", 1_000, 10_000), ("check", 1_000, 10_000)):
        if small in figures and large in figures:
            growth = (figures[large][step] / large) / (figures[small][step] / small)
            print(f"{step}: seconds per item grow ×{growth:.2f} from {small:,} to {large:,} items")
            if growth > GROWTH:
                print(f"MISSED: {step} grows more than linearly (×{growth:.2f} > ×{GROWTH})")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
