"""Every error coachloop raises on purpose: each names the input or the item and says what is wrong."""

from __future__ import annotations

from pathlib import Path


class CoachloopError(Exception):
    """Base class of every error coachloop raises on purpose."""


class InputError(CoachloopError):
    """An input file (transcript, recording, metadata) that cannot be used as it is.

    `where` is a line number or a field path such as ``utterances[3].start``.
    """

    kind = "input"

    def __init__(self, path: str | Path | None, reason: str, where: str | int | None = None):
        self.path = str(path) if path is not None else None
        self.reason = reason
        self.where = where
        super().__init__(self.describe())

    def describe(self) -> str:
        location = self.path or "<input>"
        if isinstance(self.where, int):
            location += f":{self.where}"
        elif self.where:
            location += f" ({self.where})"
        return f"{location}: {self.reason}"


class TranscriptError(InputError):
    kind = "transcript"


class MetadataError(InputError):
    kind = "metadata"


class AudioError(InputError):
    kind = "audio"


class StoreBusyError(CoachloopError):
    """The DuckDB file stayed locked by another process for longer than we were willing to wait.

    `holder` is the process holding it, when known (a `store.handoff.Holder`)."""

    def __init__(self, message: str, holder=None):
        super().__init__(message)
        self.holder = holder


class UnknownRepError(InputError):
    """A call of a rep who is not in the configured team roster."""

    kind = "unknown_rep"


class StoreWriteError(CoachloopError):
    """The database folder refused a write (disk full, file size limit). The transaction was rolled
    back: what was committed before is intact, and every later write would fail alike."""


class DuplicateCallError(CoachloopError):
    """A call id already loaded from different content."""


class CallDataError(CoachloopError):
    """A call whose data the database refused (it broke a constraint): that call's problem, not the batch's."""


class NotFound(CoachloopError):
    """No such item for this reader (it does not exist, or it belongs to another team)."""


class Conflict(CoachloopError):
    """The item changed since the page showed it (another tab, another manager, a double submit)."""


class Invalid(CoachloopError):
    """Input that cannot be saved as it is; `field` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field
