"""Benchmark: how tall a page's reference list is, on a phone and on a wide screen.

Serves a built site (``make build`` writes it to ``site/``) with ``python -m http.server`` on
127.0.0.1 and opens a page in Debian's Chromium (Playwright, no browser download) at 390 px (a
phone: touch screen, coarse pointer; and without touch) and at 1280 px. Prints, for each width, the
height of the reference list (from its heading to the end of the list), the article's height and
the list's share of it, the number of back links and of distinct quotes the list holds (and in how
many ``<q>`` elements: more where a quote is listed twice), and the smallest visible back link or
passage link (WCAG 2.5.8 asks for 24 px).

Usage: python bench/references.py [SITE_DIR] [PAGE]   (default: site /en/leak/)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts")]

from explainer.core.localserver import free_port  # noqa: E402

CHROMIUM = os.environ.get("EXPLAINER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_LIMIT_S = 30
WIDTHS = (("phone 390 px", {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
                            "device_scale_factor": 3}),
          ("390 px, no touch", {"viewport": {"width": 390, "height": 844}}),
          ("desktop 1280 px", {"viewport": {"width": 1280, "height": 800}}))
MEASURE = """() => {
  const heading = document.getElementById("references");
  const list = document.querySelector("ol.references");
  const article = document.querySelector("article");
  if (!heading || !list) return null;
  const top = heading.getBoundingClientRect().top, bottom = list.getBoundingClientRect().bottom;
  const targets = [...list.querySelectorAll(".citation-backlinks a, a.passage-link")]
    .filter(a => a.checkVisibility()).map(a => a.getBoundingClientRect());
  return {
    list: Math.round(bottom - top),
    article: Math.round(article.getBoundingClientRect().height),
    backlinks: list.querySelectorAll(".citation-backlinks a[href^='#cite-ref-']").length,
    shown: list.querySelectorAll("q").length,
    quotes: new Set([...list.querySelectorAll("li")].flatMap(li =>
      [...li.querySelectorAll("q")].map(q => li.id + "\\u0000" + q.textContent))).size,
    smallest: Math.round(Math.min(...targets.map(r => Math.min(r.width, r.height))) * 10) / 10,
  };
}"""


def wait_until_served(url: str) -> None:
    """Poll ``url`` until it answers (bounded)."""
    start = time.monotonic()
    while time.monotonic() - start < START_LIMIT_S:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{url} did not answer within {START_LIMIT_S} s")


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    page = sys.argv[2] if len(sys.argv) > 2 else "/en/leak/"
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site}/index.html is missing: build the site first (make build)")
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=site,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}{page}"
        wait_until_served(url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            print(f"reference list of {page} ({site})")
            for name, options in WIDTHS:
                context = browser.new_context(**options)
                tab = context.new_page()
                tab.goto(url, wait_until="load")
                figures = tab.evaluate(MEASURE)
                context.close()
                if figures is None:
                    raise SystemExit(f"{page} has no reference list")
                share = 100 * figures["list"] / figures["article"]
                print(f"  {name:16} list {figures['list']:5d} px of {figures['article']:5d} px ({share:4.1f} %), "
                      f"{figures['backlinks']} back links, {figures['quotes']} distinct quotes in {figures['shown']} <q>, "
                      f"smallest target {figures['smallest']} px")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
