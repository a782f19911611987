"""One DuckDB instance for a serving process: opened once, lent to its threads, let go on request.

Opening the database file costs tens of milliseconds (the catalog and its views are read each
time), more than most of a page's queries, so the web app keeps one read-write instance open and
lends each store call a cursor of it: reads run side by side, writes take turns in short
transactions. Keeping the file open would lock the nightly batch out, so the instance is closed
between two requests as soon as another coachloop process asks for the file (`handoff.ask`), and
opened again once that process has had its turn.

While another process holds the file, reads that accept it (`stale_ok`) are served from the
analysts' snapshot at once, and every request sees `snapshot_reads` name the copy it read; a
page's reads that must be live (sessions, accounts) raise `StoreBusyError` naming the holder at
once, for the caller to use what it read before; writes wait up to `wait_s`. Pages never wait on
the file's opening: while another process is known to hold it, only the watcher thread tries to
open it again, outside the lock the requests share (a refused attempt costs about as much as an
opening, ~10 ms).

`data_version` moves whenever what a page reads may have changed: after each write of this
process (but for the sessions' bookkeeping, `changes_pages`), and when the file is opened again
after another process may have written to it (its size or times differ from when it was closed).
While the other process goes on running (the nightly batch, loading call after call), its
changes are taken in at most every `refresh_s` seconds rather than at each of its calls, so that
pages are not all read again every few seconds: meanwhile `behind_since` says since when what a
page read before may be behind (for a team's pages, when that team's reps' data changed), and the
page says so. Once that process has ended, its last
changes are taken in at the next read. What another process changed is read from the rows it
recorded (`store.changes`): a change of some reps' data moves `version_for` those reps alone, so
the pages of the other teams stay as read; a change that may show anywhere moves every version.

`own_version` moves with this process's writes alone: a page read before another process took
the file is still what this server last saw of it unless this server wrote since. The web app
keeps page reads per version (`pipeline.web.readcache`).
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path

import duckdb
import psutil

from pipeline.errors import StoreBusyError
from pipeline.store import changes, handoff
from pipeline.store.schema import latest_version

# Every connection: a table name the database lacks is an error, never a Python variable of that
# name in the calling function (DuckDB's replacement scans would read it instead).
CONNECTION_CONFIG = {"python_enable_replacements": False}

# Per request, the web app puts a list here; a read served from the snapshot appends its time.
snapshot_reads: ContextVar[list[datetime] | None] = ContextVar("snapshot_reads", default=None)
# Whether the current request accepts reads from the snapshot (the web app's GET pages do).
stale_reads_allowed: ContextVar[bool] = ContextVar("stale_reads_allowed", default=False)
# Whether the current writes may change what pages show; the sessions' own writes do not.
changes_pages: ContextVar[bool] = ContextVar("changes_pages", default=True)


def is_lock_conflict(error: duckdb.Error) -> bool:
    message = str(error).lower()
    return "lock" in message and ("conflicting" in message or "could not set lock" in message)


class SharedDatabase:
    def __init__(
        self,
        path: Path,
        snapshot: Path | None = None,
        wait_s: float = 10.0,
        poll_s: float = 0.01,
        turn_s: float = 0.2,
        idle_close_s: float = 10.0,
        refresh_s: float = 10.0,
        threads: int = 0,
    ):
        self.path, self.snapshot = Path(path), Path(snapshot) if snapshot else None
        self.wait_s, self.poll_s, self.turn_s = wait_s, poll_s, turn_s
        self.threads = threads  # per query on the live file and the snapshot (0: DuckDB's default)
        self._opened_at = 0.0
        self._waiting = 0  # requests waiting for a lease
        self.idle_close_s = idle_close_s  # an idle server closes the file (checkpointed) for anyone's use
        self._last_used = time.monotonic()
        # Changes when the sessions or accounts may have changed while the file was closed: a
        # session or account read in an earlier generation may have been revoked since.
        self.generation = 0
        self._credentials: tuple | None = None
        self._version = 0  # changes that may show on any page (this process's own writes among them)
        self.own_version = 0  # this process's own writes only (`data_version` also counts others')
        # Other processes' changes of one rep's data (`store.changes`): only their teams' pages move.
        self._rep_versions: dict[str, int] = {}
        self._last_change: int | None = None  # the last `store_changes` row seen
        # Changes to take in at the next refresh, and since when the pages they show on are behind:
        # a change that may show on any page, or only on these reps' pages.
        self._pending_all: datetime | None = None
        self._pending_reps: dict[str, datetime] = {}
        self.refresh_s = refresh_s
        self._refreshed_at = -refresh_s  # when another process's changes were last taken in (monotonic)
        self._behind: datetime | None = None  # changes of a running process not taken in yet: since when
        self._writer: int | None = None  # the PID of the other process that last had the file
        self._closed_stat: tuple | None = None  # the file as this process left it (`_file_stat`)
        self.closed_at: datetime | None = None  # when this process last closed the live file
        self.holder: handoff.Holder | None = None  # the other process holding the file, while it does
        self._state = threading.Condition()
        self._live: duckdb.DuckDBPyConnection | None = None
        self._live_users = 0
        self._yielded_at: float | None = None  # set while the file is left to another process
        self._next_attempt = 0.0  # no attempt to open the file before this (monotonic)
        self._held_at = 0.0
        self._writing = threading.Lock()  # one write transaction at a time: no conflicts between threads
        self._copy: duckdb.DuckDBPyConnection | None = None
        self._copy_key: tuple | None = None
        self._copy_users = 0
        self._copy_used_at = 0.0
        self._closed = False
        self._opening = False  # the watcher is trying to open the file, outside `_state`
        # The watcher holds no strong reference: a dropped instance (an app a test made) ends it.
        threading.Thread(target=_watch, args=(weakref.ref(self),), name="coachloop-db-handoff", daemon=True).start()

    # -- lending ---------------------------------------------------------------------------------

    @contextmanager
    def cursor(self, write: bool = False, live: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the live file (or, for a read that accepts it, on the snapshot)."""
        deadline = time.monotonic() + self.wait_s
        if write:
            if not self._writing.acquire(timeout=self.wait_s):
                raise self._busy()
        try:
            # A page's reads do not wait long for a holder: from the snapshot, or (sessions,
            # accounts) busy at once, for the caller to use what it read before.
            quick = not write and stale_reads_allowed.get()
            connection, from_copy = self._lease(deadline, quick, stale_ok=quick and not live)
            try:
                cursor = connection.cursor()
                try:
                    yield cursor
                finally:
                    cursor.close()
            finally:
                self._release(from_copy)
        finally:
            if write:
                if changes_pages.get():
                    with self._state:  # committed or rolled back: either way pages read again
                        self._version += 1
                        self.own_version += 1
                self._writing.release()

    def _lease(self, deadline: float, quick: bool, stale_ok: bool) -> tuple[duckdb.DuckDBPyConnection, bool]:
        with self._state:
            while True:
                self._step()
                if self._live is not None and self._yielded_at is None:
                    self._live_users += 1
                    return self._live, False
                now = time.monotonic()
                # No waiting on a file another process is known to hold: its turn may last seconds.
                elsewhere = self.holder is not None
                if stale_ok and elsewhere:
                    if self._holder_gone():
                        continue  # what it wrote is read now, not the snapshot made before it
                    copy = self._open_copy()
                    if copy is not None:
                        self._copy_users += 1
                        reads = snapshot_reads.get()
                        if reads is not None:
                            reads.append(self._copy_key[2])
                        return copy, True
                if now >= deadline or (quick and not stale_ok and elsewhere):
                    if self._holder_gone():
                        continue  # opened at the next step: a session is never read as of before
                    if now >= deadline or not self._opening:
                        raise self._busy()
                    # The watcher is opening the file this moment: its answer is a few ms away.
                self._waiting += 1
                try:
                    self._state.wait(self.poll_s)
                finally:
                    self._waiting -= 1

    def _holder_gone(self) -> bool:
        """Whether the process the file was left to has ended (the watcher has not seen it yet):
        then the file may be opened now, and the next attempt is made at once."""
        holder = self.holder
        if holder is None or holder.pid is None or self._live is not None or self._opening or _running(holder.pid):
            return False
        self.holder, self._yielded_at, self._next_attempt = None, None, 0.0
        return True

    def _release(self, from_copy: bool) -> None:
        with self._state:
            if from_copy:
                self._copy_users -= 1
                self._copy_used_at = time.monotonic()
            else:
                self._live_users -= 1
            self._last_used = time.monotonic()
            self._step()
            self._state.notify_all()

    @property
    def data_version(self) -> int:
        """Moves when what a page reads may have changed (see the module's text)."""
        self._take_in_when_due()
        return self._version + sum(self._rep_versions.values())

    def version_for(self, rep_ids: frozenset[str]) -> int:
        """`data_version` for pages that read only these reps' data: it does not move when another
        process changed only other reps' data."""
        self._take_in_when_due()
        return self._version + sum(self._rep_versions.get(rep_id, 0) for rep_id in rep_ids)

    @property
    def common_version(self) -> int:
        """The part of `data_version` that moves for every page (a team's members may have changed)."""
        self._take_in_when_due()
        return self._version

    def behind_since(self, rep_ids: frozenset[str] | None = None) -> datetime | None:
        """While a running process's last changes are not taken in: since when pages may be behind;
        with `rep_ids`, pages that read only these reps' data (None when none of theirs changed)."""
        self._take_in_when_due()
        with self._state:
            if rep_ids is None:
                return self._behind
            since = [self._pending_reps[rep_id] for rep_id in rep_ids if rep_id in self._pending_reps]
            return min([*since, self._pending_all] if self._pending_all else since, default=None)

    @property
    def writer(self) -> handoff.Holder | None:
        """The other process that last had the file, while it runs."""
        if not _running(self._writer):
            return None
        return handoff.process_holder(self._writer, self._behind or datetime.now())

    def _taken_in(self, last_seen: datetime | None, rep_ids: frozenset[str] | None) -> None:
        """Another process changed these reps' data (None: maybe anything): a new version now, or
        within `refresh_s` while that process still runs (`_behind`: the file was as read before
        since `last_seen`)."""
        since = last_seen or datetime.now()
        if rep_ids is None:
            self._pending_all = self._pending_all or since
        else:
            for rep_id in rep_ids:
                self._pending_reps.setdefault(rep_id, since)
        if self._behind is None:
            self._behind = since
        self._take_in_when_due()

    def _set_writer(self, pid: int | None) -> None:
        """Another process has the file now; what an earlier one that has ended wrote is taken in."""
        if pid is not None and pid != self._writer:
            self._take_in_when_due()
            self._writer = pid

    def _take_in_when_due(self) -> None:
        if self._behind is None:
            return
        with self._state:
            due = time.monotonic() - self._refreshed_at >= self.refresh_s or not _running(self._writer)
            if self._behind is not None and due:
                if self._pending_all:
                    self._version += 1
                for rep_id in () if self._pending_all else self._pending_reps:
                    self._rep_versions[rep_id] = self._rep_versions.get(rep_id, 0) + 1
                self._pending_all, self._pending_reps = None, {}
                self._behind, self._refreshed_at = None, time.monotonic()

    @property
    def serving_live(self) -> bool:
        """Whether this process has the live file open now (not left to another process)."""
        return self._live is not None and self._yielded_at is None

    def snapshot_identity(self) -> tuple | None:
        """Which analysts' snapshot file is there now (replaced as a whole by the batch): its inode,
        modification time in ns and as a datetime; None without one."""
        if self.snapshot is None:
            return None
        try:
            stat = os.stat(self.snapshot)
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns, datetime.fromtimestamp(stat.st_mtime)

    def held_elsewhere_since(self) -> datetime | None:
        """While another process holds the file: when this process closed it (what it read before
        is the file as of then, as far as this process can tell). None once it may be had again:
        the process it was left to is done with it, or it opens now."""
        with self._state:
            if self._yielded_at is not None and handoff.asker(self.path) is None:
                return None  # the next lease opens it again
            if self._live is None and self._yielded_at is None:
                try:
                    self._step()  # an attempt to open it, when one is due
                except (StoreBusyError, duckdb.Error):
                    return None  # the read itself meets the error and reports it
            return self.closed_at if self._live is None and self.holder is not None else None

    # -- the file's turns ------------------------------------------------------------------------

    def _step(self, watching: bool = False) -> None:
        """Move on the live file's state; called with `_state` held, by requests and by the watcher
        (which alone reads the request file: a lease costs no file access)."""
        if self._closed:
            raise StoreBusyError(f"{self.path}: the server is stopping")
        # Once opened, the file stays for `turn_s` while requests use it: a batch loading call after
        # call would otherwise take it back before a waiting page is answered.
        in_use = self._live_users or self._waiting
        turn_over = not in_use or time.monotonic() - self._opened_at >= self.turn_s
        if watching and self._yielded_at is None and self._live is not None and turn_over:
            asker = handoff.asker(self.path)
            if asker is not None:  # no new leases; closed once the current ones end
                self._yielded_at = time.monotonic()
                self.holder = handoff.process_holder(asker, datetime.now())
                self._set_writer(asker)
        if self._live is not None and self._yielded_at is not None and self._live_users == 0:
            self._close_live()
        if watching and self._live is None and self._yielded_at is not None and handoff.asker(self.path) is None:
            self._yielded_at = None  # the asker has closed the file again (or is gone): open it
            self._next_attempt, self.holder = 0.0, None
        # While another process is known to hold the file, the watcher alone tries to open it
        # (`_open_outside_lock`): requests would hold `_state` through each refused attempt.
        if self._open_due() and self.holder is None and not self._opening:
            self._open_live()

    def _open_due(self) -> bool:
        """Whether the file is closed, not left to another process, and an attempt to open it is due."""
        return self._live is None and self._yielded_at is None and time.monotonic() >= self._next_attempt

    def _open_live(self) -> None:
        found = _file_stat(self.path)
        try:
            connection = duckdb.connect(str(self.path), config=CONNECTION_CONFIG)
        except duckdb.IOException as error:
            self._refused(error)
            return
        self._installed(connection, found)

    def _open_outside_lock(self) -> None:
        """The watcher's attempt to open a file another process holds, with `_state` released."""
        with self._state:
            if self._closed or self._opening or self.holder is None or not self._open_due():
                return
            self._opening = True
        connection = error = None
        try:
            found = _file_stat(self.path)
            try:
                connection = duckdb.connect(str(self.path), config=CONNECTION_CONFIG)
            except duckdb.IOException as refusal:
                error = refusal
        finally:
            with self._state:
                self._opening = False
                if self._closed and connection is not None:
                    connection.close()
                elif connection is not None:
                    self._installed(connection, found)
                elif error is not None:
                    self._refused(error)

    def _refused(self, error: duckdb.IOException) -> None:
        """Another process holds the file: note who, and when to try again."""
        if not is_lock_conflict(error):
            raise error
        if self.holder is None:
            self._held_at = time.monotonic()
        since = self.holder.held_since if self.holder else datetime.now()
        self.holder = handoff.holder_of(str(error), since)
        self._set_writer(self.holder.pid)
        # A failed attempt costs about as much as an opening: try often during a batch's short
        # transaction, rarely while someone keeps the file for longer.
        held_s = time.monotonic() - self._held_at
        self._next_attempt = time.monotonic() + (self.poll_s if held_s < 1.0 else 0.25)

    def _tuned(self, connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        """The instance with the server's threads per query (a setting of the whole instance: a
        different connect configuration would refuse the store's other connections to the file)."""
        if self.threads > 0:
            connection.execute(f"SET threads = {int(self.threads)}")
        return connection

    def _installed(self, connection: duckdb.DuckDBPyConnection, found: tuple) -> None:
        self._live = self._tuned(connection)
        self._opened_at = time.monotonic()
        last_change, changed = changes.changed_since(connection, self._last_change)
        self._last_change = last_change
        # Another process may have written since this one closed the file (a file written again
        # with no change recorded was checkpointed, sorted or copied: no page changes).
        if (self._closed_stat is None or found != self._closed_stat) and changed != frozenset():
            self._taken_in(self.closed_at, changed)
        credentials = _credentials(self._live)
        if credentials is None or credentials != self._credentials:
            self.generation += 1
        self._credentials = credentials
        self.holder = None
        self._state.notify_all()

    def _close_live(self) -> None:
        live, self._live = self._live, None
        self._credentials = _credentials(live)
        live.close()
        self._closed_stat, self.closed_at = _file_stat(self.path), datetime.now()

    def _open_copy(self) -> duckdb.DuckDBPyConnection | None:
        """A read-only instance on the current snapshot, reopened when the batch has replaced it."""
        key = self.snapshot_identity()
        if key is None:
            return None
        if self._copy is not None and self._copy_key[:2] != key[:2] and self._copy_users == 0:
            self._copy.close()
            self._copy = None
        if self._copy is None:
            try:
                copy = duckdb.connect(str(self.snapshot), read_only=True, config=CONNECTION_CONFIG)
            except duckdb.Error:
                return None
            if not _current_schema(copy):
                copy.close()  # made before an upgrade: its tables are not what this code reads
                return None
            self._copy, self._copy_key = self._tuned(copy), key
        return self._copy

    def _busy(self) -> StoreBusyError:
        holder = self.holder
        who = holder.describe() if holder else "a slow request of this server"
        return StoreBusyError(f"{self.path.name} is held by {who}; nothing was written.", holder=holder)

    def watch_once(self) -> bool:
        """Let go of the file when asked even while no request comes; close the snapshot after use.
        False once closed."""
        opening = False
        with self._state:
            if self._closed:
                return False
            idle = self._live_users == 0 and time.monotonic() - self._last_used > self.idle_close_s
            if idle and self._yielded_at is None:
                if self._live is not None:
                    self._close_live()
                self.holder = None  # nobody waits: no attempts on the file until the next request
            elif self._live is not None or self.holder is not None or self._yielded_at is not None:
                try:
                    self._step(watching=True)
                except duckdb.Error:
                    pass  # the next request meets the error and reports it
                opening = self.holder is not None and self._live is None
            # Kept open through a batch's turns (one a call), as opening it reads its catalog again.
            rested = time.monotonic() - self._copy_used_at > self.idle_close_s
            if self._copy is not None and self._copy_users == 0 and self.holder is None and rested:
                self._copy.close()
                self._copy = None
            self._state.notify_all()
        if opening:
            try:
                self._open_outside_lock()
            except duckdb.Error:
                pass  # the next request meets the error and reports it
        return True

    def close(self) -> None:
        with self._state:
            self._closed = True
            for connection in (self._live, self._copy):
                if connection is not None:
                    connection.close()
            self._live = self._copy = None
            self._state.notify_all()


def _running(pid: int | None) -> bool:
    """Whether the process `pid` still runs (a zombie has ended)."""
    if pid is None:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def snapshot_outdated(snapshot: Path | None) -> bool:
    """Whether the analysts' snapshot is there but made before an upgrade (or unreadable): pages
    never read it, so while another process holds the file they would wait for it."""
    if snapshot is None or not Path(snapshot).exists():
        return False
    try:
        with duckdb.connect(str(snapshot), read_only=True, config=CONNECTION_CONFIG) as copy:
            return not _current_schema(copy)
    except duckdb.Error:
        return True


def _current_schema(connection: duckdb.DuckDBPyConnection) -> bool:
    try:
        found = connection.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    except duckdb.Error:
        return False
    return found == latest_version()


def _file_stat(path: Path) -> tuple:
    """What changes when a process writes the file or its write-ahead log: sizes, times, inodes."""
    found = []
    for name in (path, path.with_name(path.name + ".wal")):
        try:
            stat = os.stat(name)
        except OSError:
            found.append(None)
            continue
        found.append((stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
    return tuple(found)


def _watch(shared: weakref.ref[SharedDatabase]) -> None:
    while True:
        found = shared()
        if found is None or not found.watch_once():
            return
        resting = found._live is None and found.holder is None  # nothing to let go of: look less often
        interval = found.poll_s * (20 if resting else 2)
        del found
        time.sleep(interval)


# What a revocation or a password change alters: the sessions' ids and the accounts' hashes.
CREDENTIALS = """
SELECT (SELECT count(*) || ':' || coalesce(bit_xor(hash(id_sha256)), 0) FROM web_sessions),
       (SELECT count(*) || ':' || coalesce(bit_xor(hash(user_id || role || coalesce(password_hash, ''))), 0)
        FROM users)
"""


def _credentials(connection: duckdb.DuckDBPyConnection) -> tuple | None:
    """A fingerprint of the sessions and accounts; None before the migrations made their tables."""
    try:
        return connection.execute(CREDENTIALS).fetchone()
    except duckdb.Error:
        return None
