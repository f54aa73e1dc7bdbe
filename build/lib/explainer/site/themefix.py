"""One correction to the built copy of Material's JavaScript bundle.

Material (9.x) reads every ``<link rel="alternate">`` of a page as the root of another language or
version: it fetches ``sitemap.xml`` relative to each, and then takes over clicks on links below it
to map the current path onto that root. Search engines, however, want per-page alternates
(``hreflang`` pointing at the twin of *this* page, see :mod:`explainer.seo`). With those, the
bundle requests ``/leak/sitemap.xml`` and ``/en/leak/sitemap.xml`` on every page (404s in the
console), and where such a file existed it would send the language switcher to a wrong URL.

Material has no setting for this, so the build narrows the bundle's selector to alternates with
neither ``hreflang`` nor ``type``: the page keeps its hreflang links for search engines, the
language switcher keeps its own per-page links, and the link to the language's Atom feed
(``type="application/atom+xml"``, :mod:`explainer.site.feeds`) is left to feed readers instead of
making the bundle fetch ``sitemap.xml`` beside the feed (a 404 below every language but the
default). If a Material release changes that code, the build fails here instead of shipping the
404s again.
"""

from __future__ import annotations

from pathlib import Path

ORIGINAL = 'M("link[rel=alternate]")'
PATCHED = 'M("link[rel=alternate]:not([hreflang]):not([type])")'
EARLIER = 'M("link[rel=alternate]:not([hreflang])")'  # an earlier version's correction, in a site built before
BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"


class ThemeFixError(RuntimeError):
    """Material's bundle is not what this correction expects."""


def ignore_hreflang_alternates(js: str) -> str:
    """The bundle with its alternate lookup narrowed; unchanged if it already is."""
    if PATCHED in js and ORIGINAL not in js:
        return js
    if EARLIER in js and ORIGINAL not in js and js.count(EARLIER) == 1:
        return js.replace(EARLIER, PATCHED)
    count = js.count(ORIGINAL)
    if count != 1:
        raise ThemeFixError(f"expected Material's alternate lookup {ORIGINAL} once in its bundle, found it {count} "
                            "times: check explainer/themefix.py against this Material release")
    return js.replace(ORIGINAL, PATCHED)


def fix_bundle(site_dir: Path) -> list[Path]:
    """Apply :func:`ignore_hreflang_alternates` to the bundle(s) in a built site."""
    bundles = sorted(site_dir.glob(BUNDLE_GLOB))
    if not bundles:
        raise ThemeFixError(f"no {BUNDLE_GLOB} in {site_dir}: is the theme still Material?")
    for path in bundles:
        text = path.read_bytes().decode("utf-8")
        fixed = ignore_hreflang_alternates(text)
        if fixed != text:
            path.write_bytes(fixed.encode("utf-8"))
    return bundles
