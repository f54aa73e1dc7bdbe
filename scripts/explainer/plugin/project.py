"""The project's context, read once through MkDocs' own configuration loading.

:func:`read_project` (the command line) and :func:`project_from_config` (the plugin's ``on_config``)
make the same :class:`explainer.core.project.Project` from the same validated configuration: the
``explainer`` plugin's schema (:mod:`.config`), mkdocs-static-i18n's languages (:mod:`.i18n`),
``docs_dir`` and ``site_url``; so the command line and the build cannot disagree. Before MkDocs
sees the file, cheap safe checks refuse what it would choke on or not report (a missing file, a
link out of the project, a YAML bomb, a file that is not a mapping, a language listed twice, two
defaults); MkDocs' own validation errors become located messages (``path:line: what — fix``).
"""

from __future__ import annotations

import io
import json
import logging
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from ..core.diagnostics import Diagnostic, ExplainerError, fail
from ..core.limits import check_yaml
from ..core.project import CHOICES, CONFIG_NAME, DEFAULTS, Project, input_link_problems, line_of_text, outside_link
from ..core.yamlio import impossible_date, kind_of, read_text, yaml_error
from ..lang.l10n import Words
from ..model.ingest import require_sources
from . import i18n

PLUGIN = "explainer"  # the plugin's name in mkdocs.yml
_PLUGIN_OPTION = re.compile(r"^Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': (?P<what>.*)$", re.DOTALL)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads mkdocs.yml for the pre-checks without resolving MkDocs' own tags (``!ENV``, ``!!python/name``);
    with libyaml where PyYAML has it (a tenth of the pure-Python reader's time, for every command)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _as_written(text: str) -> Any:
    """mkdocs.yml's text as written: MkDocs' tags (``!ENV``, ``!!python/name``) left unresolved."""
    return yaml.load(text, Loader=_Loader) or {}


def _prechecks(path: Path, root: Path) -> tuple[str, dict[str, Any]]:
    """The configuration's text and its mapping as written, after the checks MkDocs does not make
    or makes with a traceback."""
    if not path.exists() and not path.is_symlink():
        raise fail(path, None, f"no {path.name} here", "run the command from the project's root folder")
    if (problem := outside_link(path, root)) is not None:
        raise ExplainerError(problem)
    text = read_text(path)
    check_yaml(text, path)
    try:
        config = _as_written(text)
    except yaml.YAMLError as err:
        raise yaml_error(path, err, 0, text) from None
    except ValueError as err:
        raise impossible_date(text, path, 0, err) from None
    if not isinstance(config, dict):
        raise fail(path, 1, f"{path.name} must be a mapping, not {kind_of(config)}",
                   "start from the mkdocs.yml that `explainer init` writes")
    plugins = config.get("plugins") or []
    if not isinstance(plugins, list):
        raise fail(path, line_of_text(text, "plugins:"), f"'plugins' must be a list, not {kind_of(plugins)}",
                   "write each plugin as '- name' below 'plugins:'")
    found = False
    for plugin in plugins:
        if isinstance(plugin, dict) and i18n.NAME in plugin:
            found = True
            _language_prechecks(plugin[i18n.NAME] or {}, path, text)
    if not found:
        raise fail(path, None, "no languages configured for the i18n plugin",
                   "add plugins: - i18n: languages: [{locale: de, default: true, name: Deutsch}, …]")
    return text, config


def _language_prechecks(options: object, path: Path, text: str) -> None:
    """A language listed twice or two defaults: mkdocs-static-i18n accepts both and builds nonsense."""
    entries = options.get("languages") or [] if isinstance(options, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("locale") for e in entries):
        raise fail(path, line_of_text(text, "languages:"), "the i18n plugin's languages must be a list of "
                   "mappings with a 'locale'", "write '- locale: de' with 'name:' and 'build: true' below it")
    if not entries:
        raise fail(path, line_of_text(text, "languages:"), "no languages configured for the i18n plugin",
                   "add plugins: - i18n: languages: [{locale: de, default: true, name: Deutsch}, …]")
    seen: set[str] = set()
    for entry in entries:
        locale = str(entry["locale"])
        if locale in seen:
            raise fail(path, line_of_text(text, f"locale: {locale}") or line_of_text(text, "languages:"),
                       f"language '{locale}' is listed twice", "remove one of the two entries")
        seen.add(locale)
    defaults = [str(entry["locale"]) for entry in entries if entry.get("default", False)]
    if len(defaults) > 1:
        raise fail(path, line_of_text(text, "default: true") or line_of_text(text, "languages:"),
                   f"{len(defaults)} default languages ({', '.join(defaults)})",
                   "mark only the source language 'default: true'")


def _option_line(text: str, plugin: str, option: str) -> int | None:
    """The line of ``option:`` below ``- plugin:`` in the configuration's text (else the plugin's line)."""
    lines = text.splitlines()
    start = next((number for number, line in enumerate(lines, 1) if re.match(rf"\s*-\s*{re.escape(plugin)}\s*:?", line)),
                 None)
    if start is None:
        return line_of_text(text, f"{option}:")
    for number in range(start + 1, len(lines) + 1):
        if re.match(rf"\s*{re.escape(option)}\s*:", lines[number - 1]):
            return number
    return start


def _located(path: Path, text: str, name: str, error: Exception) -> Diagnostic:
    """One of MkDocs' validation errors (``name``: the configuration key) as a located message."""
    what = str(error).strip()
    match = _PLUGIN_OPTION.match(what)
    if match:
        plugin, option = match.group("plugin"), match.group("option")
        line = _option_line(text, plugin, option)
        if plugin == PLUGIN:
            return Diagnostic(str(path), line, *_explainer_problem(option, _given(text, option), match.group("what")))
        return Diagnostic(str(path), line, f"option '{option}' of the {plugin} plugin: {match.group('what')}",
                          "correct it as the plugin's documentation says")
    return Diagnostic(str(path), line_of_text(text, f"{name}:") if name else None,
                      f"'{name}': {what}" if name else what, f"correct '{name}' as MkDocs' documentation says")


def _plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The explainer plugin's options in mkdocs.yml's mapping as written, or None (no options given)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get(PLUGIN), dict):
            return plugin[PLUGIN]
    return None


