"""The sources page: a line ``::: bibliography`` becomes every work, grouped, with citing pages.

Groups: the texts the site is based on, the works they list, further sources. Each work shows
its full citation and links to the pages of the same language that cite it, in the order of the
navigation. The group of listed works says once that their texts were not checked; a listed work
that no page cites says where it is listed instead of pretending to support a statement. Above
the groups, where the build gives them (``downloads``), links to the whole bibliography as CSL-JSON
and BibTeX.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString

from ..lang.l10n import Words
from ..model.library import Library
from ..model.pages import SiteIndex, relative_link
from .citeblock import downloads_paragraph
from .references import render_work

DIRECTIVE_RE = re.compile(r"^:::[ \t]*bibliography[ \t]*$")
GROUPS = (("article", "source-articles", "group_article"),
          ("listed", "listed-works", "group_listed"),
          ("further", "further-sources", "group_further"))


class BibliographyBlockProcessor(BlockProcessor):
    """Replace the directive paragraph with the grouped list of works."""

    def __init__(self, parser, ext: BibliographyExtension) -> None:
        super().__init__(parser)
        self.ext = ext

    def test(self, parent, block) -> bool:
        return bool(DIRECTIVE_RE.match(block.strip()))

    def run(self, parent, blocks) -> None:
        blocks.pop(0)
        lang = self.ext.getConfig("lang")
        words = self.ext.words
        library: Library = self.ext.getConfig("library")
        index: SiteIndex = self.ext.getConfig("site_index")
        page: str = self.ext.getConfig("page")
        order = {rel: number for number, rel in enumerate(self.ext.getConfig("page_order"))}
        downloads = self.ext.getConfig("downloads")
        if downloads:  # raw HTML: links to files of the built site, not to pages MkDocs would check
            placeholder = self.parser.md.htmlStash.store(downloads_paragraph(lang, downloads, words))
            etree.SubElement(parent, "p").text = placeholder
        for kind, group_id, label in GROUPS:
            works = [w for w in library.works.values() if w.kind == kind]
            if not works:
                continue
            heading = etree.SubElement(parent, "h2", {"id": group_id})
            heading.text = AtomicString(words.text(lang, label))
            if kind == "listed":
                caveat = etree.SubElement(parent, "p", {"class": "bibliography-caveat"})
                caveat.text = AtomicString(words.text(lang, "listed_caveat"))
            listing = etree.SubElement(parent, "ul", {"class": "bibliography"})
            for work in works:
                item = etree.SubElement(listing, "li", {"id": work.id})
                render_work(item, work, lang, library, note_untitled=kind != "listed", words=words)
                citing = sorted(index.citing(work.id), key=lambda cited: (order.get(cited.rel, len(order)), cited.rel))
                note = etree.SubElement(item, "span", {"class": "bibliography-use"})
                if citing:
                    note.text = AtomicString(f" {words.text(lang, 'cited_on')}: ")
                    for number, cited_page in enumerate(citing):
                        link = etree.SubElement(note, "a", {"href": relative_link(page, cited_page.rel)})
                        link.text = AtomicString(cited_page.title)
                        link.tail = AtomicString(", " if number < len(citing) - 1 else ".")
                elif work.listed_in:
                    names = ", ".join(library.works[a].publisher or a for a in work.listed_in)
                    note.text = AtomicString(" " + words.text(lang, "listed_note", article=names))
                else:
                    note.text = AtomicString(" " + words.text(lang, "not_cited"))


class BibliographyExtension(Extension):
    """The ``::: bibliography`` directive for a generated sources page."""

    def __init__(self, **kwargs) -> None:
        self.config = {
            "library": [Library(), "The citable works (explainer.library.Library)."],
            "lang": ["en", "Language of the page."],
            "site_index": [SiteIndex(), "Which pages of this language cite which work."],
            "page": ["sources.md", "Path of the current page below its language folder, for relative links."],
            "page_order": [[], "Page files in the order of the navigation: citing pages are listed in it."],
            "downloads": [[], "Links to the whole bibliography for reference managers (render.citeblock.Download)."],
            "words": ["", "The project's words (explainer.lang.l10n.Words); default: the words as shipped."],
        }
        super().__init__(**kwargs)
        self._shipped = Words()

    @property
    def words(self) -> Words:
        """The project's words (the ``words`` setting), else the words as shipped."""
        return self.getConfig("words") or self._shipped

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown API
        """Register the block processor ahead of paragraphs."""
        md.registerExtension(self)
        md.parser.blockprocessors.register(BibliographyBlockProcessor(md.parser, self), "bibliography", 95)


def makeExtension(**kwargs) -> BibliographyExtension:  # noqa: N802 - Python-Markdown API
    """Entry point for ``markdown.Markdown(extensions=[...])``."""
    return BibliographyExtension(**kwargs)
