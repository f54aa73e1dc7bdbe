"""The theme's templates compiled once, kept in the generator's cache (``.cache/explainer/``).

MkDocs makes a new Jinja environment for every build, and mkdocs-static-i18n builds every language
again, so each language of each build (and of each preview rebuild) lexed, parsed and compiled
Material's 36 templates anew: about a third of a small site's build. Jinja's own bytecode cache
keeps the compiled code; here its entries live in :class:`~explainer.core.cache.Cache`, so they are
written atomically, keyed by the template's source, the environment's syntax and the generator's
code, and a damaged entry only costs a recompilation.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from ..core.cache import Cache, content_key

KIND = "template"


def _syntax(env: jinja2.Environment) -> str:
    """What, besides a template's source, decides the code Jinja compiles it to."""
    return repr((jinja2.__version__, sorted(env.extensions), env.block_start_string, env.block_end_string,
                 env.variable_start_string, env.variable_end_string, env.comment_start_string,
                 env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                 env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
                 env.autoescape if isinstance(env.autoescape, bool) else "callable"))


class TemplateCache(BytecodeCache):
    """Jinja's bytecode cache on top of the generator's :class:`Cache`."""

    def __init__(self, cache: Cache, syntax: str) -> None:
        self.cache = cache
        self.syntax = syntax

    def _key(self, bucket: Bucket) -> str:
        return content_key(self.syntax, bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.cache.get(KIND, self._key(bucket))
        if isinstance(data, bytes):
            try:  # Jinja checks its magic, the source's checksum and the code, and resets on a mismatch
                bucket.bytecode_from_string(data)
            except Exception:
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.put(KIND, self._key(bucket), bucket.bytecode_to_string())


def cache_templates(env: jinja2.Environment, cache: Cache) -> None:
    """Let ``env`` keep its compiled templates in ``cache`` (nothing changes where it has no folder)."""
    if cache.folder is not None:
        env.bytecode_cache = TemplateCache(cache, _syntax(env))
