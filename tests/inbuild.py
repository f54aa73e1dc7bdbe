"""``mkdocs build`` in the test's own process: what ``mkdocs build`` does (``load_config``, the
plugins' startup, ``build``, their shutdown) without starting an interpreter and importing MkDocs,
Material and the generator again for every build (about a second of CPU each).

The result is a :class:`conftest.Run` with the exit code and the messages the command line would
print (``WARNING -  …``, ``Aborted with 2 warnings in strict mode!``), so tests read it as they read
a subprocess. Tests about the process itself (exit codes of the real command, a second engine,
concurrent builds) keep ``conftest.run([MKDOCS, …])``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from conftest import Run


class _CliFormat(logging.Formatter):
    """Messages as MkDocs' command line prints them (``mkdocs.__main__.ColorFormatter``, uncoloured)."""

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"{record.levelname:<8}-  "
        return prefix + super().format(record)


@contextlib.contextmanager
def _environment(values: Mapping[str, str], cwd: Path) -> Iterator[None]:
    """``values`` in ``os.environ`` and ``cwd`` as the working folder, both restored afterwards."""
    saved = dict(os.environ)
    here = Path.cwd()
    os.environ.update(values)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(saved)


def build_in_process(root: Path, site: Path, environ: Mapping[str, str], strict: bool = True,
                     config_file: Path | None = None) -> Run:
    """``mkdocs build --clean --site-dir site [--strict]`` of the project at ``root``, in this process."""
    from click import ClickException
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_CliFormat())
    handler.setLevel(logging.INFO)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    code = 0
    try:
        with _environment(environ, root):
            try:
                config = load_config(str(config_file or root / "mkdocs.yml"), site_dir=str(site), strict=strict)
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config, dirty=False)
                finally:
                    config.plugins.on_shutdown()
            except Abort as err:  # as the command line shows it
                stream.write(f"\n{err.format_message()}\n")
                code = 1
            except ClickException as err:  # ConfigurationError, PluginError …: click's "Error: …"
                stream.write(f"Error: {err.format_message()}\n")
                code = 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return Run(code, "", stream.getvalue())
