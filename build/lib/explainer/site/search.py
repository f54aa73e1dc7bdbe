"""One search index per language, so a reader searches their own language with its own stemming.

Material's search plugin writes one ``search/search_index.json``; mkdocs-static-i18n fills it with
the pages of every language and lists every language in its ``lang``, so German and English hits
mix and lunr combines both stemmers. Material's JavaScript loads ``search/search_index.json``
relative to the ``base`` in the page's ``__config``. Here:

* :func:`split_index` splits the shared index by the language prefix of each entry's location;
  :func:`write_language_indexes` writes each language's part below that language's root
  (``search/search_index.json`` for the default language, ``en/search/search_index.json`` …),
  with ``lang`` set to that language alone (its lunr stemmer, stop words and trimmer; a language
  lunr lacks gets neither English stemming nor English stop words, :func:`language_config`; French
  and Italian split words at apostrophes) and locations relative to the language root;
* :func:`with_search_config` points a page's ``__config`` at its language's root, so its search
  loads its language's index and resolves the hits' locations from there, and at a worker that
  stems the words typed into the search box with the index's own stemmer (Material appends a
  wildcard to every word, and lunr does not stem wildcard terms: that is why Material switches
  stemming off by default; mkdocs.yml switches it on).
"""

from __future__ import annotations

import copy
import json
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlencode

from jinja2.utils import htmlsafe_json_dumps

INDEX = Path("search") / "search_index.json"
WORKER = "explainer-search.js"
_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)

# Languages lunr.js has stemmers for in Material's bundle (lunr-languages); English is lunr's own.
LUNR_LANGUAGES = frozenset({
    "ar", "da", "de", "du", "el", "en", "es", "fi", "fr", "he", "hi", "hu", "hy", "it", "ja", "jp",
    "kn", "ko", "nl", "no", "pt", "ro", "ru", "sa", "sv", "ta", "te", "th", "tr", "vi", "zh",
})
# Language codes lunr-languages spells differently (Norwegian Bokmål and Nynorsk share "no").
LUNR_ALIASES = {"nb": "no", "nn": "no"}
# Languages that join articles and pronouns to the next word with an apostrophe ("l’eau",
# "dell’acqua"): their words split there too, so that "eau" finds "l’eau" and the stop word list
# (which has "l", "d", "qu" …) drops the article.
ELIDING = frozenset({"fr", "it", "ca"})
APOSTROPHES = "'\u2019"


def lunr_language(code: str) -> str | None:
    """The lunr-languages code for a language code (``fr``, ``pt-BR`` → ``pt``), None without one."""
    base = code.replace("_", "-").split("-")[0].lower()
    base = LUNR_ALIASES.get(base, base)
    return base if base in LUNR_LANGUAGES else None


def split_at_apostrophes(separator: str) -> str:
    """A lunr separator (a regular expression for JavaScript) that also splits at apostrophes."""
    match = re.fullmatch(r"\[(.*)\]\+", separator)
    if match:
        inner = match.group(1)
        return f"[{inner}{''.join(a for a in APOSTROPHES if a not in inner)}]+"
    return f"(?:{separator})|[{APOSTROPHES}]+"


def language_config(config: dict, lang: str) -> dict:
    """The shared index's config for the index of ``lang`` alone.

    ``lang`` becomes its lunr language, whose stemmer, stop words and trimmer Material's worker
    then uses. A language lunr has no support for keeps only the trimmer: English stemming and
    English stop words would mangle its words. Languages in :data:`ELIDING` split at apostrophes."""
    out = copy.deepcopy(config)
    lunr = lunr_language(lang)
    out["lang"] = [lunr or "en"]
    if lunr is None:
        out["pipeline"] = [step for step in out.get("pipeline", []) if step == "trimmer"]
    if lang.replace("_", "-").split("-")[0].lower() in ELIDING:
        out["separator"] = split_at_apostrophes(str(out.get("separator") or "[\\s\\-]+"))
    return out


def language_of(location: str, languages: Sequence[str], default: str) -> tuple[str, str]:
    """``(language, location relative to that language's root)`` of an index entry."""
    for lang in languages:
        if lang != default and (location == lang or location.startswith(f"{lang}/")):
            return lang, location[len(lang):].lstrip("/")
    return default, location


def split_index(index: dict, languages: Sequence[str], default: str) -> dict[str, dict]:
    """The shared index as one index per language that has entries, in ``languages`` order."""
    docs: dict[str, list[dict]] = {lang: [] for lang in languages}
    for entry in index.get("docs", []):
        lang, location = language_of(str(entry.get("location", "")), languages, default)
        docs.setdefault(lang, []).append({**entry, "location": location})
    out = {}
    for lang, entries in docs.items():
        if not entries:
            continue
        out[lang] = {"config": language_config(index.get("config", {}), lang), "docs": entries}
    return out


def index_path(site_dir: Path, lang: str, default: str) -> Path:
    """Where a language's index lives: below the language's root."""
    return site_dir / INDEX if lang == default else site_dir / lang / INDEX


def dump(index: dict) -> str:
    """JSON as Material's search plugin writes it (compact, stable)."""
    return json.dumps(index, separators=(",", ":"), default=str)


def write_language_indexes(site_dir: Path, languages: Sequence[str], default: str) -> dict[str, int]:
    """Split ``site_dir/search/search_index.json`` into per-language indexes; returns the number of
    entries written per language.

    mkdocs-static-i18n builds one language after the other and rewrites the shared index at the
    very end, so this runs after every language build: a language's file is written whenever the
    shared index has entries of it, and the root file only once it holds the default language's
    entries (the final, complete index). The last run leaves every file complete.
    """
    shared = site_dir / INDEX
    if not shared.exists():
        return {}
    parts = split_index(json.loads(shared.read_text(encoding="utf-8")), languages, default)
    written = {}
    for lang, index in parts.items():
        path = index_path(site_dir, lang, default)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(index), encoding="utf-8")
        written[lang] = len(index["docs"])
    return written


def with_search_config(config_html: str, base: str | None = None) -> str:
    """Material's ``<script id="__config">`` pointed at the language's index and the stemming worker.

    ``base`` (the language root, relative to the page) replaces Material's site root, so the page
    loads ``search/search_index.json`` below it; ``None`` keeps it. The worker becomes
    :data:`WORKER` next to Material's, which loads Material's worker and stems the words it
    searches for as you type (``site/theme/assets/javascripts/workers/explainer-search.js``). The rest of
    the block stays byte for byte.
    """
    match = _CONFIG_SCRIPT.search(config_html)
    if match is None:
        raise ValueError("no <script id=\"__config\"> in the block: has Material's base.html changed?")
    data = json.loads(match.group(2))
    if base is not None:
        data["base"] = base
    worker = data.get("search")
    if isinstance(worker, str) and posixpath.basename(worker.split("?")[0]) != WORKER:
        folder, name = posixpath.split(worker)
        data["search"] = f"{posixpath.join(folder, WORKER)}?{urlencode({'material': name})}"
    body = str(htmlsafe_json_dumps(data, sort_keys=True))
    return config_html[:match.start(2)] + body + config_html[match.end(2):]