def _given(text: str, option: str) -> object:
    """The value of the explainer plugin's ``option`` as written (MkDocs' tags unresolved), or None."""
    options = _plugin_options(_as_written(text))
    return None if options is None else options.get(option)


def _explainer_problem(option: str, given: object, mkdocs_says: str) -> tuple[str, str]:
    """What is wrong with the explainer plugin's ``option`` and how to fix it, in the words of the
    plugin's other messages; what MkDocs says where the value as written does not tell more."""
    if option not in DEFAULTS:
        return (f"unknown option '{option}' of the explainer plugin", f"known options: {', '.join(DEFAULTS)}")
    default = DEFAULTS[option]
    if option in CHOICES and isinstance(given, str) and given not in CHOICES[option]:
        return (f"option '{option}' of the explainer plugin must be one of {', '.join(CHOICES[option])}, not {given!r}",
                f"set it like the default: {option}: {default}")
    if given is not None and (not isinstance(given, type(default)) or isinstance(given, bool) != isinstance(default, bool)):
        return (f"option '{option}' of the explainer plugin must be {kind_of(default)}, not {kind_of(given)}",
                f"set it like the default: {option}: {json.dumps(default)}")  # YAML's false, not False
    return (f"option '{option}' of the explainer plugin: {mkdocs_says}",
            f"correct it as the plugin's documentation says (default: {option}: {json.dumps(default)})")


