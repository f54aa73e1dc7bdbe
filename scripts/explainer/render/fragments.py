"""Deep links to a quoted passage: URL text fragments (WICG "Text Fragments", ``#:~:text=…``).

A supporting browser (Chromium, Safari, Firefox 131+) scrolls to and highlights the passage a
text directive names. The directive is built from the source text as stored in ``sources/`` (the
passage the quote check found, widened to whole words), never from the normalised key the check
compares, so it carries the page's own spelling, dashes and umlauts.

- A short passage is named whole (``text=start``); one of more than :data:`EXACT_MAX_WORDS` words,
  or one that spans paragraphs, by its first and last words (``text=start,end``), as few as make
  it unique.
- A passage that occurs more than once in the stored text gets words of its paragraph before it
  (``prefix-,``) or after it (``,-suffix``) until the directive names this occurrence only; the
  browser then skips the other ones.
- Words that were hyphenated at a line break in the stored text (``Wasser- schaden``) are never
  part of a term: the page may spell them either way.

Uniqueness is decided by running the directive the way a browser does (the spec's "find a range
from a text directive": case-insensitive, whole words, whitespace ignored between terms) over the
stored text. A quote that cannot be made unique gets no directive: :func:`text_fragment` says why
and the link goes to the page itself.

Example::

    >>> text_fragment("Lesesaal Alte Post", "Sie nannten ihn „Lesesaal Alte Post“.").directive
    'text=Lesesaal%20Alte%20Post'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote as percent_encode

from ..checks.quotes import locate
from ..core.textnorm import normalize_text

EXACT_MAX_WORDS = 10  # longer passages are named by their first and last words
EDGE_WORDS = 3  # words at each end of a range to start with
MAX_CONTEXT_WORDS = 5  # words of prefix or suffix at most
_BLOCK = "\n"  # a paragraph break: no term crosses it
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Fragment:
    """A text directive for a quote (``text=…``), or None with the reason why there is none."""

    directive: str | None
    reason: str = ""
    page: int | None = None  # a PDF's page: the link leads there (``#page=N``) instead

    def url(self, base: str) -> str:
        """``base`` with this directive appended (after an existing ``#fragment``, if any); for a
        PDF, ``base`` at the page (``…pdf#page=N``, replacing a fragment it had)."""
        if self.page:
            return f"{base.split('#')[0]}#page={self.page}"
        if not self.directive:
            return base
        return f"{base}:~:{self.directive}" if "#" in base else f"{base}#:~:{self.directive}"


@dataclass(frozen=True)
class _Term:
    """Words of the stored text: ``text`` starting at ``start`` in the flat document."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def encode_term(term: str) -> str:
    """Percent-encode one term of a text directive: everything but letters, digits and ``_.~``
    (``-``, ``,`` and ``&`` are the directive's syntax; spaces become ``%20``; other characters
    their UTF-8 bytes)."""
    return percent_encode(term, safe="").replace("-", "%2D")


@lru_cache(maxsize=64)
def _document(source_text: str) -> tuple[str, str, tuple[int, ...]]:
    """The stored text flattened: paragraphs joined by a newline, whitespace inside them collapsed
    to one space; the same lower-cased (for matching); and for each character of the original
    text its index in the flat one (or -1 where whitespace was collapsed away)."""
    text = normalize_text(source_text)
    flat: list[str] = []
    where = [-1] * len(text)
    pending = ""
    for index, char in enumerate(text):
        if char.isspace():
            if flat:
                pending = _BLOCK if (pending == _BLOCK or (char == "\n" and text[index - 1:index] == "\n")) else " "
            continue
        if pending:
            flat.append(pending)
            pending = ""
        where[index] = len(flat)
        flat.append(char)
    joined = "".join(flat)
    return joined, _fold(joined), tuple(where)


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _bounded(doc: str, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` starts and ends at word boundaries."""
    return (start == 0 or not _is_word_char(doc[start - 1]) or not _is_word_char(doc[start])) and \
           (end == len(doc) or not _is_word_char(doc[end]) or not _is_word_char(doc[end - 1]))


def _occurrences(doc: str, term: str, start: int = 0) -> list[int]:
    """Every start of ``term`` in ``doc`` from ``start`` on, at word boundaries."""
    out = []
    at = doc.find(term, start)
    while at != -1:
        if _bounded(doc, at, at + len(term)):
            out.append(at)
        at = doc.find(term, at + 1)
    return out


def _skip_space(doc: str, at: int, step: int) -> int:
    """The next position from ``at`` in direction ``step`` that is not whitespace (a browser
    skips whitespace and paragraph breaks between a prefix or suffix and its term)."""
    while 0 <= at < len(doc) and doc[at].isspace():
        at += step
    return at


def _prefix_fits(doc: str, start: int, prefix: str) -> bool:
    end = _skip_space(doc, start - 1, -1) + 1
    return end - len(prefix) >= 0 and doc[end - len(prefix):end] == prefix and _bounded(doc, end - len(prefix), end)


def _suffix_fits(doc: str, end: int, suffix: str) -> bool:
    start = _skip_space(doc, end, 1)
    return doc[start:start + len(suffix)] == suffix and _bounded(doc, start, start + len(suffix))


def matches(doc: str, start: str, end: str | None = None, prefix: str | None = None,
            suffix: str | None = None) -> set[tuple[int, int]]:
    """Every range of ``doc`` a text directive could highlight, one per occurrence of its start
    term (``doc`` and the terms lower-cased): after a fitting prefix, up to the first end term
    after it whose suffix fits. One range means the directive is unique."""
    found = set()
    for at in _occurrences(doc, start):
        if prefix and not _prefix_fits(doc, at, prefix):
            continue
        if end is None:
            if suffix is None or _suffix_fits(doc, at + len(start), suffix):
                found.add((at, at + len(start)))
            continue
        for stop in _occurrences(doc, end, at + len(start)):
            if suffix is None or _suffix_fits(doc, stop + len(end), suffix):
                found.add((at, stop + len(end)))
                break
    return found


def _fold(text: str) -> str:
    """Lower-case ``text`` character by character (length kept, so positions stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _hyphenated(word: str, follower: str) -> bool:
    """``Wasser-`` before ``schaden``: a word broken at a line end, or a suspended compound
    (``Hamburg- und``): either way its spelling on the page is not known."""
    return len(word) > 1 and word[-1] in "-‐‑" and word[-2].isalpha() and follower[:1].islower()


def _segments(doc: str, begin: int, finish: int) -> list[list[_Term]]:
    """The words of the passage ``doc[begin:finish]`` in runs that a term may span: a paragraph
    break or a line-break hyphenation (``Wasser- schaden``) ends a run, and the words on either
    side of such a hyphen are left out (the page may spell them joined)."""
    line_start = doc.rfind(_BLOCK, 0, begin) + 1
    line_end = doc.find(_BLOCK, finish)
    line_end = len(doc) if line_end == -1 else line_end
    runs: list[list[_Term]] = [[]]
    previous: _Term | None = None
    words = [_Term(m.group(), m.start()) for m in _WORD.finditer(doc, line_start, line_end)]
    broken = {index for index, word in enumerate(words[:-1]) if _hyphenated(word.text, words[index + 1].text)}
    broken |= {index + 1 for index in broken}
    for index, word in enumerate(words):
        if word.end <= begin or word.start >= finish:
            continue
        if previous is not None and _BLOCK in doc[previous.end:word.start]:
            runs.append([])
        previous = word
        if index in broken:
            runs.append([])
            continue
        runs[-1].append(_Term(doc[max(word.start, begin):min(word.end, finish)], max(word.start, begin)))
    # Words after a paragraph break inside the passage: _WORD ran over the first paragraph only.
    if finish > line_end:
        tail = _segments(doc, _skip_space(doc, line_end, 1), finish)
        return [run for run in runs if run] + tail
    return [run for run in runs if run]


def _span(doc: str, words: list[_Term]) -> _Term | None:
    """The stored text from the first to the last of ``words``, without punctuation at its ends
    (quotation marks and dashes are spelt differently from copy to copy)."""
    if not words:
        return None
    start, end = words[0].start, words[-1].end
    while start < end and not _is_word_char(doc[start]):
        start += 1
    while end > start and not _is_word_char(doc[end - 1]):
        end -= 1
    return _Term(doc[start:end], start) if start < end else None


def _context(doc: str, at: int, count: int, step: int) -> str | None:
    """``count`` words before (``step`` −1) or after (+1) position ``at`` within its paragraph
    (what lies between them and ``at`` included), or None when the paragraph has not that many or
    they hold no letter or digit."""
    if step < 0:
        line_start = doc.rfind(_BLOCK, 0, at) + 1
        found = list(_WORD.finditer(doc, line_start, at))
        if len(found) < count:
            return None
        term = doc[found[-count].start():found[-1].end()]
    else:
        line_end = doc.find(_BLOCK, at)
        found = list(_WORD.finditer(doc, at, len(doc) if line_end == -1 else line_end))
        if len(found) < count:
            return None
        term = doc[found[0].start():found[count - 1].end()]
    return term if any(_is_word_char(c) for c in term) else None


def _directive(start: str, end: str | None, prefix: str | None, suffix: str | None) -> str:
    parts = ([encode_term(prefix) + "-"] if prefix else []) + [encode_term(start)]
    parts += [encode_term(end)] if end else []
    parts += ["-" + encode_term(suffix)] if suffix else []
    return "text=" + ",".join(parts)


def _trim(doc: str, begin: int, finish: int) -> tuple[int, int]:
    """Widen ``begin:finish`` to whole words, then drop punctuation at both ends (a term must
    begin and end in a word)."""
    while begin > 0 and _is_word_char(doc[begin - 1]) and _is_word_char(doc[begin]):
        begin -= 1
    while finish < len(doc) and _is_word_char(doc[finish]) and _is_word_char(doc[finish - 1]):
        finish += 1
    while begin < finish and not _is_word_char(doc[begin]):
        begin += 1
    while finish > begin and not _is_word_char(doc[finish - 1]):
        finish -= 1
    return begin, finish


def _shapes(doc: str, runs: list[list[_Term]]) -> list[tuple[_Term, _Term | None]]:
    """Candidate (start, end) terms, shortest first: the whole passage when it is short and in one
    run; otherwise its first and last words, more of them each time."""
    shapes: list[tuple[_Term, _Term | None]] = []
    if not runs:
        return shapes
    if len(runs) == 1 and len(runs[0]) <= EXACT_MAX_WORDS:
        whole = _span(doc, runs[0])
        return [(whole, None)] if whole else []
    first, last = runs[0], runs[-1]
    most = max(len(first), len(last))
    for count in range(min(EDGE_WORDS, most), most + 1):
        head = _span(doc, first[:count])
        tail = _span(doc, last[-count:] if len(runs) > 1 else last[max(count, len(last) - count):])
        if head and tail and tail.start >= head.end and (head, tail) not in shapes:
            shapes.append((head, tail))
    if len(runs) == 1 and len(runs[0]) <= 2 * EXACT_MAX_WORDS and (whole := _span(doc, runs[0])):
        shapes.append((whole, None))
    return shapes


@lru_cache(maxsize=16384)  # a quote is linked on its page in every language
def text_fragment(quote: str, source_text: str, lang: str | None = None) -> Fragment:
    """The text directive that leads a browser to ``quote`` (as the quote check finds it in
    ``source_text``, written in ``lang``), or a :class:`Fragment` without one and the reason."""
    spans = locate(quote, source_text, lang)
    if not spans:
        return Fragment(None, "the quote is not in the stored text")
    shown, doc, where = _document(source_text)
    begin, finish = _trim(shown, where[spans[0][0]], where[spans[0][1] - 1] + 1)
    if begin >= finish:
        return Fragment(None, "the quote has no letter or digit to lead to")
    runs = _segments(shown, begin, finish)
    shapes = _shapes(shown, runs)
    if not shapes:
        return Fragment(None, "its words are hyphenated at a line break in the stored text, so the page may "
                              "spell them either way")
    for context in range(MAX_CONTEXT_WORDS + 1):
        for start, end in shapes:
            target = {(start.start, (end or start).end)}
            if not context:
                options: list[tuple[str | None, str | None]] = [(None, None)]
            else:
                before = _context(shown, start.start, context, -1)
                after = _context(shown, (end or start).end, context, 1)
                options = [pair for pair in ((before, None), (None, after), (before, after)) if any(pair)]
            for prefix, suffix in options:
                found = matches(doc, _fold(start.text), _fold(end.text) if end else None,
                                _fold(prefix) if prefix else None, _fold(suffix) if suffix else None)
                if found == target:
                    return Fragment(_directive(start.text, end.text if end else None, prefix, suffix))
    count = len(spans)
    times = f"{count} times" if count > 1 else "more than once"
    return Fragment(None, f"the passage occurs {times} in the stored text and no words of its paragraph around "
                          "it set this one apart")
