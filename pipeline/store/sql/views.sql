-- Views analysts read. Re-created on every migration run (CREATE OR REPLACE), so editing this
-- file is enough to change them.

-- ==== Shared definitions: written once here, read by every view and every query ================

-- The gap rate: the share of applicable calls with a gap, NULL when no call applied.
CREATE OR REPLACE MACRO gap_rate(gap_calls, applicable_calls) AS
    round(gap_calls / nullif(applicable_calls, 0), 4);

-- Every cycle of every practice plan (migration 012): cycle 1 is the plan row, each later cycle
-- a `coaching_plan_cycles` row, started after an inspection found "not yet". Per cycle: what to
-- practise, where it is applied, its current step (`status`: the cycle's latest step event, by
-- event_id), its role-play date (`practised_at`), and its inspection, whoever recorded it (a
-- manager or the pipeline, `inspected_by`): `outcome` changed | not_yet, `inspected_on`.
CREATE OR REPLACE VIEW plan_cycles AS
WITH cycles AS (
    SELECT plan_id, 1 AS cycle, alternative_behaviour, apply_call_id, apply_deal_id, apply_date, follow_up_date,
           CAST(NULL AS VARCHAR) AS note, created_by, created_at
    FROM coaching_plans
    UNION ALL
    SELECT plan_id, cycle, alternative_behaviour, apply_call_id, apply_deal_id, apply_date, follow_up_date,
           note, created_by, created_at
    FROM coaching_plan_cycles
),
steps AS (
    SELECT plan_id, cycle,
           arg_max(status, event_id) AS status,
           CAST(arg_max(happened_on, event_id) FILTER (WHERE status = 'practised') AS TIMESTAMP) AS practised_at,
           arg_max(happened_on, event_id) FILTER (WHERE status = 'inspected') AS inspected_on,
           arg_max(outcome, event_id) FILTER (WHERE status = 'inspected') AS outcome,
           arg_max(recorded_by, event_id) FILTER (WHERE status = 'inspected') AS inspected_by,
           arg_max(note, event_id) FILTER (WHERE status = 'inspected') AS inspection_note
    FROM coaching_plan_events
    GROUP BY plan_id, cycle
),
-- each plan's last cycle by a grouping, not a window: a window costs every page that reads plans ~10 ms
latest AS (SELECT plan_id, max(cycle) AS last_cycle FROM cycles GROUP BY plan_id)
SELECT c.*, s.status, s.practised_at, s.inspected_on, s.outcome, s.inspected_by, s.inspection_note,
       c.cycle = l.last_cycle AS is_current
FROM cycles c
JOIN latest l USING (plan_id)
LEFT JOIN steps s USING (plan_id, cycle);

-- Every practice plan as it stands now: its current cycle's wording, apply-on target, follow-up
-- date, step (`status`) and role-play date (`practised_at`), and which cycle that is. Plan steps
-- are append-only events (migrations 008 and 012); readers take plans from here, never from
-- `coaching_plans`.
CREATE OR REPLACE VIEW practice_plans AS
SELECT p.* REPLACE (c.alternative_behaviour AS alternative_behaviour, c.apply_call_id AS apply_call_id,
                    c.apply_deal_id AS apply_deal_id, c.apply_date AS apply_date, c.follow_up_date AS follow_up_date),
       c.status, c.practised_at, c.cycle, c.created_at AS cycle_started_at
FROM coaching_plans p
JOIN plan_cycles c ON c.plan_id = p.plan_id AND c.is_current;

-- The one access rule: a manager sees the reps of their own team. Queries over reps' data join
-- `team_reps(?)` instead of `reps` with a condition of their own.
CREATE OR REPLACE MACRO team_reps(manager) AS TABLE
    SELECT * FROM reps WHERE manager_id = manager;

