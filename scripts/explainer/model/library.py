"""The citable works: the source articles and the bibliography, loaded and validated."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..core.cache import Cache, files_key
from ..core.diagnostics import Diagnostic, ExplainerError, clip, closest, display_path, fail
from ..core.yamlio import kind_of, line_of, no_cycle_collection, read_bytes, read_text, read_yaml
from ..lang.dates import PartialDate, coerce_date
from .articles import Article, parse_article, parse_extracted
from .cleaning import load_rules
from .extract import extract_file, kind_of_file

ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")
URL_STATUSES = ("live", "dead", "unfit", "usurped", "deviated")  # deviated: no longer says what was quoted
# How a field's value was verified (as in the research notes): read on the page itself, derived
# from the URL only, or stated by a third party. The sources page marks dates read from the URL.
VERIFIED_FROM = ("page", "url", "secondary")
BIBLIOGRAPHY_FIELDS = ("id", "url", "title", "name", "trans_title", "publisher", "authors", "date", "language", "accessed",
                       "archive_url", "archive_date", "url_status", "listed_in", "same_as", "verified_from", "notes")
ARTICLE_FIELDS = ("id", "file", "sha256", "url", "title", "trans_title", "publisher", "date", "authors",
                  "language", "accessed", "archive_url", "archive_date", "url_status", "notes",
                  "redirected_from", "unconfirmed")
# Fields `explainer add` reads from the document itself: listed in 'unconfirmed' until a person checks them.
EXTRACTED_FIELDS = ("title", "authors", "date", "publisher", "language", "url")
_TEXT_FIELDS = ("title", "name", "trans_title", "publisher", "notes")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_URL_FIELDS = ("url", "archive_url")
_DATE_FIELDS = ("date", "accessed", "archive_date")


@dataclass(frozen=True)
class Work:
    """One citable work, whatever file it was defined in."""

    id: str
    url: str | None
    kind: str  # "article" (text in sources/), "listed" (listed by an article), "further"
    title: str | None = None
    name: str | None = None  # what the work is verifiably called where no title was verified (a model, a tool)
    trans_title: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date: PartialDate | None = None
    language: str | None = None
    accessed: PartialDate | None = None
    archive_url: str | None = None
    archive_date: PartialDate | None = None
    url_status: str = "live"
    listed_in: tuple[str, ...] = ()
    same_as: str | None = None
    notes: str | None = None
    sha256: str | None = None  # articles: the pinned hash of the text as received
    unconfirmed: tuple[str, ...] = ()  # fields read from the document that no person has confirmed yet
    verified_from: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    defined_in: str = ""
    line: int | None = None

    @property
    def has_text(self) -> bool:
        """Whether the work's text is in ``sources/`` (so quotes can be checked)."""
        return self.kind == "article"


@dataclass
class Library:
    """All works by id, plus the parsed articles whose text quotes are checked against."""

    works: dict[str, Work] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    def get(self, work_id: str) -> Work | None:
        """The work with this id, or None."""
        return self.works.get(work_id)

    def suggest(self, work_id: str) -> str | None:
        """The closest known id, for "did you mean" hints (the same id in other letter case first)."""
        return closest(work_id, self.works, cutoff=0.5)


HTTP_REASON = re.compile(r"\b(?:no|without) https\b|\bhttp only\b", re.IGNORECASE)


def _check_url(value: str, path: Path, line: int | None, name: str, errors: list[Diagnostic],
               warnings: list[Diagnostic], http_reason: bool = False) -> None:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors.append(Diagnostic(str(path), line, f"{name} {clip(value)!r} is not an http(s) URL",
                                 "use a full https:// address; other schemes (javascript:, data:, file:) are not allowed"))
    elif parts.scheme == "http" and not http_reason:
        warnings.append(Diagnostic(str(path), line, f"{name} uses http:// ({value})",
                                   "use https:// if the site offers it, or say why in 'notes' (e.g. 'no https')",
                                   severity="warning"))


