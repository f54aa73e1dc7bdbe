"""Benchmark: Lighthouse on the home page and one topic page per language.

Builds the site (``mkdocs build --strict``), serves it on 127.0.0.1 the way GitHub Pages does
(gzip, 404 page; ``explainer.site.pageserver``), and runs Lighthouse (npm, pinned in bench/package.json)
in Debian's Chromium with its default mobile profile and simulated throttling, five times per page
(``LIGHTHOUSE_RUNS``), keeping the median run as Lighthouse advises, after one discarded warm-up run
(the first runs after a build are slower on a small machine: disk cache, CPU clocks). Prints one
row per page with the range of Lighthouse's benchmark index (the machine's speed during the runs)
and exits 1 if a goal is missed:

    performance >= 0.98, accessibility, best practices and SEO = 1.0, first-load transfer <= 250 KB

Usage: python bench/lighthouse.py [PATH ...]   (default: the home page and the second page of the
navigation, in the source language and in the first translation: "", "leak/", "en/", "en/leak/" here)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts")]

from explainer.core.localserver import free_port  # noqa: E402
from explainer.plugin.build import nav_files  # noqa: E402
from explainer.plugin.project import load_project  # noqa: E402
from explainer.site.pageserver import serve_site  # noqa: E402

LIGHTHOUSE = ROOT / "bench/node_modules/.bin/lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
MAX_TRANSFER_KB = 250
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "5"))


def default_pages(root: Path = ROOT) -> list[str]:
    """The home page and the second page of mkdocs.yml's navigation, in the source language (at /)
    and in the first translation (at /<lang>/), as paths below the site's address."""
    import yaml

    class Loader(yaml.SafeLoader):  # mkdocs.yml's own tags (!ENV) are not needed here
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    nav = nav_files(yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader).get("nav") or [])
    if not nav:
        sys.exit(f"{root / 'mkdocs.yml'}: no navigation to take the pages from; name them: bench/lighthouse.py PATH ...")
    urls = ["", *(_url(rel) for rel in nav[1:2])]  # the home page is index.md, at the language's root
    languages = load_project(root).languages
    return urls + [f"{languages[1]}/{url}" for url in urls] if len(languages) > 1 else urls


def _url(rel: str) -> str:
    """``leak.md`` → ``leak/``, ``topic/index.md`` → ``topic/`` (MkDocs' directory URLs)."""
    path = rel.removesuffix(".md")
    return path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"


def build(site: Path, url: str) -> None:
    """The site, built strict with the address it is served at (canonical and hreflang links lead to it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url,
           "EXPLAINER_LOCAL_BUILD": "1"}  # served on 127.0.0.1: a build for this machine
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(site)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"mkdocs build failed:\n{done.stdout}{done.stderr}")


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run; its JSON report."""
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
                          timeout=300)
    if done.returncode or not out.exists():
        sys.exit(f"lighthouse failed for {url} ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def median_run(url: str, folder: Path) -> tuple[dict, list[float]]:
    """The run with the median performance score of :data:`RUNS` runs, and every run's benchmark index."""
    reports = [lighthouse(url, folder / f"report-{n}.json") for n in range(RUNS)]
    reports.sort(key=lambda report: report["categories"]["performance"]["score"])
    return reports[len(reports) // 2], [report["environment"]["benchmarkIndex"] for report in reports]


def failing_audits(report: dict) -> list[str]:
    """The scored audits below 1 in the categories that must be perfect."""
    out = []
    for name in ("accessibility", "best-practices", "seo"):
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                out.append(f"{name}: {ref['id']} ({audit.get('title')})")
    return out


def main() -> int:
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: npm ci --prefix bench (make bench does it)")
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CHROME_PATH)")
    pages = sys.argv[1:] or default_pages()
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Lighthouse {version}, {CHROMIUM}, mobile profile with simulated throttling, site served with gzip, "
          f"median of {RUNS} run(s) per page")
    print(f"goals: performance >= {GOALS['performance']}, accessibility / best practices / SEO = 1.0, "
          f"transfer <= {MAX_TRANSFER_KB} KB")
    print(f"{'page':<10} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>7} "
          f"{'CLS':>5} {'KB':>6} {'bench. index':>12}  goals")
    missed = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        port = free_port()
        build(site, f"http://127.0.0.1:{port}/")
        with serve_site(site, port=port) as base:
            lighthouse(base + pages[0], Path(tmp) / "warm-up.json")
            for page in pages:
                report, indexes = median_run(base + page, Path(tmp))
                scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
                audits = report["audits"]
                kb = audits["total-byte-weight"]["numericValue"] / 1024
                ok = all(scores[name] >= goal for name, goal in GOALS.items()) and kb <= MAX_TRANSFER_KB
                print(f"{'/' + page:<10} {scores['performance']:>5.2f} {scores['accessibility']:>5.2f} "
                      f"{scores['best-practices']:>5.2f} {scores['seo']:>5.2f} "
                      f"{audits['first-contentful-paint']['numericValue'] / 1000:>6.2f} "
                      f"{audits['largest-contentful-paint']['numericValue'] / 1000:>6.2f} "
                      f"{audits['total-blocking-time']['numericValue']:>7.0f} "
                      f"{audits['cumulative-layout-shift']['numericValue']:>5.3f} {kb:>6.1f} "
                      f"{f'{min(indexes):.0f}-{max(indexes):.0f}':>12}  {'met' if ok else 'MISSED'}")
                if not ok:
                    missed.append(page)
                    for line in failing_audits(report):
                        print(f"           {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
