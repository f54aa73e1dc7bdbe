"""Structured data for every page (``<script type="application/ld+json">``), generated, never
taken from a page's content.

One schema.org ``Article`` (or the type the plugin's ``article_type`` option names, such as
``NewsArticle``) with the page's headline, description, language, URL, dates published and
modified, publisher and site (``isPartOf``), its twins in the other languages
(``translationOfWork`` on a translation, ``workTranslation`` on the original), and
``citation``: one ``CreativeWork`` per work the page cites, in the order of first use, with what
the library knows of it (name, URL, publisher, language, date published, archive copy) and
nothing else: an unknown field is left out.

:func:`script_json` serialises it so that no value can end the script element (``<``, ``>``,
``&`` and ``'`` are written as ``\\u`` escapes), whatever a title contains. A value with markup
that could run script (an opening ``<script>``, ``<iframe>`` … or an ``on…=`` handler: the strict
build refuses such a page or bibliography entry anyway) is left out rather than published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..checks.safety import DANGEROUS_TAGS
from ..model.library import Work

CONTEXT = "https://schema.org"
_UNSAFE = re.compile(r"<\s*(?:" + "|".join(DANGEROUS_TAGS) + r")\b|<[a-zA-Z][^>]*?\son[a-z]+\s*=", re.IGNORECASE)


def safe(value: str | None) -> str | None:
    """``value``, or None where it holds markup that could run script."""
    return None if value is None or _UNSAFE.search(value) else value


@dataclass(frozen=True)
class Twin:
    """The same page in another language."""

    lang: str
    url: str


def cited_work(work: Work) -> dict:
    """One cited work as a schema.org ``CreativeWork`` (known fields only)."""
    item: dict = {"@type": "CreativeWork"}
    name = safe(work.title or getattr(work, "name", None))
    fields = {"name": name, "url": work.url, "inLanguage": work.language,
              "datePublished": work.date.iso() if work.date else None, "archivedAt": work.archive_url}
    item.update({key: value for key, value in fields.items() if value})
    if safe(work.publisher):
        item["publisher"] = {"@type": "Organization", "name": work.publisher}
    return item


def article(*, article_type: str, url: str, lang: str, headline: str | None, description: str | None, published: str,
            modified: str, site_name: str, site_url: str, publisher: str, original: Twin | None,
            translations: Sequence[Twin], cited: Iterable[Work]) -> dict:
    """The page's JSON-LD object."""
    data: dict = {"@context": CONTEXT, "@type": article_type, "@id": url, "url": url}
    if headline:
        data["headline"] = headline
    data |= {"inLanguage": lang, "datePublished": published, "dateModified": modified,
                  "publisher": {"@type": "Organization", "name": publisher, "url": site_url},
                  "isPartOf": website(site_name, site_url, lang)}
    if description:
        data["description"] = description
    if original is not None:
        data["translationOfWork"] = {"@type": article_type, "@id": original.url, "url": original.url,
                                     "inLanguage": original.lang}
    if translations:
        data["workTranslation"] = [{"@type": article_type, "@id": twin.url, "url": twin.url, "inLanguage": twin.lang}
                                   for twin in translations]
    works = [cited_work(work) for work in dict.fromkeys(cited)]
    if works:
        data["citation"] = works
    return data


def website(name: str, url: str, lang: str, context: bool = False) -> dict:
    """The site in one language as a schema.org ``WebSite`` (with ``@context`` on its own)."""
    return ({"@context": CONTEXT} if context else {}) | {"@type": "WebSite", "name": name, "url": url, "inLanguage": lang}


def script_json(data: dict) -> str:
    """``data`` as JSON that is safe inside ``<script>`` (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("'", "\\u0027")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
