"""Queries and commands of manager triage: the queue, decisions and undo, practice plans, accounts.

Every function that reads or changes a rep's data takes the manager's `user_id` and scopes its SQL
to that manager's reps (`reps.manager_id`). Another team's call, moment or plan is `NotFound`,
the same answer as an id that does not exist, so guessing ids tells nothing.

Decisions are append-only events in `observations`; `latest_observations` gives the current one.
Each command is one transaction (`Store.transaction()`); reads share one short read-only connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import duckdb

from pipeline.errors import Conflict, Invalid, NotFound
from pipeline.store import Store
from pipeline.store.database import one as _one
from pipeline.store.database import rows as _dicts

DECISIONS = ("confirmed", "strength", "dismissed")
DISMISS_REASONS = {"false_positive": "false positive", "not_coachable": "not coachable", "other": "other"}
PLAN_STEPS = ("planned", "practised", "applied", "inspected")
INSPECTION_OUTCOMES = {"changed": "behaviour changed", "not_yet": "not yet: practise again"}
QUEUE_STATUSES = ("open", "decided", "all")


@dataclass(frozen=True)
class QueueFilters:
    rep_id: str | None = None
    behaviours: tuple[str, ...] | None = None  # None: every behaviour (the behaviour and skill filters end up here)
    call_type: str | None = None
    since: date | None = None
    until: date | None = None
    status: str = "open"  # open (no current decision) | decided | all
    kind: str | None = None  # gap | strength


@dataclass(frozen=True)
class PlanInput:
    observation_id: int
    alternative_behaviour: str
    follow_up_date: date | None
    practised_on: date | None = None
    apply_call_id: str | None = None
    apply_deal_id: str | None = None
    apply_date: date | None = None


# -- plumbing ---------------------------------------------------------------------------------


@contextmanager
def _reading(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    with store.connect(read_only=True) as con:
        yield con


_OWN_FINDING = """
    SELECT f.*, c.rep_id, c.started_at, c.call_type, c.deal_id, c.deal_stage, c.duration_s, c.source_path,
           r.rep_name
    FROM findings f JOIN calls c USING (call_id) JOIN reps r ON r.rep_id = c.rep_id
    WHERE f.call_id = ? AND f.behaviour = ? AND r.manager_id = ?
"""


def _current_decision(con, call_id: str, behaviour: str) -> dict | None:
    return _one(con, "SELECT * FROM latest_observations WHERE call_id = ? AND behaviour = ?", [call_id, behaviour])


# -- accounts ---------------------------------------------------------------------------------


def user(store: Store, user_id: str) -> dict | None:
    return next(iter(store.rows("SELECT * FROM users WHERE user_id = ?", [user_id])), None)


def _save_account(
    con: duckdb.DuckDBPyConnection, user_id: str, role: str, display_name: str, password_hash: str
) -> str:
    """Add an account of `role`, or set the name and password of the existing one. Returns added|updated."""
    existing = con.execute("SELECT role FROM users WHERE user_id = ?", [user_id]).fetchone()
    if existing and existing[0] != role:
        raise Invalid(f"{user_id} is a {existing[0]} account, not a {role}", "user_id")
    if existing:
        con.execute(
            "UPDATE users SET display_name = ?, password_hash = ? WHERE user_id = ?",
            [display_name, password_hash, user_id],
        )
        return "updated"
    con.execute(
        "INSERT INTO users (user_id, role, display_name, password_hash) VALUES (?, ?, ?, ?)",
        [user_id, role, display_name, password_hash],
    )
    return "added"


def save_manager(store: Store, user_id: str, display_name: str, password_hash: str) -> str:
    """Add a manager account, or set the name and password of an existing one. Returns added|updated."""
    with store.transaction() as con:
        return _save_account(con, user_id, "manager", display_name, password_hash)


def save_rep_account(store: Store, rep_id: str, display_name: str, password_hash: str) -> str:
    """Add a rep's own read-only login (user_id = rep_id), or reset it. The rep must be known. Returns added|updated."""
    with store.transaction() as con:
        if not con.execute("SELECT 1 FROM reps WHERE rep_id = ?", [rep_id]).fetchone():
            raise Invalid(f"no rep {rep_id}: load their calls or assign them to a manager first", "rep")
        return _save_account(con, rep_id, "rep", display_name, password_hash)


