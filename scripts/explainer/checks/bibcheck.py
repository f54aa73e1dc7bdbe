"""Bibliography hygiene (part of ``make check``): clean URLs, no duplicates but syndicated copies,
no entry that nothing cites or lists."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from ..core.diagnostics import Diagnostic
from ..model.ids import work_key
from ..model.library import Library

TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_[ce]id|igshid|yclid|_hsenc|_hsmi|mkt_tok|ref_src)$")


def bibliography_findings(library: Library, cited: set[str]) -> list[Diagnostic]:
    """URLs without tracking parameters, duplicates only as syndicated copies, every entry cited or
    listed by an article, http only with a reason."""
    out = []
    seen_urls: dict[str, str] = {}
    seen_keys: dict[tuple[str, str], str] = {}
    for work in library.works.values():
        where = (work.defined_in, work.line)
        for url in filter(None, (work.url, work.archive_url)):
            params = [k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True) if TRACKING.match(k)]
            if params:
                out.append(Diagnostic(*where, f"'{work.id}': tracking parameter(s) {', '.join(params)} in {url}",
                                      "remove them from the URL"))
        if work.url and work.url in seen_urls:  # articles may have no URL: none is not the same URL
            out.append(Diagnostic(*where, f"'{work.id}' has the same URL as '{seen_urls[work.url]}'",
                                  "keep one entry and cite it everywhere"))
        if work.url:
            seen_urls.setdefault(work.url, work.id)
        key = work_key(work.url) if work.url and work.kind != "article" else None
        if key and key in seen_keys and work.same_as is None:
            out.append(Diagnostic(*where, f"'{work.id}' looks like a copy of '{seen_keys[key]}' (same article id)",
                                  f"say so with same_as: {seen_keys[key]}, or run `make ingest`"))
        if key:
            seen_keys.setdefault(key, work.id)
        if work.kind == "further" and work.id not in cited:
            out.append(Diagnostic(*where, f"'{work.id}' is neither cited by a page nor listed by a source article",
                                  "cite it, or remove the entry"))
    return out
