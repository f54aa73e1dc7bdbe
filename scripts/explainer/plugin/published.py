"""What the hooks do for the published site, as plain functions over MkDocs' objects.

The data comes from :mod:`explainer.site.seo` (head meta, sitemap, robots.txt),
:mod:`explainer.site.search` (one index per language), :mod:`explainer.site.notfound` (the 404
page in every language) and :mod:`explainer.site.themefix`; the templates in ``site/theme/`` only
lay it out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from jinja2 import TemplateNotFound
from jinja2.utils import htmlsafe_json_dumps
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_build_date, normalize_url

from ..lang.l10n import Words
from ..site import notfound, search, seo, themefix
from .i18n import SITEMAP_FOLDER, building_language, language_options, site_languages

log = logging.getLogger("mkdocs.plugins.explainer")
NOT_FOUND = "404.html"


def site_url(config) -> str:
    """The site's absolute URL with one trailing slash, or a PluginError that says where to set it."""
    try:
        return seo.check_site_url(config.site_url or "")
    except ValueError as err:
        raise PluginError(f"{err}: set site_url in mkdocs.yml or the SITE_URL environment variable") from None


THEME_DIR = Path(__file__).resolve().parent.parent / "site" / "theme"
STYLESHEETS = ("assets/explainer/explainer.css",)
SCRIPTS = ("assets/explainer/language-switch.js",  # the language switcher keeps the #anchor
           "assets/explainer/tooltips.js")         # citation and glossary tooltips on hover and focus


def add_theme(config) -> None:
    """The plugin's templates (head meta, search base, 404 page, sitemap) and its CSS and scripts.

    Its folder comes after the project's own ``custom_dir`` (which may still override any of it)
    and before Material's; runs once per language build, so it adds nothing twice."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        custom = config.theme.custom_dir
        dirs.insert(1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0, str(THEME_DIR))
    for sheet in STYLESHEETS:
        if sheet not in config.extra_css:
            config.extra_css.append(sheet)
    present = {str(script) for script in config.extra_javascript}
    for script in SCRIPTS:
        if script not in present:
            value = ExtraScriptValue(script)
            value.defer = True
            config.extra_javascript.append(value)


def configure(config, words: Words) -> None:
    """The plugin's theme files, and one 404 page, from the default language's build (every build
    would write ``404.html``); the scheme toggles in the project's ``words``."""
    _, default = site_languages(config)
    site_url(config)
    add_theme(config)
    name_scheme_toggles(config, building_language(config), words)
    templates = config.theme.static_templates
    if building_language(config) == default:
        templates.add(NOT_FOUND)
    else:
        templates.discard(NOT_FOUND)


DARK_SCHEMES = ("slate",)  # Material's dark scheme (a project may name its own in CSS)


def scheme_toggles(config) -> list[notfound.Toggle]:
    """The colour scheme toggles of the theme's palette (none for a palette of one scheme, a
    mapping): for each scheme with a toggle, which switches to the next scheme, whether it leads
    to a dark scheme or a light one."""
    palette = config.theme.get("palette")
    if not isinstance(palette, list) or len(palette) < 2:
        return []
    toggles = []
    for index, option in enumerate(palette):
        following = palette[(index + 1) % len(palette)]
        if isinstance(option, dict) and isinstance(option.get("toggle"), dict) and isinstance(following, dict):
            dark = str(following.get("scheme") or "default") in DARK_SCHEMES
            toggles.append(notfound.Toggle(index, len(palette), "scheme_to_dark" if dark else "scheme_to_light"))
    return toggles


def name_scheme_toggles(config, lang: str, words: Words) -> None:
    """The colour scheme toggle in ``lang``: each scheme's toggle says where it leads, "Switch to
    dark mode" or "Switch to light mode", in the words of the language data (the project's
    ``strings`` may override them). Runs once per language's build, before its pages are rendered."""
    for toggle in scheme_toggles(config):
        config.theme["palette"][toggle.index]["toggle"]["name"] = words.text(lang, toggle.key)


def page_rel(page, lang: str) -> str:
    """The page's file below its language folder (``en/leak.md`` → ``leak.md``)."""
    rel = PurePosixPath(page.file.src_uri)
    if rel.parts and rel.parts[0] == lang:
        rel = rel.relative_to(lang)
    return rel.as_posix()


def page_context(context: dict, page, config, pages: Mapping[str, Collection[str]], words: Words) -> dict:
    """Give the templates the page's head meta and its language's search base.

    ``pages`` maps each language to its page files (``leak.md`` …): a page has an alternate in
    every language that has the same file."""
    languages, default = site_languages(config)
    lang = getattr(page.file, "locale", None) or building_language(config)
    rel = page_rel(page, lang)
    meta = page.meta or {}
    head = seo.head_meta(
        site_url(config), rel, lang, [other for other in languages if rel in pages.get(other, ())], default,
        title=str(meta.get("title") or page.title or config.site_name),
        description=str(meta.get("description") or config.site_description or ""),
        site_name=config.site_name, use_directory_urls=config.use_directory_urls, locales=words.locales)
    context["explainer"] = {"head": head,
                            "search_base": seo.language_root(context.get("base_url", ""), lang, default)}
    # Site-relative links, which the theme makes relative to the page: mkdocs-static-i18n leaves the
    # home pages' links at "/" and "/en/", which miss a site published under a sub-path.
    point_switcher(config, pages, lambda other: seo.page_path(
        rel if rel in pages[other] else "index.md", other, default, config.use_directory_urls) or "./")
    return context


