"""sanitize_html: rendered HTML in, HTML without anything that runs script out; plain_meta: frontmatter text without tags."""

from __future__ import annotations

import pytest

from explainer.checks.safety import plain_meta, sanitize_html

CLEAN = ('<p>Am 26. November 2024 <sup class="citation">[<a href="#cite-1" title="Beispielblatt: Titel">1</a>]</sup>. '
         'Siehe <a href="https://example.org/a:b">Quelle</a>, Zitat: <q>on air = live</q>, data: none.</p>'
         '<h2 data-search-exclude="" id="references">Quellen</h2>')


def test_clean_html_is_returned_unchanged() -> None:
    assert sanitize_html(CLEAN) is CLEAN


@pytest.mark.parametrize(("html", "expected"), [
    ('<p>a<script>alert(1)</script>b</p>', "<p>ab</p>"),
    ('<p>a<SCRIPT src="x.js"></SCRIPT>b</p>', "<p>ab</p>"),
    ('<p>a<iframe src="https://x"></iframe>b</p>', "<p>ab</p>"),
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
    ('<a href="#" ONCLICK = \'x()\' class="c">t</a>', '<a href="#" class="c">t</a>'),
    ('<a href="javascript:alert(1)">t</a>', '<a href="#">t</a>'),
    ('<a href="JavaScript :alert(1)">t</a>', '<a href="#">t</a>'),
    ('<a href=" vbscript:msgbox">t</a>', '<a href="#">t</a>'),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', '<img src="#">'),
    ('<a href="file:///etc/passwd">t</a>', '<a href="#">t</a>'),
], ids=["script", "script-upper-case", "iframe", "onerror", "onclick-spaces", "javascript-url",
        "javascript-space-before-colon", "vbscript-url", "data-url", "file-url"])
def test_script_is_removed(html: str, expected: str) -> None:
    assert sanitize_html(html) == expected


@pytest.mark.parametrize(("meta", "expected"), [
    ({"title": "Bericht <img src=x onerror=alert(1)>"}, {"title": "Bericht"}),
    ({"title": "a</title><script>alert(1)</script>"}, {"title": "aalert(1)"}),
    ({"description": "<b>fett</b> und 3 < 4"}, {"description": "fett und 3 < 4"}),
    ({"title": "AT&T <3", "tags": ["<x>"]}, {"title": "AT&T <3", "tags": ["<x>"]}),  # no tag, other keys: kept
])
def test_plain_meta_strips_tags_the_theme_would_print(meta: dict, expected: dict) -> None:
    plain_meta(meta)
    assert meta == expected
