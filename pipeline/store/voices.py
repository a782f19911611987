"""The reps' voice profiles in DuckDB (table `voice_profiles`, migration 009): a running mean of
per-call voice samples, one row per rep and encoder. The arithmetic is the caller's."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.store.database import Store

# (the current mean or None, its call count) -> (the new mean, the new count)
Merge = Callable[[list[float] | None, int], tuple[list[float], int]]


def profiles(store: Store, encoder: str) -> dict[str, list[float]]:
    """Every rep's mean voice sample made with `encoder`."""
    if not store.path.exists():
        return {}
    rows = store.rows("SELECT rep_id, embedding FROM voice_profiles WHERE encoder = ?", [encoder])
    return {row["rep_id"]: row["embedding"] for row in rows}


def profile_sizes(store: Store, encoder: str) -> dict[str, tuple[int, float]]:
    """Every rep's profile made with `encoder`: the calls it holds and the seconds of speech they gave."""
    if not store.path.exists():
        return {}
    rows = store.rows("SELECT rep_id, calls, speech_seconds FROM voice_profiles WHERE encoder = ?", [encoder])
    return {row["rep_id"]: (row["calls"], row["speech_seconds"]) for row in rows}


def fold_sample(store: Store, rep_id: str, encoder: str, seconds: float, merge: Merge) -> int:
    """Fold one call's sample into the rep's profile in one transaction; returns its call count."""
    with store.transaction() as con:
        row = con.execute(
            "SELECT embedding, calls, speech_seconds FROM voice_profiles WHERE rep_id = ? AND encoder = ?",
            [rep_id, encoder],
        ).fetchone()
        mean, count = merge(list(row[0]) if row else None, row[1] if row else 0)
        con.execute("DELETE FROM voice_profiles WHERE rep_id = ?", [rep_id])
        con.execute(
            "INSERT INTO voice_profiles VALUES (?, ?, ?, ?, ?, now())",
            [rep_id, [float(x) for x in mean], count, (row[2] if row else 0.0) + seconds, encoder],
        )
    return count
