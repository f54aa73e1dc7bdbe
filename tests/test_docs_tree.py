"""What lies around the pages: files every language shares (``docs/assets/``), and which
``mkdocs.yml`` located messages name when the project is not the current folder (``--root``,
``mkdocs build -f``). On copies of the fixture projects (``tests/fixtures``)."""

from __future__ import annotations

import re
from pathlib import Path
from posixpath import normpath

import pytest
from bs4 import BeautifulSoup

from conftest import MKDOCS, copy_fixture, html_path, mkdocs_build, run
from inprocess import run_main

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8"
                    "cfc0f01f0005000201a5d8c6c90000000049454e44ae426082")
# Each fixture: its languages (source first) and the alt text of the image in each.
PROJECTS = {"two-languages": {"de": "Der Keller unter Wasser", "en": "The basement under water"},
            "three-languages": {"en": "The reading room", "de": "Der Lesesaal", "fr": "La salle de lecture"}}


def add_shared_image(root: Path, languages: dict[str, str], page: str = "report.md") -> None:
    """``docs/assets/x.png``, shown on ``page`` in every language as the README says: ``../assets/x.png``,
    relative to the page's file; then the translations marked synced."""
    (root / "docs/assets").mkdir()
    (root / "docs/assets/x.png").write_bytes(PNG)
    for lang, alt in languages.items():
        path = root / "docs" / lang / page
        path.write_text(path.read_text(encoding="utf-8") + f"\n![{alt}](../assets/x.png)\n{{: .editorial }}\n",
                        encoding="utf-8")
    synced = run_main(root, "sync", "--all", "--all-languages")
    assert synced.code == 0, synced.output


@pytest.mark.build
@pytest.mark.parametrize("fixture", list(PROJECTS))
def test_an_image_in_docs_assets_builds_strict_in_every_language(tmp_path: Path, fixture: str) -> None:
    languages = PROJECTS[fixture]
    source = next(iter(languages))
    root = copy_fixture(fixture, tmp_path / "p")
    add_shared_image(root, languages)
    assert run_main(root, "check").code == 0
    result = mkdocs_build(root, tmp_path / "site")
    assert result.code == 0, result.output
    site = tmp_path / "site"
    for lang, alt in languages.items():
        page = html_path(site, lang, "report.md", source)
        image = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("img", alt=alt)
        url = page.parent.relative_to(site).as_posix() + "/" + image["src"]
        assert normpath(url) == "assets/x.png", (lang, image["src"])  # the one copy, for every language
    assert (site / "assets/x.png").read_bytes() == PNG
    assert not [p for p in site.rglob("x.png") if p != site / "assets/x.png"]


@pytest.mark.build
def test_a_shared_image_one_level_too_far_is_located_and_parity_compares_where_it_leads(tmp_path: Path) -> None:
    root = copy_fixture("two-languages", tmp_path / "p")
    add_shared_image(root, PROJECTS["two-languages"])
    path = root / "docs/en/report.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("](../assets/x.png)", "](../../assets/x.png)"), encoding="utf-8")
    line = text.count("\n") - 1
    result = run_main(root, "check")
    assert result.err.splitlines() == [
        f"docs/en/report.md:{line}: image ../../assets/x.png leads outside docs/ — paths are relative to the page's "
        "file: write ../assets/x.png for docs/assets/x.png"]  # no parity finding: it was meant to be the same image
    assert result.code == 1


def test_root_locates_messages_in_the_projects_own_mkdocs_yml(tmp_path: Path) -> None:
    """``explainer --root DIR``: the lines of messages about mkdocs.yml are those of DIR/mkdocs.yml, not of a
    mkdocs.yml in the folder the command runs in."""
    root = copy_fixture("two-languages", tmp_path / "p")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = re.search(r"^      allow_outdated: .*\n", text, re.MULTILINE)
    config.write_text(text[:anchor.end()] + "      strings:\n        de:\n          refrences: Nachweise\n"
                      + text[anchor.end():], encoding="utf-8")
    line = text[:anchor.end()].count("\n") + 3
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mkdocs.yml").write_text("# another project\n" * 40 + text, encoding="utf-8")  # other lines
    result = run_main(elsewhere, "--root", str(root), "check")  # the last --root counts
    assert result.code == 1 and "Traceback" not in result.output
    assert result.err.splitlines()[0].startswith(f"{root / 'mkdocs.yml'}:{line}: unknown key 'refrences' of strings: de")
    inside = run_main(tmp_path, "--root", "p", "check")
    assert inside.err.splitlines()[0].startswith(f"p/mkdocs.yml:{line}: unknown key 'refrences' of strings: de")


@pytest.mark.build
def test_build_with_f_locates_messages_in_that_mkdocs_yml(tmp_path: Path) -> None:
    """``mkdocs build -f p/mkdocs.yml`` from another folder: the located warning names p/mkdocs.yml and its line."""
    root = copy_fixture("two-languages", tmp_path / "p")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("- locale: en", "- locale: xx"), encoding="utf-8")
    (root / "docs/en").rename(root / "docs/xx")
    line = text[:text.index("- locale: en")].count("\n") + 1
    (tmp_path / "mkdocs.yml").write_text("# not this one\n", encoding="utf-8")
    result = run([str(MKDOCS), "build", "--strict", "-f", "p/mkdocs.yml", "--site-dir", str(tmp_path / "site")], tmp_path)
    assert result.code == 1 and "Traceback" not in result.output
    assert f"p/mkdocs.yml:{line}: language 'xx' is not known to Babel (CLDR)" in result.output, result.output
