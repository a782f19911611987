"""What a manager triages: the team, the queue of moments, one moment, the calls to review next.

Every read is scoped to the manager's reps with `team_reps(?)` (views.sql): another team's rep,
call or moment is `NotFound`, the same answer as an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.config import CoachingSettings
from pipeline.errors import NotFound
from pipeline.store.database import Store, one, rows
from pipeline.store.observations import current_decision, last_wording, own_finding

# The candidates of `triage_candidates` (views.sql) with the lowest speaker confidence of their
# evidence: the `moments` the batch keeps (pipeline/store/moments.py) that managers triage.
_CANDIDATES = "(SELECT * FROM moments WHERE kind IS NOT NULL)"
# What a queue item holds of its candidate: the columns of `triage_candidates`.
_CANDIDATE_COLUMNS = ", ".join(
    f"t.{name}"
    for name in (
        "call_id", "rep_id", "started_at", "call_type", "deal_id", "behaviour", "verdict", "evidence",
        "missing", "start", '"end"', "quote", "confidence", "detector", "kind",
    )
)  # fmt: skip


@dataclass(frozen=True)
class QueueFilters:
    rep_id: str | None = None
    behaviours: tuple[str, ...] | None = None  # None: every behaviour (the behaviour and skill filters end up here)
    call_type: str | None = None
    since: date | None = None
    until: date | None = None
    status: str = "open"  # open (no current decision) | decided | all
    kind: str | None = None  # gap | strength
    # Free text, matched (case-insensitive) in the quote, the rep's name, the deal and its account; a moment
    # also matches when its behaviour is one of `text_behaviours` (the caller matches the labels).
    text: str | None = None
    text_behaviours: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueuePage:
    items: list[dict]
    total: int  # moments matching the filters, on every page
    page: int  # 1-based
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """The position (1-based) of the page's first moment in the queue; 0 when the page is empty."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0


def team(store: Store, manager_id: str) -> list[dict]:
    """The manager's reps, with how many moments wait for a decision."""
    # Counted with an inner join first: the team's moments only, then every rep of the team.
    return store.rows(
        f"""
        WITH open AS (
            SELECT t.rep_id, count(*) AS open_moments
            FROM {_CANDIDATES} t
            JOIN team_reps(?) r ON r.rep_id = t.rep_id
            LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
            WHERE lo.observation_id IS NULL
            GROUP BY t.rep_id
        )
        SELECT r.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name, coalesce(o.open_moments, 0) AS open_moments
        FROM team_reps(?) r LEFT JOIN open o ON o.rep_id = r.rep_id
        ORDER BY rep_name
        """,
        [manager_id, manager_id],
    )


def _focus_keys(focus: Mapping[str, Sequence[str]] | None) -> list[str]:
    """Each rep's focus behaviour as 'rep_id<US>behaviour': one list parameter for the SQL below."""
    return [f"{rep_id}\x1f{behaviour}" for rep_id, behaviours in (focus or {}).items() for behaviour in behaviours]


# The queue's order: moments on a rep's focus first, then newest calls first, then by time in the call.
_QUEUE_ORDER = "in_focus DESC, t.started_at DESC NULLS LAST, t.call_id DESC, t.start NULLS LAST, t.behaviour"
# The same order as one value per moment: lower keys come first.
_QUEUE_KEY = (
    "create_sort_key(t.in_focus, 'DESC NULLS LAST', t.started_at, 'DESC NULLS LAST', t.call_id, 'DESC NULLS LAST',"
    " t.start, 'ASC NULLS LAST', t.behaviour, 'ASC NULLS LAST')"
)


def _queue_query(
    manager_id: str, filters: QueueFilters, focus: Mapping[str, Sequence[str]] | None, sure_speaker_confidence: float
) -> tuple:
    """(SELECT of the manager's candidate moments that match `filters`, its parameters), unordered.

    `speaker_uncertain`: an evidence utterance's speaker_confidence is below `sure_speaker_confidence`."""
    behaviours = None if filters.behaviours is None else list(filters.behaviours)  # []: no behaviour at all
    text = (filters.text or "").strip() or None
    optional = (
        (filters.rep_id, "t.rep_id = ?"),
        (behaviours, "list_contains(?::VARCHAR[], t.behaviour)"),
        (filters.call_type, "t.call_type = ?"),
        (filters.since, "CAST(t.started_at AS DATE) >= ?"),
        (filters.until, "CAST(t.started_at AS DATE) <= ?"),
        (filters.kind, "t.kind = ?"),
    )
    given = [(value, condition) for value, condition in optional if value not in (None, "")]
    where = ["true", *(condition for _, condition in given)]
    params = [_focus_keys(focus), sure_speaker_confidence, manager_id, *(value for value, _ in given)]
    if text:
        # strpos, not LIKE: the text is matched as typed (a % or _ in it is no wildcard)
        where.append(
            "(strpos(lower(coalesce(t.quote, '')), lower(?)) > 0"
            " OR strpos(lower(coalesce(r.rep_name, r.rep_id)), lower(?)) > 0"
            " OR strpos(lower(coalesce(t.deal_id, '')), lower(?)) > 0"
            " OR t.deal_id IN (SELECT deal_id FROM deals WHERE strpos(lower(account_name), lower(?)) > 0)"
            " OR list_contains(?::VARCHAR[], t.behaviour))"
        )
        params += [text, text, text, text, list(filters.text_behaviours)]
    if filters.status == "open":
        where.append("lo.observation_id IS NULL")
    elif filters.status == "decided":
        where.append("lo.observation_id IS NOT NULL")
    sql = f"""
        SELECT {_CANDIDATE_COLUMNS}, coalesce(r.rep_name, r.rep_id) AS rep_name,
               lo.observation_id, lo.decision, lo.diagnosis, lo.reason, lo.manager_id AS decided_by, lo.decided_at,
               list_contains(?::VARCHAR[], t.rep_id || chr(31) || t.behaviour) AS in_focus,
               coalesce(t.evidence_speaker_confidence < ?, false) AS speaker_uncertain
        FROM {_CANDIDATES} t
        JOIN team_reps(?) r ON r.rep_id = t.rep_id
        LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
        WHERE {" AND ".join(where)}
        """
    return sql, params