@contextmanager
def _quiet_mkdocs():
    """MkDocs and its plugins log while they validate; the command line says what matters itself."""
    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    handler = logging.NullHandler()
    logger.addHandler(handler)
    logger.setLevel(logging.CRITICAL)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def load_config(config_file: Path, text: str | None = None) -> MkDocsConfig:
    """MkDocs' validated configuration from ``config_file`` (as ``mkdocs build -f`` reads it), or a
    located :class:`ExplainerError` for each validation error. ``text``: the file's text, pre-checked."""
    path = Path(config_file)
    text = _prechecks(path, path.parent)[0] if text is None else text
    config = MkDocsConfig(config_file_path=str(path))
    try:
        with _quiet_mkdocs():
            config.load_file(io.BytesIO(text.encode("utf-8")))
            errors, warnings = config.validate()
    except ConfigurationError as err:  # a YAML error MkDocs' loader finds (an unset !ENV …)
        raise fail(path, None, str(err).strip(), "correct mkdocs.yml") from None
    except Exception as err:  # MkDocs or a plugin fails on a value its validation did not expect
        raise fail(path, None, f"MkDocs cannot read this configuration ({type(err).__name__}: {err})",
                   "compare it with the mkdocs.yml that `explainer init` writes; `mkdocs build` shows where it fails"
                   ) from None
    # MkDocs only warns of an unknown option (a strict build fails on it): for this plugin it is an error.
    errors += [(name, ValidationError(warning)) for name, warning in warnings
               if str(warning).startswith(f"Plugin '{PLUGIN}' option")]
    if errors:
        raise ExplainerError([_located(path, text, name, error) for name, error in errors])
    return config


def project_from_config(config: Any) -> Project:
    """The project whose validated MkDocs configuration is ``config``: the plugin's ``on_config``
    and :func:`read_project` both make it here."""
    path = Path(config.config_file_path)
    root = path.parent
    entries = i18n.language_entries(config)
    ordered = sorted(entries, key=lambda entry: not entry.default)
    languages = tuple(str(entry.locale) for entry in ordered if entry.build)
    if not languages:
        raise fail(path, None, "no languages configured for the i18n plugin",
                   "add plugins: - i18n: languages: [{locale: de, default: true, name: Deutsch}, …]")
    options = dict(DEFAULTS)
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None:
        options.update(dict(plugin.config))
        for key in ("sources", "lock"):  # MkDocs made them absolute: relative to the root, as written
            options[key] = _relative(Path(options[key]), root)
    docs_dir = _relative(Path(config.docs_dir), root)
    words = Words(options["locales"], options["strings"], path)
    project = Project(root, languages, options, docs_dir, path, config.site_url, words)
    if project.sources.exists() and not project.sources.is_dir():
        raise fail(project.sources, None, "the sources folder is a file",
                   "move the file away: the sources folder holds articles.yml, bibliography.yml and articles/")
    return project


def _relative(path: Path, root: Path) -> str:
    """``path`` below ``root`` as written relative to it, else absolute."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_project(config_file: Path) -> Project:
    """The project configured by ``config_file`` (``--root``'s mkdocs.yml), read once through
    MkDocs' configuration loading; located errors for everything wrong with it."""
    path = Path(config_file)
    root = path.parent
    text, written = _prechecks(path, root)
    sources = _sources_option(written)  # before MkDocs, which would say only that it is no folder
    if sources and (root / sources).exists() and not (root / sources).is_dir():
        raise fail(root / sources, None, "the sources folder is a file",
                   "move the file away: the sources folder holds articles.yml, bibliography.yml and articles/")
    if sources:
        require_sources(root / sources)  # MkDocs would say only that the path is no folder, with the full path
    project = project_from_config(load_config(path, text))
    problems = input_link_problems(project)
    if problems:
        raise ExplainerError(problems)
    return project


def _sources_option(config: dict[str, Any]) -> str | None:
    """The explainer plugin's ``sources`` option as written (None: not text), or its default."""
    options = _plugin_options(config)
    if options is None:
        return str(DEFAULTS["sources"])
    value = options.get("sources")
    return value if isinstance(value, str) else None


def load_project(root: Path) -> Project:
    """:func:`read_project` of ``root/mkdocs.yml`` (the command line's ``--root``)."""
    return read_project(Path(root) / CONFIG_NAME)
