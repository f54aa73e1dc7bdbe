"""Running the real LinkChecker and reading its CSV output."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import fail


@dataclass(frozen=True)
class Row:
    """One checked URL as LinkChecker reports it."""

    url: str  # as written in the page
    parent: str
    result: str  # "200 OK", "404 Not Found", "ConnectionError: …", "syntax OK"
    warnings: str
    info: str
    valid: bool
    final_url: str
    line: str
    name: str


@dataclass(frozen=True)
class Settings:
    """LinkChecker settings: time limits and per-host politeness."""

    timeout: int = 10
    threads: int = 1  # per process: LinkChecker's throttle serialises requests anyway
    per_host_rate: float = 4.0  # requests per second per host (LinkChecker's maxrequestspersecond)
    per_host_parallel: int = 2  # LinkChecker processes that may query one host at the same time
    processes: int = 8  # LinkChecker processes at once
    recursion: int = 1
    check_extern: bool = True
    anchors: bool = False
    robots: bool = True


def linkchecker_command() -> str:
    """The ``linkchecker`` executable beside the running Python, or on PATH."""
    beside = Path(sys.executable).parent / "linkchecker"
    found = str(beside) if beside.exists() else shutil.which("linkchecker")
    if not found:
        raise fail("requirements.lock", None, "linkchecker is not installed", "run `make setup`")
    return found


def _config(settings: Settings) -> str:
    lines = ["[checking]", f"timeout={settings.timeout}", f"threads={settings.threads}",
             f"maxrequestspersecond={settings.per_host_rate}", f"robotstxt={int(settings.robots)}",
             "[output]", "status=0"]
    if settings.anchors:
        lines += ["[AnchorCheck]"]
    return "\n".join(lines) + "\n"


def run(start_urls: list[str], settings: Settings, time_limit: float) -> list[Row]:
    """Check ``start_urls`` (and what they link to, to ``settings.recursion``); every URL reported."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "linkcheckerrc"
        config.write_text(_config(settings), encoding="utf-8")
        Path(tmp).chmod(0o755)
        config.chmod(0o644)
        args = [linkchecker_command(), "--config", str(config), "--output", "csv", "--verbose", "--no-status",
                f"--recursion-level={settings.recursion}"]
        if settings.check_extern:
            args.append("--check-extern")
        try:
            done = subprocess.run([*args, *start_urls], capture_output=True, text=True, timeout=time_limit)
        except subprocess.TimeoutExpired as err:
            output = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
            return parse_csv(output)
    return parse_csv(done.stdout)


def parse_csv(output: str) -> list[Row]:
    """Rows of LinkChecker's ``--output csv`` (comment lines skipped)."""
    body = "\n".join(line for line in output.splitlines() if not line.startswith("#"))
    rows = []
    for record in csv.DictReader(io.StringIO(body), delimiter=";"):
        if not record.get("urlname"):
            continue
        rows.append(Row(url=record["urlname"], parent=record.get("parentname") or "", result=record.get("result") or "",
                        warnings=record.get("warningstring") or "", info=record.get("infostring") or "",
                        valid=record.get("valid") == "True", final_url=record.get("url") or record["urlname"],
                        line=record.get("line") or "", name=record.get("name") or ""))
    return rows


HTTP_STATUS = re.compile(r"^(\d{3})\b")
RETRY_AFTER = re.compile(r"Retry-After: (\d+)")


def http_status(row: Row) -> int | None:
    """The HTTP status code of a row, if it has one."""
    match = HTTP_STATUS.match(row.result)
    return int(match.group(1)) if match else None