def queue(
    store: Store,
    manager_id: str,
    filters: QueueFilters,
    focus: Mapping[str, Sequence[str]] | None = None,
    sure_speaker_confidence: float = CoachingSettings.sure_speaker_confidence,
) -> list[dict]:
    """Candidate observations of the manager's reps: newest calls first, then by time in the call.

    With `focus` (rep_id -> the rep's focus behaviours, pipeline/coaching/focus.py) the moments on each rep's
    focus come first (`in_focus`), newest calls first, then the rest in the same order.
    """
    sql, params = _queue_query(manager_id, filters, focus, sure_speaker_confidence)
    return store.rows(f"{sql} ORDER BY {_QUEUE_ORDER}", params)


def queue_page(
    store: Store,
    manager_id: str,
    filters: QueueFilters,
    focus: Mapping[str, Sequence[str]] | None = None,
    page: int = 1,
    per_page: int = 25,
    sure_speaker_confidence: float = CoachingSettings.sure_speaker_confidence,
) -> QueuePage:
    """One page of `queue` (1-based; a page past the end comes back empty) and how many moments match."""
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start at 1")
    sql, params = _queue_query(manager_id, filters, focus, sure_speaker_confidence)
    with store.connect(read_only=True) as con:
        total = one(con, f"SELECT count(*) AS n FROM ({sql})", params)["n"]
        items = rows(con, f"{sql} ORDER BY {_QUEUE_ORDER} LIMIT ? OFFSET ?", [*params, per_page, (page - 1) * per_page])
    return QueuePage(items, total, page, per_page)


def queue_neighbours(
    store: Store,
    manager_id: str,
    filters: QueueFilters,
    focus: Mapping[str, Sequence[str]] | None,
    call_id: str,
    behaviour: str,
    sure_speaker_confidence: float = CoachingSettings.sure_speaker_confidence,
) -> dict:
    """Where one moment stands in the queue: position (1-based, None when the filters leave it out),
    total, and the (call_id, behaviour) of the previous, the next and the first moment (or None).

    The next moment of the last one is None; `first` lets a caller wrap round."""
    sql, params = _queue_query(manager_id, filters, focus, sure_speaker_confidence)
    # One pass, no sort: each moment's place as a binary-comparable key of the queue's order
    # (sorting a large team's open moments to number them cost tens of ms).
    found = store.rows(
        f"""
        WITH keyed AS MATERIALIZED (  -- read twice below
            SELECT t.call_id, t.behaviour, {_QUEUE_KEY} AS place FROM ({sql}) t
        ),
        target AS (SELECT any_value(place) AS place FROM keyed WHERE call_id = ? AND behaviour = ?)
        SELECT count(*) AS total, arg_min([k.call_id, k.behaviour], k.place) AS first,
               CASE WHEN any_value(g.place) IS NOT NULL THEN 1 + count(*) FILTER (WHERE k.place < g.place) END
                   AS position,
               arg_max([k.call_id, k.behaviour], k.place) FILTER (WHERE k.place < g.place) AS previous,
               arg_min([k.call_id, k.behaviour], k.place) FILTER (WHERE k.place > g.place) AS next
        FROM keyed k, target g
        """,
        [*params, call_id, behaviour],
    )[0]
    key = lambda pair: tuple(pair) if pair else None  # noqa: E731
    return {
        "total": found["total"],
        "position": found["position"],
        "previous": key(found["previous"]),
        "next": key(found["next"]),
        "first": key(found["first"]),
    }


