"""Cleaning rules for raw articles, kept as data in ``sources/cleaning.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re2

from ..core.diagnostics import clip, fail
from ..core.yamlio import line_of, read_yaml

RULE_MEMORY = 8 << 20  # bytes RE2 may use for one rule's program: {1000} of a large group exceeds it

ACTIONS = ("drop_line", "drop_rest", "replace")
RULE_KEYS = ("pattern", "action", "with", "articles", "why")
TOP_KEYS = ("rules", "date_labels", "bibliography_labels", "join_lines")


@dataclass(frozen=True)
class Rule:
    """Remove a line (or the rest of the article) that matches ``pattern`` as a whole, or replace
    every match of ``pattern`` in a line with ``replacement`` (``\\1`` names a group)."""

    pattern: Any  # compiled by RE2 (re2._Regexp): fullmatch, sub as re's
    action: str
    articles: tuple[str, ...] = ()
    why: str = ""
    replacement: str = ""

    def applies_to(self, article_id: str) -> bool:
        """Whether the rule is meant for this article."""
        return not self.articles or article_id in self.articles


@dataclass(frozen=True)
class CleaningRules:
    """All rules plus the labels that introduce dates and bibliographies."""

    rules: tuple[Rule, ...] = ()
    date_labels: tuple[str, ...] = ()
    bibliography_labels: tuple[str, ...] = ()
    join_lines: bool | tuple[str, ...] = False  # True, or the ids of the hard-wrapped articles
    unknown: list[str] = field(default_factory=list)

    def joins(self, article_id: str) -> bool:
        """Whether the article's lines are joined into paragraphs (blank lines separate them)."""
        return self.join_lines is True or (isinstance(self.join_lines, tuple) and article_id in self.join_lines)


def _str_list(doc: dict, key: str, path: Path) -> tuple[str, ...]:
    value = doc.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(path, line_of(doc, key), f"'{key}' must be a list of strings",
                   f'write it as {key}: ["Label:"]')
    return tuple(value)


def _re2_options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # RE2 would print its own copy of the error to stderr
    options.max_mem = RULE_MEMORY
    return options


def compile_rule(pattern: str, path: Path, line: int | None) -> Any:
    """A cleaning rule's pattern compiled by RE2, which matches in time linear in the line (no
    backtracking: ``(a+)+$`` cannot hang an ingest). A pattern RE2 cannot compile, or whose
    repetitions make it larger than :data:`RULE_MEMORY`, is a located error naming the rule."""
    try:
        return re2.compile(pattern, _re2_options())
    except re2.error as err:
        reason = err.args[0].decode("utf-8", "replace") if err.args and isinstance(err.args[0], bytes) else str(err)
        if "repetition" in reason or "too large" in reason or "memory" in reason:
            fix = "repeat at most 1,000 times ({1,1000}) and keep the pattern small"
        elif "escape" in reason or "perl operator" in reason:
            fix = ("cleaning rules use RE2 syntax: no back-references (\\1) or look-arounds ((?=, (?<=); "
                   "escape special characters such as . ? ( with a backslash")
        else:
            fix = "escape special characters such as . ? ( with a backslash"
        raise fail(path, line, f"invalid pattern {clip(pattern)!r}: {reason}", fix) from None


def _template_check(pattern: Any) -> re.Pattern[str]:
    """A Python pattern with the groups (and group names) of ``pattern``, to parse a replacement
    template the way ``sub`` reads it, before any text is cleaned."""
    names = {number: name for name, number in pattern.groupindex.items()}
    return re.compile("".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, pattern.groups + 1)))


def load_rules(path: Path) -> CleaningRules:
    """Load and validate ``cleaning.yml``; a missing file means no rules."""
    if not path.exists():
        return CleaningRules()
    doc = read_yaml(path)
    if doc is None:  # empty, or comments only: ingesting with it would drop every rule
        raise fail(path, 1, "no 'rules:' in the file",
                   "write 'rules:' with the cleaning rules, or 'rules: []' for none; delete the file if there are none")
    if not isinstance(doc, dict):
        raise fail(path, 1, "expected a mapping with 'rules', 'date_labels', 'bibliography_labels'",
                   "see the comment at the top of the file")
    rules = []
    if not isinstance(doc.get("rules") or [], list):
        raise fail(path, line_of(doc, "rules"), "'rules' must be a list", "write each rule as '- pattern: …'")
    for item in doc.get("rules") or []:
        line = line_of(item)
        if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
            raise fail(path, line, "rule without a 'pattern' string", 'add pattern: "regular expression"')
        unknown = [key for key in item if key not in RULE_KEYS]
        if unknown:
            raise fail(path, line_of(item, unknown[0]), f"unknown key '{unknown[0]}' in a rule",
                       f"known keys: {', '.join(RULE_KEYS)}")
        action = item.get("action", "replace" if "with" in item else "drop_line")
        if action not in ACTIONS:
            raise fail(path, line_of(item, "action"), f"unknown action '{action}'",
                       f"use one of: {', '.join(ACTIONS)}")
        replacement = item.get("with")
        if action == "replace" and not isinstance(replacement, str):
            raise fail(path, line, "a replace rule needs 'with': the text that replaces each match",
                       'add with: "" to delete what the pattern matches, or with: "\\1" to keep its first group')
        if action != "replace" and replacement is not None:
            raise fail(path, line_of(item, "with"), f"'with' belongs to replace rules, not to {action}",
                       "remove 'with', or set action: replace")
        pattern = compile_rule(item["pattern"], path, line_of(item, "pattern") or line)
        if action == "replace":
            assert isinstance(replacement, str)  # checked above
            try:
                _template_check(pattern).sub(replacement, "")  # parses the template: unknown groups fail here
            except (re.error, IndexError) as err:
                raise fail(path, line_of(item, "with"), f"invalid replacement {replacement!r}: {err}",
                           "refer only to groups the pattern has: \\1, \\2 … (write \\\\ for a backslash)") from None
        articles = item.get("articles") or []
        if not isinstance(articles, list):
            raise fail(path, line_of(item, "articles"), "'articles' must be a list of ids", "write [id, id]")
        rules.append(Rule(pattern, action, tuple(str(a) for a in articles), str(item.get("why") or ""),
                          replacement or ""))
    join = doc.get("join_lines", False)
    if isinstance(join, list) and all(isinstance(v, str) for v in join):
        join = tuple(join)
    elif not isinstance(join, bool):
        raise fail(path, line_of(doc, "join_lines"), "'join_lines' must be true, false or a list of article ids",
                   "write join_lines: true for hard-wrapped texts (blank lines separate paragraphs)")
    unknown = [key for key in doc if key not in TOP_KEYS]
    if unknown:
        raise fail(path, line_of(doc, unknown[0]), f"unknown key '{unknown[0]}'", f"known keys: {', '.join(TOP_KEYS)}")
    return CleaningRules(tuple(rules), _str_list(doc, "date_labels", path),
                         _str_list(doc, "bibliography_labels", path), join)
