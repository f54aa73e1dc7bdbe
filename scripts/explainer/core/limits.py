"""Limits on what a contributor's file may make the generator do: size, nesting, YAML aliases.

Every YAML and JSON document is checked before it is built into Python objects, so that an alias
bomb ("billion laughs") or ten thousand nested brackets end in a located message instead of a hang,
a ``RecursionError`` or a crash of libyaml's composer (which recurses in C and overflows the stack).
The check costs a regular-expression pass over the text; libyaml's event parser (iterative, no
objects built) runs only when the text has anchors or could nest deeper than :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from pathlib import Path
from typing import Any

from .diagnostics import ExplainerError, fail

MAX_BYTES = 32 * 1024 * 1024  # one text file (a page, an article, a YAML or JSON document)
MAX_DEPTH = 64  # nested lists and mappings in a YAML or JSON document
MAX_ALIASES = 100  # alias references (*name) in one YAML document
MAX_ALIAS_NODES = 10_000  # values the aliases of one YAML document stand for, all expanded

_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]")
_BLOCK_PREFIX = re.compile(r"^[ \-?]*", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def too_big(path: Path, size: int) -> ExplainerError:
    """The error for a file over :data:`MAX_BYTES`."""
    return fail(path, None, f"file too large ({size:,} bytes; at most {MAX_BYTES:,} are read)",
                "split it, or remove what does not belong in it")


def flow_depth_bound(text: str) -> int:
    """An upper bound of the bracket nesting of YAML flow collections or JSON: brackets inside quoted
    text count too (an over-estimate only sends the text to the exact check)."""
    brackets = _BRACKETS.findall(text)
    return max(max(accumulate(_STEP[b] for b in brackets)), 0) if brackets else 0


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth: block nesting needs indentation (or ``- `` / ``? ``
    before the node; a list in a mapping may share its key's column, hence twice), flow nesting
    needs brackets (counted even in quoted text: an over-estimate only sends the text to the exact
    check)."""
    block = max((len(prefix) for prefix in _BLOCK_PREFIX.findall(text)), default=0)
    return 2 * (block + 2) + flow_depth_bound(text)


def check_yaml(text: str, path: Path, line_offset: int = 0) -> None:
    """Refuse YAML that is too large, nests deeper than :data:`MAX_DEPTH`, or whose aliases
    exceed :data:`MAX_ALIASES` or stand for more than :data:`MAX_ALIAS_NODES` values."""
    if len(text) > MAX_BYTES:
        raise too_big(path, len(text))
    if not _ANCHOR.search(text) and _depth_bound(text) <= MAX_DEPTH:
        return
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = aliases = expanded = 0
    sizes: dict[str, int] = {}
    open_nodes: list[list] = []  # [anchor, values inside] per open list or mapping

    def add(count: int) -> None:
        if open_nodes:
            open_nodes[-1][1] += count

    event: Any  # the anchor is on some kinds of event only; the kind is told by name below
    try:
        for event in yaml.parse(text, Loader=loader):
            kind = type(event).__name__
            line = event.start_mark.line + 1 + line_offset if event.start_mark else None
            if kind in ("SequenceStartEvent", "MappingStartEvent"):
                depth += 1
                if depth > MAX_DEPTH:
                    raise fail(path, line, f"nested more than {MAX_DEPTH} levels deep",
                               "flatten the structure: no file of the project needs this depth")
                open_nodes.append([event.anchor, 1])
            elif kind in ("SequenceEndEvent", "MappingEndEvent"):
                depth -= 1
                anchor, count = open_nodes.pop()
                if anchor:
                    sizes[anchor] = count
                add(count)
            elif kind == "ScalarEvent":
                if event.anchor:
                    sizes[event.anchor] = 1
                add(1)
            elif kind == "AliasEvent":
                aliases += 1
                size = sizes.get(event.anchor, 1)
                expanded += size
                if aliases > MAX_ALIASES or expanded > MAX_ALIAS_NODES:
                    raise fail(path, line, f"too many YAML aliases (*{event.anchor}): at most {MAX_ALIASES}, "
                               f"standing for at most {MAX_ALIAS_NODES:,} values in all",
                               "write the values out instead of repeating an anchor (&name) by aliases (*name)")
                add(size)
    except yaml.YAMLError:
        return  # the parser that builds the document words the syntax error with its line


def json_depth(data: Any) -> int:
    """The nesting depth of loaded JSON (iteratively: no recursion however deep)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


def load_json(text: str, path: Path, fix: str) -> Any:
    """Parse JSON text; a syntax error, a document over :data:`MAX_BYTES` or nesting deeper than
    :data:`MAX_DEPTH` is a located error with ``fix``."""
    if len(text) > MAX_BYTES:
        raise too_big(path, len(text))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise fail(path, err.lineno, f"not valid JSON: {err.msg} (column {err.colno})", fix) from None
    except RecursionError:
        raise fail(path, None, f"nested more than {MAX_DEPTH} levels deep", fix) from None
    if flow_depth_bound(text) > MAX_DEPTH and json_depth(data) > MAX_DEPTH:
        raise fail(path, None, f"nested more than {MAX_DEPTH} levels deep", fix)
    return data
