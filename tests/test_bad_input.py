"""Bad input: a located message, a non-zero exit, no traceback, and no file changed.

Every case edits a copy of the two-language fixture (German source, English; ``tests/fixtures``)
and runs the checker (``explainer check`` and the other commands) in this process
(tests/inprocess.py; the subprocess runs below are one smoke test per command); a smaller set of
real ``mkdocs build --strict`` runs at the end proves that the build reports the same messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import explainer, mkdocs_build, snapshot
from inprocess import run_main

BIB = "sources/bibliography.yml"
ARTICLES = "sources/articles.yml"
CLEANING = "sources/cleaning.yml"
PAGE_DE = "docs/de/report.md"
PAGE_EN = "docs/en/report.md"
ARTICLE = "sources/articles/bericht.txt"

Edit = Callable[[Path], int]


def append(rel: str, text: str) -> Edit:
    """Append ``text`` to a file; return the line number where it starts."""
    def edit(root: Path) -> int:
        path = root / rel
        old = path.read_text(encoding="utf-8")
        path.write_text(old + text, encoding="utf-8")
        return old.count("\n") + 1
    return edit


def replace(rel: str, old: str, new: str) -> Edit:
    """Replace the first ``old`` in a file; return the line it was on."""
    def edit(root: Path) -> int:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1
    return edit


ENTRY = "  - id: {id}\n    url: {url}\n    listed_in: []\n"

# (id, edit, file, line offset from the edit's line or None for "no line", expected message)
CASES = [
    ("bib-broken-yaml", append(BIB, "  - id: broken\n    url: [unclosed\n"), BIB, 1,
     "invalid YAML"),
    ("bib-tab-indent", append(BIB, "  - id: tabbed\n\turl: https://example.org/\n"), BIB, 1,
     "tab used for indentation in YAML — indent with spaces"),
    ("bib-duplicate-id", append(BIB, ENTRY.format(id="example", url="https://example.org/x")), BIB, 0,
     "duplicate id 'example' — already defined at sources/bibliography.yml:"),
    ("bib-duplicate-key", append(BIB, "  - id: twice\n    url: https://example.org/a\n    url: https://example.org/b\n"),
     BIB, 2, "invalid YAML"),
    ("bib-javascript-url", append(BIB, ENTRY.format(id="evil", url="javascript:alert(1)")), BIB, 1,
     "url 'javascript:alert(1)' is not an http(s) URL — use a full https:// address"),
    ("bib-data-url", append(BIB, ENTRY.format(id="evil", url="'data:text/html,<script>x</script>'")), BIB, 1,
     "is not an http(s) URL"),
    ("bib-file-url", append(BIB, ENTRY.format(id="evil", url="file:///etc/passwd")), BIB, 1,
     "url 'file:///etc/passwd' is not an http(s) URL"),
    ("bib-http-url", append(BIB, ENTRY.format(id="plain", url="http://example.org/")), BIB, 1,
     "warning: url uses http:// (http://example.org/) — use https:// if the site offers it"),
    ("bib-unknown-field", append(BIB, ENTRY.format(id="typo", url="https://example.org/t") + "    publsher: X\n"),
     BIB, 3, "unknown field 'publsher' — did you mean 'publisher'?"),
    ("bib-bad-id", append(BIB, ENTRY.format(id="Bad_Id", url="https://example.org/t")), BIB, 0,
     "invalid id 'Bad_Id' — use lowercase letters, digits and hyphens"),
    ("bib-bad-date", append(BIB, ENTRY.format(id="dated", url="https://example.org/t") + "    date: 26.11.2024\n"),
     BIB, 3, "'date' is not a date: '26.11.2024' — write YYYY-MM-DD, YYYY-MM or YYYY"),
    ("bib-bad-status", append(BIB, ENTRY.format(id="st", url="https://example.org/t") + "    url_status: gone\n"),
     BIB, 3, "unknown url_status 'gone' — use one of: live, dead, unfit, usurped"),
    ("bib-listed-in-unknown", append(BIB, "  - id: orphan\n    url: https://example.org/o\n    listed_in: [berich]\n"),
     BIB, 0, "'orphan': listed_in names unknown article id 'berich' — did you mean 'bericht'?"),
    ("raw-article-changed", append(ARTICLE, "\nEin Zusatz.\n"), ARTICLE, None,
     "text differs from the copy pinned in articles.yml"),
    ("article-empty-title", replace(ARTICLES, '    title: "Stadtbibliothek Beispielstadt schließt nach Wasserschaden"',
                                    '    title: ""'), ARTICLES, 0,
     "'title' is empty — write the title, or null when it is not known"),
    ("cleaning-invalid-pattern", replace(CLEANING, 'pattern: "Kategorien:"', 'pattern: "Kategorien(:"'), CLEANING, 0,
     "invalid pattern 'Kategorien(:': missing ): Kategorien(: — escape special characters"),
    ("cleaning-replace-unknown-group", replace(CLEANING, "join_lines: false", '  - pattern: "Kategorien: (\\\\w+)"\n'
                                               '    action: replace\n    with: "\\\\2"\njoin_lines: false'), CLEANING, 2,
     "invalid replacement '\\\\2': invalid group reference 2 at position 1 — refer only to groups the pattern has"),
    ("frontmatter-unclosed", replace(PAGE_DE, "description:", "descr: x\nfoo: [\ndescription:"), PAGE_DE, None,
     "invalid YAML"),
    ("frontmatter-no-close", replace(PAGE_DE, "\n---\n", "\n\n"), PAGE_DE, None,
     "docs/de/report.md:1: frontmatter has no closing '---' — add a line '---' after the last frontmatter key"),
    ("frontmatter-missing-description", replace(PAGE_DE, "description:", "summary:"), PAGE_DE + ":1:", None,
     "frontmatter needs a non-empty 'description'"),
    ("unknown-citation-id", append(PAGE_DE, "\nNeuer Satz [@stadtrad].\n"), PAGE_DE, 1,
     "unknown citation id 'stadtrad' — did you mean 'stadtrat'?"),
    ("empty-quote", append(PAGE_DE, '\nNeuer Satz [@bericht, ""].\n'), PAGE_DE, 1,
     "empty quote for 'bericht' — put the exact words between the quotes"),
    ("unterminated-citation", append(PAGE_DE, '\nNeuer Satz [@bericht, "rund 1.234 Bücher.\n'), PAGE_DE, 1,
     "unterminated citation"),
    ("wrong-quote", append(PAGE_DE, '\nNeuer Satz [@bericht, "rund 4.321 Bücher"].\n'), PAGE_DE, 1,
     'quote not found in bericht: "rund 4.321 Bücher" — closest passage: "'),
    ("quote-without-text", append(PAGE_DE, '\nNeuer Satz [@example, "Rohrbruch"].\n'), PAGE_DE, 1,
     "quote on 'example', whose text is not in sources/"),
    ("page-one-language-only", lambda root: (root / "docs/de/extra.md").write_text(
        "---\ntitle: X\ndescription: Y\n---\n\n# X {#x}\n", encoding="utf-8") and 0,
     "docs/de/extra.md", None, "page has no 'en' twin — create docs/en/extra.md"),
    ("page-only-in-translation", lambda root: (root / "docs/en/extra.md").write_text(
        "---\ntitle: X\ndescription: Y\n---\n\n# X {#x}\n", encoding="utf-8") and 0,
     "docs/en/extra.md", None, "page has no 'de' original — create docs/de/extra.md, or remove this page"),
    ("binary-page", lambda root: (root / "docs/de/bild.md").write_bytes(b"\x89PNG\x00\x00") and 0,
     "docs/de/bild.md", None, "binary file where text was expected"),
]


@pytest.mark.parametrize(("edit", "rel", "offset", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_reports_bad_input(two: Path, edit: Edit, rel: str, offset: int | None, message: str) -> None:
    line = edit(two)
    before = snapshot(two)
    result = run_main(two, "check")
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    where = f"{rel}:{line + offset}: " if offset is not None else f"{rel}"
    matching = [row for row in result.err.splitlines() if row.startswith(where) and message in row]
    assert matching, f"expected {where}…{message} in:\n{result.err}"
    assert snapshot(two) == before


@pytest.mark.parametrize("case", [c for c in CASES if c[2].startswith("sources/")], ids=lambda c: c[0])
def test_ingest_refuses_bad_sources_and_changes_nothing(two: Path, case) -> None:
    _, edit, _, _, message = case
    edit(two)
    before = snapshot(two)
    result = run_main(two, "ingest")
    if "warning:" in message:
        assert result.code == 0  # a warning does not stop ingest; check and the build fail on it
        return
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert message in result.err
    assert snapshot(two) == before


def test_clean_project_passes(two: Path) -> None:
    result = run_main(two, "check")
    assert result.code == 0, result.output
    assert "check: 0 problem(s)" in result.out


def test_no_mkdocs_yml(tmp_path: Path) -> None:
    result = run_main(tmp_path, "check")
    assert result.code == 1
    assert result.err.strip() == "mkdocs.yml: no mkdocs.yml here — run the command from the project's root folder"


def write(rel: str, content: str | bytes) -> Edit:
    """Create (or overwrite) a file; the 'line' is 1."""
    def edit(root: Path) -> int:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return 1
    return edit


def both(rel: str, content: str) -> Edit:
    """The same page in both languages (for inputs that are about the text, not the twin)."""
    def edit(root: Path) -> int:
        for lang in ("de", "en"):
            write(f"docs/{lang}/{rel}", content)(root)
        return 1
    return edit


def chain(*edits: Edit) -> Edit:
    """Several edits; the line is the first one's."""
    def edit(root: Path) -> int:
        lines = [each(root) for each in edits]  # every edit runs
        return lines[0]
    return edit


