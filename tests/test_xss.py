"""No XSS filter-evasion vector a contributor writes is published executable, and each is a
located finding: 100+ vectors (tests/xss_vectors.py) in a fixture project, one page each, run
through the real ``explainer check``, a real strict build (which must fail) and a real lenient
build (as ``mkdocs serve`` makes it), whose HTML is read as a browser would read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

from conftest import Run, mkdocs_build, snapshot
from inprocess import run_main
from xss_vectors import FIRST_LINE, LANG, SAFE, VECTORS, built_page, page_rel, scheme_of, xss_project

pytestmark = [pytest.mark.build, pytest.mark.xdist_group("xss")]  # one worker: the check and the two builds run once

# Elements that run, load or navigate to something; none may come from a page's content.
ACTIVE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "meta", "link",
          "style", "svg", "math", "noscript", "template", "input", "button", "bgsound", "video", "audio", "source",
          "image", "animate", "set", "use", "foreignobject", "textarea", "xmp", "body", "maction", "mglyph"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "{http://www.w3.org/1999/xlink}href", "data",
                  "poster", "background", "srcset", "to", "from", "values", "lowsrc", "dynsrc", "cite"}


@dataclass
class Built:
    root: Path
    check: Run
    strict: Run
    lenient: Run
    site: Path
    unchanged: bool


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    base = tmp_path_factory.mktemp("xss")
    root = xss_project(base / "project")
    before = snapshot(root)
    check = run_main(root, "check")
    strict = mkdocs_build(root, site=base / "strict-site")
    lenient = mkdocs_build(root, site=base / "site", strict=False)
    return Built(root, check, strict, lenient, base / "site", snapshot(root) == before)


def active_content(element) -> list[str]:
    """Everything below ``element`` that could run script or fetch from elsewhere."""
    problems = []
    for node in element.iter():
        if not isinstance(node.tag, str):  # a comment or processing instruction
            continue
        tag = node.tag.lower()
        if tag in ACTIVE:
            problems.append(f"<{tag}>")
        for name, value in node.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>")
            elif name == "srcdoc":
                problems.append(f"<{tag} srcdoc=…>")
            elif name in URL_ATTRIBUTES and scheme_of(value) not in (None, *SAFE):
                problems.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and any(word in value.lower() for word in ("url(", "expression", "import")):
                problems.append(f"<{tag} style={value!r}>")
    return problems


def test_the_project_has_every_vector_and_the_runs_end_as_they_must(built: Built) -> None:
    assert len(VECTORS) >= 60
    assert built.check.code == 1, built.check.output
    assert built.strict.code != 0 and "Aborted with" in built.strict.output
    assert built.lenient.code == 0, built.lenient.output
    assert built.unchanged, "a check or build changed what the contributor wrote"


@pytest.mark.parametrize(("vector_id", "markdown", "at"), VECTORS, ids=[v[0] for v in VECTORS])
def test_vector_is_a_located_finding(built: Built, vector_id: str, markdown: str, at: int) -> None:
    where = f"docs/{LANG}/{page_rel(vector_id)}:{FIRST_LINE + at}: unsafe content: "
    assert where in built.check.output, f"explainer check: no {where!r}"
    assert where in built.strict.output, f"mkdocs build --strict: no {where!r}"


@pytest.mark.parametrize(("vector_id", "markdown", "at"), VECTORS, ids=[v[0] for v in VECTORS])
def test_vector_is_never_published_executable(built: Built, vector_id: str, markdown: str, at: int) -> None:
    document = lxml.html.parse(str(built_page(built.site, vector_id))).getroot()
    article = document.find(".//article")
    assert article is not None and article.find(".//h1") is not None, "the page was not built"
    assert active_content(article) == []
    # Nowhere else on the page either (head, header, navigation): nothing from the vector.
    assert [node.tag for node in document.iter() if isinstance(node.tag, str)
            and any(name.lower().startswith("on") for name in node.attrib)] == []
    assert document.find(".//base") is None
    assert [m for m in document.iter("meta") if (m.get("http-equiv") or "").lower() == "refresh"] == []
    assert [s for s in document.iter("script") if "alert" in (s.text or "") or "xss.example" in (s.get("src") or "")] \
        == []
