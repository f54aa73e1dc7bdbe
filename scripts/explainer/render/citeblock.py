"""The small block at the end of every page: when it last changed, and how to cite it.

"Last updated: December 3, 2026" ("Stand: 3. Dezember 2026") in the page's locale (CLDR); on a
translation whose original changed later, that the original was updated and when, with a link to
it; then "Cite this page", closed by default: the formatted reference (site, title, date published
and updated, URL, a place for the date of access) and the citation as BibTeX, RIS and CSL-JSON.
The HTML is generated, never taken from a page: every value is escaped here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..lang.dates import PartialDate, format_partial_date
from ..lang.l10n import Words, language_name


@dataclass(frozen=True)
class Download:
    """One file of the page's citation: its label, address (relative to the page) and media type."""

    label: str
    href: str
    media_type: str


@dataclass(frozen=True)
class Original:
    """The original of a translated page, where it changed after the translation."""

    lang: str
    updated: dt.date
    href: str


def local_date(day: dt.date, locale: str) -> str:
    """A day as the page's ``locale`` writes it (CLDR's long form)."""
    return format_partial_date(PartialDate(day.year, day.month, day.day), locale)


def _time(day: dt.date, locale: str) -> str:
    return f'<time datetime="{day.isoformat()}">{escape(local_date(day, locale))}</time>'


def reference_text(lang: str, site: str, title: str, published: dt.date, updated: dt.date, url: str,
                   words: Words | None = None) -> str:
    """The page's formatted reference as text (also the copy in the downloads' notes), in the project's ``words``."""
    words = words or Words()
    locale = words.cldr_locale(lang)
    dates = (words.text(lang, "cite_dates", published=local_date(published, locale)) if updated <= published else
             words.text(lang, "cite_dates_updated", published=local_date(published, locale),
                        updated=local_date(updated, locale)))
    quoted = words.text(lang, "open_quote") + title + words.text(lang, "close_quote")
    return words.text(lang, "cite_reference", site=site, title=quoted, dates=dates, url=url,
                accessed=words.text(lang, "cite_accessed"))


def page_end(lang: str, *, site: str, title: str, url: str, published: dt.date, updated: dt.date,
             downloads: Sequence[Download] = (), original: Original | None = None, words: Words | None = None) -> str:
    """The block's HTML, in the project's ``words``."""
    words = words or Words()
    locale = words.cldr_locale(lang)
    parts = ['<div class="explainer-page-end" data-search-exclude>',
             f'<p class="page-updated">{_with_time(words.text(lang, "last_updated", date="{date}"), updated, locale)}</p>']
    if original is not None:
        message = words.text(lang, "original_updated", language=language_name(original.lang, lang), date="{date}")
        parts.append(f'<p class="page-original-updated">{_with_time(message, original.updated, locale)} '
                     f'<a href="{escape(original.href)}" hreflang="{escape(original.lang)}">'
                     f'{escape(words.text(lang, "outdated_link"))}</a></p>')
    reference = escape(reference_text(lang, site, title, published, updated, "\0", words))
    reference = reference.replace("\0", f'<a href="{escape(url)}">{escape(url)}</a>')
    parts += ['<details class="cite-page">', f'<summary>{escape(words.text(lang, "cite_title"))}</summary>',
              f'<p class="cite-reference">{reference}</p>']
    if downloads:
        links = " · ".join(f'<a href="{escape(d.href)}" download type="{escape(d.media_type)}">{escape(d.label)}</a>'
                           for d in downloads)
        parts.append(f'<p class="cite-downloads">{escape(words.text(lang, "cite_downloads"))} {links}</p>')
    parts += ["</details>", "</div>"]
    return "\n".join(parts)


def _with_time(message: str, day: dt.date, locale: str) -> str:
    """``message`` escaped, with its ``{date}`` as a ``<time>`` element."""
    before, _, after = message.partition("{date}")
    return escape(before) + _time(day, locale) + escape(after)


def downloads_paragraph(lang: str, links: Sequence[Download], words: Words | None = None) -> str:
    """The sources page's links to the whole bibliography (CSL-JSON, BibTeX), as HTML."""
    words = words or Words()
    anchors = " · ".join(f'<a href="{escape(d.href)}" download type="{escape(d.media_type)}">{escape(d.label)}</a>'
                         for d in links)
    return f'<p class="bibliography-downloads">{escape(words.text(lang, "bibliography_downloads"))} {anchors}</p>'
