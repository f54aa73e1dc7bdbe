"""Offline checks of a built site: LinkChecker over every internal link and anchor (served on
127.0.0.1), and no resource from another host."""

from __future__ import annotations

import posixpath
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from ..core.diagnostics import Diagnostic
from ..core.localserver import serve_directory
from ..linkcheck import runner

RESOURCE_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
                  "embed": "src", "object": "data", "link": "href"}
RESOURCE_RELS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
                 "manifest", "apple-touch-icon"}


def site_prefix(site: Path) -> str:
    """The path the site is built for (``/story/`` for ``site_url: https://example.org/story/``),
    from the addresses in its sitemap; ``/`` where it has none. Absolute links (the 404 page's)
    only resolve when the site is served there."""
    try:
        text = (site / "sitemap.xml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "/"
    paths = [urlsplit(loc).path or "/" for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text)]
    if not paths:
        return "/"
    common = posixpath.commonpath(paths)
    return common.rstrip("/") + "/" if common != "/" else "/"


def internal_link_findings(site: Path, start_pages: list[str], time_limit: float = 300) -> list[Diagnostic]:
    """Run LinkChecker over the site served on 127.0.0.1, at the path it was built for: every
    internal link must resolve.

    Fragments are checked by :func:`anchor_findings`: LinkChecker's AnchorCheck re-fetches the page
    for every distinct fragment (minutes for a site with numbered citations) and only warns.
    """
    settings = runner.Settings(recursion=-1, check_extern=False, anchors=False, robots=False, threads=8,
                                    per_host_rate=1000, timeout=10)
    prefix = site_prefix(site)
    with tempfile.TemporaryDirectory() as mount, serve_directory(_mounted(site, Path(mount), prefix)) as root:
        base = root.rstrip("/") + prefix
        rows = runner.run([base + page for page in start_pages], settings, time_limit)
    out = []
    for row in rows:
        local = row.final_url.startswith(base) or row.url.startswith(("/", "#", "..", "./")) or not urlsplit(row.url).scheme
        if not local and not row.url.startswith(base):
            continue
        parent = row.parent.replace(base, "").split("#")[0]
        where = str(site / (parent + "index.html" if not parent or parent.endswith("/") else parent))
        problem = None
        if not row.valid:
            problem = f"broken link {row.url!r}: {row.result}"
        if problem:
            out.append(Diagnostic(where, int(row.line) if row.line.isdigit() else None, problem,
                                  "fix the link or the heading ID it points to in docs/"))
    if not rows:
        out.append(Diagnostic(str(site), None, "LinkChecker reported nothing", "is the site built? run `make build`"))
    return out


def _mounted(site: Path, mount: Path, prefix: str) -> Path:
    """A folder in which ``site`` is found at ``prefix`` (a symbolic link); ``site`` itself for ``/``."""
    if prefix == "/":
        return site
    link = mount / prefix.strip("/")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(site.resolve(), target_is_directory=True)
    return mount


def _ids(soup: BeautifulSoup) -> set[str]:
    named = {str(a.get("name")) for a in soup.find_all("a", attrs={"name": True})}
    return {str(tag.get("id")) for tag in soup.find_all(id=True)} | named


def anchor_findings(site: Path) -> list[Diagnostic]:
    """Every ``#fragment`` of an internal link names an element ID on the target page."""
    soups = {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in sorted(site.rglob("*.html"))}
    ids = {path: _ids(soup) for path, soup in soups.items()}
    out = []
    for path, soup in soups.items():
        for link in soup.find_all("a", href=True):
            parts = urlsplit(str(link["href"]))
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = (path.parent / parts.path) if parts.path else path
            if target.is_dir() or parts.path.endswith("/"):
                target = target / "index.html"
            target = target.resolve()
            if target in ids and parts.fragment not in ids[target]:
                out.append(Diagnostic(str(path), None, f"link {link['href']!r} points to a missing anchor "
                                      f"#{parts.fragment}", "fix the link or the heading ID in docs/"))
    return out


def third_party_findings(site: Path) -> list[Diagnostic]:
    """Resources (scripts, styles, fonts, images, frames) a page would load from another host."""
    out = []
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in RESOURCE_ATTRS.items():
            for element in soup.find_all(tag):
                if tag == "link" and not RESOURCE_RELS & set(element.get("rel") or []):
                    continue
                value = str(element.get(attr) or "").strip()  # src, href, data: single-valued, so a str
                if re.match(r"^(https?:)?//", value):
                    out.append(Diagnostic(str(path), None, f"<{tag}> loads {value} from another host",
                                          "self-host it under docs/assets/ or remove it"))
    for path in sorted(site.rglob("*.css")):
        for match in re.finditer(r"url\(\s*['\"]?((?:https?:)?//[^)'\"\s]+)", path.read_text(encoding="utf-8")):
            out.append(Diagnostic(str(path), None, f"stylesheet loads {match.group(1)} from another host",
                                  "self-host it or remove it"))
    return out
