"""Words the generator puts on pages, per language. A language not listed falls back to English."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "references": "Quellen",
        "summary": "Kurz gesagt",
        "cite_label": "Quelle {n}",
        "backlink_label": "Zurück zur Textstelle {n}",
        "quote": "Zitat",
        "open_quote": "„",
        "close_quote": "“",
        "page_at": "Seite auf {host}",
        "title_unverified": "Titel nicht geprüft",
        "in_language": "auf {language}",
        "accessed": "abgerufen am {date}",
        "archived": "archiviert am {date}",
        "archive_copy": "Archivkopie",
        "original": "Original",
        "original_dead": "Original nicht mehr erreichbar",
        "same_as": "dieselbe Meldung wie {other}",
        "group_article": "Die Quellartikel",
        "group_listed": "Von den Quellartikeln aufgeführte Werke",
        "group_further": "Weitere Quellen",
        "cited_on": "Zitiert auf",
        "listed_by": ("Aufgeführt in {article}; auf dieser Website nicht für Aussagen zitiert, "
                      "weil sein Text nicht geprüft wurde."),
        "not_cited": "Auf dieser Website nicht zitiert.",
        "outdated_title": "Übersetzung nicht aktuell",
        "outdated_body": "Das Original dieser Seite ({language}) wurde geändert, seit sie übersetzt wurde.",
        "outdated_link": "Zum Original",
    },
    "en": {
        "references": "Sources",
        "summary": "In brief",
        "cite_label": "Source {n}",
        "backlink_label": "Back to citation {n}",
        "quote": "Quote",
        "open_quote": "“",
        "close_quote": "”",
        "page_at": "Page on {host}",
        "title_unverified": "title not verified",
        "in_language": "in {language}",
        "accessed": "accessed {date}",
        "archived": "archived {date}",
        "archive_copy": "archived copy",
        "original": "original",
        "original_dead": "original no longer available",
        "same_as": "same report as {other}",
        "group_article": "The source articles",
        "group_listed": "Works the source articles list",
        "group_further": "Further sources",
        "cited_on": "Cited on",
        "listed_by": "Listed by {article}; not cited for any statement on this site, because its text was not checked.",
        "not_cited": "Not cited on this site.",
        "outdated_title": "Translation out of date",
        "outdated_body": "The original of this page ({language}) has changed since it was translated.",
        "outdated_link": "Read the original",
    },
}


def text(lang: str, key: str, **values: str | int) -> str:
    """The string ``key`` in ``lang`` with ``values`` filled in."""
    table = STRINGS.get(lang, STRINGS["en"])
    return table.get(key, STRINGS["en"][key]).format(**values)


@lru_cache(maxsize=64)
def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in language ``lang`` ("en" in "de" → "Englisch")."""
    try:
        return Locale.parse(lang).languages.get(code.split("-")[0], code)
    except (UnknownLocaleError, ValueError):
        return code
