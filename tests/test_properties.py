"""Properties of bad input, for every file a contributor writes and every command argument.

For any generated or mutated input (random edits of the fixture's valid files, structures grown from
them, values of every YAML type put where a field is, generated pages with citations and headings,
CSL-JSON and BibTeX exports, command lines), a command run in this process (tests/inprocess.py)
either succeeds or stops with ``path[:line]: what — how to fix it`` and a non-zero exit: never a
traceback, never a hang (each run is bounded by an alarm of :data:`RUN_LIMIT` seconds that fails
the example; it measures nothing), and a failing run changes no file the user wrote.

Deterministic in ``make test`` (``derandomize``, no example database, a few seconds per property);
``HYPOTHESIS_PROFILE=long`` runs many more examples with fresh randomness (the scheduled CI job),
``HYPOTHESIS_PROFILE=fast`` a quarter of them (``make test-fast``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_fixture, snapshot
from conftest import examples as examples_for
from explainer.core.yamlio import dump_yaml, parse_yaml
from explainer.model.bibappend import appended
from inprocess import Result, assert_located_failure, run_main

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
_COMMON = {"deadline": None, "suppress_health_check": list(HealthCheck)}
settings.register_profile("explainer", derandomize=True, database=None, **_COMMON)
settings.register_profile("long", derandomize=False, database=None, **_COMMON)
BASE = settings.get_profile("long" if LONG else "explainer")


def budget(examples: int) -> settings:
    """``examples`` per property in ``make test`` (a few seconds each); 40 times as many in the long run,
    a quarter as many in ``make test-fast``."""
    return settings(BASE, max_examples=examples_for(examples))


RUN_LIMIT = 60  # seconds one command may take on a fixture before the example counts as a hang


@contextmanager
def bounded(seconds: int = RUN_LIMIT) -> Iterator[None]:
    """Fail (not wait) when the block runs longer than ``seconds``: a hang is an error here."""
    def hung(signum, frame):
        raise AssertionError(f"no answer within {seconds} s: a hang")
    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


class Project:
    """One copy of the two-language fixture per test, put back as it was after every example."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for command in (["ingest"], ["check"]):  # the cache warm, as a contributor's project is
            assert run_main(root, *command).code == 0
        self.original = snapshot(root)

    def restore(self) -> None:
        for path in sorted(self.root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            rel = path.relative_to(self.root).as_posix()
            if ".cache" in path.relative_to(self.root).parts:
                continue
            if path.is_symlink() or (path.exists() and not path.is_dir() and rel not in self.original):
                path.unlink()
            elif path.is_dir() and not any(r.startswith(rel + "/") for r in self.original):
                path.rmdir()
        for rel, data in self.original.items():
            target = self.root / rel
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)

    def text(self, rel: str) -> str:
        return self.original[rel].decode("utf-8")

    def run(self, *args: str, writes: tuple[str, ...] = ()) -> Result:
        """Run the command on the edited project; on failure nothing but ``writes`` (prefixes of
        files the command generates) may have changed."""
        before = snapshot(self.root)
        with bounded():
            result = run_main(self.root, *args)
        if result.code == 0:
            return result
        after = snapshot(self.root)
        if result.code == 2:  # a wrong command line (argparse's usage message, or the command's own)
            assert result.err.startswith(("usage: ", f"{args[0]}: ")) and "Traceback" not in result.output, result.err
            assert after == before
            return result
        assert_located_failure(result)
        changed = {rel for rel in set(before) | set(after) if before.get(rel) != after.get(rel)}
        assert all(rel.startswith(writes) for rel in changed), f"changed by a failed run: {sorted(changed)}"
        return result


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(copy_fixture("two-languages", tmp_path / "project"))


# ------------------------------------------------------------------ mutations of the valid files

