"""The adopter's first hour, walked as a new team walks it: the generator's wheel, built from this
checkout, installed into a fresh virtual environment outside it (no editable install, no
``PYTHONPATH``), then, from a folder outside the checkout and in a shell whose ``LANG`` and
``LC_ALL`` are set as on real machines, ``explainer init`` of a story in Spanish (the source),
English and Arabic (right to left), and the generated project's own Makefile: ``make check``,
``make build``, ``make new-page``, ``make sync``, ``make status``.

The generated project installs the generator by its pinned version (``mkdocs-explainer==X``) from
the package index; here a folder of wheels stands in for the index (``PIP_NO_INDEX``,
``PIP_FIND_LINKS``): the generator's wheel built from this checkout and the files that
``requirements.lock`` pins, fetched once per lock into pytest's cache. pip installs from it exactly
as from the index (it resolves, checks the hashes, unpacks), without reading the index's pages of
every release of 60 packages, which cost pip 23 about 15 s of CPU for each of the two installs.
The steps share one project and run in order, in one worker; each test is one step a user takes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.adopter, pytest.mark.xdist_group("adopter")]

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
LANGUAGES = "es,en,ar"
TITLES = ("es=El apagón, explicado", "en=The blackout, explained", "ar=الانقطاع، شرح")
SITE_URL = "https://example.org/apagon/"
# What the package must carry for the plugin and the command to work anywhere.
PACKAGE_DATA = ("explainer/site/theme/main.html", "explainer/site/theme/assets/explainer/explainer.css",
                "explainer/site/theme/assets/explainer/tooltips.js", "explainer/site/theme/404.html",
                "explainer/lang/locale/explainer.pot", "explainer/lang/locale/de/LC_MESSAGES/explainer.po",
                "explainer/lang/data/en.yml", "explainer/scaffold/templates/Makefile",
                "explainer/scaffold/templates/requirements.lock", "explainer/scaffold/templates/ci-run")


@dataclass
class Shell:
    """A user's shell: a clean environment with their locale settings, in a folder of their own."""

    env: dict[str, str]
    home: Path

    def run(self, args: list[str], cwd: Path, extra: dict[str, str] | None = None, timeout: int = 900
            ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=cwd, env={**self.env, **(extra or {})}, capture_output=True, text=True,
                              timeout=timeout, check=False)

    def make(self, project: Path, *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return self.run(["make", "--no-print-directory", *args], project, extra)


def user_environment(home: Path, index: list[Path]) -> dict[str, str]:
    """What a user's shell has: PATH, HOME, their locale, a package index (here folders of wheels);
    nothing of this checkout's test run (no PYTHONPATH, no virtual environment, no local-build switch)."""
    keep = ("PATH", "TMPDIR", "PIP_CERT", "PIP_DEFAULT_TIMEOUT", "PIP_CONSTRAINT", "SSL_CERT_FILE",
            "REQUESTS_CA_BUNDLE", "PIP_CACHE_DIR", "XDG_CACHE_HOME")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    env["HOME"] = os.environ.get("HOME", str(home))  # pip's cache, as the user's own
    env["PIP_NO_INDEX"] = "1"  # the folders stand in for the package index
    env["PIP_FIND_LINKS"] = " ".join(map(str, index))
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["LANG"] = "C.UTF-8"  # as in a Debian shell
    env["LC_ALL"] = "de_DE.UTF-8"  # as a German user sets it (whether or not the machine has that locale)
    return env


def build_distributions(out: Path) -> list[Path]:
    """The wheel and the sdist, built from a copy of the checkout's tracked files (the build leaves
    nothing in the checkout)."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False).stdout
    copy = out / "source"
    if tracked:
        for name in tracked.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ROOT / name, copy / name)  # follows the symbolic link to requirements.lock
    else:  # a copy without git: what a build needs
        copy.mkdir(parents=True)
        for name in ("pyproject.toml", "README.md", "requirements.lock", "scripts"):
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, copy / name)
    dist = out / "dist"
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(copy)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return sorted(dist.iterdir())


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> list[Path]:
    """The package as users get it: a wheel and an sdist (``ADOPTER_DIST``: a folder already built)."""
    given = os.environ.get("ADOPTER_DIST")
    if given:
        return sorted(Path(given).glob("mkdocs_explainer-*"))
    return build_distributions(tmp_path_factory.mktemp("package"))


@pytest.fixture(scope="module")
def wheel(dists: list[Path]) -> Path:
    return next(p for p in dists if p.suffix == ".whl")


def locked_wheels(cache: Path) -> Path:
    """The files ``requirements.lock`` pins for this Python and platform, as the package index serves
    them (fetched by pip, hashes checked), in a folder kept per lock: pip asks the index once per lock."""
    lock = ROOT / "requirements.lock"
    key = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    folder = cache / f"{key}-py{sys.version_info[0]}{sys.version_info[1]}-{sysconfig.get_platform()}"
    if not folder.is_dir():  # made whole or not at all: the download goes to a folder renamed at the end
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                               "--no-deps", "--require-hashes", "-r", str(lock), "-d", str(partial)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        partial.rename(folder)
    return folder


@pytest.fixture(scope="module")
def shell(request: pytest.FixtureRequest, tmp_path_factory, wheel: Path) -> Shell:
    home = tmp_path_factory.mktemp("user")
    cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider: fetched for this run
    folder = cache.mkdir("adopter-wheels") if cache else tmp_path_factory.mktemp("wheels")
    return Shell(user_environment(home, [wheel.parent, locked_wheels(folder)]), home)


@pytest.fixture(scope="module")
def tool(shell: Shell) -> Path:
    """The generator installed from its wheel into a fresh virtual environment, outside the checkout,
    with the dependencies its package names (at the versions of the lock, as constraints)."""
    target = shell.home / "tool"
    venv.create(target, with_pip=True)
    constraints = shell.home / "constraints.txt"
    pins = re.findall(r"^([A-Za-z0-9_.\-\[\]]+==[^\s\\;]+)", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)
    constraints.write_text("\n".join(pins) + "\n", encoding="utf-8")
    done = shell.run([str(target / "bin/python"), "-m", "pip", "install", "--quiet", "-c", str(constraints),
                      f"mkdocs-explainer=={VERSION}"], shell.home)
    assert done.returncode == 0, done.stdout + done.stderr
    return target / "bin"


@pytest.fixture(scope="module")
def project(shell: Shell, tool: Path) -> Iterator[Path]:
    """``explainer init`` run by the installed command, in a folder outside the checkout."""
    work = shell.home / "newsroom"
    work.mkdir()
    args = [str(tool / "explainer"), "init", "apagon", "--languages", LANGUAGES, "--site-url", SITE_URL]
    for title in TITLES:
        args += ["--title", title]
    done = shell.run(args, work)
    assert done.returncode == 0, done.stdout + done.stderr
    yield work / "apagon"


def test_the_wheel_and_sdist_hold_what_the_plugin_and_command_need(dists: list[Path], wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in PACKAGE_DATA if name not in names]
    assert not missing, missing
    sdist = next(p for p in dists if p.name.endswith(".tar.gz"))
    import tarfile

    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile() and "/" in m.name}
    assert all(f"scripts/{name}" in members for name in PACKAGE_DATA), sorted(members)[:20]
    twine = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dists)],
                           capture_output=True, text=True, check=False)
    assert twine.returncode == 0, twine.stdout + twine.stderr


def test_the_installed_command_runs_outside_the_checkout(shell: Shell, tool: Path) -> None:
    done = shell.run([str(tool / "python"), "-c", "import explainer, sys; print(explainer.__file__)"], shell.home)
    assert done.returncode == 0 and str(ROOT) not in done.stdout and "site-packages" in done.stdout, done.stdout


def test_init_names_the_generator_by_its_pinned_version_not_a_path(project: Path) -> None:
    makefile = (project / "Makefile").read_text(encoding="utf-8")
    assert f"EXPLAINER ?= mkdocs-explainer=={VERSION}" in makefile
    for path in project.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert str(ROOT) not in text and str(Path(sys.executable).parent) not in text, path
    assert (project / ".git").is_dir()  # dates come from commits
    assert f'site_url: !ENV [SITE_URL, "{SITE_URL}"]' in (project / "mkdocs.yml").read_text(encoding="utf-8")


def test_make_check_passes_on_the_new_project(shell: Shell, project: Path) -> None:
    done = shell.make(project, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "check: 0 problem(s)" in done.stdout and "sitecheck: 0 problem(s)" in done.stdout
    # Arabic has no catalogue of the generator's words: said once, located, and the check still passes.
    assert len(re.findall(r"^mkdocs\.yml:\d+: warning: no translation of the generator's own words into Arabic",
                          done.stderr, re.M)) == 1, done.stderr


def test_make_build_publishes_with_the_package_theme_and_right_to_left_arabic(shell: Shell, project: Path) -> None:
    done = shell.make(project, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"
    assert (site / "assets/explainer/explainer.css").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="es"' in home and 'application/ld+json' in home and 'property="og:url"' in home
    assert f'<link rel="canonical" href="{SITE_URL}">' in home and "127.0.0.1" not in home
    arabic = (site / "ar/index.html").read_text(encoding="utf-8")
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic


def test_a_local_site_url_stops_the_build_with_a_located_message(shell: Shell, project: Path) -> None:
    done = shell.make(project, "build", extra={"SITE_URL": "http://localhost:8000/"})
    assert done.returncode != 0
    assert re.search(r"mkdocs\.yml:\d+: site_url is 'http://localhost:8000/', an address of this machine", done.stderr), \
        done.stderr
    assert "Traceback" not in done.stderr


def test_make_new_page_keeps_the_sources_page_last(shell: Shell, project: Path) -> None:
    done = shell.make(project, "new-page", "SLUG=preguntas", "TITLE_ES=Preguntas", "TITLE_EN=Questions",
                      "TITLE_AR=أسئلة")
    assert done.returncode == 0, done.stdout + done.stderr
    nav = (project / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split(": ")[-1] for line in nav.splitlines()] == ["index.md", "preguntas.md", "sources.md"], nav
    for lang in ("es", "en", "ar"):
        assert (project / "docs" / lang / "preguntas.md").is_file()


PAGES = {"es": ("Preguntas", "Lo que aún no se sabe.", "Esta página reúne las preguntas abiertas."),
         "en": ("Questions", "What is not known yet.", "This page collects the open questions."),
         "ar": ("أسئلة", "ما لم يُعرف بعد.", "تجمع هذه الصفحة الأسئلة المفتوحة.")}


def test_make_sync_and_status_work_with_the_shells_own_lang(shell: Shell, project: Path) -> None:
    for lang, (title, description, body) in PAGES.items():  # the pages written, as a user would
        (project / "docs" / lang / "preguntas.md").write_text(
            f'---\ntitle: "{title}"\ndescription: "{description}"\n---\n\n# {title} {{#preguntas}}\n\n{body}\n'
            "{: .editorial }\n", encoding="utf-8")
    status = shell.make(project, "status")
    assert status.returncode != 0 and "2 never synced" in status.stdout, status.stdout + status.stderr
    for lang in ("en", "ar"):
        done = shell.make(project, "sync", f"ARGS={lang}/preguntas.md")  # LANG=C.UTF-8 is in the environment
        assert done.returncode == 0 and f"marked synced: docs/{lang}/preguntas.md" in done.stdout, done.stdout + done.stderr
    done = shell.make(project, "status")
    assert done.returncode == 0 and "0 outdated, 0 missing, 0 never synced" in done.stdout, done.stdout + done.stderr
    again = shell.make(project, "check")
    assert again.returncode == 0, again.stdout + again.stderr
