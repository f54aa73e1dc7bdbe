"""The one reader of mkdocs-static-i18n's internals: its plugin object, its options, its languages and
the language being built.

mkdocs-static-i18n builds one language after the other with one MkDocs configuration; what the
generator needs of it is asked here, so that a new version (or another engine's way of building
languages) changes this module alone.
"""

from __future__ import annotations

from typing import Any

NAME = "i18n"  # the plugin's name in mkdocs.yml
SITEMAP_FOLDER = "custom_i18n_sitemap"  # the template folder with its own sitemap.xml, first in every build


def plugin(config) -> Any | None:
    """mkdocs-static-i18n's plugin object in MkDocs' ``config`` (None: the site does not use it)."""
    return config.plugins.get(NAME)


def language_entries(config) -> list[Any]:
    """Its validated ``languages`` entries (``locale``, ``default``, ``build``, ``site_name`` …), as written."""
    i18n = plugin(config)
    return list(i18n.config.languages) if i18n is not None else []


def site_languages(config) -> tuple[list[str], str]:
    """The languages mkdocs-static-i18n builds, and its default (the theme's language without it)."""
    i18n = plugin(config)
    if i18n is None:
        lang = config.theme.get("language") or "en"
        return [lang], lang
    languages = [language.locale for language in i18n.config.languages if language.build]
    return languages, i18n.default_language


def language_options(config) -> dict[str, Any]:
    """mkdocs-static-i18n's options of each built language (``site_name``, ``nav_translations``,
    ``site_description`` …), by language."""
    return {language.locale: language for language in language_entries(config) if language.build}


def all_languages(config) -> list[str]:
    """Every language mkdocs-static-i18n knows of, built or not."""
    i18n = plugin(config)
    return list(getattr(i18n, "all_languages", None) or [])


def building_language(config) -> str:
    """The language of the build in progress (mkdocs-static-i18n builds one after the other)."""
    return getattr(plugin(config), "current_language", None) or config.theme.get("language") or "en"


def building_inside(config) -> bool:
    """Whether a language's build runs inside mkdocs-static-i18n's (its ``on_post_build`` starts
    the other languages' builds): the site is not finished yet."""
    return bool(getattr(plugin(config), "building", False))


def original_site_name(config) -> str | None:
    """The configuration's own ``site_name``, which mkdocs-static-i18n saves before it sets each
    language's (None: not saved)."""
    return getattr(plugin(config), "original_configs", {}).get("site_name")