-- Weekly applicability and gap rate per rep and behaviour, from the weekly rollup that every
-- write keeps up to date (migration 013, pipeline/store/rollups.py).
CREATE OR REPLACE VIEW behaviour_trends AS
SELECT rep_id, week, behaviour,
       CAST(applicable_calls AS BIGINT) AS applicable_calls,
       CAST(gap_calls AS BIGINT) AS gap_calls,
       gap_rate(gap_calls, applicable_calls) AS gap_rate
FROM rep_behaviour_weeks;

-- The current manager decision on each finding (decisions are append-only events): the latest
-- decision that no `undone` event cancels (`undoes_observation_id`, migration 003). Undoing the
-- latest decision therefore restores the one before it.
-- (The latest picked by a grouping, not a window: most page queries read this view, and the window
-- cost each of them a few ms more. A decision without a time comes before every timed one.)
CREATE OR REPLACE VIEW latest_observations AS
WITH standing AS (
    SELECT o.* FROM observations o
    WHERE o.decision <> 'undone'
      AND NOT EXISTS (SELECT 1 FROM observations u
                      WHERE u.decision = 'undone' AND u.undoes_observation_id = o.observation_id)
),
latest AS (
    SELECT arg_max(observation_id, (coalesce(decided_at, '-infinity'::TIMESTAMP), observation_id)) AS observation_id
    FROM standing
    GROUP BY call_id, behaviour
)
SELECT s.* FROM standing s SEMI JOIN latest USING (observation_id);

-- A reviewed call: the one definition every count of reviews reads (the Coaching page, the team
-- roll-up, the reports; pipeline/coaching/cadence.py). A call counts once per manager, at that
-- manager's first decision on any of its moments (confirmed, strength or dismissed) that no undo
-- cancelled, in the ISO week (Monday to Sunday, `review_week` is its Monday) of that decision.
-- `decided_at` is the server's local time, the clock the app reads "today" from.
CREATE OR REPLACE VIEW call_reviews AS
SELECT o.manager_id, c.rep_id, o.call_id, min(o.decided_at) AS reviewed_at,
       CAST(date_trunc('week', min(o.decided_at)) AS DATE) AS review_week
FROM observations o
JOIN calls c USING (call_id)
WHERE o.decision <> 'undone'
  AND NOT EXISTS (SELECT 1 FROM observations u
                  WHERE u.decision = 'undone' AND u.undoes_observation_id = o.observation_id)
GROUP BY o.manager_id, c.rep_id, o.call_id;

-- Quarantined items still waiting for a fix.
CREATE OR REPLACE VIEW open_quarantine AS
SELECT * FROM quarantine WHERE resolved_at IS NULL;

-- ==== Triage (the managers' web app, pipeline/coaching/triage.py) ==========================================

-- What managers triage: every gap, and every strength worth reinforcing: a `met` with evidence on
-- a behaviour the same rep missed on another call within 60 days of it (call days at most 60 days
-- apart). Each moment's kind is kept by the write that loads or removes a call (migration 014,
-- pipeline/store/moments.py).
CREATE OR REPLACE VIEW triage_candidates AS
SELECT call_id, rep_id, started_at, call_type, deal_id, behaviour, verdict, evidence,
       missing, start, "end", quote, confidence, detector, kind
FROM moments
WHERE kind IS NOT NULL;

-- ---- Batch and analyst views ------------------------------------------------------------------
-- Windows below are anchored on the most recent call loaded (`as_of`), not on today, so a
-- database that is not loaded every night still reads sensibly.

