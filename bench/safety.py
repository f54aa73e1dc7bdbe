"""Benchmark: what safety costs per page, for the check and for the build.

For every page of the fixture projects (tests/fixtures/*/docs) and of this site (docs/, where it
is there), rendered with Python-Markdown and the extensions of its mkdocs.yml (no plugin), it times
``unsafe_content`` (what ``explainer check`` runs on the Markdown) and ``sanitize_html`` (what the
build runs on the rendered content), the best of BENCH_REPEAT rounds (default 20) per page, and
prints the median and the largest per page with the CPU time of all rounds. A finding on one of
these pages, or sanitised HTML that a browser would build differently (compared after lxml parsing,
the tables' ``text-align`` spelling aside), is an error of the benchmark or of the sanitiser.
Goals (exit 1 if one is missed):

    unsafe_content under 5 ms and sanitize_html under 10 ms for the largest page; no finding

Usage: python bench/safety.py
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts")]

import lxml.html  # noqa: E402
import markdown  # noqa: E402
import yaml  # noqa: E402

from explainer.checks.safety import sanitize_html, unsafe_content  # noqa: E402
from explainer.model.pages import load_pages  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
GOALS_MS = {"unsafe_content": 5.0, "sanitize_html": 10.0}


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml's tags (``!ENV``, ``!!python/name``) read as plain values."""


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def extensions(project: Path) -> tuple[list[str], dict]:
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag) or {}
    names, configs = [], {}
    for item in config.get("markdown_extensions") or []:
        name = next(iter(item)) if isinstance(item, dict) else item
        names.append(name)
        if isinstance(item, dict) and isinstance(item[name], dict):
            configs[name] = item[name]
    return names, configs


def best_ms(function, argument) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def dom(html: str) -> str:
    text = lxml.html.tostring(lxml.html.fragment_fromstring(html, create_parent="div"), encoding="unicode")
    return re.sub(r"text-align: (\w+);", r"text-align:\1", text)


def main() -> int:
    projects = sorted(p for p in (ROOT / "tests/fixtures").iterdir() if (p / "mkdocs.yml").exists())
    if (ROOT / "docs").is_dir() and (ROOT / "mkdocs.yml").exists():
        projects.append(ROOT)
    check_ms: list[float] = []
    clean_ms: list[float] = []
    problems: list[str] = []
    sizes: list[int] = []
    cpu = time.process_time()
    for project in projects:
        names, configs = extensions(project)
        for folder in sorted(p for p in (project / "docs").iterdir() if p.is_dir()):
            pages, _ = load_pages(folder)
            for page in pages:
                problems += [str(d) for d in unsafe_content(page)]
                html = markdown.markdown(page.body, extensions=names, extension_configs=configs)
                sizes.append(len(html))
                if dom(sanitize_html(html)) != dom(html):
                    problems.append(f"{page.path}: the sanitiser changed what a browser builds")
                check_ms.append(best_ms(unsafe_content, page))
                clean_ms.append(best_ms(sanitize_html, html))
    cpu = time.process_time() - cpu
    print(f"{len(check_ms)} pages of {len(projects)} projects (HTML {min(sizes)}–{max(sizes)} characters), "
          f"best of {REPEAT} rounds each; CPU {cpu:.2f} s in all; load average {os.getloadavg()[0]:.2f}")
    failed = False
    for name, figures in (("unsafe_content", check_ms), ("sanitize_html", clean_ms)):
        largest = max(figures)
        ok = largest < GOALS_MS[name]
        failed |= not ok
        print(f"  {name:15} median {statistics.median(figures):6.3f} ms, largest {largest:6.3f} ms "
              f"(goal < {GOALS_MS[name]:g} ms: {'ok' if ok else 'MISSED'})")
    for problem in problems:
        print(f"  problem: {problem}")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
