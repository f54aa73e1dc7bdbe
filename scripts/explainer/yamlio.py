"""YAML files that people edit: line numbers for messages, round-trip writes, atomic output."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .diagnostics import fail


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold long URLs or titles
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, or fail with a located message."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(path, None, "file not found", "create it or fix the path that names it") from None
    except OSError as err:
        raise fail(path, None, f"cannot read file: {err.strerror}", "check its permissions") from None
    if b"\0" in data:
        raise fail(path, None, "binary file where text was expected", "remove it or replace it with UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise fail(path, line, "not valid UTF-8", "save the file as UTF-8") from None


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Any:
    """Parse YAML text in round-trip mode; errors name ``path`` and the line."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            if "\t" in line[: len(line) - len(line.lstrip())]:
                raise fail(path, number + line_offset, "tab used for indentation in YAML",
                           "indent with spaces")
    try:
        return _yaml().load(text.removeprefix("\ufeff"))
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = (err.problem or err.context or "invalid YAML").strip()
        if err.context_mark and err.context and ("flow" in err.context or "quoted" in err.context):
            mark = err.context_mark  # an unclosed bracket or quote: point where it was opened
            problem = f"{problem} ({err.context.strip()} opened here)"
        line = mark.line + 1 + line_offset if mark else None
        raise fail(path, line, f"invalid YAML: {problem}",
                   "fix the syntax (quote values that contain ': ' or start with a special character)") from None
    except YAMLError as err:
        raise fail(path, None, f"invalid YAML: {err}", "fix the syntax") from None


def load_yaml(path: Path) -> Any:
    """Read and parse a YAML file (see :func:`parse_yaml`)."""
    return parse_yaml(read_text(path), path)


def line_of(node: Any, key: str | None = None) -> int | None:
    """1-based line of a mapping (or of one of its keys) as loaded by :func:`parse_yaml`."""
    if not isinstance(node, (CommentedMap, CommentedSeq)):
        return None
    try:
        if key is not None and isinstance(node, CommentedMap) and key in node:
            return node.lc.key(key)[0] + 1
        return node.lc.line + 1
    except (AttributeError, KeyError, TypeError):
        return None


def dump_yaml(data: Any) -> str:
    """Serialise a round-trip document, keeping comments and layout of untouched parts."""
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically; do nothing if the content is already identical.

    Returns True when the file was written.
    """
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
