"""An Atom feed per language (``/feed.xml``, ``/en/feed.xml``, …) of the pages' changes.

Each entry is a page of that language: new when it was published, again when its text changed in
substance (:mod:`explainer.model.history`), with its own title, summary (the page's description),
language and times. The newest change comes first; the feed's own time is that of its newest
entry, so the same pages and dates give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text as XML character data (characters XML 1.0 does not allow dropped)."""
    return _escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    """Text as a quoted XML attribute value."""
    return _quoteattr(_NOT_XML.sub("", text))


FEED_NAME = "feed.xml"
FEED_TYPE = "application/atom+xml"
FEED_SIZE = 50  # the most recent changes; a reader that follows the feed has the older ones


@dataclass(frozen=True)
class FeedEntry:
    """One page in a feed (times as RFC 3339 text in UTC)."""

    url: str
    title: str
    summary: str
    published: str
    updated: str


def atom_feed(*, lang: str, title: str, feed_url: str, home_url: str, author: str,
              entries: Sequence[FeedEntry]) -> str:
    """The feed's XML: entries newest first, at most :data:`FEED_SIZE`."""
    ordered = sorted(entries, key=lambda e: (e.updated, e.url), reverse=True)[:FEED_SIZE]
    updated = ordered[0].updated if ordered else "1970-01-01T00:00:00Z"
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
             f"  <id>{escape(feed_url)}</id>",
             f"  <title>{escape(title)}</title>",
             f"  <updated>{escape(updated)}</updated>",
             f'  <link rel="self" type="{FEED_TYPE}" href={quoteattr(feed_url)}/>',
             f'  <link rel="alternate" type="text/html" hreflang={quoteattr(lang)} href={quoteattr(home_url)}/>',
             f"  <author><name>{escape(author)}</name></author>"]
    for entry in ordered:
        lines += ["  <entry>",
                  f"    <id>{escape(entry.url)}</id>",
                  f"    <title>{escape(entry.title)}</title>",
                  f'    <link rel="alternate" type="text/html" href={quoteattr(entry.url)}/>',
                  f"    <published>{escape(entry.published)}</published>",
                  f"    <updated>{escape(entry.updated)}</updated>"]
        if entry.summary:
            lines.append(f"    <summary>{escape(entry.summary)}</summary>")
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
