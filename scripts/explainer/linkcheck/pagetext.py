"""A fetched web page as the text a reader sees: bytes decoded (the declared charset checked),
HTML reduced to its visible text, and pages that show their text only with JavaScript told apart.

The text is then matched like every quote at build time (:func:`explainer.checks.quotes.find_quote`:
Unicode forms, quotation-mark style, hyphenation and whitespace do not matter), so a page that
kept the quoted words but changed its markup, wrapping or typography still holds the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..core.charset import decode

# Elements whose content no reader sees as text.
_HIDDEN = {"script", "style", "template", "svg", "math", "iframe", "object", "canvas", "head"}
# Elements that end a line of text (so words of two paragraphs never run together).
_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
           "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
           "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHELL_MAX_CHARS = 400  # a page with less text than this and scripts is a JavaScript shell


@dataclass(frozen=True)
class PageText:
    """The visible text of a page and what it took to read it."""

    text: str
    scripts: int = 0  # <script> elements
    note: str = ""  # how the bytes were decoded, when not as declared

    @property
    def javascript_shell(self) -> bool:
        """Whether the page shows (almost) no text without running its scripts."""
        return self.scripts > 0 and len(self.text.strip()) < SHELL_MAX_CHARS


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []
        self.scripts = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if tag == "title":
            self.in_title = True
        if tag in _HIDDEN and tag not in _VOID:
            self.hidden.append(tag)
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.hidden:
            while self.hidden and self.hidden.pop() != tag:
                pass
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden or (self.in_title and self.hidden == ["head"]):
            self.parts.append(data)


def html_text(html: str) -> PageText:
    """The visible text of an HTML page: title and body, without scripts, styles and markup;
    block elements end a paragraph, inline ones (``<em>``, ``<a>``) do not break words."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # markup the parser gives up on: what it read so far
        pass
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
    text = re.sub(r" *\n[\n ]*", "\n\n", text).strip()
    return PageText(text, parser.scripts)


def page_text(body: bytes, content_type: str) -> PageText:
    """The readable text of a response body: HTML reduced to text, plain text as it is."""
    text, note = decode(body, content_type)
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "text/plain":
        return PageText(text, 0, note)
    page = html_text(text)
    return PageText(page.text, page.scripts, note)