def crlf_bom(rel: str) -> Edit:
    """Save a file the way some Windows editors do: a byte-order mark and CRLF line ends."""
    def edit(root: Path) -> int:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        path.write_text("\ufeff" + text.replace("\n", "\r\n"), encoding="utf-8", newline="")
        return 1
    return edit


def rename(old: str, new: str) -> Edit:
    """Rename a file or folder; the 'line' is 1."""
    def edit(root: Path) -> int:
        (root / old).rename(root / new)
        return 1
    return edit


def plugin_option(key: str, value: str) -> Edit:
    """Set an option of the explainer plugin in mkdocs.yml; return its line."""
    def edit(root: Path) -> int:
        path = root / "mkdocs.yml"
        text = path.read_text(encoding="utf-8")
        match = re.search(rf"^(\s+){key}: .*$", text[text.index("- explainer:"):], re.MULTILINE)
        assert match, f"no option {key} in mkdocs.yml"
        start = text.index("- explainer:") + match.start()
        path.write_text(text[:start] + f"{match.group(1)}{key}: {value}" + text[start + len(match.group(0)):],
                        encoding="utf-8")
        return text[:start].count("\n") + 1
    return edit


def strings_override(lang: str, key: str, value: str) -> Edit:
    """Override one generated string of ``lang`` (the plugin's ``strings`` option); return the key's line."""
    def edit(root: Path) -> int:
        path = root / "mkdocs.yml"
        text = path.read_text(encoding="utf-8")
        anchor = re.search(r"^      allow_outdated: .*\n", text, re.MULTILINE)
        assert anchor, "no allow_outdated option in mkdocs.yml"
        block = f"      strings:\n        {lang}:\n          {key}: {value}\n"
        path.write_text(text[:anchor.end()] + block + text[anchor.end():], encoding="utf-8")
        return text[:anchor.end()].count("\n") + 3
    return edit


class Only(str):
    """An expected message that must be the only problem reported."""


