"""Numbers in running text, normalised across languages with each side's own locale.

"150 Milliarden" = "150 billion" = "150 milliards" = "150 mil millones"; "11. April 2006" =
"April 11, 2006" = "11 avril 2006" = "11 de abril de 2006"; "1.234,5" = "1,234.5" = "1 234,5".
Decimal and group separators, month names and currency names come from CLDR (Babel) for every
locale; scale words and ordinal endings, which CLDR lacks, from the language's data file
(:mod:`explainer.lang.l10n`). Citations, URLs, link targets, heading IDs, attribute lists and code
are not text and are ignored.

Beyond bare numbers, a token says what a number is (:func:`describe` names it):

- numbers written as words, from three up (``cinco`` = ``five`` = ``fünf`` = ``5``), read with
  text2num in the languages it knows (:data:`WORDS_LANGUAGES`);
- times with their time zone: ``18:00 Uhr MEZ`` = ``6 p.m. CET`` = ``18 h`` (``time 18:00 CET``);
- percentages: ``10 %`` = ``10 Prozent`` = ``10 per cent`` (``percentage 10``);
- ranges: ``1–2 Millionen`` = ``1 to 2 million`` (``range 1000000–2000000``);
- amounts and quantities: ``150 Milliarden Dollar`` = ``$150 billion`` (``amount 150000000000 USD``),
  ``0,23 Hz`` = ``0.23 Hz`` (``quantity 0.23 Hz``).

:func:`scan_numbers` gives each token with its place, so findings name the number's line.

``lang`` is the CLDR locale the text is written in: a project's ``words.cldr_locale(code)``
(:class:`explainer.lang.l10n.Words`), or a language code, its own locale. The functions are pure
functions of their arguments, so their caches are never cleared.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.dates import get_month_names
from babel.numbers import get_currency_name, get_currency_symbol, get_decimal_symbol, get_group_symbol
from text_to_num import alpha2digit  # type: ignore[import-untyped]

from ..lang.l10n import plain_language, plain_locale
from ..model.citations import CITATION_RE, mask_code

# Not text: citations, link targets, URLs, attribute lists and heading IDs, HTML tags (one pass).
_NOISE = re.compile("|".join([CITATION_RE.pattern, r"\]\([^)]*\)", r"https?://\S+", r"\{[:#][^}]*\}", r"<[^>]+>"]),
                    CITATION_RE.flags)
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+", re.MULTILINE)
_VERSION = re.compile(r"\b[vV]?\d+(?:\.\d+){2,}\b")
# Where "." groups thousands, "1.500.000" is a number, not a version: dotted groups of three are left to it.
_VERSION_NOT_GROUPED = re.compile(r"\b[vV]?(?!\d{1,3}(?:\.\d{3})+(?![\d.]))\d+(?:\.\d+){2,}\b")
_SPACES = " \u00a0\u202f"  # what readers and CLDR use between digit groups where the group symbol is a space


# A dot before other than three digits is no thousands separator: "0.9", "1.5-5B" are names.
_DIGIT_DOT_DIGIT = re.compile(r"\d\.\d")
_DOTTED_DECIMAL = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.])")  # "." also groups thousands
_DOTTED_ANY = re.compile(r"(?<![\w.,])\d+\.\d+(?![\d.])")



@dataclass(frozen=True)
class NumberFormat:
    """How one locale writes numbers, and the words that scale them."""

    decimal: str
    group: str
    pattern: re.Pattern[str]
    scales: dict[str, int]
    dotted: re.Pattern[str] | None  # where "." is no decimal point, "0.9" or "1.5-5B" are names, kept as written
    version: re.Pattern[str] = _VERSION  # "0.9.0", "v1.2.3": kept as written


@lru_cache(maxsize=32)
def number_format(lang: str) -> NumberFormat:
    """The locale's separators (CLDR) and its language's scale words and ordinal endings."""
    words = plain_language(lang)  # first: a language without data, or one CLDR does not know, is a located error
    locale = plain_locale(lang)
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    group_class = "[" + re.escape(_SPACES) + "]" if group.strip(_SPACES) == "" else re.escape(group)
    if group == "’" or group == "'":
        group_class = "['’]"
    ordinal = f"(?:{words.ordinal_suffix})?" if words.ordinal_suffix else ""
    d = re.escape(decimal)
    # (?<![\w.,])(\d{1,3}(?:G\d{3})+(?:D\d+)?(?!\d)|\d+(?:D\d+)?), written digit first so that the
    # search skips to the next digit instead of trying the lookbehind at every character.
    pattern = re.compile(
        rf"(\d(?<![\w.,]\d)(?:\d{{0,2}}(?:{group_class}\d{{3}})+(?:{d}\d+)?(?!\d)|\d*(?:{d}\d+)?)){ordinal}"
        r"(?:[ \u00a0\u202f]*([^\W\d_]+)\.?(?:[ \u00a0]+([^\W\d_]+))?)?")
    dotted = None if decimal == "." else _DOTTED_DECIMAL if group == "." else _DOTTED_ANY
    version = _VERSION_NOT_GROUPED if group == "." else _VERSION
    return NumberFormat(decimal, group, pattern, dict(words.scale_words), dotted, version)


@lru_cache(maxsize=32)
def _month_numbers(lang: str) -> dict[str, int]:
    """Month names (wide and abbreviated, in both contexts, lower case, without dot) to their numbers."""
    months: dict[str, int] = {}
    locale = plain_locale(lang)
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context=context, locale=locale).items():
                months[name.rstrip(".").lower()] = number
    months.update(plain_language(lang).extra_months)
    return months


# The shapes of a date with any word where the month goes: "26. November 2024", "1er avril 2006", "1.º de abril",
# "11 de abril de 2006", "November 26, 2024", "November 2024", "abril de 2006". Every date ends in a
# year, so only the few characters before each four-digit number are searched, for a whole word that
# is then looked up among the month names: far faster than an alternation of every month name tried
# at every position of the text. Days and months start a number or word ("2024 November 2025" is no
# 24 November).
_WORD_START = r"(?<![^\W\d_])"
_DATE_SHAPE = re.compile(
    r"(?:(?<!\d)(?P<d1>\d{1,2})(?:\.?[ºª°]|\.|er|re)?\s+(?:de\s+)?(?P<m1>[^\W\d_]++)\.?\s+(?:de\s+|del\s+)?(?P<y1>\d{4})"
    rf"|{_WORD_START}(?P<m2>[^\W\d_]++)\.?\s+(?P<d2>\d{{1,2}}),\s*(?P<y2>\d{{4}})"
    rf"|{_WORD_START}(?P<m3>[^\W\d_]++)\.?\s+(?:de\s+)?(?P<y3>\d{{4}}))\Z")
_YEAR = re.compile(r"\d(?<!\w\d)\d{3}\b")  # \b\d{4}\b, in a form re scans faster
_DATE_REACH = 64  # characters before the year where a date may start


def _dates(text: str, lang: str) -> tuple[str, list[tuple[str, int, int]]]:
    """``text`` with its dates blanked out (offsets kept), and the dates as ISO strings with their places."""
    months = _month_numbers(lang)
    found: list[tuple[str, int, int]] = []
    pieces: list[str] = []
    done = 0
    for year in _YEAR.finditer(text):
        position = max(done, year.start() - _DATE_REACH)
        while match := _DATE_SHAPE.search(text, position, year.end()):
            groups = match.groupdict()
            month = months.get((groups["m1"] or groups["m2"] or groups["m3"]).lower())
            if month is None:
                position = match.start() + 1
                continue
            day = groups["d1"] or groups["d2"]
            iso = f"{year.group()}-{month:02d}-{int(day):02d}" if day else f"{year.group()}-{month:02d}"
            found.append((iso, match.start(), match.end()))
            pieces += [text[done:match.start()], _spaces(match.group())]
            done = match.end()
            break
    pieces.append(text[done:])
    return "".join(pieces), found


@lru_cache(maxsize=65536)  # the same figures recur in a page, its sections and its translations
def _number_token(digits: str, lang: str, scale: int) -> str | None:
    """The language-neutral token of a number as written, times ten to ``scale``."""
    if digits.isdecimal() and scale >= 0 and len(digits) <= 30:  # no separator: the usual case, and quicker
        return str(int(digits) * 10**scale)
    fmt = number_format(lang)
    plain = re.sub(r"[\s'’.,]", lambda m: "." if m.group() == fmt.decimal else "", digits)
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    return _canonical(value.scaleb(scale) if scale else value)


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text



# ------------------------------------------------------------------ words, times, units, ranges

WORDS_LANGUAGES = frozenset({"de", "en", "es", "fr", "it", "nl", "pt"})  # what text2num reads
PERCENT_WORDS = {"de": ("prozent",), "en": ("percent", "per cent"), "fr": ("pour cent", "pourcent"),
                 "es": ("por ciento",), "it": ("per cento",), "pt": ("por cento",), "nl": ("procent",)}
RANGE_WORDS = {"de": ("bis",), "en": ("to",), "fr": ("à", "au"), "es": ("a", "al"), "it": ("a",), "pt": ("a",),
               "nl": ("tot",)}
CURRENCIES = ("USD", "EUR", "GBP", "CHF", "JPY", "CNY")
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "dólar": "USD", "dólares": "USD", "dollari": "USD",
                  "dollaro": "USD", "euro": "EUR", "euros": "EUR", "us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
UNITS = ("Hz", "kHz", "MHz", "GHz", "kB", "KB", "MB", "GB", "TB", "PB", "px", "fps", "ms", "min", "km", "cm", "mm",
         "kg", "mg", "kW", "MW", "GW", "kWh", "MWh", "GWh", "°C", "°F", "dB")
TIME_ZONES = {"mez": "CET", "mesz": "CEST", "cet": "CET", "cest": "CEST", "utc": "UTC", "gmt": "GMT",
              "pst": "PST", "pdt": "PDT", "est": "EST", "edt": "EDT", "ct": "CT", "cst": "CST", "cdt": "CDT",
              "et": "ET", "pt": "PT", "bst": "BST", "jst": "JST"}
_TZ = r"(?:\s*(?P<tz>MESZ|MEZ|CEST|CET|UTC|GMT|PST|PDT|EST|EDT|CST|CDT|BST|JST|ET|PT)(?P<off>[+−-]\d{1,2}(?::?\d{2})?)?\b)?"
_CLOCK = (r"(?<![\w.,:])(?P<h>[01]?\d|2[0-3])(?:(?::(?P<m>[0-5]\d)(?::[0-5]\d)?|\.(?P<m2>[0-5]\d)(?=\s*Uhr))"
          r"(?:\s*(?P<ap>[ap]\.?\s?m\.?)(?!\w)|\s*(?:Uhr|h)\b)?"
          r"|\s?h\s?(?P<m3>[0-5]\d)?(?![\w])|\s*Uhr\b|\s*(?P<ap2>[ap]\.\s?m\.|[ap]m)(?!\w))" + _TZ)
_TIME = re.compile(_CLOCK, re.IGNORECASE)
_ANY_DIGIT = re.compile(r"\d")
_MARK = re.compile(r"\{(?:term|derived)\}")
DERIVED = "{derived}"  # after a number: the page's own figure (a sum, a difference), not the source's
_KINDS = {"time": "time", "percent": "percentage", "amount": "amount", "quantity": "quantity", "range": "range"}


def describe(token: str) -> str:
    """A token as a finding names it: ``time:18:00`` → ``time 18:00``, ``2024`` → ``number 2024``."""
    kind, _, value = token.partition(":")
    if kind in _KINDS:
        return f"{_KINDS[kind]} {value}" + (" %" if kind == "percent" else "")
    return f"number {token}"


def kind_of(token: str) -> str:
    """``time``, ``percent``, ``amount``, ``quantity``, ``range`` or ``number``."""
    kind = token.partition(":")[0]
    return kind if kind in _KINDS else "number"


def values_of(token: str) -> set[str]:
    """The plain numbers a token consists of (``range:1–2`` → 1 and 2; ``amount:5 USD`` → 5;
    ``time:18:00 CET`` → 18:00; a date → itself), for asking whether a source has them."""
    kind, _, value = token.partition(":")
    if kind not in _KINDS:
        return {token}
    value = value.split(" ")[0]
    return set(value.split("–")) if kind == "range" else {value}


_NOT_NEWLINE = re.compile(r"[^\n]")


def _spaces(text: str) -> str:
    """``text`` blanked out: every character but a line break a space (offsets and lines kept)."""
    return " " * len(text) if "\n" not in text else _NOT_NEWLINE.sub(" ", text)


@lru_cache(maxsize=32)
def _suffixes(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """What may follow a number and say what it counts: a percent sign or word, a currency (CLDR
    names and symbols), a unit; and the currency symbols that may precede one."""
    locale = plain_locale(lang)
    base = lang.split("-")[0].split("_")[0]
    currencies = dict(CURRENCY_WORDS)
    for code in CURRENCIES:
        currencies[code.lower()] = code
        currencies[get_currency_symbol(code, locale).lower()] = code
        for count in (1, 2):
            currencies[get_currency_name(code, count, locale).lower()] = code
    words = sorted(currencies, key=len, reverse=True)
    percent = sorted(PERCENT_WORDS.get(base, ()), key=len, reverse=True)
    alternatives = [r"(?P<pct>%" + "".join("|" + re.escape(w) + r"(?!\w)" for w in percent) + ")",
                    r"(?:(?:de|di|d'|d’)\s*)?(?P<cur>" + "|".join(re.escape(w) + (r"(?!\w)" if w[-1].isalnum() else "")
                                                              for w in words) + ")",
                    r"(?P<unit>(?-i:" + "|".join(map(re.escape, sorted(UNITS, key=len, reverse=True))) + r"))(?!\w)"]
    suffix = re.compile(r"[ \u00a0\u202f]*(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    symbols = {w: c for w, c in currencies.items() if not w[-1].isalpha() or w in ("us$",)}
    prefix = re.compile(r"(?:" + "|".join(re.escape(w) for w in sorted(symbols, key=len, reverse=True))
                        + r")[ \u00a0\u202f]?$", re.IGNORECASE)
    return suffix, prefix, currencies


@lru_cache(maxsize=32)
def _range_between(lang: str) -> re.Pattern[str]:
    base = lang.split("-")[0].split("_")[0]
    words = "".join("|" + re.escape(w) for w in RANGE_WORDS.get(base, ()))
    return re.compile(r"[ \u00a0\u202f]*(?:[–—‒-]" + words + r")[ \u00a0\u202f]*\Z", re.IGNORECASE)


def _time_token(match: re.Match[str]) -> str | None:
    hour = int(match.group("h"))
    minute = match.group("m") or match.group("m2") or match.group("m3") or "00"
    meridiem = (match.group("ap") or match.group("ap2") or "").lower().replace(".", "").replace(" ", "")
    if not (match.group("m") or match.group("m2") or match.group("m3") or meridiem or "h" in match.group(0).lower()
            or "uhr" in match.group(0).lower()):
        return None
    if meridiem:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    token = f"time:{hour:02d}:{minute}"
    if match.group("tz"):
        token += " " + TIME_ZONES.get(match.group("tz").lower(), match.group("tz").upper())
        if match.group("off"):
            token += match.group("off").replace("−", "-")
    return token


def _spelled(text: str, lang: str, fmt: NumberFormat) -> str:
    """``text`` with numbers written as words (three and up) turned into digits, in place: a word
    run that holds one is replaced by the digits, padded with spaces to its length (so offsets and
    lines stay valid); a number longer than its words keeps its place by a marker the tokens skip."""
    base = lang.split("-")[0].split("_")[0]
    if base not in WORDS_LANGUAGES:
        return text
    pieces: list[str] = []
    done = 0
    for run in _WORD_RUN.finditer(text):
        words = run.group()
        begin = run.start()
        before = text[max(0, begin - 3):begin]
        if before.strip() and before.rstrip()[-1:].isdigit():  # "150 Milliarden": the scale of a number in digits
            while (first := re.match(r"[ \t]*([^\W\d_]+)", words)) and first.group(1).lower() in fmt.scales:
                begin += first.end()
                words = words[first.end():]
        if not words.strip():
            continue
        for start, end, mark in _run_numbers(words, base):  # each number where its words stand
            pieces += [text[done:begin + start], mark]
            done = begin + end
    pieces.append(text[done:])
    return "".join(pieces)


@lru_cache(maxsize=65536)  # word runs recur ("sagte sie", a name, a phrase): text2num reads each once
def _run_numbers(words: str, base: str) -> tuple[tuple[int, int, str], ...]:
    """The numbers written as words in one run of ``words`` of language ``base``: ``(start, end,
    replacement)`` for each, the replacement as long as ``words[start:end]`` or longer (see
    :func:`_spelled`). A pure function of its arguments, so its cache is never cleared."""
    plain = _VAGUE.sub(lambda m: "x" * len(m.group()), words.replace("-", " "))  # "ten-second", not "hundreds"
    if (percent := _percent_words(base)) is not None:  # "pour cent" is no hundred
        plain = percent.sub(lambda m: "x" * len(m.group()), plain)
    converted = alpha2digit(plain, base)
    if converted == plain or not any(c.isdigit() for c in converted):
        return ()
    out = []
    for start, end, numbers in _number_spans(plain, converted):
        mark = " ".join(f"\ue010{number}\ue011" for number in numbers)
        # Right-aligned: the number ends where its words end, so a mark right after it ("vier{derived}") follows it.
        out.append((start, end, " " * max(0, end - start - len(mark)) + mark))
    return tuple(out)


def _number_spans(plain: str, converted: str) -> list[tuple[int, int, list[str]]]:
    """Where in ``plain`` (a run of words) the numbers of ``converted`` (text2num's reading of it)
    stand: ``(start, end, numbers)`` for each run of words that became digits. "Die vier sind" →
    the span of "vier" only, so a mark right after the number ("vier{derived}") is next to it."""
    words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", plain)]
    read = converted.split()
    spans = []
    matcher = difflib.SequenceMatcher(a=[w for w, _, _ in words], b=read, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        numbers = [n.replace(",", ".") for token in read[j1:j2] for n in re.findall(r"\d+(?:[.,]\d+)?", token)]
        if tag in ("replace", "delete", "insert") and numbers and i2 > i1:
            spans.append((words[i1][1], words[i2 - 1][2], numbers))
    return spans


# Possessive: nothing follows, so the greedy first path is the match, and giving letters back only costs time.
_WORD_RUN = re.compile(r"[^\W\d_]++(?:[’'-]?[^\W\d_]++)*+(?:[ \t]++[^\W\d_]++(?:[’'-]?[^\W\d_]++)*+)*+")
# Plurals that name no number ("hundreds of artists"), which text2num would read as one.
_VAGUE = re.compile(r"\b(?:hundreds|thousands|millions|billions|dozens|hunderte|hunderten|tausende|tausenden|"
                    r"dutzende|centaines|milliers|dizaines|cientos|centenares|miles|decenas|centinaia|migliaia|"
                    r"decine|honderden|duizenden|centenas|milhares|dezenas)\b", re.IGNORECASE)


@lru_cache(maxsize=16)
def _percent_words(base: str) -> re.Pattern[str] | None:
    words = PERCENT_WORDS.get(base, ())
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE) if words else None


def wrong_decimals(markdown: str, lang: str) -> list[tuple[str, int]]:
    """Decimal marks wrong for the locale before a unit, currency, percentage or scale word (French
    ``0.23 Hz``, English ``0,5 %``): ``(as written, offset)`` of each."""
    fmt = number_format(lang)
    other = "," if fmt.decimal == "." else "."
    text = _NOISE.sub(lambda m: _spaces(m.group()), mask_code(markdown))
    suffix, _, _ = _suffixes(lang)
    out = []
    for match in re.finditer(rf"(?<![\w.,])\d+{re.escape(other)}\d+(?![\d.,])", text):
        tail = match.group().split(other)[1]
        if other == fmt.group and len(tail) == 3:
            continue  # "1.234" in German, "1,234" in English: grouped thousands
        after = text[match.end():match.end() + 40]
        word = re.match(r"[ \u00a0\u202f]*([^\W\d_]+)", after)
        if suffix.match(after) or (word and word.group(1).lower() in fmt.scales):
            out.append((match.group(), match.start()))
    return out


def scan_numbers(markdown: str, lang: str, skip_quotes: tuple[str, str] | None = None,
                 masked: str | None = None) -> list[tuple[str, int, int]]:
    """Every number, date, version, time, percentage, range, amount and quantity in ``markdown``
    as ``(token, start, end)``, in order (offsets into ``markdown``).

    ``skip_quotes`` (opening and closing mark) leaves out quotations in another language, such as
    the originals a translation keeps beside their translation. ``masked`` is
    ``mask_code(markdown)`` if the caller has it already.
    """
    fmt = number_format(lang)
    text = _NOISE.sub(lambda m: _spaces(m.group()), mask_code(markdown) if masked is None else masked)
    text = _MARK.sub(lambda m: _spaces(m.group()), text)
    if skip_quotes and (pattern := _quotation(skip_quotes)) is not None:
        text = pattern.sub(lambda m: _spaces(m.group()), text)
    found: list[tuple[str, int, int]] = []
    if _ANY_DIGIT.search(text):
        for match in _TIME.finditer(text):
            if (token := _time_token(match)) is not None:
                found.append((token, match.start(), match.end()))
                text = text[:match.start()] + _spaces(match.group()) + text[match.end():]
    dotted = _DIGIT_DOT_DIGIT.search(text) is not None  # decimals and versions need one
    suffix, prefix, currencies = _suffixes(lang)
    if fmt.dotted and dotted:
        for m in fmt.dotted.finditer(text):  # a name ("0.9"), or a decimal in the wrong mark ("0.23 Hz"): as meant
            value, end = _canonical(Decimal(m.group(0))), m.end()
            if (after := suffix.match(text, end)) is not None:
                value = _with_counts(value, "%" if after.group("pct") else
                                     currencies.get((after.group("cur") or "").lower(), "") or after.group("unit") or "")
                end = after.end()
            found.append((value, m.start(), end))
        text = fmt.dotted.sub(lambda m: _spaces(m.group()), text)
    text, dates = _dates(text, lang)
    found += dates
    text = _LIST_MARKER.sub(lambda m: _spaces(m.group()), text)  # after dates: "26. November 2024" may start a line
    if dotted:
        for m in fmt.version.finditer(text):
            found.append((m.group().lstrip("vV"), m.start(), m.end()))
        text = fmt.version.sub(lambda m: _spaces(m.group()), text)
    text = _spelled(text, lang, fmt)
    numbers: list[tuple[str, int, int, str, bool]] = []  # value, start, end, what it counts ("" for nothing), scaled
    for match in _numbers(lang).finditer(text):
        if match.group("spelled"):
            value, end = _canonical(Decimal(match.group("spelled"))), match.end("spelled") + 1
            scale: int | None = 0
        else:
            first, second = (match.group(2) or "").lower(), (match.group(3) or "").lower()
            scale = fmt.scales.get(f"{first} {second}") if second else None
            end = match.end(3) if scale is not None else match.end(1)
            if scale is None:
                scale = fmt.scales.get(first)
                end = match.end(2) if scale is not None else match.end(1)
            token = _number_token(match.group(1), lang, scale or 0)
            if token is None:
                continue
            value = token
        counts = ""
        if (after := suffix.match(text, end)) is not None:
            if after.group("pct"):
                counts = "%"
            elif after.group("cur"):
                counts = currencies.get(after.group("cur").lower(), "")
            else:
                counts = after.group("unit")
            end = after.end()
        elif (before := prefix.search(text, max(0, match.start() - 4), match.start())) is not None:
            counts = currencies.get(before.group().strip().lower(), "")
        numbers.append((value, match.start(), end, counts, bool(scale)))
    between = _range_between(lang)
    index = 0
    while index < len(numbers):
        value, start, end, counts, scaled = numbers[index]
        if index + 1 < len(numbers) and between.match(text[end:numbers[index + 1][1]]) \
                and not _NAMED.match(text, numbers[index + 1][1]) and not text[start - 1:start].isalpha():
            high, _, high_end, high_counts, high_scaled = numbers[index + 1]
            low = value
            if not scaled and high_scaled:  # "1–2 Millionen": the scale of the second
                low = _scaled_like(value, high, text, numbers[index + 1], fmt, lang)
            counts = counts or high_counts
            found.append((_with_counts(f"range:{low}–{high}", counts), start, high_end))
            index += 2
            continue
        found.append((_with_counts(value, counts), start, end))
        index += 1
    found.sort(key=lambda item: item[1])
    return found


_NAMED = re.compile(r"[\d.,]+[^\W\d_]")  # "5B", "768p": a name, no end of a range


def _scaled_like(low: str, high: str, text: str, high_item: tuple[str, int, int, str, bool], fmt: NumberFormat,
                 lang: str) -> str:
    """The lower end of "1–2 Millionen" with the scale of the upper end."""
    written = re.match(r"[\d.,'’ \u00a0\u202f]+", text[high_item[1]:])
    digits = written.group().strip() if written else ""
    plain = _number_token(digits, lang, 0) if digits else None
    if plain is None or plain == high or plain == "0":
        return low
    factor = Decimal(high) / Decimal(plain)
    return _canonical(Decimal(low) * factor)


def _with_counts(value: str, counts: str) -> str:
    if not counts:
        return value
    if value.startswith("range:"):
        return f"{value} {counts}"
    if counts == "%":
        return f"percent:{value}"
    kind = "amount" if counts.isupper() and len(counts) == 3 and counts in CURRENCIES else "quantity"
    return f"{kind}:{value} {counts}"


@lru_cache(maxsize=32)
def _numbers(lang: str) -> re.Pattern[str]:
    """The locale's number pattern, or a spelled-out number turned into digits by :func:`_spelled`."""
    return re.compile(number_format(lang).pattern.pattern + "|\ue010(?P<spelled>[\\d.]+)\ue011")


def _without_quotes(text: str, marks: tuple[str, str]) -> str:
    pattern = _quotation(marks)
    return text if pattern is None else pattern.sub(" ", text)


@lru_cache(maxsize=32)
def _quotation(marks: tuple[str, str]) -> re.Pattern[str] | None:
    """A quotation between the marks (opening, closing), compiled once per language."""
    opening, closing = (mark.strip() for mark in marks)
    if not opening or not closing:
        return None
    return re.compile(re.escape(opening) + "[^" + re.escape(closing) + "]*" + re.escape(closing))


def extract_numbers(markdown: str, lang: str, skip_quotes: tuple[str, str] | None = None,
                    masked: str | None = None) -> Counter[str]:
    """All numbers, dates, versions, times, percentages, ranges, amounts and quantities in
    ``markdown`` as language-neutral tokens (see :func:`scan_numbers`)."""
    return Counter(token for token, _, _ in scan_numbers(markdown, lang, skip_quotes, masked))
