"""A stored web page or PDF as typed text blocks and the metadata it states about itself.

Web pages go through trafilatura (the article without its navigation and comments; headings,
paragraphs, list items and table rows as blocks; title, authors, site name, canonical URL, and the
publication date by htmldate); PDFs through pypdf, page by page. Which extractor and version made
a model is recorded with it, so ``make check`` can say when the installed one differs.

Bad input raises :class:`~explainer.core.diagnostics.ExplainerError` naming the file: an
encrypted PDF, a PDF without a text layer (a scan), a damaged one, a page with no article.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..core.charset import decode
from ..core.diagnostics import fail
from ..core.textnorm import collapse_spaces, normalize_text

HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
EXTRACTOR_SUFFIXES = HTML_SUFFIXES + PDF_SUFFIXES
# trafilatura's options for an explainer, measured by bench/extraction.py: the article itself, never
# its comments; tables kept (figures are quoted from them); recall favoured, because a paragraph
# missing from the stored text makes a true quote fail, while boilerplate that slipped in is seen
# in the parsed model and dropped by a cleaning rule; no fallback extractors (``fast``): they cost
# a third of the time and, with recall favoured, gain nothing on the benchmark. Dates: htmldate on
# the page's markup and metadata (``extensive_search`` off: a date guessed from free text is worse
# than none, and every extracted field is confirmed by a person anyway).
TRAFILATURA_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True, "favor_recall": True, "fast": True,
                       "include_formatting": False, "include_links": False, "include_images": False,
                       "deduplicate": False}
DATE_OPTIONS = {"extensive_search": False, "original_date": True}
MIN_ARTICLE_CHARS = 40  # less text than this is not an article
MIN_PDF_CHARS_PER_PAGE = 10  # a PDF whose pages average less than this has no text layer
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class TextBlock:
    """A heading or a paragraph as the extractor found it (a PDF's: with its page, from 1)."""

    kind: str  # "heading" or "paragraph"
    text: str
    page: int | None = None


@dataclass
class Extracted:
    """What an extractor read from a document: its blocks and what it says about itself."""

    extractor: str  # "trafilatura" or "pypdf"
    version: str
    blocks: list[TextBlock] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)  # article fields: title, authors, date …
    pages: int | None = None

    def lines(self) -> list[str]:
        """One line per block: the text the cleaning rules are applied to, line by line."""
        return [block.text for block in self.blocks]


def kind_of_file(path: Path) -> str:
    """``html``, ``pdf`` or ``text``, by the file's suffix."""
    suffix = path.suffix.lower()
    return "html" if suffix in HTML_SUFFIXES else "pdf" if suffix in PDF_SUFFIXES else "text"


@cache
def extractor_version(name: str) -> str:
    """The installed version of an extractor package."""
    return version(name)


def extract_file(path: Path, data: bytes, url: str | None = None) -> Extracted:
    """Extract a stored ``.html`` or ``.pdf`` file (``data`` is its bytes)."""
    if kind_of_file(path) == "pdf":
        return extract_pdf(data, path)
    return extract_html(data, path, url)


def extract_html(data: bytes, path: Path, url: str | None = None, content_type: str = "") -> Extracted:
    """The article of a web page (``data``, the page's bytes as received, decoded as a browser
    would: the declared charset checked) and its metadata."""
    import trafilatura

    tree = trafilatura.load_html(decode(data, content_type)[0])
    if tree is None:
        raise fail(path, None, "not an HTML page (nothing to parse)", "add the page as saved by a browser, or its URL")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # "discarding data" chatter; we report ourselves
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **TRAFILATURA_OPTIONS,
                                           date_extraction_params=dict(DATE_OPTIONS))
    body = getattr(document, "body", None) if document is not None else None
    blocks = _blocks(body) if body is not None else []
    if sum(len(b.text) for b in blocks if b.kind == "paragraph") < MIN_ARTICLE_CHARS:
        raise fail(path, None, "no article found in the page (only navigation, forms or scripts)",
                   "add the page that holds the article itself, or save its text as .txt")
    meta = _html_metadata(document, tree)
    return Extracted("trafilatura", extractor_version("trafilatura"), blocks, meta)


def _element_text(element) -> str:
    """The text of an element and its descendants; a line break (``lb``) counts as a space."""
    parts = [element.text or ""]
    for child in element:
        parts += [" " if child.tag == "lb" else "", _element_text(child), child.tail or ""]
    return collapse_spaces("".join(parts))


_CONTAINS_BLOCKS = ("list", "table", "p", "head", "quote")


