"""Parse a raw source article into a model: title, date, headings, paragraphs, bibliography."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.textnorm import collapse_spaces, match_key, normalize_text
from ..lang.dates import parse_written_date
from .cleaning import CleaningRules
from .extract import Extracted

URL_RE = re.compile(r"https?://[^\s<>\"']+")
_SENTENCE_END = tuple(".!?:;,\"'“”»«)…")
MAX_HEADING_WORDS = 14


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph, with the line it starts on in the raw file."""

    kind: str  # "heading" or "paragraph"
    text: str
    line: int  # in an extracted document (web page, PDF): the number of the extracted block
    page: int | None = None  # a PDF's page, from 1


@dataclass(frozen=True)
class ListedUrl:
    """A URL from the article's bibliography block."""

    url: str
    line: int


@dataclass
class Article:
    """The cleaned model of one source article."""

    id: str
    path: Path
    title: str = ""
    date: dt.date | None = None
    date_line: int | None = None
    blocks: list[Block] = field(default_factory=list)
    bibliography: list[ListedUrl] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)
    digest: str = ""  # sha256 of the raw text (or the stored bytes) as received
    extractor: str | None = None  # what made the text of a web page or PDF: "trafilatura", "pypdf"
    extractor_version: str | None = None

    @property
    def headings(self) -> list[str]:
        """Section headings in order."""
        return [b.text for b in self.blocks if b.kind == "heading"]

    @property
    def paragraphs(self) -> list[str]:
        """Paragraph texts in order."""
        return [b.text for b in self.blocks if b.kind == "paragraph"]

    @property
    def text(self) -> str:
        """The normalised text a quote must occur in: title, headings and paragraphs."""
        return "\n\n".join([self.title, *(b.text for b in self.blocks)])

    @property
    def paged(self) -> bool:
        """Whether the text has pages (a PDF): quotes then lead to a page, not to a text fragment."""
        return any(b.page is not None for b in self.blocks)

    def page_of(self, quote: str) -> int | None:
        """The page (of a PDF) on which ``quote`` starts, as the quote check finds it; else None."""
        if not self.paged:
            return None
        key, positions = match_key(self.text)
        quote_key, _ = match_key(quote)
        at = key.find(quote_key) if quote_key else -1
        if at == -1:
            return None
        offset = positions[at] - len(self.title) - 2  # "title\n\n" comes first
        for block in self.blocks:
            if offset < len(block.text):
                return block.page
            offset -= len(block.text) + 2
        return None

    def to_dict(self) -> dict:
        """A plain, JSON/YAML-friendly view of the model."""
        out: dict[str, object] = {
            "id": self.id,
            "file": self.path.name,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "sections": _sections(self.blocks),
            "bibliography": [u.url for u in self.bibliography],
            "removed_lines": [{"line": n, "text": t} for n, t in self.removed],
        }
        if self.extractor:
            out = {"extractor": {"name": self.extractor, "version": self.extractor_version}, **out}
        return out


def _sections(blocks: list[Block]) -> list[dict]:
    sections: list[dict] = [{"heading": None, "paragraphs": []}]
    for block in blocks:
        if block.kind == "heading":
            sections.append({"heading": block.text, "paragraphs": []})
        else:
            sections[-1]["paragraphs"].append(block.text)
        if block.page is not None:
            pages = sections[-1].setdefault("pages", [])
            if block.page not in pages:
                pages.append(block.page)
    return [s for s in sections if s["heading"] or s["paragraphs"]]


def _is_heading(text: str) -> bool:
    return (
        not text.endswith(_SENTENCE_END)
        and len(text.split()) <= MAX_HEADING_WORDS
        and not URL_RE.search(text)
    )


def _label_rest(text: str, labels: tuple[str, ...]) -> str | None:
    for label in labels:
        if text.casefold().startswith(label.casefold()):
            return text[len(label):].strip()
    return None


