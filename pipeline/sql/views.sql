-- Views analysts read. Re-created on every migration run (CREATE OR REPLACE), so editing this
-- file is enough to change them.

-- Weekly applicability and gap rate per rep and behaviour.
CREATE OR REPLACE VIEW behaviour_trends AS
SELECT
    c.rep_id,
    CAST(date_trunc('week', c.started_at) AS DATE) AS week,
    f.behaviour,
    count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable_calls,
    count(*) FILTER (WHERE f.verdict = 'gap') AS gap_calls,
    CASE WHEN count(*) FILTER (WHERE f.verdict <> 'not_applicable') = 0 THEN NULL
         ELSE round(count(*) FILTER (WHERE f.verdict = 'gap')
                    / count(*) FILTER (WHERE f.verdict <> 'not_applicable'), 4)
    END AS gap_rate
FROM findings f
JOIN calls c USING (call_id)
GROUP BY ALL;

-- The latest manager decision on each finding (decisions are append-only events).
CREATE OR REPLACE VIEW latest_observations AS
SELECT * EXCLUDE (rank_in_finding)
FROM (
    SELECT o.*, row_number() OVER (PARTITION BY call_id, behaviour ORDER BY decided_at DESC, observation_id DESC)
               AS rank_in_finding
    FROM observations o
)
WHERE rank_in_finding = 1 AND decision <> 'undone';

-- Quarantined items still waiting for a fix.
CREATE OR REPLACE VIEW open_quarantine AS
SELECT * FROM quarantine WHERE resolved_at IS NULL;
