"""The ``explainer`` command as a user calls it: what it reads, how its words are taken apart, and how
it ends when its reader goes away."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_fixture
from explainer.cli.main import _command_index, main
from explainer.core.project import site_url_problem
from explainer.plugin.project import load_project
from inprocess import run_main


@pytest.mark.parametrize(("argv", "expected"), [
    (["serve", "--dev-addr", "127.0.0.1:1"], 0),
    (["--root", "serve", "check"], 2),  # a project folder called "serve"
    (["new-page", "serve", "--title", "de=Serve"], 0),
    (["-h"], None),
])
def test_the_subcommand_is_the_first_word_that_is_not_an_option(argv: list[str], expected: int | None) -> None:
    assert _command_index(argv) == expected


def test_new_page_called_serve_is_a_page_not_the_preview(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_fixture("two-languages", tmp_path / "project")
    code = main(["--root", str(root), "new-page", "serve", "--title", "de=Bedienen", "--title", "en=Serving"])
    assert code == 0, capsys.readouterr()
    assert (root / "docs/de/serve.md").is_file() and (root / "docs/en/serve.md").is_file()


def test_the_command_line_reads_docs_dir_as_the_plugin_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_fixture("two-languages", tmp_path / "project")
    (root / "docs").rename(root / "content")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("docs_dir: docs", "docs_dir: content") if "docs_dir:" in text
                      else "docs_dir: content\n" + text, encoding="utf-8")
    assert load_project(root).docs == root / "content"
    main(["--root", str(root), "check"])
    summary = capsys.readouterr().out
    pages = int(summary.split(" pages,")[0].rsplit(" ", 1)[1])
    assert pages > 0, summary


@pytest.mark.integration  # a real process and a real pipe
def test_a_closed_pipe_ends_the_command_quietly(two: Path) -> None:
    """``explainer status --json | head -c 20``: the reader stops early; no traceback follows."""
    reader = subprocess.Popen([sys.executable, "-m", "explainer", "status", "--json"], cwd=two,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(20)
    reader.stdout.close()  # as `head` does
    err = reader.stderr.read().decode()
    reader.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


@pytest.mark.parametrize(("url", "local"), [
    (None, True), ("", True), ("http://127.0.0.1:8000/", True), ("http://localhost:8000/", True),
    ("http://[::1]:8000/", True), ("http://127.1.2.3/", True), ("https://example.org/story/", False),
])
def test_a_site_url_on_this_machine_or_none_stops_a_publishing_build(tmp_path: Path, url: str | None, local: bool) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nsite_url: !ENV [SITE_URL, null]\n", encoding="utf-8")
    problem = site_url_problem(url, config, environ={})
    assert (problem is not None) == local
    if problem:
        assert problem.line == 2 and "site_url" in problem.message and "explainer init --site-url" in problem.fix
    assert site_url_problem(url, config, environ={"EXPLAINER_LOCAL_BUILD": "1"}) is None


@pytest.mark.build
def test_a_build_for_publishing_without_site_url_stops_located(two: Path) -> None:
    config = two / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('!ENV [SITE_URL, "http://127.0.0.1:8000/"]',
                                                                 "!ENV [SITE_URL, null]"), encoding="utf-8")
    done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir",
                           str(two / "site")], cwd=two, capture_output=True, text=True, check=False,
                          env={"PATH": "/usr/bin:/bin", "EXPLAINER_LOCAL_BUILD": "", "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 1
    assert "mkdocs.yml:5: site_url is not set" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (two / "site" / "index.html").exists()


def test_init_refuses_a_loopback_site_url_and_writes_nothing(tmp_path: Path) -> None:
    result = run_main(tmp_path, "init", "new", "--languages", "pt,en", "--site-url", "http://localhost:8000/")
    assert result.code == 1 and "--site-url: 'http://localhost:8000/' is this machine's own address" in result.err
    assert not (tmp_path / "new").exists()
