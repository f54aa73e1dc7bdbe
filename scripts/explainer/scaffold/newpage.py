"""``make new-page``: a page pair with matching frontmatter and heading IDs, added to the
navigation of every language in mkdocs.yml (``nav`` and each language's ``nav_translations``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..core.diagnostics import ExplainerError, fail
from ..core.project import Project
from ..core.yamlio import read_text, write_atomic
from ..lang.l10n import Words, language_name

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_KEY = re.compile(r"^[A-Za-z_]+:")
BIBLIOGRAPHY_BLOCK = re.compile(r"^::: bibliography\s*$", re.M)  # the sources page, which stays last in the nav


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _variable(lang: str) -> str:
    """The make variable that gives the title in ``lang``: ``TITLE_DE``, ``TITLE_PT_BR``."""
    return f"TITLE_{lang.upper().replace('-', '_')}"


def page_text(title: str, slug: str, lang: str, words: Words | None = None) -> str:
    """The skeleton of a new page: frontmatter to fill in, H1 with the shared ID, summary box (in
    the project's ``words``)."""
    words = words or Words()
    return (f"---\ntitle: {_quote(title)}\ndescription: \"\"\n---\n\n# {title} {{#{slug}}}\n\n"
            f"!!! abstract \"{words.text(lang, 'summary')}\"\n\n    …\n")


def _nav_insert(config: str, path: Path, entry: str, keep_last: frozenset[str] = frozenset()) -> str:
    """``config`` with ``entry`` added to the top-level ``nav``: at its end, but before a final run of
    the pages in ``keep_last`` (the sources page stays the last item)."""
    lines = config.split("\n")
    try:
        start = lines.index("nav:")
    except ValueError:
        raise fail(path, None, "no top-level 'nav:' list", "add one, listing the pages of the source language") from None
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "-")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    indent = next((m.group(1) for line in lines[start + 1:end] if (m := re.match(r"^(\s*)-", line))), "  ")
    at = end
    while at > start + 1 and (m := re.match(rf"^{indent}-\s*(?:[^:]+:\s*)?[\"']?([^\"'\s]+\.md)[\"']?\s*$", lines[at - 1])) \
            and m.group(1) in keep_last:
        at -= 1
    lines.insert(at, f"{indent}- {entry}")
    return "\n".join(lines)


def _translation_insert(config: str, path: Path, lang: str, source_title: str, title: str) -> str:
    lines = config.split("\n")
    locale = next((i for i, line in enumerate(lines) if re.match(rf"^\s*-\s*locale:\s*{re.escape(lang)}\s*$", line)), None)
    if locale is None:
        raise fail(path, None, f"no i18n language with locale {lang}", "check plugins: - i18n: languages:")
    item_indent = len(lines[locale]) - len(lines[locale].lstrip())
    end = locale + 1
    while end < len(lines) and lines[end].strip() and (len(lines[end]) - len(lines[end].lstrip())) > item_indent:
        end += 1
    key = next((i for i in range(locale + 1, end) if lines[i].strip() == "nav_translations:"), None)
    entry_indent = " " * (item_indent + 2)
    if key is None:
        lines.insert(end, f"{entry_indent}nav_translations:")
        key, end = end, end + 1
    inner = key + 1
    while inner < end and (len(lines[inner]) - len(lines[inner].lstrip())) > len(lines[key]) - len(lines[key].lstrip()):
        inner += 1
    pad = " " * (len(lines[key]) - len(lines[key].lstrip()) + 2)
    lines.insert(inner, f"{pad}{_quote(source_title)}: {_quote(title)}")
    return "\n".join(lines)


def new_page(project: Project, slug: str, titles: dict[str, str]) -> list[Path]:
    """Create ``<slug>.md`` in every language and add it to the navigation; returns the files written.

    Nothing is written unless every check passes.
    """
    config_path = project.config_path
    if not SLUG_RE.match(slug or ""):
        raise fail(config_path, None, f"invalid page name {slug!r}",
                   "use lowercase letters, digits and hyphens, e.g. SLUG=open-questions")
    extra = [lang for lang in titles if lang not in project.languages]
    if extra:
        raise fail(config_path, None, f"title for '{extra[0]}' ({language_name(extra[0], 'en')}), which is not a "
                   f"language of this site", f"remove {_variable(extra[0])} (or {extra[0]}=… from TITLES); the languages: "
                   f"{', '.join(project.languages)}")
    for lang in project.languages:
        title = (titles.get(lang) or "").strip()
        if not title:
            example = ";".join(f"{code}=…" for code in project.languages)
            raise fail(config_path, None, f"no title for '{lang}' ({language_name(lang, 'en')})",
                       f'give TITLES="{example}" (or {_variable(lang)}="…")')
        if "\n" in title or re.search(r"<\s*[a-zA-Z/!]", title):
            raise fail(config_path, None, f"title for '{lang}' must be one line of plain text", "remove line breaks and HTML")
        target = project.docs / lang / f"{slug}.md"
        if target.exists():
            raise fail(target, None, "page exists already", "choose another SLUG, or edit the existing page")
    config = read_text(config_path)
    source_title = titles[project.default_language].strip()
    if re.search(rf"^\s*-\s*{re.escape(_quote(source_title))}\s*:|^\s*-\s*{re.escape(source_title)}\s*:", config, re.M):
        raise fail(config_path, None, f"the navigation already has an entry called {source_title!r}",
                   "choose another title")
    sources_pages = frozenset(page.relative_to(project.docs / project.default_language).as_posix()
                              for page in (project.docs / project.default_language).glob("*.md")
                              if BIBLIOGRAPHY_BLOCK.search(read_text(page)))
    config = _nav_insert(config, config_path, f"{_quote(source_title)}: {slug}.md", sources_pages)
    for lang in project.languages[1:]:
        config = _translation_insert(config, config_path, lang, source_title, titles[lang].strip())
    outputs = {project.docs / lang / f"{slug}.md": page_text(titles[lang].strip(), slug, lang, project.words)
               for lang in project.languages}
    outputs[config_path] = config
    written: list[Path] = []
    try:
        for path, content in outputs.items():  # the new pages first, mkdocs.yml last
            if write_atomic(path, content):
                written.append(path)
    except ExplainerError:  # all or nothing: the pages written so far are new, nobody's work
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
