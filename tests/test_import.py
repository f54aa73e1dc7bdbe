"""``make import FILE=refs.json|refs.bib``: CSL-JSON and BibTeX exports into bibliography.yml, on
copies of the three-language fixture with the exports in ``tests/fixtures/imports/``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, snapshot
from explainer.core.yamlio import load_yaml
from explainer.model.library import load_library
from inprocess import run_main

IMPORTS = FIXTURES / "imports"
BIB = "sources/bibliography.yml"


def entries(root: Path) -> dict[str, dict]:
    return {str(e["id"]): dict(e) for e in load_yaml(root / BIB)["entries"]}


def put(root: Path, name: str, text: str | None = None) -> Path:
    """An import file in the project's root (so messages name it ``refs.bib:LINE``)."""
    path = root / name
    if text is None:
        shutil.copy(IMPORTS / name, path)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def imp(root: Path, name: str, *args: str):
    """``explainer import name args…`` in this process (the real command's smoke test is in test_bad_input.py)."""
    return run_main(root, "import", name, *args)


def test_csl_json_from_zotero_becomes_entries_with_every_field(three: Path) -> None:
    put(three, "refs.json")
    result = imp(three, "refs.json")
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    assert ("import refs.json: 6 added (gazetteflood2024, stadtanzeiger2024, councilreport2025, shelfscan, example, "
            "bibliotheque2025), 0 completed, 0 skipped, 0 conflicting") in result.out
    found = entries(three)
    news = found["gazetteflood2024"]  # Better BibTeX's citation key, normalised to the id rules
    assert news["title"] == "Burst pipe floods Exampleton library basement"
    assert news["publisher"] == "Exampleton Gazette" and news["authors"] == ["Chidi Okafor"]
    assert news["date"] == dt.date(2024, 11, 26) and news["accessed"] == dt.date(2026, 11, 3)
    assert news["language"] == "en-GB" and news["url"] == "https://gazette.example.com/2024/11/26/library-flood"
    assert news["url_status"] == "live" and news["listed_in"] == [] and news["same_as"] is None
    german = found["stadtanzeiger2024"]
    assert german["title"] == "Wasserschaden in der Stadtbücherei: Öffnung frühestens im Dezember"
    assert german["authors"] == ["Jörg Müller-Lüdenscheidt", "Ayşe Çelik"] and german["date"] == "2024-12"
    report = found["councilreport2025"]
    assert report["date"] == 2025 and report["publisher"] == "Exampleton City Council"  # a year, and only that
    assert report["authors"] == ["Åsa Lindqvist", "Thị Lan Nguyễn", "Jean de la Fontaine", "Exampleton Facilities Office"]
    software = found["shelfscan"]
    assert software["publisher"] == "Example Code Hosting" and software["accessed"] == "2026-10"
    assert software["authors"] == ["Exampleton Makerspace"] and software["language"] is None  # not known: null
    page = found["example"]  # no citation key, only Zotero's item URI: a readable id from the URL
    assert page["url"] == "https://library.example.org/visit/opening-hours" and page["date"] is None
    french = found["bibliotheque2025"]
    assert french["trans_title"] == "Exampleton's library reopens its doors" and french["language"] == "fr"
    assert french["archive_url"].startswith("https://web.archive.org/web/20250117000000/")
    text = (three / BIB).read_text(encoding="utf-8")
    assert "    date: 2025\n" in text and "    date: 2024-12\n" in text and "    date: 2024-11-26\n" in text
    works = load_library(three / "sources").works  # the bibliography still loads, every entry valid
    assert works["councilreport2025"].date.iso() == "2025" and works["stadtanzeiger2024"].date.iso() == "2024-12"


def test_bibtex_names_dates_and_languages(three: Path) -> None:
    put(three, "refs.bib")
    result = imp(three, "refs.bib")
    assert result.code == 0, result.output
    found = entries(three)
    assert set(found) >= {"gazetteflood2024", "stadtanzeiger2024", "councilreport2025", "shelfscan", "hours",
                          "bibliotheque2025", "appeal2024"}  # 'Bibliothèque2025' as an id: accents dropped
    german = found["stadtanzeiger2024"]  # LaTeX accents decoded, a braced family name kept whole
    assert german["title"] == "Wasserschaden in der Stadtbücherei: Öffnung frühestens im Dezember"
    assert german["authors"] == ["Jörg Müller-Lüdenscheidt", "Ayşe Çelik"] and german["language"] == "de"  # ngerman
    assert german["publisher"] == "Beispielstädter Anzeiger" and german["date"] == "2024-12"
    report = found["councilreport2025"]
    assert report["authors"] == ["Åsa Lindqvist", "Thị Lan Nguyễn", "Jean de la Fontaine", "Exampleton Facilities Office"]
    assert report["publisher"] == "Exampleton City Council" and report["date"] == 2025 and report["language"] == "en"
    assert found["gazetteflood2024"]["language"] == "en"  # british
    assert found["shelfscan"]["accessed"] == "2026-10" and found["shelfscan"]["date"] == dt.date(2023, 3, 14)
    hours = found["hours"]  # the URL in howpublished = {\url{…}}
    assert hours["url"] == "https://library.example.org/visit/opening-hours"
    assert hours["publisher"] == "Exampleton Public Library"
    appeal = found["appeal2024"]  # year = 2024, month = nov; howpublished as the publisher
    assert appeal["date"] == "2024-11" and appeal["publisher"] == "Exampleton Community Blog"
    assert appeal["authors"] == ["Inês Ferreira"]


