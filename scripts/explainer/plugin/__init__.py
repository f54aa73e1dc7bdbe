"""The MkDocs plugin ``explainer`` (``plugins: - explainer`` in mkdocs.yml).

Thin event methods: each hands MkDocs' objects to a plain function of :mod:`.build` (the pages:
citations, checks, glossary) or :mod:`.published` (head meta, search per language, sitemap,
404 page), which call the generator's stages below. Listed after ``i18n``: mkdocs-static-i18n
builds one language after the other with the same configuration, and its ``on_post_build``
(priority -100) starts the other languages' builds, so the site is finished in this plugin's
``on_post_build`` (priority -200).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from ..core.project import LOCAL_SITE_URL, site_url_problem
from . import reload
from .config import ExplainerConfig


class WarningCounter(logging.Handler):
    """Warnings of every language's build. mkdocs-static-i18n builds the languages one inside the
    other, and MkDocs' strict mode counts only the build that fails ("Aborted with 3 warnings" after
    five); the message is corrected to the total, language by language."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()
        self.language = ""

    def start(self) -> None:
        """Count from now on (a new build): the handler is on MkDocs' logger until :meth:`stop`."""
        self.counts.clear()
        logger = logging.getLogger("mkdocs")
        if self not in logger.handlers:
            logger.addHandler(self)

    def stop(self) -> None:
        """Stop counting (the build is over): the handler leaves MkDocs' logger."""
        logging.getLogger("mkdocs").removeHandler(self)

    def total(self) -> int:
        """Warnings of every language's build so far."""
        return sum(self.counts.values())

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            self.counts[self.language] += 1

    def correct(self, error: BaseException) -> None:
        message = getattr(error, "message", "")
        total = sum(self.counts.values())
        if isinstance(message, str) and re.fullmatch(r"Aborted with .* in strict mode!", message) and total:
            # Warnings before the first language's build (the configuration's) have no language.
            each = ", ".join(f"{lang or 'configuration'}: {n}" for lang, n in sorted(self.counts.items()) if n)
            # MkDocs' Abort has the message (getattr above); click declares it final, but the count is wrong
            error.message = f"Aborted with {total} warning{'s' if total != 1 else ''} in strict mode ({each})!"  # type: ignore[attr-defined]


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    """Citations, checks and the multilingual published site for an explainer."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.glue: ModuleType | None = None
        self.site = None
        self._for_config = None
        self._code: tuple | None = None  # the package's code stamp at the last (re)load (plugin.reload)
        self.warnings = WarningCounter()
        self.unindexed: dict[str, str] = {}  # each page's reference list while the search plugin reads it
        self.command: str | None = None  # mkdocs build, serve, gh-deploy (None: called as a library)

    def on_startup(self, *, command, dirty):
        self.command = command

    def on_config(self, config):
        if config is not self._for_config:  # a new build or rebuild, not the next language of one
            if self.command != "serve" and (problem := site_url_problem(config.site_url, Path(config.config_file_path))):
                raise PluginError(str(problem))
            if not config.site_url:  # a build for this machine only (make check): where the preview serves it
                config.site_url = LOCAL_SITE_URL
            self.glue, self._code = reload.fresh("explainer.plugin.build", self._code)
            self.site, self._for_config = None, config
            self.warnings.start()
        self.site = self.glue.configure(config, self.site, self.config, self.warnings.total)
        self.warnings.language = self.glue.i18n.building_language(config)
        return config

    @event_priority(-110)  # after mkdocs-static-i18n (-100), which makes each language's files
    def on_files(self, files, config):
        """Leave out symbolic links that loop or leave docs/; give every language the shared files."""
        return self.glue.tree_files(self.site, files, config)

    def on_page_read_source(self, page, config):
        return self.glue.read_source(page)

    def on_build_error(self, error):
        self.warnings.correct(error)
        self.warnings.stop()

    def on_page_markdown(self, markdown, page, config, files):
        return self.glue.prepare_page(self.site, markdown, page, config)

    def on_page_content(self, html, page, config, files):
        html, self.unindexed[page.file.dest_uri] = self.glue.clean_content(html, page)
        return html

    def on_env(self, env, config, files):
        self.glue.register_filters(self.site, env)
        return env

    @event_priority(-50)  # after Material's search (0) has indexed the page without its reference list
    def on_page_context(self, context, page, config, nav):
        page.content += self.unindexed.pop(page.file.dest_uri, "")
        return self.glue.page_context(self.site, context, page, config)

    def on_template_context(self, context, template_name, config):
        return self.glue.template_context(self.site, context, template_name, config)

    def on_serve(self, server, config, builder):
        """Rebuild the preview when a source, the lock or the generator's own code changes."""
        for path in (self.config.sources, self.config.lock, reload.PACKAGE):
            if Path(path).exists():
                server.watch(str(path))
        return server

    @event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages
    def on_post_build(self, config):
        self.glue.post_build(self.site, config)
        if not self.glue.i18n.building_inside(config):  # the last language's build: the whole site is done
            self.warnings.stop()
