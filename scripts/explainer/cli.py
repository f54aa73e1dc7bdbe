"""Command line: ``python -m explainer ingest|check`` (run through ``make``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .check import run_check
from .diagnostics import ExplainerError, display_path
from .ingest import run_ingest
from .project import load_project
from .translation import mark_synced, translation_status


def _ingest(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    report = run_ingest(project.sources)
    for notice in report.notices:
        print(notice, file=sys.stderr)
    for path in report.written:
        print(f"wrote {display_path(path)}")
    if report.added:
        print(f"added {len(report.added)} bibliography entr{'y' if len(report.added) == 1 else 'ies'}: "
              f"{', '.join(report.added)} — fill in what you can verify (title, publisher, date, language)")
    if not report.written:
        print("ingest: nothing changed")
    return 0


def _check(args: argparse.Namespace) -> int:
    result = run_check(load_project(args.root))
    for finding in result.findings:
        print(finding.long(), file=sys.stderr)
    if args.verbose:
        for notice in result.notices:
            print(f"note: {notice}")
    uncited = len(result.notices)
    print(f"check: {len(result.findings)} problem(s); {result.pages} pages, {result.citations} citations, "
          f"{result.quotes} quotes verified; {uncited} bibliography entr{'y' if uncited == 1 else 'ies'} cited by no page"
          + ("" if args.verbose or not uncited else " (-v lists them)"))
    return 1 if result.failed else 0


def _status(args: argparse.Namespace) -> int:
    rows = translation_status(load_project(args.root))
    if args.json:
        print(json.dumps([{"page": r.page, "lang": r.lang, "state": r.state, "outdated_sections": list(r.sections)}
                          for r in rows], ensure_ascii=False, indent=2))
    else:
        width = max([len(r.page) for r in rows] + [4])
        print(f"{'page'.ljust(width)}  lang  state")
        for row in rows:
            detail = f": {', '.join('#' + s for s in row.sections)}" if row.sections else ""
            print(f"{row.page.ljust(width)}  {row.lang.ljust(4)}  {row.state}{detail}")
        counts = {state: sum(r.state == state for r in rows) for state in ("in step", "outdated", "missing", "never synced")}
        print(", ".join(f"{n} {state}" for state, n in counts.items()))
    return 0 if all(r.state == "in step" for r in rows) else 1


def _sync(args: argparse.Namespace) -> int:
    if not args.targets and not args.all:
        print("sync: name pages (leak.md or leak.md#section) or use --all", file=sys.stderr)
        return 2
    marked = mark_synced(load_project(args.root), ["*"] if args.all else args.targets, args.lang or None)
    for item in marked:
        print(f"marked synced: {item}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; problems are printed as ``path:line: message — fix`` and exit 1."""
    parser = argparse.ArgumentParser(prog="explainer", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("ingest", help="parse the articles and merge their bibliographies").set_defaults(run=_ingest)
    check = sub.add_parser("check", help="run all offline checks")
    check.add_argument("-v", "--verbose", action="store_true", help="also list uncited bibliography entries")
    check.set_defaults(run=_check)
    status = sub.add_parser("status", help="translation status per page (exit 1 unless all in step)")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(run=_status)
    sync = sub.add_parser("sync", help="mark translations as synced with the current source text")
    sync.add_argument("targets", nargs="*", help="page.md or page.md#section-id")
    sync.add_argument("--all", action="store_true", help="every page")
    sync.add_argument("--lang", action="append", help="only this translated language (repeatable)")
    sync.set_defaults(run=_sync)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ExplainerError as err:
        for diagnostic in err.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
