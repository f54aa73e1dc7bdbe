"""The ``explainer`` plugin's options, validated by MkDocs (its own located errors, no traceback).

```yaml
plugins:
  - i18n: …
  - explainer:
      sources: sources                 # articles, their metadata and the bibliography
      lock: translations.lock          # what `make sync` records
      allow_outdated: !ENV [EXPLAINER_ALLOW_DRIFT, false]   # publish lagging translations with a banner
      strings:                         # the generated words, per language (see explainer/lang/data/)
        de: {references: Nachweise}
      cache: .cache/explainer          # derived data kept between builds ("" for none)
      outputs: true                    # sources.json/.bib, cite this page, last updated, JSON-LD, feeds
      article_type: NewsArticle        # the schema.org type of the pages' JSON-LD (default: Article)
      footer:                          # a line in every page's footer (inline Markdown): licence, imprint
        de: "Texte: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/deed.de)"
```

The defaults are :data:`explainer.core.project.DEFAULTS`. The command line reads the options through
this schema too (:func:`explainer.plugin.project.read_project`, with MkDocs' configuration loading).
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.project import CHOICES, DEFAULTS, FLAG_WORDS


class Flag(c.Type):
    """A yes/no option that also takes what ``!ENV`` gives from a variable such as ``EXPLAINER_ALLOW_DRIFT=1``."""

    def __init__(self, default: bool = False) -> None:
        super().__init__(bool, default=default)

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, str)) and str(value).strip().lower() in FLAG_WORDS:
            return FLAG_WORDS[str(value).strip().lower()]
        raise base.ValidationError(f"Expected true or false (or 1/0), but received: {value!r}")


class Strings(c.Type):
    """``{language: {key: text}}``: overrides of the generated words, checked against the language data."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict[str, dict[str, str]]:
        value = super().run_validation(value)
        assert isinstance(value, dict)  # Type(dict) checked it
        for lang, table in value.items():
            if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
                raise base.ValidationError(f"strings of {lang!r} must map keys to texts, e.g. {{references: Belege}}")
        return value


class ExplainerConfig(base.Config):
    """The plugin's schema; paths are relative to ``mkdocs.yml``."""

    sources = c.Dir(exists=True, default=DEFAULTS["sources"])
    lock = c.File(exists=False, default=DEFAULTS["lock"])
    allow_outdated = Flag(default=DEFAULTS["allow_outdated"])
    strings = Strings()
    locales = c.DictOfItems(c.Type(str), default={})
    cache = c.Type(str, default=DEFAULTS["cache"])
    outputs = Flag(default=DEFAULTS["outputs"])
    article_type = c.Choice(CHOICES["article_type"], default=DEFAULTS["article_type"])
    footer = c.DictOfItems(c.Type(str), default=DEFAULTS["footer"])
