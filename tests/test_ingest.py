"""``make ingest``: bibliography merge, generated models, idempotence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explainer.core.yamlio import load_yaml
from explainer.model.ingest import GENERATED_MARK, run_ingest
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
