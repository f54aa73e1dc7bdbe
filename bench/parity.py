"""Benchmark: the full parity and freshness check on 2 × N synthetic pages (goal: N = 1,000 under 2 s)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "scripts")]

from synthetic import write_project  # noqa: E402

from explainer.checks.freshness import LOCK_NAME, Lock  # noqa: E402
from explainer.checks.translation import load_pairs, mark_synced, translation_findings  # noqa: E402
from explainer.core.project import load_project  # noqa: E402

GOAL_SECONDS = 2.0


def run(pages: int, root: Path) -> tuple[float, float, int]:
    """Seconds to load all pages, seconds for parity + freshness, and the number of findings."""
    write_project(root, pages)
    project = load_project(root)
    mark_synced(project, ["*"])
    start = time.perf_counter()
    pairs = load_pairs(project)
    loaded = time.perf_counter()
    findings = translation_findings(project, pairs, Lock.load(root / LOCK_NAME))
    done = time.perf_counter()
    return loaded - start, done - loaded, len(findings)


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    print("parity + freshness check (load pages, then compare every pair and its lock entry)")
    print(f"{'pairs':>6} {'load s':>8} {'check s':>8} {'total s':>8} {'ms/pair':>8} findings")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            load, check, findings = run(size, Path(tmp) / f"p{size}")
            total = load + check
            print(f"{size:>6} {load:8.3f} {check:8.3f} {total:8.3f} {1000 * total / size:8.3f} {findings}")
            if size >= 1000:
                worst = max(worst, total)
    if worst:
        verdict = "met" if worst < GOAL_SECONDS else "MISSED"
        print(f"goal: 2 × 1,000 pages under {GOAL_SECONDS} s: {verdict} ({worst:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
