"""Shared fixtures: the fixture projects the generator is tested on, this site (for the content
tests), real commands, and strict builds made once per test run and shared by every test (and
every xdist worker) that only reads them.

Fixture projects live in ``tests/fixtures/<name>/`` (``README.md`` there): ``two-languages``
(German source, English) and ``three-languages`` (English source, German and French). Tests
that change files work on a copy (:func:`copy_fixture`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PACKAGE = ROOT / "scripts" / "explainer"
MKDOCS = Path(sys.executable).parent / "mkdocs"
PROJECT_PARTS = ("mkdocs.yml", "translations.lock", "sources", "docs")
EPOCH = "1732579200"
# Builds in the tests are for this machine (served on 127.0.0.1), not for publishing: a loopback site_url
# is fine there (tests of the guard itself take this out of the environment).
LOCAL_BUILD = {"EXPLAINER_LOCAL_BUILD": "1"}
os.environ.update(LOCAL_BUILD)


@dataclass
class Run:
    """A finished command: exit code and output."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


# Commands that build or serve a site: only the integration tier may start them (see `is_integration`).
BUILDERS = ("mkdocs", "properdocs")


def examples(count: int) -> int:
    """A property's number of examples: ``count`` in ``make test``, 40 times as many in the scheduled
    long run (``HYPOTHESIS_PROFILE=long``), a quarter in the edit loop (``make test-fast``)."""
    profile = os.environ.get("HYPOTHESIS_PROFILE")
    return count * 40 if profile == "long" else max(3, count // 4) if profile == "fast" else count


def only_in_integration() -> None:
    """Fail the running test, before a real build starts, unless it is in the integration tier."""
    if CURRENT.test is not None and not CURRENT.integration:
        pytest.fail(f"{CURRENT.test} starts a real build but is not in the integration tier: give it the `build` "
                    "marker (tests/conftest.py marks it integration)", pytrace=False)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300) -> Run:
    """Run a real command with the project's environment."""
    if Path(str(args[0])).name in BUILDERS:
        only_in_integration()
    if args[0] == "make" and CURRENT.test is not None and not (CURRENT.integration or CURRENT.meta):
        pytest.fail(f"{CURRENT.test} runs make, a test of the Makefile: give it the `meta` marker", pytrace=False)
    outer = {key: value for key, value in os.environ.items()
             if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "ARGS")}  # not the `make test` around us
    full_env = {**outer, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, **LOCAL_BUILD, **(env or {})}
    done = subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr)


def explainer(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """``explainer …`` (the installed command) in ``cwd``."""
    return run([sys.executable, "-m", "explainer", *args], cwd, env)


def mkdocs_build(cwd: Path, site: Path | None = None, env: dict[str, str] | None = None, strict: bool = True) -> Run:
    """A real ``mkdocs build`` (``--strict`` unless told otherwise), run in this process
    (:mod:`inbuild`); ``run([MKDOCS, "build", …])`` where the process itself is under test."""
    from inbuild import build_in_process

    only_in_integration()
    environ = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, **LOCAL_BUILD, **(env or {})}
    return build_in_process(cwd, site or cwd / "site", environ, strict)


def copy_tree(source: Path, target: Path) -> Path:
    """Copy what a build needs (config, lock, sources, docs) from ``source`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, target / name)
    return target


def copy_fixture(name: str, target: Path) -> Path:
    """A disposable copy of fixture project ``name``."""
    return copy_tree(FIXTURES / name, target)


def copy_built(site: Path, target: Path) -> Path:
    """A disposable copy of the project whose shared build is ``site`` (:func:`shared_build`), as
    that build left it: with the generator's cache (``.cache/``) and the page-dates ledger, without
    the site. A test that needs a fixture's first build and then a second one builds only once."""
    project = site.parent
    shutil.copytree(project, target, ignore=lambda folder, names: ["site"] if Path(folder) == project else [])
    return target