PAGE = "---\ntitle: Test\ndescription: Eine Testseite.\n---\n\n# Test {#test}\n\n"
KNOWN_KEYS = "known keys: references, cite_label, backlink_label, quote, open_quote, close_quote, page_at"
# (id, edit, command, exit code, expected text in stderr — located where it matters)
MORE = [
    ("script-in-markdown", append(PAGE_DE, "\nText <script>alert(1)</script> [@bericht].\n"), ["check"], 1,
     "docs/de/report.md:{line+1}: unsafe content: raw <script> tag"),
    ("iframe-in-markdown", append(PAGE_DE, '\n<iframe src="https://example.org"></iframe>\n'), ["check"], 1,
     "docs/de/report.md:{line+1}: unsafe content: raw <iframe> tag"),
    ("event-handler", append(PAGE_DE, '\nBild <img src="x.png" onerror="alert(1)"> [@bericht].\n'), ["check"], 1,
     "docs/de/report.md:{line+1}: unsafe content: event handler attribute onerror="),
    ("javascript-link", append(PAGE_DE, "\n[Klick](javascript:alert(1)) [@bericht].\n"), ["check"], 1,
     "docs/de/report.md:{line+1}: unsafe content: link with a javascript: URL"),
    ("data-link", append(PAGE_DE, "\n[Klick](data:text/html;base64,PHNjcmlwdD4=) [@bericht].\n"), ["check"], 1,
     "docs/de/report.md:{line+1}: unsafe content: link with a data: URL"),
    ("html-in-frontmatter-title", replace(PAGE_DE, "title: Der Bericht", "title: Der <b>Bericht</b>"), ["check"], 1,
     "docs/de/report.md:2: frontmatter 'title' contains HTML — write plain text"),
    ("html-in-bibliography-title", replace(BIB, "    title: null\n", '    title: "<script>x</script>"\n'), ["check"], 1,
     Only("sources/bibliography.yml:{line}: warning: 'title' contains HTML; it is shown as plain text")),
    ("wrong-type-in-bibliography", replace(BIB, "    title: null\n", "    title: [a, b]\n"), ["check"], 1,
     "sources/bibliography.yml:{line}: 'title' must be text, not a list — quote it"),
    ("wrong-type-in-frontmatter", replace(PAGE_DE, "title: Der Bericht\n", "title: [a, b]\n"), ["check"], 1,
     "docs/de/report.md:2: frontmatter 'title' must be text, not a list — write title: \"…\""),
    ("tab-in-frontmatter", replace(PAGE_DE, "title: Der Bericht\n", "title:\tDer Bericht\n"), ["check"], 1,
     Only("docs/de/report.md:2: tab in YAML where only spaces are allowed — replace the tab with spaces")),
    ("duplicate-heading-id", chain(append(PAGE_DE, "\n## Noch einmal {#what-happened}\n\nText [@bericht].\n"),
                                   append(PAGE_EN, "\n## Once more {#what-happened}\n\nText [@bericht].\n")),
     ["check"], 1, "docs/de/report.md:{line+1}: heading ID '#what-happened' is used twice on the page (first at line 12)"),
    ("reserved-heading-id", both("res.md", PAGE + "## Quellen {#references}\n\nText [@bericht].\n"), ["check"], 1,
     "docs/de/res.md:8: heading ID '#references' is taken by the reference list — choose another ID"),
    ("empty-cleaning-yml", write(CLEANING, ""), ["check"], 1,
     Only("sources/cleaning.yml:1: no 'rules:' in the file — write 'rules:' with the cleaning rules, or 'rules: []'")),
    ("empty-articles-yml", write(ARTICLES, "# leer\n"), ["check"], 1,
     "sources/articles.yml:1: no 'articles:' list in the file — write 'articles:' followed by '- id: …' entries"),
    ("empty-bibliography-yml", write(BIB, ""), ["ingest"], 1,
     "sources/bibliography.yml:1: no 'entries:' list in the file"),
    ("crlf-bom-yaml-is-fine", crlf_bom(ARTICLES), ["check"], 0, "check: 0 problem(s)"),
    ("unterminated-quote-locator", append(PAGE_DE, '\nNeuer Satz [@bericht, "rund 1.234].\n'), ["check"], 1,
     "docs/de/report.md:{line+1}: unterminated citation '[@bericht, \"rund 1.234].' — close it with ] "
     "(and a quote locator"),
    ("invalid-regex-rule", replace(CLEANING, 'pattern: "Kategorien:"', 'pattern: "Kategorien(:"'),
     ["check"], 1, Only("sources/cleaning.yml:{line}: invalid pattern 'Kategorien(:': missing ): Kategorien(: "
                        "— escape special characters such as . ? ( with a backslash")),
    ("replace-rule-unknown-group", replace(CLEANING, "join_lines: false", '  - pattern: "Kategorien: (\\\\w+)"\n'
                                           '    action: replace\n    with: "\\\\2"\njoin_lines: false'),
     ["check"], 1, Only("sources/cleaning.yml:{line+2}: invalid replacement '\\\\2': invalid group reference 2 at "
                        "position 1 — refer only to groups the pattern has: \\1, \\2 … (write \\\\ for a backslash)")),
    ("empty-title-override", replace(ARTICLES, '    title: "Stadtbibliothek Beispielstadt schließt nach Wasserschaden"',
                                     '    title: ""'), ["check"], 1,
     Only("sources/articles.yml:{line}: 'title' is empty — write the title, or null when it is not known")),
    ("missing-source-text", replace(ARTICLES, "file: articles/bericht.txt", "file: articles/missing.txt"), ["check"], 1,
     "sources/articles.yml:{line-1}: text of 'bericht': file not found"),
    ("empty-page", write("docs/de/leer.md", ""), ["check"], 1,
     "docs/de/leer.md:1: frontmatter needs a non-empty 'title'"),
    ("broken-mkdocs-yml", append("mkdocs.yml", "\nnav: [unclosed\n"), ["check"], 1,
     "mkdocs.yml:{line+1}: invalid YAML"),
    ("plugin-option-not-a-flag", plugin_option("allow_outdated", "maybe"), ["check"], 1,
     "mkdocs.yml:{line}: option 'allow_outdated' of the explainer plugin must be true/false, not text — set it like "
     "the default: allow_outdated: false"),
    ("plugin-option-not-a-path", plugin_option("sources", "5"), ["check"], 1,
     "mkdocs.yml:{line}: option 'sources' of the explainer plugin must be text, not a number — set it like the "
     "default: sources: \"sources\""),
    ("language-unknown-to-babel", chain(replace("mkdocs.yml", "- locale: en", "- locale: xx"), rename("docs/en", "docs/xx")),
     ["check"], 1, Only("mkdocs.yml:{line}: language 'xx' is not known to Babel (CLDR), so its numbers, dates and "
                        "language names cannot be read or written — use a language code CLDR knows, such as de, en, fr")),
    ("strings-misspelt-key", strings_override("de", "refrences", "Nachweise"), ["check"], 1,
     Only("mkdocs.yml:{line}: unknown key 'refrences' of strings: de — did you mean 'references'? " + KNOWN_KEYS)),
    ("strings-wrong-placeholder", strings_override("en", "cite_label", '"Source {number}"'), ["check"], 1,
     Only("mkdocs.yml:{line}: 'cite_label' of strings: en: placeholders do not match the source string ({n} missing; "
          "{number} unknown) — use {n} as in explainer.pot")),
    ("crlf-bom-nfd-page-is-fine", both("crlf.md", "\ufeff" + (PAGE + "Sie sprach vom „schwarzen Tag“ "
                                       "[@bericht, \"schwarzen Tag für die Stadt\"].\n").replace("\n", "\r\n")),
     ["check"], 1, Only("docs/en/crlf.md:1: translation was never synced with docs/de/crlf.md")),  # only the lock
    ("nfd-quote-is-found", both("nfd.md", PAGE + "Vom „schwarzen Tag“ [@bericht, \"schwarzen Tag fu\u0308r die Stadt\"].\n"),
     ["check"], 1, Only("docs/en/nfd.md:1: translation was never synced with docs/de/nfd.md")),
    ("citation-in-code-is-literal", both("code.md", PAGE + "Syntax: `[@nicht-da]` [@bericht].\n\n```\n[@auch-nicht]\n```\n"),
     ["check"], 1, Only("docs/en/code.md:1: translation was never synced with docs/de/code.md")),
    ("deep-nesting", both("tief.md", PAGE + "".join("  " * i + "- Ebene [@bericht]\n" for i in range(60))
                          + "\n" + ">" * 300 + " Zitat\n"), ["check"], 1,
     "docs/de/tief.md:{line+68}: paragraph without a citation"),
    ("five-megabyte-page", chain(*(write(f"docs/{lang}/gross.md", PAGE + (sentence * 40 + "\n\n") * 3100)
                                   for lang, sentence in (("de", "Ein belegter Satz über den Wasserschaden [@bericht]. "),
                                                          ("en", "A sentence about the flood, cited [@bericht]. ")))),
     ["check"], 1, Only("docs/en/gross.md:1: translation was never synced")),
    ("new-page-bad-slug", lambda root: 0, ["new-page", "Neue Seite", "--title", "de=A", "--title", "en=B"], 1,
     "mkdocs.yml: invalid page name 'Neue Seite' — use lowercase letters, digits and hyphens"),
    ("new-page-exists", lambda root: 0, ["new-page", "report", "--title", "de=A", "--title", "en=B"], 1,
     "docs/de/report.md: page exists already"),
    ("new-page-missing-title", lambda root: 0, ["new-page", "faq", "--title", "de=Fragen"], 1,
     "mkdocs.yml: no title for 'en' (English) — give TITLES=\"de=…;en=…\" (or TITLE_EN=\"…\")"),
    ("new-page-html-title", lambda root: 0, ["new-page", "faq", "--title", "de=<b>x</b>", "--title", "en=x"], 1,
     "title for 'de' must be one line of plain text — remove line breaks and HTML"),
    ("sync-unknown-page", lambda root: 0, ["sync", "nope.md"], 1, "docs/de/nope.md: no such page to mark synced"),
    ("sync-language-not-configured", lambda root: 0, ["sync", "fr/index.md"], 1,
     "mkdocs.yml:{i18n}: 'fr' is not a language of this site — name a translated language: en"),
    ("sync-lang-not-configured", lambda root: 0, ["sync", "--lang", "fr", "index.md"], 1,
     "mkdocs.yml:{i18n}: 'fr' is not a language of this site — name a translated language: en"),
    ("sync-source-language", lambda root: 0, ["sync", "de/index.md"], 1,
     "docs/de/index.md: de is the source language: its pages are not synced — name the translation, e.g. en/index.md"),
    ("sync-lang-source-language", lambda root: 0, ["sync", "--lang", "de", "index.md"], 1,
     "mkdocs.yml:{i18n}: 'de' is the source language of this site: its pages are not synced — name a translated "
     "language: en"),
    ("status-broken-lock", write("translations.lock", "{not json"), ["status"], 1,
     "translations.lock:1: not valid JSON"),
    ("linkcheck-bad-list", write("urls.txt", "javascript:alert(1)\n"), ["linkcheck", "--urls", "urls.txt"], 2,
     "urls.txt:1: not an http(s) URL: 'javascript:alert(1)'"),
    ("sitecheck-no-site", lambda root: 0, ["sitecheck", "nowhere"], 1, "nowhere: no built site here"),
    ("ingest-unknown-field", append(BIB, ENTRY.format(id="x", url="https://example.org/x") + "    titel: X\n"),
     ["ingest"], 1, "sources/bibliography.yml:{line+3}: unknown field 'titel' — did you mean 'title'?"),
    ("import-unclosed-bibtex", write("refs.bib", "@article{x,\n  title = {A\n"), ["import", "refs.bib"], 1,
     "refs.bib:3: not valid BibTeX: Unexpectedly reached end of file. — close every brace and quote"),
    ("import-missing-file", lambda root: 0, ["import", "nope.json"], 1,
     "nope.json: file not found — create it or fix the path that names it"),
    ("add-not-http", lambda root: 0, ["add", "ftp://example.org/x"], 1,
     "ftp://example.org/x: not an http(s) URL — give a full https:// address, or the path of a saved file"),
    ("archive-broken-bibliography", append(BIB, "  - id: broken\n    url: [unclosed\n"), ["archive", "--dry-run"], 2,
     "sources/bibliography.yml:{line+1}: invalid YAML"),
]