-- Per rep and behaviour: all-time applicability and gap rate, and the last 4 weeks against the
-- 4 weeks before them. A rate is NULL when no call in its window was applicable. All-time counts
-- come from the weekly rollup, the windows from the daily one (migration 013).
CREATE OR REPLACE VIEW rep_scorecard AS
WITH anchor AS (
    SELECT CAST(max(started_at) AS DATE) AS as_of FROM calls
),
totals AS (
    SELECT rep_id, behaviour, sum(calls) AS calls, sum(applicable_calls) AS applicable_calls,
           sum(gap_calls) AS gap_calls
    FROM rep_behaviour_weeks
    GROUP BY rep_id, behaviour
),
windows AS (
    SELECT d.rep_id, d.behaviour,
           sum(d.applicable_calls) FILTER (WHERE d.call_date > a.as_of - 28) AS last_4w_applicable,
           sum(d.gap_calls) FILTER (WHERE d.call_date > a.as_of - 28) AS last_4w_gaps,
           sum(d.applicable_calls) FILTER (WHERE d.call_date <= a.as_of - 28) AS prev_4w_applicable,
           sum(d.gap_calls) FILTER (WHERE d.call_date <= a.as_of - 28) AS prev_4w_gaps
    FROM rep_behaviour_days d, anchor a
    WHERE d.call_date > a.as_of - 56
    GROUP BY d.rep_id, d.behaviour
),
counted AS (
    SELECT t.rep_id, t.behaviour, a.as_of,
           CAST(t.calls AS BIGINT) AS calls,
           CAST(t.applicable_calls AS BIGINT) AS applicable_calls,
           CAST(t.gap_calls AS BIGINT) AS gap_calls,
           CAST(coalesce(w.last_4w_applicable, 0) AS BIGINT) AS last_4w_applicable,
           CAST(coalesce(w.last_4w_gaps, 0) AS BIGINT) AS last_4w_gaps,
           CAST(coalesce(w.prev_4w_applicable, 0) AS BIGINT) AS prev_4w_applicable,
           CAST(coalesce(w.prev_4w_gaps, 0) AS BIGINT) AS prev_4w_gaps
    FROM totals t CROSS JOIN anchor a
    LEFT JOIN windows w USING (rep_id, behaviour)
)
SELECT c.rep_id, r.rep_name, r.manager_id, c.behaviour, c.as_of,
       c.calls, c.applicable_calls, c.gap_calls,
       gap_rate(c.gap_calls, c.applicable_calls) AS gap_rate,
       c.last_4w_applicable, c.last_4w_gaps,
       gap_rate(c.last_4w_gaps, c.last_4w_applicable) AS last_4w_gap_rate,
       c.prev_4w_applicable, c.prev_4w_gaps,
       gap_rate(c.prev_4w_gaps, c.prev_4w_applicable) AS prev_4w_gap_rate,
       round(c.last_4w_gaps / nullif(c.last_4w_applicable, 0)
             - c.prev_4w_gaps / nullif(c.prev_4w_applicable, 0), 4) AS gap_rate_change
FROM counted c
LEFT JOIN reps r USING (rep_id);

-- One row per finding that points at a moment of a call (verdict met or gap; not_applicable
-- findings have no moment): who, when, what was said, where in the recording. Read from
-- `moments` (migration 014), which every write keeps beside the findings.
CREATE OR REPLACE VIEW finding_moments AS
SELECT m.call_id, m.rep_id, r.rep_name, r.manager_id,
       CAST(m.started_at AS DATE) AS call_date, m.started_at AS call_started_at,
       m.call_type, m.deal_id, m.deal_stage,
       m.behaviour, m.verdict, m.missing, m.evidence,
       m.start, m."end",
       m.started_at + to_milliseconds(CAST(round(m.start * 1000) AS BIGINT)) AS moment_at,
       m.quote, m.confidence, m.detector, m.source_path
FROM moments m
LEFT JOIN reps r ON r.rep_id = m.rep_id;

-- The batch runs, newest first, with throughput.
CREATE OR REPLACE VIEW batch_runs AS
SELECT run_id, status, orchestrator, task_runner, workers, started_at, finished_at,
       discovered, processed, skipped, failed, audio_hours, x_realtime,
       round(processed / nullif(wall_seconds, 0) * 60, 2) AS calls_per_minute,
       wall_seconds, stage_seconds, error, flow_run_id
FROM pipeline_runs
ORDER BY started_at DESC;
-- ---- end of batch and analyst views -----------------------------------------------------------

