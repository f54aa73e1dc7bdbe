"""When each page was published and last changed in substance, from a reproducible source.

In a git work tree, a page was published with the first commit that added its file and last
changed with the commit that brought in its present text; commits that only changed whitespace
do not count (the text is compared with its whitespace collapsed, as ``translations.lock`` compares
it). A page changed since the last commit, or not committed at all, has no date yet: it gets none
(no "last updated", no dates in its JSON-LD, no feed entry) rather than an invented one, until its
text is committed.

Without git (a tarball, a copy), a ledger keeps the same facts: ``page-dates.lock`` next to
``mkdocs.yml`` records each page's hash with the date it was first seen and the date its text
last changed; a successful build adds what is new, dated with the build's time (the real time, or
``SOURCE_DATE_EPOCH`` where it is set). Either way the same files and the same ledger give the
same dates, so builds stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import Diagnostic

LEDGER_NAME = "page-dates.lock"
LEDGER_MARK = "kept by the build where there is no git: each page's hash, when it was first seen and last changed"


@dataclass(frozen=True)
class PageDates:
    """When a page was first published and when its text last changed in substance (UTC)."""

    published: dt.datetime
    updated: dt.datetime


@dataclass
class History:
    """Every page's dates (by its path below ``docs/``: ``en/report.md``), where they come from
    (``git`` or ``ledger``), the ledger text to write (None: unchanged) and any problem."""

    dates: dict[str, PageDates]
    source: str
    ledger: str | None = None
    problems: list[Diagnostic] | None = None


def substance(text: str) -> str:
    """The hash of a page's text with its whitespace collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def iso(moment: dt.datetime) -> str:
    """``2026-12-03T09:30:00Z``: a UTC time as Atom, JSON-LD and the ledger write it."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _parse_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


class _Blobs:
    """Files at commits, read through one ``git cat-file --batch`` (paths relative to ``folder``)."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=folder, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)

    def read(self, commit: str, path: str) -> bytes | None:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(f"{commit}:./{path}\n".encode())
        self.process.stdin.flush()
        header = self.process.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            return None
        data = self.process.stdout.read(int(header[2]))
        self.process.stdout.read(1)
        return data

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def _git_history(docs: Path, texts: dict[str, str], now: dt.datetime) -> History | None:
    """The dates from git, or None where ``docs`` is not in a git work tree with a commit. Two
    processes in all: the log of ``docs`` (paths relative to it) and one ``cat-file --batch``."""
    if shutil.which("git") is None:
        return None
    log = _git(["log", "--relative", "--format=%x1e%H %ct", "--name-only", "--no-renames", "--", "."], docs)
    if log is None:  # not a work tree, or no commit yet
        return None
    commits: dict[str, list[tuple[str, int]]] = {}  # path below docs → (commit, time), newest first
    for record in log.split("\x1e")[1:]:
        lines = [line for line in record.splitlines() if line.strip()]
        sha, stamp_text = lines[0].split()
        for path in lines[1:]:
            commits.setdefault(path, []).append((sha, int(stamp_text)))
    dates = {}
    blobs: _Blobs | None = None
    try:
        for rel, text in texts.items():
            history = commits.get(rel)
            if not history:  # never committed: no date yet
                continue
            published = dt.datetime.fromtimestamp(history[-1][1], dt.UTC)
            blobs = blobs or _Blobs(docs)
            current = substance(text)
            newest = blobs.read(history[0][0], rel)
            if newest is None or substance(newest.decode("utf-8", "replace")) != current:
                continue  # changed since the last commit: when it will be published is not known yet
            introduced = history[0][1]
            for sha, stamp in history[1:]:
                older = blobs.read(sha, rel)
                if older is None or substance(older.decode("utf-8", "replace")) != current:
                    break
                introduced = stamp
            dates[rel] = PageDates(published, dt.datetime.fromtimestamp(introduced, dt.UTC))
    finally:
        if blobs is not None:
            blobs.close()
    return History(dates, "git")


def _ledger_history(ledger: Path, texts: dict[str, str], now: dt.datetime) -> History:
    """The dates from the ledger, with the pages it does not know yet (or whose text changed)
    dated ``now``; the new ledger text when anything changed."""
    problems: list[Diagnostic] = []
    known: dict = {}
    old_text = None
    if ledger.exists():
        try:
            old_text = ledger.read_text(encoding="utf-8")
            known = json.loads(old_text).get("pages", {})
            for entry in known.values():
                _parse_iso(entry["published"]), _parse_iso(entry["updated"]), str(entry["hash"])
        except (OSError, UnicodeDecodeError, ValueError, AttributeError, KeyError, TypeError) as err:
            problems.append(Diagnostic(str(ledger), None, f"not a page-dates ledger ({err})",
                                       "restore it from a backup, or delete it: every page is then dated anew"))
            known = {}
    dates = {}
    pages = {}
    for rel, text in sorted(texts.items()):
        digest = substance(text)
        entry = known.get(rel)
        if entry is None:
            published = updated = now
        else:
            published = _parse_iso(entry["published"])
            updated = _parse_iso(entry["updated"]) if entry["hash"] == digest else now
        dates[rel] = PageDates(published, updated)
        pages[rel] = {"hash": digest, "published": iso(published), "updated": iso(updated)}
    new_text = json.dumps({"_generated": LEDGER_MARK, "pages": pages}, ensure_ascii=False, indent=2) + "\n"
    return History(dates, "ledger", None if new_text == old_text or problems else new_text, problems)


def page_history(docs: Path, texts: dict[str, str], ledger: Path, now: dt.datetime) -> History:
    """Every page's dates: ``texts`` maps a page's path below ``docs`` (``en/report.md``) to its
    text; ``now`` is the build's time (for what no commit or ledger entry dates)."""
    return _git_history(docs, texts, now) or _ledger_history(ledger, texts, now)
