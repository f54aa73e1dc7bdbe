"""``explainer add``: a URL, a saved web page or a PDF becomes a pinned, quotable source; bad input
gets a located message, a non-zero exit and leaves the project as it was.

Pages and PDFs are served by real HTTP servers on 127.0.0.1; the PDFs are made here with pypdf (a
text layer written as a content stream; encrypted, blank and truncated variants).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import markdown
import pytest

from conftest import copy_fixture, run, snapshot
from explainer.checks.run import check_ingest_fresh, run_check
from explainer.cli.main import main
from explainer.core.http import Client, HttpSettings
from explainer.core.yamlio import read_yaml
from explainer.model.add import add_source
from explainer.model.library import load_library
from explainer.plugin.project import load_project
from explainer.render.citations import CitationsExtension
from test_newpage import BYTECODE

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Grid collapse in Iberia – The Daily Grid</title>
<meta property="og:site_name" content="The Daily Grid"><meta name="author" content="Ana Ruiz">
<meta property="article:published_time" content="2025-04-29T08:00:00Z">
<link rel="canonical" href="https://grid.example.org/news/blackout"></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About us</a></nav>
<article><h1>Grid collapse in Iberia</h1>
<p>On 28 April 2025 at 12:33 the power grid of Spain and Portugal collapsed within five seconds,
leaving about fifty million people without electricity &amp; without trains.</p>
<h2>What happened</h2>
<p>Operators reported a sudden loss of 15 gigawatts of generation, about sixty percent of demand.</p>
<p>Subscribe to our newsletter for more.</p>
<ul><li>Spain restored power by the next morning.</li><li>Portugal followed a few hours later.</li></ul>
<table><tr><th>Country</th><th>Restored</th></tr><tr><td>Spain</td><td>99 percent by 7:00</td></tr></table>
</article><section class="comments"><h3>Comments</h3>
<p>Great article, thanks for writing it all down so clearly, I learned a lot!</p></section>
<footer>© The Daily Grid</footer></body></html>"""

NO_ARTICLE = ("<!doctype html><html><head><title>Sign in</title><script src=/app.js></script></head><body>"
              "<nav><a href=/>Home</a></nav><form><input name=user><button>Sign in</button></form></body></html>")


