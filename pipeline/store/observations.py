"""Managers' decisions on findings: append-only events in `observations`.

A decision is never edited: a new one is a new row, and an undo is an `undone` row naming the
decision it cancels; the view `latest_observations` gives the current decision of each finding.
Every write checks, in its own transaction, that the finding is one of the manager's team
(`team_reps`) and that its current decision is still the one the manager saw, so a double
submit never records twice. Another team's finding is `NotFound`, like an id that does not exist.
"""

from __future__ import annotations

import duckdb

from pipeline.errors import Conflict, NotFound
from pipeline.store.database import Store, one

# A finding of the manager's team, with its call: what a moment page shows and a decision copies.
OWN_FINDING = """
    SELECT f.*, c.rep_id, c.started_at, c.call_type, c.deal_id, c.deal_stage, c.duration_s, c.source_path,
           coalesce(r.rep_name, r.rep_id) AS rep_name
    FROM findings f JOIN calls c USING (call_id) JOIN team_reps(?) r ON r.rep_id = c.rep_id
    WHERE f.call_id = ? AND f.behaviour = ?
"""


def own_finding(con: duckdb.DuckDBPyConnection, manager_id: str, call_id: str, behaviour: str) -> dict:
    """The finding `call_id`/`behaviour` of the manager's team; NotFound for anyone else's."""
    finding = one(con, OWN_FINDING, [manager_id, call_id, behaviour])
    if finding is None:
        raise NotFound(f"no moment {call_id}/{behaviour}")
    return finding


def current_decision(con: duckdb.DuckDBPyConnection, call_id: str, behaviour: str) -> dict | None:
    """The decision now in force on a finding, or None."""
    return one(con, "SELECT * FROM latest_observations WHERE call_id = ? AND behaviour = ?", [call_id, behaviour])


def changed_message(current: dict | None) -> str:
    """Why a decision or undo was refused: the finding's decision is not the one the manager saw."""
    if current is None:
        return "This moment changed since you opened it: it has no decision now. Reload to see it."
    return (
        f"This moment changed since you opened it: it is now {current['decision']} "
        f"(by {current['manager_id']} at {current['decided_at']:%Y-%m-%d %H:%M}). Reload to see it."
    )


def record_decision(
    store: Store,
    manager_id: str,
    call_id: str,
    behaviour: str,
    decision: str,
    *,
    diagnosis: str | None,
    reason: str | None,
    note: str | None,
    expected_current: int | None,
    draft_diagnosis: str | None = None,
) -> int:
    """Append a decision on a finding whose current decision is `expected_current`; returns its observation_id.

    The finding's quote and verdict are copied, so the decision keeps what the manager judged
    even after the call is re-analysed. `draft_diagnosis`: the diagnosis text the form held when
    the moment was dismissed (a dismissal has no diagnosis), kept for `last_wording`.
    """
    with store.transaction() as con:
        finding = own_finding(con, manager_id, call_id, behaviour)
        current = current_decision(con, call_id, behaviour)
        if (current["observation_id"] if current else None) != expected_current:
            raise Conflict(changed_message(current))
        return one(
            con,
            "INSERT INTO observations (call_id, behaviour, manager_id, decision, diagnosis, reason, note,"
            " finding_quote, finding_verdict, draft_diagnosis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING observation_id",
            [call_id, behaviour, manager_id, decision, diagnosis, reason, note, finding["quote"], finding["verdict"],
             draft_diagnosis],
        )["observation_id"]  # fmt: skip


def last_wording(con: duckdb.DuckDBPyConnection, call_id: str, behaviour: str) -> str | None:
    """The diagnosis text of the latest decision recorded on a finding, undone or not: what the
    manager last wrote about it (for a dismissal, what the form held). None when nothing was written."""
    found = one(
        con,
        "SELECT coalesce(diagnosis, draft_diagnosis) AS wording FROM observations"
        " WHERE call_id = ? AND behaviour = ? AND decision <> 'undone' ORDER BY observation_id DESC LIMIT 1",
        [call_id, behaviour],
    )
    return found["wording"] if found else None


def record_undo(store: Store, manager_id: str, call_id: str, behaviour: str, observation_id: int) -> dict | None:
    """Cancel the current decision `observation_id` with an `undone` event; returns the decision now current."""
    with store.transaction() as con:
        finding = own_finding(con, manager_id, call_id, behaviour)
        current = current_decision(con, call_id, behaviour)
        if current is None or current["observation_id"] != observation_id:
            raise Conflict(changed_message(current))
        con.execute(
            "INSERT INTO observations (call_id, behaviour, manager_id, decision, undoes_observation_id,"
            " finding_quote, finding_verdict) VALUES (?, ?, ?, 'undone', ?, ?, ?)",
            [call_id, behaviour, manager_id, observation_id, finding["quote"], finding["verdict"]],
        )
        return current_decision(con, call_id, behaviour)


def false_positive_dismissals(store: Store) -> list[dict]:
    """Current `dismissed / false_positive` decisions with the finding's first evidence utterance."""
    return store.rows(
        """
        SELECT lo.observation_id, lo.call_id, lo.behaviour, lo.manager_id, lo.decided_at, lo.note,
               lo.finding_quote, lo.finding_verdict, f.verdict, f.evidence, f.detector,
               u.idx AS utterance_index, u.speaker, u.text
        FROM latest_observations lo
        LEFT JOIN findings f ON f.call_id = lo.call_id AND f.behaviour = lo.behaviour
        LEFT JOIN utterances u ON u.call_id = lo.call_id AND u.idx = f.evidence[1]
        WHERE lo.decision = 'dismissed' AND lo.reason = 'false_positive'
        ORDER BY lo.observation_id
        """
    )
