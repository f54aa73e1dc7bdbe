"""The package layout shows the data flow: a module imports only from its own stage or an earlier one.

sources → model → checks and rendering → the site: ``core`` and ``lang`` underlie everything,
``plugin`` (the MkDocs glue) and above it ``cli`` (the command line, which also runs the preview).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "explainer"
STAGES = ("core", "lang", "model", "checks", "render", "linkcheck", "site", "scaffold", "plugin", "cli")


def stage_of(module: str) -> str | None:
    """``explainer.checks.parity`` → ``checks``; the package's own ``__init__``/``__main__`` → None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def imports(path: Path) -> list[tuple[int, str]]:
    """Every ``explainer…`` module that ``path`` imports (relative imports resolved), with its line."""
    package = ["explainer", *path.relative_to(PACKAGE).parent.parts]  # what a leading dot means here
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names] if not node.module else [target]
            out += [(node.lineno, name) for name in names if name.startswith("explainer")]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("explainer")]
    return out


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def test_every_module_is_in_a_stage() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert loose == [], "modules outside the stage folders"
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(STAGES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_from_its_own_or_an_earlier_stage(path: Path) -> None:
    own = STAGES.index(path.relative_to(PACKAGE).parts[0])
    later = [f"line {line}: {name}" for line, name in imports(path)
             if (stage := stage_of(name)) is not None and STAGES.index(stage) > own]
    assert later == [], f"{path.relative_to(PACKAGE)} imports from a later stage"


def test_the_rule_can_fail() -> None:
    """The import scanner sees relative imports across stages (so the test above is not vacuous)."""
    found = imports(PACKAGE / "checks" / "run.py")
    assert any(stage_of(name) == "model" for _, name in found)
    assert ("explainer.core.diagnostics" in {name for _, name in found})
