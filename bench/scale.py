"""Benchmark: ingest, offline checks and a full ``mkdocs build --strict`` of synthetic explainers
with N pages × 2 languages (N = 10, 100, 1,000), beside a plain Material + static-i18n build of the
same pages without the project's hooks (both strict). Prints a table per N, the marginal cost of an
added page between sizes (fixed costs such as Python's start-up drop out), and each goal with its
figure; exits 1 if one is missed. Goals: checks under 1 ms per page; hooks add under 15 % to the
plain build; cost grows linearly with N.

Usage: python bench/scale.py [N ...]   (default: 10 100 1000; BENCH_REPEAT=3 runs, the best counts)"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "scripts")]

from synthetic import write_project  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1732579200"}
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))  # best of: a shared machine only ever adds time


def _once(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env={**ENV, "PYTHONPATH": str(cwd / "scripts")}, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - start


def timed(*commands: tuple[list[str], Path], repeat: int = REPEAT) -> list[float]:
    """The shortest of ``repeat`` runs of each command, in seconds. The commands take turns, so a
    slow spell of the machine falls on all of them alike."""
    best = [float("inf")] * len(commands)
    for _ in range(repeat):
        for index, (args, cwd) in enumerate(commands):
            best[index] = min(best[index], _once(args, cwd))
    return best


def plain_copy(root: Path) -> Path:
    """The same project without the project's hooks (so no citations, checks or glossary)."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\n", config)
    config = re.sub(r"\n\s*custom_dir:.*", "", config)  # the overrides need the hooks' data
    plain = root.parent / (root.name + "-plain")
    subprocess.run(["cp", "-r", str(root), str(plain)], check=True)
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    return plain


def run(size: int, tmp: Path) -> dict[str, float]:
    root = write_project(tmp / f"n{size}", size)
    python = str(BIN / "python")
    figures = {"ingest": timed(([python, "-m", "explainer", "ingest"], root))[0]}
    timed(([python, "-m", "explainer", "sync", "--all"], root), repeat=1)
    figures["check"] = timed(([python, "-m", "explainer", "check"], root))[0]
    plain = plain_copy(root)
    figures["build"], figures["plain"] = timed(
        ([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp / f"site{size}")], root),
        ([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp / f"plain{size}")], plain))
    return figures


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    print("scale: synthetic explainers, N pages × 2 languages (+ a home page each); seconds (best of "
          f"{REPEAT}), and ms per page")
    print(f"{'N':>5} {'pages':>6} {'ingest':>8} {'check':>8} {'ms/page':>8} {'build':>8} {'plain':>8} "
          f"{'ms/page':>8} {'hooks +%':>9} {'hooks ms/page':>14}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            f = run(size, Path(tmp))
            pages = 2 * size + 2
            overhead = 100 * (f["build"] - f["plain"]) / f["plain"]
            rows.append((size, pages, f))
            print(f"{size:>5} {pages:>6} {f['ingest']:8.2f} {f['check']:8.2f} {1000 * f['check'] / pages:8.2f} "
                  f"{f['build']:8.2f} {f['plain']:8.2f} {1000 * f['build'] / pages:8.2f} {overhead:8.1f}% "
                  f"{1000 * (f['build'] - f['plain']) / pages:14.2f}")
    if len(rows) < 2:
        return 0
    print("marginal cost per added page (difference between two sizes, so Python's start-up and other "
          "fixed costs drop out):")
    slopes = []
    for (n1, p1, f1), (n2, p2, f2) in itertools.pairwise(rows):
        slope = {key: 1000 * (f2[key] - f1[key]) / (p2 - p1) for key in ("check", "build", "plain")}
        slopes.append(slope)
        print(f"  N={n1}→{n2}: check {slope['check']:.2f} ms, build {slope['build']:.2f} ms, plain build "
              f"{slope['plain']:.2f} ms, hooks {slope['build'] - slope['plain']:.2f} ms "
              f"({100 * (slope['build'] - slope['plain']) / slope['plain']:+.0f} %)")
    last, largest = slopes[-1], rows[-1][2]
    overhead = 100 * (largest["build"] - largest["plain"]) / largest["plain"]
    goals = [(f"checks under 1 ms per page (marginal, N={rows[-2][0]}→{rows[-1][0]})", f"{last['check']:.2f} ms",
              last["check"] < 1.0),
             (f"hooks add under 15 % to the plain build (N={rows[-1][0]})", f"{overhead:+.1f} %", overhead < 15)]
    if len(slopes) >= 2:  # linear: an added page costs the project about the same at every size
        for name, cost in (("checks", lambda slope: slope["check"]),
                           ("hooks", lambda slope: slope["build"] - slope["plain"])):
            ratio = cost(last) / cost(slopes[0])
            goals.append((f"the {name} grow linearly with N (cost per added page, largest step / smallest)",
                          f"×{ratio:.2f}", 0.67 <= ratio <= 1.5))
        print(f"not the project's: the plain Material build's cost per added page grows "
              f"×{last['plain'] / slopes[0]['plain']:.1f} from the smallest step to the largest "
              "(Material writes the whole navigation into every page)")
    missed = 0
    for goal, figure, met in goals:
        print(f"goal: {goal}: {figure} — {'met' if met else 'MISSED'}")
        missed += not met
    return 1 if missed else 0

if __name__ == "__main__":
    sys.exit(main())
