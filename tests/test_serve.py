"""``explainer serve`` (``make serve``) on 127.0.0.1: serves every language, rebuilds on edits to
pages, sources and the generator's code, and never appears stuck: while ``sources/``, the lock,
``mkdocs.yml`` or the code is broken, every request is answered at once, with the located errors
on the page, and the next good save recovers."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import PACKAGE, copy_fixture
from explainer.core.localserver import free_port

REBUILD_LIMIT = 120  # seconds for a rebuild to show: a bound on a hang, not a measure of speed (bench/serve.py)
HANG_LIMIT = 60  # seconds after which one request counts as hung, however broken the project


def fetch(url: str) -> str:
    """The page, or "" when nothing listens yet. A request that never answers (a preview stuck on a
    broken project) fails the test; how fast the preview answers is measured by bench/serve.py."""
    try:
        with urllib.request.urlopen(url, timeout=HANG_LIMIT) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.read().decode("utf-8", "replace")
    except TimeoutError as err:
        raise AssertionError(f"{url} did not answer within {HANG_LIMIT} s: the preview hangs") from err
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise AssertionError(f"{url} did not answer within {HANG_LIMIT} s: the preview hangs") from err
        return ""
    except OSError:
        return ""


def wait_for(url: str, needle: str, present: bool = True) -> str:
    """Poll (every 0.1 s, for at most a minute) until ``needle`` is (or is no longer) on the page."""
    deadline = time.monotonic() + REBUILD_LIMIT
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and (needle in page) == present:
            return page
        time.sleep(0.1)
    raise AssertionError(f"{url} did not {'show' if present else 'lose'} {needle!r} within {REBUILD_LIMIT} s")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    """``explainer serve`` on a copy of the two-language fixture, with its own copy of the generator:
    one preview for the module, as a writer keeps one open all day; every test puts back what it
    changed (and waits until the preview shows it), so the next one starts from the fixture."""
    tmp_path = tmp_path_factory.mktemp("preview")
    root = copy_fixture("two-languages", tmp_path / "project")
    code = tmp_path / "code"
    shutil.copytree(PACKAGE, code / "explainer", ignore=shutil.ignore_patterns("__pycache__"))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield root, code / "explainer", f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def restore() -> Iterator[Callable[[Path], None]]:
    """``restore(path)`` before a test edits ``path``: it gets its text back when the test ends, pass or fail."""
    saved: dict[Path, str] = {}

    def keep(path: Path) -> None:
        saved.setdefault(path, path.read_text(encoding="utf-8"))

    yield keep
    for path, text in saved.items():
        path.write_text(text, encoding="utf-8")


@pytest.mark.build
def test_preview_rebuilds_on_pages_sources_and_code(preview: tuple[Path, Path, str], restore) -> None:
    root, code, base = preview
    wait_for(f"{base}/report/", 'id="references">Belege')
    wait_for(f"{base}/en/report/", 'id="references">References')

    restore(root / "docs/de/report.md")
    replace(root / "docs/de/report.md", "# Der Bericht {#report}", "# Der ganze Bericht {#report}")
    wait_for(f"{base}/report/", "Der ganze Bericht")

    restore(root / "sources/articles.yml")
    replace(root / "sources/articles.yml", "publisher: Beispielblatt", "publisher: Beispielblatt Online")
    wait_for(f"{base}/report/", '<span class="publisher">Beispielblatt Online</span>')

    restore(code / "lang/locale/de/LC_MESSAGES/explainer.po")
    replace(code / "lang/locale/de/LC_MESSAGES/explainer.po", 'msgstr "Belege"', 'msgstr "Nachweise"')
    wait_for(f"{base}/report/", 'id="references">Nachweise')


PANEL = 'id="explainer-build-errors"'


@pytest.mark.build
@pytest.mark.parametrize(("target", "old", "new", "message"), [
    ("sources/bibliography.yml", "entries:\n", "entries:\n  - id: broken\n    url: [unclosed\n",
     "sources/bibliography.yml:4: invalid YAML"),
    ("translations.lock", '"languages": {', '"languages": {"fr": 5, ',
     "translations.lock:3: language 'fr' must map pages to sections, not a number"),
    ("mkdocs.yml", "nav:\n", "nav: [\n", "mkdocs.yml"),
    ("code:site/seo.py", "from __future__ import annotations\n", "from __future__ import annotations\ndef broken(:\n",
     "SyntaxError"),
], ids=["sources", "lock", "mkdocs.yml", "generator code"])
def test_a_broken_project_never_makes_the_preview_hang(preview: tuple[Path, Path, str], restore, target: str, old: str,
                                                       new: str, message: str) -> None:
    root, code, base = preview
    wait_for(f"{base}/report/", 'id="references">Belege')
    path = code / target.removeprefix("code:") if target.startswith("code:") else root / target
    good = path.read_text(encoding="utf-8")
    restore(path)
    replace(path, old, new)
    page = html.unescape(wait_for(f"{base}/report/", PANEL))  # every request answered on the way: none hung
    assert message in page, page[page.index(PANEL):][:2000]
    assert PANEL in fetch(f"{base}/en/")  # every page carries the errors
    path.write_text(good, encoding="utf-8")
    recovered = wait_for(f"{base}/report/", PANEL, present=False)
    assert 'id="references">Belege' in recovered
