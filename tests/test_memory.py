"""Bounded memory: the worst inputs a contributor can write (YAML alias bombs in every YAML file,
nesting far beyond the depth limit, a page of several megabytes, a huge import) run through the real
command in a process whose address space is capped at :data:`ADDRESS_SPACE`. Each ends with a
located message or a success — never a ``MemoryError``, a traceback or a kill — and changes no file
the user wrote. (The in-process tables in test_limits.py and test_bad_input.py prove the messages;
a cap needs a process of its own.)"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EPOCH, LOCAL_BUILD, copy_fixture, snapshot
from inprocess import LOCATED

# What `explainer check` of a fixture project needs is about 70 MB of address space; a quarter of a
# gigabyte leaves room for every library the commands load and none for a blown-up document.
ADDRESS_SPACE = 256 * 1024 * 1024

BOMB = "".join(f"{chr(97 + level)}: &{chr(97 + level)} [" + ", ".join(
    [f"*{chr(96 + level)}"] * 9 if level else ["lol"] * 9) + "]\n" for level in range(9))


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def prepend(rel: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")
    return edit


def write(rel: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).write_text(text, encoding="utf-8")


def nested_csl(depth: int) -> str:
    return json.dumps([{"id": "x", "type": "webpage", "title": "T", "note": "["}])[:-2] + "," + '"deep": ' \
        + "[" * depth + "]" * depth + "}]"


def big_csl(count: int) -> str:
    return json.dumps([{"id": f"w{n}", "type": "webpage", "title": f"Report {n}", "URL": f"https://example.org/r/{n}",
                        "issued": {"date-parts": [[2020, 1, 1 + n % 28]]}} for n in range(count)])


PAGE = "---\ntitle: Huge\ndescription: A very long page.\n---\n\n# Huge {#huge}\n\n"
PARAGRAPH = "The reading room opened its doors again after the flood, and the archive moved upstairs. " * 40 + "\n\n"
CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    ("alias-bomb-bibliography", prepend("sources/bibliography.yml", BOMB), ["check"]),
    ("alias-bomb-articles", prepend("sources/articles.yml", BOMB), ["ingest"]),
    ("alias-bomb-cleaning", prepend("sources/cleaning.yml", BOMB), ["ingest"]),
    ("alias-bomb-mkdocs", prepend("mkdocs.yml", BOMB), ["check"]),
    ("deep-lock", write("translations.lock", "[" * 200_000 + "]" * 200_000), ["check"]),
    ("deep-import", write("refs.json", nested_csl(200_000)), ["import", "refs.json"]),
    ("big-import", write("refs.json", big_csl(20_000)), ["import", "refs.json"]),
    ("eight-megabyte-page", write("docs/en/huge.md", PAGE + PARAGRAPH * 2200), ["check"]),
]


@pytest.mark.parametrize(("edit", "command"), [(edit, command) for _, edit, command in CASES],
                         ids=[name for name, _, _ in CASES])
def test_the_worst_inputs_stay_within_a_bounded_address_space(tmp_path: Path, edit: Callable[[Path], None],
                                                               command: list[str]) -> None:
    root = copy_fixture("two-languages", tmp_path / "project")
    edit(root)
    written = {rel: data for rel, data in snapshot(root).items() if not rel.startswith("sources/parsed/")}
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, **LOCAL_BUILD, "PATH": "/usr/bin:/bin",
           "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "explainer", *command], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300, preexec_fn=capped)
    output = done.stdout + done.stderr
    assert done.returncode >= 0, f"killed by signal {-done.returncode}:\n{output[-2000:]}"
    for bad in ("MemoryError", "Traceback", "RecursionError"):
        assert bad not in output, output[-3000:]
    if done.returncode != 0:
        messages = [line for line in done.stderr.splitlines()
                    if line.strip() and not line.startswith(("check: ", "    ", "import: ", "ingest: "))]
        assert messages and all(LOCATED.match(line) for line in messages), output[-3000:]
    if command[0] != "import" or done.returncode != 0:
        after = {rel: data for rel, data in snapshot(root).items() if not rel.startswith("sources/parsed/")}
        assert after == written, "a failing run changed a file the user wrote"


def test_the_cap_bites() -> None:
    """The cap is real: a process that wants a gigabyte under it gets a MemoryError."""
    done = subprocess.run([sys.executable, "-c", "b = bytearray(1024 ** 3)"], capture_output=True, text=True,
                          timeout=60, preexec_fn=capped)
    assert done.returncode != 0 and "MemoryError" in done.stderr
