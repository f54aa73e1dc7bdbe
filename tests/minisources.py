"""A small, self-contained sources/ folder for extension and ingest tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

ARTICLE = """Stadtbibliothek öffnet einen Notlesesaal

Freigegeben:
November 26, 2024

Was geschah

Die Stadt nannte den Notbetrieb „Lesesaal Alte Post“ und schrieb: „Wir wurden nur für ‚Gute Presse‘ genutzt“.
Nach etwa drei Stunden wurde der Zugang wieder gesperrt.

Bibliographie: - https://example.org/news/first-report-about-it/ - https://www.example.com/tech/same-story-123456789.html - https://news.example.com/world/same-story-123456789.html
"""


def make_sources(root: Path, bibliography: str | None = None, article: str = ARTICLE) -> Path:
    """Write articles.yml, one article, cleaning.yml and (optionally) bibliography.yml below ``root``."""
    sources = root / "sources"
    (sources / "articles").mkdir(parents=True, exist_ok=True)
    (sources / "articles/a.txt").write_text(article, encoding="utf-8")
    digest = hashlib.sha256(article.encode("utf-8")).hexdigest()
    (sources / "articles.yml").write_text(f"""articles:
  - id: beispiel
    file: articles/a.txt
    sha256: {digest}
    url: https://example.net/artikel
    title: "Stadtbibliothek öffnet einen Notlesesaal"
    trans_title: "City library opens an emergency reading room"
    publisher: Beispielblatt
    date: 2024-11-26
    language: de
""", encoding="utf-8")
    (sources / "cleaning.yml").write_text(
        'rules: []\ndate_labels: ["Freigegeben:"]\nbibliography_labels: ["Bibliographie:"]\n', encoding="utf-8")
    if bibliography is not None:
        (sources / "bibliography.yml").write_text(bibliography, encoding="utf-8")
    return sources


BIBLIOGRAPHY = """entries:
  - id: report
    url: https://example.org/news/first-report-about-it/
    title: null
    publisher: Example News
    date: 2024-11
    language: en
    url_status: live
    listed_in: [beispiel]
  - id: repo
    url: https://example.org/code/repo
    title: "The <b>Repo</b>"
    trans_title: null
    publisher: Example Labs
    language: en
    accessed: 2026-11-01
    url_status: dead
    archive_url: https://web.archive.org/web/2024/https://example.org/code/repo
    archive_date: 2024-12-01
    listed_in: []
"""