def test_comments_and_layout_are_kept_and_a_second_run_changes_nothing(three: Path) -> None:
    path = three / BIB
    original = "# Curated by hand: keep this comment.\n" + path.read_text(encoding="utf-8").replace(
        "    publisher: Example News\n", "    publisher: Example News   # checked on the page\n")
    path.write_text(original, encoding="utf-8")
    put(three, "refs.json")
    assert imp(three, "refs.json").code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)  # the existing entries, comments and layout exactly as they were
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    again = imp(three, "refs.json")
    assert again.code == 0 and "6 skipped" in again.out and "0 added" in again.out
    assert "nothing changed in sources/bibliography.yml" in again.out
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_a_set_field_is_never_overwritten_and_each_difference_is_located(three: Path) -> None:
    put(three, "refs.json")
    assert imp(three, "refs.json").code == 0
    lines = (three / BIB).read_text(encoding="utf-8").splitlines()
    title_line = next(n for n, line in enumerate(lines, 1) if line.startswith("    title: 'Flood damage"))
    put(three, "refs.bib")
    result = imp(three, "refs.bib")
    assert result.code == 0, result.output  # a conflict is told, not an error: the other entries come in
    assert ("refs.bib:23: 'councilreport2025' title 'Flood Damage to the Exampleton Public Library: Assessment and "
            f"Repair Costs' differs from sources/bibliography.yml:{title_line}: 'Flood damage to the Exampleton public "
            "library: assessment and repair costs' — keep one") in result.err
    assert "1 added (appeal2024)" in result.out and "1 conflicting (councilreport2025)" in result.out
    # Curly and straight apostrophes, "en" and "en-GB", a date and the same date: no conflict.
    assert result.err.count("keep one") == 1, result.err
    assert entries(three)["councilreport2025"]["title"].startswith("Flood damage to the")


def test_empty_fields_of_a_known_work_are_filled(three: Path) -> None:
    put(three, "refs.json", json.dumps([{
        "id": "x", "type": "article-newspaper", "URL": "https://example.org/exampleton/library-reopens/",
        "title": "Library reopens", "issued": {"date-parts": [[2024, 12, 16]]}, "accessed": {"date-parts": [[2026, 11]]},
        "container-title": "Example News"}], indent=1))
    result = imp(three, "refs.json")
    assert result.code == 0, result.output
    assert "1 completed (example-reopens)" in result.out  # the same URL (but for its slash): the same work
    entry = entries(three)["example-reopens"]
    assert entry["title"] == "Library reopens" and entry["accessed"] == "2026-11"
    assert entry["publisher"] == "Example News" and entry["listed_in"] == ["reopening"]
    assert "x" not in entries(three)


def test_dry_run_writes_nothing(three: Path) -> None:
    put(three, "refs.bib")
    before = snapshot(three / "sources")
    result = imp(three, "refs.bib", "--dry-run")
    assert result.code == 0 and "7 added" in result.out and "dry run" in result.out
    assert snapshot(three / "sources") == before


