"""Benchmark: a new team's first minutes, from the package to the first page in the browser.

Builds the wheel from this checkout, installs it into a fresh virtual environment outside the
checkout (as `pip install mkdocs-explainer` would, the lock's versions as constraints), runs
`explainer init` for a three-language project there, then the project's own `make serve` (which
sets up the project's .venv from its hashed lock and the pinned generator) until Chromium shows
the home page. Prints each step's time and the size of what the set-up installed (both virtual
environments), and exits 1 if the goal is missed:

    from `explainer init` to the first page in the browser in under 120 s (a warm pip cache)

A folder of wheels stands in for the package index (PIP_FIND_LINKS), as in tests/test_adopter.py.
Usage: python bench/adopter.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

from test_adopter import VERSION, build_distributions, user_environment  # noqa: E402

GOAL_S = 120.0
POLL_S = 0.1
SERVE_LIMIT_S = 600


def size_mb(folder: Path) -> float:
    """The bytes of every file below ``folder``, in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def first_page(url: str, deadline: float) -> None:
    """Wait until ``url`` answers, then load it in Chromium as a reader would."""
    from playwright.sync_api import sync_playwright

    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(POLL_S)
    else:
        raise SystemExit(f"bench: {url} did not answer within {SERVE_LIMIT_S} s")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(url, wait_until="load")
        assert page.locator("h1").count() >= 1
        browser.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        start = time.monotonic()
        wheel = next(p for p in build_distributions(work) if p.suffix == ".whl")
        built = time.monotonic()
        env = user_environment(work, wheel.parent)
        tool = work / "tool"
        venv.create(tool, with_pip=True)
        pins = [line.split()[0] for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
                if "==" in line and not line.startswith((" ", "#"))]
        (work / "constraints.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
        subprocess.run([str(tool / "bin/python"), "-m", "pip", "install", "--quiet", "-c", str(work / "constraints.txt"),
                        f"mkdocs-explainer=={VERSION}"], env=env, check=True)
        installed = time.monotonic()
        subprocess.run([str(tool / "bin/explainer"), "init", "story", "--languages", "pt,en,fr",
                        "--title", "pt=A história, explicada"], cwd=work, env=env, check=True, capture_output=True)
        project = work / "story"
        port = 8000 + os.getpid() % 1000
        server = subprocess.Popen(["make", "--no-print-directory", "serve", f"ADDR=127.0.0.1:{port}"], cwd=project,
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            first_page(f"http://127.0.0.1:{port}/", time.monotonic() + SERVE_LIMIT_S)
            shown = time.monotonic()
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        tool_mb, project_mb = size_mb(tool), size_mb(project / ".venv")
        shutil.rmtree(project / ".venv", ignore_errors=True)
    to_page = shown - installed
    print(f"wheel built:                      {built - start:6.1f} s")
    print(f"generator installed (fresh venv): {installed - built:6.1f} s, {tool_mb:6.1f} MB")
    print(f"init → first page in Chromium:    {to_page:6.1f} s (the project's own set-up: {project_mb:.1f} MB)")
    print(f"goal: under {GOAL_S:.0f} s — {'met' if to_page < GOAL_S else 'MISSED'}")
    return 0 if to_page < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
