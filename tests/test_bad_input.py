"""Bad input: a located message, a non-zero exit, no traceback, and no file changed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import explainer, snapshot

BIB = "sources/bibliography.yml"
LEAK = "docs/de/leak.md"


def append(rel: str, text: str) -> Callable[[Path], int]:
    """Append ``text`` to a file; return the line number where it starts."""
    def edit(root: Path) -> int:
        path = root / rel
        old = path.read_text(encoding="utf-8")
        path.write_text(old + text, encoding="utf-8")
        return old.count("\n") + 1
    return edit


def replace(rel: str, old: str, new: str) -> Callable[[Path], int]:
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
    ("bib-duplicate-id", append(BIB, ENTRY.format(id="techcrunch", url="https://example.org/x")), BIB, 0,
     "duplicate id 'techcrunch' — already defined at sources/bibliography.yml:"),
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
    ("bib-listed-in-unknown", append(BIB, "  - id: orphan\n    url: https://example.org/o\n    listed_in: [mindvers]\n"),
     BIB, 0, "'orphan': listed_in names unknown article id 'mindvers' — did you mean 'mindverse'?"),
    ("raw-article-changed", append("sources/articles/000_472f68a8fdadc430.txt", "\nEin Zusatz.\n"),
     "sources/articles/000_472f68a8fdadc430.txt", None,
     "text differs from the copy pinned in articles.yml"),
    ("frontmatter-unclosed", replace(LEAK, "description:", "descr: x\nfoo: [\ndescription:"), LEAK, None,
     "invalid YAML"),
    ("frontmatter-no-close", replace(LEAK, "\n---\n", "\n\n"), LEAK, None,
     "docs/de/leak.md:1: frontmatter has no closing '---' — add a line '---' after the last frontmatter key"),
    ("frontmatter-missing-description", replace(LEAK, "description:", "summary:"), LEAK + ":1:", None,
     "frontmatter needs a non-empty 'description'"),
    ("unknown-citation-id", append(LEAK, "\nNeuer Satz [@techcrunsh].\n"), LEAK, 1,
     "unknown citation id 'techcrunsh' — did you mean 'techcrunch'?"),
    ("empty-quote", append(LEAK, '\nNeuer Satz [@t3n, ""].\n'), LEAK, 1,
     "empty quote for 't3n' — put the exact words between the quotes"),
    ("unterminated-citation", append(LEAK, '\nNeuer Satz [@t3n, "Nach etwa drei Stunden.\n'), LEAK, 1,
     "unterminated citation"),
    ("wrong-quote", append(LEAK, '\nNeuer Satz [@t3n, "Nach etwa vier Stunden"].\n'), LEAK, 1,
     'quote not found in t3n: "Nach etwa vier Stunden" — closest passage: "'),
    ("quote-without-text", append(LEAK, '\nNeuer Satz [@techcrunch, "Sora"].\n'), LEAK, 1,
     "quote on 'techcrunch', whose text is not in sources/"),
    ("page-one-language-only", lambda root: (root / "docs/de/extra.md").write_text(
        "---\ntitle: X\ndescription: Y\n---\n\n# X {#x}\n", encoding="utf-8") and 0,
     "docs/de/extra.md", None, "page has no 'en' twin — create docs/en/extra.md"),
    ("binary-page", lambda root: (root / "docs/de/bild.md").write_bytes(b"\x89PNG\x00\x00") and 0,
     "docs/de/bild.md", None, "binary file where text was expected"),
]


@pytest.mark.parametrize(("edit", "rel", "offset", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_reports_bad_input(project: Path, edit, rel: str, offset: int | None, message: str) -> None:
    line = edit(project)
    before = snapshot(project)
    result = explainer(project, "check")
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    where = f"{rel}:{line + offset}: " if offset is not None else f"{rel}"
    matching = [row for row in result.err.splitlines() if row.startswith(where) and message in row]
    assert matching, f"expected {where}…{message} in:\n{result.err}"
    assert snapshot(project) == before


@pytest.mark.parametrize("case", [c for c in CASES if c[2] == BIB or c[2].startswith("sources/")], ids=lambda c: c[0])
def test_ingest_refuses_bad_sources_and_changes_nothing(project: Path, case) -> None:
    _, edit, _, _, message = case
    edit(project)
    before = snapshot(project)
    result = explainer(project, "ingest")
    if "warning:" in message:
        assert result.code == 0  # a warning does not stop ingest; check and the build fail on it
        return
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert message in result.err
    assert snapshot(project) == before


def test_clean_project_passes(project: Path) -> None:
    result = explainer(project, "check")
    assert result.code == 0, result.output
    assert "check: 0 problem(s)" in result.out


def test_no_mkdocs_yml(tmp_path: Path) -> None:
    result = explainer(tmp_path, "check")
    assert result.code == 1
    assert result.err.strip() == "mkdocs.yml: no mkdocs.yml here — run the command from the project's root folder"


def write(rel: str, content: str | bytes) -> Callable[[Path], int]:
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


def both(rel: str, content: str) -> Callable[[Path], int]:
    """The same page in both languages (for inputs that are about the text, not the twin)."""
    def edit(root: Path) -> int:
        for lang in ("de", "en"):
            write(f"docs/{lang}/{rel}", content)(root)
        return 1
    return edit


def chain(*edits: Callable[[Path], int]) -> Callable[[Path], int]:
    """Several edits; the line is the first one's."""
    def edit(root: Path) -> int:
        lines = [each(root) for each in edits]  # every edit runs
        return lines[0]
    return edit


