"""Cleaning rules for raw articles, kept as data in ``sources/cleaning.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import fail
from ..core.yamlio import line_of, read_yaml

ACTIONS = ("drop_line", "drop_rest")


@dataclass(frozen=True)
class Rule:
    """Remove a line (or the rest of the article) that matches ``pattern`` as a whole."""

    pattern: re.Pattern[str]
    action: str
    articles: tuple[str, ...] = ()
    why: str = ""

    def applies_to(self, article_id: str) -> bool:
        """Whether the rule is meant for this article."""
        return not self.articles or article_id in self.articles


@dataclass(frozen=True)
class CleaningRules:
    """All rules plus the labels that introduce dates and bibliographies."""

    rules: tuple[Rule, ...] = ()
    date_labels: tuple[str, ...] = ()
    bibliography_labels: tuple[str, ...] = ()
    unknown: list[str] = field(default_factory=list)


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
    for item in doc.get("rules") or []:
        line = line_of(item)
        if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
            raise fail(path, line, "rule without a 'pattern' string", 'add pattern: "regular expression"')
        action = item.get("action", "drop_line")
        if action not in ACTIONS:
            raise fail(path, line_of(item, "action"), f"unknown action '{action}'",
                       f"use one of: {', '.join(ACTIONS)}")
        try:
            pattern = re.compile(item["pattern"])
        except re.error as err:
            raise fail(path, line_of(item, "pattern"), f"invalid regular expression: {err}",
                       "escape special characters such as . ? ( with a backslash") from None
        articles = item.get("articles") or []
        if not isinstance(articles, list):
            raise fail(path, line_of(item, "articles"), "'articles' must be a list of ids", "write [id, id]")
        rules.append(Rule(pattern, action, tuple(str(a) for a in articles), str(item.get("why") or "")))
    return CleaningRules(tuple(rules), _str_list(doc, "date_labels", path),
                         _str_list(doc, "bibliography_labels", path))
