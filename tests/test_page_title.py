"""The browser tab's title in every language of both fixture projects (their shared strict builds):
"Page - Site", and the site's name once where a page is titled as the site (the home pages)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, html_path
from explainer.model.pages import load_page

pytestmark = pytest.mark.build

SITES = {"two-languages": "two_site", "three-languages": "three_site"}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml without MkDocs' own tags."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_names(fixture: str) -> tuple[str, dict[str, str]]:
    """The source language and each language's site name, as mkdocs.yml gives them."""
    config = yaml.load((FIXTURES / fixture / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    names = {entry["locale"]: entry.get("site_name") or config["site_name"] for entry in i18n["languages"]}
    source = next(entry["locale"] for entry in i18n["languages"] if entry.get("default"))
    return source, names


@pytest.mark.parametrize("fixture", list(SITES))
def test_every_page_title_names_the_site_once(request: pytest.FixtureRequest, fixture: str) -> None:
    site: Path = request.getfixturevalue(SITES[fixture])
    source, names = site_names(fixture)
    for lang, site_name in names.items():
        for path in sorted((FIXTURES / fixture / "docs" / lang).glob("*.md")):
            title = load_page(path, path.name).meta["title"]
            html = BeautifulSoup(html_path(site, lang, path.name, source).read_text(encoding="utf-8"), "html.parser")
            expected = site_name if title == site_name else f"{title} - {site_name}"
            assert html.title.get_text() == expected, (lang, path.name)
    homes = [BeautifulSoup(html_path(site, lang, "index.md", source).read_text(encoding="utf-8"), "html.parser")
             for lang in names]
    assert [home.title.get_text() for home in homes] == list(names.values())  # "Der Bibliotheksbrand erklärt" once, not twice
