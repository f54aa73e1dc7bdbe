"""Command line: ``python -m explainer ingest|check`` (run through ``make``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .check import run_check
from .diagnostics import ExplainerError, display_path
from .ingest import run_ingest
from .project import load_project


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
        print(finding, file=sys.stderr)
    if args.verbose:
        for notice in result.notices:
            print(f"note: {notice}")
    uncited = len(result.notices)
    print(f"check: {len(result.findings)} problem(s); {result.pages} pages, {result.citations} citations, "
          f"{result.quotes} quotes verified; {uncited} bibliography entr{'y' if uncited == 1 else 'ies'} cited by no page"
          + ("" if args.verbose or not uncited else " (-v lists them)"))
    return 1 if result.failed else 0


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; problems are printed as ``path:line: message — fix`` and exit 1."""
    parser = argparse.ArgumentParser(prog="explainer", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("ingest", help="parse the articles and merge their bibliographies").set_defaults(run=_ingest)
    check = sub.add_parser("check", help="run all offline checks")
    check.add_argument("-v", "--verbose", action="store_true", help="also list uncited bibliography entries")
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ExplainerError as err:
        for diagnostic in err.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
