"""sanitize_html: rendered HTML in, only allow-listed HTML out (nh3); url_scheme: a URL's scheme as a
browser reads it; code_masked: what Python-Markdown takes for code; plain_meta: frontmatter text
without tags. The vectors of the OWASP cheat sheet, end to end: tests/test_xss.py."""

from __future__ import annotations

import lxml.html
import markdown
import pytest

from explainer.checks.safety import code_masked, plain_meta, sanitize_html, unsafe_url, url_scheme

CLEAN = ('<p>Am 26. November 2024 <sup class="citation">[<a href="#cite-1" id="use-1" aria-label="Quelle 1" '
         'title="Beispielblatt: Titel">1</a>]</sup>. Siehe <a href="https://example.org/a:b?x=1&amp;y=2" '
         'hreflang="en" rel="noopener">Quelle</a>, Zitat: <q lang="de">on air = live</q>, data: none, 3 &lt; 4.</p>'
         '<h2 data-search-exclude="" id="references">Quellen</h2>'
         '<ol class="references" data-search-exclude=""><li id="cite-1"><span class="citation-work">'
         '<cite>Titel</cite> <time datetime="2024-11-26">26. November 2024</time></span></li></ol>'
         '<p><abbr title="Hypertext">HTML</abbr> <a href="mailto:a@example.org">Mail</a> '
         '<a href="../sources.bib" download="" type="application/x-bibtex">BibTeX</a></p>'
         '<dl><dt data-also="Rohrbrüche">Rohrbruch</dt><dd>Ein geplatztes Rohr.</dd></dl>')

# Everything the fixture projects' Markdown extensions produce (mkdocs.yml's markdown_extensions).
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences"]
SAMPLE = """# Title {#t .c}

Text with a footnote[^1], **bold**, _em_, `code`, <https://example.org> and <me@example.org>.

[^1]: The note.

!!! note "Heads up"
    Admonition body.

??? tip "Open me"
    Details body.

```python
def f(x):
    return x < 3 and "a" & 'b'
```

| a | b | c |
|:--|:-:|--:|
| 1 | 2 | 3 |

Term
:   Definition

*[HTML]: Hyper Text

HTML is here. {: .editorial }

<div markdown>
*inside* html
</div>

![alt](img.png "title") [link](https://example.org/a?b=1&c=2 "t") [mail](mailto:a@b.org) [rel](../x/#y)

1. one
2. two

> quote

---
"""


def dom(html: str) -> str:
    """``html`` as a browser-like parser builds it, serialised again (spelling aside)."""
    return lxml.html.tostring(lxml.html.fragment_fromstring(html, create_parent="div"), encoding="unicode")


def test_the_generators_own_markup_is_kept() -> None:
    assert sanitize_html(CLEAN) == CLEAN