def assign_rep(store: Store, manager_id: str, rep_id: str, rep_name: str | None = None) -> str | None:
    """Put a rep in a manager's team (a rep has one manager). Returns the previous manager, if any."""
    with store.transaction() as con:
        manager = con.execute("SELECT role FROM users WHERE user_id = ?", [manager_id]).fetchone()
        if not manager or manager[0] != "manager":
            raise Invalid(f"no manager account {manager_id}: add it first with `coachloop users add`", "manager")
        previous = con.execute("SELECT manager_id FROM reps WHERE rep_id = ?", [rep_id]).fetchone()
        con.execute(
            "INSERT INTO reps (rep_id, rep_name, manager_id) VALUES (?, ?, ?) ON CONFLICT (rep_id) DO UPDATE"
            " SET manager_id = excluded.manager_id, rep_name = coalesce(excluded.rep_name, reps.rep_name)",
            [rep_id, rep_name, manager_id],
        )
        return previous[0] if previous else None


def accounts(store: Store) -> list[dict]:
    """Every account with its team (rep ids)."""
    return store.rows(
        "SELECT u.user_id, u.role, u.display_name, u.password_hash IS NOT NULL AS can_log_in,"
        " list(r.rep_id ORDER BY r.rep_id) FILTER (WHERE r.rep_id IS NOT NULL) AS reps"
        " FROM users u LEFT JOIN reps r ON r.manager_id = u.user_id GROUP BY ALL ORDER BY u.user_id"
    )


def app_secret(store: Store, name: str, generate: Callable[[], str]) -> str:
    """A secret kept in the database across restarts, generated the first time it is asked for."""
    with store.transaction() as con:
        con.execute("INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING", [name, generate()])
        return con.execute("SELECT value FROM app_secrets WHERE name = ?", [name]).fetchone()[0]


# -- queue and moments ------------------------------------------------------------------------


def own_rep(store: Store, manager_id: str, rep_id: str) -> dict:
    """One rep of the manager's team (rep_id, rep_name); NotFound for anyone else."""
    rows = store.rows(
        "SELECT rep_id, coalesce(rep_name, rep_id) AS rep_name FROM reps WHERE rep_id = ? AND manager_id = ?",
        [rep_id, manager_id],
    )
    if not rows:
        raise NotFound(f"no rep {rep_id}")
    return rows[0]


def team(store: Store, manager_id: str) -> list[dict]:
    """The manager's reps, with how many moments wait for a decision."""
    return store.rows(
        """
        SELECT r.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name,
               count(t.call_id) FILTER (WHERE lo.observation_id IS NULL) AS open_moments
        FROM reps r
        LEFT JOIN triage_candidates t ON t.rep_id = r.rep_id
        LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
        WHERE r.manager_id = ?
        GROUP BY ALL ORDER BY rep_name
        """,
        [manager_id],
    )


def _focus_keys(focus: Mapping[str, Sequence[str]] | None) -> list[str]:
    """Each rep's focus behaviour as 'rep_id<US>behaviour': one list parameter for the SQL below."""
    return [f"{rep_id}\x1f{behaviour}" for rep_id, behaviours in (focus or {}).items() for behaviour in behaviours]


