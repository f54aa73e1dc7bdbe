"""Citations: ``[@id]``, ``[@a; @b]``, ``[@id, "exact words"]`` → numbered, linked references.

Each page gets superscript numbers in order of first use, linking to a reference list appended
under a localised heading, with back links to every use and a tooltip naming the work. Quote
locators are checked against the cited article's text. Problems go to ``report`` as
``path:line`` diagnostics (the MkDocs glue turns them into warnings that ``--strict`` fails on).

Example::

    md = markdown.Markdown(extensions=[CitationsExtension(library=library, lang="de")])
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..checks.citecheck import cite_problems
from ..checks.quotations import strip_marks
from ..core.diagnostics import Diagnostic, display_path
from ..lang.l10n import Words
from ..model.citations import CITATION_RE, CitationSyntaxError, mask_code, parse_citation, scan
from ..model.library import Library, Work
from .fragments import Fragment, text_fragment
from .references import EXTERNAL_REL, passage_link, render_work, short_label

REFERENCES_ID = "references"
_FENCE = re.compile(r"^\s*(```|~~~)")
_ADMONITION_START = re.compile(r"^\s*(?:!!!|\?\?\?\+?)")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+"[^"]*")?[ \t]*$')
# MkDocs shows INFO lines and counts only warnings in strict mode: a quote without a text fragment
# still gets its link, to the page, and the build says why (a note, not a failure).
log = logging.getLogger("mkdocs.plugins.explainer")


@dataclass
class CitationState:
    """What one document has cited so far (numbers are given later, in document order)."""

    written: dict[int, str] = field(default_factory=dict)  # marker → the citation as written, with its line
    lines: dict[int, int] = field(default_factory=dict)  # marker → line
    seen: set[int] = field(default_factory=set)  # markers the inline pass rendered
    made: list[tuple[etree.Element, int | None, str]] = field(default_factory=list)  # each <sup>, its line and text


# Each citation carries its own line through Python-Markdown (whose inline pass handles nested blocks
# last, so the order of citations says nothing about their place): a marker after it, in characters
# of Unicode's private use area that no text contains, read and removed by the inline pattern.
_MARK = "\ue000{}\ue001"
_MARKED = re.compile(f"(?:{CITATION_RE.pattern})(?:\ue000(\\d+)\ue001)?", CITATION_RE.flags)
_LEFTOVER = re.compile("\ue000\\d+\ue001")


class CitationPreprocessor(Preprocessor):
    """Record the line of every citation (and report unterminated ones) before parsing."""

    def __init__(self, md: Markdown, ext: CitationsExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        state = self.ext.state
        first = self.ext.getConfig("line_offset") + 1
        text = strip_marks("\n".join(lines))  # {own} marks are for the checks, not the reader
        _, problems = scan(text, first)
        lines = _marked(text, mask_code(text), first, state).split("\n")
        for problem in problems:
            self.ext.report(problem.line, problem.message, problem.fix)
        in_fence = False
        for number, line in enumerate(lines, first):
            if _FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence and _ADMONITION_START.match(line) and not _ADMONITION.match(line):
                self.ext.report(number, f"not an admonition: {line.strip()[:60]!r}",
                                'write !!! type "Title" (the title in double quotes, closed) or !!! type alone')
        return lines


def _marked(text: str, masked: str, first: int, state: CitationState) -> str:
    """``text`` with a line marker after every citation outside code (see :data:`_MARK`)."""
    pieces: list[str] = []
    done, line, counted = 0, first, 0
    for match in CITATION_RE.finditer(masked):
        if "\n\n" in match.group(0):
            continue  # no citation: a paragraph ends inside it (the scanner reports it)
        line += masked.count("\n", counted, match.start())
        counted = match.start()
        marker = len(state.lines)
        state.lines[marker], state.written[marker] = line, text[match.start():match.end()]
        pieces += [text[done:match.end()], _MARK.format(marker)]
        done = match.end()
    pieces.append(text[done:])
    return "".join(pieces)


class CitationInlineProcessor(InlineProcessor):
    """Turn one ``[@…]`` into ``<sup class="citation">`` with one link per cited work."""

    def __init__(self, pattern: str, md: Markdown, ext: CitationsExtension) -> None:
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:  # noqa: N802 - Python-Markdown API
        ext = self.ext
        raw = _LEFTOVER.sub("", m.group(0))
        marker = int(m.group(2)) if m.group(2) is not None else None
        line = ext.state.lines.get(marker) if marker is not None else None
        if marker is not None:
            ext.state.seen.add(marker)
        try:
            cites = parse_citation(m.group(1))
        except CitationSyntaxError:
            return None, None, None  # reported by the preprocessor; left as literal text
        lang = ext.getConfig("lang")
        library: Library = ext.getConfig("library")
        sup = etree.Element("sup", {"class": "citation"})
        links = []
        for cite in cites:
            problems = cite_problems(cite, library)
            for message, fix in problems:
                ext.report(line, message, fix)
            work = library.get(cite.id)
            if work is None:
                continue
            # Numbered by ReferenceListTreeprocessor, in document order; a verified quote goes
            # with this use to its back link.
            attrs = {"class": "citation-ref", "data-cite": cite.id, "title": short_label(work, lang, ext.words)}
            if cite.quote and not problems:
                attrs["data-quote"] = cite.quote
                article = library.articles.get(cite.id)
                page = article.page_of(cite.quote) if article is not None else None
                if page is not None:  # a PDF: the link leads to the page; text fragments are for web pages
                    attrs["data-page"] = str(page)
                else:
                    attrs["data-fragment"] = self._fragment(cite.id, cite.quote, line, library)
            links.append(etree.Element("a", attrs))
        if not links:
            error = etree.Element("span", {"class": "citation-error"})
            error.text = AtomicString(raw)
            return error, m.start(0), m.end(0)
        # Atomic: the brackets and commas are final, so the inline pass need not look at them again.
        sup.text = AtomicString("[")
        for index, link in enumerate(links):
            sup.append(link)
            link.tail = AtomicString(", " if index < len(links) - 1 else "]")
        ext.state.made.append((sup, line, raw))
        if data[m.start(0) - 1:m.start(0)] == "[" and data[m.end(0):m.end(0) + 1] == "]":
            ext.report(line, f"citation in square brackets: [{raw}]", f"write {raw} once: the brackets are its own")
        return sup, m.start(0), m.end(0)

    def _fragment(self, work_id: str, quote: str, line: int | None, library: Library) -> str:
        """The text directive that leads to the quoted passage ("" when there is none: said in an INFO line)."""
        article = library.articles.get(work_id)
        work = library.get(work_id)
        fragment = (text_fragment(quote, article.text, work.language if work else None) if article is not None
                    else Fragment(None, "no stored text"))
        if fragment.directive is None:
            path = self.ext.getConfig("path")
            where = (display_path(path) if path else "<input>") + (f":{line}" if line else "")
            log.info(f'{where}: the quote "{quote}" of {work_id} links to the page without a text fragment: '
                     f"{fragment.reason}")
        return fragment.directive or ""


class ReferenceListTreeprocessor(Treeprocessor):
    """Number the citations in document order and append the reference list with back links."""

    def __init__(self, md: Markdown, ext: CitationsExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def _misplaced(self, root: etree.Element) -> None:
        state = self.ext.state
        unrendered = [(state.lines[marker], state.written[marker]) for marker in state.lines if marker not in state.seen]
        for element in root.iter():  # markers left in text that did not become a citation (code)
            for name in ("text", "tail"):
                value = getattr(element, name)
                if value and "\ue000" in value:
                    setattr(element, name, type(value)(_LEFTOVER.sub("", value)))
            for key, value in element.attrib.items():
                if "\ue000" in value:
                    element.set(key, _LEFTOVER.sub("", value))
        for line, message, fix in _misplaced_in(root, state.made, unrendered):
            self.ext.report(line, message, fix)

    def run(self, root: etree.Element) -> None:
        self._misplaced(root)
        lang = self.ext.getConfig("lang")
        words = self.ext.words
        numbers: dict[str, int] = {}
        uses: dict[str, list[Use]] = {}
        for link in root.iter("a"):
            work_id = link.attrib.pop("data-cite", None)
            if work_id is None:
                continue
            number = numbers.setdefault(work_id, len(numbers) + 1)
            anchors = uses.setdefault(work_id, [])
            quote, directive = link.attrib.pop("data-quote", None), link.attrib.pop("data-fragment", None)
            page = link.attrib.pop("data-page", None)
            anchors.append(Use(f"cite-ref-{number}-{len(anchors) + 1}", quote,
                               Fragment(directive or None, page=int(page) if page else None) if quote else None))
            link.set("href", f"#cite-{number}")
            link.set("id", anchors[-1].anchor)
            link.set("aria-label", words.text(lang, "cite_label", n=number))
            link.text = str(number)
        for sup, _, _ in self.ext.state.made:
            _in_numeric_order(sup)
        if numbers:
            self._append_list(root, numbers, uses, lang, words)

    def _append_list(self, root: etree.Element, numbers: dict[str, int],
                     uses: dict[str, list[Use]], lang: str, words: Words) -> None:
        """The reference list, short enough for a phone: each work once, on the same line a back
        link to each use of it in reading order, then its distinct quotes, each once, behind a
        disclosure ("Quoted passages (3)"): the letters of the uses that quote it, the quote, and a
        link to the passage in the original (a text fragment)."""
        library: Library = self.ext.getConfig("library")
        # Out of the search index: every page's list names the same few publishers, which would
        # bury the hits in the text (the sources page lists every work and is indexed).
        heading = etree.SubElement(root, "h2", {"id": REFERENCES_ID, "data-search-exclude": ""})
        heading.text = words.text(lang, "references")
        listing = etree.SubElement(root, "ol", {"class": "references", "data-search-exclude": ""})
        for work_id, number in numbers.items():
            work = library.works[work_id]
            item = etree.SubElement(listing, "li", {"id": f"cite-{number}"})
            render_work(etree.SubElement(item, "span", {"class": "citation-work"}), work, lang, library, words=words)
            item[-1].tail = " "
            anchors = uses[work_id]
            _back_links(item, number, anchors, lang, words)
            quoted: dict[str, list[int]] = {}
            for index, use in enumerate(anchors, 1):
                if use.quote:
                    quoted.setdefault(use.quote, []).append(index)
            if quoted:
                _append_quotes(item, work, anchors, quoted, lang, words)


def _in_numeric_order(sup: etree.Element) -> None:
    """The numbers of one citation group in ascending order (``[1, 2]``, not ``[2, 1]`` where the
    group cites a work first used here before one used earlier); each keeps its own anchor."""
    links = [link for link in sup if link.tag == "a" and (link.text or "").isdigit()]
    if len(links) < 2 or len(links) != len(sup):
        return
    ordered = sorted(links, key=lambda link: int(link.text or 0))
    for link in links:
        sup.remove(link)
    for index, link in enumerate(ordered):
        link.tail = AtomicString(", " if index < len(ordered) - 1 else "]")
        sup.append(link)


def _back_links(parent: etree.Element, number: int, anchors: list[Use], lang: str, words: Words) -> None:
    """A back link to each use of work ``number`` in reading order: "↑" for a work used once, else
    the use's letter, each a tap target of its own (CSS)."""
    back = etree.SubElement(parent, "span", {"class": "citation-backlinks"})
    for index, use in enumerate(anchors, 1):
        link = etree.SubElement(back, "a", {
            "href": f"#{use.anchor}",
            "aria-label": words.text(lang, "backlink_label", n=number) + (f".{index}" if len(anchors) > 1 else ""),
        })
        link.text = AtomicString("↑" if len(anchors) == 1 else _letter(index))
        if index < len(anchors):
            link.tail = " "


