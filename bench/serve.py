"""Benchmark: how long an edit takes to reach the preview.

Starts ``mkdocs serve`` on a copy of the project, waits for the first build, then five times edits
one paragraph of a page in the source language and of its twin in the first translation (the
second page of the navigation), and measures from the save until both changed pages are served.
Does the same for the plain Material + static-i18n build of the same pages (no explainer plugin).
Prints the median and the range of each, and exits 1 if the project's median misses the goal:

    an edit visible in the preview in under 2 s (median of 5)

Then, on ``explainer serve`` (``make serve``), breaks ``sources/bibliography.yml`` and measures how
long the located errors take to show, how long each request takes to be answered while the project
is broken (the preview must never appear stuck), and how long the next good save takes to recover:

    every request answered in under 2 s while the project is broken (the slowest of 5)

Usage: python bench/serve.py [PROJECT]   (default: this site; BENCH_EDITS=5)
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts")]

from explainer.core.localserver import free_port  # noqa: E402
from explainer.plugin.build import nav_files  # noqa: E402
from explainer.plugin.project import load_project  # noqa: E402

GOAL_S = 2.0
EDITS = int(os.environ.get("BENCH_EDITS", "5"))
POLL_S = 0.02
STARTUP_LIMIT_S = 180
EDIT_LIMIT_S = 60
PARTS = ("mkdocs.yml", "translations.lock", "sources", "docs", "scripts")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(urls: list[str], needle: str, limit: float) -> float:
    """Seconds until every URL serves a page containing ``needle`` (polled every 20 ms)."""
    start = time.perf_counter()
    pending = list(urls)
    while pending:
        if time.perf_counter() - start > limit:
            raise SystemExit(f"{pending} did not show {needle!r} within {limit} s")
        pending = [url for url in pending if needle not in fetch(url)]
        if pending:
            time.sleep(POLL_S)
    return time.perf_counter() - start


def copy(source: Path, target: Path, plain: bool) -> Path:
    target.mkdir(parents=True)
    for name in PARTS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "site"))
        elif (source / name).exists():
            shutil.copy2(source / name, target / name)
    if plain:  # the same pages without the explainer plugin
        config = (target / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"\n  - explainer:.*?(?=\n\S|\n  - |\Z)", "", config, flags=re.S)
        config = re.sub(r"\n  - explainer\n", "\n", config)
        (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def first_paragraph(path: Path) -> str:
    """The first plain paragraph of a page (not a heading, list, table, admonition or attribute line)."""
    text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    for block in text.split("\n\n"):
        line = block.strip()
        if line and not line.startswith(("#", "-", "|", "!!!", "{:", "<", ":::", "*", "1.")) and "\n" not in line:
            return line
    raise SystemExit(f"{path}: no plain paragraph to edit")


def measure(root: Path, label: str) -> list[float]:
    project = load_project(root)
    source, translation = project.languages[0], project.languages[1]
    rel = nav_files(_nav(root))[1]
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page = rel.removesuffix(".md").removesuffix("index")
    urls = [base + page, f"{base}{translation}/{page}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1732579200"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        wait_for(urls, "</html>", STARTUP_LIMIT_S)
        paths = [root / "docs" / source / rel, root / "docs" / translation / rel]
        for edit in range(EDITS):
            marker = f"edit{edit}x{os.getpid()}"
            for path in paths:
                paragraph = first_paragraph(path)
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace(paragraph, f"{marker} {paragraph}", 1), encoding="utf-8")
            times.append(wait_for(urls, marker, EDIT_LIMIT_S))
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"{label:<34} median {statistics.median(times):5.2f} s   range {min(times):.2f}–{max(times):.2f} s   "
          f"({len(times)} edits of {source}/{rel} and {translation}/{rel})")
    return times


PANEL = 'id="explainer-build-errors"'
BROKEN = "  - id: broken-on-purpose\n    url: [unclosed\n"


def timed_fetch(url: str) -> float:
    """Seconds until ``url`` is answered (whatever the answer)."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=EDIT_LIMIT_S) as response:
            response.read()
    except urllib.error.HTTPError:
        pass
    return time.perf_counter() - start


def measure_broken(root: Path) -> float:
    """``explainer serve`` with a broken bibliography: seconds to show the errors, per answer, to recover.
    Returns the slowest answer while broken."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1732579200"}
    server = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bibliography = load_project(root).sources / "bibliography.yml"
    good = bibliography.read_text(encoding="utf-8")
    try:
        wait_for([url], "</html>", STARTUP_LIMIT_S)
        bibliography.write_text(good + BROKEN, encoding="utf-8")
        shown = wait_for([url], PANEL, EDIT_LIMIT_S)
        answers = [timed_fetch(url) for _ in range(5)]
        bibliography.write_text(good, encoding="utf-8")
        start = time.perf_counter()
        while PANEL in fetch(url):
            if time.perf_counter() - start > EDIT_LIMIT_S:
                raise SystemExit(f"{url} still shows the errors {EDIT_LIMIT_S} s after the good save")
            time.sleep(POLL_S)
        recovered = time.perf_counter() - start
    finally:
        bibliography.write_text(good, encoding="utf-8")
        server.terminate()
        server.wait(timeout=20)
    print(f"{'explainer serve, broken sources':<34} errors shown in {shown:.2f} s   answers median "
          f"{statistics.median(answers):.2f} s, slowest {max(answers):.2f} s   recovered in {recovered:.2f} s")
    return max(answers)


def _nav(root: Path) -> list:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]


def main() -> int:
    source = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    with tempfile.TemporaryDirectory() as tmp:
        ours = measure(copy(source, Path(tmp) / "project", plain=False), "mkdocs serve with the plugin")
        measure(copy(source, Path(tmp) / "plain", plain=True), "plain Material + static-i18n")
        slowest = measure_broken(copy(source, Path(tmp) / "broken", plain=False))
    median = statistics.median(ours)
    met = median < GOAL_S
    print(f"goal: an edit visible in under {GOAL_S:.0f} s (median): {median:.2f} s — {'met' if met else 'MISSED'}")
    answered = slowest < GOAL_S
    print(f"goal: every request answered in under {GOAL_S:.0f} s while broken: slowest {slowest:.2f} s — "
          f"{'met' if answered else 'MISSED'}")
    return 0 if met and answered else 1


if __name__ == "__main__":
    sys.exit(main())
