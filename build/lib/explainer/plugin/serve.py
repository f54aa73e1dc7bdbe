"""``explainer serve`` (``make serve``): MkDocs' preview server that never appears stuck.

``mkdocs serve`` stops answering after a rebuild fails ("The server will appear stuck until build
errors are resolved"): a broken ``sources/`` file, ``translations.lock``, ``mkdocs.yml`` or a
syntax error in the generator leaves the browser waiting. This runs the same server, but a failed
configuration or build shows its located errors instead: in the terminal as before, and in the
browser, as a panel at the top of every page of the last good site (or of a page of its own when
there is none yet). The next save that fixes the problem rebuilds the site as usual.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

PANEL_ID = "explainer-build-errors"
_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)
_OLD_PANEL = re.compile(rb'<div id="' + PANEL_ID.encode() + rb'".*?</div><!--/' + PANEL_ID.encode() + rb"-->", re.S)


class _Collect(logging.Handler):
    """The warnings and errors of one build, as the terminal shows them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def panel(messages: list[str]) -> bytes:
    """The error panel: plain, escaped text, styled inline so that it shows whatever the theme."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in messages)
    return (f'<div id="{PANEL_ID}" role="alert" style="background:#fff3f3;color:#600;border:3px solid #b00;'
            f'padding:1em;margin:0;font:14px/1.5 sans-serif;position:relative;z-index:10">'
            f"<strong>The site could not be rebuilt. Fix these problems and save; the page reloads by itself."
            f"</strong><ul>{items}</ul></div><!--/{PANEL_ID}-->").encode()


def show_errors(site_dir: Path, messages: list[str]) -> None:
    """Put the panel at the top of every page of the site in ``site_dir`` (or write one page)."""
    pages = list(site_dir.rglob("*.html")) if site_dir.is_dir() else []
    banner = panel(messages or ["the build failed (see the terminal)"])
    if not pages:
        site_dir.mkdir(parents=True, exist_ok=True)
        document = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head><body>'
                    + banner + b"</body></html>")
        for name in ("index.html", "404.html"):
            (site_dir / name).write_bytes(document)
        return
    for page in pages:
        data = _OLD_PANEL.sub(b"", page.read_bytes())
        match = _BODY.search(data)
        at = match.end() if match else 0
        page.write_bytes(data[:at] + banner + data[at:])


def _messages(collected: list[str], err: BaseException) -> list[str]:
    text = str(err).strip()
    lines = list(dict.fromkeys(collected))
    if text and not any(text in line for line in lines):
        lines.append(f"{type(err).__name__}: {text}")
    return lines


def guarded(load_config: Callable[..., Any], build: Callable[..., Any],
            logger: logging.Logger) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """``load_config`` and ``build`` for MkDocs' serve command that turn a failure into the panel."""
    state: dict[str, Any] = {"config": None, "errors": None}

    def load(**kwargs: Any) -> Any:
        collect = _Collect()
        logger.addHandler(collect)
        try:
            config = load_config(**kwargs)
        except Exception as err:
            if state["config"] is None:
                raise  # nothing to serve yet: MkDocs says why and stops
            state["errors"] = _messages(collect.lines, err)
            return state["config"]
        finally:
            logger.removeHandler(collect)
        state["config"], state["errors"] = config, None
        return config

    def safe_build(config: Any, **kwargs: Any) -> None:
        if state["errors"] is not None:
            show_errors(Path(config.site_dir), state["errors"])
            return
        collect = _Collect()
        logger.addHandler(collect)
        try:
            build(config, **kwargs)
        except BaseException as err:
            if isinstance(err, KeyboardInterrupt):
                raise
            show_errors(Path(config.site_dir), _messages(collect.lines, err))
            logger.error("The preview shows these problems on every page until they are fixed.")
        finally:
            logger.removeHandler(collect)

    return load, safe_build


def main(args: list[str]) -> int:
    """``mkdocs serve ARGS`` (MkDocs' own command line, its logging and options), guarded."""
    from mkdocs.__main__ import cli
    from mkdocs.commands import serve as mkdocs_serve

    mkdocs_serve.load_config, mkdocs_serve.build = guarded(mkdocs_serve.load_config, mkdocs_serve.build,
                                                           logging.getLogger("mkdocs"))
    try:
        cli.main(["serve", *args], prog_name="explainer", standalone_mode=False)
    except KeyboardInterrupt:
        return 130
    except SystemExit as err:
        return int(err.code or 0)
    return 0