# ---------------------------------------------------------------- issue 17: what a new contributor types

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8"
                    "cfc0f01f0005000201a5d8c6c90000000049454e44ae426082")
TEXT_EN = "---\ntitle: Test\ndescription: A test page.\n---\n\n# Test {#test}\n\n"
LOCK = "translations.lock"


def run_sync(root: Path, *args: str) -> None:
    """``explainer sync`` as a contributor runs it before the bad input (the lock then records the translations)."""
    result = run_main(root, "sync", *args)
    assert result.code == 0, result.output


def then_sync(*edits: Edit, args: tuple[str, ...] = ("--all",)) -> Edit:
    """Edits, then ``make sync`` (so that only the bad input is left to report); the line is the first edit's."""
    def edit(root: Path) -> int:
        line = chain(*edits)(root)
        run_sync(root, *args)
        return line
    return edit


def synced_first(*edits: Edit) -> Edit:
    """``make sync --all`` first (the lock records each translated section), then the edits."""
    def edit(root: Path) -> int:
        run_sync(root, "--all")
        return chain(*edits)(root)
    return edit


def pair(rel: str, german: str, english: str) -> Edit:
    """A page in both languages: ``german`` and ``english`` below the frontmatter and the title."""
    return chain(write(f"docs/de/{rel}", PAGE + german), write(f"docs/en/{rel}", TEXT_EN + english))


def image_pair(rel: str, german_path: str, english_path: str) -> Edit:
    """A page pair that shows ``docs/assets/x.png`` (written as given in each language), synced."""
    return then_sync(write("docs/assets/x.png", PNG),
                     pair(rel, f"![Der Keller unter Wasser]({german_path})\n{{: .editorial }}\n",
                          f"![The basement under water]({english_path})\n{{: .editorial }}\n"))


def symlink(rel: str, target: str) -> Edit:
    """``ln -s target rel``; the 'line' is 1."""
    def edit(root: Path) -> int:
        (root / rel).symlink_to(target)
        return 1
    return edit


def not_utf8(rel: str) -> Edit:
    """Append a line in Latin-1 to a page; return its line."""
    def edit(root: Path) -> int:
        path = root / rel
        old = path.read_bytes()
        path.write_bytes(old + b"\nGr\xfc\xdfe [@bericht].\n")
        return old.count(b"\n") + 2
    return edit


RECOVER = "restore it from version control, or delete the entry and run `make sync ARGS=en/report.md`"
GLOSSARY_DE = "---\ntitle: Noch ein Glossar\ndescription: Weitere Begriffe.\nglossary: true\n---\n\n# Begriffe {#more-terms}\n\n"
GLOSSARY_EN = "---\ntitle: Another glossary\ndescription: More terms.\nglossary: true\n---\n\n# Terms {#more-terms}\n\n"
UNNAMED = "page file name {name!r} is not lowercase letters, digits and hyphens — rename it in every language, e.g. to {fix} " \
          "(file names become the pages' URLs)"

