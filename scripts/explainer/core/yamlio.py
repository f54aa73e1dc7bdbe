"""YAML files that people edit: line numbers for messages, round-trip writes, atomic output.

Reading (:func:`read_yaml`) uses libyaml through PyYAML, with YAML 1.2 scalars as ruamel.yaml
reads them (``no`` is text, not false) and the line of every mapping, list and key; it is some
ten times faster than ruamel.yaml's round-trip parser, which stays for files that are rewritten
(:func:`load_yaml`, :func:`dump_yaml`) and for the located messages about broken YAML.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml as pyyaml

from .diagnostics import ExplainerError, fail
from .limits import MAX_BYTES, check_yaml, too_big

if TYPE_CHECKING:
    from ruamel.yaml import YAML

# ruamel.yaml is imported where a file is rewritten or a YAML error is worded, not by every build.


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold long URLs or titles
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


_SPECIAL = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
            (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def check_regular(path: Path) -> int:
    """The size of ``path`` if it is a regular file (or a link to one) that may be read; else a
    located error. Checked before opening it: opening a FIFO would wait for a writer forever."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise fail(path, None, "file not found", "create it or fix the path that names it") from None
    except OSError as err:
        raise fail(path, None, f"cannot read file: {err.strerror}",
                   "check the path and its permissions (a symbolic link that loops?)") from None
    if not stat.S_ISREG(info.st_mode):
        what = next((name for test, name in _SPECIAL if test(info.st_mode)), "not a regular file")
        raise fail(path, None, f"{what} where a file was expected", "replace it with a regular file")
    if info.st_size > MAX_BYTES:
        raise too_big(path, info.st_size)
    return info.st_size


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes, or a located error (a missing file, a FIFO or device, a file over
    :data:`~explainer.core.limits.MAX_BYTES`, one that cannot be read)."""
    check_regular(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise fail(path, None, "file not found", "create it or fix the path that names it") from None
    except OSError as err:
        raise fail(path, None, f"cannot read file: {err.strerror}", "check its permissions") from None


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, or fail with a located message (also for anything but a regular
    file, and for a file over :data:`~explainer.core.limits.MAX_BYTES`)."""
    data = read_bytes(path)
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise fail(path, line, "NUL byte: a binary file where text was expected",
                   "remove the NUL byte, or replace the file with UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise fail(path, line, "not valid UTF-8", "save the file as UTF-8") from None


def kind_of(value: Any) -> str:
    """What YAML made of a value, in words: "a list", "a number" …"""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return type(value).__name__


def yaml_error(path: Path, err: Exception, line_offset: int = 0, text: str | None = None) -> ExplainerError:
    """The located error for a YAML syntax error from ruamel or PyYAML (both mark problem and context);
    ``text`` locates a character the reader refuses (its error has only a position)."""
    if isinstance(getattr(err, "character", None), (str, int)) and isinstance(getattr(err, "position", None), int):
        character = err.character  # type: ignore[attr-defined]
        code = ord(character) if isinstance(character, str) else character
        line = text[: err.position].count("\n") + 1 + line_offset if text is not None else None  # type: ignore[attr-defined]
        return fail(path, line, f"character U+{code:04X} that YAML does not allow in a file",
                    "delete it (it is invisible in most editors), or write it as an escape in double quotes: \"\\u00e9\"")
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    context = getattr(err, "context", None)
    problem = " ".join((getattr(err, "problem", None) or context or str(err) or "invalid YAML").split())
    if (context_mark := getattr(err, "context_mark", None)) and context and ("flow" in context or "quoted" in context):
        mark = context_mark  # an unclosed bracket or quote: point where it was opened
        problem = f"{problem} ({context.strip()} opened here)"
    line = mark.line + 1 + line_offset if mark else None
    if "'\\t'" in problem:
        return fail(path, line, "tab in YAML where only spaces are allowed", "replace the tab with spaces")
    return fail(path, line, f"invalid YAML: {problem}",
                "fix the syntax (quote values that contain ': ' or start with a special character)")


_DATE_IN_TEXT = re.compile(r"(?<![\w.\"'/-])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![\w\"'/-])")


def impossible_date(text: str, path: Path, line_offset: int, err: Exception) -> ExplainerError:
    """The located error for a YAML date that does not exist (``2024-02-30``, ``2024-13-01``)."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in _DATE_IN_TEXT.finditer(line.split(" #")[0]):
            try:
                dt.date(*(int(part) for part in match.groups()))
            except ValueError as why:
                return fail(path, number + line_offset, f"{match.group()} is not a date: {why}",
                            "write a date that exists as YYYY-MM-DD (or quote it to keep it as text)")
    return fail(path, None, f"invalid value: {err}", "write dates as YYYY-MM-DD")


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Any:
    """Parse YAML text in round-trip mode; errors name ``path`` and the line."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            if "\t" in line[: len(line) - len(line.lstrip())]:
                raise fail(path, number + line_offset, "tab used for indentation in YAML",
                           "indent with spaces")
    check_yaml(text, path, line_offset)
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text.removeprefix("\ufeff"))
    except MarkedYAMLError as err:
        raise yaml_error(path, err, line_offset) from None
    except YAMLError as err:
        raise yaml_error(path, err, line_offset, text) from None
    except ValueError as err:  # a date that does not exist (2024-02-30): ruamel.yaml names no line
        raise impossible_date(text, path, line_offset, err) from None
    except RecursionError:  # not reached after check_yaml; kept so that no input gives a traceback
        raise fail(path, None, "nested too deeply", "flatten the structure") from None