def _append_quotes(item: etree.Element, work: Work, anchors: list[Use], quoted: dict[str, list[int]],
                   lang: str, words: Words) -> None:
    """The work's distinct quotes in a closed ``<details>``: each with the letters of the uses that
    quote it (where the work is used more than once) and its passage in the original."""
    details = etree.SubElement(item, "details", {"class": "citation-quotes"})
    summary = etree.SubElement(details, "summary")
    summary.text = AtomicString(words.text(lang, "quoted_passages", n=len(quoted)))
    for quote, indexes in quoted.items():
        line = etree.SubElement(details, "span", {"class": "citation-quote"})
        letters = ", ".join(_letter(index) for index in indexes)
        if len(anchors) > 1:
            etree.SubElement(line, "span", {"class": "citation-letters"}).text = AtomicString(letters)
            line[-1].tail = AtomicString(" ")
        etree.SubElement(line, "q", {"lang": work.language or ""}).text = AtomicString(quote)
        _append_passage(line, work, anchors[indexes[0] - 1].fragment, letters if len(anchors) > 1 else "", lang, words)


@dataclass(frozen=True)
class Use:
    """One use of a work on the page: its anchor, and the quote there with its text fragment."""

    anchor: str
    quote: str | None
    fragment: Fragment | None


def _append_passage(line: etree.Element, work: Work, fragment: Fragment | None, letters: str, lang: str,
                    words: Words) -> None:
    """After a quote: " — In the original", a link to the passage it quotes (the page at that
    passage in a browser that supports text fragments, the page itself in others); nothing when
    neither the original nor an archived copy can show it. Outside the back links, which lead
    within the page only."""
    if fragment is None or (target := passage_link(work, fragment)) is None:
        return
    href, robust = target
    attrs = {"href": href, "rel": EXTERNAL_REL, "class": "passage-link", **robust}
    if work.language:
        attrs["hreflang"] = work.language
    if letters:
        attrs["aria-label"] = words.text(lang, "passage_label", use=letters)
    line[-1].tail = AtomicString((line[-1].tail or "") + " — ")
    etree.SubElement(line, "a", attrs).text = AtomicString(words.text(lang, "passages"))


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _misplaced_in(tree: etree.Element, made: list[tuple[etree.Element, int | None, str]],
                  unrendered: list[tuple[int, str]]) -> list[tuple[int | None, str, str]]:
    """Citations that a reader would not see as citations: lost (in an image's alt text), inside a
    heading or a link's text, or never rendered at all (in code that broken markup made)."""
    parents = {child: parent for parent in tree.iter() for child in parent}
    out = []
    for sup, line, raw in made:
        if sup not in parents:
            out.append((line, f"citation {raw} does not come out on the page",
                        "a citation cannot stand in an image's alt text: cite in the sentence beside the image"))
            continue
        ancestor = parents.get(sup)
        while ancestor is not None:
            if ancestor.tag in HEADINGS:
                out.append((line, f"citation {raw} in a heading",
                            "headings carry no citations (the table of contents would show the number): cite in the "
                            "text below it"))
                break
            if ancestor.tag == "a":
                out.append((line, f"citation {raw} in the text of a link",
                            "put it after the link: [text](page.md) " + raw))
                break
            ancestor = parents.get(ancestor)
    out += [(line, f"citation {raw} is not rendered: it stands in code",
             "if it should count, check the markup above it (an admonition title, an indented block); "
             "show citation syntax in `code spans` or fenced code") for line, raw in unrendered]
    return sorted(out, key=lambda item: item[0] or 0)


