"""MkDocs hooks (``hooks:`` in mkdocs.yml): thin glue calling :mod:`explainer.mkdocs_glue`."""

from __future__ import annotations

import sys
from pathlib import Path

_SCRIPTS = str(Path(__file__).resolve().parent)
if _SCRIPTS not in sys.path:
    sys.path.insert(0, _SCRIPTS)
# `mkdocs serve` reloads this file on every rebuild: drop the cached package so edits to it count.
for _name in [n for n in sys.modules if n == "explainer" or n.startswith("explainer.")]:
    del sys.modules[_name]

from explainer import mkdocs_glue  # noqa: E402

_site: mkdocs_glue.Site | None = None


def on_config(config):
    global _site
    _site = mkdocs_glue.configure(config, _site)
    return config


def on_page_markdown(markdown, page, config, files):
    return mkdocs_glue.prepare_page(_site, markdown, page, config)