def load_yaml(path: Path) -> Any:
    """Read and parse a YAML file (see :func:`parse_yaml`)."""
    return parse_yaml(read_text(path), path)


class LineMap(dict):
    """A mapping read by :func:`read_yaml`, with the 1-based line of itself and of each key."""

    line: int | None = None
    key_lines: dict[Any, int]


class LineList(list):
    """A list read by :func:`read_yaml`, with its 1-based line."""

    line: int | None = None


class _UnusualYamlError(Exception):
    """Something the fast reader leaves to ruamel.yaml (tags, merge keys, times of day)."""


class _Composer(getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer without PyYAML's tag resolution, which cost a third of reading a large
    file: :func:`_scalar` resolves plain scalars itself (as YAML 1.2 does); the node kinds are enough."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is pyyaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is pyyaml.SequenceNode else "tag:yaml.org,2002:map"

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_LIBYAML = _Composer
_TAG_OR_MERGE = re.compile(r"(?:^|[\s\[{,:-])!|<<\s*:")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9_]+$|^0o[0-7_]+$|^0x[0-9a-fA-F_]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9_]+|[0-9_]+(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$"
                    r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[Tt ]")


def _scalar(node: pyyaml.ScalarNode) -> Any:
    value = node.value
    if node.style:  # quoted or block: always text
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        digits = value.replace("_", "")
        return int(digits[2:], 8) if digits.startswith("0o") else int(digits, 0 if digits.startswith("0x") else 10)
    if _FLOAT.match(value):
        number = value.replace("_", "").lower()
        return float(number.replace(".inf", "inf").replace(".nan", "nan"))
    if _DATE.match(value):
        return dt.date(*(int(part) for part in value.split("-")))
    if _TIMESTAMP.match(value):
        raise _UnusualYamlError(value)
    return value


def _construct(node: pyyaml.Node) -> Any:
    if isinstance(node, pyyaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, pyyaml.SequenceNode):
        items = LineList(_construct(item) for item in node.value)
        items.line = node.start_mark.line + 1
        return items
    mapping = LineMap()
    mapping.line, mapping.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = _construct(key_node)
        if isinstance(key, (LineMap, LineList)) or key in mapping:
            raise _UnusualYamlError("complex or duplicate key")  # ruamel.yaml words the error
        mapping[key] = _construct(value_node)
        mapping.key_lines.setdefault(key, key_node.start_mark.line + 1)
    return mapping


def read_yaml(path: Path) -> Any:
    """Read a YAML file that is not rewritten: values as :func:`load_yaml` gives them, mappings
    and lists as :class:`LineMap` and :class:`LineList` (see :func:`line_of`); errors name
    ``path`` and the line, as :func:`parse_yaml` words them."""
    return parse_yaml_fast(read_text(path), path)


def parse_yaml_fast(text: str, path: Path) -> Any:
    """:func:`read_yaml` of text already read from ``path`` (libyaml; ruamel.yaml for what it leaves)."""
    if "\t" in text or _TAG_OR_MERGE.search(text):
        return parse_yaml(text, path)
    check_yaml(text, path)
    try:
        with no_cycle_collection():
            node = pyyaml.compose(text.removeprefix("\ufeff"), Loader=_LIBYAML)
            return None if node is None else _construct(node)
    except (pyyaml.YAMLError, _UnusualYamlError, ValueError):
        return parse_yaml(text, path)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Run the block without Python's cycle collector: building hundreds of thousands of objects
    (nodes, then values) set it off again and again over everything already alive, which cost more
    than the reading itself (a bibliography of 10,000 entries: 2.0 s instead of 4.6). The objects
    built hold no cycles; reference counting frees them as before, and the collector runs again
    afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def line_of(node: Any, key: str | None = None) -> int | None:
    """1-based line of a mapping or list (or of one of a mapping's keys) as loaded by
    :func:`parse_yaml` or :func:`read_yaml`."""
    if isinstance(node, (LineMap, LineList)):
        if key is not None and isinstance(node, LineMap) and key in node.key_lines:
            return node.key_lines[key]
        return node.line
    comments = sys.modules.get("ruamel.yaml.comments")  # not loaded: the node cannot be one of its types
    if comments is None or not isinstance(node, (comments.CommentedMap, comments.CommentedSeq)):
        return None
    CommentedMap = comments.CommentedMap  # noqa: N806 - the class, by its name
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

    Returns True when the file was written. Something other than a regular file in its place, or
    a write the system refuses (permissions, a full disk), is a located error; the old file then
    stays as it was.
    """
    data = text.encode("utf-8")
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise fail(path, None, f"cannot write file: {err.strerror}", "check the path and its permissions") from None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            what = next((name for test, name in _SPECIAL if test(info.st_mode)), "not a regular file")
            raise fail(path, None, f"{what} where the command writes a file",
                       "remove it (the command writes the file again)")
        try:
            if info.st_size == len(data) and path.read_bytes() == data:
                return False
        except OSError:
            pass  # unreadable: replaced below, or the write says why not
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as err:
        raise fail(path, None, f"cannot write file: {err.strerror or err}",
                   "check that its folder exists, may be written and the disk has room; nothing was changed "
                   "in this file") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return True
