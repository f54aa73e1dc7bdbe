"""What CSL-JSON and BibTeX/BibLaTeX call the bibliography's fields, both ways.

Shared by ``make import`` (:mod:`.importer`) and the site's exports (``sources.json``,
``sources.bib``, every page's citation): ids from citation keys, dates as CSL ``date-parts`` and
ISO text, language codes as BibLaTeX's ``langid`` names, names as readers write them, LaTeX in
BibTeX values as text and text as BibTeX values.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from babel import Locale

from ..lang.dates import PartialDate
from .ids import ascii_fold, slugify
from .library import LANG_RE

# CSL 1.0.2's item types (csl-data.json's "type" enum).
CSL_TYPES = frozenset((
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
    "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
    "thesis", "treaty", "webpage"))
# The bibliography lists works on the web and has no field for their kind: each is exported as a web page.
CSL_WORK_TYPE = "webpage"
BIBTEX_WORK_TYPE = "online"
RIS_WORK_TYPE = "ELEC"


# -------------------------------------------------------------------------------------------- ids

def key_to_id(key: str) -> str | None:
    """A citation key as a bibliography id (:func:`.ids.slugify`): ``Müller2024`` → ``muller2024``,
    ``smith_2020:Report`` → ``smith-2020-report``; None when nothing of it is left."""
    return slugify(key, fallback="") or None


# ----------------------------------------------------------------------------------------- dates

def date_parts(date: PartialDate) -> dict[str, list[list[int]]]:
    """A date as CSL-JSON writes it: ``{"date-parts": [[2024, 11]]}`` for November 2024."""
    return {"date-parts": [[part for part in (date.year, date.month, date.day) if part]]}


_ISO_START = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=$|[T /]|\.\.)")


def iso_date(text: str) -> PartialDate | None:
    """The (first) date of an ISO 8601 / EDTF text as BibLaTeX's ``date`` and CSL's ``raw`` write it:
    ``2024``, ``2024-11``, ``2024-11-26``, a range ``2024-11-26/2024-11-28`` (its start), a time
    after ``T``; None for anything else (``n.d.``, ``soon``, ``2024-13``)."""
    match = _ISO_START.match(text.strip())
    if not match:
        return None
    try:
        return partial_date(*(int(group) if group else None for group in match.groups()))
    except ValueError:
        return None


def partial_date(year: object, month: object = None, day: object = None) -> PartialDate:
    """A PartialDate of numbers (or digits), checked: ValueError for a year that is not four digits,
    a month or day out of range, a day without a month."""
    import datetime as dt

    def number(value: object) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not text.isdigit():
            raise ValueError(value)
        return int(text)

    y, m, d = number(year), number(month), number(day)
    if y is None or not 1000 <= y <= 9999:
        raise ValueError(year)
    if m is not None and not 1 <= m <= 12:
        raise ValueError(month)
    if d is not None:
        if m is None:
            raise ValueError(day)
        dt.date(y, m, d)
    return PartialDate(y, m, d)


# ------------------------------------------------------------------------------------- languages

@cache
def _english_names() -> dict[str, str]:
    """Language names in English, lowercased and without spaces, to their codes (CLDR)."""
    names = Locale("en").languages
    return {name.lower().replace(" ", ""): code for code, name in names.items() if "_" not in code}


# BibLaTeX (babel/polyglossia) names that are not a language's English name.
_LANGID_ALIASES = {"ngerman": "de", "austrian": "de", "naustrian": "de", "swissgerman": "de", "nswissgerman": "de",
                   "american": "en", "british": "en", "usenglish": "en", "ukenglish": "en", "australian": "en",
                   "canadian": "en", "newzealand": "en", "francais": "fr", "acadian": "fr", "canadien": "fr",
                   "brazil": "pt", "brazilian": "pt", "portuges": "pt", "castilian": "es", "mexican": "es",
                   "nynorsk": "nn", "bokmal": "nb", "norsk": "nb"}
_LANGID_OF_CODE = {"en": "english", "de": "ngerman", "fr": "french", "es": "spanish", "it": "italian",
                   "pt": "portuguese", "nl": "dutch"}


@lru_cache(maxsize=1024)  # an export names few languages, each thousands of times
def language_code(value: str) -> str | None:
    """A language as CSL or BibTeX write it (``en``, ``en-US``, ``de_DE``, ``ngerman``, ``English``)
    as the bibliography's code (``en``, ``en-US``, ``de-DE``, ``de``, ``en``); None when it names
    no language."""
    text = value.strip().replace("_", "-")
    if LANG_RE.match(text) and len(text.split("-")[0]) <= 3:
        primary = text.split("-")[0]
        if primary in Locale("en").languages:
            return text
    key = ascii_fold(text).lower().replace(" ", "")
    return _LANGID_ALIASES.get(key) or _english_names().get(key)


# Regional variants that babel and polyglossia name on their own (hyphenation and date styles differ).
_LANGID_OF_REGION = {"en-gb": "british", "en-us": "american", "en-au": "australian", "en-ca": "canadian",
                     "en-nz": "newzealand", "de-at": "naustrian", "de-ch": "nswissgerman", "pt-br": "brazilian"}


def langid(code: str) -> str | None:
    """BibLaTeX's ``langid`` (a babel/polyglossia name) for a language code or locale: ``de`` →
    ``ngerman``, ``en-GB`` or ``en_GB`` → ``british``, ``en`` → ``english``; None for a language
    without a name in English."""
    code = code.replace("_", "-")
    if code.lower() in _LANGID_OF_REGION:
        return _LANGID_OF_REGION[code.lower()]
    primary = code.split("-")[0].lower()
    if primary in _LANGID_OF_CODE:
        return _LANGID_OF_CODE[primary]
    name = Locale("en").languages.get(primary)
    return name.lower().replace(" ", "") if name else None


# ---------------------------------------------------------------------------------- BibTeX values

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_HINT = re.compile(r"[\\{}$~]|--")


def bibtex_text(text: str) -> str:
    """Plain text as a BibTeX value (the characters LaTeX treats specially escaped; UTF-8 kept,
    as BibLaTeX and Zotero read it)."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in text)


def bibtex_url(url: str) -> str:
    """A URL as a BibTeX value: verbatim, but for braces, which would end the value."""
    return url.replace("{", "%7B").replace("}", "%7D")


@cache
def _latex_decoder():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


def latex_to_text(value: str) -> str:
    """A BibTeX value as text: ``Caf{\\'e}`` → ``Café``, ``\\&`` → ``&``, ``---`` → ``—``; values
    without LaTeX stay as they are (so ``50%`` keeps its sign); whitespace collapsed."""
    if _LATEX_HINT.search(value):
        try:
            value = _latex_decoder().latex_to_text(value)
        except Exception:  # pylatexenc gives up on rare malformed input: keep the value as written
            value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())