ISSUE17 = [
    # 1: a translations.lock that is valid JSON of the wrong shape, in every command that reads it
    *[(f"lock-{what}-{'-'.join(command)}", write(LOCK, text), command, 1, message)
      for what, text, message in [
          ("language-a-number", '{"languages": {"en": 5}}',
           "translations.lock:1: language 'en' must map pages to sections, not a number — restore it from version "
           "control, or delete the entry and run `make sync LANG=en ARGS=--all`"),
          ("page-text", '{"languages": {"en": {"report.md": "oops"}}}',
           "translations.lock:1: page 'en/report.md' must map sections to their synced text, not text — " + RECOVER),
          ("section-a-number", '{"languages": {"en": {"report.md": {"costs": 5}}}}',
           "translations.lock:1: section 'en/report.md#costs' must be {\"hash\": …, \"text\": …} — " + RECOVER),
          ("not-an-object", "[1, 2]",
           'translations.lock:1: not a translations lock (expected {"languages": {…}}) — restore it from version '
           'control, or delete it and run `make sync ARGS="--all --all-languages"`')]
      for command in (["check"], ["status"], ["sync", "report.md"])],
    ("lock-bad-hash", write(LOCK, '{"languages": {"en": {"report.md": {"costs": {"hash": "xyz", "text": ""}}}}}'),
     ["check"], 1, "translations.lock:1: section 'en/report.md#costs': hash 'xyz' is not a 16-digit hex hash — " + RECOVER),
    ("lock-bad-translation-hash", write(LOCK, '{"languages": {"en": {"report.md": {"costs": {"hash": "0123456789abcdef", '
                                              '"text": "", "translation": 5}}}}}'), ["status"], 1,
     "translations.lock:1: section 'en/report.md#costs': translation hash 5 is not a 16-digit hex hash — restore it "
     "from version control, or delete the entry and run `make sync ARGS=en/report.md`"),
    # 7: a pinned hash that is no hash is said to be one, not "text differs"
    ("sha256-not-a-hash", replace(ARTICLES, "sha256: a3de8cb9d777773194fe2551d101531665583c490884bf7c32d9cd9066d91810",
                                  "sha256: xyz"), ["check"], 1,
     Only("sources/articles.yml:{line}: 'sha256' is not a sha256: 'xyz' — write the 64 hexadecimal digits that "
          "`make ingest` prints, or null")),
    ("sha256-too-short", replace(ARTICLES, "sha256: a3de8cb9d777773194fe2551d101531665583c490884bf7c32d9cd9066d91810",
                                 "sha256: a3de8cb9d777"), ["ingest"], 1,
     "sources/articles.yml:{line}: 'sha256' is not a sha256: 'a3de8cb9d777'"),
    # 2: a page that is not UTF-8 is one located message in every command; status does not call it missing
    ("not-utf8-check", not_utf8(PAGE_DE), ["check"], 1,
     Only("docs/de/report.md:{line}: not valid UTF-8 — save the file as UTF-8")),
    ("not-utf8-status", not_utf8(PAGE_EN), ["status"], 1, "report.md    en    unreadable"),
    ("not-utf8-status-says-why", not_utf8(PAGE_EN), ["status"], 1,
     "docs/en/report.md:{line}: not valid UTF-8 — save the file as UTF-8"),
    ("not-utf8-status-json", not_utf8(PAGE_DE), ["status", "--json"], 1, '"state": "unreadable"'),
    ("not-utf8-sync", not_utf8(PAGE_EN), ["sync", "report.md"], 1,
     "docs/en/report.md:{line}: not valid UTF-8 — save the file as UTF-8"),
    # 4: one image for both languages, written relative to the page's file; parity compares where a path leads
    ("shared-image-is-fine", image_pair("bild.md", "../assets/x.png", "../assets/x.png"), ["check"], 0,
     "check: 0 problem(s)"),
    ("shared-image-written-differently-is-fine", image_pair("bild.md", "../assets/x.png", "./../assets/./x.png"),
     ["check"], 0, "check: 0 problem(s)"),
    ("shared-image-from-a-subfolder-is-fine", image_pair("teil/bild.md", "../../assets/x.png", "../../assets/x.png"),
     ["check"], 0, "check: 0 problem(s)"),
    ("shared-image-one-level-too-far", image_pair("bild.md", "../assets/x.png", "../../assets/x.png"), ["check"], 1,
     Only("docs/en/bild.md:8: image ../../assets/x.png leads outside docs/ — paths are relative to the page's file: "
          "write ../assets/x.png for docs/assets/x.png")),
    ("shared-image-from-a-subfolder-too-short", image_pair("teil/bild.md", "../../assets/x.png", "../../../assets/x.png"),
     ["check"], 1, Only("docs/en/teil/bild.md:8: image ../../../assets/x.png leads outside docs/ — paths are relative to "
                        "the page's file: write ../../assets/x.png for docs/assets/x.png")),
    ("shared-image-and-a-language-image-differ", image_pair("bild.md", "../assets/x.png", "assets/x.png"), ["check"], 1,
     "docs/en/bild.md:6: section #test: image ../assets/x.png is in German but not in English"),
    ("link-outside-docs", pair("weg.md", "[Die Regeln](../../CONTRIBUTING.md)\n{: .editorial }\n",
                               "[The rules](../../CONTRIBUTING.md)\n{: .editorial }\n"), ["check"], 1,
     "docs/de/weg.md:8: link ../../CONTRIBUTING.md leads outside docs/ — paths are relative to the page's file: write "
     "../CONTRIBUTING.md for docs/CONTRIBUTING.md"),
    # 6: symbolic links that loop or leave docs/: one message each, in check, status and sync
    ("symlink-loop", chain(symlink("docs/de/loop1", "loop2"), symlink("docs/de/loop2", "loop1")), ["check"], 1,
     "docs/de/loop1: symbolic link to 'loop2' loops: following it leads back to itself — remove it, or point it at a "
     "file inside docs/\ndocs/de/loop2: symbolic link to 'loop1' loops: following it leads back to itself — remove it, "
     "or point it at a file inside docs/"),
    ("symlink-loop-page", chain(symlink("docs/de/loop.md", "loop.md")), ["check"], 1,
     Only("docs/de/loop.md: symbolic link to 'loop.md' loops: following it leads back to itself — remove it, or point "
          "it at a file inside docs/")),
    ("symlink-up", symlink("docs/de/up", ".."), ["check"], 1,
     Only("docs/de/up: symbolic link to '..' points to docs/, a folder that contains the link, so the folder would "
          "repeat without end — remove it: link to a file or a folder beside it, never above it")),
    ("symlink-to-itself-folder", symlink("docs/en/here", "."), ["check"], 1,
     Only("docs/en/here: symbolic link to '.' points to docs/en/, a folder that contains the link, so the folder would "
          "repeat without end")),
    ("symlink-outside", symlink("docs/de/quellen", "../../sources"), ["check"], 1,
     Only("docs/de/quellen: symbolic link to '../../sources' leads outside docs/ (sources) — copy the file into docs/ "
          "instead (a file every language shows: docs/assets/)")),
    ("symlink-dangling-page", symlink("docs/en/alt.md", "weg.md"), ["check"], 1,
     Only("docs/en/alt.md: symbolic link to 'weg.md' points to nothing — remove it, or point it at a file that exists "
          "inside docs/")),
    ("symlink-loop-status", symlink("docs/de/up", ".."), ["status"], 1, "docs/de/up: symbolic link to '..' points to"),
    ("symlink-loop-sync", chain(symlink("docs/de/loop1", "loop2"), symlink("docs/de/loop2", "loop1")),
     ["sync", "report.md"], 1, "docs/de/loop1: symbolic link to 'loop2' loops"),
    # 7: names a hint could not name: refused with the fix
    ("page-name-space", both("neue seite.md", PAGE), ["check"], 1,
     "docs/de/neue seite.md: " + UNNAMED.format(name="neue seite.md", fix="neue-seite.md")
     + "\ndocs/en/neue seite.md: " + UNNAMED.format(name="neue seite.md", fix="neue-seite.md")),
    ("page-name-uppercase-umlaut", both("Überblick.md", PAGE), ["check"], 1,
     "docs/de/Überblick.md: " + UNNAMED.format(name="Überblick.md", fix="uberblick.md")),
    ("page-name-underscore-in-folder", both("alte_seiten/x.md", PAGE), ["check"], 1,
     "docs/de/alte_seiten/x.md: " + UNNAMED.format(name="alte_seiten/x.md", fix="alte-seiten/x.md")),
    ("page-name-space-sync", both("neue seite.md", PAGE), ["sync", "en/neue seite.md"], 1,
     "docs/de/neue seite.md: " + UNNAMED.format(name="neue seite.md", fix="neue-seite.md")),
    ("untitled-heading-not-in-sync-hint", both("ohne.md", PAGE + "## Ohne ID\n\nText [@bericht].\n"),
     ["sync", "ohne.md#nope"], 1, "docs/de/ohne.md: no section #nope in this page — use one of: #frontmatter, #test\n"),
    # 9: long input, short messages
    ("huge-wrong-quote", append(PAGE_DE, '\nNeuer Satz [@bericht, "' + "Wasser " * 20000 + '"].\n'), ["check"], 1,
     'docs/de/report.md:{line+1}: quote not found in bericht: "' + ("Wasser " * 42) + "Wasser… (139,699 more characters "
     "left out)"),
    ("huge-unknown-url", append(BIB, ENTRY.format(id="lang", url="ftp://example.org/" + "x" * 100000)), ["check"], 1,
     "sources/bibliography.yml:{line+1}: url 'ftp://example.org/" + "x" * 182 + "… (99,818 more characters left out)' "
     "is not an http(s) URL"),
    # 10: the documented rules
    ("heading-id-uppercase", chain(replace(PAGE_DE, "{#what-happened}", "{#What-Happened}"),
                                   replace(PAGE_EN, "{#what-happened}", "{#What-Happened}")), ["check"], 1,
     "docs/de/report.md:{line}: heading ID '#What-Happened' is not lowercase letters, digits and hyphens — write "
     "{#what-happened}, the same in every language (and in the links to it)"),
    ("heading-id-underscore", chain(replace(PAGE_DE, "{#what-happened}", "{#what_happened}"),
                                    replace(PAGE_EN, "{#what-happened}", "{#what_happened}")), ["check"], 1,
     "docs/en/report.md:{line}: heading ID '#what_happened' is not lowercase letters, digits and hyphens — write "
     "{#what-happened}"),
    ("heading-id-umlaut", both("id.md", PAGE + "## Über uns {#über-uns}\n\nText [@bericht].\n"), ["check"], 1,
     "docs/de/id.md:8: heading ID '#über-uns' is not lowercase letters, digits and hyphens — write {#uber-uns}"),
    ("two-glossaries", then_sync(write("docs/de/zweites-glossar.md", GLOSSARY_DE + "Wasser\n:   Nass [@bericht].\n"),
                                 write("docs/en/zweites-glossar.md", GLOSSARY_EN + "Water\n:   Wet [@bericht].\n")),
     ["check"], 1, "docs/de/zweites-glossar.md:4: a second page with glossary: true (the first is docs/de/glossary.md) "
     "— keep glossary: true on one page per language, and move these terms there\ndocs/en/zweites-glossar.md:4: a second "
     "page with glossary: true (the first is docs/en/glossary.md)"),
    ("glossary-flag-as-text", replace(PAGE_DE, "description:", 'glossary: "true"\ndescription:'), ["check"], 1,
     "docs/de/report.md:{line}: frontmatter 'glossary' must be true or false, not text — write glossary: true "
     "(without quotes), or remove the line"),
    ("duplicate-frontmatter-key", replace(PAGE_DE, "description:", "title: Noch ein Titel\ndescription:"), ["check"], 1,
     "docs/de/report.md:{line}: frontmatter key 'title' is given twice (first at line 2) — keep one 'title:' line: "
     "YAML would silently use the last one"),
    ("duplicate-frontmatter-key-in-translation", then_sync(replace(PAGE_EN, "description:", "description: x\ndescription:")),
     ["check"], 1, Only("docs/en/report.md:4: frontmatter key 'description' is given twice (first at line 3) — keep one "
                        "'description:' line: YAML would silently use the last one")),
    ("sync-source-uncited", append(PAGE_DE, "\nEin Satz ohne Beleg.\n"), ["sync", "report.md"], 1,
     "docs/de/report.md:{line+1}: paragraph without a citation"),
    ("sync-source-uncited-summary", append(PAGE_DE, "\nEin Satz ohne Beleg.\n"), ["sync", "report.md#costs"], 1,
     "docs/de/report.md: not marked synced: the German page has 1 problem (above) — fix them first: a translation is "
     "synced with a sound original"),
    ("sync-source-unknown-id", append(PAGE_DE, "\nEin Satz [@stadtrad].\n"), ["sync", "--all"], 1,
     "docs/de/report.md:{line+1}: unknown citation id 'stadtrad' — did you mean 'stadtrat'?"),
    ("sync-source-wrong-quote", append(PAGE_DE, '\nEin Satz [@bericht, "rund 4.321 Bücher"].\n'), ["sync", "report.md"],
     1, 'docs/de/report.md:{line+1}: quote not found in bericht: "rund 4.321 Bücher"'),
    ("sync-source-heading-without-id", replace(PAGE_DE, "## Was geschah {#what-happened}", "## Was geschah"),
     ["sync", "report.md"], 1, "docs/de/report.md:{line}: heading 'Was geschah' has no explicit ID"),
    ("sync-translation-untouched", synced_first(replace(PAGE_DE, "Die Leiterin sprach", "Die Direktorin sprach")),
     ["sync", "report.md#what-happened"], 1,
     "docs/en/report.md:12: section #what-happened is unchanged since it was last synced (whitespace aside), but the "
     "German changed since — update the translation first; if it needs no change, run "
     "`make sync ARGS=\"--force en/report.md#what-happened\"`"),
    ("sync-translation-untouched-page", synced_first(replace(PAGE_DE, "Die Leiterin sprach", "Die Direktorin sprach")),
     ["sync", "report.md"], 1, "docs/en/report.md:12: section #what-happened is unchanged since it was last synced"),
    ("sync-translation-whitespace-only", synced_first(replace(PAGE_DE, "Die Leiterin sprach", "Die Direktorin sprach"),
                                                      replace(PAGE_EN, "The director called", "The director\ncalled")),
     ["sync", "--all"], 1, "docs/en/report.md:12: section #what-happened is unchanged since it was last synced"),
    ("sync-translation-untouched-frontmatter", synced_first(replace(PAGE_DE, "title: Der Bericht", "title: Die Meldung")),
     ["sync", "report.md#frontmatter"], 1,
     "docs/en/report.md:1: section #frontmatter is unchanged since it was last synced (whitespace aside)"),
    ("citation-id-other-case", append(PAGE_DE, "\nNeuer Satz [@STADTRAT].\n"), ["check"], 1,
     "docs/de/report.md:{line+1}: unknown citation id 'STADTRAT' — did you mean 'stadtrat'?"),
    ("citation-id-short-other-case", append(PAGE_DE, "\nNeuer Satz [@Example].\n"), ["check"], 1,
     "unknown citation id 'Example' — did you mean 'example'?"),
    ("listed-in-other-case", append(BIB, "  - id: orphan\n    url: https://example.org/o\n    listed_in: [BERICHT]\n"),
     ["check"], 1, "sources/bibliography.yml:{line}: 'orphan': listed_in names unknown article id 'BERICHT' — did you "
     "mean 'bericht'?"),
    ("bib-field-other-case", append(BIB, ENTRY.format(id="typo", url="https://example.org/t") + "    URL_status: dead\n"),
     ["check"], 1, "sources/bibliography.yml:{line+3}: unknown field 'URL_status' — did you mean 'url_status'?"),
    ("sync-section-other-case", lambda root: 0, ["sync", "report.md#COSTS"], 1,
     "docs/de/report.md: no section #COSTS in this page — did you mean #costs? use one of: #frontmatter, #report, "
     "#what-happened, #costs"),
    ("sync-page-other-case", lambda root: 0, ["sync", "Report.md"], 1,
     "docs/de/Report.md: no such page to mark synced — did you mean report.md? name a page below docs/de/"),
]
MORE += ISSUE17


