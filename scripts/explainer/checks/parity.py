"""Parity of a page and its translation: structure, citations, numbers, links, untranslated text.

Sections are matched by their explicit heading IDs, so findings name the section:
``docs/en/leak.md:23: section #the-leak: number 1080 is in German but not in English``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..core.diagnostics import Diagnostic, clip
from ..lang.l10n import Words, language_name, plain_language
from ..model.citations import CITATION_RE, mask_code, scan
from ..model.pages import Page, resolve_target
from ..model.sections import Section, duplicate_ids, heading_problems
from .numbers import describe, kind_of, scan_numbers

_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+([\w-]+)", re.MULTILINE)
_FENCE = re.compile(r"^\s*(```+|~~~+)", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_QUOTED = re.compile(r"„[^“”]*[“”]|»[^«]*«|«[^»]*»|‚[^‘]*‘|“[^”]*”")
_WORD = re.compile(r"[^\W\d_]+")
MIN_IDENTICAL = 40  # characters: shorter identical paragraphs (names, numbers) are fine


@dataclass(frozen=True)
class Features:
    """What must be the same in a section and its translation."""

    citations: tuple[tuple[str, str | None], ...]
    numbers: Counter[str]
    links: Counter[str]
    images: Counter[str]
    tables: tuple[tuple[int, int], ...]
    admonitions: tuple[str, ...]
    code_blocks: int
    written: dict[str, str] = field(default_factory=dict)  # a resolved link or image target → as written
    places: dict[str, list[int]] = field(default_factory=dict)  # a number token → its offsets in the section's text


def _tables(text: str) -> tuple[tuple[int, int], ...]:
    shapes, rows, cols = [], 0, 0
    for line in [*mask_code(text).split("\n"), ""]:
        if line.strip().startswith("|"):
            if not _TABLE_RULE.match(line):
                rows += 1
                cols = max(cols, line.strip().strip("|").count("|") + 1)
        elif rows:
            shapes.append((rows, cols))
            rows, cols = 0, 0
    return tuple(shapes)


def features(section: Section, lang: str, source_lang: str | None = None, rel: str = "",
             words: Words | None = None) -> Features:
    """Collect the comparable features of one section (of a translation from ``source_lang``) of
    page ``rel``, read with the project's ``words`` (its locales and quotation marks). Links and
    images count by where they lead (:func:`resolve_target`), not by how
    they are written: ``../assets/x.png`` from ``docs/de/a.md`` is ``../../assets/x.png`` from
    ``docs/de/topics/a.md``. A path that leads outside ``docs/`` counts as what it was meant to be
    (:func:`_meant`); :func:`links_outside_docs` reports it."""
    text = section.text
    masked = section.masked
    citations, _ = scan(text, masked=masked)
    links: Counter[str] = Counter()
    images: Counter[str] = Counter()
    written: dict[str, str] = {}
    for bang, target in _LINK.findall(CITATION_RE.sub(" ", masked)) if "](" in masked else ():
        resolved = resolve_target(target, lang, rel) or resolve_target(_meant(target, rel), lang, rel)
        if resolved is not None:
            (images if bang else links)[resolved] += 1
            written.setdefault(resolved, target)
    words = words or Words()
    found = scan_numbers(text, words.cldr_locale(lang), _originals_marks(lang, source_lang, words), masked=masked)
    places: dict[str, list[int]] = {}
    for token, start, _ in found:
        places.setdefault(token, []).append(start)
    return Features(
        citations=tuple((c.id, c.quote) for cit in citations for c in cit.cites),
        numbers=Counter(token for token, _, _ in found),
        places=places,
        links=links,
        images=images,
        tables=_tables(text),
        admonitions=tuple(_ADMONITION.findall(masked)),
        code_blocks=len(_FENCE.findall(text)) // 2,
        written=written,
    )


def _meant(target: str, rel: str) -> str:
    """What a path that leads outside ``docs/`` was meant to say: the same path below ``docs/``, as
    seen from page ``rel`` (``../../assets/x.png`` from ``page.md`` → ``../assets/x.png``)."""
    return "../" * (rel.count("/") + 1) + re.sub(r"^(?:\.\.?/)+", "", target)


def links_outside_docs(page: Page) -> list[Diagnostic]:
    """Links and images whose path leads outside ``docs/`` (``../../assets/x.png`` from
    ``docs/en/page.md``): paths are relative to the page's file, in every language."""
    masked = CITATION_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), mask_code(page.body))
    out = []
    for match in _LINK.finditer(masked):
        bang, target = match.groups()
        if resolve_target(target, "lang", page.rel) is not None:
            continue
        what = "image" if bang else "link"
        meant = _meant(target, page.rel)
        out.append(Diagnostic(str(page.path), page.body_line + masked.count("\n", 0, match.start()),
                              f"{what} {clip(target, 100)} leads outside docs/",
                              f"paths are relative to the page's file: write {clip(meant, 100)} for "
                              f"docs/{clip(meant.removeprefix('../' * (page.rel.count('/') + 1)), 100)}"))
    return out