def suggested_calls(store: Store, manager_id: str, focus: Mapping[str, Sequence[str]], limit: int = 8) -> list[dict]:
    """The calls to review next: calls with moments on the rep's focus that have no decision yet, newest first."""
    keys = _focus_keys(focus)
    if not keys:
        return []
    # The newest calls picked first, then only their moments grouped (grouping every open focus
    # moment of the team to keep eight cost tens of ms on a large history).
    return store.rows(
        f"""
        WITH open AS MATERIALIZED (
            SELECT t.call_id, t.rep_id, t.started_at, t.call_type, t.deal_id, t.behaviour, t.start
            FROM {_CANDIDATES} t
            JOIN team_reps(?) r ON r.rep_id = t.rep_id
            LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
            WHERE lo.observation_id IS NULL
              AND list_contains(?::VARCHAR[], t.rep_id || chr(31) || t.behaviour)
        ),
        newest AS (
            SELECT call_id FROM open GROUP BY call_id, started_at
            ORDER BY started_at DESC NULLS LAST, call_id DESC LIMIT ?
        )
        SELECT o.call_id, o.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name, o.started_at, o.call_type, o.deal_id,
               list(DISTINCT o.behaviour ORDER BY o.behaviour) AS focus_behaviours,
               count(*) AS open_moments,
               min(o.start) AS first_moment
        FROM open o SEMI JOIN newest USING (call_id)
        JOIN reps r ON r.rep_id = o.rep_id
        GROUP BY ALL
        ORDER BY o.started_at DESC NULLS LAST, o.call_id DESC
        """,
        [manager_id, keys, limit],
    )


def moment(store: Store, manager_id: str, call_id: str, behaviour: str) -> dict:
    """One finding with its call, every utterance, the current decision, its history and plans, and
    the manager's last wording of its diagnosis (what the form shows again after an undo)."""
    with store.connect(read_only=True) as con:
        finding = own_finding(con, manager_id, call_id, behaviour)
        candidate = one(
            con,
            "SELECT kind FROM triage_candidates WHERE rep_id = ? AND call_id = ? AND behaviour = ?",
            [finding["rep_id"], call_id, behaviour],
        )
        finding["kind"] = candidate["kind"] if candidate else None
        return {
            "finding": finding,
            "utterances": rows(
                con,
                'SELECT idx, speaker, speaker_name, start, "end", text, speaker_confidence FROM utterances'
                " WHERE call_id = ? ORDER BY idx",
                [call_id],
            ),
            "decision": current_decision(con, call_id, behaviour),
            "last_wording": last_wording(con, call_id, behaviour),
            "history": rows(
                con,
                "SELECT * FROM observations WHERE call_id = ? AND behaviour = ? ORDER BY observation_id",
                [call_id, behaviour],
            ),
            "plans": rows(
                con,
                "SELECT p.* FROM practice_plans p JOIN observations o USING (observation_id)"
                " WHERE o.call_id = ? AND o.behaviour = ? ORDER BY p.plan_id",
                [call_id, behaviour],
            ),
        }


def finding_evidence(store: Store, manager_id: str, call_id: str, behaviour: str) -> dict:
    """One finding of the manager's team and its evidence utterances (what a suggestion quotes)."""
    with store.connect(read_only=True) as con:
        finding = own_finding(con, manager_id, call_id, behaviour)
        utterances = rows(
            con,
            'SELECT idx, speaker, speaker_name, start, "end", text FROM utterances'
            " WHERE call_id = ? AND list_contains(?::INTEGER[], idx) ORDER BY idx",
            [call_id, finding["evidence"] or []],
        )
        return {"finding": finding, "utterances": utterances}


def call_source(store: Store, manager_id: str, call_id: str) -> str | None:
    """The call's source file path (the recording, for calls loaded from audio). NotFound if not the manager's."""
    found = store.rows(
        "SELECT c.source_path FROM calls c JOIN team_reps(?) r ON r.rep_id = c.rep_id WHERE c.call_id = ?",
        [manager_id, call_id],
    )
    if not found:
        raise NotFound(f"no call {call_id}")
    return found[0]["source_path"]


def team_call(store: Store, manager_id: str, call_id: str) -> dict:
    """What names a call of the manager's team: rep_id, rep_name, call_type, started_at, deal_id, deal_stage.

    NotFound if the call is not the manager's."""
    found = store.rows(
        "SELECT c.call_id, c.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name, c.call_type, c.started_at,"
        " c.deal_id, c.deal_stage FROM calls c JOIN team_reps(?) r ON r.rep_id = c.rep_id WHERE c.call_id = ?",
        [manager_id, call_id],
    )
    if not found:
        raise NotFound(f"no call {call_id}")
    return found[0]


def calls_named(store: Store, call_ids: Sequence[str]) -> dict[str, dict]:
    """call_id -> what names the call (rep_name, call_type, started_at, deal_id), for ids the caller
    already read within its scope (a plan's apply call, a concern's evidence calls)."""
    if not call_ids:
        return {}
    found = store.rows(
        "SELECT c.call_id, coalesce(r.rep_name, c.rep_id) AS rep_name, c.call_type, c.started_at, c.deal_id"
        " FROM calls c LEFT JOIN reps r USING (rep_id) WHERE list_contains(?::VARCHAR[], c.call_id)",
        [list(dict.fromkeys(call_ids))],
    )
    return {row["call_id"]: row for row in found}
