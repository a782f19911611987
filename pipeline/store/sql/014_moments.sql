-- Moments: one row per finding that points at a moment of a call (verdict met or gap), with the
-- call's columns the pages filter, sort and show, the lowest speaker confidence among its evidence
-- utterances, and whether managers triage it (`kind`: gap; strength for a met with evidence on a
-- behaviour the rep missed on a call within 60 days; NULL otherwise). Written by the same
-- transaction as the call's findings and taken out with them (pipeline/store/moments.py), so
-- that the queue, the reports and the views `finding_moments` and `triage_candidates` read one
-- rep's or one team's rows instead of joining every finding to every call. Managers' decisions
-- stay events in `observations`, joined by the readers.

CREATE TABLE moments (
    call_id                     VARCHAR NOT NULL,
    behaviour                   VARCHAR NOT NULL,
    rep_id                      VARCHAR NOT NULL,
    started_at                  TIMESTAMP,
    call_type                   VARCHAR NOT NULL,
    deal_id                     VARCHAR,
    deal_stage                  VARCHAR,
    source_path                 VARCHAR,
    verdict                     VARCHAR NOT NULL,
    evidence                    INTEGER[],
    missing                     VARCHAR[],
    start                       DOUBLE,
    "end"                       DOUBLE,
    quote                       VARCHAR,
    confidence                  DOUBLE,
    detector                    VARCHAR,
    evidence_speaker_confidence DOUBLE,
    kind                        VARCHAR
);

-- The calls loaded before this migration, in rep order as pipeline/store/clustering.py keeps
-- them (a team's rows lie together, so a page reads a few row groups). A met finding is a strength when the sum of the rep's gaps of its behaviour over the
-- days at most 60 days from its call's day is above zero (a window over the daily rollup).
INSERT INTO moments
WITH evidence_confidence AS (
    SELECT f.call_id, f.behaviour, min(u.speaker_confidence) AS evidence_speaker_confidence
    FROM findings f JOIN utterances u ON u.call_id = f.call_id AND list_contains(f.evidence, u.idx)
    WHERE f.verdict <> 'not_applicable' AND len(f.evidence) > 0
    GROUP BY f.call_id, f.behaviour
),
gaps_near AS (
    SELECT rep_id, behaviour, call_date,
           sum(gap_calls) OVER (PARTITION BY rep_id, behaviour ORDER BY call_date
                                RANGE BETWEEN INTERVAL 60 DAYS PRECEDING AND INTERVAL 60 DAYS FOLLOWING) AS gaps
    FROM rep_behaviour_days
    WHERE call_date IS NOT NULL
)
SELECT f.call_id, f.behaviour, c.rep_id, c.started_at, c.call_type, c.deal_id, c.deal_stage, c.source_path,
       f.verdict, f.evidence, f.missing, f.start, f."end", f.quote, f.confidence, f.detector,
       e.evidence_speaker_confidence,
       CASE WHEN f.verdict = 'gap' THEN 'gap'
            WHEN f.verdict = 'met' AND len(f.evidence) > 0 AND g.gaps > 0 THEN 'strength' END
FROM findings f
JOIN calls c USING (call_id)
LEFT JOIN evidence_confidence e ON e.call_id = f.call_id AND e.behaviour = f.behaviour
LEFT JOIN gaps_near g ON g.rep_id = c.rep_id AND g.behaviour = f.behaviour AND g.call_date = CAST(c.started_at AS DATE)
WHERE f.verdict <> 'not_applicable'
ORDER BY c.rep_id, c.started_at NULLS FIRST, f.call_id, f.behaviour;

-- The rollups in rep order too (pipeline/store/clustering.py): loads appended them in time order.
CREATE TEMP TABLE clustered AS SELECT * FROM rep_behaviour_days ORDER BY rep_id, behaviour, call_date NULLS FIRST;
DELETE FROM rep_behaviour_days;
INSERT INTO rep_behaviour_days SELECT * FROM clustered ORDER BY rep_id, behaviour, call_date NULLS FIRST;
DROP TABLE clustered;
CREATE TEMP TABLE clustered AS SELECT * FROM rep_behaviour_weeks ORDER BY rep_id, behaviour, week NULLS FIRST;
DELETE FROM rep_behaviour_weeks;
INSERT INTO rep_behaviour_weeks SELECT * FROM clustered ORDER BY rep_id, behaviour, week NULLS FIRST;
DROP TABLE clustered;