-- ---- Coaching loop (migration 004) ---------------------------------------------------------

-- The manager's latest focus choice per rep. An empty list means the choice was cleared and the
-- focus is derived from data (pipeline/coaching/focus.py).
-- (A grouping, not a window: every page reads the team's focus.)
CREATE OR REPLACE VIEW manager_rep_focus AS
SELECT rep_id, behaviours, reason, set_by, set_at
FROM rep_focus_events
WHERE event_id IN (
    SELECT arg_max(event_id, (coalesce(set_at, '-infinity'::TIMESTAMP), event_id)) FROM rep_focus_events GROUP BY rep_id
);

-- Each performance concern with where it stands: the latest conversation date, follow-up date and
-- outcome recorded for it (events override the dates set when the concern was raised).
CREATE OR REPLACE VIEW performance_concern_status AS
WITH latest AS (
    SELECT concern_id, kind, happened_on, outcome, note,
           row_number() OVER (PARTITION BY concern_id, kind ORDER BY recorded_at DESC, event_id DESC) AS rank_in_kind
    FROM performance_concern_events
)
SELECT p.*,
       coalesce(held.happened_on, p.conversation_date) AS conversation_held_on,
       coalesce(follow.happened_on, p.follow_up_date) AS follow_up_on,
       result.outcome, result.note AS outcome_note, result.happened_on AS outcome_on,
       closed.concern_id IS NOT NULL AS closed
FROM performance_concerns p
LEFT JOIN latest held ON held.concern_id = p.concern_id AND held.kind = 'conversation_held' AND held.rank_in_kind = 1
LEFT JOIN latest follow ON follow.concern_id = p.concern_id AND follow.kind = 'follow_up_set' AND follow.rank_in_kind = 1
LEFT JOIN latest result ON result.concern_id = p.concern_id AND result.kind = 'outcome' AND result.rank_in_kind = 1
LEFT JOIN latest closed ON closed.concern_id = p.concern_id AND closed.kind = 'closed' AND closed.rank_in_kind = 1;

-- ---- Reports (migration 005) ----------------------------------------------------------------

-- Each cycle of each coaching plan with the pipeline's inspection that decided it
-- (pipeline/coaching/inspection.py): the call the rep applied the behaviour on, and whether it was
-- shown there; and the cycle's outcome, whether the pipeline or a manager inspected it. Cycles
-- without a deciding call have NULL call columns; calls that gave no chance to apply it
-- (not_applicable) are left out.
CREATE OR REPLACE VIEW plan_outcomes AS
WITH deciding AS (
    SELECT i.*, row_number() OVER (PARTITION BY i.plan_id, i.cycle ORDER BY i.inspected_at, i.call_id) AS rank_in_cycle
    FROM plan_inspections i
    WHERE i.applied IS NOT NULL
)
SELECT p.plan_id, p.rep_id, p.behaviour, k.cycle, k.status, p.created_at, k.follow_up_date,
       d.call_id AS inspected_call_id, c.started_at AS inspected_call_at, d.verdict, d.applied,
       d.quote, d.start, d.matched_by, d.inspected_at,
       k.outcome, k.inspected_on, k.inspected_by
FROM coaching_plans p
JOIN plan_cycles k ON k.plan_id = p.plan_id
LEFT JOIN deciding d ON d.plan_id = p.plan_id AND d.cycle = k.cycle AND d.rank_in_cycle = 1
LEFT JOIN calls c ON c.call_id = d.call_id;

-- Each CRM opportunity's current stage (the latest stage it entered) and its latest owner.
CREATE OR REPLACE VIEW crm_current_stage AS
SELECT opportunity_id, rep_id, stage, entered_at, amount
FROM (
    SELECT *, row_number() OVER (PARTITION BY opportunity_id ORDER BY entered_at DESC, stage) AS rank_in_opportunity
    FROM crm_stage_history
)
WHERE rank_in_opportunity = 1;
