"""Handing the database file between processes: who holds it, and asking a long holder to let go.

DuckDB lets one process at a time open a file for writing and refuses every other process,
readers included; its refusal names the holder's PID. `holder_of` turns that refusal into a
`Holder` (PID, program, when the process started, since when it was seen holding the file) for
the busy page and the error messages.

The web app keeps the file open between requests (`shared.SharedDatabase`). Another coachloop
process that finds the file locked writes a request beside it (`ask`: `<db>.wanted`), the web app
closes the file between two requests (`asker`), and the asker removes the request once it has
closed the file again, or given up (`withdraw`): until then the web app does not try to open it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psutil

_REFUSAL = re.compile(r"conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)", re.IGNORECASE)
REQUEST_MAX_AGE_S = 30.0  # an older request is left over from a process that did not withdraw it


@dataclass(frozen=True)
class Holder:
    """The process holding the database file, as far as this machine can tell."""

    pid: int | None
    program: str  # "coachloop run", "duckdb", "python3.11": never a path
    started_at: datetime | None  # when that process started
    held_since: datetime  # when this process first found the file held (it may have been earlier)

    def describe(self) -> str:
        who = f"{self.program} (PID {self.pid})" if self.pid else "another process"
        started = f", running since {self.started_at:%H:%M:%S}" if self.started_at else ""
        return f"{who}{started}, holding the database since at least {self.held_since:%H:%M:%S}"


def holder_of(refusal: str, held_since: datetime) -> Holder:
    """The holder named in DuckDB's refusal to open the file ("Conflicting lock is held in … (PID n)")."""
    match = _REFUSAL.search(refusal)
    if not match:
        return Holder(None, "another process", None, held_since)
    return process_holder(int(match["pid"]), held_since, Path(match["program"]).name)


def process_holder(pid: int, held_since: datetime, program: str = "another process") -> Holder:
    """The process `pid` as a `Holder`: its program and start time where this machine can tell."""
    started_at = None
    try:
        process = psutil.Process(pid)
        program = _program(process.cmdline()) or program
        started_at = datetime.fromtimestamp(process.create_time())
    except (psutil.Error, OSError):
        pass  # gone since, or not ours to inspect: DuckDB's words are what is known
    return Holder(pid, program, started_at, held_since)


def _program(command_line: list[str]) -> str:
    """ "coachloop SUBCOMMAND" for coachloop's own processes, else the program's name (no paths)."""
    if not command_line:
        return ""
    for index, part in enumerate(command_line):
        if part == "pipeline.cli" or Path(part).name == "coachloop":
            subcommand = next((arg for arg in command_line[index + 1 :] if not arg.startswith("-")), "")
            return f"coachloop {Path(subcommand).name}".strip()
    return Path(command_line[0]).name


def request_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wanted")


def ask(db_path: Path) -> None:
    """Ask the process keeping the file open to close it (the web app watches for this)."""
    request = request_path(db_path)
    partial = request.with_name(f"{request.name}.{os.getpid()}")
    try:
        partial.write_text(json.dumps({"pid": os.getpid(), "asked_at": datetime.now().timestamp()}))
        partial.replace(request)
    except OSError as error:  # a read-only folder: the holder is simply waited for
        print(f"coachloop: cannot ask for {db_path}: {error}", file=sys.stderr)


def withdraw(db_path: Path) -> None:
    """Remove this process's request, if it is still the one beside the file."""
    request = request_path(db_path)
    if _requester(request) == os.getpid():
        request.unlink(missing_ok=True)


def asker(db_path: Path) -> int | None:
    """The PID of the other live process asking for the file now (it holds it once it has it), or None."""
    pid = _requester(request_path(db_path))
    return pid if pid is not None and pid != os.getpid() and psutil.pid_exists(pid) else None


def _requester(request: Path) -> int | None:
    try:
        found = json.loads(request.read_text())
        if datetime.now().timestamp() - float(found["asked_at"]) > REQUEST_MAX_AGE_S:
            return None
        return int(found["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
