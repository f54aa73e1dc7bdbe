"""Where a project keeps its parts, read from its mkdocs.yml without MkDocs.

The command line (``explainer check`` …) and the MkDocs plugin read the same settings: the
languages from mkdocs-static-i18n's options, the folders and files from the ``explainer`` plugin's
options (:data:`DEFAULTS`; the plugin's schema in :mod:`explainer.plugin.config` validates them
for MkDocs).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .diagnostics import Diagnostic, ExplainerError, fail
from .limits import check_yaml
from .yamlio import impossible_date, kind_of, read_text, yaml_error

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


_config_file = Path(CONFIG_NAME)


def use_config_file(path: Path) -> None:
    """Name the project's configuration file (``--root``'s mkdocs.yml, or MkDocs' ``-f``), where
    messages about the languages and the plugin's options are located from now on."""
    global _config_file
    _config_file = Path(path)


def config_file() -> Path:
    """The configuration file of the project in use (:func:`use_config_file`; ``./mkdocs.yml`` before)."""
    return _config_file


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs' own tags (``!ENV``, ``!!python/name``)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    """A project root with ``mkdocs.yml``, ``docs/<lang>/`` and a sources folder."""

    root: Path
    languages: tuple[str, ...]  # the default (source) language first
    options: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    docs_dir: str = "docs"  # MkDocs' docs_dir, relative to the root

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
        """The project's ``mkdocs.yml``."""
        return self.root / CONFIG_NAME

    @property
    def default_language(self) -> str:
        """The source language."""
        return self.languages[0]

    @property
    def translated_languages(self) -> tuple[str, ...]:
        """Every language but the source language."""
        return self.languages[1:]


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None


def _plugin_options(config: dict, path: Path, text: str) -> dict[str, Any]:
    """The ``explainer`` plugin's options merged over :data:`DEFAULTS` (type-checked)."""
    options = dict(DEFAULTS)
    for plugin in config.get("plugins") or []:
        given = None
        if isinstance(plugin, dict) and "explainer" in plugin:
            given = plugin["explainer"] or {}
        if given is None:
            continue
        line = _line_of(text, "explainer:")
        if not isinstance(given, dict):
            raise fail(path, line, f"the explainer plugin's options must be a mapping, not {kind_of(given)}",
                       "write them indented below '- explainer:', e.g. 'sources: sources'")
        for key, value in given.items():
            if key not in DEFAULTS:
                raise fail(path, _line_of(text, f"{key}:") or line, f"unknown option '{key}' of the explainer plugin",
                           f"known options: {', '.join(DEFAULTS)}")
            if value is None:  # an !ENV tag without its value here, or an empty option: the default
                continue
            expected = type(DEFAULTS[key])
            if expected is bool and isinstance(value, (int, str)) and str(value).strip().lower() in FLAG_WORDS:
                value = FLAG_WORDS[str(value).strip().lower()]  # as the plugin reads !ENV values (1, yes)
            if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
                raise fail(path, _line_of(text, f"{key}:") or line,
                           f"option '{key}' of the explainer plugin must be {kind_of(DEFAULTS[key])}, not {kind_of(value)}",
                           f"set it like the default: {key}: {json.dumps(DEFAULTS[key])}")  # YAML's false, not False
            if key in CHOICES and value not in CHOICES[key]:
                raise fail(path, _line_of(text, f"{key}:") or line,
                           f"option '{key}' of the explainer plugin must be one of {', '.join(CHOICES[key])}, "
                           f"not {value!r}", f"set it like the default: {key}: {DEFAULTS[key]}")
            options[key] = value
    return options


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


def _input_link_problems(project: Project) -> list[Diagnostic]:
    """Symbolic links among the files a contributor writes that lead out of the project."""
    candidates = [project.config_path, project.lock_path, project.sources]
    sources = project.sources
    if sources.is_dir() and not sources.is_symlink():
        for folder, dirs, files in os.walk(sources):  # does not follow links to folders
            candidates += [Path(folder) / name for name in sorted(dirs + files)]
    return [problem for path in candidates if (problem := outside_link(path, project.root)) is not None]


_PYTHON_TAG = re.compile(r"!!python/")


