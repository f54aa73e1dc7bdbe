"""The site's footer line: its licence or imprint, per language (the plugin's ``footer`` option).

Written as inline Markdown (``Text: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)``):
links, emphasis and code only, cleaned by nh3 (no markup, attribute or URL that could run
script survives), so the line can never carry a script into every page.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import markdown
import nh3

TAGS = {"a", "em", "strong", "code"}
ATTRIBUTES = {"a": {"href", "hreflang", "title"}}


@lru_cache(maxsize=64)
def footer_html(text: str) -> str:
    """``text`` (inline Markdown) as safe HTML; ``""`` for none."""
    if not text.strip():
        return ""
    html = markdown.markdown(" ".join(text.split()))
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"}).strip()


def footer_for(footer: Mapping[str, str], lang: str) -> str:
    """The footer line of ``lang`` as HTML (the option maps languages to texts; ``""`` where a
    language has none)."""
    return footer_html(str(footer.get(lang) or ""))
