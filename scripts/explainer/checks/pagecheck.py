"""The checks of one page and of one translation, shared by ``explainer check`` and the build,
and cached between runs by the content they read (:mod:`explainer.core.cache`).

A page's own findings (frontmatter, unsafe content, uncited blocks) depend on its text and path;
a translation's (parity, freshness) on its text, its original's text and what the lock records for
it. An unchanged page therefore costs a hash and a cache lookup, in a preview's rebuild and in the
build right after ``make check``.
"""

from __future__ import annotations

import json

from ..core.cache import Cache, content_key
from ..core.diagnostics import Diagnostic, display_path
from ..lang.l10n import Words
from ..model.lock import Lock
from ..model.pages import Page, frontmatter_problems
from .coverage import uncited_blocks
from .freshness import freshness_findings
from .parity import compare_pages, links_outside_docs
from .safety import unsafe_content


def page_findings(page: Page, cache: Cache | None = None, words: Words | None = None) -> list[Diagnostic]:
    """Frontmatter, unsafe content, citation coverage and paths that lead outside ``docs/`` of ``page``
    (cached under the project's ``words``, as before: the key of the findings is unchanged)."""
    def compute() -> list[Diagnostic]:
        return frontmatter_problems(page) + unsafe_content(page) + uncited_blocks(page) + links_outside_docs(page)

    if cache is None:
        return compute()
    return cache.remember("page", content_key("page", str(page.path), page.rel, page.source,
                                                      (words or Words()).fingerprint()),
                          compute)


def glossary_findings(pages: list[Page]) -> list[Diagnostic]:
    """A language with more than one page marked ``glossary: true``: one glossary gives the
    tooltips, so every further one is an error, located at its ``glossary:`` line."""
    marked = [page for page in pages if page.meta.get("glossary") is True]
    return [Diagnostic(str(page.path), page.meta_lines.get("glossary", 1),
                       f"a second page with glossary: true (the first is {display_path(marked[0].path)})",
                       "keep glossary: true on one page per language, and move these terms there")
            for page in marked[1:]]


def pair_findings(source: Page, translation: Page, src_lang: str, lang: str, lock: Lock,
                         cache: Cache | None = None, words: Words | None = None
                         ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Parity findings and outdated sections of ``translation`` (of ``source``), as two lists, read
    with the project's ``words``."""
    words = words or Words()

    def compute() -> tuple[list[Diagnostic], list[Diagnostic]]:
        return (compare_pages(source, translation, src_lang, lang, words),
                freshness_findings(source, translation, src_lang, lang, lock))

    if cache is None:
        return compute()
    synced = json.dumps(lock.synced(lang, source.rel), sort_keys=True, ensure_ascii=False)
    key = content_key("pair", src_lang, lang, str(source.path), str(translation.path), source.source,
                      translation.source, synced, words.fingerprint())
    return cache.remember("pair", key, compute)
