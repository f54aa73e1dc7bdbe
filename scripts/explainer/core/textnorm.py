"""Text normalisation shared by the article parser and the quote check.

The quote check compares a *match key* of the quote with one of the source (:func:`match_key`).
The key forgives typography and nothing else:

- every run of whitespace (line breaks, no-break and thin spaces) is one space, and so is a dash
  or hyphen between words: ``Early-Access`` = ``Early Access``, but ``1–2`` is never ``12``;
- a hyphen at a line break before a lower-case letter (``Wasser-⏎schaden``) and soft hyphens join
  (the word was broken for the line, not by its author);
- every quotation mark and apostrophe is ``'``, and spaces next to a quotation mark or before
  ``? ! ; : , .`` and after ``( ¿ ¡`` count as nothing (French ``« mot »``, ``Pourquoi ?``);
- ``…`` is ``...``; compatibility forms (ligatures, full-width letters) and normal forms are folded;
- letter case is ignored where the language allows it (:data:`CASE_MATTERS`: in German only the
  first letter of a quote may differ, since ``Sie``/``sie`` and ``Arm``/``arm`` are other words).

A match must start and end at word boundaries (:func:`locate`), so no quote joins or splits a word
or a number: ``the rapist`` is not in ``therapist``, ``12 million`` not in ``112 million``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)

# Every kind of quotation mark and apostrophe counts as the same character when matching quotes.
QUOTE_MARKS = "\"'„“”‟‚‘’‛«»‹›`´′″ʼ"
DASHES = "-‐‑‒–—―−"
_LINE_HYPHENS = "-‐\u00ad"
_NO_SPACE_BEFORE = set("?!;:,.)]'")  # after mapping: quotation marks are "'"
_NO_SPACE_AFTER = set("([¿¡'")
JOINT = "\x00"  # in a key: a line-break hyphen, which a quote may spell joined or as "- "
# What :func:`match_key` takes a run at a time instead of a character at a time (a page of 5 MB in
# 0.2 s instead of 5 s): characters that are their own key (ASCII letters, digits and punctuation
# but quotation marks and hyphens; Latin-1 letters: none has a compatibility form), single spaces
# between them that the key keeps, and runs of ASCII whitespace.
_PLAIN = r"A-Za-z0-9!#$%&()*+,./:;<=>?@\[\\\]^_{|}~\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_PLAIN_RUN = re.compile(rf"[{_PLAIN}]+(?:(?<![(\[]) (?![?!;:,.)\]])[{_PLAIN}]+)*")
_SPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")

# Languages whose letter case tells words apart (nouns are capitalised): only the first letter of a
# quote may differ there (a quote may start a sentence of the page).
CASE_MATTERS = frozenset({"de", "lb"})


def normalize_text(raw: str) -> str:
    """Normalise text as received: BOM, CRLF/CR, NFC, no-break spaces, soft hyphens.

    Line structure is kept, so line numbers stay valid.
    """
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.translate(_SPACES).translate(_INVISIBLE)


def _fold_compat(cluster: str) -> str:
    """A character (with its combining marks) in composed form, compatibility forms folded
    (``ﬁ`` → ``fi``, full-width ``Ａ`` → ``A``) unless that would turn a sign into a digit (``²``)."""
    composed = unicodedata.normalize("NFC", cluster)
    compat = unicodedata.normalize("NFKC", composed)
    if compat != composed and not (any(c.isdigit() for c in compat) and not composed.isdigit()):
        return compat
    return composed


def match_key(text: str, quote: bool = False) -> tuple[str, list[int]]:
    """Reduce ``text`` to the characters a quote must match, with a map back to ``text``.

    See the module's docstring for what is forgiven. ``positions[i]`` is the index in ``text``
    of key character ``i``. A line-break hyphen before a lower-case letter becomes :data:`JOINT`;
    in a ``quote``, so does a hyphen and any space before one (``Hamburg- und``: the quote may
    have been wrapped in the Markdown, or a suspended compound quoted).
    """
    chars: list[str] = []
    positions: list[int] = []
    pending_space = -1  # index of a space not yet written (written only between two key characters)
    length = len(text)
    index = 0
    while index < length:
        char = text[index]
        run = _PLAIN_RUN.match(text, index) or _SPACE_RUN.match(text, index)
        if run is not None:
            stop = run.end()
            if stop < length and unicodedata.combining(text[stop]):
                stop -= 1  # its last character and the marks after it are one cluster: taken below
                if stop > index and text[stop - 1] == " " and not char.isspace():
                    stop -= 1
            if stop > index:
                if char.isspace():
                    if pending_space == -1:
                        pending_space = index
                else:
                    if pending_space != -1:  # as below, for a character that is its own key
                        if chars and chars[-1] not in _NO_SPACE_AFTER and char not in _NO_SPACE_BEFORE \
                                and chars[-1] != JOINT:
                            chars.append(" ")
                            positions.append(pending_space)
                        pending_space = -1
                    chars.extend(text[index:stop])
                    positions.extend(range(index, stop))
                index = stop
                continue
        end = index + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        cluster = text[index:end]
        if char in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
            index = end
            continue
        if char in _LINE_HYPHENS and chars and chars[-1].isalpha():
            # "Wasser-\nschaden": a word broken at a line end (only whitespace with a line break after it)
            after = end
            while after < length and text[after] in " \t\u00a0":
                after += 1
            if after < length and (text[after] == "\n" or (quote and after > end)):
                while after < length and text[after].isspace():
                    after += 1
                if after < length and text[after].islower():
                    chars.append(JOINT)
                    positions.append(index)
                    pending_space = -1
                    index = after
                    continue
        if char in DASHES and end < length and text[end].isdigit() \
                and (pending_space != -1 or not chars or not chars[-1].isalnum()):
            mapped = "-"  # a sign: "−5" is not "5"
        elif char.isspace() or char in DASHES:
            if pending_space == -1:
                pending_space = index
            index = end
            continue
        elif char == "…":
            mapped = "..."
        elif char in QUOTE_MARKS:
            mapped = "'"
        else:
            mapped = _fold_compat(cluster)
        if pending_space != -1:
            if chars and chars[-1] not in _NO_SPACE_AFTER and mapped[0] not in _NO_SPACE_BEFORE \
                    and chars[-1] != JOINT:
                chars.append(" ")
                positions.append(pending_space)
            pending_space = -1
        for out in mapped:
            chars.append(out)
            positions.append(index)
        index = end
    return "".join(chars), positions


def _lower(key: str) -> str:
    """``key`` lower-cased character by character, its length kept (so positions stay valid)."""
    lowered = key.lower()
    if len(lowered) == len(key):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in key)


def case_matters(lang: str | None) -> bool:
    """Whether letter case tells words apart in language ``lang`` (None: unknown, so it does)."""
    return lang is None or lang.split("-")[0].split("_")[0].lower() in CASE_MATTERS


def _is_word(char: str) -> bool:
    return char.isalnum() or char == JOINT


@lru_cache(maxsize=4096)
def _pattern(quote_key: str, fold_all: bool, joints: bool) -> re.Pattern[str]:
    """A pattern for ``quote_key`` in a source key: whole words at both ends; case folded
    (``fold_all``: the key is matched against a lower-cased source) or, otherwise, only its first
    letter; where the source has line-break hyphens (``joints``), one may stand between two
    letters (joined); one in the quote (``Hamburg- und``) stands for one, a space or nothing."""
    parts = []
    for position, char in enumerate(quote_key):
        if char == JOINT:  # "Platt-⏎form" or "Hamburg- und" in the quote
            parts.append(f"(?:{JOINT}| )?")
            continue
        if position and joints:
            previous = quote_key[position - 1]
            if previous.isalpha() and char.isalpha():
                parts.append(JOINT + "?")
        if position == 0 and not fold_all and char.lower() != char.upper():
            parts.append("[" + re.escape(char.lower()) + re.escape(char.upper()) + "]")
        else:
            parts.append(re.escape(char))
    start = rf"(?<![^\W_]|{JOINT})" if _is_word(quote_key[0]) else ""
    end = rf"(?![^\W_]|{JOINT})" if _is_word(quote_key[-1]) else ""
    if quote_key[0].isdigit():  # "5 million" is not in "1.5 million", "2,5" or "-5"
        start += r"(?<!\d[.,])(?<!-)"
    if quote_key[-1].isdigit():
        end += r"(?![.,]\d)"
    return re.compile(start + "".join(parts) + end)


@lru_cache(maxsize=64)
def source_key(text: str, fold: bool) -> tuple[str, tuple[int, ...]]:
    """The match key of a (normalised) source text, lower-cased if ``fold``, and its positions."""
    if fold:  # the key as written, made once for both
        key, positions = source_key(text, False)
        return _lower(key), positions
    key, found = match_key(text)
    return key, tuple(found)


def quote_key(quote: str, fold: bool) -> str:
    """The match key of a quote, lower-cased if ``fold``."""
    key = match_key(quote, quote=True)[0].strip()
    return _lower(key) if fold else key


def find_all(quote: str, text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Every place ``quote`` occurs in ``text`` (already :func:`normalize_text`-ed) as ``(start,
    end)`` in key positions of :func:`source_key`; empty if it does not occur."""
    fold = not case_matters(lang)
    needle = quote_key(quote, fold)
    if not needle:
        return []
    key, _ = source_key(text, fold)
    if JOINT not in needle:  # first at C speed: the quote as written (its first letter in either case)
        firsts = {needle} if fold else {needle, needle[0].swapcase() + needle[1:]}
        found = sorted(hit for variant in firsts for hit in _plain_hits(key, variant))
        if found or JOINT not in key:
            return found
    pattern = _pattern(needle, fold, JOINT in key)
    return [(m.start(), m.end()) for m in pattern.finditer(key)]


def _plain_hits(key: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of ``needle`` in ``key`` that begins and ends at word and number boundaries
    (what :func:`_pattern` asks of a match, without a regular expression)."""
    out = []
    at = key.find(needle)
    while at != -1:
        end = at + len(needle)
        before, after = key[at - 1:at], key[end:end + 1]
        ok = not (_is_word(needle[0]) and before and _is_word(before))
        ok = ok and not (_is_word(needle[-1]) and after and _is_word(after))
        if ok and needle[0].isdigit():
            ok = before != "-" and not (before in ".," and key[at - 2:at - 1].isdigit())
        if ok and needle[-1].isdigit():
            ok = not (after in ".," and after and key[end + 1:end + 2].isdigit())
        if ok:
            out.append((at, end))
        at = key.find(needle, at + 1)
    return out


def collapse_spaces(text: str) -> str:
    """Collapse runs of whitespace to single spaces and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()