def point_switcher(config, languages: Collection[str], link: Callable[[str], str]) -> None:
    """Set the language switcher's link (``extra.alternate``) for each of ``languages`` to
    ``link(language)``. mkdocs-static-i18n sets ``extra.alternate`` as an attribute, which Jinja
    (and so the theme) prefers to the key."""
    for alternate in getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []:
        if alternate.get("lang") in languages:
            alternate["link"] = link(alternate["lang"])


def template_context(context: dict, template_name: str, config, pages: Mapping[str, Collection[str]],
                     words: Words) -> dict:
    """The sitemap (every page in every language, with alternates) and the 404 page."""
    languages, default = site_languages(config)
    if template_name == "sitemap.xml":
        context["explainer_sitemap"] = seo.sitemap_xml(site_url(config), {lang: pages.get(lang, []) for lang in languages},
                                                       default, get_build_date(), config.use_directory_urls)
    elif template_name == NOT_FOUND:
        context["explainer"] = {"head": None, "search_base": None}
        root = urlsplit(site_url(config)).path  # the 404 page answers at any depth: links from the site's root
        point_switcher(config, languages,
                       lambda other: root + seo.page_path("index.md", other, default, config.use_directory_urls))
        base = context.get("base_url") or "/"
        options = language_options(config)
        site_names = {lang: getattr(options.get(lang), "site_name", None) or config.site_name for lang in languages}
        context["explainer_404"] = notfound.not_found(languages, default, base, config.site_name, site_names,
                                                      not_found_nav(context.get("nav"), config, pages, base),
                                                      scheme_toggles(config), words)
    return context


def not_found_nav(nav, config, pages: Mapping[str, Collection[str]], base: str) -> list[notfound.NavLink]:
    """The 404 page's navigation links (the default language's, as the theme writes them from
    ``base``) with their twin in every language that has the page (the default language's own
    included): its address and its title (mkdocs-static-i18n's ``nav_translations``, else the
    same title)."""
    languages, default = site_languages(config)
    options = language_options(config)
    links = []
    for page in getattr(nav, "pages", None) or []:
        rel = page_rel(page, default)
        twins = {}
        for lang in languages:
            if rel in pages.get(lang, ()):
                titles = getattr(options.get(lang), "nav_translations", None) or {}
                title = str(page.title or "")
                twins[lang] = (base + seo.page_path(rel, lang, default, config.use_directory_urls),
                               str(titles.get(title, title)))
        links.append(notfound.NavLink(normalize_url(page.url, None, base), twins))
    return links


def theme_words(env, lang: str) -> Callable[[str], str]:
    """Material's own words in ``lang`` (its ``partials/languages/<lang>.html``), English for a
    word or a language it does not have."""
    modules = []
    for name in dict.fromkeys((lang, lang.replace("_", "-"), lang.replace("_", "-").split("-")[0], "en")):
        try:
            modules.append(env.get_template(f"partials/languages/{name}.html").module)
        except TemplateNotFound:
            continue

    def word(key: str) -> str:
        for module in modules:
            text = str(module.t(key)).strip()
            if text:
                return text
        return ""
    return word


def register_filters(env, words: Words) -> None:
    """Jinja filters the templates in ``site/theme/`` use, and the theme's own sitemap first."""
    env.filters["explainer_search"] = search.with_search_config
    env.filters["explainer_404_data"] = lambda page: str(htmlsafe_json_dumps(
        notfound.script_data(page, partial(theme_words, env), words), sort_keys=True))
    own_sitemap_first(env)


def own_sitemap_first(env) -> None:
    """mkdocs-static-i18n puts a folder with its own ``sitemap.xml`` (no ``x-default``) before all
    theme folders in every language's build (its ``on_config`` runs after this plugin's, and it
    looks for a sitemap only in ``custom_dir``). The plugin's sitemap (:func:`seo.sitemap_xml`)
    lives in its theme folder: that folder goes before the i18n one, a project's ``custom_dir``
    still before both."""
    paths = getattr(env.loader, "searchpath", None)
    if not isinstance(paths, list) or str(THEME_DIR) not in paths:
        return
    for path in [path for path in paths[:paths.index(str(THEME_DIR))] if Path(path).name == SITEMAP_FOLDER]:
        paths.remove(path)
        paths.insert(paths.index(str(THEME_DIR)) + 1, path)


def post_build(config) -> None:
    """Per-language search indexes, robots.txt, and the correction to Material's bundle.

    Runs after every language's build and last of all (after mkdocs-static-i18n has written the
    shared search index), so the site is complete whichever build was the last."""
    languages, default = site_languages(config)
    site_dir = Path(config.site_dir)
    written = search.write_language_indexes(site_dir, languages, default)
    for lang, count in written.items():
        log.debug(f"search index for '{lang}': {count} entries")
    (site_dir / "robots.txt").write_text(seo.robots_txt(site_url(config)), encoding="utf-8")
    try:
        themefix.fix_bundle(site_dir)
    except themefix.ThemeFixError as err:
        raise PluginError(str(err)) from None