def _blocks(body) -> list[TextBlock]:
    """trafilatura's XML body as blocks: ``head`` a heading; ``p``, ``quote``, list items and table
    rows (cells joined by " | ") paragraphs; text between blocks a paragraph of its own."""
    out: list[TextBlock] = []

    def paragraph(text: str | None) -> None:
        if text := collapse_spaces(normalize_text(text or "")):
            out.append(TextBlock("paragraph", text))

    def children(parent) -> None:
        paragraph(parent.text)
        for child in parent:
            visit(child)
            paragraph(child.tail)

    def visit(element) -> None:
        tag = element.tag
        if tag == "head":
            if text := _element_text(element):
                out.append(TextBlock("heading", normalize_text(text)))
        elif tag == "table":
            for row in element.iter("row"):
                cells = [_element_text(cell) for cell in row if cell.tag == "cell"]
                paragraph(" | ".join(c for c in cells if c))
        elif tag in ("graphic", "lb"):
            return
        elif tag in ("list", "item") or any(child.tag in _CONTAINS_BLOCKS for child in element):
            children(element)
        else:
            paragraph(_element_text(element))

    children(body)
    return out


def _html_metadata(document, tree) -> dict[str, object]:
    """The article fields a page states: title, authors, date, publisher (site name), language, url."""
    meta: dict[str, object] = {}
    if title := collapse_spaces(document.title or ""):
        meta["title"] = title
    authors = [collapse_spaces(a) for a in re.split(r";", document.author or "") if collapse_spaces(a)]
    if authors:
        meta["authors"] = authors
    if document.date:
        with contextlib.suppress(ValueError):
            meta["date"] = dt.date.fromisoformat(document.date[:10])
    if sitename := collapse_spaces(document.sitename or ""):
        meta["publisher"] = sitename
    lang = (tree.get("lang") or tree.get("xml:lang") or document.language or "").strip().lower()
    lang = lang.replace("_", "-").split("-")[0]
    if _LANG.match(lang):
        meta["language"] = lang
    if document.url and re.match(r"^https?://", document.url):
        meta["url"] = document.url
    return meta


def extract_pdf(data: bytes, path: Path) -> Extracted:
    """The text of a PDF, page by page (one paragraph per run of lines), and its document info."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # warnings about odd objects: we report what matters
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise fail(path, None, "not a PDF (it does not start with %PDF-)", "add the PDF as it was published")
    if b"%%EOF" not in data[-2048:]:
        raise fail(path, None, "the PDF is truncated (no end-of-file marker): the download was cut short",
                   "download it again, completely")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise fail(path, None, "the PDF is encrypted: its text cannot be read",
                       "ask the publisher for an unprotected copy, or save the text as .txt and say so in notes")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as err:
        raise fail(path, None, f"the PDF is damaged: {str(err)[:120] or type(err).__name__}",
                   "download it again, or open and save it again in a PDF viewer") from None
    if not pages:
        raise fail(path, None, "the PDF has no pages", "add the PDF as it was published")
    characters = sum(len(re.sub(r"\s", "", text)) for text in pages)
    if characters < MIN_PDF_CHARS_PER_PAGE * len(pages):
        raise fail(path, None, "the PDF has no text layer (a scan or images of text): it needs OCR first",
                   "run OCR on it (e.g. ocrmypdf) and add the result, or type the quoted passages into a .txt file")
    blocks: list[TextBlock] = []
    for number, text in enumerate(pages, 1):
        blocks += [TextBlock(kind, para, number) for kind, para in _pdf_paragraphs(text)]
    meta: dict[str, object] = {}
    if info is not None:
        if title := collapse_spaces(str(info.title or "")):
            meta["title"] = title
        if author := collapse_spaces(str(info.author or "")):
            meta["authors"] = [a.strip() for a in re.split(r";|\band\b", author) if a.strip()]
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
        if created is not None:
            meta["date"] = created.date()
    return Extracted("pypdf", extractor_version("pypdf"), blocks, meta, len(pages))


_SENTENCE_END = re.compile(r"[.!?:;\"'”»)]$")
MAX_HEADING_WORDS = 14


def _pdf_paragraphs(text: str) -> list[tuple[str, str]]:
    """A page's lines joined into blocks (kind, text). A blank line ends a block; so does a line that
    ends a sentence short of the page's width, and a short line followed by one that starts with a
    capital or a digit. A lone short line without closing punctuation is a heading. A line ending in
    a hyphen before a lower-case word is joined without the hyphen."""
    lines = [collapse_spaces(line) for line in text.replace("\r", "\n").split("\n")]
    width = max((len(line) for line in lines), default=0)
    blocks: list[tuple[str, str]] = []
    current: list[str] = []

    def close() -> None:
        if not current:
            return
        joined = current[0]
        for line in current[1:]:
            if joined.endswith("-") and joined[-2:-1].isalpha() and line[:1].islower():
                joined = joined[:-1] + line
            else:
                joined = f"{joined} {line}"
        single = len(current) == 1
        heading = single and not _SENTENCE_END.search(joined) and len(joined.split()) <= MAX_HEADING_WORDS
        blocks.append(("heading" if heading else "paragraph", joined))
        current.clear()

    for index, line in enumerate(lines):
        if not line:
            close()
            continue
        current.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        ends_sentence = bool(_SENTENCE_END.search(line)) and len(line) < 0.9 * width
        short_before_new = len(line) < 0.6 * width and (following[:1].isupper() or following[:1].isdigit())
        if ends_sentence or short_before_new:
            close()
    close()
    return blocks
