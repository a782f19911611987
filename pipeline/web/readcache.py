"""A page's reads kept per user until the data changes.

Most page loads read what the last load of the same page read: nothing was decided and no batch
wrote in between. `ReadCache` keeps each read's result under who asked (never shared between
accounts: the access rules are in the reads' arguments and queries), which function with which
arguments, and today's date (what "this week" and "overdue" mean); it is valid for one
`SharedDatabase.data_version`, which moves with every write of this server and whenever another
process may have written the file. A result is kept only if the version did not move while it
was read and nothing of it came from the analysts' snapshot, and each hit is a fresh copy of the
result (a page may change what it got).

While another process holds the file (the nightly batch writing a call), a kept result is the file
as this server last saw it, fresher than the analysts' snapshot: it is used without waiting, and
the page says, as it does for the snapshot, that it shows the data as of that moment
(`snapshot_reads`). A read that was not kept waits for the file or falls back to the snapshot.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from cachetools import LRUCache

from pipeline.store.shared import SharedDatabase, snapshot_reads


class ReadCache:
    def __init__(self, shared: SharedDatabase | None, max_bytes: int = 128 * 2**20):
        self.shared = shared
        # Least recently used results go first once the kept results pass `max_bytes` (pickled).
        self._entries: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=lambda entry: len(entry[1]))
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
        version = self.shared.data_version
        with self._lock:
            found = self._entries.get(key)
        reads = snapshot_reads.get()
        if found is not None and found[0] == version:
            as_of = None if self.shared.serving_live else self.shared.held_elsewhere_since()
            if as_of is not None or (self.shared.serving_live and self.shared.data_version == version):
                self.hits += 1
                if as_of is not None and reads is not None:
                    reads.append(as_of)
                return pickle.loads(found[1])
        self.misses += 1
        from_snapshot = len(reads) if reads is not None else 0
        value = run()
        unchanged = self.shared.data_version == version
        if unchanged and (reads is None or len(reads) == from_snapshot):
            try:
                kept = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):
                return value
            if len(kept) > self.max_bytes // 100:
                return value  # one result this big is read again rather than crowding out the rest
            with self._lock:
                self._entries[key] = (version, kept)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
