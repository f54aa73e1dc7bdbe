"""Content from Markdown or YAML must not inject script into a published page.

:func:`unsafe_content` finds raw ``<script>``, ``<iframe>`` and friends, ``on…=`` event handlers
and ``javascript:``/``data:``/``vbscript:`` links in a page (outside code) and HTML in its
frontmatter, with their lines. :func:`sanitize_html` removes the same from rendered HTML, as a
second line of defence for previews (``mkdocs serve`` shows warnings but keeps serving).
"""

from __future__ import annotations

import re

from ..core.diagnostics import Diagnostic
from ..model.citations import mask_code
from ..model.pages import Page

DANGEROUS_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "meta",
                  "link", "style")
_TAG = re.compile(r"<\s*(" + "|".join(DANGEROUS_TAGS) + r")\b", re.IGNORECASE)
_HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
_SCHEME = r"(?:javascript|vbscript|data|file)\s*:"
_MD_LINK = re.compile(r"\]\(\s*<?\s*(" + _SCHEME + r")", re.IGNORECASE)
_HTML_URL = re.compile(r"\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(" + _SCHEME + r")", re.IGNORECASE)
_AUTOLINK = re.compile(r"<(" + _SCHEME + r")[^>\s]*>", re.IGNORECASE)
_HTML_IN_META = re.compile(r"<\s*[a-zA-Z/!]")
_TAG_IN_META = re.compile(r"<\s*[a-zA-Z/!][^>]*>?")
META_TEXT_KEYS = ("title", "description")
FIX_RAW = "remove it: pages are Markdown; for a link to another site write [text](https://…)"


def unsafe_content(page: Page) -> list[Diagnostic]:
    """Everything in ``page`` that could run script in a reader's browser."""
    out = []
    for key in META_TEXT_KEYS:
        value = page.meta.get(key)
        if isinstance(value, str) and _HTML_IN_META.search(value):
            out.append(Diagnostic(str(page.path), page.meta_lines.get(key, 1), f"frontmatter '{key}' contains HTML",
                                  "write plain text"))
    text = mask_code(page.body)
    # Cheap pre-checks first: most pages have no HTML tag and no script-like scheme at all.
    has_tag, has_scheme = "<" in text, _has_script_scheme(text)
    patterns = ([(_TAG, "raw <{}> tag"), (_HANDLER, "event handler attribute {}=")] if has_tag else [])
    if has_scheme:
        patterns.append((_MD_LINK, "link with a {} URL"))
        if has_tag:
            patterns += [(_HTML_URL, "HTML attribute with a {} URL"), (_AUTOLINK, "link with a {} URL")]
    for pattern, what in patterns:
        for match in pattern.finditer(text):
            line = page.body_line + text.count("\n", 0, match.start())
            name = re.sub(r"\s+", "", match.group(1)).lower()
            out.append(Diagnostic(str(page.path), line, f"unsafe content: {what.format(name)}", FIX_RAW))
    return sorted(out, key=lambda d: (d.line or 0, d.message))


_DANGEROUS_ELEMENT = re.compile(r"<\s*(" + "|".join(DANGEROUS_TAGS) + r")\b[^>]*>(?:.*?<\s*/\s*\1\s*>)?",
                                re.IGNORECASE | re.DOTALL)
_HANDLER_ATTR = re.compile(r"(<[a-zA-Z][^>]*?)\s+on[a-z]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
_BAD_URL_ATTR = re.compile(r"\b(href|src|action|formaction)\s*=\s*([\"']?)\s*" + _SCHEME + r"[^\"'>\s]*\2",
                           re.IGNORECASE)


_ANY_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)  # wider than _HANDLER, and cheaper
_SCHEME_NAMES = ("javascript", "vbscript", "data", "file")


def _has_script_scheme(html: str) -> bool:
    """Whether ``html`` has a ``javascript:``-like scheme anywhere (as ``_SCHEME`` would find).

    Looks behind each colon: some ten times faster than the case-insensitive regex on a page.
    """
    colon = html.find(":")
    while colon != -1:
        end = colon
        while end and html[end - 1].isspace():
            end -= 1
        if html[max(0, end - 10):end].lower().endswith(_SCHEME_NAMES):
            return True
        colon = html.find(":", colon + 1)
    return False


def plain_meta(meta: dict) -> None:
    """Strip tags from the frontmatter fields a theme prints unescaped (Material puts the title
    into ``<title>`` and the header as it is). :func:`unsafe_content` reports them; this keeps a
    non-strict build, such as ``mkdocs serve``, from running them meanwhile."""
    for key in META_TEXT_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and _HTML_IN_META.search(value):
            meta[key] = _TAG_IN_META.sub("", value).strip()


def sanitize_html(html: str) -> str:
    """Rendered page content without script elements, event handlers or script URLs."""
    if not (_TAG.search(html) or _ANY_HANDLER.search(html) or _has_script_scheme(html)):
        return html
    html = _DANGEROUS_ELEMENT.sub("", html)
    previous = None
    while previous != html:
        previous, html = html, _HANDLER_ATTR.sub(r"\1", html)
    return _BAD_URL_ATTR.sub(r'\1="#"', html)