def _clean_lines(lines: list[str], active: list, article: Article) -> list[tuple[int, str]]:
    """Each line after the rules: dropped lines as "", replacements made, stripped and collapsed.
    A ``drop_rest`` rule ends the list."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        text = collapse_spaces(line)
        if not text:
            out.append((number, ""))
            continue
        rule = next((r for r in active if r.action != "replace" and r.pattern.fullmatch(text)), None)
        if rule and rule.action == "drop_rest":
            article.removed.extend((n, collapse_spaces(t)) for n, t in enumerate(lines[number - 1:], number)
                                   if t.strip())
            break
        if rule:
            article.removed.append((number, text))
            out.append((number, ""))
            continue
        for replace in (r for r in active if r.action == "replace"):
            text = replace.pattern.sub(replace.replacement, text)
        text = collapse_spaces(text)
        if not text:
            article.removed.append((number, collapse_spaces(line)))
        out.append((number, text))
    return out


def _units(lines: list[tuple[int, str]], join: bool) -> list[tuple[int, str]]:
    """The text's units: every non-empty line, or (``join``) every run of lines between blank lines."""
    if not join:
        return [(n, text) for n, text in lines if text]
    units: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []
    for number, text in [*lines, (0, "")]:
        if text:
            run.append((number, text))
        elif run:
            units.append((run[0][0], " ".join(t for _, t in run)))
            run = []
    return units


def _same_text(a: str, b: str) -> bool:
    return collapse_spaces(a).casefold() == collapse_spaces(b).casefold()


def parse_article(raw: str, path: Path, article_id: str, rules: CleaningRules, title: str | None = None) -> Article:
    """Build the :class:`Article` model from the raw text of one article.

    Lines are first cleaned with ``rules`` (dropped, or parts replaced); a hard-wrapped text
    (``join_lines``) has its lines joined into paragraphs. The first unit is the title, unless
    ``title`` (from ``articles.yml``) says otherwise: then the first unit is the title only if it
    reads the same. A date label ("Freigegeben:") takes the date from the rest of its unit or the
    next one; a bibliography label starts the URL list. Every other unit is a heading (short, no
    closing punctuation) or a paragraph.
    """
    article = Article(article_id, path, digest=hashlib.sha256(raw.encode("utf-8")).hexdigest())
    lines = normalize_text(raw).split("\n")
    active = [r for r in rules.rules if r.applies_to(article_id)]
    units = _units(_clean_lines(lines, active, article), rules.joins(article_id))
    if title:
        article.title = collapse_spaces(title)
        if units and _same_text(units[0][1], title):
            units = units[1:]
    elif units:
        article.title = units[0][1]
        units = units[1:]
    pending_date_label: int | None = None
    in_bibliography = False
    for number, text in units:
        if pending_date_label is not None:
            pending_date_label = None
            if (parsed := parse_written_date(text)) is not None:
                article.date, article.date_line = parsed, number
                continue
        rest = _label_rest(text, rules.date_labels)
        if rest is not None:
            parsed = parse_written_date(rest) if rest else None
            if parsed:
                article.date, article.date_line = parsed, number
            else:
                pending_date_label = number
            continue
        rest = _label_rest(text, rules.bibliography_labels)
        if rest is not None:
            in_bibliography = True
            text = rest
        if in_bibliography:
            urls = URL_RE.findall(text)
            if urls:
                article.bibliography.extend(ListedUrl(u.rstrip(".,;)"), number) for u in urls)
                continue
            if not text:
                continue
            in_bibliography = False
        kind = "heading" if _is_heading(text) else "paragraph"
        article.blocks.append(Block(kind, text, number))
    return article


def parse_extracted(extracted: Extracted, path: Path, article_id: str, rules: CleaningRules, digest: str,
                    title: str | None = None) -> Article:
    """Build the :class:`Article` model of a web page or PDF from what its extractor read.

    The extracted blocks are the lines the cleaning rules see (line N is block N); a block keeps
    the kind the extractor gave it (a heading is a heading because the page marks it so, not
    because it is short) and its page. The title is ``title`` (from ``articles.yml``), else the
    one the document states; a first block that repeats it is left out. The date is the one the
    document states (htmldate for a web page, the creation date for a PDF).
    """
    article = Article(article_id, path, digest=digest, extractor=extracted.extractor,
                      extractor_version=extracted.version)
    blocks = extracted.blocks
    active = [r for r in rules.rules if r.applies_to(article_id)]
    cleaned = _clean_lines([normalize_text(b.text) for b in blocks], active, article)
    article.title = collapse_spaces(title or str(extracted.metadata.get("title") or ""))
    date = extracted.metadata.get("date")
    article.date = date if isinstance(date, dt.date) else None
    first = True
    for number, text in cleaned:
        if not text:
            continue
        if first and article.title and _same_text(text, article.title):
            first = False
            continue
        first = False
        block = blocks[number - 1]
        article.blocks.append(Block(block.kind, text, number, block.page))
    if not article.title and article.blocks:
        article.title = article.blocks.pop(0).text
    return article