def _entry_values(entry: Any, fields: tuple[str, ...], path: Path, errors: list[Diagnostic],
                  warnings: list[Diagnostic]) -> dict[str, Any] | None:
    """Validate one YAML entry's fields; return its values or None when it is unusable."""
    line = line_of(entry)
    if not isinstance(entry, dict):
        errors.append(Diagnostic(str(path), line, "entry is not a mapping", "write each entry as '- id: …' with fields below it"))
        return None
    values: dict[str, Any] = {}
    for key in entry:
        if key not in fields:
            close = closest(str(key), fields)
            hint = f"did you mean '{close}'?" if close else f"known fields: {', '.join(fields)}"
            errors.append(Diagnostic(str(path), line_of(entry, key), f"unknown field '{key}'", hint))
    work_id = entry.get("id")
    if not isinstance(work_id, str) or not ID_RE.match(work_id):
        errors.append(Diagnostic(str(path), line_of(entry, "id") or line, f"invalid id {work_id!r}",
                                 "use lowercase letters, digits and hyphens, e.g. 'the-decoder'"))
        return None
    for key in fields:
        value = entry.get(key)
        kline = line_of(entry, key) or line
        if value is None:
            values[key] = None
            continue
        if key == "authors":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names) or not names:
                errors.append(Diagnostic(str(path), kline, "'authors' must be a name or a list of names",
                                         'write authors: ["Ada Lovelace", "Charles Babbage"], or null when unknown'))
                continue
            values[key] = tuple(n.strip() for n in names)
            continue
        if key in _TEXT_FIELDS or key in _URL_FIELDS or key in ("file", "sha256", "same_as"):
            if not isinstance(value, str):
                errors.append(Diagnostic(str(path), kline, f"'{key}' must be text, not {kind_of(value)}",
                                         f'quote it: {key}: "…"'))
                continue
            value = value.strip()
            if not value:
                errors.append(Diagnostic(str(path), kline, f"'{key}' is empty",
                                         f"write the {key.replace('_', ' ')}, or null when it is not known"))
                continue
            if key == "sha256" and not SHA256_RE.match(value):
                errors.append(Diagnostic(str(path), kline, f"'sha256' is not a sha256: {value!r}",
                                         "write the 64 hexadecimal digits that `make ingest` prints, or null"))
                continue
            if key in _URL_FIELDS:
                _check_url(value, path, kline, key, errors, warnings,
                           bool(HTTP_REASON.search(str(entry.get("notes") or ""))))
            elif key in _TEXT_FIELDS and re.search(r"<[a-zA-Z/!]", value):
                warnings.append(Diagnostic(str(path), kline, f"'{key}' contains HTML; it is shown as plain text",
                                           "write plain text", severity="warning"))
        elif key in _DATE_FIELDS:
            try:
                value = coerce_date(value)
            except ValueError:
                errors.append(Diagnostic(str(path), kline, f"'{key}' is not a date: {value!r}",
                                         "write YYYY-MM-DD, YYYY-MM or YYYY, or null when unknown"))
                continue
        elif key == "language":
            if not isinstance(value, str) or not LANG_RE.match(value):
                errors.append(Diagnostic(str(path), kline, f"'language' is not a language code: {value!r}",
                                         "write an ISO 639-1 code such as de or en"))
                continue
        elif key == "url_status":
            if value not in URL_STATUSES:
                errors.append(Diagnostic(str(path), kline, f"unknown url_status {value!r}",
                                         f"use one of: {', '.join(URL_STATUSES)}"))
                continue
        elif key == "verified_from":
            known = [f for f in fields if f not in ("id", "verified_from", "notes", "listed_in", "same_as")]
            if not isinstance(value, dict) or not all(k in known and v in VERIFIED_FROM for k, v in value.items()):
                errors.append(Diagnostic(str(path), kline, "'verified_from' must map fields to how they were verified",
                                         f"write e.g. verified_from: {{date: url}}; fields: {', '.join(known)}; "
                                         f"ways: {', '.join(VERIFIED_FROM)}"))
                continue
            value = dict(value)
        elif key == "unconfirmed":
            if not isinstance(value, list) or not all(v in EXTRACTED_FIELDS for v in value):
                errors.append(Diagnostic(str(path), kline, "'unconfirmed' must list fields read from the document",
                                         f"keep only names among {', '.join(EXTRACTED_FIELDS)}; remove a name once "
                                         "you have checked its value against the source"))
                continue
            value = tuple(value)
        elif key == "redirected_from":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.startswith(("http://", "https://"))
                                                      for v in value):
                errors.append(Diagnostic(str(path), kline, "'redirected_from' must be a list of URLs",
                                         "write the URLs the request was redirected from, as `explainer add` records them"))
                continue
            value = tuple(value)
        elif key == "listed_in":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors.append(Diagnostic(str(path), kline, "'listed_in' must be a list of article ids",
                                         "write listed_in: [article-id]"))
                continue
            value = tuple(value)
        values[key] = value
    return values


def _load_entries(path: Path, top_key: str, fields: tuple[str, ...], errors: list[Diagnostic],
                  warnings: list[Diagnostic]) -> list[tuple[dict[str, Any], int | None]]:
    if not path.exists():
        return []
    doc = read_yaml(path)
    if doc is None:  # empty, or comments only: most likely emptied by mistake
        errors.append(Diagnostic(str(path), 1, f"no '{top_key}:' list in the file",
                                 f"write '{top_key}:' followed by '- id: …' entries, or '{top_key}: []' for none "
                                 f"(git checkout {display_path(path)} restores the committed file)"))
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get(top_key) or [], list):
        errors.append(Diagnostic(str(path), 1, f"expected a mapping with a list under '{top_key}'",
                                 f"start the file with '{top_key}:' followed by '- id: …' entries"))
        return []
    out = []
    for entry in doc.get(top_key) or []:
        values = _entry_values(entry, fields, path, errors, warnings)
        if values is not None:
            out.append((values, line_of(entry)))
    return out