def python_tag_warnings(root: Path) -> list[Diagnostic]:
    """Warnings for ``!!python/…`` tags in ``root/mkdocs.yml``: MkDocs' loader runs them as code."""
    path = root / CONFIG_NAME
    try:
        text = read_text(path)
    except ExplainerError:
        return []
    return [Diagnostic(str(path), number, "'!!python/…' tag: MkDocs runs it as Python code when it reads mkdocs.yml",
                       "remove it unless you wrote it and trust it (a plugin option or !ENV does the same safely)",
                       severity="warning")
            for number, line in enumerate(text.splitlines(), 1) if _PYTHON_TAG.search(line)]


def load_project(root: Path) -> Project:
    """Read the languages and the explainer plugin's options from ``root/mkdocs.yml``."""
    config_path = root / CONFIG_NAME
    use_config_file(config_path)
    if not config_path.exists() and not config_path.is_symlink():
        raise fail(config_path, None, "no mkdocs.yml here", "run the command from the project's root folder")
    if (problem := outside_link(config_path, root)) is not None:
        raise ExplainerError(problem)
    text = read_text(config_path)
    check_yaml(text, config_path)
    try:
        config = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as err:
        raise yaml_error(config_path, err, 0, text) from None
    except ValueError as err:
        raise impossible_date(text, config_path, 0, err) from None
    if not isinstance(config, dict):
        raise fail(config_path, 1, f"mkdocs.yml must be a mapping, not {kind_of(config)}",
                   "start from the mkdocs.yml that `explainer init` writes")
    languages: list[str] = []
    plugins = config.get("plugins") or []
    if not isinstance(plugins, list):
        raise fail(config_path, _line_of(text, "plugins:"), f"'plugins' must be a list, not {kind_of(plugins)}",
                   "write each plugin as '- name' below 'plugins:'")
    for plugin in plugins:
        if isinstance(plugin, dict) and "i18n" in plugin:
            i18n = plugin["i18n"] or {}
            entries = i18n.get("languages") or [] if isinstance(i18n, dict) else None
            if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("locale") for e in entries):
                raise fail(config_path, _line_of(text, "languages:"), "the i18n plugin's languages must be a list of "
                           "mappings with a 'locale'", "write '- locale: de' with 'name:' and 'build: true' below it")
            seen: set[str] = set()
            for entry in entries:
                locale = str(entry["locale"])
                if locale in seen:
                    raise fail(config_path, _line_of(text, f"locale: {locale}") or _line_of(text, "languages:"),
                               f"language '{locale}' is listed twice", "remove one of the two entries")
                seen.add(locale)
            defaults = [str(entry["locale"]) for entry in entries if entry.get("default", False)]
            if len(defaults) > 1:
                raise fail(config_path, _line_of(text, "default: true") or _line_of(text, "languages:"),
                           f"{len(defaults)} default languages ({', '.join(defaults)})",
                           "mark only the source language 'default: true'")
            ordered = sorted(entries, key=lambda entry: not entry.get("default", False))
            languages = [str(entry["locale"]) for entry in ordered if entry.get("build", True)]
    if not languages:
        raise fail(config_path, None, "no languages configured for the i18n plugin",
                   "add plugins: - i18n: languages: [{locale: de, default: true, name: Deutsch}, …]")
    docs_dir = config.get("docs_dir") or "docs"
    if not isinstance(docs_dir, str):
        raise fail(config_path, _line_of(text, "docs_dir:"), f"docs_dir must be a folder's name, not {kind_of(docs_dir)}",
                   "write docs_dir: docs")
    project = Project(root, tuple(languages), _plugin_options(config, config_path, text), docs_dir)
    if project.sources.exists() and not project.sources.is_dir():
        raise fail(project.sources, None, "the sources folder is a file",
                   "move the file away: the sources folder holds articles.yml, bibliography.yml and articles/")
    problems = _input_link_problems(project)
    if problems:
        raise ExplainerError(problems)
    return project


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
    return Diagnostic(str(config_path), _line_of(text, "site_url:"),
                      f"{what}: the published site's canonical links, feeds and citations would point nowhere",
                      "set the address readers will use: site_url: https://example.org/story/ in mkdocs.yml, or "
                      "SITE_URL=https://example.org/story/ make build (explainer init --site-url writes it; "
                      f"make serve needs none; {LOCAL_BUILD_ENV}=1 builds for this machine only)")
