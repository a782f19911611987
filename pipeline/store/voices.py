"""The reps' voice profiles in DuckDB (table `voice_profiles`, migration 009)."""

from __future__ import annotations

import numpy as np

from pipeline.ingest.voice_profiles import merge_sample, profile_vector
from pipeline.ingest.voices import ENCODER_NAME
from pipeline.model import Transcript
from pipeline.store.database import Store


def rep_voice(store: Store, rep_id: str) -> np.ndarray | None:
    """The rep's profile as a unit vector, or None when none was enrolled with this encoder."""
    rows = store.rows("SELECT embedding FROM voice_profiles WHERE rep_id = ? AND encoder = ?", [rep_id, ENCODER_NAME])
    return profile_vector(np.array(rows[0]["embedding"])) if rows else None


def add_voice_sample(store: Store, rep_id: str, embedding: list[float], seconds: float) -> int:
    """Fold one call's sample of the rep's voice into their profile; returns the calls it now holds."""
    with store.transaction() as con:
        row = con.execute(
            "SELECT embedding, calls, speech_seconds FROM voice_profiles WHERE rep_id = ? AND encoder = ?",
            [rep_id, ENCODER_NAME],
        ).fetchone()
        mean, count = merge_sample(np.array(row[0]) if row else None, row[1] if row else 0, np.array(embedding))
        con.execute("DELETE FROM voice_profiles WHERE rep_id = ?", [rep_id])
        con.execute(
            "INSERT INTO voice_profiles VALUES (?, ?, ?, ?, ?, now())",
            [rep_id, [float(x) for x in mean], count, (row[2] if row else 0.0) + seconds, ENCODER_NAME],
        )
    return count


def record_rep_voice(store: Store, transcript: Transcript) -> bool:
    """The batch's hook: a stereo call's measured rep voice (`source.speakers.rep_voice`) joins the profile."""
    sample = (transcript.source.get("speakers") or {}).get("rep_voice")
    if not sample:
        return False
    add_voice_sample(store, transcript.rep_id, sample["embedding"], sample["seconds"])
    return True