def load_library(sources: Path) -> Library:
    """Load ``articles.yml`` (with the articles' texts) and ``bibliography.yml`` from ``sources``.

    Raises :class:`ExplainerError` with every problem found; warnings are kept on the library.
    """
    errors: list[Diagnostic] = []
    library = Library()
    rules = load_rules(sources / "cleaning.yml")
    seen: dict[str, tuple[str, int | None]] = {}

    def register(work: Work) -> None:
        if work.id in seen:
            first_path, first_line = seen[work.id]
            errors.append(Diagnostic(work.defined_in, work.line, f"duplicate id '{work.id}'",
                                     f"already defined at {display_path(first_path)}:{first_line}; give one of them another id"))
            return
        seen[work.id] = (work.defined_in, work.line)
        library.works[work.id] = work

    articles_yml = sources / "articles.yml"
    for values, line in _load_entries(articles_yml, "articles", ARTICLE_FIELDS, errors, library.warnings):
        if not values.get("file"):
            errors.append(Diagnostic(str(articles_yml), line, f"article '{values['id']}' has no 'file'",
                                     "add file: articles/<name>.txt"))
            continue
        text_path = sources / values["file"]
        try:
            if not os.path.abspath(text_path).startswith(os.path.abspath(sources) + os.sep):
                raise fail(text_path, None, "the path leads out of the sources folder",
                           "keep the article's text in sources/articles/ and name it as articles/<name>.txt")
            article = _read_article(text_path, values, rules)
        except ExplainerError as err:
            errors.extend(Diagnostic(str(articles_yml), line, f"text of '{values['id']}': {d.message}",
                                     f"{d.fix} ({text_path})") for d in err.diagnostics)
            continue
        digest = article.digest
        if values.get("sha256") and values["sha256"] != digest:
            errors.append(Diagnostic(
                str(text_path), None, f"text differs from the copy pinned in {articles_yml.name} (sha256 {digest[:12]}…)",
                "restore the article as received; put cleaning steps in cleaning.yml, never in the raw text"))
        library.articles[values["id"]] = article
        register(_work(values, "article", str(articles_yml), line))

    bibliography_yml = sources / "bibliography.yml"
    with no_cycle_collection():  # thousands of entries: building their works set the collector off again and again
        for values, line in _load_entries(bibliography_yml, "entries", BIBLIOGRAPHY_FIELDS, errors, library.warnings):
            kind = "listed" if values.get("listed_in") else "further"
            if not values.get("url"):
                errors.append(Diagnostic(str(bibliography_yml), line, f"entry '{values['id']}' has no url",
                                         "add url: https://…"))
                continue
            register(_work(values, kind, str(bibliography_yml), line))

    for work in library.works.values():
        errors += _reference_problems(work, library)
    if errors:
        raise ExplainerError(errors)
    return library


def _read_article(path: Path, values: dict[str, Any], rules) -> Article:
    """The model of one article: a text file parsed as it is, a web page or PDF extracted first."""
    if kind_of_file(path) == "text":
        raw = read_text(path)
        article = parse_article(raw, path, values["id"], rules, values.get("title"))
        return article
    data = read_bytes(path)  # a web page or PDF: also only a regular file, within the size limit
    extracted = extract_file(path, data, values.get("url"))
    return parse_extracted(extracted, path, values["id"], rules, hashlib.sha256(data).hexdigest(), values.get("title"))


SOURCE_FILES = ("articles.yml", "bibliography.yml", "cleaning.yml", "articles")


def cached_library(sources: Path, cache: Cache) -> Library:
    """:func:`load_library`, or the same library from ``cache`` when no file in ``sources`` changed."""
    key = files_key([sources / name for name in SOURCE_FILES], sources)
    return cache.remember("library", key, lambda: load_library(sources))


def _reference_problems(work: Work, library: Library) -> list[Diagnostic]:
    """``listed_in`` must name articles and ``same_as`` another work."""
    out = []
    refs = [("listed_in", ref, "article id") for ref in work.listed_in]
    refs += [("same_as", work.same_as, "id")] if work.same_as else []
    for field_name, ref, what in refs:
        sources = "sources/articles.yml" if field_name == "listed_in" else "sources/articles.yml or bibliography.yml"
        target = library.works.get(ref)
        if target is None or (field_name == "listed_in" and target.kind != "article"):
            hint = library.suggest(ref)
            out.append(Diagnostic(work.defined_in, work.line, f"'{work.id}': {field_name} names unknown {what} '{ref}'",
                                  f"did you mean '{hint}'?" if hint else f"use an id from {sources}"))
    return out


def _work(values: dict[str, Any], kind: str, defined_in: str, line: int | None) -> Work:
    return Work(
        id=values["id"], url=values.get("url"), kind=kind, title=values.get("title"), name=values.get("name"),
        trans_title=values.get("trans_title"), publisher=values.get("publisher"), authors=values.get("authors") or (),
        date=values.get("date"),
        language=values.get("language"), accessed=values.get("accessed"),
        archive_url=values.get("archive_url"), archive_date=values.get("archive_date"),
        url_status=values.get("url_status") or "live", listed_in=values.get("listed_in") or (),
        same_as=values.get("same_as"), notes=values.get("notes"), sha256=values.get("sha256"),
        unconfirmed=values.get("unconfirmed") or (),
        verified_from=values.get("verified_from") or {},
        defined_in=defined_in, line=line,
    )
