"""Numbers on one page: written as the page's locale writes them, and found in what they cite.

- A decimal mark wrong for the locale before a unit, currency, percentage or scale word is a
  finding: French ``0.23 Hz`` (write ``0,23 Hz``), English ``2,5 million``.
- A number or date in a cited sentence must occur in the cited works, however the source writes it
  and in its own language (:func:`explainer.checks.numbers.scan_numbers` reads both sides):
  ``drei Stunden`` in the source supports ``three hours`` on the page; a publication date
  supports its year and month, and the addresses its bibliography lists their dates. A sentence is
  checked when every work it cites has its text in ``sources/``; a number the page works out
  itself (a sum, a difference, a conversion) carries :data:`~explainer.checks.numbers.DERIVED`
  right after it: ``zusammen 3{derived} Modelle``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.diagnostics import Diagnostic, clip
from ..lang.l10n import Words, language_name
from ..model.library import Library
from ..model.pages import Page
from .numbers import DERIVED, describe, number_format, scan_numbers, values_of, wrong_decimals
from .quotations import cited_sentences


def decimal_findings(page: Page, lang: str, words: Words | None = None) -> list[Diagnostic]:
    """Decimal marks on ``page`` that are wrong for language ``lang``'s locale (the project's ``words``)."""
    locale = (words or Words()).cldr_locale(lang)
    fmt = number_format(locale)
    out = []
    for written, offset in wrong_decimals(page.body, locale):
        right = written.replace("," if fmt.decimal == "." else ".", fmt.decimal)
        out.append(Diagnostic(str(page.path), page.body_line + page.body.count("\n", 0, offset),
                              f"{written}: {language_name(lang, 'en')} writes the decimal mark as "
                              f"{fmt.decimal!r}", f"write {right}"))
    return out


@lru_cache(maxsize=64)
def _work_values(text: str, lang: str, date: str) -> frozenset[str]:
    """Every number a stored text holds (as plain values), with the years and months of its dates
    and its publication date."""
    values: set[str] = set()
    for token, _, _ in scan_numbers(text, lang):
        values |= values_of(token)
    for value in [*values, date] if date else list(values):
        if len(value) >= 7 and value[4:5] == "-" and value[:4].isdigit():  # a date: its year and month too
            values |= {value, value[:4], value[:7]}
    return frozenset(values)


@lru_cache(maxsize=4096)  # a sentence that recurs (on a page, in its sections, in a long list) is read once
def _sentence_numbers(sentence: str, lang: str) -> tuple[tuple[str, int, int], ...]:
    """:func:`scan_numbers` of one cited sentence (a pure function of its arguments: the cache is never cleared)."""
    return tuple(scan_numbers(sentence, lang))


def unsupported_numbers(page: Page, lang: str, library: Library, words: Words | None = None) -> list[Diagnostic]:
    """Numbers and dates in cited sentences of ``page`` that none of the cited works holds."""
    words = words or Words()
    body = page.body
    masked, sentences = cited_sentences(page)
    locale = words.cldr_locale(lang)
    out = []
    for begin, end, cites in sentences:
        works = [library.works.get(c.id) for c in cites]
        if not cites or any(w is None or c.id not in library.articles for w, c in zip(works, cites, strict=True)):
            continue  # a work without stored text: nobody can check its numbers
        found = _sentence_numbers(masked[begin:end], locale)
        if not found:
            continue
        supported: set[str] = set()
        for cite, work in zip(cites, works, strict=True):
            article = library.articles[cite.id]
            listed = " ".join(re.sub(r"[/?=&_.:-]+", " ", u.url) for u in article.bibliography)  # "…/2024/11/26/…"
            supported |= _work_values(article.text + "\n\n" + listed,
                                      words.cldr_locale((work.language if work else None) or lang),
                                      article.date.isoformat() if article.date else "")
        for token, start, stop in found:
            if body.startswith(DERIVED, begin + stop) or values_of(token) <= supported:
                continue
            ids = ", ".join(c.id for c in cites)
            out.append(Diagnostic(str(page.path), page.body_line + body.count("\n", 0, begin + start),
                                  f"{clip(describe(token), 100)} is not in {ids}, which this sentence cites",
                                  f"cite the source that gives it, correct it, or write {DERIVED} right after a "
                                  "number this page works out itself"))
    return out


def figure_findings(page: Page, lang: str, library: Library, words: Words | None = None) -> list[Diagnostic]:
    """Decimal marks wrong for the locale and unsupported numbers of ``page`` (the project's ``words``)."""
    return decimal_findings(page, lang, words) + unsupported_numbers(page, lang, library, words)
