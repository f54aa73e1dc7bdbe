"""Quotations in running text: words in quotation marks inside a cited sentence are the cited
work's words, checked like quote locators (``[@id, "…"]``).

A sentence ``… nannte es „einen schwarzen Tag“ [@bericht].`` passes only if "einen schwarzen
Tag" is in the text of ``bericht`` (compared as :func:`explainer.checks.quotes.find_quote`
compares). The marks are those of the page's language and of the cited works' languages
(:data:`DELIMITERS`, CLDR's quotation delimiters; the page language's own pair from its data file
first). A quotation is accepted when

- it is in the text of one of the works its sentence cites (the sentence: from the previous
  citation or the paragraph's start up to the citation), or
- it is a translation: the page is in another language than the cited work, and the citation
  gives the original as quote locator (``“a black day” [@bericht, "einen schwarzen Tag"]``), or
  it stands in parentheses right after the original (``„Mittlerweile“ (“by now”)``), or
- it is marked as no quotation with :data:`TERM` right after its closing mark
  (``„Wasserschaden“{term}``: a name, a term, scare quotes, a label of the page's own); the build
  removes the mark.

Anything else is a located finding. Quotations in code, link targets and citations are not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.diagnostics import Diagnostic, ExplainerError, clip
from ..lang.l10n import Words
from ..model.citations import CITATION_RE, Cite, mask_code, parse_citation
from ..model.library import Library
from ..model.pages import Page
from .quotes import find_quote

TERM = "{term}"  # after a quotation: quotation marks around no quotation of the source (a name, a term, scare quotes)
MARKS_RE = re.compile(r"\{(?:term|derived)\}")  # what the build removes: this mark and the numbers' {derived}

# CLDR's quotation delimiters (quotationStart/End, alternateQuotationStart/End) of the languages
# the generator ships or that a contributor is likely to add. Babel does not carry them.
DELIMITERS: dict[str, tuple[tuple[str, str], ...]] = {
    "de": (("„", "“"), ("‚", "‘")),
    "de-CH": (("«", "»"), ("‹", "›")),
    "en": (("“", "”"), ("‘", "’")),
    "fr": (("«", "»"), ("“", "”")),
    "es": (("«", "»"), ("“", "”")),
    "it": (("«", "»"), ("“", "”")),
    "pt": (("“", "”"), ("‘", "’")),
    "nl": (("‘", "’"), ("“", "”")),
    "pl": (("„", "”"), ("«", "»")),
    "cs": (("„", "“"), ("‚", "‘")),
    "da": (("“", "”"), ("‘", "’")),
    "sv": (("”", "”"), ("’", "’")),
    "ru": (("«", "»"), ("„", "“")),
    "ja": (("「", "」"), ("『", "』")),
    "zh": (("“", "”"), ("‘", "’")),
}
_APOSTROPHE = "’"  # a closing mark that is also the apostrophe ("users’", "it’s") opens no quotation
# Where a sentence ends without a full stop: a paragraph break, a table row, a list item, a definition.
_PARAGRAPH = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:\||[-*+][ \t]|\d+[.)][ \t]|:[ \t]))")
_NOT_TEXT = re.compile(r"\]\([^)]*\)|https?://\S+|\{[:#][^}]*\}|<[^>]+>")


def quotation_marks(lang: str, words: Words | None = None) -> tuple[tuple[str, str], ...]:
    """The quotation marks of language ``lang``: its words' pair (the project's ``words``), then
    CLDR's (:data:`DELIMITERS`)."""
    pairs: list[tuple[str, str]] = []
    words = words or Words()
    try:
        own = (words.text(lang, "open_quote").strip(), words.text(lang, "close_quote").strip())
    except (ExplainerError, KeyError):  # a language without data: CLDR's marks alone
        own = ("", "")
    if all(own):
        pairs.append(own)
    base = lang.replace("_", "-")
    for pair in DELIMITERS.get(base, DELIMITERS.get(base.split("-")[0], ())):
        if pair not in pairs and pair[1] != _APOSTROPHE:
            pairs.append(pair)
    return tuple(pairs)


@lru_cache(maxsize=64)
def _pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    if not pairs:
        return None
    options = [re.escape(o) + "([^" + re.escape(o + c) + "\n]{1,400}?)" + re.escape(c) for o, c in pairs]
    return re.compile("|".join(f"(?:{option})" for option in options))


@dataclass(frozen=True)
class Quotation:
    """Words in quotation marks in a cited sentence, and what the sentence cites."""

    words: str
    line: int
    start: int  # in the page's body
    end: int
    cites: tuple[Cite, ...]
    term: bool  # marked with TERM


def cited_sentences(page: Page) -> tuple[str, list[tuple[int, int, tuple[Cite, ...]]]]:
    """The page's body with code, link targets, URLs and attribute lists blanked out (offsets kept),
    and each cited sentence in it as ``(start, end, cites)``: from the previous citation, or the
    start of the paragraph, table row, list item or definition, up to its citation."""
    masked, sentences = _sentences_of(page.body)
    return masked, list(sentences)