_LIST_START = re.compile(rf'<h2\b[^>]*\bid="{REFERENCES_ID}"[^>]*>')


def split_reference_list(html: str) -> tuple[str, str]:
    """``html`` without the reference list that ends it, and the list (``""`` when the page has none,
    or when anything follows the list). The list is left out of the search index
    (``data-search-exclude``); Material's search would still parse all of it to skip it, which is
    the largest part of what the plugin adds to a build."""
    found = [match.start() for match in _LIST_START.finditer(html)]
    if len(found) != 1 or not html.rstrip().endswith("</ol>"):
        return html, ""
    return html[:found[0]], html[found[0]:]


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


class CitationsExtension(Extension):
    """Numbered, checked citations with a per-page reference list."""

    def __init__(self, **kwargs) -> None:
        self.config = {
            "library": [Library(), "The citable works (explainer.library.Library)."],
            "lang": ["en", "Language of the page: labels, dates and quote marks follow it."],
            "path": ["", "Path of the page's source file, for messages."],
            "line_offset": [0, "Lines before the Markdown in the file (frontmatter), for messages."],
            "report": ["", "Callable receiving each Diagnostic; default (empty): collect in .diagnostics."],
            "words": ["", "The project's words (explainer.lang.l10n.Words); default: the words as shipped."],
        }
        super().__init__(**kwargs)
        self._shipped = Words()
        self.state = CitationState()
        self.diagnostics: list[Diagnostic] = []

    @property
    def words(self) -> Words:
        """The project's words (the ``words`` setting), else the words as shipped."""
        return self.getConfig("words") or self._shipped

    def report(self, line: int | None, message: str, fix: str) -> None:
        """Pass a problem at ``line`` of the current page to the configured reporter."""
        diagnostic = Diagnostic(self.getConfig("path"), line, message, fix)
        reporter: Callable[[Diagnostic], None] | None = self.getConfig("report")
        (reporter or self.diagnostics.append)(diagnostic)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown API
        """Register the processors (before links, so ``[@id]`` is never a reference link)."""
        md.registerExtension(self)
        self.reset()
        md.preprocessors.register(CitationPreprocessor(md, self), "citations", 27)
        md.inlinePatterns.register(CitationInlineProcessor(_MARKED.pattern, md, self), "citation", 175)
        md.treeprocessors.register(ReferenceListTreeprocessor(md, self), "citation-references", 6)

    def reset(self) -> None:
        """Start a new document."""
        self.state = CitationState()


def makeExtension(**kwargs) -> CitationsExtension:  # noqa: N802 - Python-Markdown API
    """Entry point for ``markdown.Markdown(extensions=[...])``."""
    return CitationsExtension(**kwargs)
