"""Content from Markdown or YAML must not inject script into a published page.

Two halves with one allow-list:

- :func:`sanitize_html` runs the page's rendered content through **nh3** (the bindings to the
  ammonia sanitiser): only the elements and attributes that Markdown and the project's extensions
  produce survive, and a URL survives only with an ``http``, ``https`` or ``mailto`` scheme (or
  none: a relative link), as a browser reads it: entities decoded, tabs, newlines, controls and
  leading spaces dropped, any case. ``<script>``, ``<style>``, SVG and MathML go with their content.
- :func:`unsafe_content` reports, with its line, everything in a page's Markdown that the
  sanitiser would remove: a raw HTML element or attribute outside the allow-list, an event handler,
  a link, image, reference definition or autolink whose URL has another scheme (however spelt:
  ``&#106;avascript:``, ``javascript&colon;``, ``java&Tab;script:``), and HTML in the frontmatter.
  ``explainer check`` and a strict build fail on it; a preview shows the sanitised page meanwhile.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

import nh3

from ..core.diagnostics import Diagnostic
from ..model.pages import Page

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# What Python-Markdown with abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables,
# toc, pymdownx.details/superfences and the generator's own citation, bibliography and glossary
# markup produce; nothing else is published from a page's content.
CONTENT_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
CONTENT_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "data-search-exclude"},
    "a": {"href", "hreflang", "rel", "download", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "dt": {"data-also"},  # the glossary's other spellings of a term (render/glossary.py reads them)
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
STYLE_PROPERTIES = frozenset({"text-align"})  # Markdown tables align columns with style="text-align: …"
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "frame", "frameset",
                                  "object", "embed", "applet", "svg", "math", "title", "textarea", "xmp",
                                  "noembed", "noframes", "select", "option"})
# Elements that run or load something (site/jsonld.py keeps text with them out of the JSON-LD).
DANGEROUS_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "meta",
                  "link", "style")
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "xlink:href", "poster", "background",
                            "srcset", "data", "codebase", "lowsrc", "dynsrc", "longdesc", "usemap", "ping",
                            "manifest", "icon", "profile", "classid", "archive", "to", "from", "values"})
# Attributes a contributor may write in raw HTML or an attr_list beyond the published ones:
# md_in_html's `markdown` is consumed by the Markdown conversion and never published.
_MARKDOWN_ONLY = frozenset({"markdown"})

_HTML_IN_META = re.compile(r"<\s*[a-zA-Z/!]")
_TAG_IN_META = re.compile(r"<\s*[a-zA-Z/!][^>]*>?")
META_TEXT_KEYS = ("title", "description")
FIX_RAW = "remove it: pages are Markdown; for a link to another site write [text](https://…)"
FIX_URL = "link only to http(s):// or mailto: addresses, or to a page of this site"
FIX_ATTRIBUTE = "remove the attribute: the published page would drop it"

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_MD_INLINE = re.compile(r"\]\(\s*<?([^)>\n]*)")  # [text](url) and ![alt](url): the destination's start
_MD_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\n?[ \t]*<?(\S+)", re.MULTILINE)  # [id]: url
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")  # { key="value" } of attr_list
_ATTR_PAIR = re.compile(r"([^\s=\"'{}]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s}]+)")


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_HTML_BLOCK = re.compile(r"^\s{0,3}<[a-zA-Z!/?]")
_BLANK_LINE = re.compile(r"(\n[ \t]*\n)")


def code_masked(body: str) -> str:
    """``body`` with fenced code blocks and code spans blanked, lines and columns kept.

    Stricter than :func:`explainer.model.citations.mask_code`, as Python-Markdown reads a page:
    a backtick without a closing run of the same length is text (what follows it is not code),
    and a paragraph that starts with an HTML tag is raw HTML, in which backticks are text too."""
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence:
            lines[index] = " " * len(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip()[len(match.group(1)):].strip():
                fence = None
        elif match:
            fence, lines[index] = match.group(1), " " * len(line)
    parts = _BLANK_LINE.split("\n".join(lines))
    for index in range(0, len(parts), 2):  # the paragraphs; the blank lines between them are odd
        if "`" in parts[index] and not _HTML_BLOCK.match(parts[index]):
            parts[index] = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), parts[index])
    return "".join(parts)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lower case), or None for a relative URL.

    Entities are decoded (again, while that changes anything: Markdown may leave ``&amp;#106;``
    for a later step), then every whitespace, control and invisible formatting character is
    dropped, as URL parsers drop tabs and newlines anywhere and spaces and controls at the start."""
    for _ in range(5):
        decoded = htmllib.unescape(url)
        if decoded == url:
            break
        url = decoded
    url = "".join(ch for ch in url if not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs")))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def unsafe_url(url: str) -> str | None:
    """The scheme of ``url`` if a page must not link to it (anything but http, https, mailto)."""
    scheme = url_scheme(url)
    return scheme if scheme is not None and scheme not in SAFE_SCHEMES else None


def _allowed_attribute(tag: str, name: str) -> bool:
    return name in CONTENT_ATTRIBUTES["*"] or name in CONTENT_ATTRIBUTES.get(tag, ()) or name in _MARKDOWN_ONLY


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """A second look at each URL attribute nh3 keeps: our own scheme reading must agree."""
    if name in URL_ATTRIBUTES and unsafe_url(value) is not None:
        return None
    return value


def sanitize_html(html: str) -> str:
    """Rendered page content with only the allow-listed elements, attributes and URL schemes.

    Runs nh3 on every page: what is published is what the sanitiser wrote. Where it removes
    nothing, its serialisation differs from Python-Markdown's only in spelling, not in what a
    browser builds from it: ``¶`` for ``&para;``, ``download=""`` for ``download``,
    ``style="text-align:left"`` for ``style="text-align: left;"``.
    """
    return _cleaner().clean(html)


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """The one configured sanitiser (made once: some 10 % faster per page than ``nh3.clean``)."""
    return nh3.Cleaner(tags=set(CONTENT_TAGS), clean_content_tags=set(REMOVED_WITH_CONTENT),
                       attributes={tag: set(names) for tag, names in CONTENT_ATTRIBUTES.items()},
                       attribute_filter=_attribute_filter, strip_comments=True, link_rel=None,
                       url_schemes=set(SAFE_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES))


class _RawHtml(HTMLParser):
    """Every start tag in a page's Markdown with the findings it deserves (line within the text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (line, message, fix)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        raw = self.get_starttag_text() or ""
        if ":" in tag or "@" in tag:  # <https://…>, <me@example.org>: an autolink, not an element
            scheme = unsafe_url(raw.strip("<>"))
            if scheme:
                self.found.append((line, f"unsafe content: link with a {scheme}: URL", FIX_URL))
            elif "@" not in tag and url_scheme(raw.strip("<>")) is None:
                self.found.append((line, f"unsafe content: raw <{tag}> tag", FIX_RAW))
            return
        if tag not in CONTENT_TAGS:
            self.found.append((line, f"unsafe content: raw <{tag}> tag", FIX_RAW))
        for name, value in attrs:
            self.found += [(line, *finding) for finding in attribute_findings(tag, name, value or "")]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def attribute_findings(tag: str | None, name: str, value: str) -> list[tuple[str, str]]:
    """Findings (message, fix) for one attribute a contributor wrote (``tag`` None: an attr_list,
    whose element is not known here)."""
    name = name.lower()
    if name.startswith("on"):
        return [(f"unsafe content: event handler attribute {name}=", FIX_RAW)]
    if name in URL_ATTRIBUTES and (scheme := unsafe_url(value)):
        return [(f"unsafe content: HTML attribute with a {scheme}: URL", FIX_URL)]
    if tag is not None and not _allowed_attribute(tag, name):
        return [(f"unsafe content: attribute {name}= in <{tag}> would be removed", FIX_ATTRIBUTE)]
    if tag is None and (name == "style" or (name in URL_ATTRIBUTES and name not in ("href", "src", "cite"))):
        return [(f"unsafe content: attribute {name}= would be removed", FIX_ATTRIBUTE)]
    return []


def unsafe_content(page: Page) -> list[Diagnostic]:
    """Everything in ``page`` that could run script in a reader's browser, or that the published
    page would lose to the sanitiser (see the module docstring)."""
    out = []
    for key in META_TEXT_KEYS:
        value = page.meta.get(key)
        if isinstance(value, str) and _HTML_IN_META.search(value):
            out.append(Diagnostic(str(page.path), page.meta_lines.get(key, 1), f"frontmatter '{key}' contains HTML",
                                  "write plain text"))
    text = code_masked(page.body)
    found: list[tuple[int, str, str]] = []  # (offset or line, …): lines below
    for pattern in (_MD_INLINE, _MD_REFERENCE):  # [text](url), ![alt](url), [id]: url
        for match in pattern.finditer(text):
            if scheme := unsafe_url(match.group(1)):
                found.append((text.count("\n", 0, match.start(1)) + 1, f"unsafe content: link with a {scheme}: URL",
                              FIX_URL))
    if "{" in text:
        for match in _ATTR_LIST.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            for pair in _ATTR_PAIR.finditer(match.group(1)):
                value = pair.group(2).strip("\"'")
                found += [(line, *finding) for finding in attribute_findings(None, pair.group(1), value)]
    if "<" in text:
        parser = _RawHtml()
        parser.feed(text)
        parser.close()
        found += parser.found
    for line, message, fix in found:
        out.append(Diagnostic(str(page.path), page.body_line + line - 1, message, fix))
    return sorted(set(out), key=lambda d: (d.line or 0, d.message))


def plain_meta(meta: dict) -> None:
    """Strip tags from the frontmatter fields a theme prints unescaped (Material puts the title
    into ``<title>`` and the header as it is). :func:`unsafe_content` reports them; this keeps a
    non-strict build, such as ``mkdocs serve``, from running them meanwhile."""
    for key in META_TEXT_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and _HTML_IN_META.search(value):
            meta[key] = _TAG_IN_META.sub("", value).strip()
