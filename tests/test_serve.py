"""``mkdocs serve`` on 127.0.0.1: serves both languages and rebuilds on edits to docs, sources and scripts."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MKDOCS, ROOT

TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, needle: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and needle in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {needle!r} within {TIMEOUT} s")


@pytest.fixture
def server(project: Path) -> Iterator[tuple[Path, str]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        yield project, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_previews_and_rebuilds(server: tuple[Path, str]) -> None:
    root, base = server
    wait_for(f"{base}/leak/", 'id="references">Quellen')
    wait_for(f"{base}/en/leak/", 'id="references">Sources')

    replace(root / "docs/de/leak.md", "# Das Leak {#the-leak}", "# Das große Leak {#the-leak}")
    wait_for(f"{base}/leak/", "Das große Leak")

    replace(root / "sources/articles.yml", "publisher: t3n", "publisher: t3n Magazin")
    wait_for(f"{base}/leak/", '<span class="publisher">t3n Magazin</span>')

    replace(root / "scripts/explainer/lang/l10n.py", '"references": "Quellen"', '"references": "Belege"')
    wait_for(f"{base}/leak/", 'id="references">Belege')
