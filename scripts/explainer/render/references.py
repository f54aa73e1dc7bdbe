"""How a work is shown to readers: in a page's reference list, in tooltips, on the sources page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from html import escape
from urllib.parse import urlsplit

from babel.lists import format_list
from markdown.util import AtomicString

from ..lang.dates import PartialDate, format_partial_date
from ..lang.l10n import Words, language_name
from ..model.library import Library, Work
from .fragments import Fragment

EXTERNAL_REL = "noopener noreferrer"
# Where the archived copy is linked first, like Wikipedia's url-status: the original is gone (dead),
# unsuitable (unfit), taken over (usurped), or no longer says what was quoted (deviated: what
# `make linkcheck` reports as quote-changed).
ARCHIVE_FIRST = ("dead", "unfit", "usurped", "deviated")
_WAYBACK_STAMP = re.compile(r"^https?://web\.archive\.org/web/(\d{4})(\d{2})?(\d{2})?\d*[a-z_]*/", re.IGNORECASE)


def host_of(url: str | None) -> str:
    """The host of ``url`` without ``www.``."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


@lru_cache(maxsize=4096)
def short_label(work: Work, lang: str, words: Words | None = None) -> str:
    """A one-line name for the work (tooltips, cross references) in the project's ``words``: never a guessed title."""
    words = words or Words()
    who = work.publisher or host_of(work.url)
    what = work.title or work.name or words.text(lang, "page_at", host=host_of(work.url))
    label = f"{who}{words.text(lang, 'label_separator')}{what}" if who and who != what else what
    if work.date:
        label += f" ({format_partial_date(work.date, words.cldr_locale(lang))})"
    return label


def _link(parent: etree.Element, href: str | None, label: str, attrs: dict[str, str] | None = None) -> etree.Element:
    link = etree.SubElement(parent, "a", {"href": href or "", "rel": EXTERNAL_REL, **(attrs or {})})
    link.text = AtomicString(label)
    return link


def archive_first(work: Work) -> bool:
    """Whether the work's archived copy is linked before its original (see :data:`ARCHIVE_FIRST`)."""
    return work.url_status in ARCHIVE_FIRST and bool(work.archive_url)


def version_date(work: Work) -> PartialDate | None:
    """When the archived copy was made: ``archive_date``, or the date in a Wayback Machine URL."""
    if work.archive_date or not work.archive_url:
        return work.archive_date
    match = _WAYBACK_STAMP.match(work.archive_url)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern's year is not optional
    return PartialDate(year, month if month and 1 <= month <= 12 else None,
                       day if month and day and 1 <= day <= 31 else None)


def robust_link_attrs(work: Work, fragment: Fragment | None = None) -> dict[str, str]:
    """Robust Links (``data-versionurl``, ``data-versiondate``) for a link to the work's original,
    where an archived copy exists; the copy gets the same text fragment as the link."""
    if not work.archive_url:
        return {}
    attrs = {"data-versionurl": fragment.url(work.archive_url) if fragment else work.archive_url}
    if (when := version_date(work)) is not None:
        attrs["data-versiondate"] = when.iso()
    return attrs


def passage_link(work: Work, fragment: Fragment) -> tuple[str, dict[str, str]] | None:
    """Where a quote of ``work`` leads (its passage in the original, or in the archived copy when
    that is linked first) and the Robust Links attributes of that link; None when neither can
    show it (an original that is gone or changed, without an archived copy)."""
    if archive_first(work):
        return fragment.url(work.archive_url or ""), {}
    if work.url_status in ARCHIVE_FIRST or not work.url:
        return None
    return fragment.url(work.url), robust_link_attrs(work, fragment)


def _append_text(parent: etree.Element, value: str) -> None:
    """Append text after the last child (or as the element's text).

    Texts are atomic: data from YAML is never parsed as Markdown (or raw HTML) later on.
    """
    if len(parent):
        parent[-1].tail = AtomicString((parent[-1].tail or "") + value)
    else:
        parent.text = AtomicString((parent.text or "") + value)