@pytest.mark.parametrize("name", ["page-name-space", "page-name-uppercase-umlaut", "page-name-underscore-in-folder"])
def test_no_hint_names_a_page_that_make_sync_could_not_name(two: Path, name: str) -> None:
    """A page whose name a shell splits (or the rules refuse) gets the rename, and no `make sync` hint."""
    _, edit, _, _, _ = BUILT_MORE[name]
    edit(two)
    result = run_main(two, "check")
    assert result.code == 1 and "make sync" not in result.output, result.output
    assert result.out.startswith("check: 2 problem(s)")  # one per language: the file's name


def i18n_line(root: Path) -> int:
    """The line of the i18n plugin's ``languages:`` in mkdocs.yml (where a wrong language is located)."""
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    start = next(n for n, text in enumerate(lines) if text.strip() == "- i18n:")
    return next(n for n, text in enumerate(lines) if n > start and text.strip() == "languages:") + 1


def expand(expected: str, line: int, root: Path) -> str:
    """``{line}``, ``{line+N}`` and ``{i18n}`` in an expected message, filled in."""
    expected = expected.replace("{i18n}", str(i18n_line(root)))
    return re.sub(r"\{line([+-]\d+)?\}", lambda m: str(line + int(m.group(1) or 0)), expected)


# Cases at scale (a page of five megabytes, a quote of 140,000 characters): the whole pipeline on input a
# thousand times the usual size, seconds each, in the integration tier.
AT_SCALE = {"five-megabyte-page", "huge-wrong-quote"}