def test_what_markdown_and_its_extensions_make_is_kept() -> None:
    html = markdown.markdown(SAMPLE, extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    # The one spelling nh3 changes here: the tables' alignment, written without spaces.
    expected = dom(html).replace("text-align: left;", "text-align:left").replace(
        "text-align: center;", "text-align:center").replace("text-align: right;", "text-align:right")
    assert dom(sanitize_html(html)) == expected


@pytest.mark.parametrize(("html", "expected"), [
    ('<p>a<script>alert(1)</script>b</p>', "<p>ab</p>"),
    ('<p>a<SCRIPT src="x.js"></SCRIPT>b</p>', "<p>ab</p>"),
    ('<p>a<iframe src="https://x"></iframe>b</p>', "<p>ab</p>"),
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
    ('<a href="#" ONCLICK = \'x()\' class="c">t</a>', '<a href="#" class="c">t</a>'),
    ('<a href="javascript:alert(1)">t</a>', "<a>t</a>"),
    ('<a href="JavaScript :alert(1)">t</a>', "<a>t</a>"),  # stricter than a browser, which reads a relative URL
    ('<a href=" vbscript:msgbox">t</a>', "<a>t</a>"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "<img>"),
    ('<a href="file:///etc/passwd">t</a>', "<a>t</a>"),
    # The findings of issue 22: entities and whitespace inside the scheme.
    ('<a href="&#106;avascript:alert(1)">t</a>', "<a>t</a>"),
    ('<a href="javascript&colon;alert(1)">t</a>', "<a>t</a>"),
    ('<a href="java&Tab;script:alert(1)">t</a>', "<a>t</a>"),
    ('<a href="&#x20;&#x0A;JAVA&#x09;SCRIPT&#58;alert(1)">t</a>', "<a>t</a>"),
    ('<svg onload="alert(1)"><a xlink:href="javascript:alert(1)">t</a></svg>u', "u"),
    ('<math><mtext><a href="javascript:alert(1)">t</a></mtext></math>u', "u"),
    ('<p style="color:red">t</p><td>x</td>', "<p>t</p>x"),
    ("<!-- <img src=x onerror=alert(1)> -->ok", "ok"),
], ids=["script", "script-upper-case", "iframe", "onerror", "onclick-spaces", "javascript-url",
        "space-before-colon", "vbscript-url", "data-url", "file-url", "decimal-entity", "colon-entity",
        "tab-entity", "mixed", "svg", "mathml", "style", "comment"])
def test_script_is_removed(html: str, expected: str) -> None:
    assert sanitize_html(html) == expected


@pytest.mark.parametrize(("url", "scheme"), [
    ("javascript:alert(1)", "javascript"),
    ("JaVaScRiPt:alert(1)", "javascript"),
    ("   javascript:alert(1)", "javascript"),
    ("\x01\x14javascript:alert(1)", "javascript"),
    ("&#106;avascript:alert(1)", "javascript"),
    ("&#x6A;avascript:alert(1)", "javascript"),
    ("&#0000106&#0000097vascript:alert(1)", "javascript"),
    ("javascript&colon;alert(1)", "javascript"),
    ("java&Tab;script:alert(1)", "javascript"),
    ("java&NewLine;script:alert(1)", "javascript"),
    ("jav\tascript:alert(1)", "javascript"),
    ("java\u200bscript:alert(1)", "javascript"),  # a zero-width space
    ("&amp;#106;avascript:alert(1)", "javascript"),  # decoded twice
    ("vbscript:msgbox(1)", "vbscript"),
    ("data:text/html,<script>", "data"),
    ("https://example.org/a:b", "https"),
    ("mailto:a@example.org", "mailto"),
    ("../page/#a:b", None),
    ("page.md", None),
    ("#cite-1", None),
    ("?q=a:b", None),
])
def test_url_scheme_is_read_as_a_browser_reads_it(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme
    assert (unsafe_url(url) is not None) is (scheme not in (None, "http", "https", "mailto"))


@pytest.mark.parametrize(("body", "expected"), [
    ("a `<script>` b", "a            b"),
    ("a ``x` y`` z `open <b>", "a          z `open <b>"),  # an unmatched backtick is text
    ("```\n<script>\n```\nx", "   \n        \n   \nx"),
    ("<div>`<script>`</div>", "<div>`<script>`</div>"),  # raw HTML: backticks are text
    ("`a\nb`\n\n`c", "  \n  \n\n`c"),  # a span crosses a line, not a blank line
])
def test_code_is_what_markdown_takes_for_code(body: str, expected: str) -> None:
    assert code_masked(body) == expected


@pytest.mark.parametrize(("meta", "expected"), [
    ({"title": "Bericht <img src=x onerror=alert(1)>"}, {"title": "Bericht"}),
    ({"title": "a</title><script>alert(1)</script>"}, {"title": "aalert(1)"}),
    ({"description": "<b>fett</b> und 3 < 4"}, {"description": "fett und 3 < 4"}),
    ({"title": "AT&T <3", "tags": ["<x>"]}, {"title": "AT&T <3", "tags": ["<x>"]}),  # no tag, other keys: kept
])
def test_plain_meta_strips_tags_the_theme_would_print(meta: dict, expected: dict) -> None:
    plain_meta(meta)
    assert meta == expected
