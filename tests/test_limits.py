"""Limits by construction: sizes, nesting, YAML aliases, regular expressions, special files, dates,
damaged generated files, missing folders, configuration that cannot be meant. Each case edits a
copy of the two-language fixture and runs the command in this process (tests/inprocess.py): a
located message, a non-zero exit, no traceback, every file the user wrote unchanged."""

from __future__ import annotations

import os
import re
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import snapshot
from explainer.core.diagnostics import ExplainerError
from explainer.core.limits import MAX_ALIAS_NODES, MAX_ALIASES, MAX_DEPTH, check_yaml, load_json
from inprocess import assert_located_failure, run_main

BOMB = "".join(f"{chr(97 + level)}: &{chr(97 + level)} [" + ", ".join(
    [f"*{chr(96 + level)}"] * 9 if level else ["lol"] * 9) + "]\n" for level in range(9))
DEEP_FLOW = "[" * 100_000 + "]" * 100_000


def prepend(rel: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")
    return edit


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (old, rel)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def write(rel: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).write_text(text, encoding="utf-8")


def fifo(rel: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / rel).unlink(missing_ok=True)
        os.mkfifo(root / rel)
    return edit


def a_socket(rel: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / rel).unlink(missing_ok=True)
        server = socket.socket(socket.AF_UNIX)
        here = Path.cwd()
        os.chdir((root / rel).parent)  # a relative name: a socket's path may hold only 107 bytes
        try:
            server.bind((root / rel).name)
        finally:
            os.chdir(here)
            server.close()
    return edit


def folder_instead(rel: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / rel).unlink()
        (root / rel).mkdir()
    return edit


def link_out(rel: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        outside = root.parent / f"outside-{Path(rel).name}"
        (root / rel).rename(outside)
        (root / rel).symlink_to(outside)
    return edit


def remove_sources(root: Path) -> None:
    shutil.rmtree(root / "sources")


def sources_as_file(root: Path) -> None:
    shutil.rmtree(root / "sources")
    (root / "sources").write_text("not a folder\n", encoding="utf-8")


LANGUAGES = "      languages:\n"
SECOND_DEFAULT = ('          name: "English"\n', '          name: "English"\n          default: true\n')

# (id, edit, command, expected: a regular expression the output must contain)
CASES = [
    *[(f"alias-bomb-{Path(rel).stem}", prepend(rel, BOMB), command,
       re.escape(rel) + r":\d+: too many YAML aliases")
      for rel, command in [("mkdocs.yml", "check"), ("sources/articles.yml", "check"),
                           ("sources/cleaning.yml", "ingest"), ("sources/bibliography.yml", "check"),
                           ("sources/bibliography.yml", "ingest")]],
    ("deep-yaml-flow", prepend("sources/articles.yml", f"x: {DEEP_FLOW}\n"), "check",
     r"sources/articles.yml:1: nested more than 64 levels deep"),
    ("deep-yaml-block", prepend("sources/bibliography.yml", "x:\n" + "- " * 5000 + "y\n"), "check",
     r"sources/bibliography.yml:2: nested more than 64 levels deep"),
    ("deep-frontmatter", replace("docs/en/index.md", "---\n", f"---\nx: {DEEP_FLOW}\n"), "check",
     r"docs/en/index.md:2: nested more than 64 levels deep"),
    ("deep-lock", write("translations.lock", DEEP_FLOW), "status", r"translations.lock: nested more than 64"),
    ("deep-lock-objects", write("translations.lock", '{"a": ' * 200 + "1" + "}" * 200), "check",
     r"translations.lock: nested more than 64"),
    ("catastrophic-rule-runs-linear", replace("sources/cleaning.yml", '"Kategorien:"', '"(a+)+$"'), "ingest", None),
    ("repetition-too-large", replace("sources/cleaning.yml", '"Kategorien:"', '"(ab){100000}"'), "ingest",
     r"sources/cleaning.yml:2: invalid pattern '\(ab\)\{100000\}': invalid repetition size"),
    ("rule-re2-cannot-compile", replace("sources/cleaning.yml", '"Kategorien:"', '"(x)\\\\1"'), "ingest",
     r"sources/cleaning.yml:2: invalid pattern .*RE2 syntax"),
    ("fifo-page", fifo("docs/en/fifo.md"), "check", r"docs/en/fifo.md: a named pipe \(FIFO\) where a file was"),
    ("fifo-cleaning", fifo("sources/cleaning.yml"), "ingest", r"sources/cleaning.yml: a named pipe"),
    ("fifo-lock", fifo("translations.lock"), "status", r"translations.lock: a named pipe"),
    ("socket-article", a_socket("sources/articles/bericht.txt"), "check",
     r"sources/articles.yml:3: text of 'bericht': a socket where a file was expected"),
    ("article-path-out", replace("sources/articles.yml", "file: articles/bericht.txt", "file: ../../x.txt"), "check",
     r"sources/articles.yml:3: text of 'bericht': the path leads out of the sources folder"),
    ("fifo-mkdocs", fifo("mkdocs.yml"), "check", r"mkdocs.yml: a named pipe"),
    ("date-articles", replace("sources/articles.yml", "date: 2024-11-26", "date: 2024-02-30"), "check",
     r"sources/articles.yml:10: 2024-02-30 is not a date"),
    ("date-bibliography", replace("sources/bibliography.yml", "date: 2024-11\n", "date: 2024-13-01\n"), "ingest",
     r"sources/bibliography.yml:8: 2024-13-01 is not a date"),
    ("date-frontmatter", replace("docs/de/index.md", "---\n", "---\ndate: 2023-02-29\n"), "check",
     r"docs/de/index.md:2: 2023-02-29 is not a date"),
    ("date-mkdocs", prepend("mkdocs.yml", "copyright_date: 2024-04-31\n"), "check", r"mkdocs.yml:1: 2024-04-31"),
    ("parsed-garbage", write("sources/parsed/bericht.json", "garbage {"), "check",
     r"sources/parsed/bericht.json: out of date .* — run `make ingest`"),
    ("parsed-folder", folder_instead("sources/parsed/bericht.json"), "check",
     r"sources/parsed/bericht.json: not a file.*run `make ingest`"),
    ("parsed-folder-ingest", folder_instead("sources/parsed/bericht.json"), "ingest",
     r"sources/parsed/bericht.json: a folder where the command writes a file"),
    ("sources-missing-ingest", remove_sources, "ingest", r"sources: the sources folder is missing"),
    ("sources-missing-check", remove_sources, "check", r"sources: the sources folder is missing"),
    ("sources-a-file", sources_as_file, "ingest", r"sources: the sources folder is a file"),
    ("duplicate-language", replace("mkdocs.yml", LANGUAGES, LANGUAGES + "        - locale: en\n          name: E\n"),
     "check", r"mkdocs.yml:\d+: language 'en' is listed twice"),
    ("two-defaults", replace("mkdocs.yml", *SECOND_DEFAULT), "check", r"mkdocs.yml:\d+: 2 default languages"),
    ("nul-in-page", replace("docs/en/index.md", "---\n", "---\ntitle: x\0y\n"), "check",
     r"docs/en/index.md:2: NUL byte"),
    ("control-in-page", prepend("docs/de/report.md", ""), "check", None),  # replaced below
    ("mkdocs-a-list", write("mkdocs.yml", "- site_name: x\n- plugins: []\n"), "check",
     r"mkdocs.yml:1: mkdocs.yml must be a mapping, not a list"),
    ("mkdocs-link-out", link_out("mkdocs.yml"), "check", r"mkdocs.yml: symbolic link to .* leads out of the project"),
    ("bibliography-link-out", link_out("sources/bibliography.yml"), "check",
     r"sources/bibliography.yml: symbolic link to .* leads out of the project"),
    ("article-link-out", link_out("sources/articles/bericht.txt"), "ingest",
     r"sources/articles/bericht.txt: symbolic link to .* leads out of the project"),
    ("lock-link-out", link_out("translations.lock"), "status", r"translations.lock: symbolic link .* out of the"),
]
CASES[[c[0] for c in CASES].index("control-in-page")] = (
    "control-in-page", lambda root: (root / "docs/en/index.md").write_text(
        (root / "docs/en/index.md").read_text(encoding="utf-8") + "\nText\x1b[31m rot.\n{: .editorial }\n",
        encoding="utf-8"), "check", r"docs/en/index.md:\d+: control character U\+001B")


@pytest.mark.parametrize(("edit", "command", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_limits_hold_with_a_located_message(two: Path, edit, command: str, expected: str | None) -> None:
    edit(two)
    before = snapshot(two)
    result = run_main(two, command)
    if expected is None:  # the input is allowed: it must simply not hang
        assert result.code == 0, result.output
        return
    assert_located_failure(result)
    assert re.search(expected, result.err), f"{expected!r} not in:\n{result.err}"
    changed = {rel for rel, data in snapshot(two).items() if before.get(rel) != data} | (set(before) - set(snapshot(two)))
    assert changed <= {"sources/parsed/bericht.json"} if command == "ingest" else not changed, changed


def test_python_tags_in_mkdocs_yml_are_a_warning_of_check(two: Path) -> None:
    config = two / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks_x: !!python/name:os.system\n", encoding="utf-8")
    result = run_main(two, "check")
    line = config.read_text(encoding="utf-8").count("\n")
    assert f"warning: mkdocs.yml:{line}: '!!python/…' tag: MkDocs runs it as Python code" in result.err


def test_limits_of_the_loaders_directly(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    many = "a: &a 1\n" + "".join(f"k{i}: *a\n" for i in range(MAX_ALIASES + 1))
    with pytest.raises(ExplainerError, match="too many YAML aliases"):
        check_yaml(many, path)
    check_yaml("a: &a 1\n" + "".join(f"k{i}: *a\n" for i in range(MAX_ALIASES)), path)  # at the bound: fine
    wide = "a: &a [" + ", ".join(["x"] * (MAX_ALIAS_NODES // 2)) + "]\nb: [*a, *a, *a]\n"
    with pytest.raises(ExplainerError, match="too many YAML aliases"):
        check_yaml(wide, path)
    check_yaml("x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n", path)  # the mapping and 63 lists
    with pytest.raises(ExplainerError, match="nested more than"):
        check_yaml("x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", path)
    with pytest.raises(ExplainerError, match="nested more than"):
        check_yaml("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), path)
    with pytest.raises(ExplainerError, match="nested more than"):
        load_json("[" * 5000 + "]" * 5000, path, "fix")
    assert load_json("[" * MAX_DEPTH + "]" * MAX_DEPTH, path, "fix") is not None


def test_brackets_in_quoted_text_are_no_nesting(tmp_path: Path) -> None:
    check_yaml('title: "' + "[" * 500 + '"\n', tmp_path / "x.yml")


@pytest.mark.parametrize("target", ["/proc/explainer-test", "loop/sub", "loop"])
def test_init_into_an_impossible_folder_is_located(tmp_path: Path, target: str) -> None:
    (tmp_path / "loop").symlink_to("loop")
    result = run_main(tmp_path, "init", target, "--languages", "de,en")
    assert_located_failure(result)
    assert result.err.startswith(target.split("/")[0] if target.startswith("loop") else target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop"]


@pytest.mark.parametrize("content", ["garbage {", "[" * 5000 + "]" * 5000, '{"failures": []}', "[]"])
def test_a_damaged_link_check_state_is_located(tmp_path: Path, content: str) -> None:
    import datetime as dt

    from explainer.linkcheck.online import confirm

    state = tmp_path / "linkcheck-state.json"
    state.write_text(content, encoding="utf-8")
    with pytest.raises(ExplainerError) as caught:
        confirm({}, {}, state, dt.date(2026, 12, 1))
    assert str(caught.value).startswith(f"{state}") and "delete it" in str(caught.value)