@lru_cache(maxsize=2)  # the quotation and the figure checks read a page's sentences one after the other (a big page: MBs)
def _sentences_of(body: str) -> tuple[str, tuple[tuple[int, int, tuple[Cite, ...]], ...]]:
    """:func:`cited_sentences` of a page's body (a pure function of it: the cache is never cleared)."""
    masked = _NOT_TEXT.sub(lambda m: " " * len(m.group(0)), mask_code(body))
    out = []
    start = 0
    for citation in CITATION_RE.finditer(masked):
        begin = max(start, *(m.end() for m in _PARAGRAPH.finditer(masked, start, citation.start())), 0)
        start = citation.end()
        try:
            cites = parse_citation(citation.group(1))
        except ValueError:
            continue  # the citation check reports it
        out.append((begin, citation.start(), cites))
    return masked, tuple(out)


def quotations(page: Page, pairs: tuple[tuple[str, str], ...]) -> list[Quotation]:
    """Every quotation in ``pairs`` of marks inside a cited sentence of ``page``, in order."""
    body = page.body
    out: list[Quotation] = []
    pattern = _pattern(pairs)
    if pattern is None:
        return out
    masked, sentences = cited_sentences(page)
    for begin, finish, cites in sentences:
        taken = -1
        for match in pattern.finditer(masked, begin, finish):
            if match.start() < taken:
                continue
            taken = match.end()
            words = next(g for g in match.groups() if g is not None)
            term = masked.startswith(TERM, match.end())
            out.append(Quotation(" ".join(words.split()), page.body_line + body.count("\n", 0, match.start()),
                                 match.start(), match.end(), cites, term))
    return out


def _translation_of_previous(body: str, quotation: Quotation, previous: Quotation | None) -> bool:
    """``„Mittlerweile“ (“by now”)``: the quotation is in parentheses right after another one."""
    return previous is not None and body[previous.end:quotation.start].strip() == "(" \
        and body[quotation.end:quotation.end + 1] == ")"


def quotation_findings(page: Page, lang: str, library: Library, words: Words | None = None) -> list[Diagnostic]:
    """Quotations in cited sentences of ``page`` (in language ``lang``) that the cited works do not
    support; see the module's docstring for what supports one. ``words``: the project's (its quotation marks)."""
    cited_langs = {library.works[c.id].language for cit in page.citations for c in cit.cites
                   if c.id in library.works and library.works[c.id].language}
    pairs: list[tuple[str, str]] = list(quotation_marks(lang, words))
    for other in sorted(lang_ for lang_ in cited_langs if lang_ and lang_ != lang):
        pairs += [p for p in quotation_marks(other, words) if p not in pairs]
    out: list[Diagnostic] = []
    previous: Quotation | None = None
    for quotation in quotations(page, tuple(pairs)):
        accepted, problem = _judge(quotation, lang, library)
        if not accepted and not quotation.term and _translation_of_previous(page.body, quotation, previous):
            accepted = True
        if not accepted and not quotation.term:
            message, fix = problem
            out.append(Diagnostic(str(page.path), quotation.line, message, fix))
        previous = quotation
    return out


def _judge(quotation: Quotation, lang: str, library: Library) -> tuple[bool, tuple[str, str]]:
    """Whether the quotation is supported, and the finding (message, fix) when it is not."""
    words = quotation.words
    shown = clip(words, 200)
    with_text = [c for c in quotation.cites if c.id in library.articles]
    term_hint = f"if they quote no source (a name, a term, scare quotes), write {TERM} right after the closing mark"
    if not with_text:
        ids = ", ".join(c.id for c in quotation.cites)
        return False, (f"quotation “{shown}” cites only works whose text is not in sources/ ({ids}), so it cannot be "
                       "checked", f"cite a source article that has these words, or {term_hint}")
    closest = ""
    for cite in with_text:
        work = library.works.get(cite.id)
        work_lang = work.language if work else None
        result = find_quote(words, library.articles[cite.id].text, work_lang)
        if result.found:
            return True, ("", "")
        if work_lang and work_lang.split("-")[0] != lang.split("-")[0] and cite.quote:
            return True, ("", "")  # a translation of the verified quote locator
        closest = closest or result.passage
    ids = ", ".join(c.id for c in with_text)
    translated = [c.id for c in with_text if (w := library.works.get(c.id)) and w.language
                  and w.language.split("-")[0] != lang.split("-")[0]]
    if translated:
        return False, (f"quotation “{shown}” is not in {ids} (a translation needs the original words as quote locator)",
                       f'write the original as locator, [@{translated[0]}, "…"], or {term_hint}')
    return False, (f"quotation “{shown}” is not in {ids}",
                   f'quote the words as the source has them (closest passage: "{clip(closest, 200)}"), or {term_hint}')


def strip_marks(markdown: str) -> str:
    """``markdown`` without the ``{term}`` and ``{derived}`` marks outside code (for rendering; lines are kept)."""
    if "{term}" not in markdown and "{derived}" not in markdown:
        return markdown
    masked = mask_code(markdown)
    pieces, done = [], 0
    for match in MARKS_RE.finditer(masked):
        pieces += [markdown[done:match.start()]]
        done = match.end()
    return "".join(pieces) + markdown[done:]
