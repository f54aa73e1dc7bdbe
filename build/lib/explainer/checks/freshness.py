"""Which translated sections are out of date with the source language, without needing git.

``translations.lock`` records, per translated page and section, the source-language text the
translation was last synced with (whitespace-normalised hash plus the text itself, so that the
change can be shown as a diff even in a tarball or a shallow clone). A change of the source text
that is more than whitespace makes the translated section outdated; editing only the translation
never does. ``make sync`` records the current source text after a translation was updated.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..core.diagnostics import Diagnostic, clip
from ..model.lock import Lock, fingerprint, normalize, source_units
from ..model.pages import Page
from ..model.sections import duplicate_ids, untitled


@dataclass(frozen=True)
class Outdated:
    """A translated unit whose source changed since it was synced."""

    page: str
    key: str
    kind: str  # "changed", "new" (no synced text yet) or "removed" (gone from the source)
    diff: str = ""


DIFF_WORDS = 12  # words shown of one removed or added passage (the first 8 and the last 3 beyond that)
DIFF_WORD_CHARS = 80  # characters shown of one word (a 1 MB line without spaces is one word)
DIFF_CHARS = 800  # characters of a whole diff, after which the remaining changes are counted, not shown


def _passage(words: list[str], start: str, end: str) -> str:
    """A removed (``[-…-]``) or added (``{+…+}``) passage, shortened with the count of what was left out."""
    shown = [clip(word, DIFF_WORD_CHARS) for word in (words if len(words) <= DIFF_WORDS else words[:8] + words[-3:])]
    if len(words) > DIFF_WORDS:
        shown[8:8] = [f"… ({len(words) - 11:,} more words left out) …"]
    return start + " ".join(shown) + end


def word_diff(old: str, new: str) -> str:
    """A word-level diff: ``[-removed-]{+added+}``, shortened to the changed passages; long passages
    and long diffs are cut, saying how much was left out."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    length = 0
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if length > DIFF_CHARS:
            left = sum(1 for code in opcodes[index:] if code[0] != "equal")
            if left:
                parts.append(f"… ({left:,} more change{'s' if left != 1 else ''} left out)")
            break
        if op == "equal":
            words = [clip(word, DIFF_WORD_CHARS) for word in a[i1:i2]]
            parts.append(" ".join(words) if len(words) <= 8 else " ".join(words[:3]) + " … " + " ".join(words[-3:]))
        else:
            if i2 > i1:
                parts.append(_passage(a[i1:i2], "[-", "-]"))
            if j2 > j1:
                parts.append(_passage(b[j1:j2], "{+", "+}"))
        length = sum(len(part) + 1 for part in parts)
    return " ".join(p for p in parts if p)


def outdated_units(source: Page, lang: str, lock: Lock) -> list[Outdated] | None:
    """The outdated units of ``source``'s translation into ``lang``; None if it was never synced."""
    synced = lock.synced(lang, source.rel)
    if synced is None:
        return None
    units = source_units(source)
    out = []
    for key, text in units.items():
        old = synced.get(key)
        if old is None:
            out.append(Outdated(source.rel, key, "new", _passage(normalize(text).split(), "{+", "+}")))
        elif old.get("hash") != fingerprint(text):
            out.append(Outdated(source.rel, key, "changed", word_diff(old.get("text", ""), normalize(text))))
    out += [Outdated(source.rel, key, "removed") for key in synced if key not in units]
    return out


def freshness_findings(source: Page, translation: Page, src_lang: str, lang: str, lock: Lock,
                       severity: str = "error") -> list[Diagnostic]:
    """One finding per outdated unit, located at the translated section, with the source diff."""
    sections = translation.sections
    if duplicate_ids(sections) or duplicate_ids(source.sections):
        return []  # reported by the parity check; sections cannot be matched by ID until it is fixed
    outdated = outdated_units(source, lang, lock)
    path = str(translation.path)
    if outdated is None:
        return [Diagnostic(path, 1, f"translation was never synced with docs/{src_lang}/{source.rel}",
                           f"when it is translated, run `make sync ARGS={lang}/{source.rel}`", severity)]
    lines = {s.key: s.line for s in sections}
    out = []
    for item in outdated:
        what = {"changed": "the source text changed since it was translated",
                "new": "the source has a new section", "removed": "the section was removed from the source"}[item.kind]
        # The translation by name: with several translated languages a bare page.md is refused.
        target = f"{lang}/{source.rel}" + ("" if item.kind == "removed" or untitled(item.key) else f"#{item.key}")
        fix = f"update the translation, then run `make sync ARGS={target}`"
        if untitled(item.key):  # no command can name a section without an ID: the page, once it has one
            fix = f"give the heading an ID in every language ({{#an-id}}), then run `make sync ARGS={target}`"
        out.append(Diagnostic(path, lines.get(item.key, 1), f"section #{clip(item.key, 100)} is out of date: {what}",
                              fix, severity, detail=item.diff))
    return out
