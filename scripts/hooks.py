"""MkDocs hooks (``hooks:`` in mkdocs.yml): thin glue calling :mod:`explainer.plugin.build`."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

_SCRIPTS = str(Path(__file__).resolve().parent)

_glue = None
_site = None
_config = None


def _fresh_glue():
    """Import the package anew: `mkdocs serve` keeps this hook module across rebuilds, so edits to
    scripts/ only count if the package is imported again for every new configuration."""
    for name in [n for n in sys.modules if n == "explainer" or n.startswith("explainer.")]:
        del sys.modules[name]
    if sys.path[:1] != [_SCRIPTS]:  # this project's package first, whatever PYTHONPATH says
        sys.path.insert(0, _SCRIPTS)
    return importlib.import_module("explainer.plugin.build")


def on_config(config):
    global _glue, _site, _config
    if config is not _config:  # a new build; mkdocs-static-i18n reuses one config for all languages
        _glue, _site, _config = _fresh_glue(), None, config
    _site = _glue.configure(config, _site)
    _glue.configure_published(config)
    return config


def on_page_markdown(markdown, page, config, files):
    return _glue.prepare_page(_site, markdown, page, config)


def on_page_content(html, page, config, files):
    return _glue.clean_content(html)


def on_env(env, config, files):
    _glue.register_filters(env)
    return env


def on_page_context(context, page, config, nav):
    return _glue.page_context(_site, context, page, config)


def on_template_context(context, template_name, config):
    return _glue.template_context(_site, context, template_name, config)


@event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages and rewrites the search index
def on_post_build(config):
    _glue.post_build(config)
