"""The site's citations for reference managers: the whole bibliography and every page's own.

``sources.json`` (CSL-JSON, what Zotero, pandoc and citeproc read) and ``sources.bib`` (BibLaTeX, in
the layout bibtexparser 2.x writes and reads) hold every work of the library; each page has its own
citation in files named after it, ``leak.bib``, ``leak.ris`` (RIS, written with rispy) and
``leak.json`` beside its ``index.html`` (``home.bib`` … for a language's home page). Only what the
library knows is written: a field that is not known is left out, never guessed. The bibliography
has no field for a work's kind, so every work is a web page (``webpage``, ``@online``, ``ELEC``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..model.bibformats import (
    BIBTEX_WORK_TYPE,
    CSL_WORK_TYPE,
    RIS_WORK_TYPE,
    bibtex_text,
    bibtex_url,
    date_parts,
    key_to_id,
    langid,
)
from ..model.library import Library, Work

SOURCES_JSON = "sources.json"
SOURCES_BIB = "sources.bib"
# Each page's citation files: (label, file extension, media type); named after the page (see
# :func:`explainer.plugin.outputs.cite_names`: ``leak.bib`` beside ``leak/index.html``).
CITE_FILES = (("BibTeX", "bib", "application/x-bibtex"), ("RIS", "ris", "application/x-research-info-systems"),
              ("CSL-JSON", "json", "application/vnd.citationstyles.csl+json"))
BIBLIOGRAPHY_FILES = (("CSL-JSON", SOURCES_JSON, "application/vnd.citationstyles.csl+json"),
                      ("BibTeX", SOURCES_BIB, "application/x-bibtex"))


def _name(work: Work) -> str | None:
    return work.title or getattr(work, "name", None)


def work_csl(work: Work) -> dict:
    """One work as a CSL-JSON item (CSL 1.0.2, which has no variable for a translated title):
    only the fields the library knows."""
    item: dict = {"id": work.id, "type": CSL_WORK_TYPE}
    if title := _name(work):
        item["title"] = title
    if work.publisher:
        item["container-title"] = work.publisher
    if work.authors:
        item["author"] = [{"literal": name} for name in work.authors]
    if work.date:
        item["issued"] = date_parts(work.date)
    if work.accessed:
        item["accessed"] = date_parts(work.accessed)
    if work.language:
        item["language"] = work.language
    if work.url:
        item["URL"] = work.url
    if work.archive_url:
        item["archive_location"] = work.archive_url
    return item


def sources_json(library: Library) -> str:
    """The whole bibliography as CSL-JSON, in the library's order."""
    items = [work_csl(work) for work in library.works.values()]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _bibtex(entries: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """BibLaTeX ``@online`` entries as bibtexparser 2.x writes them (values in braces, one field a
    line); written here, as the build needs no BibTeX parser (the tests read every file with one)."""
    blocks = []
    for key, fields in entries:
        body = ",\n".join(f"\t{name} = {{{value}}}" for name, value in fields)
        blocks.append(f"@{BIBTEX_WORK_TYPE}{{{key},\n{body}\n}}\n")
    return "\n".join(blocks)


def work_bibtex_fields(work: Work) -> list[tuple[str, str]]:
    """One work's BibLaTeX fields (``@online``), each value escaped for BibTeX."""
    fields = []
    if title := _name(work):
        fields.append(("title", bibtex_text(title)))
    if work.authors:
        fields.append(("author", " and ".join("{" + bibtex_text(name) + "}" for name in work.authors)))
    if work.publisher:
        fields.append(("organization", bibtex_text(work.publisher)))
    if work.date:
        fields.append(("date", work.date.iso()))
    if work.url:
        fields.append(("url", bibtex_url(work.url)))
    if work.accessed:
        fields.append(("urldate", work.accessed.iso()))
    if work.language and (name := langid(work.language)):
        fields.append(("langid", name))
    if work.archive_url:
        fields.append(("archiveurl", bibtex_url(work.archive_url)))
    if work.archive_date:
        fields.append(("archivedate", work.archive_date.iso()))
    return fields


def sources_bib(library: Library) -> str:
    """The whole bibliography as BibLaTeX."""
    return _bibtex([(work.id, work_bibtex_fields(work)) for work in library.works.values()])


# ------------------------------------------------------------------------------------- one page

@dataclass(frozen=True)
class PageCitation:
    """What a page's own citation says."""

    site: str
    title: str
    url: str
    lang: str
    published: dt.date
    updated: dt.date
    rel: str  # the page's file below its language folder
    locale: str = ""  # the locale it is written in (the plugin's ``locales``: en_GB), "" for the language's own

    @property
    def language(self) -> str:
        """The page's language as a BCP 47 tag, with its region where the project names one (``en-GB``)."""
        return (self.locale or self.lang).replace("_", "-")

    @property
    def key(self) -> str:
        """A citation key: the site's and the page's name, and the language."""
        stem = self.rel.removesuffix(".md").replace("/", "-")
        return key_to_id(f"{self.site}-{'home' if stem == 'index' else stem}-{self.lang}") or f"page-{self.lang}"


def page_csl(page: PageCitation) -> str:
    """The page as a one-item CSL-JSON list: issued is the last change (the version cited),
    ``available-date`` the first publication."""
    item = {"id": page.key, "type": "webpage", "title": page.title, "container-title": page.site,
            "issued": {"date-parts": [[page.updated.year, page.updated.month, page.updated.day]]},
            "available-date": {"date-parts": [[page.published.year, page.published.month, page.published.day]]},
            "URL": page.url, "language": page.language}
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def page_bibtex(page: PageCitation) -> str:
    """The page as a BibLaTeX ``@online`` entry (its date: the last change)."""
    fields = [("title", bibtex_text(page.title)), ("organization", bibtex_text(page.site)),
              ("date", page.updated.isoformat()), ("url", bibtex_url(page.url))]
    if name := langid(page.language):
        fields.append(("langid", name))
    return _bibtex([(page.key, fields)])


class _RisWriter:
    """rispy's writer without the record numbers it puts before each reference."""

    @staticmethod
    def dumps(references: list[dict]) -> str:
        import rispy

        class Writer(rispy.RisWriter):
            def set_header(self, count: int) -> str:
                return ""

        return rispy.dumps(references, implementation=Writer)


def page_ris(page: PageCitation) -> str:
    """The page as an RIS record (``ELEC``; ``DA`` the last change)."""
    return _RisWriter.dumps([{
        "type_of_reference": RIS_WORK_TYPE, "title": page.title, "secondary_title": page.site,
        "year": str(page.updated.year), "date": page.updated.strftime("%Y/%m/%d/"), "urls": [page.url],
        "language": page.language, "id": page.key}])


def page_files(page: PageCitation) -> dict[str, str]:
    """The page's citation files by extension (``bib``, ``ris``, ``json``; see :data:`CITE_FILES`)."""
    return {"bib": page_bibtex(page), "ris": page_ris(page), "json": page_csl(page)}
