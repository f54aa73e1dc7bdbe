"""The 404 page: one page in every language of the site.

GitHub Pages answers every missing URL, ``/fr/…`` included, with the one ``/404.html`` at the
root. That page holds every language's message (the default language first, each section marked
with its ``lang``, each linking to its language's home page), so that without JavaScript every
reader finds theirs. The site's own script (``assets/explainer/not-found.js``, no inline code)
then makes the page speak the language whose folder the missing address is in
(:func:`language_at` is the same rule in Python): ``<html lang>``, the title, only that
language's message, the words of Material's header and search box, the navigation's links and
titles, and search in that language's own index (:mod:`.search`). The script applies what
:func:`script_data` computes here; it knows no language itself.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from ..lang.l10n import Words


@dataclass(frozen=True)
class Section:
    """The 404 message in one language."""

    lang: str
    heading: str
    text: str
    home_label: str
    home: str  # URL of the language's home page


@dataclass(frozen=True)
class NavLink:
    """A link of the navigation as the 404 page shows it (the default language's), and its twin
    in each language that has the page: ``{language: (href, title)}``."""

    href: str
    twins: Mapping[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Toggle:
    """A colour scheme toggle of Material's palette: the scheme it belongs to (``index`` of
    ``count``; Material labels it for the next scheme's input) and the key of its words."""

    index: int
    count: int
    key: str  # scheme_to_dark or scheme_to_light (explainer/lang/data)

    def changes(self, words: str) -> list[list[str]]:
        """Where the 404 script puts the toggle's words: its input's name and its label's tooltip."""
        form = 'form[data-md-component="palette"]'
        return [[f"{form} input#__palette_{self.index}", "aria-label", words],
                [f'{form} label[for="__palette_{(self.index + 1) % self.count}"]', "title", words]]


@dataclass(frozen=True)
class NotFound:
    """The 404 page: its title with every language, one section per language, and what the
    script needs to make it speak one of them."""

    title: str
    sections: list[Section]
    default: str = ""
    site_names: Mapping[str, str] = field(default_factory=dict)
    nav: Sequence[NavLink] = ()
    toggles: Sequence[Toggle] = ()

    def section(self, lang: str) -> Section:
        """The section of ``lang``."""
        return next(section for section in self.sections if section.lang == lang)


def not_found(languages: Sequence[str], default: str, base_url: str, site_name: str,
              site_names: Mapping[str, str] | None = None, nav: Sequence[NavLink] = (),
              toggles: Sequence[Toggle] = (), project_words: Words | None = None) -> NotFound:
    """The 404 page's title and one section per language with a text (default language first).

    ``base_url`` is the site root as the 404 page sees it (an absolute path such as ``/`` or
    ``/repo/``: the page is served at any depth). ``site_names`` are the languages' own site
    names (``site_name`` where one has none); ``nav`` the navigation's links with their twins."""
    ordered = [default] + [lang for lang in languages if lang != default]
    sections = []
    for lang in ordered:
        words = (project_words or Words()).language(lang)
        home = posixpath.join(base_url or "/", "" if lang == default else f"{lang}/")
        sections.append(Section(lang, words.text("not_found_heading"), words.text("not_found_text"),
                                words.text("not_found_home"), home))
    title = " · ".join(section.heading for section in sections)
    names = {lang: (site_names or {}).get(lang) or site_name for lang in ordered}
    return NotFound(f"{title} – {site_name}" if site_name else title, sections, default, names, tuple(nav),
                    tuple(toggles))


def language_at(path: str, prefixes: Mapping[str, str]) -> str:
    """The language whose root (``prefixes``: language → URL path of its home page) is the
    longest start of ``path``; the script (``not-found.js``) follows the same rule."""
    best, found = -1, ""
    for lang, prefix in prefixes.items():
        if (path.startswith(prefix) or path + "/" == prefix) and len(prefix) > best:
            best, found = len(prefix), lang
    return found


# Material's words in its __config (search results, clipboard, versions): base.html, block config.
CONFIG_WORDS = ("clipboard.copy", "clipboard.copied", "search.result.placeholder", "search.result.none",
                "search.result.one", "search.result.other", "search.result.more.one", "search.result.more.other",
                "search.result.term.missing", "select.version")
# Where Material's header and search box (and this package's partials/search.html) show its words:
# (CSS selector, "text" or the attribute, Material's key).
THEME_WORDS = (
    ("nav.md-header__inner", "aria-label", "header"),
    (".md-header .md-select > button", "aria-label", "select.language"),
    (".md-search", "aria-label", "search"),
    (".md-search__input", "aria-label", "search.placeholder"),
    (".md-search__input", "placeholder", "search.placeholder"),
    (".md-search__options", "aria-label", "search"),
    (".md-search__options button[type=reset]", "aria-label", "search.reset"),
    (".md-search__options button[type=reset]", "title", "search.reset"),
    (".md-search-result__meta", "text", "search.result.initializer"),
    ("nav.md-nav--primary", "aria-label", "nav"),
)
# Where the site's name is shown, and the links to the home page.
SITE_NAME_PLACES = ((".md-header__topic:first-child .md-ellipsis", "text"), ("a.md-logo", "title"),
                    ("a.md-logo", "aria-label"),
                    # the menu's title on a phone: its own text after the logo ("last-text" keeps the logo)
                    ("nav.md-nav--primary > label.md-nav__title", "last-text"))
HOME_LINKS = ("a.md-logo", "href")
# What the script may change: text, and these attributes only.
CHANGEABLE = ("text", "last-text", "href", "title", "aria-label", "placeholder", "dir")


def _attribute_value(value: str) -> str:
    """``value`` quoted for a CSS attribute selector."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def script_data(page: NotFound, words: Callable[[str], Callable[[str], str]],
                project_words: Words | None = None) -> dict:
    """What ``not-found.js`` applies, per language: the prefix that selects it, the title, the
    search base, Material's search words, and the changes ``[selector, what, value]``.

    ``words(lang)`` gives Material's own word for a key in ``lang`` (its language files);
    ``project_words`` are the generator's (the project's :class:`explainer.lang.l10n.Words`)."""
    project_words = project_words or Words()
    languages = {}
    for section in page.sections:
        lang, t = section.lang, words(section.lang)
        site_name = page.site_names.get(lang, "")
        changes = [["body", "dir", t("direction") or "ltr"]]
        changes += [[selector, what, t(key)] for selector, what, key in THEME_WORDS]
        changes += [[selector, what, site_name] for selector, what in SITE_NAME_PLACES if site_name]
        changes.append([*HOME_LINKS, section.home])
        for toggle in page.toggles:  # the colour scheme toggle's words (the generator's, not Material's)
            changes += toggle.changes(project_words.text(lang, toggle.key))
        for link in page.nav:
            if lang in link.twins:
                href, title = link.twins[lang]
                selector = f"nav.md-nav--primary a.md-nav__link[href={_attribute_value(link.href)}]"
                changes += [[f"{selector} .md-ellipsis", "text", title], [selector, "href", href]]
        languages[lang] = {
            "prefix": quote(section.home),
            "title": f"{section.heading} – {site_name}" if site_name else section.heading,
            "base": section.home,
            "translations": {key: t(key) for key in CONFIG_WORDS},
            "changes": changes,
        }
    return {"default": page.default, "languages": languages}