SNIPPETS = ["&a ", "*a", "*b", "[", "]", "{", "}", ": ", "- ", "? ", "!!python/name:os.system ", "!ENV ", "<<: *a",
            "2024-02-30", "2024-13-01", "\t", "\0", "\x1b", "\u202e", "\ufeff", "#", "'", '"', "null", "~", "|", ">",
            "%YAML 1.1\n", "---\n", "...\n", "\\", "[@", "]", "{#", "\n", "  ", "&a [x, x, x]", "[*a, *a, *a, *a]",
            "1e309", "-0x1", "0o9", ".nan", "yes", "no", "é", "\r", "\r\n", "\u2028", "\x7f", "x" * 300]


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` after one to three random edits: snippets put anywhere, lines removed, repeated,
    moved or indented, a character replaced, a block grown by repetition."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["insert", "insert", "delete", "repeat", "swap", "indent", "char", "grow"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "insert":
            spot = draw(st.integers(0, len(text)))
            text = text[:spot] + draw(st.sampled_from(SNIPPETS) | st.text(max_size=8)) + text[spot:]
            continue
        if op == "delete":
            del lines[at]
        elif op == "repeat":
            lines.insert(at, lines[at])
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "indent":
            lines[at] = " " * draw(st.integers(1, 6)) + lines[at]
        elif op == "char" and lines[at]:
            spot = draw(st.integers(0, len(lines[at]) - 1))
            lines[at] = lines[at][:spot] + draw(st.characters()) + lines[at][spot + 1:]
        elif op == "grow":
            end = min(len(lines), at + draw(st.integers(1, 12)))
            lines[end:end] = lines[at:end] * draw(st.integers(1, 50))
        text = "\n".join(lines)
    return text


USER_FILES = [("mkdocs.yml", "check", ()), ("sources/articles.yml", "check", ()),
              ("sources/bibliography.yml", "check", ()), ("sources/cleaning.yml", "ingest", ("sources/parsed/",)),
              ("sources/bibliography.yml", "ingest", ("sources/parsed/",)), ("translations.lock", "status", ()),
              ("docs/de/report.md", "check", ()), ("docs/en/report.md", "sync", ()),
              ("docs/en/glossary.md", "check", ()), ("sources/articles/bericht.txt", "check", ())]


@pytest.mark.parametrize(("rel", "command", "writes"), USER_FILES, ids=[f"{r}-{c}" for r, c, _ in USER_FILES])
def test_mutated_files_succeed_or_fail_located(project: Project, rel: str, command: str, writes: tuple) -> None:
    @budget(12)
    @given(data=st.data())
    def prop(data) -> None:
        project.restore()
        text = data.draw(mutated(project.text(rel)), label="text")
        (project.root / rel).write_bytes(text.encode("utf-8", "surrogatepass"))
        args = ["sync", "--all"] if command == "sync" else [command]
        project.run(*args, writes=writes + (("translations.lock",) if command == "sync" else ()))

    prop()


# ------------------------------------------------------------------ values of every type in every field

LEAVES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | st.text(max_size=40)
    | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)) | st.sampled_from(["", "https://", "http://x", "../x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6)


def paths_of(node, prefix=()) -> list[tuple]:
    """Every place in a loaded YAML document (keys and list positions), depth first."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths_of(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += paths_of(value, (*prefix, index))
    return out


def put(node, path: tuple, value):
    if not path:
        return value
    node[path[0]] = put(node[path[0]], path[1:], value)
    return node


STRUCTURED = [("sources/articles.yml", "ingest", ("sources/parsed/", "sources/bibliography.yml")),
              ("sources/bibliography.yml", "check", ()), ("sources/cleaning.yml", "check", ()),
              ("mkdocs.yml", "check", ())]


@pytest.mark.parametrize(("rel", "command", "writes"), STRUCTURED, ids=[r for r, _, _ in STRUCTURED])
def test_any_value_in_any_field_succeeds_or_fails_located(project: Project, rel: str, command: str,
                                                          writes: tuple) -> None:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    valid = yaml.load(project.text(rel), Loader=Loader)
    places = paths_of(valid)

    @budget(15)
    @given(place=st.sampled_from(places), value=LEAVES, grow=st.integers(0, 3))
    def prop(place, value, grow) -> None:
        project.restore()
        doc = put(yaml.load(project.text(rel), Loader=Loader), place, value)
        for _ in range(grow):  # structures grown from the valid file: the whole document nested in itself
            doc = {"entries": [doc]} if rel.endswith("bibliography.yml") else {"x": doc, **(doc if isinstance(doc, dict) else {})}
        (project.root / rel).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        project.run(command, writes=writes)

    prop()


# ------------------------------------------------------------------ pages: frontmatter, citations, headings

WORD = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12)
IDS = st.sampled_from(["bericht", "example", "stadtrat", "nope", "Bericht", "", "a b", "@", "bericht,", "x" * 80])
CITATION = st.builds(lambda ids, quote: "[" + "; ".join(f"@{i}" + (f', "{quote}"' if quote is not None else "")
                                                        for i in ids) + "]",
                     st.lists(IDS, min_size=1, max_size=3), st.none() | WORD | st.just("Rohr"))
HEADING = st.builds(lambda level, title, ident: "#" * level + f" {title}" + (f" {{#{ident}}}" if ident is not None else ""),
                    st.integers(1, 7), WORD, st.none() | st.from_regex(r"[a-z0-9-]{0,12}", fullmatch=True) | WORD)
LINE = st.one_of(WORD, CITATION, HEADING, st.just("{: .editorial }"), st.just("```"), st.just(""),
                 st.builds(lambda w, c: f"{w} {c}", WORD, CITATION), st.sampled_from(SNIPPETS))
FRONTMATTER = st.dictionaries(st.sampled_from(["title", "description", "glossary", "editorial", "date", "x"]),
                              LEAVES, max_size=4)


@budget(40)
@given(meta=st.none() | FRONTMATTER, lines=st.lists(LINE, max_size=25))
def test_generated_pages_succeed_or_fail_located(tmp_path_factory, meta, lines) -> None:
    project = _shared_project(tmp_path_factory)
    project.restore()
    head = "" if meta is None else "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
    (project.root / "docs/en/report.md").write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    project.run("check")


_PROJECTS: dict[str, Project] = {}


