-- Rollups: counts of findings per rep, behaviour and day or ISO week of the call, written by the
-- same transaction as the call's findings (pipeline/store/rollups.py), so that pages, reports and
-- the analyst views read small tables instead of every finding. `calls` counts the findings of the
-- behaviour (one per call); a NULL day or week holds the calls without a start time.

CREATE TABLE rep_behaviour_days (
    rep_id           VARCHAR NOT NULL,
    behaviour        VARCHAR NOT NULL,
    call_date        DATE,
    calls            INTEGER NOT NULL,
    applicable_calls INTEGER NOT NULL,
    gap_calls        INTEGER NOT NULL,
    met_calls        INTEGER NOT NULL
);

CREATE TABLE rep_behaviour_weeks (
    rep_id           VARCHAR NOT NULL,
    behaviour        VARCHAR NOT NULL,
    week             DATE,
    calls            INTEGER NOT NULL,
    applicable_calls INTEGER NOT NULL,
    gap_calls        INTEGER NOT NULL,
    met_calls        INTEGER NOT NULL
);

-- The calls loaded before this migration.
INSERT INTO rep_behaviour_days
SELECT c.rep_id, f.behaviour, CAST(c.started_at AS DATE),
       count(*),
       count(*) FILTER (WHERE f.verdict <> 'not_applicable'),
       count(*) FILTER (WHERE f.verdict = 'gap'),
       count(*) FILTER (WHERE f.verdict = 'met')
FROM findings f JOIN calls c USING (call_id)
GROUP BY ALL
ORDER BY ALL;

-- A call's week is the week of its day.
INSERT INTO rep_behaviour_weeks
SELECT rep_id, behaviour, CAST(date_trunc('week', call_date) AS DATE),
       sum(calls), sum(applicable_calls), sum(gap_calls), sum(met_calls)
FROM rep_behaviour_days
GROUP BY ALL
ORDER BY ALL;