def render_work(parent: etree.Element, work: Work, lang: str, library: Library | None = None,
                note_untitled: bool = True, words: Words | None = None) -> None:
    """Append the full citation of ``work`` to ``parent``, in the page's language.

    Publisher, title (linked; translated title in brackets when the work is in another
    language; without a verified title the full URL is the link text, so every link says where
    it goes), authors, date (marked when it was only read from the URL), the work's language when
    it differs, access date, archive copy. A live URL with an archived copy carries Robust Links
    attributes and has "archived <date>" beside it; a dead URL, or one whose text changed
    (``url_status: deviated``), with an archive links the archived copy first, like Wikipedia.
    ``note_untitled`` adds "title not verified" after a URL shown for a title (the sources page
    says it once for a whole group instead). ``words``: the project's (its overrides and locales).
    """
    words = words or Words()
    locale = words.cldr_locale(lang)
    dead = archive_first(work)
    primary = work.archive_url if dead else work.url
    robust = {} if dead else robust_link_attrs(work)
    who = work.publisher or host_of(work.url)
    if who:
        publisher = etree.SubElement(parent, "span", {"class": "publisher"})
        publisher.text = AtomicString(who)
        publisher.tail = AtomicString(words.text(lang, "label_separator"))  # French: "Oviedo : …" (narrow no-break space)
    if work.title:
        cite = etree.SubElement(_link(parent, primary, "", robust), "cite")
        cite.text = AtomicString(words.text(lang, "open_quote") + work.title + words.text(lang, "close_quote"))
        if work.trans_title and work.language and work.language != lang:
            _append_text(parent, f" [{work.trans_title}]")
    elif work.name:
        _link(parent, primary, work.name, robust)
    else:
        _link(parent, primary, primary or "", robust)
        if note_untitled:
            _append_text(parent, f" ({words.text(lang, 'title_unverified')})")
    if robust and work.archive_url:  # "archived" beside the live link
        when = version_date(work)
        _append_text(parent, " (")
        attrs = {"class": "archive-link", "data-originalurl": work.url or "",
                 **({"data-versiondate": when.iso()} if when else {})}
        _link(parent, work.archive_url, words.text(lang, "archived", date=format_partial_date(when, locale)) if when
              else words.text(lang, "archive_copy"), attrs)
        _append_text(parent, ")")
    if work.authors:
        _append_text(parent, " " + words.text(lang, "by_authors", authors=format_list(list(work.authors), locale=locale)))
    details = []
    if work.date:
        how = {"url": "date_from_url", "secondary": "date_secondary"}.get(work.verified_from.get("date", ""))
        details.append(format_partial_date(work.date, words.cldr_locale(lang)) + (f" ({words.text(lang, how)})" if how else ""))
    if work.language and work.language != lang:
        details.append(words.text(lang, "in_language", language=language_name(work.language, lang)))
    if work.accessed:
        key = "accessed" if work.accessed.day else "accessed_month" if work.accessed.month else "accessed_year"
        details.append(words.text(lang, key, date=format_partial_date(work.accessed, locale)))
    if library and work.same_as and (other := library.get(work.same_as)):
        details.append(words.text(lang, "same_as", other=other.publisher or host_of(other.url)))
    if details:
        _append_text(parent, ", " + ", ".join(details))
    _append_text(parent, ".")
    if dead and work.url_status == "deviated":
        # The original still answers, but no longer with the words quoted: it is linked as such.
        _append_text(parent, f" {words.text(lang, 'original_changed')}: ")
        _link(parent, work.url, host_of(work.url), robust_link_attrs(work))
        _append_text(parent, ".")
    elif dead:
        _append_text(parent, f" {words.text(lang, 'original_dead')}: ")
        _link(parent, work.url, host_of(work.url))
        _append_text(parent, ".")


def outdated_banner(lang: str, source_lang: str, original_href: str, words: Words | None = None) -> str:
    """A notice that a translation lags behind its original, linking to the original (HTML)."""
    words = words or Words()
    body = words.text(lang, "outdated_body", language=language_name(source_lang, lang))
    return (f'<div class="admonition warning translation-outdated" role="note"><p class="admonition-title">'
            f'{escape(words.text(lang, "outdated_title"))}</p><p>{escape(body)} '
            f'<a href="{escape(original_href)}" hreflang="{escape(source_lang)}">'
            f'{escape(words.text(lang, "outdated_link"))}</a></p></div>')
