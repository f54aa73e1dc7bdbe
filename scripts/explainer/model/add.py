"""``explainer add SOURCE [--id ID]``: a URL, a saved web page or a PDF becomes a pinned, quotable source.

The document is stored exactly as received in ``sources/articles/<id>.<html|pdf|txt|md>``, its
sha256 pinned, and an ``articles.yml`` entry written with every field the document states (title,
authors, date, publisher, language, canonical URL), each listed in ``unconfirmed`` until a person
has checked it. Then the source is ingested. Everything is checked before anything is written; if
ingesting fails, the article file and ``articles.yml`` are put back as they were: a failed ``add``
leaves no trace.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.diagnostics import ExplainerError, display_path, fail
from ..core.http import Client, FetchError
from ..core.yamlio import dump_yaml, line_of, load_yaml, parse_yaml, read_text, write_atomic
from .articles import Article, parse_article, parse_extracted
from .cleaning import CleaningRules, load_rules
from .extract import EXTRACTOR_SUFFIXES, Extracted, extract_file, kind_of_file
from .ids import slugify
from .ingest import IngestReport, plan_ingest
from .library import EXTRACTED_FIELDS, ID_RE, load_library

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md"}
ARTICLES_HEADER = "# The source articles: each file in articles/ as received, pinned by its sha256.\narticles:\n"
MAX_ID_CHARS = 48


@dataclass
class AddReport:
    """What ``add`` stored and what ingesting it gave."""

    id: str
    stored: Path
    sha256: str
    entry: dict[str, object]
    unconfirmed: list[str]
    article: Article
    ingest: IngestReport = field(default_factory=IngestReport)


@dataclass
class _Document:
    data: bytes
    suffix: str  # ".html", ".pdf", ".txt", ".md"
    where: str  # the URL or file, for messages
    url: str | None = None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)


def is_url(source: str) -> bool:
    """Whether SOURCE names a web address rather than a file."""
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source))


def _fetch(url: str, client: Client) -> _Document:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise fail(url, None, "not an http(s) URL", "give a full https:// address, or the path of a saved file")
    try:
        got = client.get(url)
    except FetchError as err:
        fixes = {
            "robots": "respect it: save the page from your browser and add the .html (or .pdf) file, saying so in notes",
            "timeout": "try again later; if it never answers, save the page from your browser and add the file",
            "too-large": "download it yourself if it really is the source, and add the file",
            "redirects": "open the URL in a browser and add the address it ends at",
            "dns": "check the spelling of the host name",
        }
        raise fail(err.url, None, err.message, fixes.get(err.kind, "check the URL and the network, then try again")) \
            from None
    status = got.status
    if status != 200:
        reasons = {
            403: ("the server refuses access (403 Forbidden)",
                  "save the page from your browser and add the .html (or .pdf) file"),
            404: ("the page is not there (404 Not Found)", "check the URL; for a page that is gone, add an archived copy"),
            410: ("the page is gone (410 Gone)", "add an archived copy (web.archive.org) instead"),
            429: ("the server asks to slow down (429 Too Many Requests"
                  + (f", retry after {got.retry_after}" if got.retry_after else "") + ")",
                  "try again later; nothing was retried, so the site was asked once"),
        }
        message, fix = reasons.get(status, (f"the server answered {status}", "check the URL, or try again later"))
        raise fail(got.final_url, None, message, fix)
    kind = got.content_type.split(";")[0].strip().lower()
    if kind in HTML_TYPES:
        suffix = ".html"
    elif kind == "application/pdf" or (kind in ("application/octet-stream", "") and got.body.startswith(b"%PDF-")):
        suffix = ".pdf"
    elif kind in TEXT_TYPES:
        suffix = TEXT_TYPES[kind]
    else:
        raise fail(got.final_url, None, f"content type {kind or 'none'!r} is neither HTML, PDF nor text",
                   "add a web page, a PDF or a text file; for other documents, save their text as .txt")
    return _Document(got.body, suffix, got.final_url, url, got.final_url, got.redirects)


def _read_file(path: Path) -> _Document:
    suffix = path.suffix.lower()
    if suffix not in (*EXTRACTOR_SUFFIXES, *TEXT_SUFFIXES):
        raise fail(path, None, f"'{suffix or 'no suffix'}' is neither a web page (.html), a PDF nor text (.txt, .md)",
                   "add a .html, .pdf, .txt or .md file, or the document's URL")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(path, None, "file not found", "check the path (or give a URL)") from None
    except IsADirectoryError:
        raise fail(path, None, "a folder, not a file", "name one file") from None
    except OSError as err:
        raise fail(path, None, f"cannot read file: {err.strerror}", "check its permissions") from None
    return _Document(data, ".htm" if suffix == ".htm" else suffix, str(path))


def _taken_ids(sources: Path) -> dict[str, tuple[Path, int | None]]:
    """Every id in articles.yml and bibliography.yml, with where it is defined."""
    taken: dict[str, tuple[Path, int | None]] = {}
    for name, key in (("articles.yml", "articles"), ("bibliography.yml", "entries")):
        path = sources / name
        if not path.exists():
            continue
        doc = load_yaml(path)
        for entry in (doc.get(key) or []) if isinstance(doc, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                taken.setdefault(entry["id"], (path, line_of(entry, "id")))
    return taken


def _choose_id(wanted: str | None, meta: dict[str, object], document: _Document,
               taken: dict[str, tuple[Path, int | None]], sources: Path) -> str:
    if wanted is not None:
        if not ID_RE.match(wanted):
            raise fail("--id", None, f"invalid id {wanted!r}", "use lowercase letters, digits and hyphens, e.g. 'grid-report'")
        if wanted in taken:
            path, line = taken[wanted]
            raise fail("--id", None, f"the id '{wanted}' is taken (at {display_path(path)}:{line})",
                       "choose another id with --id")
        return wanted
    base = str(meta.get("title") or "")
    if not base:
        base = Path(urlsplit(document.final_url).path).stem if document.final_url else Path(document.where).stem
    words = slugify(base).split("-")
    candidate = ""
    for word in words:
        if len(candidate) + len(word) + 1 > MAX_ID_CHARS:
            break
        candidate = f"{candidate}-{word}" if candidate else word
    candidate = candidate or "source"
    unique, number = candidate, 2
    while unique in taken or any((sources / "articles").glob(f"{unique}.*")):
        unique, number = f"{candidate}-{number}", number + 1
    return unique


def _entry(article_id: str, stored: str, digest: str, meta: dict[str, object], document: _Document,
           today: dt.date) -> tuple[CommentedMap, list[str]]:
    entry = CommentedMap()
    entry["id"] = article_id
    entry["file"] = stored
    entry["sha256"] = digest
    unconfirmed: list[str] = []
    url = meta.get("url") or document.final_url
    if url:
        entry["url"] = url
        if meta.get("url"):
            unconfirmed.append("url")
    for key in ("title", "publisher", "date", "authors", "language"):
        value = meta.get(key)
        if key == "authors" and value:
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        entry[key] = value if value else None
        if value:
            unconfirmed.append(key)
    if document.url:
        entry["accessed"] = today
    if document.redirects:
        entry["redirected_from"] = CommentedSeq(document.redirects)
    if unconfirmed:
        entry["unconfirmed"] = CommentedSeq(u for u in EXTRACTED_FIELDS if u in unconfirmed)
        entry["unconfirmed"].fa.set_flow_style()
    return entry, unconfirmed


def _extract(document: _Document, path: Path, rules: CleaningRules, article_id: str) -> tuple[Extracted | None, Article]:
    digest = hashlib.sha256(document.data).hexdigest()
    if kind_of_file(path) == "text":
        if b"\0" in document.data:
            raise fail(document.where, None, "binary data where text was expected", "add a .html, .pdf or UTF-8 text")
        try:
            raw = document.data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = document.data[: err.start].count(b"\n") + 1
            raise fail(document.where, line, "not valid UTF-8", "save the text as UTF-8") from None
        return None, parse_article(raw, path, article_id, rules)
    try:
        extracted = extract_file(path, document.data, document.final_url)
    except ExplainerError as err:  # name what the user gave, not the file that was never written
        raise ExplainerError([type(d)(document.where, d.line, d.message, d.fix) for d in err.diagnostics]) from None
    return extracted, parse_extracted(extracted, path, article_id, rules, digest)


def add_source(sources: Path, source: str, article_id: str | None = None, client: Client | None = None,
               today: dt.date | None = None) -> AddReport:
    """Store SOURCE (a URL or a file) in ``sources``, describe it in ``articles.yml`` and ingest it.

    Raises :class:`ExplainerError` with a located message, having written nothing, when the source
    cannot be fetched or read, is of another kind, holds no text, or the id is taken.
    """
    if not source.strip():
        raise fail("SOURCE", None, "no source given", "name a URL (https://…) or a .html, .pdf, .txt or .md file")
    today = today or dt.date.today()
    articles_yml = sources / "articles.yml"
    taken = _taken_ids(sources)  # a broken articles.yml fails here, before any request
    if article_id is not None:
        _choose_id(article_id, {}, _Document(b"", "", source), taken, sources)
    if is_url(source):
        if client is None:
            with Client() as own:
                document = _fetch(source, own)
        else:
            document = _fetch(source, client)
    else:
        document = _read_file(Path(source))
    rules = load_rules(sources / "cleaning.yml")
    probe = sources / "articles" / f"source{document.suffix}"
    extracted, article = _extract(document, probe, rules, article_id or "source")
    meta: dict[str, object] = dict(extracted.metadata) if extracted else ({"title": article.title} if article.title else {})
    chosen = _choose_id(article_id, meta, document, taken, sources)
    stored = sources / "articles" / f"{chosen}{document.suffix}"
    if stored.exists():
        raise fail(stored, None, "a file of that name is already there", "choose another id with --id")
    digest = hashlib.sha256(document.data).hexdigest()
    entry, unconfirmed = _entry(chosen, f"articles/{stored.name}", digest, meta, document, today)

    original = articles_yml.read_bytes() if articles_yml.exists() else None
    doc = parse_yaml(read_text(articles_yml), articles_yml) if original is not None else None
    if doc is None:
        doc = parse_yaml(ARTICLES_HEADER, articles_yml)
    if not isinstance(doc, CommentedMap):
        raise fail(articles_yml, 1, "expected a mapping with an 'articles' list", "start the file with 'articles:'")
    if not isinstance(doc.get("articles"), CommentedSeq):
        doc["articles"] = CommentedSeq(doc.get("articles") or [])
    doc["articles"].fa.set_block_style()
    doc["articles"].append(entry)
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        with open(stored, "xb") as handle:  # never replaces a file that appeared meanwhile
            handle.write(document.data)
        write_atomic(articles_yml, dump_yaml(doc))
        outputs, report = plan_ingest(sources)
        for path, text in outputs.items():
            if write_atomic(path, text):
                report.written.append(path)
    except BaseException:
        stored.unlink(missing_ok=True)
        if original is None:
            articles_yml.unlink(missing_ok=True)
        else:
            write_atomic(articles_yml, original.decode("utf-8"))
        raise
    return AddReport(chosen, stored, digest, dict(entry), unconfirmed, load_library(sources).articles[chosen], report)


def outline(article: Article, limit: int = 40) -> list[str]:
    """The parsed model in a few lines: title, date, then each heading with its paragraph count."""
    lines = [f"title: {article.title or '(none)'}",
             f"date: {article.date.isoformat() if article.date else '(none found)'}"]
    if article.extractor:
        lines.append(f"extracted by {article.extractor} {article.extractor_version}")
    sections: list[list] = [[None, 0, set()]]
    for block in article.blocks:
        if block.kind == "heading":
            sections.append([block.text, 0, set()])
        else:
            sections[-1][1] += 1
        if block.page:
            sections[-1][2].add(block.page)
    shown = [s for s in sections if s[0] or s[1]]
    for heading, count, pages in shown[:limit]:
        where = f" (pages {min(pages)}–{max(pages)})" if len(pages) > 1 else f" (page {min(pages)})" if pages else ""
        lines.append(f"  {'## ' + heading if heading else '(before the first heading)'}: "
                     f"{count} paragraph{'s' if count != 1 else ''}{where}")
    if len(shown) > limit:
        lines.append(f"  … {len(shown) - limit} more sections")
    return lines
