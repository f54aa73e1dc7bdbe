"""Writes are atomic and happen only on success: every command that writes is made to fail at each
of its writes in turn (``os.replace``, the last step of :func:`explainer.core.yamlio.write_atomic`,
raises ``OSError`` at its k-th call). Each failing run ends in a located message and a non-zero exit,
no file is left half-written, and no file the user wrote is changed (files the command generates,
``sources/parsed/``, may already hold their new content; ``init`` and ``new-page`` leave nothing)."""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import copy_fixture, snapshot
from inprocess import assert_located_failure, run_main

REAL_REPLACE = os.replace


class FailAt:
    """``os.replace`` that fails at its k-th call outside the cache (0: never), counting the calls."""

    def __init__(self, k: int) -> None:
        self.k, self.calls = k, 0

    def __call__(self, src, dst, *args, **kwargs):
        if ".cache" not in Path(dst).parts:
            self.calls += 1
            if self.calls == self.k:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return REAL_REPLACE(src, dst, *args, **kwargs)


def prepare_ingest(root: Path) -> list[str]:
    shutil.rmtree(root / "sources/parsed")
    bib = root / "sources/bibliography.yml"  # without an entry the article lists: ingest adds it again
    text = bib.read_text(encoding="utf-8")
    start = text.index("  - id: news-example\n")
    bib.write_text(text[:start] + text[text.index("  - id: ", start + 1):], encoding="utf-8")
    return ["ingest"]


def prepare_import(root: Path) -> list[str]:
    items = [{"id": f"neu-{n}", "type": "webpage", "title": f"Neu {n}", "URL": f"https://example.org/neu/{n}"}
             for n in range(3)]
    (root / "export.json").write_text(json.dumps(items), encoding="utf-8")
    return ["import", "export.json"]


def prepare_sync(root: Path) -> list[str]:
    (root / "translations.lock").unlink()
    return ["sync", "--all"]


def prepare_new_page(root: Path) -> list[str]:
    return ["new-page", "neu", "--titles", "de=Neue Seite;en=New page"]


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "ingest": prepare_ingest, "import": prepare_import, "sync": prepare_sync, "new-page": prepare_new_page}
GENERATED = ("sources/parsed/",)  # written by the command only: may hold the new content after a failure


def project(tmp_path: Path, name: str, prepare: Callable[[Path], list[str]]) -> tuple[Path, list[str]]:
    root = copy_fixture("two-languages", tmp_path / name)
    return root, prepare(root)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_failed_write_changes_no_file_the_user_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      command: str) -> None:
    root, args = project(tmp_path, "ok", COMMANDS[command])
    counter = FailAt(0)
    monkeypatch.setattr(os, "replace", counter)
    result = run_main(root, *args)
    assert result.code == 0, result.output
    writes, after = counter.calls, snapshot(root)
    assert writes >= (2 if command in ("ingest", "new-page") else 1), f"{command}: too few writes to prove anything"
    for k in range(1, writes + 1):
        root, args = project(tmp_path, f"fail-{k}", COMMANDS[command])
        before = snapshot(root)
        monkeypatch.setattr(os, "replace", FailAt(k))
        result = run_main(root, *args)
        assert_located_failure(result)
        assert "No space left on device" in result.err
        now = snapshot(root)
        for rel in set(before) | set(now):
            if rel.startswith(GENERATED):
                assert now.get(rel) in (before.get(rel), after.get(rel)), f"{rel} half-written at write {k}"
            else:
                assert now.get(rel) == before.get(rel), f"{rel} changed by {command} failing at write {k}"
        assert not [p for p in root.rglob(".*.tmp")], "a temporary file was left behind"


def test_init_that_fails_at_any_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = FailAt(0)
    monkeypatch.setattr(os, "replace", counter)
    assert run_main(tmp_path, "init", "ok", "--languages", "de,en").code == 0
    writes = counter.calls
    assert writes >= 10
    for k in range(1, writes + 1):
        monkeypatch.setattr(os, "replace", FailAt(k))
        result = run_main(tmp_path, "init", f"new-{k}", "--languages", "de,en")
        assert_located_failure(result)
        assert not (tmp_path / f"new-{k}").exists(), f"init failing at write {k} left files behind"