@pytest.mark.parametrize(("edit", "command", "code", "expected"),
                         [pytest.param(*c[1:], id=c[0], marks=[pytest.mark.integration] if c[0] in AT_SCALE else [])
                          for c in MORE])
def test_every_command_reports_bad_input(two: Path, edit: Edit, command: list[str], code: int, expected: str) -> None:
    line = edit(two)
    before = snapshot(two)
    result = run_main(two, *command)
    assert result.code == code, result.output
    assert "Traceback" not in result.output
    only = isinstance(expected, Only)
    expected = expand(expected, line, two)
    assert expected in result.output, f"expected {expected!r} in:\n{result.output}"
    if only:
        assert "check: 1 problem(s)" in result.out, f"{expected!r} should be the only problem:\n{result.output}"
    assert snapshot(two) == before


SMOKE = {c[2][0]: c for c in reversed(MORE)}  # one case per command: the first in MORE


@pytest.mark.integration  # the installed command, a process of its own
@pytest.mark.parametrize("case", list(SMOKE.values()), ids=list(SMOKE))
def test_each_command_reports_bad_input_as_a_real_process(two: Path, case) -> None:
    """The in-process runs above, once per command as the installed command in its own process."""
    _, edit, command, code, expected = case
    line = edit(two)
    before = snapshot(two)
    result = explainer(two, *command)
    assert result.code == code, result.output
    assert "Traceback" not in result.output
    assert expand(expected, line, two) in result.output
    assert snapshot(two) == before


# Commands whose bad input is tested elsewhere, each with its reason.
ELSEWHERE = {"serve": "a server: tests/test_serve.py shows a broken project's errors in the preview"}


def commands() -> set[str]:
    """The subcommands of ``explainer``, as its own ``--help`` lists them."""
    usage = run_main(Path.cwd(), "--help").out
    return set(re.search(r"\{([\w,-]+)\}", usage).group(1).split(","))


def test_every_command_has_bad_input_cases_and_a_smoke_test_as_a_process() -> None:
    """A new command needs its bad input here (in-process), and so its real process's smoke test."""
    assert set(SMOKE) | {"init"} | set(ELSEWHERE) == commands()


# ---------------------------------------------------------------- explainer init

@pytest.mark.parametrize(("args", "expected"), [
    pytest.param(["full", "--languages", "de,en"],
                 "full: is not an empty folder — give a new folder, or empty this one first", id="non-empty-folder"),
    pytest.param(["new", "--languages", "xx,en"],
                 "--languages: unknown language code 'xx' — use ISO 639-1 codes that CLDR knows, such as de, en, fr, "
                 "es, pt, ar (with a region or script: pt-BR, zh-Hant)", id="unknown-language"),
    pytest.param(["new", "--languages", "de,en,de"],
                 "--languages: language 'de' is listed twice — list each language once", id="duplicate-language"),
    pytest.param(["new", "--languages", "de,en", "--title", "de=Erklärt", "--title", "fr=Expliqué"],
                 "--title: title for 'fr', which is not among the languages (de, en) — add fr to --languages, or drop "
                 "that title", id="title-for-unlisted-language"),
])
def test_init_refuses_and_writes_nothing(tmp_path: Path, args: list[str], expected: str) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run_main(tmp_path, "init", *args)
    check_init_refusal(tmp_path, result, expected, before)


@pytest.mark.integration  # the installed command, a process of its own
def test_init_refuses_as_a_real_process(tmp_path: Path) -> None:
    """The in-process runs above, once as the installed command in its own process."""
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = explainer(tmp_path, "init", "full", "--languages", "de,en")
    check_init_refusal(tmp_path, result, "full: is not an empty folder — give a new folder, or empty this one first",
                       before)


def check_init_refusal(tmp_path: Path, result, expected: str, before: dict[str, bytes]) -> None:
    """``explainer init`` refused with ``expected`` alone and wrote nothing."""
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert result.err.strip() == expected
    assert result.out == ""
    assert snapshot(tmp_path) == before and not (tmp_path / "new").exists()


# ---------------------------------------------------------------- the same input in a real strict build

BUILD_CASES = {c[0]: c for c in CASES}
BUILT = ["bib-broken-yaml", "bib-http-url", "bib-listed-in-unknown", "article-empty-title", "cleaning-invalid-pattern",
         "cleaning-replace-unknown-group", "frontmatter-no-close", "unknown-citation-id", "wrong-quote",
         "quote-without-text"]
BUILT_MORE = {c[0]: c for c in MORE}
BUILT_COMMANDS = ["script-in-markdown", "tab-in-frontmatter", "html-in-bibliography-title", "duplicate-heading-id",
                  "empty-cleaning-yml", "strings-misspelt-key", "strings-wrong-placeholder"]
BUILT_COMMANDS += ["symlink-up", "symlink-loop-page", "symlink-dangling-page", "not-utf8-check", "two-glossaries",
                   "duplicate-frontmatter-key-in-translation", "shared-image-one-level-too-far", "heading-id-umlaut",
                   "page-name-uppercase-umlaut", "citation-id-other-case"]


