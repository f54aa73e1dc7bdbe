"""``make ingest``: bibliography merge, generated models, idempotence."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, examples, snapshot
from explainer.checks.run import check_ingest_fresh
from explainer.core.diagnostics import ExplainerError
from explainer.core.yamlio import LineList, LineMap, dump_yaml, load_yaml, parse_yaml, parse_yaml_fast
from explainer.model.bibappend import DeclineError, dumped_as_is, scalar
from explainer.model.ingest import GENERATED_MARK, _unchanged_bibliography, merge_bibliography, plan_ingest, run_ingest
from explainer.model.library import load_library
from minisources import make_sources


def entries(sources: Path) -> dict[str, dict]:
    return {e["id"]: e for e in load_yaml(sources / "bibliography.yml")["entries"]}


def test_first_run_creates_entries_with_readable_ids_and_syndication(tmp_path: Path) -> None:
    sources = make_sources(tmp_path)
    report = run_ingest(sources)
    assert report.added == ["example", "example-tech", "example-world"]
    found = entries(sources)
    assert found["example"]["url"] == "https://example.org/news/first-report-about-it/"
    assert found["example"]["title"] is None and found["example"]["listed_in"] == ["beispiel"]
    # Same numeric article id on the same publisher's hosts: one work, said so.
    assert found["example-tech"]["same_as"] is None
    assert found["example-world"]["same_as"] == "example-tech"
    text = (sources / "bibliography.yml").read_text(encoding="utf-8")
    assert text.startswith("# Works cited by the explainer")
    assert "    title: null\n" in text


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    sources = make_sources(tmp_path)
    run_ingest(sources)
    before = {p: p.read_bytes() for p in sources.rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    report = run_ingest(sources)
    assert report.written == [] and report.added == []
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes


def test_curated_fields_and_comments_survive(tmp_path: Path) -> None:
    sources = make_sources(tmp_path)
    run_ingest(sources)
    path = sources / "bibliography.yml"
    curated = path.read_text(encoding="utf-8").replace(
        "  - id: example\n", "  # checked by hand\n  - id: example\n", 1).replace(
        "    publisher: null\n", '    publisher: "Example News"\n', 1).replace(
        "    same_as: example-tech\n", "    same_as: null\n")
    curated += ("  - id: further\n    url: https://example.org/further\n    title: Curated\n"
                "    listed_in: []\n")
    path.write_text(curated, encoding="utf-8")
    run_ingest(sources)
    text = path.read_text(encoding="utf-8")
    assert "  # checked by hand\n" in text
    found = entries(sources)
    assert found["example"]["publisher"] == "Example News"
    assert found["further"]["title"] == "Curated"
    # An emptied derived field is filled again; a set one would be kept.
    assert found["example-world"]["same_as"] == "example-tech"


def test_entry_no_longer_listed_is_reported_not_deleted(tmp_path: Path) -> None:
    sources = make_sources(tmp_path)
    run_ingest(sources)
    article = sources / "articles/a.txt"
    raw = article.read_text(encoding="utf-8").replace(" - https://example.org/news/first-report-about-it/", "")
    make_sources(tmp_path, article=raw)
    report = run_ingest(sources)
    assert "example" in entries(sources)
    assert [n.message for n in report.notices] == [
        "entry 'example' says it is listed in 'beispiel', but that article no longer lists its URL"]


def test_models_are_marked_generated(tmp_path: Path) -> None:
    sources = make_sources(tmp_path)
    run_ingest(sources)
    model = json.loads((sources / "parsed/beispiel.json").read_text(encoding="utf-8"))
    assert model["_generated"] == GENERATED_MARK
    assert model["date"] == "2024-11-26"
    assert model["sections"][0]["heading"] == "Was geschah"
    assert len(model["bibliography"]) == 3


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    sources = make_sources(tmp_path)
    run_ingest(sources)
    assert not [p for p in sources.rglob("*.tmp")]
    assert not [p for p in sources.rglob(".*") if p.is_file()]


@pytest.mark.parametrize("fixture", ["two-languages", "three-languages"])
def test_fixture_sources_are_up_to_date(fixture: str) -> None:
    """What `make ingest` writes for a fixture project is what it holds: a second run changes nothing."""
    from conftest import FIXTURES
    from explainer.model.ingest import plan_ingest

    outputs, report = plan_ingest(FIXTURES / fixture / "sources")
    assert outputs and report.added == [] and report.linked == []
    for path, text in outputs.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run explainer --root {path.parents[2]} ingest"


@pytest.mark.content
def test_real_sources_are_up_to_date() -> None:
    from conftest import SOURCES
    from explainer.model.ingest import plan_ingest

    outputs, report = plan_ingest(SOURCES)
    assert report.added == [] and report.linked == []
    for path, text in outputs.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run make ingest"


# ------------------------------------------------ the freshness check without ruamel.yaml's round trip

VALUE = (st.text(max_size=25) | st.text("aZé 0:#,'\"-[]{}!&*?|>%@`~.\u00a0", max_size=12)
         | st.sampled_from(["null", "True", "yes", "2024-05", "2024-05-01", "1e3", "0x1", ".inf", "-", "a:", "~"])
         | st.none() | st.integers(-10**6, 10**6) | st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
ENTRY = st.lists(st.tuples(st.sampled_from(["url", "title", "date", "notes", "same_as"]), VALUE
                           | st.lists(st.text("ab ,[]:#'", max_size=6), max_size=2)), max_size=5)
STYLE = st.sampled_from(["canonical", "canonical", "canonical", "double", "single", "block"])


def render(value: object, style: str, indent: str) -> str:
    """One value as a person might write it: as the dump does, or quoted or laid out otherwise."""
    if isinstance(value, list):
        if style == "block" and value:
            return "".join(f"\n{indent}  - {render(item, 'double', indent)}" for item in value)
        return "[" + ", ".join(render(item, "flow", indent) for item in value) + "]"
    if style == "double" and isinstance(value, str):
        return json.dumps(value)
    if style == "single" and isinstance(value, str) and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    try:
        return scalar(value, flow=style == "flow")
    except DeclineError:
        return json.dumps(value if isinstance(value, str) else str(value))


@settings(derandomize=True, database=None, deadline=None, max_examples=examples(300), suppress_health_check=list(HealthCheck))
@given(header=st.lists(st.text("# abc:'\"", max_size=12).map(lambda line: "#" + line), max_size=3),
       entries=st.lists(st.tuples(ENTRY, st.lists(STYLE, min_size=6, max_size=6)), min_size=1, max_size=3),
       dash=st.sampled_from([2, 2, 2, 0, 4]), comment=st.booleans())
def test_a_bibliography_taken_as_dumped_is_what_the_round_trip_dumps(header, entries, dash, comment) -> None:
    """The premise of the fast freshness check: whenever :func:`dumped_as_is` says a text is in the
    dump's layout, ruamel.yaml's round trip writes exactly that text, and libyaml read the values
    ruamel.yaml reads. Texts are written in the dump's layout and in others (quotes, block lists,
    indentation, comments), so that both answers occur."""
    lines = [*header, "entries:"]
    for number, (fields, styles) in enumerate(entries):
        if comment and number == 1:
            lines.append("  # between entries")
        pad = " " * (dash + 2)
        lines.append(" " * dash + f"- id: e{number}")
        lines += [f"{pad}{name}: {render(value, style, pad)}"
                  for (name, value), style in zip(fields, styles[:len(fields)], strict=True)]
    text = "\n".join(lines) + "\n"
    path = Path("bibliography.yml")
    try:
        fast = parse_yaml_fast(text, path)
    except ExplainerError:
        return  # not YAML (a duplicate key, say): both readers refuse it, located
    if not (isinstance(fast, LineMap) and list(fast) == ["entries"] and isinstance(fast["entries"], LineList)
            and all(isinstance(entry, LineMap) for entry in fast["entries"])):
        return
    if dumped_as_is(text, fast["entries"]):
        doc = parse_yaml(text, path)
        assert dump_yaml(doc) == text
        assert json.loads(json.dumps(doc, default=str)) == json.loads(json.dumps(fast, default=str))


def test_an_imported_bibliography_takes_the_fast_path_and_a_hand_layout_the_round_trip(tmp_path: Path) -> None:
    sources = make_sources(tmp_path)
    run_ingest(sources)
    bib = sources / "bibliography.yml"
    library = load_library(sources)
    assert _unchanged_bibliography(bib, library) is not None  # what ingest writes is taken as it is
    assert check_ingest_fresh_of(sources, library) == []
    # Lists indented by 4: the same values, but the dump writes them at 2, so make ingest would change the file.
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("\n  - id: ", "\n    - id: ").replace("\n    ", "\n      ").replace(
        "\n      - id: ", "\n    - id: "), encoding="utf-8")
    assert _unchanged_bibliography(bib, library) is None
    assert [d.message for d in check_ingest_fresh_of(sources, library)] == ["out of date with sources/articles"]
    # A URL an article lists is missing: the fast path sees the merge add it and leaves it to the round trip.
    bib.write_text(text, encoding="utf-8")
    doc = parse_yaml(text, bib)
    del doc["entries"][-1]
    bib.write_text(dump_yaml(doc), encoding="utf-8")
    library = load_library(sources)
    assert _unchanged_bibliography(bib, library) is None
    outputs, report = plan_ingest(sources, library)
    assert report.added == ["example-world"] and outputs[bib] == text


def check_ingest_fresh_of(sources: Path, library):
    return check_ingest_fresh(SimpleNamespace(sources=sources), library)  # type: ignore[arg-type] # reads only that


@pytest.mark.parametrize("fixture", ["two-languages", "three-languages"])
def test_ingest_of_the_fixture_projects_changes_no_byte(tmp_path: Path, fixture: str) -> None:
    """The committed fixtures are what ingest writes: the one slugifier and the fast freshness
    check changed no id and no byte of them, and the fast path agrees with the round trip."""
    shutil.copytree(FIXTURES / fixture, tmp_path / fixture)
    sources = tmp_path / fixture / "sources"
    before = snapshot(sources)
    report = run_ingest(sources)
    assert report.added == [] and report.written == []
    assert snapshot(sources) == before
    library = load_library(sources)
    bib = sources / "bibliography.yml"
    merged, _ = merge_bibliography(parse_yaml(bib.read_text(encoding="utf-8"), bib), library, bib)
    assert plan_ingest(sources, library)[0][bib] == dump_yaml(merged) == bib.read_text(encoding="utf-8")