def crlf_bom(rel: str) -> Callable[[Path], int]:
    """Save a file the way some Windows editors do: a byte-order mark and CRLF line ends."""
    def edit(root: Path) -> int:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        path.write_text("\ufeff" + text.replace("\n", "\r\n"), encoding="utf-8", newline="")
        return 1
    return edit


class Only(str):
    """An expected message that must be the only problem reported."""


PAGE = "---\ntitle: Test\ndescription: Eine Testseite.\n---\n\n# Test {#test}\n\n"
# (id, edit, command, exit code, expected text in stderr — located where it matters)
MORE = [
    ("script-in-markdown", append(LEAK, "\nText <script>alert(1)</script> [@t3n].\n"), ["check"], 1,
     "docs/de/leak.md:{line+1}: unsafe content: raw <script> tag"),
    ("iframe-in-markdown", append(LEAK, '\n<iframe src="https://example.org"></iframe>\n'), ["check"], 1,
     "docs/de/leak.md:{line+1}: unsafe content: raw <iframe> tag"),
    ("event-handler", append(LEAK, '\nBild <img src="x.png" onerror="alert(1)"> [@t3n].\n'), ["check"], 1,
     "docs/de/leak.md:{line+1}: unsafe content: event handler attribute onerror="),
    ("javascript-link", append(LEAK, "\n[Klick](javascript:alert(1)) [@t3n].\n"), ["check"], 1,
     "docs/de/leak.md:{line+1}: unsafe content: link with a javascript: URL"),
    ("data-link", append(LEAK, "\n[Klick](data:text/html;base64,PHNjcmlwdD4=) [@t3n].\n"), ["check"], 1,
     "docs/de/leak.md:{line+1}: unsafe content: link with a data: URL"),
    ("html-in-frontmatter-title", replace(LEAK, "title: Das Leak", "title: Das <b>Leak</b>"), ["check"], 1,
     "docs/de/leak.md:2: frontmatter 'title' contains HTML — write plain text"),
    ("html-in-bibliography-title", replace(BIB, "    title: null\n", '    title: "<script>x</script>"\n'), ["check"], 1,
     Only("sources/bibliography.yml:{line}: warning: 'title' contains HTML; it is shown as plain text")),
    ("wrong-type-in-bibliography", replace(BIB, "    title: null\n", "    title: [a, b]\n"), ["check"], 1,
     "sources/bibliography.yml:{line}: 'title' must be text, not a list — quote it"),
    ("wrong-type-in-frontmatter", replace(LEAK, "title: Das Leak\n", "title: [a, b]\n"), ["check"], 1,
     "docs/de/leak.md:2: frontmatter 'title' must be text, not a list — write title: \"…\""),
    ("tab-in-frontmatter", replace(LEAK, "title: Das Leak\n", "title:\tDas Leak\n"), ["check"], 1,
     Only("docs/de/leak.md:2: tab in YAML where only spaces are allowed — replace the tab with spaces")),
    ("duplicate-heading-id", chain(append(LEAK, "\n## Noch einmal {#what-happened}\n\nText [@t3n].\n"),
                                   append("docs/en/leak.md", "\n## Once more {#what-happened}\n\nText [@t3n].\n")),
     ["check"], 1, "docs/de/leak.md:{line+1}: heading ID '#what-happened' is used twice on the page (first at line 12)"),
    ("reserved-heading-id", both("res.md", PAGE + "## Quellen {#references}\n\nText [@t3n].\n"), ["check"], 1,
     "docs/de/res.md:8: heading ID '#references' is taken by the reference list — choose another ID"),
    ("empty-cleaning-yml", write("sources/cleaning.yml", ""), ["check"], 1,
     Only("sources/cleaning.yml:1: no 'rules:' in the file — write 'rules:' with the cleaning rules, or 'rules: []'")),
    ("empty-articles-yml", write("sources/articles.yml", "# leer\n"), ["check"], 1,
     "sources/articles.yml:1: no 'articles:' list in the file — write 'articles:' followed by '- id: …' entries"),
    ("empty-bibliography-yml", write(BIB, ""), ["ingest"], 1,
     "sources/bibliography.yml:1: no 'entries:' list in the file"),
    ("crlf-bom-yaml-is-fine", crlf_bom("sources/articles.yml"), ["check"], 0, "check: 0 problem(s)"),
    ("unterminated-quote-locator", append(LEAK, '\nNeuer Satz [@t3n, "Nach etwa].\n'), ["check"], 1,
     "docs/de/leak.md:{line+1}: unterminated citation '[@t3n, \"Nach etwa].' — close it with ] (and a quote locator"),
    ("invalid-regex-rule", replace("sources/cleaning.yml", 'pattern: "Kategorien:"', 'pattern: "Kategorien(:"'),
     ["check"], 1, "sources/cleaning.yml:{line}: invalid regular expression"),
    ("missing-source-text", replace("sources/articles.yml", "file: articles/000_472f68a8fdadc430.txt",
                                    "file: articles/missing.txt"), ["check"], 1,
     "sources/articles.yml:{line-1}: text of 't3n': file not found"),
    ("empty-page", write("docs/de/leer.md", ""), ["check"], 1,
     "docs/de/leer.md:1: frontmatter needs a non-empty 'title'"),
    ("broken-mkdocs-yml", append("mkdocs.yml", "\nnav: [unclosed\n"), ["check"], 1,
     "mkdocs.yml:{line+1}: invalid YAML"),
    ("crlf-bom-nfd-page-is-fine", both("crlf.md", "\ufeff" + (PAGE + "Die Gruppe nannte es „PR Puppet Sora“ "
                                       "[@t3n, \"PR Puppet Sora\"].\n").replace("\n", "\r\n")), ["check"], 1,
     Only("docs/en/crlf.md:1: translation was never synced with docs/de/crlf.md")),  # only the lock is missing
    ("nfd-quote-is-found", both("nfd.md", PAGE + "Über „Hugging Face“ [@t3n, \"Hugging Face zur Verfu\u0308gung\"].\n"),
     ["check"], 1, Only("docs/en/nfd.md:1: translation was never synced with docs/de/nfd.md")),
    ("citation-in-code-is-literal", both("code.md", PAGE + "Syntax: `[@nicht-da]` [@t3n].\n\n```\n[@auch-nicht]\n```\n"),
     ["check"], 1, Only("docs/en/code.md:1: translation was never synced with docs/de/code.md")),
    ("deep-nesting", both("tief.md", PAGE + "".join("  " * i + "- Ebene [@t3n]\n" for i in range(60))
                          + "\n" + ">" * 300 + " Zitat\n"), ["check"], 1,
     "docs/de/tief.md:{line+68}: paragraph without a citation"),
    ("five-megabyte-page", chain(*(write(f"docs/{lang}/gross.md", PAGE + (sentence * 40 + "\n\n") * 3100)
                                   for lang, sentence in (("de", "Ein belegter Satz über das Leak [@t3n]. "),
                                                          ("en", "A sentence about the leak, cited [@t3n]. ")))),
     ["check"], 1, Only("docs/en/gross.md:1: translation was never synced")),
    ("new-page-bad-slug", lambda root: 0, ["new-page", "Neue Seite", "--title", "de=A", "--title", "en=B"], 1,
     "mkdocs.yml: invalid page name 'Neue Seite' — use lowercase letters, digits and hyphens"),
    ("new-page-exists", lambda root: 0, ["new-page", "leak", "--title", "de=A", "--title", "en=B"], 1,
     "docs/de/leak.md: page exists already"),
    ("new-page-missing-title", lambda root: 0, ["new-page", "faq", "--title", "de=Fragen"], 1,
     "mkdocs.yml: no title for 'en' — give TITLE_EN=\"…\""),
    ("new-page-html-title", lambda root: 0, ["new-page", "faq", "--title", "de=<b>x</b>", "--title", "en=x"], 1,
     "title for 'de' must be one line of plain text — remove line breaks and HTML"),
    ("sync-unknown-page", lambda root: 0, ["sync", "nope.md"], 1, "docs/de/nope.md: no such page to mark synced"),
    ("status-broken-lock", write("translations.lock", "{not json"), ["status"], 1,
     "translations.lock:1: invalid JSON"),
    ("linkcheck-bad-list", write("urls.txt", "javascript:alert(1)\n"), ["linkcheck", "--urls", "urls.txt"], 2,
     "urls.txt:1: not an http(s) URL: 'javascript:alert(1)'"),
    ("sitecheck-no-site", lambda root: 0, ["sitecheck", "nowhere"], 1, "nowhere: no built site here"),
    ("ingest-unknown-field", append(BIB, ENTRY.format(id="x", url="https://example.org/x") + "    titel: X\n"),
     ["ingest"], 1, "sources/bibliography.yml:{line+3}: unknown field 'titel' — did you mean 'title'?"),
]


@pytest.mark.parametrize(("edit", "command", "code", "expected"), [c[1:] for c in MORE], ids=[c[0] for c in MORE])
def test_every_command_reports_bad_input(project: Path, edit, command: list[str], code: int, expected: str) -> None:
    line = edit(project)
    before = snapshot(project)
    result = explainer(project, *command)
    assert result.code == code, result.output
    assert "Traceback" not in result.output
    only = isinstance(expected, Only)
    expected = re.sub(r"\{line([+-]\d+)?\}", lambda m: str(line + int(m.group(1) or 0)), expected)
    assert expected in result.output, f"expected {expected!r} in:\n{result.output}"
    if only:
        assert "check: 1 problem(s)" in result.out, f"{expected!r} should be the only problem:\n{result.output}"
    assert snapshot(project) == before


def test_case_count() -> None:
    assert len(CASES) + len(MORE) >= 30