def warnings_of(output: str) -> list[str]:
    """The warning and error lines of a build's output, without MkDocs' level prefix."""
    return [re.sub(r"^(WARNING|ERROR)\s+-\s+", "", row) for row in output.splitlines()
            if row.startswith(("WARNING", "ERROR"))]


def located(output: str) -> list[str]:
    """The findings among a build's warnings and errors (``path:line: …``; not the plugin's summary
    of them such as "1 problem(s) in sources/")."""
    return [row for row in warnings_of(output) if re.match(r"^[\w./-]+(?::\d+)?: ", row)]


STRICT_ONE = re.compile(r"Aborted with 1 warnings? in strict mode")


def built(root: Path, tmp_path: Path):
    """A strict build of ``root`` into a folder outside it, and the project as it was before."""
    before = snapshot(root)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.code != 0, result.output
    assert "Traceback" not in result.output
    assert snapshot(root) == before
    return result


@pytest.mark.build
@pytest.mark.parametrize("name", BUILT)
def test_strict_build_reports_bad_input(two: Path, tmp_path: Path, name: str) -> None:
    _, edit, rel, offset, message = BUILD_CASES[name]
    line = edit(two)
    result = built(two, tmp_path)
    where = f"{rel}:{line + offset}: " if offset is not None else f"{rel}"
    assert [row for row in warnings_of(result.output) if row.startswith(where) and message in row], \
        f"expected {where}…{message} in:\n{result.output}"


@pytest.mark.build
@pytest.mark.parametrize("name", BUILT_COMMANDS)
def test_strict_build_reports_bad_input_once(two: Path, tmp_path: Path, name: str) -> None:
    _, edit, _, _, expected = BUILT_MORE[name]
    line = edit(two)
    result = built(two, tmp_path)
    for each in expand(expected, line, two).splitlines():  # one finding a line, each said once
        assert len([row for row in warnings_of(result.output) if each in row]) == 1, \
            f"expected {each!r} once in:\n{result.output}"
    if isinstance(BUILT_MORE[name][4], Only):
        assert len(located(result.output)) == 1, result.output


@pytest.mark.build
@pytest.mark.parametrize("name", ["symlink-loop", "symlink-up", "symlink-outside"])
def test_symlinks_are_one_warning_each_in_a_build_never_a_traceback(two: Path, tmp_path: Path, name: str) -> None:
    """``ln -s loop2 docs/de/loop1; ln -s loop1 docs/de/loop2`` stopped the build with ``OSError: Too many
    levels of symbolic links``; ``ln -s .. docs/de/up`` printed a nav warning for every page it repeats."""
    _, edit, _, _, expected = BUILT_MORE[name]
    edit(two)
    result = built(two, tmp_path)
    messages = expanded_lines(expected, two)
    assert warnings_of(result.output) == messages, result.output
    assert re.search(rf"Aborted with {len(messages)} warnings? in strict mode", result.output), result.output
    relaxed = mkdocs_build(two, tmp_path / "relaxed", strict=False)  # the preview's build: it finishes
    assert relaxed.code == 0 and "Traceback" not in relaxed.output, relaxed.output
    assert warnings_of(relaxed.output) == messages
    assert (tmp_path / "relaxed/index.html").exists() and (tmp_path / "relaxed/en/report/index.html").exists()


def expanded_lines(expected: str, root: Path) -> list[str]:
    """An expected message of several lines (one per finding), each as a build prints it."""
    return [row for row in expand(expected, 0, root).splitlines() if row]


@pytest.mark.build
@pytest.mark.parametrize(("key", "value", "expected"), [
    pytest.param("allow_outdated", "maybe", "Config value 'plugins': Plugin 'explainer' option 'allow_outdated': "
                 "Expected true or false (or 1/0), but received: 'maybe'", id="flag"),
    pytest.param("sources", "5", "Config value 'plugins': Plugin 'explainer' option 'sources': Expected type: "
                 "<class 'str'> but received: <class 'int'>", id="path"),
])
def test_wrong_plugin_option_is_mkdocs_own_config_error(two: Path, tmp_path: Path, key: str, value: str,
                                                        expected: str) -> None:
    plugin_option(key, value)(two)
    result = built(two, tmp_path)
    assert warnings_of(result.output) == [expected], result.output
    assert "Aborted with a configuration error!" in result.output


@pytest.mark.build
def test_language_unknown_to_babel_stops_the_build_with_one_located_message(two: Path, tmp_path: Path) -> None:
    _, edit, _, _, expected = BUILT_MORE["language-unknown-to-babel"]
    line = edit(two)
    result = built(two, tmp_path)
    assert [row for row in warnings_of(result.output) if row.startswith(expand(expected, line, two))] \
        == warnings_of(result.output)


@pytest.mark.build
def test_a_locale_cldr_does_not_know_is_located_in_check_and_in_the_build(two: Path, tmp_path: Path) -> None:
    config = two / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    at = re.search(r"^      allow_outdated: .*\n", text, re.MULTILINE).end()
    config.write_text(text[:at] + "      locales:\n        en: en_XX\n" + text[at:], encoding="utf-8")
    line = text[:at].count("\n") + 2
    message = (f"mkdocs.yml:{line}: locale 'en_XX' of 'en' is not known to CLDR — write a CLDR locale such as en_GB "
               "or de_CH in the explainer plugin's 'locales'")
    before = snapshot(two)
    result = run_main(two, "check")
    assert result.code == 1 and result.err.splitlines() == [message], result.output
    assert snapshot(two) == before
    assert warnings_of(built(two, tmp_path).output) == [message]



MARKUP = [
    ("citation-in-heading", "\n## Neu [@bericht] {#neu}\n", 1, "citation [@bericht] in a heading — headings carry no citations"),
    ("citation-in-link-text", "\n[Der Bericht [@bericht]](index.md)\n", 1,
     "citation [@bericht] in the text of a link — put it after the link: [text](page.md) [@bericht]"),
    ("citation-in-alt-text", "\n![Bild [@bericht]](../assets/x.png)\n", 1,
     "citation [@bericht] does not come out on the page — a citation cannot stand in an image's alt text"),
    ("citation-in-double-brackets", "\nDoppelt [[@bericht]].\n", 1,
     "citation in square brackets: [[@bericht]] — write [@bericht] once: the brackets are its own"),
    ("unclosed-admonition-title", '\n!!! note "Hinweis\n\n    Ein Satz [@bericht].\n', 1,
     "not an admonition: '!!! note \"Hinweis' — write !!! type \"Title\" (the title in double quotes, closed)"),
]


@pytest.mark.build
@pytest.mark.parametrize(("name", "text", "offset", "message"), MARKUP, ids=[m[0] for m in MARKUP])
def test_broken_markup_around_citations_fails_the_build_where_it_is(two: Path, tmp_path: Path, name: str, text: str,
                                                                    offset: int, message: str) -> None:
    """Such citations were published as literal text (or as a number in the table of contents) while
    every check passed; now each is one located warning of the build (``make check`` builds too)."""
    line = append(PAGE_DE, text)(two) + offset
    result = built(two, tmp_path)
    assert [row for row in warnings_of(result.output) if row.startswith(f"{PAGE_DE}:{line}: ") and message in row], \
        result.output
