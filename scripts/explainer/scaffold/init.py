"""``explainer init DIR --languages de,en``: a complete, buildable new explainer.

Writes ``mkdocs.yml`` (Material, mkdocs-static-i18n with the folder structure, the plugin, no
third-party requests, search per language, the first language as the source at ``/``), a home
page and a sources page per language with matching heading IDs, ``sources/`` with empty
metadata and a README, a ``translations.lock`` in step, and the Makefile, ``.ci/run``,
``requirements.lock`` and ``.gitignore`` the project needs. ``make build`` and ``make check`` pass
on it at once. Nothing is written unless every argument is right.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import stat
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import urlsplit

from ..core.diagnostics import Diagnostic, ExplainerError, fail
from ..core.project import DEFAULTS, LOOPBACK_HOSTS
from ..core.yamlio import write_atomic
from ..lang.l10n import Language, known_locale, language_name, load_language
from ..model.lock import Lock, source_units
from ..model.pages import parse_page

# What mkdocs-static-i18n accepts as a folder (de, pt-BR, zh-Hant, zh-Hant-TW), as the URLs show it.
LANG_CODE = re.compile(r"^[a-z]{2}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$")
DISTRIBUTION = "mkdocs-explainer"


def generator_requirement() -> str:
    """The pip requirement a new project installs the generator with: this version, pinned
    (``mkdocs-explainer==0.3.0``), never a path of the machine that made the project."""
    return f"{DISTRIBUTION}=={metadata.version(DISTRIBUTION)}"


def parse_site_url(value: str | None) -> str | None:
    """``--site-url``: the address the site will be published at (``https://example.org/story/``),
    with a final slash; None when not given. Loopback addresses and other schemes are refused."""
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail("--site-url", None, f"not an http(s) address: {value!r}",
                   "give the address the site will be published at, e.g. --site-url https://example.org/story/")
    if parts.hostname in LOOPBACK_HOSTS:
        raise fail("--site-url", None, f"{value!r} is this machine's own address, not where readers find the site",
                   "give the published address, e.g. --site-url https://example.org/story/ (make serve needs none)")
    return value.strip().rstrip("/") + "/"


@dataclass(frozen=True)
class Plan:
    """What ``init`` would write: path below DIR → text (and which files are executable)."""

    files: dict[str, str]
    executable: frozenset[str] = frozenset()


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def parse_languages(value: str) -> list[str]:
    """``"de,en"`` → ``["de", "en"]``, refusing unknown, malformed and repeated codes."""
    codes = [code.strip() for code in value.split(",") if code.strip()]
    where = "--languages"
    if not codes:
        raise fail(where, None, "no language given", "list the languages, source language first: --languages de,en")
    seen: set[str] = set()
    for code in codes:
        if not LANG_CODE.match(code) or not known_locale(code):
            raise fail(where, None, f"unknown language code {code!r}",
                       "use ISO 639-1 codes that CLDR knows, such as de, en, fr, es, pt, ar (with a region or "
                       "script: pt-BR, zh-Hant)")
        if code in seen:
            raise fail(where, None, f"language {code!r} is listed twice", "list each language once")
        seen.add(code)
    return codes


def parse_titles(items: Sequence[str], languages: Sequence[str]) -> dict[str, str]:
    """``["de=Titel", "en=Title"]`` → ``{"de": "Titel", …}``; a title for another language is refused."""
    titles: dict[str, str] = {}
    for item in items:
        lang, sep, title = item.partition("=")
        lang = lang.strip()
        if not sep:
            raise fail("--title", None, f"--title takes LANG=TEXT, not {item!r}", "write e.g. --title en=\"The story\"")
        if lang not in languages:
            raise fail("--title", None, f"title for {lang!r}, which is not among the languages ({', '.join(languages)})",
                       f"add {lang} to --languages, or drop that title")
        if lang in titles:
            raise fail("--title", None, f"two titles for {lang!r}", "give one title per language")
        if not title.strip() or "\n" in title or re.search(r"<\s*[a-zA-Z/!]", title):
            raise fail("--title", None, f"the title for {lang!r} must be one line of plain text", "write it without HTML")
        titles[lang] = title.strip()
    return titles


def _language_name(code: str) -> str:
    name = language_name(code, code)
    return name[:1].upper() + name[1:]


def _mkdocs_yml(languages: Sequence[str], titles: Mapping[str, str], words: Mapping[str, Language],
                site_url: str | None) -> str:
    source = languages[0]
    home, sources = words[source].text("home_title"), words[source].text("sources_title")
    blocks = []
    for lang in languages:
        lines = [f"        - locale: {lang}", f"          name: {_quote(_language_name(lang))}", "          build: true"]
        if lang == source:
            lines.insert(2, "          default: true")
        else:
            lines += [f"          site_name: {_quote(titles[lang])}",
                      f"          site_description: {_quote(words[lang].text('new_explainer_body'))}",
                      "          nav_translations:",
                      f"            {_quote(home)}: {_quote(words[lang].text('home_title'))}",
                      f"            {_quote(sources)}: {_quote(words[lang].text('sources_title'))}"]
        blocks.append("\n".join(lines))
    names = ", ".join(f"{_language_name(lang)} at /{'' if lang == source else lang + '/'}" for lang in languages)
    return f"""# An explainer in {len(languages)} languages: {names}.
# Pages live in docs/<language>/ with identical file names and heading IDs; see README.md.
site_name: {_quote(titles[source])}
site_description: {_quote(words[source].text('new_explainer_body'))}
{_site_url_line(site_url)}
docs_dir: docs

theme:
  name: material
  language: {source}
  font: false               # no Google Fonts: the site makes no request to another host
  features:
    - navigation.footer
    - navigation.indexes
    - toc.follow
  palette:                  # light and dark as the reader's system is set, with a toggle (its words: the plugin's)
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-4
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-7
        name: Switch to light mode

extra:
  generator: false

plugins:
  - search:
      pipeline: [stemmer, stopWordFilter, trimmer]   # each language's index stems with its own stemmer
  - i18n:
      docs_structure: folder
      fallback_to_default: false
      reconfigure_material: true
      reconfigure_search: false   # the explainer plugin writes one search index per language
      languages:
{chr(10).join(blocks)}
  - explainer:               # after i18n; options and defaults: the generator's README
      sources: {DEFAULTS['sources']}
      lock: {DEFAULTS['lock']}
      allow_outdated: !ENV [EXPLAINER_ALLOW_DRIFT, false]

nav:
  - {_quote(home)}: index.md
  - {_quote(sources)}: sources.md

markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences

validation:
  nav:
    omitted_files: warn
    not_found: warn
    absolute_links: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
"""


def _site_url_line(site_url: str | None) -> str:
    if site_url:
        return f"site_url: !ENV [SITE_URL, {_quote(site_url)}]   # where the site is published (SITE_URL overrides)"
    return ("# The address the site will be published at: `make build` stops until it is set here\n"
            "# (site_url: https://example.org/story/) or in SITE_URL; `make serve` and `make check` need none.\n"
            "site_url: !ENV [SITE_URL, null]")


def _page(title: str, description: str, heading: str, heading_id: str, body: str) -> str:
    return (f"---\ntitle: {_quote(title)}\ndescription: {_quote(description)}\n---\n\n"
            f"# {heading} {{#{heading_id}}}\n\n{body}\n{{: .editorial }}\n")


def _pages(lang: str, title: str, words: Language) -> dict[str, str]:
    return {
        f"docs/{lang}/index.md": _page(title, words.text("new_explainer_body"), title, "home",
                                       words.text("new_explainer_body")),
        f"docs/{lang}/sources.md": _page(words.text("sources_title"), words.text("sources_intro"),
                                         words.text("sources_title"), "sources",
                                         words.text("sources_intro")) + "\n::: bibliography\n",
    }


def _template(name: str) -> str:
    return resources.files("explainer.scaffold").joinpath("templates", name).read_text(encoding="utf-8")


def _readme(titles: Mapping[str, str], languages: Sequence[str]) -> str:
    source = languages[0]
    others = ", ".join(f"`docs/{lang}/`" for lang in languages[1:]) or "none yet"
    return f"""# {titles[source]}

An explainer made with the explainer generator: every statement cites its source, quotes are
checked word for word, and the translations are kept in step with the source language
({_language_name(source)}, `docs/{source}/`; translations: {others}).

```sh
make serve   # preview on http://127.0.0.1:8000
make check   # every offline check and a strict build (what CI runs as `make test`)
```

- Write the pages in `docs/{source}/`, translate them into the other language folders (same file
  names, same heading IDs), then `make sync ARGS=<lang>/<page>.md` for each translation.
- Sources: `sources/README.md` explains each file, from a raw text to a verified quote.
- A new page in every language: `make new-page SLUG=faq TITLES="{';'.join(f'{lang}=…' for lang in languages)}"`.
- `make status` shows each page's translation status per language.
"""


def requirements_lock() -> str:
    """The generator's pinned runtime dependencies with their hashes (shipped in the package), for
    the new project's set-up."""
    return _template("requirements.lock")


def plan_init(languages: Sequence[str], titles: Mapping[str, str], generator: str,
              site_url: str | None = None) -> Plan:
    """Every file of a new explainer with ``languages`` (source first) and ``titles``."""
    words = {}
    problems: list[Diagnostic] = []
    for lang in languages:
        try:
            words[lang] = load_language(lang)
        except ExplainerError as err:
            problems += err.diagnostics
    if problems:
        raise ExplainerError(problems)
    titles = {lang: titles.get(lang) or titles.get(languages[0]) or words[lang].text("home_title") for lang in languages}
    files: dict[str, str] = {"mkdocs.yml": _mkdocs_yml(languages, titles, words, site_url)}
    for lang in languages:
        files.update(_pages(lang, titles[lang], words[lang]))
    files["sources/articles.yml"] = ("# The texts quoted from, one entry per file in articles/ (see README.md).\n"
                                     "articles: []\n")
    files["sources/bibliography.yml"] = ("# Every other citable work (see README.md); null means unknown: never guess.\n"
                                         "entries: []\n")
    files["sources/cleaning.yml"] = """\
# Rules that turn a raw text in articles/ into the model quotes are checked against (see README.md).
#   - pattern: "regular expression"   matched against one whole line (drop_line, drop_rest)
#     action: drop_line | drop_rest | replace   (replace: every match in a line becomes 'with')
#     with: "text"                    replace rules only; \\1 keeps the pattern's first group
#     articles: [id]                  optional: the articles the rule applies to (default: all)
#     why: "…"                        what the rule removes, for reviewers
rules: []
# true (or a list of article ids) for hard-wrapped texts: lines between blank lines form one paragraph.
join_lines: false
# A line starting with one of these labels holds the release date, on the same line or the next.
date_labels: []
# A line starting with one of these labels opens the text's own bibliography (URLs).
bibliography_labels: []
"""
    files["sources/articles/.gitkeep"] = ""
    files["sources/README.md"] = _template("sources-README.md")
    files["README.md"] = _readme(titles, languages)
    files["Makefile"] = (_template("Makefile").replace("@@EXPLAINER@@", generator)
                         .replace("@@TITLES_EXAMPLE@@", ";".join(f"{lang}=…" for lang in languages)))
    files[".ci/run"] = _template("ci-run")
    files[".gitignore"] = _template("gitignore")
    files["requirements.lock"] = requirements_lock()
    lock = Lock(Path(DEFAULTS["lock"]))
    for lang in languages[1:]:
        for rel in ("index.md", "sources.md"):
            source_page = parse_page(files[f"docs/{languages[0]}/{rel}"], Path(rel), rel)
            lock.record(lang, rel, source_units(source_page))
    files[DEFAULTS["lock"]] = lock.render()
    return Plan(files, frozenset({".ci/run"}))


def start_git(target: Path) -> bool:
    """``git init`` in the new project, where git exists: a page's dates then come from the commit
    that brought its text in. False where there is no git (the build keeps ``page-dates.lock``)."""
    git = shutil.which("git")
    if git is None:
        return False
    done = subprocess.run([git, "init", "--quiet", str(target)], capture_output=True, check=False)
    return done.returncode == 0


def init_project(target: Path, languages: Sequence[str], titles: Mapping[str, str],
                 generator: str | None = None, site_url: str | None = None) -> list[Path]:
    """Write a new explainer into ``target`` (missing or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise fail(target, None, "is not an empty folder", "give a new folder, or empty this one first")
    plan = plan_init(languages, titles, generator or generator_requirement(), site_url)
    created = _missing_folders(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise fail(target, None, f"cannot create the folder: {err.strerror or err}",
                   "give a folder you may write (not below /proc or /sys, not a symbolic link that loops)") from None
    written: list[Path] = []
    try:
        for rel, text in plan.files.items():
            path = target / rel
            created += [folder for folder in _missing_folders(path.parent) if folder not in created]
            write_atomic(path, text)
            written.append(path)
            if rel in plan.executable:
                path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    except (ExplainerError, OSError) as err:  # leave nothing half-made behind
        for path in written:
            path.unlink(missing_ok=True)
        for folder in sorted(created, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(err, ExplainerError):
            raise
        raise fail(target, None, f"cannot finish the new project: {err.strerror or err}",
                   "check that the folder may be written and the disk has room") from None
    return written


def _missing_folders(path: Path) -> list[Path]:
    """``path`` and those of its parents that do not exist yet (the ones a write would create)."""
    out = []
    while not path.exists() and not path.is_symlink() and path != path.parent:
        out.append(path)
        path = path.parent
    return out

