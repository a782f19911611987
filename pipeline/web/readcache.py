"""A page's reads kept per user until the data changes.

Most page loads read what the last load of the same page read: nothing was decided and no batch
wrote in between. `ReadCache` keeps each read's result under who asked (never shared between
accounts: the access rules are in the reads' arguments and queries), which function with which
arguments, and today's date (what "this week" and "overdue" mean); it is valid for one
`SharedDatabase.data_version`, which moves with every write of this server and whenever another
process may have written the file; with a `scope` (the reps whose data the user's pages read), for
one `version_for` those reps, which another process's changes of other teams' reps do not move. A
result is kept only if the version did not move while it was read and nothing of it came from the
analysts' snapshot, and each hit is a fresh copy of the result (a page may change what it got).

While the batch runs, the server takes in its changes every few seconds, not at each call
(`SharedDatabase.refresh_s`): meanwhile a kept result is used and the page says as of when it was
read. While another process holds the file (the nightly batch writing a call), a kept result is the file
as this server saw it when it was read, fresher than the analysts' snapshot: it is used without
waiting, also when the batch wrote since (a call it loaded shows on the next load once the server
has the file again), unless this server wrote since (a manager's decision is never shown undone).
The page says, as it does for the snapshot, as of when it shows the data (`snapshot_reads`). A
read that was not kept falls back to the snapshot, and what it read there is kept while the same
snapshot is served (a batch's final copy holds the file for seconds).
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NamedTuple

from cachetools import LRUCache

from pipeline.store.shared import SharedDatabase, snapshot_reads


class Kept(NamedTuple):
    """One read's result, pickled, and what it was read from."""

    version: int | None  # the data version it was read at; None: read from the analysts' snapshot
    own: int  # the server's own writes (`own_version`) when it was read
    as_of: datetime  # when it was read from the live file; the snapshot's time for one read there
    snapshot: tuple | None  # the snapshot file it was read from (`snapshot_identity`)
    data: bytes


class ReadCache:
    def __init__(
        self,
        shared: SharedDatabase | None,
        max_bytes: int = 128 * 2**20,
        scope: Callable[[str], frozenset[str] | None] | None = None,
    ):
        self.shared = shared
        # The reps whose data a user's pages read (None: any): their reads stay valid while other
        # processes change only other reps' data.
        self.scope = scope
        # Least recently used results go first once the kept results pass `max_bytes` (pickled).
        self._entries: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=lambda kept: len(kept.data))
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def key(self, user_id: str, function: Callable, args: tuple, kwargs: dict) -> bytes | None:
        """The entry's key, or None for a read that cannot be kept (a closure, arguments that do not pickle)."""
        name = getattr(function, "__qualname__", "<unknown>")
        if self.shared is None or not user_id or "<" in name:
            return None
        try:
            parts = (user_id, function.__module__, name, args, sorted(kwargs.items()), date.today())
            return pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None

    def read(self, user_id: str, function: Callable, args: tuple, kwargs: dict, run: Callable[[], Any]) -> Any:
        """`run()`'s result for this read at the current data version, from the cache or by running it."""
        key = self.key(user_id, function, args, kwargs)
        if key is None:
            return run()
        reps = self.scope(user_id) if self.scope is not None else None
        version, own = self._version(reps), self.shared.own_version
        with self._lock:
            found = self._entries.get(key)
        reads = snapshot_reads.get()
        as_of = self._usable(found, version, own, reps) if found is not None else None
        if as_of is not None:
            self.hits += 1
            if as_of is not True and reads is not None:
                reads.append(as_of)
            return pickle.loads(found.data)
        self.misses += 1
        before = len(reads) if reads is not None else 0
        read_at = datetime.now()
        value = run()
        if self._version(reps) != version or self.shared.own_version != own:
            return value  # changed while it was read: nothing to keep
        from_snapshot = reads[before:] if reads is not None else []
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return value
        if len(data) > self.max_bytes // 100:
            return value  # one result this big is read again rather than crowding out the rest
        if from_snapshot:
            kept = Kept(None, own, min(from_snapshot), self.shared.snapshot_identity(), data)
        else:
            kept = Kept(version, own, read_at, None, data)
        with self._lock:
            self._entries[key] = kept
        return value

    def _version(self, reps: frozenset[str] | None) -> int:
        """The data version of what pages reading these reps' data (None: any) read."""
        return self.shared.data_version if reps is None else self.shared.version_for(reps)

    def _usable(self, kept: Kept, version: int, own: int, reps: frozenset[str] | None) -> datetime | bool | None:
        """True for a result of the data as it stands; while another process holds the file, the
        time a kept result shows the data as of; None for a result to read again."""
        if self.shared.serving_live:
            if kept.version != version:
                return None
            # A running batch's last calls of these reps not taken in yet: the page says as of when.
            behind = self.shared.behind_since(reps)
            return kept.as_of if behind is not None else True
        closed_at = self.shared.held_elsewhere_since()
        if closed_at is None:
            return None  # the file may be had again: read it
        if kept.snapshot is not None:  # reading the same snapshot again would give the same
            return kept.as_of if kept.snapshot == self.shared.snapshot_identity() else None
        if kept.own != own:
            return None  # this server wrote since: a decision would show undone
        # The file as this server last saw it (for a result of that version), or as it was read.
        return closed_at if kept.version == version else kept.as_of

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
