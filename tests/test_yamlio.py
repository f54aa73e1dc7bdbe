"""read_yaml (libyaml, fast) gives the values, lines and messages of load_yaml (ruamel.yaml)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

from explainer.core.diagnostics import ExplainerError
from explainer.core.yamlio import line_of, load_yaml, read_yaml

SCALARS = """a: no
b: yes
c: on
d: 0123
e: 0o17
f: 0x1F
g: 1_000
h: 1.5
i: .inf
j: -.Inf
k: .nan
l: ~
m:
n: 2024-11-26
o: 2024-11
p: '2024'
q: 2024
r: 1e5
s: True
t: "x"
u: |
  block
v: [1, two, 3.0]
w: {y: z}
x: 2024-1-5
y: -0.5
"""


def _plain(value: Any) -> Any:
    """Values without ruamel.yaml's subclasses, and where each mapping, list and key is."""
    if isinstance(value, dict):
        return {str(k): (line_of(value, k), _plain(v)) for k, v in value.items()} | {"@": line_of(value)}
    if isinstance(value, list):
        return [line_of(value)] + [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    for kind in (bool, int, float, str, dt.date, type(None)):
        if isinstance(value, kind):
            return kind.__name__, value
    raise AssertionError(value)


@pytest.mark.parametrize("text", [
    SCALARS,
    "entries:\n  - id: a\n    url: https://x\n\n  - id: b\n    listed_in: [m, n]\n",
    "key: value # comment\n# c\nother: 'q: r'\n",
    "a: &x 1\nb: *x\n",
    "a:\n  - 1\n  -\n    b: 2\n",
    "\ufeffa: 1\n",
    "",
    "# only a comment\n",
    "a: !!str 12\n",            # tags: left to ruamel.yaml
    "title: Hallo !\n",
    "a: 2024-01-01 10:00:00\n",
], ids=["scalars", "entries", "comments-and-quotes", "anchor", "nested", "bom", "empty", "comment-only", "tag",
        "exclamation-mark", "timestamp"])
def test_same_values_and_lines(tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.yml"
    path.write_text(text, encoding="utf-8")
    fast, slow = read_yaml(path), load_yaml(path)
    if isinstance(slow, dict) and any(type(v).__name__ == "TaggedScalar" for v in slow.values()):
        assert str(fast) == str(slow)
    else:
        assert _plain(fast) == _plain(slow)


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: b: c\n", "x: [1, 2\n", "a:\n\t- 1\n"],
                         ids=["duplicate-key", "colon-in-plain-value", "unclosed-bracket", "tab"])
def test_same_located_message(tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.yml"
    path.write_text(text, encoding="utf-8")
    messages = []
    for reader in (read_yaml, load_yaml):
        with pytest.raises(ExplainerError) as caught:
            reader(path)
        messages.append([str(d) for d in caught.value.diagnostics])
    assert messages[0] == messages[1] and messages[0][0].startswith(f"{path}:")
