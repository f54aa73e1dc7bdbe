"""Glossary tooltips: a page's definition list becomes abbreviations on every page of its language.

The glossary page says so in its frontmatter (``glossary: true``). Each entry is one or more term
lines (spellings that should all get the tooltip) followed by ``:   definition``; the tooltip is
the definition's first sentence, without citations or Markdown. Further spellings that should get
the tooltip without being shown as headwords go in an attribute of the term line::

    Red Teaming { data-also="Red-Teamer; Red Teamern" }
    :   Das gezielte Testen eines Systems …

A page underlines a term once, where it first occurs; the glossary page itself, which shows every
definition, has no tooltips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.citations import CITATION_RE, mask_code

_DEFINITION = re.compile(r"^:[ \t]+(.*)$")
_ALSO = re.compile(r"\s*\{:?[^}]*\bdata-also=\"([^\"]*)\"[^}]*\}\s*$")
_ATTRS = re.compile(r"\s*\{:?[^}]*\}\s*$")
_ABBR = re.compile(r"<abbr title=\"([^\"]*)\">(.*?)</abbr>", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]|\{:[^}]*\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„“\"'])")


@dataclass(frozen=True)
class Term:
    """One glossary entry: the spellings it covers and its tooltip text."""

    spellings: tuple[str, ...]
    tooltip: str


def plain_text(markdown: str) -> str:
    """Markdown inline text as plain text: no citations, links reduced to their text, no markup."""
    text = CITATION_RE.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    return re.sub(r"\s+([.,;:])", r"\1", re.sub(r"\s+", " ", text)).strip()


def first_sentence(text: str) -> str:
    """The first sentence of ``text``."""
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def parse_glossary(markdown: str) -> list[Term]:
    """The definition-list entries of a glossary page, in order."""
    lines = mask_code(markdown).split("\n")
    terms: list[Term] = []
    index = 0
    while index < len(lines):
        match = _DEFINITION.match(lines[index])
        if not match:
            index += 1
            continue
        start = index - 1
        while start >= 0 and lines[start].strip() and not _DEFINITION.match(lines[start]):
            start -= 1
        spellings: list[str] = []
        for line in (line.strip() for line in lines[start + 1:index] if line.strip()):
            also = _ALSO.search(line)
            spellings.append(_ATTRS.sub("", line))
            if also:
                spellings += [s.strip() for s in also.group(1).split(";") if s.strip()]
        body = [match.group(1)]
        index += 1
        while index < len(lines) and lines[index].startswith(("    ", "\t")) and lines[index].strip():
            body.append(lines[index].strip())
            index += 1
        tooltip = first_sentence(plain_text(" ".join(body)))
        if spellings and tooltip:
            terms.append(Term(tuple(dict.fromkeys(spellings)), tooltip))
    return terms


def abbreviation_block(terms: list[Term]) -> str:
    """Python-Markdown ``abbr`` definitions for every spelling of every term."""
    lines = [f"*[{spelling}]: {term.tooltip}" for term in terms for spelling in term.spellings]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def first_abbreviations(html: str, keep: bool = True) -> str:
    """Every term's tooltip only where it first occurs in ``html`` (``keep=False``: nowhere)."""
    seen: set[str] = set()

    def once(match: re.Match[str]) -> str:
        if keep and match.group(1) not in seen:
            seen.add(match.group(1))
            return match.group(0)
        return match.group(2)

    return _ABBR.sub(once, html) if "<abbr" in html else html
