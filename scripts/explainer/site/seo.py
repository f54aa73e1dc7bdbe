"""What search engines and link previews read, as plain functions of the site URL and the pages.

Every URL here is absolute and derives from ``site_url`` (mkdocs.yml, ``SITE_URL``): the canonical
URL, the ``hreflang`` alternates (each language plus ``x-default``, the same set on every version of
a page, so they are reciprocal), Open Graph and Twitter meta in the page's language, the sitemap
with the same alternates, and robots.txt pointing at it.

URL paths follow MkDocs with ``use_directory_urls`` and mkdocs-static-i18n's folder structure: the
default language at the root, every other language below ``<lang>/``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from babel import Locale, UnknownLocaleError
from babel.core import get_global

X_DEFAULT = "x-default"


def check_site_url(site_url: str) -> str:
    """``site_url`` with exactly one trailing slash; absolute http(s) or a ValueError."""
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"site_url must be an absolute http(s) URL, not {site_url!r}")
    return site_url.rstrip("/") + "/"


def page_path(rel: str, lang: str, default: str, use_directory_urls: bool = True) -> str:
    """The URL path of a page below the site root: ``("leak.md", "en")`` → ``"en/leak/"``,
    ``("index.md", "de")`` → ``""`` (the default language lives at the root)."""
    stem = rel.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        path = stem.removesuffix("index")
    elif use_directory_urls:
        path = f"{stem}/"
    else:
        path = f"{stem}.html"
    return path if lang == default else f"{lang}/{path}"


def absolute_url(site_url: str, path: str) -> str:
    """``path`` (relative to the site root) as an absolute URL below ``site_url``."""
    return check_site_url(site_url) + path.lstrip("/")


@dataclass(frozen=True)
class Alternate:
    """One ``<link rel="alternate" hreflang>`` (and sitemap ``xhtml:link``)."""

    hreflang: str
    url: str


def alternates(site_url: str, rel: str, languages: Sequence[str], default: str,
               use_directory_urls: bool = True) -> list[Alternate]:
    """The language versions of a page, in ``languages`` order, then ``x-default`` (the default
    language's version). ``languages`` are those that have the page; one language needs none."""
    if len(languages) < 2:
        return []
    out = [Alternate(lang, absolute_url(site_url, page_path(rel, lang, default, use_directory_urls)))
           for lang in languages]
    fallback = default if default in languages else languages[0]
    out.append(Alternate(X_DEFAULT, absolute_url(site_url, page_path(rel, fallback, default, use_directory_urls))))
    return out


def project_locale(lang: str, locales: Mapping[str, str] | None = None) -> str:
    """The locale a language is written in on this site: the plugin's ``locales`` option
    (``{en: en_GB}``), else the language itself."""
    return (locales or {}).get(lang, lang)


@cache
def og_locale(lang: str) -> str:
    """The Open Graph locale (``language_TERRITORY``) of a language code: ``de`` → ``de_DE``,
    ``en`` → ``en_US``, from CLDR's likely subtags (``de_AT`` stays ``de_AT``)."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return lang
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language, "")
    territory = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return f"{locale.language}_{territory}" if territory.isalpha() and territory.isupper() else locale.language


@dataclass(frozen=True)
class HeadMeta:
    """Everything the page's ``<head>`` says to search engines and link previews."""

    lang: str
    title: str
    description: str
    site_name: str
    canonical: str
    alternates: list[Alternate] = field(default_factory=list)
    og_type: str = "article"
    locale: str = ""
    alternate_locales: list[str] = field(default_factory=list)

    def meta_tags(self) -> list[tuple[str, str, str]]:
        """``(attribute, key, content)`` for each ``<meta>``: Open Graph uses ``property``,
        Twitter and the description use ``name``."""
        tags = [("name", "description", self.description),
                ("property", "og:type", self.og_type),
                ("property", "og:site_name", self.site_name),
                ("property", "og:title", self.title),
                ("property", "og:description", self.description),
                ("property", "og:url", self.canonical),
                ("property", "og:locale", self.locale)]
        tags += [("property", "og:locale:alternate", locale) for locale in self.alternate_locales]
        tags += [("name", "twitter:card", "summary"),
                 ("name", "twitter:title", self.title),
                 ("name", "twitter:description", self.description)]
        return [tag for tag in tags if tag[2]]


def head_meta(site_url: str, rel: str, lang: str, languages: Sequence[str], default: str, *, title: str,
              description: str, site_name: str, use_directory_urls: bool = True,
              locales: Mapping[str, str] | None = None) -> HeadMeta:
    """The head data of page ``rel`` in ``lang``; ``languages`` are those that have the page;
    ``locales`` the project's choice of locale per language (the plugin's ``locales``)."""
    canonical = absolute_url(site_url, page_path(rel, lang, default, use_directory_urls))
    is_home = rel.removesuffix(".md") == "index"
    return HeadMeta(
        lang=lang, title=title.strip(), description=" ".join(description.split()), site_name=site_name,
        canonical=canonical, alternates=alternates(site_url, rel, languages, default, use_directory_urls),
        og_type="website" if is_home else "article", locale=og_locale(project_locale(lang, locales)),
        alternate_locales=[og_locale(project_locale(other, locales)) for other in languages if other != lang],
    )


def sitemap_xml(site_url: str, pages: Mapping[str, Iterable[str]], default: str, lastmod: str | None = None,
                use_directory_urls: bool = True) -> str:
    """A sitemap of every page in every language, each ``<url>`` with the page's alternates
    (Google's format for localized versions). ``pages`` maps a language to its page files."""
    by_rel: dict[str, list[str]] = {}
    for lang, rels in pages.items():
        for rel in rels:
            by_rel.setdefault(rel, []).append(lang)
    order = list(pages)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for lang in order:
        for rel in sorted(pages[lang], key=lambda r: page_path(r, lang, default, use_directory_urls)):
            langs = [other for other in order if other in by_rel[rel]]
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(absolute_url(site_url, page_path(rel, lang, default, use_directory_urls)))}</loc>")
            if lastmod:
                lines.append(f"    <lastmod>{escape(lastmod)}</lastmod>")
            for alt in alternates(site_url, rel, langs, default, use_directory_urls):
                lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(alt.hreflang)} href={quoteattr(alt.url)}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    """Allow everything and name the sitemap (absolute, as robots.txt requires)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(site_url, 'sitemap.xml')}\n"


def language_root(base_url: str, lang: str, default: str) -> str:
    """The relative URL of a language's root from a page whose site root is ``base_url``
    (MkDocs' ``base_url``): ``("../..", "en", "de")`` → ``"../../en/"`` (a directory: browsers
    resolve ``search/…`` against it), ``("..", "de", "de")`` → ``".."`` (unchanged)."""
    if lang == default:
        return base_url
    return posixpath.normpath(posixpath.join(base_url or ".", lang)) + "/"
