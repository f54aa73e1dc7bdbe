"""The ``explainer`` command: ``explainer init|check|add|ingest|status|sync|new-page|linkcheck|sitecheck`` (``make`` runs it)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.diagnostics import USAGE_EXIT, ExplainerError, display_path, fail

if TYPE_CHECKING:
    from ..core.project import Project

# Each command imports what it needs when it runs: the checks, MkDocs' configuration, Babel, the
# HTTP client and the parsers together cost half a second of start-up, and `make new-page`, `make
# sync` or a refused command need few of them.


def _project(args: argparse.Namespace) -> Project:
    """The project at ``--root``, read once (its words, locales and folders travel with it)."""
    from ..plugin.project import load_project

    return load_project(args.root)


def _ingest(args: argparse.Namespace) -> int:
    from ..model.ingest import run_ingest

    project = _project(args)
    report = run_ingest(project.sources)
    for notice in report.notices:
        print(notice, file=sys.stderr)
    for path in report.written:
        print(f"wrote {display_path(path)}")
    for path in report.removed:
        print(f"removed {display_path(path)} (its article is no longer in articles.yml)")
    for article_id, digest in report.unpinned.items():
        print(f"{display_path(project.sources / 'articles.yml')}: '{article_id}' has no sha256 — pin the text as "
              f"received: sha256: {digest}")
    if report.added:
        print(f"added {len(report.added)} bibliography entr{'y' if len(report.added) == 1 else 'ies'}: "
              f"{', '.join(report.added)} — fill in what you can verify (title, publisher, date, language)")
    if not report.written and not report.removed:
        print("ingest: nothing changed")
    return 0


def _add(args: argparse.Namespace) -> int:
    from ..core.http import Client, HttpSettings
    from ..model.add import add_source, outline  # trafilatura and pypdf: only for this command

    project = _project(args)
    with Client(HttpSettings(timeout=args.timeout, max_bytes=int(args.max_mb * 1024 * 1024))) as client:
        report = add_source(project.sources, args.source, args.id, client)
    for notice in report.ingest.notices:
        print(notice, file=sys.stderr)
    print(f"stored {display_path(report.stored)} (sha256 {report.sha256}, pinned in "
          f"{display_path(project.sources / 'articles.yml')} as '{report.id}')")
    for path in report.ingest.written:
        print(f"wrote {display_path(path)}")
    for line in outline(report.article):
        print(line)
    if report.unconfirmed:
        print(f"next: confirm {', '.join(report.unconfirmed)} against the source in articles.yml (remove each from "
              "'unconfirmed' once checked; `make check` lists them until then); fill in what is null if you can verify it")
    else:
        print("next: fill in title, publisher, date and language in articles.yml if you can verify them")
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..model.importer import run_import

    project = _project(args)
    report = run_import(project.sources, args.file, write=not args.dry_run)
    for notice in report.notices:
        print(notice, file=sys.stderr)
    bib = display_path(project.sources / "bibliography.yml")
    parts = [f"{len(ids)} {what}" + (f" ({', '.join(ids)})" if ids else "")
             for what, ids in (("added", report.added), ("completed", report.completed),
                               ("skipped", report.skipped), ("conflicting", report.conflicting))]
    print(f"import {display_path(args.file)}: " + ", ".join(parts))
    if report.written:
        print(f"wrote {bib}" + (" — fill in what you can verify (publisher, date, language)" if report.added else ""))
    elif args.dry_run and (report.added or report.completed):
        print(f"dry run: {bib} not written")
    else:
        print(f"import: nothing changed in {bib}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from ..checks.run import run_check

    result = run_check(_project(args))
    for warning in result.warnings:
        print(warning if ": warning: " in warning else f"warning: {warning}", file=sys.stderr)
    for finding in result.findings:
        print(finding.long(), file=sys.stderr)
    for note in result.unconfirmed:
        print(f"note: {note}")
    if args.verbose:
        for notice in result.notices:
            print(f"note: {notice}")
    uncited = len(result.notices)
    print(f"check: {len(result.findings)} problem(s); {result.pages} pages, {result.citations} citations, "
          f"{result.quotes} quotes verified" + (f", {result.quotes_failed} not" if result.quotes_failed else "")
          + f"; {uncited} bibliography entr{'y' if uncited == 1 else 'ies'} cited by no page"
          + ("" if args.verbose or not uncited else " (-v lists them)"))
    return 1 if result.failed else 0


def _status(args: argparse.Namespace) -> int:
    from ..checks.translation import load_pairs, translation_status_of

    project = _project(args)
    pairs = load_pairs(project)
    for error in pairs.errors:  # why a page is "unreadable"
        print(error, file=sys.stderr)
    rows = translation_status_of(project, pairs)
    if args.json:
        print(json.dumps([{"page": r.page, "lang": r.lang, "state": r.state, "outdated_sections": list(r.sections)}
                          for r in rows], ensure_ascii=False, indent=2))
    else:
        width = max([len(r.page) for r in rows] + [4])
        print(f"{'page'.ljust(width)}  lang  state")
        for row in rows:
            detail = f": {', '.join('#' + s for s in row.sections)}" if row.sections else ""
            print(f"{row.page.ljust(width)}  {row.lang.ljust(4)}  {row.state}{detail}")
        counts = {state: sum(r.state == state for r in rows)
                  for state in ("in step", "outdated", "missing", "never synced", "unreadable")}
        print(", ".join(f"{n} {state}" for state, n in counts.items() if n or state != "unreadable"))
    return 0 if all(r.state == "in step" for r in rows) and not pairs.errors else 1


def _sync(args: argparse.Namespace) -> int:
    from ..checks.translation import mark_synced

    project = _project(args)
    if not args.targets and not args.all:
        lang = (project.translated_languages or ("fr",))[0]
        print(f"sync: name the translations ({lang}/index.md, or index.md#section with --lang {lang}) or use --all",
              file=sys.stderr)
        return 2
    result = mark_synced(project, ["*"] if args.all else args.targets, args.lang or None, args.all_languages,
                         force=args.force)
    for item in result.unchanged:
        print(item)
    for item in result.marked:
        print(f"marked synced: {item}")
    for item in result.forgotten:
        print(f"forgot {project.docs_dir}/{item}: the page no longer exists")
    return 0


def _linkcheck(args: argparse.Namespace) -> int:
    from ..core.yamlio import write_atomic
    from ..linkcheck import online, runner
    from ..model.library import load_library

    project = _project(args)
    targets = (online.read_url_list(args.urls) if args.urls
               else online.collect_targets(project, load_library(project.sources)))
    settings = runner.Settings(timeout=args.timeout, per_host_rate=args.per_host_rate,
                               per_host_parallel=args.per_host_parallel, processes=args.processes)
    results = online.check(targets, settings, args.budget, retries=args.retries, backoff=args.backoff)
    if online.no_network(results):
        print(f"linkcheck: no network: none of {len(results)} URLs could be reached; nothing recorded", file=sys.stderr)
        return online.NO_NETWORK_EXIT
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    state = online.confirm(results, targets, args.state, today)
    ordered = online.finish(results, targets)
    json_path, md_path = online.write_reports(ordered, args.reports, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    write_atomic(args.state, json.dumps(state, indent=2) + "\n")
    counts = {status: sum(r.status == status for r in ordered) for status in online.STATUSES}
    print(f"linkcheck: {len(ordered)} URLs: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
          + f"; reports in {display_path(json_path)} and {display_path(md_path)}")
    new = [r for r in ordered if r.newly_confirmed]
    for result in new:
        print(online.confirmed_line(result), file=sys.stderr)
    return online.NEWLY_BROKEN_EXIT if new else 0


def _archive(args: argparse.Namespace) -> int:
    from ..linkcheck import archive  # ruamel.yaml and the web: only for this command
    from ..model.library import load_library

    project = _project(args)
    library = load_library(project.sources)
    settings = archive.SpnSettings.from_env(endpoint=args.endpoint, budget=args.budget, timeout=args.timeout,
                                            capture_limit=args.capture_limit, poll=args.poll, interval=args.interval)
    if not re.match(r"^https?://[^/\s]+", settings.endpoint):
        where = "--endpoint" if args.endpoint else archive.ENDPOINT_ENV
        raise fail(where, None, f"not an http(s) URL: {settings.endpoint!r}",
                   f"give the service's address, e.g. {archive.DEFAULT_ENDPOINT}")
    todo, skipped = archive.candidates(project, library, args.state)
    for url, why in skipped:
        print(f"archive: skipped {url}: {why}")
    if not todo:
        print("archive: every cited URL has an archived copy or is skipped; nothing to do")
        return 0
    if args.dry_run:
        for candidate in todo:
            print(f"archive: would ask for {candidate.url} ({', '.join(candidate.ids)})")
        print(f"archive: dry run: {len(todo)} URL(s) to capture with {settings.endpoint}; nothing asked, nothing written")
        return 0
    try:
        report = archive.run_archive(project, library, archive.SavePageNow(settings), args.state)
    except archive.NoNetworkError as err:
        print(f"archive: no network: the Save Page Now service at {settings.endpoint} cannot be reached ({err}); "
              "nothing changed", file=sys.stderr)
        return archive.NO_NETWORK_EXIT
    saved = [o for o in report.outcomes if o.archive_url]
    failed = [o for o in report.outcomes if o.problem]
    if report.stopped:
        print(f"archive: stopped: {report.stopped}; {len(report.left)} URL(s) left for the next run", file=sys.stderr)
    print(f"archive: {len(saved)} saved ({sum(bool(o.recorded) for o in saved)} recorded), {len(failed)} failed, "
          f"{len(report.left)} left, {len(skipped)} skipped")
    return 0


def _sitecheck(args: argparse.Namespace) -> int:
    from ..site import sitecheck  # here, not above: BeautifulSoup is slow to import and `check` needs none
    project = _project(args)
    site = args.site
    if not (site / "index.html").exists():
        print(fail(site, None, "no built site here", "run `make build` first").diagnostics[0], file=sys.stderr)
        return 1
    starts = ["index.html"] + [f"{lang}/index.html" for lang in project.languages[1:]] + ["404.html"]
    findings = (sitecheck.internal_link_findings(site, starts) + sitecheck.anchor_findings(site.resolve())
                + sitecheck.third_party_findings(site))
    for finding in findings:
        print(finding, file=sys.stderr)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"sitecheck: {len(findings)} problem(s) in {pages} HTML files (internal links and anchors by LinkChecker "
          "on 127.0.0.1; resources from other hosts)")
    return 1 if findings else 0


def _titles(items: list[str], option: str) -> dict[str, str]:
    """``LANG=TEXT`` items (empty texts left out: an unset make variable gives ``de=``)."""
    titles: dict[str, str] = {}
    for item in items:
        lang, sep, title = item.partition("=")
        if not sep:
            raise fail(option, None, f"{option} takes LANG=TEXT, not {item!r}", 'write e.g. TITLES="de=Häufige Fragen;en=FAQ"')
        if title.strip():
            if lang.strip() in titles:
                raise fail(option, None, f"two titles for {lang.strip()!r}", "give one title per language")
            titles[lang.strip()] = title
    return titles


def _new_page(args: argparse.Namespace) -> int:
    from ..lang.l10n import language_name
    from ..scaffold.newpage import new_page

    project = _project(args)
    items = list(args.title or [])
    for group in args.titles or []:
        items += [item for item in group.split(";") if item.strip()]
    written = new_page(project, args.slug, _titles(items, "TITLES"))
    for path in written:
        print(f"wrote {display_path(path)}")
    source = language_name(project.default_language, "en")
    others = ", ".join(language_name(lang, "en") for lang in project.translated_languages)
    synced = " and ".join(f"`make sync ARGS={lang}/{args.slug}.md`" for lang in project.translated_languages)
    print(f"next: write the {source} page ({project.docs_dir}/{project.default_language}/{args.slug}.md), fill in 'description' "
          f"in every language, translate it into {others or 'the other languages'}, then {synced or 'check it'}")
    return 0


def _init(args: argparse.Namespace) -> int:
    from ..lang.l10n import language_name
    from ..scaffold.init import init_project, parse_languages, parse_site_url, parse_titles, start_git

    languages = parse_languages(args.languages)
    items = list(args.title or []) + [item for group in args.titles or [] for item in group.split(";") if item.strip()]
    titles = parse_titles(items, languages)
    site_url = parse_site_url(args.site_url)
    written = init_project(args.directory, languages, titles, args.generator, site_url)
    print(f"wrote {len(written)} files into {display_path(args.directory)}: a {len(languages)}-language explainer "
          f"with {language_name(languages[0], 'en')} as its source language")
    if start_git(args.directory):
        print("started a git repository there: a page's \"last updated\" date is the commit that brought its text in "
              "(a page not yet committed shows no date)")
    else:
        print("no git here: the build keeps each page's dates in page-dates.lock (commit or keep that file)")
    if site_url is None:
        print("no --site-url: `make serve` and `make check` work; `make build` asks for the address the site will be "
              "published at (site_url in mkdocs.yml, or SITE_URL)")
    print(f"next: cd {display_path(args.directory)} && make serve   (then read README.md and sources/README.md)")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from ..plugin import serve  # MkDocs and the whole plugin: only for the preview

    return serve.main(args.mkdocs_args)


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; problems are printed as ``path:line: message — fix`` and exit 1."""
    parser = argparse.ArgumentParser(prog="explainer", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("ingest", help="parse the articles and merge their bibliographies").set_defaults(run=_ingest)
    add = sub.add_parser("add", help="store a URL, a saved web page (.html) or a PDF as a source, pinned, and ingest it")
    add.add_argument("source", help="https://… address, or a .html, .pdf, .txt or .md file")
    add.add_argument("--id", help="the article's id (default: made from its title)")
    add.add_argument("--timeout", type=float, default=20.0, help="time limit per request in seconds")
    add.add_argument("--max-mb", type=float, default=20.0, help="refuse a document larger than this (MB)")
    add.set_defaults(run=_add)
    imp = sub.add_parser("import", help="add a CSL-JSON or BibTeX export (Zotero, pandoc) to the bibliography")
    imp.add_argument("file", type=Path, help="refs.json (CSL-JSON) or refs.bib (BibTeX/BibLaTeX)")
    imp.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    imp.set_defaults(run=_import)
    check = sub.add_parser("check", help="run all offline checks")
    check.add_argument("-v", "--verbose", action="store_true", help="also list uncited bibliography entries")
    check.set_defaults(run=_check)
    status = sub.add_parser("status", help="translation status per page (exit 1 unless all in step)")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(run=_status)
    sync = sub.add_parser("sync", help="mark translations as synced with the current source text")
    sync.add_argument("targets", nargs="*", help="lang/page.md, or page.md or page.md#section-id with --lang")
    sync.add_argument("--all", action="store_true", help="every page")
    sync.add_argument("--lang", action="append", help="this translated language (repeatable; or name it: fr/index.md)")
    sync.add_argument("--all-languages", action="store_true", help="every translated language (with several)")
    sync.add_argument("--force", action="store_true",
                      help="also mark sections whose translation is unchanged since the last sync (it needs no change)")
    sync.set_defaults(run=_sync)
    page = sub.add_parser("new-page", help="create a page in every language and add it to the navigation")
    page.add_argument("slug", help="file name without .md, e.g. open-questions")
    page.add_argument("--title", action="append", metavar="LANG=TEXT", help="the page title in one language (repeat)")
    page.add_argument("--titles", action="append", metavar="LANG=TEXT;LANG=TEXT",
                      help="the titles in every language, separated by ';'")
    page.set_defaults(run=_new_page)
    preview = sub.add_parser("serve", help="preview the site (mkdocs serve that shows build errors in the browser)",
                             add_help=False)
    preview.add_argument("mkdocs_args", nargs=argparse.REMAINDER, help="options of mkdocs serve, e.g. --dev-addr")
    preview.set_defaults(run=_serve)
    init = sub.add_parser("init", help="start a new explainer in an empty folder")
    init.add_argument("directory", type=Path, help="the new project's folder (missing or empty)")
    init.add_argument("--languages", required=True, metavar="de,en",
                      help="the languages, the source language first (it is published at /)")
    init.add_argument("--title", action="append", metavar="LANG=TEXT", help="the site's title in one language (repeat)")
    init.add_argument("--titles", action="append", metavar="LANG=TEXT;LANG=TEXT", help="the titles, separated by ';'")
    init.add_argument("--site-url", metavar="URL", help="the address the site will be published at "
                      "(https://example.org/story/); `make build` needs it, `make serve` does not")
    init.add_argument("--generator", metavar="REQUIREMENT",
                      help="the pip requirement the new project installs the generator with "
                           "(default: this version, mkdocs-explainer==VERSION)")
    init.set_defaults(run=_init)
    site = sub.add_parser("sitecheck", help="offline checks of a built site: internal links, anchors, third parties")
    site.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)")
    site.set_defaults(run=_sitecheck)
    links = sub.add_parser("linkcheck", help="check every citation URL online (LinkChecker)")
    links.add_argument("--urls", type=Path, help="check the URLs in this file (one per line) instead")
    links.add_argument("--reports", type=Path, default=Path("reports"), help="where the reports go")
    links.add_argument("--state", type=Path, default=Path("reports/linkcheck-state.json"),
                       help="failures seen in earlier runs (to confirm a broken link a day later)")
    links.add_argument("--budget", type=float, default=900, help="total time limit in seconds")
    links.add_argument("--timeout", type=int, default=15, help="time limit per request in seconds")
    links.add_argument("--processes", type=int, default=8, help="LinkChecker processes at once")
    links.add_argument("--per-host-parallel", type=int, default=2, help="parallel requests to one host at most")
    links.add_argument("--per-host-rate", type=float, default=2.0, help="requests per second per host")
    links.add_argument("--retries", type=int, default=2, help="re-checks of rate-limited, failing or slow URLs")
    links.add_argument("--backoff", type=float, default=5.0, help="seconds before the first re-check (doubles)")
    links.add_argument("--today", help=argparse.SUPPRESS)
    links.set_defaults(run=_linkcheck, error_exit=USAGE_EXIT)
    save = sub.add_parser("archive", help="ask the Internet Archive to save every cited page without an archive_url")
    save.add_argument("--endpoint", help="the Save Page Now service (default: $EXPLAINER_SPN_ENDPOINT or "
                                         "https://web.archive.org)")
    save.add_argument("--state", type=Path, default=Path("reports/linkcheck-state.json"),
                      help="make linkcheck's state: pages found broken or with changed quotes are not captured")
    save.add_argument("--budget", type=float, default=1800, help="total time limit in seconds")
    save.add_argument("--timeout", type=float, default=60, help="time limit per request in seconds")
    save.add_argument("--capture-limit", type=float, default=300, help="seconds one capture may take")
    save.add_argument("--poll", type=float, default=6, help="seconds between status requests")
    save.add_argument("--interval", type=float, default=10, help="seconds between two captures")
    save.add_argument("--dry-run", action="store_true", help="list what would be captured; ask and write nothing")
    save.set_defaults(run=_archive, error_exit=USAGE_EXIT)
    argv = sys.argv[1:] if argv is None else argv
    at = _command_index(argv)
    if at is not None and argv[at] == "serve":  # the rest belongs to mkdocs serve
        args = parser.parse_args([*argv[:at], "serve"])
        args.mkdocs_args = argv[at + 1:]
    else:
        args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ExplainerError as err:
        for diagnostic in err.diagnostics:
            print(diagnostic, file=sys.stderr)
        return getattr(args, "error_exit", 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`explainer status --json | head`): end quietly, as other commands do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _command_index(argv: list[str]) -> int | None:
    """Where the subcommand stands in ``argv``: the first word that is not an option of ``explainer``
    itself (``--root DIR`` takes the word after it). ``explainer new-page serve`` is new-page's."""
    at = 0
    while at < len(argv):
        word = argv[at]
        if word == "--root":
            at += 2
        elif word.startswith("-"):
            at += 1
        else:
            return at
    return None
