"""Cleaning rules for raw articles, kept as data in ``sources/cleaning.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import fail
from ..core.yamlio import line_of, read_yaml

ACTIONS = ("drop_line", "drop_rest", "replace")
RULE_KEYS = ("pattern", "action", "with", "articles", "why")
TOP_KEYS = ("rules", "date_labels", "bibliography_labels", "join_lines")


@dataclass(frozen=True)
class Rule:
    """Remove a line (or the rest of the article) that matches ``pattern`` as a whole, or replace
    every match of ``pattern`` in a line with ``replacement`` (``\\1`` names a group)."""

    pattern: re.Pattern[str]
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
        try:
            pattern = re.compile(item["pattern"])
        except re.error as err:
            raise fail(path, line_of(item, "pattern"), f"invalid pattern {item['pattern']!r}: {err}",
                       "escape special characters such as . ? ( with a backslash") from None
        if action == "replace":
            try:
                pattern.sub(replacement, "")  # parses the template: unknown groups fail here
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