def _shared_project(factory) -> Project:
    """One project for the properties that take no fixture (Hypothesis calls them many times)."""
    if "shared" not in _PROJECTS:
        _PROJECTS["shared"] = Project(copy_fixture("two-languages", factory.mktemp("props") / "project"))
    return _PROJECTS["shared"]


# ------------------------------------------------------------------ imports: CSL-JSON and BibTeX

CSL_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner,
                                                                                      max_size=3), max_leaves=8)
CSL_ITEM = st.fixed_dictionaries({}, optional={
    "id": st.text(max_size=12) | st.integers(), "type": st.sampled_from(["webpage", "article-newspaper", "x"]),
    "title": CSL_VALUE, "URL": st.sampled_from(["https://example.org/a", "http://x", "ftp://x", "", "javascript:x"])
    | st.text(max_size=20), "issued": st.fixed_dictionaries({"date-parts": st.lists(st.lists(
        st.integers(-5, 10000) | st.text(max_size=4), max_size=4), max_size=2)}) | CSL_VALUE,
    "author": st.lists(st.dictionaries(st.sampled_from(["family", "given", "literal"]), CSL_VALUE, max_size=3),
                       max_size=3) | CSL_VALUE,
    "container-title": CSL_VALUE, "language": CSL_VALUE, "accessed": CSL_VALUE, "DOI": CSL_VALUE})


@budget(30)
@given(items=st.lists(CSL_ITEM, max_size=6) | CSL_VALUE, dry=st.booleans())
def test_csl_json_imports_succeed_or_fail_located(tmp_path_factory, items, dry) -> None:
    project = _shared_project(tmp_path_factory)
    project.restore()
    (project.root / "export.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    project.run("import", "export.json", *(["--dry-run"] if dry else []))


BIB_FIELD = st.tuples(st.sampled_from(["title", "url", "date", "year", "author", "journaltitle", "langid", "x"]),
                      st.text(max_size=30) | st.sampled_from(["{", "}", "https://example.org/b", "2024-02-30", "\\"]))


@budget(30)
@given(entries=st.lists(st.tuples(st.sampled_from(["online", "article", "misc", "", "comment"]),
                                  st.text(max_size=10), st.lists(BIB_FIELD, max_size=5)), max_size=4),
       noise=st.sampled_from(["", "{", "}", "@", "%", "\0", "@string{a = {b}}"]))
def test_bibtex_imports_succeed_or_fail_located(tmp_path_factory, entries, noise) -> None:
    project = _shared_project(tmp_path_factory)
    project.restore()
    text = noise + "\n".join("@" + kind + "{" + key + ",\n" + ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
                             + "\n}" for kind, key, fields in entries)
    (project.root / "refs.bib").write_text(text, encoding="utf-8")
    project.run("import", "refs.bib")


# ------------------------------------------------------------------ command arguments

ARG = st.sampled_from(["--all", "--all-languages", "--force", "--lang", "en", "de", "fr", "--dry-run", "--json",
                       "-v", "--title", "--titles", "de=X;en=Y", "en=Y", "report.md", "en/report.md",
                       "en/report.md#what-happened", "../x.md", "en/../../x", "neu", "Neu Seite", "--root", "",
                       "export.json", "refs.bib", "/dev/null", "/proc/self/mem", "\0"]) | st.text(max_size=10)


@budget(40)
@given(command=st.sampled_from(["check", "status", "sync", "new-page", "ingest", "import", "sitecheck"]),
       args=st.lists(ARG, max_size=5))
def test_any_command_line_succeeds_or_fails_located(tmp_path_factory, command, args) -> None:
    project = _shared_project(tmp_path_factory)
    project.restore()
    if "\0" in "".join(args):  # no operating system passes a NUL in an argument
        return
    writes = {"sync": ("translations.lock",), "ingest": ("sources/",), "new-page": ("docs/", "mkdocs.yml")}
    project.run(command, *args, writes=writes.get(command, ()))


# ------------------------------------------------------------------ the import's fast writer agrees with the dump

@budget(200)
@given(values=st.lists(st.text(max_size=25) | st.text("aZé 0:#,'\"-[]{}!&*?|>%@`~.\u00a0", max_size=12)
                       | st.sampled_from(["null", "True", "yes", "2024-05", "2024-05-01", "1e3", "0x1", ".inf", "-", "a:"])
                       | st.none() | st.integers(-10**6, 10**6)
                       | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), min_size=1, max_size=4),
       listed=st.lists(st.text("ab ,[]:#'", max_size=6), max_size=2))
def test_appended_entries_read_as_the_round_trip_dump_writes_them(values, listed) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    old = "# header\nentries:\n  - id: first\n    url: https://example.org/\n"
    doc = parse_yaml(old, Path("bibliography.yml"))
    entry = CommentedMap([("id", "new"), *((f"field_{chr(97 + n)}", value) for n, value in enumerate(values))])
    flow = CommentedSeq(listed)
    flow.fa.set_flow_style()
    entry["listed_in"] = flow
    doc["entries"].append(entry)
    text = appended(old, doc, [entry])
    if text is not None:  # declined values are dumped in full by the caller
        assert text == dump_yaml(doc)
