"""The 404 page: one page in every language of the site.

GitHub Pages answers every missing URL, ``/en/…`` included, with the one ``/404.html`` at the
root, so that page speaks every language (the default language first, each part marked with its
``lang``) and links each reader to their language's home page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from ..lang.l10n import language

@dataclass(frozen=True)
class Section:
    """The 404 message in one language."""

    lang: str
    heading: str
    text: str
    home_label: str
    home: str  # URL of the language's home page


@dataclass(frozen=True)
class NotFound:
    title: str
    sections: list[Section]


def not_found(languages: Sequence[str], default: str, base_url: str, site_name: str) -> NotFound:
    """The 404 page's title and one section per language with a text (default language first).

    ``base_url`` is the site root as the 404 page sees it (an absolute path such as ``/`` or
    ``/repo/``: the page is served at any depth)."""
    ordered = [default] + [lang for lang in languages if lang != default]
    sections = []
    for lang in ordered:
        words = language(lang)
        home = posixpath.join(base_url or "/", "" if lang == default else f"{lang}/")
        sections.append(Section(lang, words.text("not_found_heading"), words.text("not_found_text"),
                                words.text("not_found_home"), home))
    title = " · ".join(section.heading for section in sections)
    return NotFound(f"{title} – {site_name}" if site_name else title, sections)
