"""The correction to Material's bundle: on the real bundle as installed, and on its failure modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.site.themefix import ORIGINAL, PATCHED, ThemeFixError, fix_bundle, ignore_hreflang_alternates


def installed_bundle() -> Path:
    import material

    bundles = sorted((Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1, bundles
    return bundles[0]


def test_the_installed_material_bundle_is_corrected_exactly_once() -> None:
    js = installed_bundle().read_text(encoding="utf-8")
    fixed = ignore_hreflang_alternates(js)
    assert fixed.count(PATCHED) == 1 and ORIGINAL not in fixed
    assert len(fixed) == len(js) + len(PATCHED) - len(ORIGINAL)
    assert ignore_hreflang_alternates(fixed) == fixed


@pytest.mark.parametrize("js", ["var a = 1;", f"{ORIGINAL};{ORIGINAL}"])
def test_an_unexpected_bundle_fails_loudly(js: str) -> None:
    with pytest.raises(ThemeFixError, match=r"themefix\.py"):
        ignore_hreflang_alternates(js)


def test_fix_bundle_in_a_site(tmp_path: Path) -> None:
    folder = tmp_path / "assets/javascripts"
    folder.mkdir(parents=True)
    bundle = folder / "bundle.0123abcd.min.js"
    bundle.write_bytes(f"x=1;{ORIGINAL}.map(f);/* ü */\n".encode())
    assert fix_bundle(tmp_path) == [bundle]
    assert bundle.read_bytes() == f"x=1;{PATCHED}.map(f);/* ü */\n".encode()
    with pytest.raises(ThemeFixError, match="no assets/javascripts/bundle"):
        fix_bundle(tmp_path / "empty")
