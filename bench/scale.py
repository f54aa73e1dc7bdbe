"""Benchmark: ingest, offline checks and ``mkdocs build --strict`` of synthetic explainers with N
pages × 2 languages (bench/synthetic.py; N = 10, 100, 1,000) and of this site, beside a plain
Material + static-i18n build of the same pages without the explainer plugin.

The plain build is the same project with the ``- explainer:`` entry removed from mkdocs.yml: its
pages show the citations as literal text, which MkDocs does not warn about, so it is built strict
too (if it ever warned, the run stops and says so). The plugin's build keeps derived data in
``.cache/explainer`` (the plugin option ``cache``), so it is timed twice: cold (the cache emptied
first, as on a fresh checkout) and warm (the second of two builds: what a preview rebuild or the
build right after ``make check`` sees). ``explainer check`` is timed cold and warm alike. Bytecode goes to
``.cache/pycache`` of this repository, as the Makefile has it, so imports are not compiled anew in
every run. Each figure is the best of BENCH_REPEAT runs (default 3), the builds taking turns, so a
slow spell of the shared machine falls on all of them alike. The table and the goals use CPU time
(user + system of the command and its children): the commands are single-threaded, so that is what
their wall time is on an idle machine, and a loaded machine changes it far less than the wall time,
which is printed below the table.

Besides the table it prints the marginal cost of an added page between two sizes (Python's start-up
and other fixed costs drop out) and each goal with its figure; it exits 1 if one is missed:

    checks under 1 ms per page (marginal, N = 100 → 1,000)
    the plugin within 10 % of the plain build (warm) at N = 100, N = 1,000 and on this site
    no worse than linear: the plugin's and the checks' cost per added page at the largest step at most
    ×1.5 that of the smallest (a quadratic cost grows ×10 per tenfold N)

Usage: python bench/scale.py [N ...]   (default: 10 100 1000; BENCH_REPEAT=3; BENCH_SITE=0 skips this site)
"""

from __future__ import annotations

import itertools
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT / "scripts")]

from synthetic import write_project  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV |= {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1732579200", "EXPLAINER_LOCAL_BUILD": "1",
        "PYTHONPYCACHEPREFIX": os.environ.get("PYTHONPYCACHEPREFIX") or str(ROOT / ".cache/pycache")}
ENV.pop("EXPLAINER_ALLOW_DRIFT", None)
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
SITE_PARTS = ("mkdocs.yml", "docs", "sources", "translations.lock")
GOAL_CHECK_MS = 1.0
GOAL_PLUGIN_PERCENT = 10.0

