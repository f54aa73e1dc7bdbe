"""A project's context: where it keeps its parts, its languages, its options and its words.

:class:`Project` is made once per run, from mkdocs.yml through MkDocs' own configuration loading
(:func:`explainer.plugin.project.read_project` for the command line,
:func:`explainer.plugin.project.project_from_config` in the plugin), and passed explicitly to every
stage. This module reads no configuration and imports nothing from MkDocs: the core stays free of
the engine. The plugin's options have the defaults :data:`DEFAULTS` (its schema,
:mod:`explainer.plugin.config`, validates them).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .diagnostics import Diagnostic, ExplainerError
from .yamlio import read_text

# The plugin's options with their defaults; paths are relative to mkdocs.yml.
DEFAULTS: dict[str, Any] = {
    "sources": "sources",
    "lock": "translations.lock",
    "allow_outdated": False,
    "strings": {},
    "locales": {},  # the CLDR locale a language is written in, where not the language's own: {en: en_GB}
    "cache": ".cache/explainer",  # "" for none
    "outputs": True,  # sources.json/.bib, cite this page, last updated, JSON-LD, Atom feeds (false: none)
    "article_type": "Article",  # the schema.org type of every page's JSON-LD
    "footer": {},  # a line in every page's footer per language, such as the licence or imprint: {de: "…", en: "…"}
}
# Options that take one of a few values.
CHOICES: dict[str, tuple[str, ...]] = {
    "article_type": ("Article", "NewsArticle", "Report", "ScholarlyArticle", "TechArticle", "BlogPosting"),
}
CONFIG_NAME = "mkdocs.yml"
# What a yes/no option may also be written as (an environment variable through !ENV gives text).
FLAG_WORDS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False,
              "": False}
# Addresses of this machine: a site published with them would point every reader at their own computer.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", "[::1]"})
# Set for builds that are not published (make check, the tests): a missing or local site_url is then fine.
LOCAL_BUILD_ENV = "EXPLAINER_LOCAL_BUILD"
LOCAL_SITE_URL = "http://127.0.0.1:8000/"  # such a build's address: where `make serve` shows it


@dataclass(frozen=True)
class Project:
    """A project root with ``mkdocs.yml``, ``docs/<lang>/`` and a sources folder, and what was read
    from its configuration: the languages, the plugin's options, the words in use."""

    root: Path
    languages: tuple[str, ...]  # the default (source) language first
    options: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    docs_dir: str = "docs"  # MkDocs' docs_dir, relative to the root
    config_file: Path | None = None  # MkDocs' -f (None: root/mkdocs.yml); messages about it name it
    site_url: str | None = None
    # The project's words (an explainer.lang.l10n.Words, which lang, above core, defines): the
    # languages with the project's overrides and locales. None: made without a configuration (tests).
    words: Any = None

    @property
    def sources(self) -> Path:
        """The folder with articles, metadata and the bibliography."""
        return self.root / str(self.options["sources"])

    @property
    def lock_path(self) -> Path:
        """The translations lock (``make sync`` writes it)."""
        return self.root / str(self.options["lock"])

    @property
    def cache_dir(self) -> Path | None:
        """Where derived data is kept between runs (None: nowhere)."""
        return self.root / str(self.options["cache"]) if self.options["cache"] else None

    @property
    def docs(self) -> Path:
        """The folder with one subfolder per language (MkDocs' ``docs_dir``)."""
        return self.root / self.docs_dir

    @property
    def config_path(self) -> Path:
        """The project's configuration file (``mkdocs.yml``, or the file MkDocs' ``-f`` names)."""
        return self.config_file if self.config_file is not None else self.root / CONFIG_NAME

    @property
    def default_language(self) -> str:
        """The source language."""
        return self.languages[0]

    @property
    def translated_languages(self) -> tuple[str, ...]:
        """Every language but the source language."""
        return self.languages[1:]


def line_of_text(text: str, needle: str) -> int | None:
    """The number of the first line of ``text`` that holds ``needle`` (None: none)."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None


def outside_link(path: Path, root: Path) -> Diagnostic | None:
    """A located problem if ``path`` is a symbolic link that leads out of ``root`` (or nowhere)."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Diagnostic(str(path), None, f"symbolic link to '{os.readlink(path)}' leads nowhere (or loops)",
                          "replace the link by the file itself")
    try:
        target.relative_to(root.resolve())
    except ValueError:
        return Diagnostic(str(path), None, f"symbolic link to '{os.readlink(path)}' leads out of the project",
                          "copy the file into the project instead of linking to it")
    return None


def input_link_problems(project: Project) -> list[Diagnostic]:
    """Symbolic links among the files a contributor writes that lead out of the project."""
    candidates = [project.config_path, project.lock_path, project.sources]
    sources = project.sources
    if sources.is_dir() and not sources.is_symlink():
        for folder, dirs, files in os.walk(sources):  # does not follow links to folders
            candidates += [Path(folder) / name for name in sorted(dirs + files)]
    return [problem for path in candidates if (problem := outside_link(path, project.root)) is not None]


_PYTHON_TAG = re.compile(r"!!python/")


def python_tag_warnings(path: Path) -> list[Diagnostic]:
    """Warnings for ``!!python/…`` tags in the configuration file ``path``: MkDocs' loader runs them as code."""
    try:
        text = read_text(path)
    except ExplainerError:
        return []
    return [Diagnostic(str(path), number, "'!!python/…' tag: MkDocs runs it as Python code when it reads mkdocs.yml",
                       "remove it unless you wrote it and trust it (a plugin option or !ENV does the same safely)",
                       severity="warning")
            for number, line in enumerate(text.splitlines(), 1) if _PYTHON_TAG.search(line)]


def site_url_problem(site_url: str | None, config_path: Path, environ: os._Environ[str] | dict[str, str] | None = None
                     ) -> Diagnostic | None:
    """Why a build for publication must stop: ``site_url`` unset or on this machine (every canonical
    link, feed and "cite this page" would say ``http://127.0.0.1:8000/``). None when it is fine, or
    when the build is local (:data:`LOCAL_BUILD_ENV` set, as ``make check`` and the tests do)."""
    environ = os.environ if environ is None else environ
    if str(environ.get(LOCAL_BUILD_ENV, "")).strip().lower() in ("1", "true", "yes", "on"):
        return None
    host = urlsplit(site_url or "").hostname
    if site_url and host and host not in LOOPBACK_HOSTS and not host.startswith("127."):
        return None
    try:
        text = config_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    what = (f"site_url is {site_url!r}, an address of this machine" if site_url else "site_url is not set")
    return Diagnostic(str(config_path), line_of_text(text, "site_url:"),
                      f"{what}: the published site's canonical links, feeds and citations would point nowhere",
                      "set the address readers will use: site_url: https://example.org/story/ in mkdocs.yml, or "
                      "SITE_URL=https://example.org/story/ make build (explainer init --site-url writes it; "
                      f"make serve needs none; {LOCAL_BUILD_ENV}=1 builds for this machine only)")
