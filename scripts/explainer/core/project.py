"""Where a project keeps its parts, read from its mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import fail
from .yamlio import yaml_error


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs' own tags (``!ENV``, ``!!python/name``)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    """A project root with ``mkdocs.yml``, ``docs/<lang>/`` and ``sources/``."""

    root: Path
    languages: tuple[str, ...]  # the default (source) language first

    @property
    def sources(self) -> Path:
        """The folder with articles, metadata and the bibliography."""
        return self.root / "sources"

    @property
    def docs(self) -> Path:
        """The folder with one subfolder per language."""
        return self.root / "docs"

    @property
    def default_language(self) -> str:
        """The source language."""
        return self.languages[0]


def load_project(root: Path) -> Project:
    """Read the languages from the i18n plugin's settings in ``root/mkdocs.yml``."""
    config_path = root / "mkdocs.yml"
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except FileNotFoundError:
        raise fail(config_path, None, "no mkdocs.yml here", "run the command from the project's root folder") from None
    except yaml.YAMLError as err:
        raise yaml_error(config_path, err) from None
    languages: list[str] = []
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            ordered = sorted(entries, key=lambda entry: not entry.get("default", False))
            languages = [str(entry["locale"]) for entry in ordered if entry.get("build", True)]
    if not languages:
        raise fail(config_path, None, "no languages configured for the i18n plugin",
                   "add plugins: - i18n: languages: [{locale: de, default: true, name: Deutsch}, …]")
    return Project(root, tuple(languages))
