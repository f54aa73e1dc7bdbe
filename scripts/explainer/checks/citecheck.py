"""What can be wrong with one cited work: shared by the Markdown extension and ``make check``."""

from __future__ import annotations

from ..core.diagnostics import clip
from ..model.citations import Cite
from ..model.library import Library
from .quotes import find_quote

IDS_HINT = "ids are defined in sources/articles.yml and sources/bibliography.yml"


def cite_problems(cite: Cite, library: Library) -> list[tuple[str, str]]:
    """Problems with ``cite`` as ``(message, fix)`` pairs; empty when the cite is sound.

    An unknown id gets a "did you mean"; a quote must occur in the cited article's text,
    and a quote on a work whose text is not in ``sources/`` is an error.
    """
    work = library.get(cite.id)
    if work is None:
        hint = library.suggest(cite.id)
        return [(f"unknown citation id '{cite.id}'", (f"did you mean '{hint}'? " if hint else "") + IDS_HINT)]
    if cite.quote is None:
        return []
    article = library.articles.get(cite.id)
    if article is None:
        return [(f"quote on '{cite.id}', whose text is not in sources/",
                 "cite it without a quote, or add the article's text to sources/articles.yml")]
    result = find_quote(cite.quote, article.text, work.language)
    if result.found:
        return []
    return [(f'quote not found in {cite.id}: "{clip(cite.quote, 300)}"', f'closest passage: "{clip(result.passage, 300)}"')]