_BLANK_LINE = re.compile(r"\n\s*\n")


def _paragraphs(section: Section) -> list[str]:
    text = CITATION_RE.sub("", section.masked)
    return [" ".join(p.split()) for p in _BLANK_LINE.split(text) if p.strip()]  # whitespace collapsed


def looks_like(text: str, lang: str, other: str) -> bool:
    """Whether ``text`` reads as language ``other`` rather than ``lang`` (by function words)."""
    words = _WORD.findall(_QUOTED.sub(" ", text))
    if len(words) < 6:
        return False
    own, foreign = _telling_words(plain_language(lang).function_words, plain_language(other).function_words)
    mine = theirs = 0
    for word in words:
        word = word.lower()
        if word in foreign:
            theirs += 1
        elif word in own:
            mine += 1
    return theirs >= 3 and theirs > 2 * mine


@lru_cache(maxsize=64)
def _telling_words(own: frozenset[str], foreign: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The function words of two languages that the other does not share ("la", "de", "in" belong
    to several languages and prove nothing)."""
    return own - foreign, foreign - own


def _counter_diff(name: str, source: Counter[str], target: Counter[str], src_lang: str,
                  dst_lang: str, shown: tuple[dict[str, str], dict[str, str]] = ({}, {})) -> list[str]:
    if dict.__eq__(source, target):  # the usual case, at C speed (Counter's own == is Python)
        return []
    out = []
    for token in sorted((source - target).elements(), key=str):
        out.append(f"{name} {clip(shown[0].get(token, token), 200)} is in {src_lang} but not in {dst_lang}")
    for token in sorted((target - source).elements(), key=str):
        out.append(f"{name} {clip(shown[1].get(token, token), 200)} is in {dst_lang} but not in {src_lang}")
    return out


def _number_diff(a: Features, b: Features, names: tuple[str, str]) -> list[tuple[str, int | None]]:
    """Numbers that differ, with the offset in the translation's text of the number concerned (None
    when only the original has it). A number of one kind that differs on both sides is one mismatch,
    paired in the order they are written: ``time 18:00 in German is 18:30 in English``."""
    if dict.__eq__(a.numbers, b.numbers):
        return []
    missing = sorted((a.numbers - b.numbers).elements(), key=lambda t: min(a.places.get(t, [0])))
    extra = sorted((b.numbers - a.numbers).elements(), key=lambda t: min(b.places.get(t, [0])))
    used: dict[str, int] = {}

    def place(token: str) -> int | None:
        offsets = b.places.get(token, [])
        index = used.get(token, 0)
        used[token] = index + 1
        return offsets[-1 - index] if index < len(offsets) else (offsets[-1] if offsets else None)

    out: list[tuple[str, int | None]] = []
    for token in missing:
        twin = next((other for other in extra if kind_of(other) == kind_of(token)), None)
        if twin is not None:
            extra.remove(twin)
            out.append((f"{describe(token)} in {names[0]} is {describe(twin).split(' ', 1)[1]} in {names[1]}",
                        place(twin)))
        else:
            out.append((f"{clip(describe(token), 200)} is in {names[0]} but not in {names[1]}", None))
    out += [(f"{clip(describe(token), 200)} is in {names[1]} but not in {names[0]}", place(token)) for token in extra]
    return out


def compare_sections(src: Section, dst: Section, src_lang: str, dst_lang: str, rel: str = "",
                     words: Words | None = None) -> list[str]:
    """Differences between a section and its translation (of page ``rel``), as message texts."""
    return [message for message, _ in compare_located(src, dst, src_lang, dst_lang, rel, words)]


def compare_located(src: Section, dst: Section, src_lang: str, dst_lang: str,
                    rel: str = "", words: Words | None = None) -> list[tuple[str, int | None]]:
    """Differences between a section and its translation, each with the offset in the translation's
    text it concerns (a number's), or None for the section as a whole."""
    if (a := src.derived.get(("features", src_lang, rel))) is None:  # the same for every translation
        a = src.derived[("features", src_lang, rel)] = features(src, src_lang, rel=rel, words=words)
    b = features(dst, dst_lang, src_lang, rel, words)
    names = language_name(src_lang, "en"), language_name(dst_lang, "en")
    located: list[tuple[str, int | None]] = []
    if a.citations != b.citations:
        located.append((f"citations differ: {names[0]} {_fmt(a.citations)}, {names[1]} {_fmt(b.citations)}", None))
    located += _number_diff(a, b, names)
    out: list[str] = []
    out += _counter_diff("link", a.links, b.links, *names, (a.written, b.written))
    out += _counter_diff("image", a.images, b.images, *names, (a.written, b.written))
    if a.tables != b.tables:
        out.append(f"tables differ (rows × columns): {names[0]} {_shapes(a.tables)}, {names[1]} {_shapes(b.tables)}")
    if a.admonitions != b.admonitions:
        out.append(f"admonitions differ: {names[0]} {list(a.admonitions)}, {names[1]} {list(b.admonitions)}")
    if a.code_blocks != b.code_blocks:
        out.append(f"code blocks differ: {names[0]} {a.code_blocks}, {names[1]} {b.code_blocks}")
    if (source_paragraphs := src.derived.get("paragraphs")) is None:
        source_paragraphs = src.derived["paragraphs"] = set(_paragraphs(src))
    for paragraph in _paragraphs(dst):
        short = paragraph if len(paragraph) <= 50 else paragraph[:47] + "…"
        if len(paragraph) >= MIN_IDENTICAL and paragraph in source_paragraphs:
            out.append(f"paragraph is identical to the {names[0]}, not translated: {short!r}")
        elif looks_like(paragraph, dst_lang, src_lang):
            out.append(f"paragraph reads as {names[0]}, not {names[1]}: {short!r}")
    return located + [(message, None) for message in out]


def line_in(section: Section, offset: int) -> int:
    """The file line of ``offset`` in ``section.text`` (which has neither its heading nor the blank
    lines around it)."""
    raw = "\n".join(section.lines)
    lead = raw.count("\n", 0, len(raw) - len(raw.lstrip("\n")))
    return section.line + (1 if section.level else 0) + lead + section.text.count("\n", 0, offset)


def _quote_marks(lang: str, words: Words) -> tuple[str, str]:
    return words.text(lang, "open_quote"), words.text(lang, "close_quote")


def _originals_marks(lang: str, source_lang: str | None, words: Words) -> tuple[str, str] | None:
    """The marks of the originals a translation into ``lang`` keeps beside its own words: the source
    language's quotation marks, where they differ from ``lang``'s own. Where both languages use the
    same marks (Spanish and French: « »), a quotation cannot be told from a translated one, so none
    is left out (leaving them out dropped the translation's own numbers: a false mismatch)."""
    if not source_lang:
        return None
    marks = _quote_marks(source_lang, words)
    return None if [m.strip() for m in marks] == [m.strip() for m in _quote_marks(lang, words)] else marks


def _fmt(citations: tuple[tuple[str, str | None], ...]) -> str:
    return clip("[" + ", ".join(f"@{i}" + (f' "{clip(q, 80)}"' if q else "") for i, q in citations) + "]", 600)


def _shapes(shapes: tuple[tuple[int, int], ...]) -> str:
    return ", ".join(f"{r}×{c}" for r, c in shapes) or "none"


def compare_pages(src: Page, dst: Page, src_lang: str, dst_lang: str, words: Words | None = None) -> list[Diagnostic]:
    """All parity findings for a page (``src``) and its translation (``dst``), located in ``dst``
    (read with the project's ``words``)."""
    path = str(dst.path)
    names = language_name(src_lang, "en"), language_name(dst_lang, "en")
    out: list[Diagnostic] = []
    src_sections = src.sections
    dst_sections = dst.sections
    for sections, page in ((src_sections, src), (dst_sections, dst)):
        out += heading_problems(sections, str(page.path))
    if duplicate_ids(src_sections) or duplicate_ids(dst_sections):
        return out  # sections cannot be matched by ID: anything more would be noise
    src_tree = [(s.level, s.key) for s in src_sections]
    dst_tree = [(s.level, s.key) for s in dst_sections]
    if src_tree != dst_tree:
        index = next(i for i in range(max(len(src_tree), len(dst_tree)))
                     if i >= len(src_tree) or i >= len(dst_tree) or src_tree[i] != dst_tree[i])
        want = src_tree[index] if index < len(src_tree) else None
        have = dst_tree[index] if index < len(dst_tree) else None
        line = dst_sections[min(index, len(dst_sections) - 1)].line if dst_sections else dst.body_line
        out.append(Diagnostic(path, line, f"heading tree differs from the {names[0]} at heading {index + 1}: "
                              f"{names[0]} {_heading(want)}, {names[1]} {_heading(have)}",
                              "use the same headings, levels and IDs in the same order"))
    by_key = {s.key: s for s in src_sections}
    for section in dst_sections:
        twin = by_key.get(section.key)
        if twin is None:
            continue
        for message, offset in compare_located(twin, section, src_lang, dst_lang, dst.rel, words):
            line = section.line if offset is None else line_in(section, offset)
            out.append(Diagnostic(path, line, f"section #{section.key}: {message}",
                                  f"make the {names[1]} say what the {names[0]} says"))
    return out


def _heading(item: tuple[int, str] | None) -> str:
    return "(none)" if item is None else f"{'#' * item[0]} {{#{clip(item[1], 100)}}}" if item[0] else item[1]