Command = tuple[list[str], Path, Callable[[], None] | None]  # arguments, folder, what to do before each run


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(args: list[str], cwd: Path) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one run."""
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed, used = time.perf_counter() - start, _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return used, elapsed


def timed(*commands: Command, repeat: int = REPEAT) -> list[tuple[float, float]]:
    """The least CPU time and the least wall time of ``repeat`` runs of each command, in seconds, the
    commands taking turns."""
    best = [(float("inf"), float("inf"))] * len(commands)
    for _ in range(repeat):
        for index, (args, cwd, before) in enumerate(commands):
            if before:
                before()
            cpu, wall = _once(args, cwd)
            best[index] = (min(best[index][0], cpu), min(best[index][1], wall))
    return best


def plain_copy(root: Path) -> Path:
    """The same project without the explainer plugin (no citations, checks, reference lists)."""
    plain = root.parent / (root.name + "-plain")
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".cache", "site"))
    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    config, removed = re.subn(r"\n  - explainer\b.*?(?=\n\S|\n  - |\Z)", "", config, flags=re.S)
    if not removed:
        raise SystemExit(f"{root / 'mkdocs.yml'}: no '- explainer' plugin entry to remove")
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    return plain


def without_cache(root: Path) -> Path:
    """A copy of the project with the plugin's cache off (``cache: ""``): the checks' own cost."""
    copy = root.parent / (root.name + "-uncached")
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".cache", "site"))
    config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    config, found = re.subn(r"\n  - explainer:[^\n]*\n", lambda m: m.group(0) + '      cache: ""\n', config, count=1)
    if not found:
        raise SystemExit(f"{root / 'mkdocs.yml'}: no '- explainer:' plugin entry to give cache: \"\"")
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    return copy


def empty_cache(root: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(root / ".cache/explainer", ignore_errors=True)


def measure(root: Path, tmp: Path, name: str, synthetic: bool) -> dict[str, float]:
    python, mkdocs = str(BIN / "python"), str(BIN / "mkdocs")
    figures: dict[str, float] = {"pages": sum(1 for _ in (root / "docs").rglob("*.md"))}
    check = [python, "-m", "explainer", "check"]
    uncached = without_cache(root)
    times = {"check": timed((check, root, empty_cache(root)))[0],
             "check_warm": timed((check, root, None))[0],  # the cold runs filled the cache
             "check_none": timed((check, uncached, None))[0]}
    shutil.rmtree(uncached)
    if synthetic:
        times["ingest"] = timed(([python, "-m", "explainer", "ingest"], root, None))[0]
    plain = plain_copy(root)

    def build(label: str) -> list[str]:
        return [mkdocs, "build", "--strict", "--quiet", "--site-dir", str(tmp / f"site-{name}-{label}")]

    # cold (cache emptied), then warm (the second of two: the cold run just filled the cache), then plain
    times["cold"], times["warm"], times["plain"] = timed(
        (build("cold"), root, empty_cache(root)), (build("warm"), root, None), (build("plain"), plain, None))
    for key, (cpu, wall) in times.items():
        figures[key], figures[f"{key}_wall"] = cpu, wall
    return figures


def _percent(f: dict[str, float], key: str) -> float:
    return 100 * (f[key] - f["plain"]) / f["plain"]


def _wall_row(label: str, f: dict[str, float]) -> str:
    wall = {key: f[f"{key}_wall"] for key in ("check", "check_warm", "check_none", "cold", "warm", "plain")}
    return (f"{label:>9}  check {wall['check']:.2f} / {wall['check_warm']:.2f} / {wall['check_none']:.2f}, "
            f"build cold {wall['cold']:.2f}, "
            f"warm {wall['warm']:.2f}, plain {wall['plain']:.2f} (cold {_percent(wall, 'cold'):+.1f} %, "
            f"warm {_percent(wall, 'warm'):+.1f} %)")


def _row(label: str, f: dict[str, float]) -> str:
    pages = f["pages"]
    ingest = f"{f['ingest']:8.2f}" if "ingest" in f else f"{'':>8}"
    return (f"{label:>9} {pages:>6.0f} {ingest} {f['check']:8.2f} {1000 * f['check'] / pages:8.2f} "
            f"{f['check_warm']:8.2f} {f['check_none']:8.2f} {f['cold']:8.2f} "
            f"{f['warm']:8.2f} {f['plain']:8.2f} {_percent(f, 'cold'):+7.1f}% {_percent(f, 'warm'):+7.1f}% "
            f"{1000 * (f['warm'] - f['plain']) / pages:8.2f}")


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    print(f"scale: synthetic explainers, N pages × 2 languages (de source, en; + init's home and sources pages), "
          f"and this site; CPU seconds, best of {REPEAT}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; every build --strict")
    print(f"{'N':>9} {'pages':>6} {'ingest':>8} {'check':>8} {'ms/page':>8} {'again':>8} {'no cache':>8} "
          f"{'cold':>8} {'warm':>8} {'plain':>8} "
          f"{'cold +%':>8} {'warm +%':>8} {'+ms/page':>8}")
    rows: list[tuple[int, dict[str, float]]] = []
    site = None
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for size in sizes:
            figures = measure(write_project(tmp / f"n{size}", size), tmp, f"n{size}", synthetic=True)
            rows.append((size, figures))
            print(_row(str(size), figures), flush=True)
        if os.environ.get("BENCH_SITE", "1") != "0":
            copy = tmp / "this-site"
            copy.mkdir()
            for part in SITE_PARTS:
                (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, copy / part)
            site = measure(copy, tmp, "this", synthetic=False)
            print(_row("this site", site), flush=True)
    print(f"wall seconds (best of {REPEAT}; load average now {os.getloadavg()[0]:.1f}):")
    for size, figures in rows:
        print(_wall_row(str(size), figures))
    if site:
        print(_wall_row("this site", site))
    print("check: explainer check, cache emptied (ms/page of it), again: a second check (cache warm), no cache: "
          "with cache: \"\" (the checks alone); builds: "
          "cold: the plugin's cache emptied before the build, warm: the second of two builds, plain: Material + "
          "static-i18n without the plugin; +ms/page: (warm - plain) per page")
    goals: list[tuple[str, str, bool]] = []
    slopes = []
    if len(rows) >= 2:
        print("marginal cost per added page (difference between two sizes, so Python's start-up and other fixed "
              "costs drop out):")
        for (n1, f1), (n2, f2) in itertools.pairwise(rows):
            slope = {key: 1000 * (f2[key] - f1[key]) / (f2["pages"] - f1["pages"])
                     for key in ("check", "check_none", "cold", "warm", "plain")}
            slopes.append((n1, n2, slope))
            cold, warm = slope["cold"] - slope["plain"], slope["warm"] - slope["plain"]
            print(f"  N={n1}→{n2}: check {slope['check']:.2f} ms (without cache {slope['check_none']:.2f} ms); "
                  f"build cold {slope['cold']:.2f} ms, warm "
                  f"{slope['warm']:.2f} ms, plain {slope['plain']:.2f} ms; the plugin adds {cold:.2f} ms cold "
                  f"({100 * cold / slope['plain']:+.0f} %), {warm:.2f} ms warm ({100 * warm / slope['plain']:+.0f} %)")
        n1, n2, last = slopes[-1]
        goals.append((f"checks under {GOAL_CHECK_MS:.0f} ms per page (marginal, N={n1}→{n2}, cache emptied: what "
                      "make check costs on a fresh checkout)", f"{last['check']:.2f} ms (without cache: "
                      f"{last['check_none']:.2f} ms)", last["check"] < GOAL_CHECK_MS))
    for size, f in rows:
        if size >= 100:
            goals.append((f"the plugin within {GOAL_PLUGIN_PERCENT:.0f} % of the plain build, warm (N={size})",
                          f"{_percent(f, 'warm'):+.1f} % (cold {_percent(f, 'cold'):+.1f} %)",
                          _percent(f, "warm") < GOAL_PLUGIN_PERCENT))
    if site:
        goals.append((f"the plugin within {GOAL_PLUGIN_PERCENT:.0f} % of the plain build, warm (this site)",
                       f"{_percent(site, 'warm'):+.1f} % (cold {_percent(site, 'cold'):+.1f} %)",
                       _percent(site, "warm") < GOAL_PLUGIN_PERCENT))
    if len(slopes) >= 2:  # linear: an added page costs the project about the same at every size
        first, last = slopes[0][2], slopes[-1][2]
        for name, cost in (("checks", lambda s: s["check"]), ("plugin (warm)", lambda s: s["warm"] - s["plain"]),
                           ("plugin (cold)", lambda s: s["cold"] - s["plain"])):
            growth = f"×{cost(last) / cost(first):.2f}, " if cost(first) > 0.05 else ""
            goals.append((f"the {name} grow no worse than linearly with N (cost per added page, largest step / "
                          "smallest, at most ×1.5; under 0.05 ms counts as none)",
                          f"{growth}{cost(first):.2f} → {cost(last):.2f} ms", cost(last) <= max(1.5 * cost(first), 0.05)))
        print(f"not the plugin's: the plain Material build's cost per added page grows ×{last['plain'] / first['plain']:.1f} "
              "from the smallest step to the largest (Material writes the whole navigation into every page)")
    missed = 0
    for goal, figure, met in goals:
        print(f"goal: {goal}: {figure} — {'met' if met else 'MISSED'}")
        missed += not met
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