def copy_project(target: Path) -> Path:
    """A disposable copy of this site (content tests)."""
    return copy_tree(ROOT, target)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` with its bytes, to prove nothing was changed (the generator's cache
    in ``.cache/`` aside: it is derived data, rebuilt at will)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and ".cache" not in p.relative_to(root).parts}


def tree_digest(*roots: Path) -> str:
    """A hash of every file's path and bytes below ``roots``: what a build depends on."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run shares (the workers' common temporary root)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def computed_once(shared: Path, name: str, compute: Callable[[], object]) -> object:
    """``compute()`` made once per test run for every worker (pickled under a file lock). xdist tears
    a worker's session fixtures down whenever its queue runs dry, so a costly session fixture alone
    may run several times; this does not."""
    import pickle

    from filelock import FileLock  # here, not above: a tenth of a second to import, which collection never needs

    path = shared / "computed" / f"{name}.pickle"
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        if path.exists():
            return pickle.loads(path.read_bytes())
        value = compute()
        path.write_bytes(pickle.dumps(value))
        return value


def shared_build(shared: Path, name: str, source: Path, env: dict[str, str] | None = None) -> Path:
    """The strict build of the project at ``source``, made once per test run for all workers.

    Keyed by the project's files, the generator's code and ``env``; the first worker to ask
    builds it while the others wait on a file lock."""
    from filelock import FileLock

    env = env or {}
    key = tree_digest(*(source / part for part in PROJECT_PARTS if (source / part).is_dir()), PACKAGE)
    key += hashlib.sha256(repr(sorted(env.items())).encode()).hexdigest()[:8]
    folder = shared / "builds" / f"{name}-{key}"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder) + ".lock"):
        site = folder / "project" / "site"
        if not (site / "index.html").exists():
            if folder.exists():
                shutil.rmtree(folder)
            root = copy_tree(source, folder / "project")
            result = mkdocs_build(root, env=env)
            assert result.code == 0, f"strict build of {name} failed:\n{result.output}"
    return site


@pytest.fixture(scope="session")
def build_of(shared_dir: Path) -> Callable[..., Path]:
    """``build_of("two-languages")``: the shared strict build of a fixture project."""
    return lambda name, env=None: shared_build(shared_dir, name, FIXTURES / name, env)


@pytest.fixture(scope="session")
def two_site(build_of) -> Path:
    """The two-language fixture (German source at /, English at /en/), built once."""
    return build_of("two-languages")


@pytest.fixture(scope="session")
def three_site(build_of) -> Path:
    """The three-language fixture (English source at /, German at /de/, French at /fr/), built once."""
    return build_of("three-languages")


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """A disposable copy of the two-language fixture project."""
    return copy_fixture("two-languages", tmp_path / "project")


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """A disposable copy of the three-language fixture project."""
    return copy_fixture("three-languages", tmp_path / "project")


def fixture_library(name: str = "two-languages"):
    """The works of a fixture project (articles and bibliography)."""
    from explainer.model.library import load_library

    return load_library(FIXTURES / name / "sources")


def html_path(site: Path, lang: str, page: str, default: str = "de") -> Path:
    """Where MkDocs writes ``page`` of ``lang`` (directory URLs, default language at the root)."""
    prefix = site if lang == default else site / lang
    stem = page.removesuffix(".md")
    return prefix / "index.html" if stem == "index" else prefix / stem / "index.html"


# ---------------------------------------------------------------- this site's story (content tests)

# The story's source texts as received: the content tests run only where they are there.
STORY = {"t3n": "0edc07f6f2cc95bb4b1464d48bcb78023bf51004b5c684cf097d23a31539b104",
         "mindverse": "5007e0d70ca258864f8a3b79937b999dea9d337be77a8fdc38bd30108ef5f663"}
CONTENT_DIR = Path(__file__).resolve().parent / "content"


def story_missing() -> str | None:
    """Why this checkout does not hold the Sora-leak story, or None when it does."""
    import yaml

    path = SOURCES / "articles.yml"
    try:
        articles = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("articles") or []
    except (OSError, yaml.YAMLError, AttributeError):
        return f"{path.relative_to(ROOT)} cannot be read"
    pinned = {a.get("id"): a.get("sha256") for a in articles if isinstance(a, dict)}
    if any(pinned.get(article) != digest for article, digest in STORY.items()):
        return "this checkout holds another explainer than the Sora-leak story (sources/articles.yml has not its articles)"
    return None


# ---------------------------------------------------------------- the two tiers

E2E_DIR = Path(__file__).resolve().parent / "e2e"
# Fixtures that start a real build, a server or a browser: a test that uses one is an integration test.
INTEGRATION_FIXTURES = frozenset({"build_of", "two_site", "three_site", "story_site", "browser", "tab", "story_tab",
                                  "library_site", "story_served"})
INTEGRATION_MARKERS = ("build", "adopter")
# Whole modules of the integration tier whose tests mark nothing themselves: the local web servers of
# the link check and the Save Page Now client, the preview server, pytest run inside pytest, and the
# worst inputs at scale through the real command under a memory cap.
INTEGRATION_MODULES = frozenset({"test_linkcheck.py", "test_archive.py", "test_serve.py", "test_parallel.py",
                                 "test_e2e_gate.py", "test_memory.py"})
# Tests of the repository's tooling (workflows, hooks, packaging, import layers), not of the generator;
# tests of a make target (the Makefile passes what was typed) carry the marker themselves.
META_MODULES = frozenset({"test_workflows.py", "test_precommit.py", "test_package.py", "test_layers.py"})
META_TESTS = frozenset({"tests/test_add.py::test_the_new_projects_make_add"})


def is_integration(item: pytest.Item) -> bool:
    """Whether ``item`` starts a real build, a server or a browser (the integration tier)."""
    path = Path(item.path)
    return (E2E_DIR in path.parents or path.name in INTEGRATION_MODULES
            or any(item.get_closest_marker(name) is not None for name in INTEGRATION_MARKERS)
            or not INTEGRATION_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Sort every test into its tier (``integration``, ``meta``); tests below tests/content/ are
    content tests, and content tests skip, with the reason, where the story is not there."""
    reason = None
    checked = False
    for item in items:
        if is_integration(item):
            item.add_marker(pytest.mark.integration)
        if Path(item.path).name in META_MODULES or item.nodeid.split("[")[0] in META_TESTS:
            item.add_marker(pytest.mark.meta)
        if CONTENT_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.content)
        if item.get_closest_marker("content") is not None:
            if not checked:
                reason, checked = story_missing(), True
            if reason:
                item.add_marker(pytest.mark.skip(reason=f"content test: {reason}"))


# ---------------------------------------------------------------- the guard: generator tests never read this site

# What only the content tests may open: this checkout's story (an audit hook cannot see subprocesses,
# which run on copies in temporary folders anyway).
STORY_FOLDERS = (ROOT / "docs", SOURCES)
STORY_FILES = (ROOT / "mkdocs.yml", ROOT / "translations.lock")
# Tests that may: the content tests, and the adopter's path (it copies every tracked file of the checkout).
MAY_READ_STORY = ("content", "adopter")


def story_path(path: object) -> str | None:
    """``path`` (as given to ``open``) when it is this site's story (docs/, sources/, mkdocs.yml,
    translations.lock of this checkout), else None."""
    if isinstance(path, int):
        return None
    try:
        full = os.path.abspath(os.fsdecode(path))
    except (TypeError, ValueError):
        return None
    if full in STORY_NAMES or full.startswith(STORY_PREFIXES):
        return full
    return None


STORY_NAMES = frozenset(map(str, (*STORY_FILES, *STORY_FOLDERS)))
STORY_PREFIXES = tuple(str(folder) + os.sep for folder in STORY_FOLDERS)


@dataclass
class Guard:
    """The audit hook's state: whether the running test may read the story, and what it read."""

    watching: bool = False
    read: list[str] | None = None

    def audit(self, event: str, args: tuple) -> None:
        if event == "open" and self.watching and args:
            hit = story_path(args[0])
            if hit is not None and self.read is not None:
                self.read.append(hit)


GUARD = Guard(read=[])
sys.addaudithook(GUARD.audit)  # for the whole process: audit hooks cannot be removed, so the flag decides


@dataclass
class Current:
    """The running test: its id and whether it is in the integration tier (None between tests)."""

    test: str | None = None
    integration: bool = False
    meta: bool = False


CURRENT = Current()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Watch every test but the content tests (set-up of the session fixtures it asks for included)."""
    GUARD.watching = not any(item.get_closest_marker(name) is not None for name in MAY_READ_STORY)
    GUARD.read = []
    CURRENT.test, CURRENT.integration = item.nodeid, item.get_closest_marker("integration") is not None
    CURRENT.meta = item.get_closest_marker("meta") is not None
    try:
        yield
    finally:
        GUARD.watching = False
        CURRENT.test = None


@pytest.fixture(autouse=True)
def story_guard(request: pytest.FixtureRequest):
    """Fails a test not marked ``content`` that opened a file of this site's story."""
    yield
    read, GUARD.read = GUARD.read or [], []
    if read and GUARD.watching:
        pytest.fail(f"{request.node.nodeid} read this site's story, which only content tests may "
                    f"(mark it content, or use a fixture project): {sorted(set(read))[:5]}", pytrace=False)


@pytest.fixture(scope="session")
def story_site(shared_dir: Path) -> Path:
    """This site, built once (strict) for the read-only content tests."""
    return shared_build(shared_dir, "story", ROOT)


@pytest.fixture(scope="session")
def library():
    """This site's library of works (content tests)."""
    from explainer.model.library import load_library

    return load_library(SOURCES)
