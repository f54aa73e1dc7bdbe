"""The cache between runs: never a wrong result, at most one warning, and every input invalidates
what was derived from it."""

from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

import jinja2
import pytest

from conftest import MKDOCS, mkdocs_build, snapshot
from explainer.core import cache as cache_module
from explainer.core.cache import FORMAT, Cache, content_key
from explainer.plugin.templates import KIND as TEMPLATE
from explainer.plugin.templates import cache_templates
from inprocess import run_main

REPORT = "docs/en/report.md"


def entries(root: Path) -> list[Path]:
    return sorted((root / ".cache/explainer").glob("*.pickle"))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_entries_round_trip_and_damage_costs_one_warning(tmp_path: Path) -> None:
    warnings: list[str] = []
    cache = Cache(tmp_path / "c", warnings.append)
    cache.put("x", "k1", {"value": [1, 2]})
    assert cache.get("x", "k1") == {"value": [1, 2]}
    path = tmp_path / "c/x-k1.pickle"
    for damage in (path.read_bytes()[:-5], b"garbage", b"explainer-cache-0\n" + pickle.dumps(1), b""):
        path.write_bytes(damage)
        assert cache.get("x", "k1") is None  # recomputed, never a wrong or half value
    assert len(warnings) == 1 and "computing it anew" in warnings[0]
    assert Cache(tmp_path / "c").remember("x", "k1", lambda: "fresh") == "fresh"
    assert Cache(tmp_path / "c").get("x", "k1") == "fresh"


def test_a_folder_that_cannot_be_written_only_costs_the_speed_up(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    warnings: list[str] = []
    cache = Cache(blocker / "explainer", warnings.append)
    assert [cache.remember("x", str(n), lambda n=n: n) for n in range(3)] == [0, 1, 2]
    assert len(warnings) == 1 and "blocked/explainer" in warnings[0], warnings


def test_keys_change_with_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "explainer"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "PACKAGE", package)
    cache_module.code_version.cache_clear()
    before = content_key("same input")
    (package / "a.py").write_text("x = 2\n", encoding="utf-8")
    cache_module.code_version.cache_clear()
    assert content_key("same input") != before
    cache_module.code_version.cache_clear()


def test_the_old_entries_go_when_there_are_too_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 8)
    monkeypatch.setattr(cache_module, "PRUNE_EVERY", 4)
    cache = Cache(tmp_path / "c")
    for n in range(30):
        cache.put("x", f"k{n}", n)
    assert len(list((tmp_path / "c").glob("*.pickle"))) <= 8 + 4


@pytest.mark.build
def test_a_warm_cache_builds_the_same_site_and_each_input_invalidates(two: Path) -> None:
    cold = mkdocs_build(two, two / "cold")
    assert cold.code == 0, cold.output
    assert entries(two), "the build stored nothing"
    warm = mkdocs_build(two, two / "warm")
    assert warm.code == 0 and snapshot(two / "warm") == snapshot(two / "cold")
    # A source: the changed publisher reaches the page.
    replace(two / "sources/articles.yml", "publisher: Beispielblatt", "publisher: Beispielblatt Online")
    result = mkdocs_build(two, two / "s")
    assert result.code == 0 and "Beispielblatt Online" in (two / "s/report/index.html").read_text(encoding="utf-8")
    # A translation: a wrong number is found although the page was checked before.
    replace(two / REPORT, "1.5 million euros", "2.5 million euros")
    result = mkdocs_build(two, two / "t")
    assert result.code == 1 and "amount 1500000 EUR in German is 2500000 EUR in English" in result.output
    replace(two / REPORT, "2.5 million euros", "1.5 million euros")
    # The lock: a translation it no longer records is never synced.
    replace(two / "translations.lock", '"report.md"', '"report-old.md"')
    result = mkdocs_build(two, two / "l")
    assert result.code == 1 and "translation was never synced with docs/de/report.md" in result.output


@pytest.mark.build
def test_explainer_check_and_the_build_share_the_work(two: Path) -> None:
    assert run_main(two, "check").code == 0
    stored = entries(two)
    assert {p.name.split("-")[0] for p in stored} == {"library", "page", "pair"}
    assert mkdocs_build(two).code == 0
    # Every page and pair was found in the cache; the build added only the theme's compiled templates.
    assert [p for p in entries(two) if not p.name.startswith(f"{TEMPLATE}-")] == stored


def template_env(syntax: str = "{%") -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"page.html": syntax + " if x %}{{ x }}" + syntax + " endif %}"}),
                              block_start_string=syntax)


def test_compiled_templates_are_reused_by_the_next_environment_and_only_by_one_like_it(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    first = template_env()
    cache_templates(first, cache)
    assert first.get_template("page.html").render(x=3) == "3"
    assert len(list((tmp_path / "c").glob(f"{TEMPLATE}-*.pickle"))) == 1
    second = template_env()  # a new build's environment: nothing is compiled again
    cache_templates(second, cache)

    def compile_again(*args, **kwargs):
        raise AssertionError("compiled again")

    second.compile = compile_again  # type: ignore[method-assign]
    assert second.get_template("page.html").render(x=4) == "4"
    other = template_env("{%-")  # another syntax: its own code, never the first one's
    cache_templates(other, cache)
    assert other.get_template("page.html").render(x=5) == "5"
    assert len(list((tmp_path / "c").glob(f"{TEMPLATE}-*.pickle"))) == 2


def test_a_damaged_compiled_template_is_compiled_anew(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    cache_templates(first := template_env(), cache)
    first.get_template("page.html")
    (entry,) = (tmp_path / "c").glob(f"{TEMPLATE}-*.pickle")
    good = pickle.loads(entry.read_bytes()[len(FORMAT):])
    for damage in (good[:-7], good[:20], b"j2" + good[2:], b"", b"\x00" * 40):
        entry.write_bytes(FORMAT + pickle.dumps(damage))
        cache_templates(env := template_env(), cache)
        assert env.get_template("page.html").render(x=6) == "6"
    no_folder = template_env()
    cache_templates(no_folder, Cache(None))
    assert no_folder.bytecode_cache is None


@pytest.mark.build
def test_broken_cache_entries_give_one_warning_and_a_correct_build(two: Path) -> None:
    assert mkdocs_build(two, two / "first").code == 0
    for path in entries(two):
        path.write_bytes(FORMAT + b"\x80not a pickle")
    result = mkdocs_build(two, two / "second", strict=False)  # not strict: the warning is told
    assert result.code == 0
    assert result.output.count("cache entry is damaged") == 1, result.output
    assert snapshot(two / "second") == snapshot(two / "first")


@pytest.mark.build
def test_two_builds_at_once_share_the_cache(two: Path) -> None:
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1732579200"}
    processes = [subprocess.Popen([str(MKDOCS), "build", "--strict", "--site-dir", str(two / f"site{n}")], cwd=two,
                                  env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                 for n in range(2)]
    outputs = [process.communicate(timeout=300)[0].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert snapshot(two / "site0") == snapshot(two / "site1")