def pdf(pages: list[list[str]], title: str | None = None, author: str | None = None,
        password: str | None = None) -> bytes:
    """A real PDF with a text layer: each page's lines set in Helvetica (an empty list: a blank page)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                NameObject("/Subtype"): NameObject("/Type1"),
                                                NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        text = " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
                        for line in lines)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 11 Tf 72 720 Td 14 TL {text} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if title or author:
        writer.add_metadata({k: v for k, v in (("/Title", title), ("/Author", author)) if v})
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SLIDES = pdf([["Lessons from the Iberian blackout", "",
               "The system operator lost synchronism after a series of voltage oscillations in the",
               "south of Spain, which the protection systems could not damp in time.",
               "",
               "Recovery took sixteen hours for ninety-nine percent of the load."],
              ["Page two of the deck", "",
               "Hydro plants with black-start capability restarted the grid from the north",
               "and the interconnection with France carried the first energy back."]],
             title="Lessons from the Iberian blackout", author="Grid Operators Forum")
HUGE = 50 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/announced":  # a Content-Length over the limit: refused before a byte is read
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(HUGE))
            self.end_headers()
            return
        if self.path == "/huge":  # 50 MB without a Content-Length, until the client hangs up
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
            with suppress(OSError):
                for _ in range(HUGE // len(chunk)):
                    self.wfile.write(chunk)
            return
        status, headers, body = self.routes.get(self.path, (404, {"Content-Type": "text/html"}, b"<p>not here</p>"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with suppress(OSError):
            self.wfile.write(body)


ROUTES = {
    "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private\n"),
    "/news/blackout": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.encode()),
    "/private/page": (200, {"Content-Type": "text/html"}, PAGE.encode()),
    "/slides.pdf": (200, {"Content-Type": "application/pdf"}, SLIDES),
    "/notes.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, b"Notes\n\nThe grid fell at 12:33.\n"),
    "/moved-robots/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: explainer-add\nDisallow: /\n"),
    "/gzipped": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(PAGE.encode(), mtime=0)),
    "/old": (301, {"Location": "/news/blackout"}, b""),
    "/loop": (302, {"Location": "/loop2"}, b""),
    "/loop2": (302, {"Location": "/loop"}, b""),
    "/forbidden": (403, {"Content-Type": "text/html"}, b"<p>no</p>"),
    "/busy": (429, {"Content-Type": "text/html", "Retry-After": "120"}, b"<p>slow down</p>"),
    "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    "/signin": (200, {"Content-Type": "text/html"}, NO_ARTICLE.encode()),
    "/scan.pdf": (200, {"Content-Type": "application/pdf"}, pdf([[], []])),
}


@contextmanager
def server(routes: dict | None = None) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"routes": routes or ROUTES})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.05)
        while not stop.is_set():
            with suppress(OSError):
                held.append(sock.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        sock.close()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with server() as base:
        yield base


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_fixture("three-languages", tmp_path / "project")


CLIENT = Client(HttpSettings(timeout=2.0, max_bytes=2 * 1024 * 1024))


def entry_of(root: Path, article_id: str) -> dict:
    doc = read_yaml(root / "sources/articles.yml")
    return next(e for e in doc["articles"] if e["id"] == article_id)


def test_a_url_is_stored_as_received_pinned_and_described(project: Path, site: str) -> None:
    report = add_source(project / "sources", f"{site}/old", client=CLIENT)
    stored = project / "sources/articles/grid-collapse-in-iberia.html"
    assert report.stored == stored
    assert stored.read_bytes() == PAGE.encode()  # the bytes as received
    entry = entry_of(project, "grid-collapse-in-iberia")
    assert entry["sha256"] == hashlib.sha256(PAGE.encode()).hexdigest()
    assert entry["title"] == "Grid collapse in Iberia"
    assert entry["publisher"] == "The Daily Grid"
    assert str(entry["date"]) == "2025-04-29"
    assert entry["authors"] == ["Ana Ruiz"]
    assert entry["language"] == "en"
    assert entry["url"] == "https://grid.example.org/news/blackout"  # the canonical URL the page states
    assert entry["redirected_from"] == [f"{site}/old"]
    assert entry["unconfirmed"] == ["title", "authors", "date", "publisher", "language", "url"]
    assert entry["accessed"]
    article = load_library(project / "sources").articles["grid-collapse-in-iberia"]
    assert article.headings == ["What happened"]
    assert "Great article" not in article.text  # the comments are not the article
    assert "fifty million people without electricity & without trains" in article.text  # entities decoded
    assert "Spain | 99 percent by 7:00" in article.paragraphs  # a table row
    assert "Portugal followed a few hours later." in article.paragraphs  # a list item
    assert "Home" not in article.text
    model = json.loads((project / "sources/parsed/grid-collapse-in-iberia.json").read_text())
    assert model["extractor"]["name"] == "trafilatura" and model["extractor"]["version"]
    # The comments of articles.yml survive the round trip; the project still passes its checks.
    assert (project / "sources/articles.yml").read_text().startswith("# ")
    assert check_ingest_fresh(load_project(project)) == []


def test_check_lists_unconfirmed_fields_and_a_confirmed_one_goes(project: Path, site: str, capsys) -> None:
    add_source(project / "sources", f"{site}/news/blackout", client=CLIENT)
    assert main(["--root", str(project), "check"]) == 0  # unconfirmed fields are listed, not failures
    out = capsys.readouterr().out
    assert "'grid-collapse-in-iberia': title, authors, date, publisher, language, url read from the document" in out
    yml = project / "sources/articles.yml"
    yml.write_text(yml.read_text().replace("unconfirmed: [title, authors, date, publisher, language, url]",
                                           "unconfirmed: [date]"))
    result = run_check(load_project(project))
    assert [n.split(": ", 1)[1] for n in result.unconfirmed] == [
        "'grid-collapse-in-iberia': date read from the document, not yet confirmed — check each against the source, "
        "then remove it from 'unconfirmed'"]


def test_cleaning_rules_apply_after_extraction(project: Path, site: str) -> None:
    (project / "sources/cleaning.yml").write_text(
        'rules:\n  - pattern: "Subscribe to our newsletter.*"\n    why: a sales pitch\n')
    add_source(project / "sources", f"{site}/news/blackout", "blackout", client=CLIENT)
    article = load_library(project / "sources").articles["blackout"]
    assert not any("newsletter" in p for p in article.paragraphs)
    assert [text for _, text in article.removed] == ["Subscribe to our newsletter for more."]


def test_a_pdf_is_read_page_by_page_and_quotes_link_to_the_page(project: Path, site: str) -> None:
    add_source(project / "sources", f"{site}/slides.pdf", "slides", client=CLIENT)
    assert (project / "sources/articles/slides.pdf").read_bytes() == SLIDES
    entry = entry_of(project, "slides")
    assert entry["title"] == "Lessons from the Iberian blackout"
    assert entry["authors"] == ["Grid Operators Forum"]
    assert entry["url"] == f"{site}/slides.pdf"
    library = load_library(project / "sources")
    article = library.articles["slides"]
    assert {b.page for b in article.blocks} == {1, 2}
    assert article.title == "Lessons from the Iberian blackout"  # its first line, which repeats it, is not a block
    assert article.headings == ["Page two of the deck"]
    assert article.paragraphs[0] == ("The system operator lost synchronism after a series of voltage oscillations in the "
                                     "south of Spain, which the protection systems could not damp in time.")
    assert article.page_of("restarted the grid from the north and the interconnection") == 2
    assert article.page_of("could not damp in time") == 1
    model = json.loads((project / "sources/parsed/slides.json").read_text())
    assert model["extractor"]["name"] == "pypdf"
    ext = CitationsExtension(library=library, lang="en", path="docs/en/page.md")
    html = markdown.Markdown(extensions=[ext]).convert(
        'Black-start hydro plants restarted it [@slides, "restarted the grid from the north"].')
    assert ext.diagnostics == []
    assert f'href="{site}/slides.pdf#page=2"' in html
    assert ":~:text=" not in html  # text fragments are for web pages only


def test_local_html_and_pdf_files(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_bytes(PAGE.encode())
    add_source(project / "sources", str(page), "saved")
    assert entry_of(project, "saved")["url"] == "https://grid.example.org/news/blackout"
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(SLIDES)
    add_source(project / "sources", str(deck))
    entry = entry_of(project, "lessons-from-the-iberian-blackout")
    assert "url" not in entry and "accessed" not in entry  # a file has neither
    assert (project / "sources/articles/lessons-from-the-iberian-blackout.pdf").read_bytes() == SLIDES


def test_a_compressed_response_is_stored_as_the_document(project: Path, site: str) -> None:
    """Content-Encoding is how the bytes travelled, not the document: the page is stored decoded."""
    add_source(project / "sources", f"{site}/gzipped", "blackout", client=CLIENT)
    assert (project / "sources/articles/blackout.html").read_bytes() == PAGE.encode()


def test_a_text_url_keeps_working(project: Path, site: str) -> None:
    add_source(project / "sources", f"{site}/notes.txt", "notes", client=CLIENT)
    assert (project / "sources/articles/notes.txt").read_bytes() == b"Notes\n\nThe grid fell at 12:33.\n"
    assert load_library(project / "sources").articles["notes"].paragraphs == ["The grid fell at 12:33."]


def test_check_says_when_another_extractor_version_made_the_model(project: Path, site: str) -> None:
    add_source(project / "sources", f"{site}/news/blackout", "blackout", client=CLIENT)
    path = project / "sources/parsed/blackout.json"
    model = json.loads(path.read_text())
    model["extractor"]["version"] = "0.9.0"
    path.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n")
    [finding] = check_ingest_fresh(load_project(project))
    assert "made by trafilatura 0.9.0, but trafilatura " in finding.message
    assert "run `make ingest`" in finding.fix


def _bad(project: Path, capsys, *args: str) -> str:
    before = snapshot(project)
    assert main(["--root", str(project), "add", *args, "--timeout", "0.5", "--max-mb", "1"]) == 1
    assert snapshot(project) == before, "a failed add changed the project"
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


BAD_URLS = {
    "/missing": "/missing: the page is not there (404 Not Found) — check the URL",
    "/forbidden": "/forbidden: the server refuses access (403 Forbidden) — save the page from your browser",
    "/busy": "/busy: the server asks to slow down (429 Too Many Requests, retry after 120) — try again later",
    "/private/page": "/private/page: robots.txt of http://127.0.0.1:",
    "/loop": ": redirect loop: ",
    "/huge": "/huge: the body is larger than the limit of 1 MB (cut off there, nothing kept)",
    "/announced": "/announced: the server announces 50 MB, more than the limit of 1 MB",
    "/image.png": "/image.png: content type 'image/png' is neither HTML, PDF nor text",
    "/signin": "/signin: no article found in the page",
    "/scan.pdf": "/scan.pdf: the PDF has no text layer (a scan or images of text): it needs OCR first",
}


@pytest.mark.parametrize("path", list(BAD_URLS))
def test_bad_urls_fail_located_and_write_nothing(project: Path, site: str, capsys, path: str) -> None:
    err = _bad(project, capsys, f"{site}{path}")
    assert BAD_URLS[path] in err
    assert err.startswith("http://127.0.0.1:")


def test_a_redirected_robots_txt_is_followed(project: Path, capsys) -> None:
    routes = {**ROUTES, "/robots.txt": (301, {"Location": "/moved-robots/robots.txt"}, b"")}
    with server(routes) as base:
        err = _bad(project, capsys, f"{base}/news/blackout")
    assert "robots.txt of http://127.0.0.1:" in err and "does not allow explainer-add to fetch" in err


def test_a_server_that_never_answers_is_given_up_on(project: Path, capsys) -> None:
    with silent_server() as base:
        err = _bad(project, capsys, f"{base}/page")
    assert "/robots.txt: no answer within 0.5 s" in err


def test_a_host_that_is_down(project: Path, capsys) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert "the connection was refused" in _bad(project, capsys, f"http://127.0.0.1:{port}/page")


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("locked.pdf", pdf([["A secret text that no one may read."]], password="s3cret"), "the PDF is encrypted"),
    ("cut.pdf", SLIDES[: len(SLIDES) // 2], "the PDF is truncated"),
    ("broken.pdf", b"%PDF-1.7\n" + b"garbage " * 50 + b"\n%%EOF\n", "the PDF is damaged"),
    ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
    ("empty.html", NO_ARTICLE.encode(), "no article found in the page"),
    ("slides.docx", b"PK\x03\x04", "'.docx' is neither a web page (.html), a PDF nor text"),
], ids=["locked", "cut", "broken", "fake", "empty-html", "docx"])
def test_bad_files_fail_located_and_write_nothing(project: Path, tmp_path: Path, capsys, name: str, data: bytes,
                                                   expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    err = _bad(project, capsys, str(path))
    assert f"{path}: {expected}" in err


def test_a_missing_file(project: Path, tmp_path: Path, capsys) -> None:
    assert f"{tmp_path}/nowhere.pdf: file not found — check the path" in _bad(project, capsys, str(tmp_path / "nowhere.pdf"))


def test_a_taken_id_is_refused_before_any_request(project: Path, capsys) -> None:
    with server({}) as base:  # nothing there: a request would fail otherwise
        err = _bad(project, capsys, f"{base}/news/blackout", "--id", "reopening")
    assert "--id: the id 'reopening' is taken (at sources/articles.yml:" in err or "the id 'reopening' is taken" in err


def test_no_source(project: Path, capsys) -> None:
    assert "SOURCE: no source given — name a URL" in _bad(project, capsys, "")


def test_the_new_projects_make_add(tmp_path: Path) -> None:
    """``make add SOURCE=… ID=…`` in a project made by ``explainer init`` (its own Makefile, this run's tools)."""
    root = tmp_path / "new"
    assert main(["init", str(root), "--languages", "en,de"]) == 0
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "bin").symlink_to(Path(sys.executable).parent)
    (venv / ".installed").touch()
    page = tmp_path / "it's saved.html"  # a quote in the name: passed to the command literally
    page.write_bytes(PAGE.encode())
    env = {"MAKEFLAGS": "", "MAKELEVEL": ""}
    result = run(["make", "--no-print-directory", f"VENV={venv}", BYTECODE, "add", f"SOURCE={page}", "ID=blackout"], root,
                 env=env)
    assert result.code == 0, result.output
    assert "stored sources/articles/blackout.html" in result.output
    assert "  ## What happened: 6 paragraphs" in result.output
    assert (root / "sources/articles/blackout.html").read_bytes() == PAGE.encode()
    result = run(["make", "--no-print-directory", f"VENV={venv}", BYTECODE, "add"], root, env=env)
    assert result.code != 0 and "make add: name the source" in result.output


def test_an_invalid_id(project: Path, site: str, capsys) -> None:
    assert "--id: invalid id 'Black Out'" in _bad(project, capsys, f"{site}/news/blackout", "--id", "Black Out")


def test_a_failed_ingest_puts_everything_back(project: Path, site: str, capsys) -> None:
    """A bibliography entry with an unknown field: ingesting fails only after the file and the
    entry were written; both are taken back and the message names the real problem."""
    bib = project / "sources/bibliography.yml"
    bib.write_text(bib.read_text() + "  - id: stray\n    url: https://example.org/x\n    colour: red\n")
    err = _bad(project, capsys, f"{site}/news/blackout", "--id", "blackout")
    assert "unknown field 'colour'" in err
    assert not (project / "sources/articles/blackout.html").exists()
