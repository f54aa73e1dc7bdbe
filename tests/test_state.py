"""No module-level mutable state: the project's context (:class:`explainer.core.project.Project`,
its :class:`explainer.lang.l10n.Words`) is passed explicitly, so that two projects can run in one
process, one after the other, and never see each other's words (issue 23).

Every module of the package is imported and scanned: no ``global`` statement; no module attribute
that is a dict, list, set, bytearray or dataclass instance unless it is an UPPER_CASE constant; and
the UPPER_CASE containers are unchanged after ``explainer check`` ran on two projects with
different ``strings`` and ``locales``.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

from conftest import copy_fixture
from explainer.lang.l10n import plain_language
from inprocess import run_main

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "explainer"
SOURCES = sorted(PACKAGE.rglob("*.py"))
CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
MUTABLE = (dict, list, set, bytearray)


def module_name(path: Path) -> str:
    parts = ["explainer", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> list[ModuleType]:
    return [importlib.import_module(module_name(path)) for path in SOURCES if path.name != "__main__.py"]


def global_statements(source: str, name: str = "<source>") -> list[str]:
    """``name:line: global x`` for every ``global`` statement in ``source``."""
    return [f"{name}:{node.lineno}: global {', '.join(node.names)}"
            for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Global)]


def mutable_attributes(module: ModuleType) -> list[str]:
    """Module attributes defined in ``module`` whose value is a mutable container or a dataclass
    instance, unless their name is an UPPER_CASE constant."""
    out = []
    for name, value in vars(module).items():
        if name.startswith("__") or CONSTANT.match(name):
            continue
        mutable = isinstance(value, MUTABLE) or (dataclasses.is_dataclass(value) and not isinstance(value, type))
        if mutable:
            out.append(f"{module.__name__}.{name} = {type(value).__name__}")
    return out


def constants(mods: list[ModuleType]) -> dict[str, object]:
    """A deep copy of every UPPER_CASE container of the package's modules."""
    return {f"{m.__name__}.{name}": copy.deepcopy(value) for m in mods for name, value in vars(m).items()
            if CONSTANT.match(name) and isinstance(value, (*MUTABLE, tuple, frozenset))}


def test_the_package_has_no_global_statement() -> None:
    found = [line for path in SOURCES
             for line in global_statements(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))]
    assert found == []


def test_the_global_rule_can_fail() -> None:
    source = "_seen = None\n\ndef remember(value):\n    global _seen\n    _seen = value\n"
    assert global_statements(source, "bad.py") == ["bad.py:4: global _seen"]


def test_no_module_holds_mutable_state() -> None:
    found = [line for module in modules() for line in mutable_attributes(module)]
    assert found == []


def test_the_attribute_rule_can_fail() -> None:
    bad = ModuleType("bad")
    bad.DEFAULTS = {"a": 1}  # a constant: allowed
    bad._locales = {}
    bad.cache = []

    @dataclasses.dataclass
    class State:
        active: bool = False

    bad._active = State()
    bad.State = State  # a class, not an instance: allowed
    assert mutable_attributes(bad) == ["bad._locales = dict", "bad.cache = list", "bad._active = State"]


def set_option(root: Path, block: str) -> None:
    """Add ``block`` (options of the explainer plugin, indented) below ``- explainer:`` in mkdocs.yml."""
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    anchor = re.search(r"^  - explainer:.*\n", text, re.MULTILINE)
    assert anchor, "no explainer plugin in mkdocs.yml"
    path.write_text(text[:anchor.end()] + block + text[anchor.end():], encoding="utf-8")


@pytest.fixture
def two_projects(tmp_path: Path) -> tuple[Path, Path]:
    """Project A overrides a generated word and writes English in en_GB; project B does neither."""
    a = copy_fixture("two-languages", tmp_path / "a")
    set_option(a, "      strings:\n        de: {summary: ZUSAMMENFASSUNG-VON-A}\n      locales:\n        en: en_GB\n")
    b = copy_fixture("three-languages", tmp_path / "b")
    return a, b


def test_constants_are_unchanged_after_checking_two_projects(two_projects: tuple[Path, Path]) -> None:
    mods = modules()
    before = constants(mods)
    assert before, "no constants found: the scan reads nothing"
    for root in two_projects:
        result = run_main(root, "check")
        assert result.code == 0, result.output
    assert constants(mods) == before


def test_a_second_project_does_not_see_the_words_of_the_first(two_projects: tuple[Path, Path]) -> None:
    a, b = two_projects  # B writes German too (and English, French), without strings
    made = run_main(a, "new-page", "faq", "--titles", "de=Fragen;en=Questions")
    assert made.code == 0, made.output
    assert 'abstract "ZUSAMMENFASSUNG-VON-A"' in (a / "docs" / "de" / "faq.md").read_text(encoding="utf-8")
    made = run_main(b, "new-page", "faq", "--titles", "de=Fragen;en=Questions;fr=Questions")
    assert made.code == 0, made.output
    page = (b / "docs" / "de" / "faq.md").read_text(encoding="utf-8")
    shipped = plain_language("de").text("summary")
    assert "ZUSAMMENFASSUNG-VON-A" not in page and f'abstract "{shipped}"' in page, page