def queue(
    store: Store, manager_id: str, filters: QueueFilters, focus: Mapping[str, Sequence[str]] | None = None
) -> list[dict]:
    """Candidate observations of the manager's reps: newest calls first, then by time in the call.

    With `focus` (rep_id -> the rep's focus behaviours, pipeline/coaching/focus.py) the moments on each rep's
    focus come first (`in_focus`), newest calls first, then the rest in the same order.
    """
    where, params = ["r.manager_id = ?"], [_focus_keys(focus), manager_id]
    if filters.rep_id:
        where.append("t.rep_id = ?")
        params.append(filters.rep_id)
    if filters.behaviours is not None:
        where.append("list_contains(?::VARCHAR[], t.behaviour)")
        params.append(list(filters.behaviours))
    if filters.call_type:
        where.append("t.call_type = ?")
        params.append(filters.call_type)
    if filters.since:
        where.append("CAST(t.started_at AS DATE) >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("CAST(t.started_at AS DATE) <= ?")
        params.append(filters.until)
    if filters.kind:
        where.append("t.kind = ?")
        params.append(filters.kind)
    if filters.status == "open":
        where.append("lo.observation_id IS NULL")
    elif filters.status == "decided":
        where.append("lo.observation_id IS NOT NULL")
    return store.rows(
        f"""
        SELECT t.*, coalesce(r.rep_name, r.rep_id) AS rep_name,
               lo.observation_id, lo.decision, lo.diagnosis, lo.reason, lo.manager_id AS decided_by, lo.decided_at,
               list_contains(?::VARCHAR[], t.rep_id || chr(31) || t.behaviour) AS in_focus
        FROM triage_candidates t
        JOIN reps r ON r.rep_id = t.rep_id
        LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
        WHERE {" AND ".join(where)}
        ORDER BY in_focus DESC, t.started_at DESC NULLS LAST, t.call_id DESC, t.start NULLS LAST, t.behaviour
        """,
        params,
    )


def suggested_calls(store: Store, manager_id: str, focus: Mapping[str, Sequence[str]], limit: int = 8) -> list[dict]:
    """The calls to review next: calls with moments on the rep's focus that have no decision yet, newest first."""
    keys = _focus_keys(focus)
    if not keys:
        return []
    return store.rows(
        """
        SELECT t.call_id, t.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name, t.started_at, t.call_type, t.deal_id,
               list(DISTINCT t.behaviour ORDER BY t.behaviour) AS focus_behaviours,
               count(*) AS open_moments,
               min(t.start) AS first_moment
        FROM triage_candidates t
        JOIN reps r ON r.rep_id = t.rep_id
        LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
        WHERE r.manager_id = ? AND lo.observation_id IS NULL
          AND list_contains(?::VARCHAR[], t.rep_id || chr(31) || t.behaviour)
        GROUP BY ALL
        ORDER BY t.started_at DESC NULLS LAST, t.call_id DESC
        LIMIT ?
        """,
        [manager_id, keys, limit],
    )


def moment(store: Store, manager_id: str, call_id: str, behaviour: str) -> dict:
    """One finding with its call, every utterance, the current decision, its history and plans."""
    with _reading(store) as con:
        finding = _one(con, _OWN_FINDING, [call_id, behaviour, manager_id])
        if finding is None:
            raise NotFound(f"no moment {call_id}/{behaviour}")
        candidate = _one(
            con, "SELECT kind FROM triage_candidates WHERE call_id = ? AND behaviour = ?", [call_id, behaviour]
        )
        finding["kind"] = candidate["kind"] if candidate else None
        finding["rep_name"] = finding["rep_name"] or finding["rep_id"]
        return {
            "finding": finding,
            "utterances": _dicts(
                con,
                'SELECT idx, speaker, speaker_name, start, "end", text FROM utterances WHERE call_id = ? ORDER BY idx',
                [call_id],
            ),
            "decision": _current_decision(con, call_id, behaviour),
            "history": _dicts(
                con,
                "SELECT * FROM observations WHERE call_id = ? AND behaviour = ? ORDER BY observation_id",
                [call_id, behaviour],
            ),
            "plans": _dicts(
                con,
                "SELECT p.* FROM coaching_plans p JOIN observations o USING (observation_id)"
                " WHERE o.call_id = ? AND o.behaviour = ? ORDER BY p.plan_id",
                [call_id, behaviour],
            ),
        }


def call_source(store: Store, manager_id: str, call_id: str) -> str | None:
    """The call's source file path (the recording, for calls loaded from audio). NotFound if not the manager's."""
    rows = store.rows(
        "SELECT c.source_path FROM calls c JOIN reps r ON r.rep_id = c.rep_id WHERE c.call_id = ? AND r.manager_id = ?",
        [call_id, manager_id],
    )
    if not rows:
        raise NotFound(f"no call {call_id}")
    return rows[0]["source_path"]


# -- decisions --------------------------------------------------------------------------------


def decide(
    store: Store,
    manager_id: str,
    call_id: str,
    behaviour: str,
    decision: str,
    *,
    diagnosis: str | None = None,
    reason: str | None = None,
    note: str | None = None,
    expected_current: int | None = None,
) -> int:
    """Record a decision on a finding; returns its observation_id.

    `expected_current` is the decision the manager saw (None: none). If the finding was decided or
    undone since, nothing is written and `Conflict` says so: a double submit never records twice.
    """
    diagnosis, note = (diagnosis or "").strip() or None, (note or "").strip() or None
    if decision not in DECISIONS:
        raise Invalid(f"unknown decision {decision!r}", "action")
    if decision == "confirmed" and not diagnosis:
        raise Invalid("Write the diagnosis: what the rep did, at which moment.", "diagnosis")
    if decision == "dismissed":
        if reason not in DISMISS_REASONS:
            raise Invalid("Pick why this moment is dismissed.", "reason")
        if reason == "other" and not note:
            raise Invalid("Say why, in a few words, when the reason is 'other'.", "note")
    else:
        reason = None
    with store.transaction() as con:
        finding = _one(con, _OWN_FINDING, [call_id, behaviour, manager_id])
        if finding is None:
            raise NotFound(f"no moment {call_id}/{behaviour}")
        current = _current_decision(con, call_id, behaviour)
        if (current["observation_id"] if current else None) != expected_current:
            raise Conflict(_changed_message(current))
        return con.execute(
            "INSERT INTO observations (call_id, behaviour, manager_id, decision, diagnosis, reason, note,"
            " finding_quote, finding_verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING observation_id",
            [call_id, behaviour, manager_id, decision, diagnosis, reason, note, finding["quote"], finding["verdict"]],
        ).fetchone()[0]


def undo(store: Store, manager_id: str, call_id: str, behaviour: str, observation_id: int) -> dict | None:
    """Cancel the current decision `observation_id` with an `undone` event; returns the decision now current."""
    with store.transaction() as con:
        finding = _one(con, _OWN_FINDING, [call_id, behaviour, manager_id])
        if finding is None:
            raise NotFound(f"no moment {call_id}/{behaviour}")
        current = _current_decision(con, call_id, behaviour)
        if current is None or current["observation_id"] != observation_id:
            raise Conflict(_changed_message(current))
        con.execute(
            "INSERT INTO observations (call_id, behaviour, manager_id, decision, undoes_observation_id,"
            " finding_quote, finding_verdict) VALUES (?, ?, ?, 'undone', ?, ?, ?)",
            [call_id, behaviour, manager_id, observation_id, finding["quote"], finding["verdict"]],
        )
        return _current_decision(con, call_id, behaviour)


def _changed_message(current: dict | None) -> str:
    if current is None:
        return "This moment changed since you opened it: it has no decision now. Reload to see it."
    return (
        f"This moment changed since you opened it: it is now {current['decision']} "
        f"(by {current['manager_id']} at {current['decided_at']:%Y-%m-%d %H:%M}). Reload to see it."
    )


# -- practice plans ---------------------------------------------------------------------------

_OWN_OBSERVATION = """
    SELECT o.*, c.rep_id, c.started_at, coalesce(r.rep_name, r.rep_id) AS rep_name, f.start AS moment_start
    FROM observations o JOIN calls c USING (call_id) JOIN reps r ON r.rep_id = c.rep_id
    LEFT JOIN findings f ON f.call_id = o.call_id AND f.behaviour = o.behaviour
    WHERE o.observation_id = ? AND r.manager_id = ?
"""


def plan_options(store: Store, manager_id: str, observation_id: int) -> dict:
    """What the plan form offers: the diagnosis, the rep's calls after it, the rep's deals."""
    with _reading(store) as con:
        diagnosis = _one(con, _OWN_OBSERVATION, [observation_id, manager_id])
        if diagnosis is None:
            raise NotFound(f"no diagnosis {observation_id}")
        current = _current_decision(con, diagnosis["call_id"], diagnosis["behaviour"])
        diagnosis["is_current"] = bool(current and current["observation_id"] == observation_id)
        later_calls = _dicts(
            con,
            "SELECT call_id, started_at, call_type, deal_id FROM calls WHERE rep_id = ? AND started_at > ?"
            " ORDER BY started_at LIMIT 10",
            [diagnosis["rep_id"], diagnosis["started_at"]],
        )
        deals = _dicts(
            con,
            "SELECT deal_id, max(deal_stage) AS deal_stage, max(started_at) AS last_call FROM calls"
            " WHERE rep_id = ? AND deal_id IS NOT NULL GROUP BY deal_id ORDER BY last_call DESC",
            [diagnosis["rep_id"]],
        )
        return {"diagnosis": diagnosis, "later_calls": later_calls, "deals": deals}


def create_plan(store: Store, manager_id: str, draft: PlanInput) -> int:
    """A practice plan from a current confirmed diagnosis; returns its plan_id."""
    alternative = draft.alternative_behaviour.strip()
    if not alternative:
        raise Invalid("Describe the alternative behaviour the rep will practise.", "alternative_behaviour")
    if not (draft.apply_call_id or draft.apply_deal_id or draft.apply_date):
        raise Invalid("Pick the call or deal where the rep will apply it, or a date.", "apply")
    if draft.follow_up_date is None:
        raise Invalid("Set the follow-up date.", "follow_up_date")
    with store.transaction() as con:
        diagnosis = _one(con, _OWN_OBSERVATION, [draft.observation_id, manager_id])
        if diagnosis is None:
            raise NotFound(f"no diagnosis {draft.observation_id}")
        current = _current_decision(con, diagnosis["call_id"], diagnosis["behaviour"])
        if diagnosis["decision"] != "confirmed" or not current or current["observation_id"] != draft.observation_id:
            raise Conflict("A practice plan starts from a confirmed diagnosis, and this one is no longer current.")
        if (
            draft.apply_call_id
            and not con.execute(
                "SELECT 1 FROM calls WHERE call_id = ? AND rep_id = ?", [draft.apply_call_id, diagnosis["rep_id"]]
            ).fetchone()
        ):
            raise Invalid(f"{draft.apply_call_id} is not one of {diagnosis['rep_name']}'s calls.", "apply_call_id")
        if (
            draft.apply_deal_id
            and not con.execute(
                "SELECT 1 FROM calls WHERE deal_id = ? AND rep_id = ?", [draft.apply_deal_id, diagnosis["rep_id"]]
            ).fetchone()
        ):
            raise Invalid(f"{draft.apply_deal_id} is not one of {diagnosis['rep_name']}'s deals.", "apply_deal_id")
        status = "practised" if draft.practised_on else "planned"
        plan_id = con.execute(
            "INSERT INTO coaching_plans (rep_id, observation_id, behaviour, alternative_behaviour, practised_at,"
            " apply_call_id, apply_deal_id, apply_date, follow_up_date, status, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING plan_id",
            [
                diagnosis["rep_id"],
                draft.observation_id,
                diagnosis["behaviour"],
                alternative,
                draft.practised_on,
                draft.apply_call_id,
                draft.apply_deal_id,
                draft.apply_date,
                draft.follow_up_date,
                status,
                manager_id,
            ],
        ).fetchone()[0]
        con.execute(
            "INSERT INTO coaching_plan_events (plan_id, status, happened_on, recorded_by) VALUES (?, 'planned', current_date, ?)",
            [plan_id, manager_id],
        )
        if draft.practised_on:
            con.execute(
                "INSERT INTO coaching_plan_events (plan_id, status, happened_on, note, recorded_by)"
                " VALUES (?, 'practised', ?, 'role-played', ?)",
                [plan_id, draft.practised_on, manager_id],
            )
        return plan_id


def advance_plan(
    store: Store,
    manager_id: str,
    plan_id: int,
    status: str,
    happened_on: date,
    note: str | None = None,
    outcome: str | None = None,
) -> None:
    """Move a plan one step on (planned → practised → applied → inspected), recording when and who."""
    if status not in PLAN_STEPS[1:]:
        raise Invalid(f"unknown plan step {status!r}", "status")
    if status == "inspected" and outcome not in INSPECTION_OUTCOMES:
        raise Invalid("Say whether the behaviour changed.", "outcome")
    with store.transaction() as con:
        row = con.execute(
            "SELECT p.status FROM coaching_plans p JOIN reps r ON r.rep_id = p.rep_id"
            " WHERE p.plan_id = ? AND r.manager_id = ?",
            [plan_id, manager_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no plan {plan_id}")
        if PLAN_STEPS.index(status) != PLAN_STEPS.index(row[0]) + 1:
            raise Conflict(f"This plan is {row[0]}; it cannot move to {status}. Reload to see it.")
        con.execute(
            "UPDATE coaching_plans SET status = ?,"
            " practised_at = CASE WHEN ? = 'practised' THEN CAST(? AS TIMESTAMP) ELSE practised_at END"
            " WHERE plan_id = ?",
            [status, status, happened_on, plan_id],
        )
        con.execute(
            "INSERT INTO coaching_plan_events (plan_id, status, happened_on, outcome, note, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                plan_id,
                status,
                happened_on,
                outcome if status == "inspected" else None,
                (note or "").strip() or None,
                manager_id,
            ],
        )


_PLANS = """
    SELECT p.*, coalesce(r.rep_name, r.rep_id) AS rep_name, o.call_id, o.diagnosis, o.finding_quote,
           (lo.observation_id IS NULL) AS diagnosis_withdrawn
    FROM coaching_plans p
    JOIN reps r ON r.rep_id = p.rep_id
    LEFT JOIN observations o ON o.observation_id = p.observation_id
    LEFT JOIN latest_observations lo ON lo.observation_id = p.observation_id
    WHERE r.manager_id = ?
"""


def plans(store: Store, manager_id: str, rep_id: str | None = None) -> list[dict]:
    """The team's plans, the ones still open first, by follow-up date."""
    sql, params = _PLANS, [manager_id]
    if rep_id:
        sql += " AND p.rep_id = ?"
        params.append(rep_id)
    return store.rows(sql + " ORDER BY p.status = 'inspected', p.follow_up_date NULLS LAST, p.plan_id", params)


def plan(store: Store, manager_id: str, plan_id: int) -> dict:
    """One plan with its history and, once the apply call is loaded, that call's verdict on the behaviour."""
    with _reading(store) as con:
        found = _one(con, _PLANS + " AND p.plan_id = ?", [manager_id, plan_id])
        if found is None:
            raise NotFound(f"no plan {plan_id}")
        found["events"] = _dicts(
            con, "SELECT * FROM coaching_plan_events WHERE plan_id = ? ORDER BY event_id", [plan_id]
        )
        found["applied_finding"] = (
            _one(
                con,
                "SELECT f.call_id, f.behaviour, f.verdict, f.quote, f.start FROM findings f"
                " WHERE f.call_id = ? AND f.behaviour = ?",
                [found["apply_call_id"], found["behaviour"]],
            )
            if found["apply_call_id"]
            else None
        )
        return found


# -- feedback for the classifier --------------------------------------------------------------


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