BAD = [
    ("json-syntax", "refs.json", '[\n  {"id": "a", "URL": "https://example.org/a",}\n]\n', "refs.json:2: not valid JSON"),
    ("json-not-array", "refs.json", '"text"\n', "refs.json:1: a CSL-JSON file is an array of items"),
    ("bibtex-syntax", "refs.bib", "@online{a,\n  title = {Open brace,\n  url = {https://example.org/a}\n}\n"
     "@online{b,\n  title = {B},\n  url = {https://example.org/b},\n}\n", "refs.bib:5: not valid BibTeX"),
    ("bibtex-empty", "refs.bib", "% nothing here\n", "refs.bib:1: no entries found"),
    ("bibtex-no-key", "refs.bib", "@online{title = {T},\n  url = {https://example.org/t}}\n",
     "refs.bib:1: entry without a key"),
    ("csl-no-key", "refs.json", '[{"type": "webpage", "URL": "https://example.org/t", "title": "T"}]',
     "refs.json:1: entry without a key"),
    ("no-url-no-title", "refs.bib", "@misc{bare,\n  note = {Seen somewhere},\n}\n", "refs.bib:1: 'bare' has no URL and no title"),
    ("no-url", "refs.json", '[\n {"id": "book", "type": "book", "title": "A book"}\n]', "refs.json:2: 'book' has no URL"),
    ("duplicate-key", "refs.bib", "@online{dup,\n  url = {https://example.org/1},\n}\n\n@online{dup,\n  url = "
     "{https://example.org/2},\n}\n", "refs.bib:5: duplicate key 'dup' (first at line 1)"),
    ("duplicate-id", "refs.json", '[{"id": "Smith2024", "URL": "https://example.org/1"},\n'
     '{"id": "smith2024", "URL": "https://example.org/2"}]',
     "refs.json:2: duplicate key 'smith2024' ('smith2024' and 'Smith2024' make the same id 'smith2024')"),
    ("collides", "refs.json", '[\n  {"id": "example-reopens", "URL": "https://example.org/another-work", "title": "X"}\n]',
     "refs.json:2: key 'example-reopens' is id 'example-reopens', which sources/bibliography.yml:2 gives to "
     "another work (https://example.org/exampleton/library-reopens)"),
    ("collides-article", "refs.bib", "@online{reopening,\n  url = {https://example.org/other},\n}\n",
     "refs.bib:1: key 'reopening' is id 'reopening', which sources/articles.yml:3 gives to another work"),
    ("bad-date-bib", "refs.bib", "@online{d,\n  url = {https://example.org/d},\n  date = {soon},\n}\n",
     "refs.bib:3: 'd': date is not a date: 'soon'"),
    ("bad-month", "refs.bib", "@online{m,\n  url = {https://example.org/m},\n  year = {2024},\n  month = {13},\n}\n",
     "refs.bib:3: 'm': date is not a date: '13 2024'"),
    ("bad-date-csl", "refs.json", '[{"id": "w", "URL": "https://example.org/w",\n "issued": {"literal": "Winter 2024"}}]',
     "refs.json:2: 'w': date is not a date: 'Winter 2024'"),
    ("javascript-url", "refs.bib", "@online{j,\n  title = {J},\n  url = {javascript:alert(1)},\n}\n",
     "refs.bib:3: 'j': url 'javascript:alert(1)' is not an http(s) URL"),
    ("data-url", "refs.json", '[{"id": "d", "title": "D",\n  "URL": "data:text/html,<script>alert(1)</script>"}]',
     "refs.json:2: 'd': url 'data:text/html,<script>alert(1)</script>' is not an http(s) URL"),
    ("archive-scheme", "refs.bib", "@online{a,\n  url = {https://example.org/a},\n  archiveurl = {file:///etc/passwd},\n}\n",
     "refs.bib:3: 'a': archive_url 'file:///etc/passwd' is not an http(s) URL"),
]


@pytest.mark.parametrize(("name", "text", "expected"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_is_located_exits_1_and_changes_nothing(three: Path, name: str, text: str, expected: str) -> None:
    put(three, name, text)
    before = snapshot(three / "sources")
    result = imp(three, name)
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert expected in result.err, f"expected {expected!r} in:\n{result.err}"
    assert snapshot(three / "sources") == before


def test_a_missing_file_and_a_broken_bibliography_are_located(three: Path) -> None:
    result = imp(three, "missing.bib")
    assert result.code == 1 and "missing.bib: file not found" in result.err and "Traceback" not in result.output
    (three / BIB).write_text("entries:\n  - id: x\n    url: [broken\n", encoding="utf-8")
    put(three, "refs.bib")
    before = snapshot(three / "sources")
    result = imp(three, "refs.bib")
    assert result.code == 1 and "sources/bibliography.yml:" in result.err and "Traceback" not in result.output
    assert snapshot(three / "sources") == before


def test_html_in_a_title_is_kept_as_text_with_a_warning(three: Path) -> None:
    put(three, "refs.bib", "@online{html,\n  title = {<b>Bold</b> & <script>alert(1)</script>},\n"
                           "  url = {https://example.org/html},\n}\n")
    result = imp(three, "refs.bib")
    assert result.code == 0, result.output
    assert "refs.bib:2: warning: 'html': title contains HTML; it is kept as plain text" in result.err
    assert entries(three)["html"]["title"] == "<b>Bold</b> & <script>alert(1)</script>"


def test_the_make_target_passes_the_file_name_as_one_word() -> None:
    done = subprocess.run(["make", "-n", "import", "FILE=my refs $(x).bib", "ARGS=--dry-run"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert ".venv/bin/explainer import 'my refs $(x).bib' --dry-run" in done.stdout
