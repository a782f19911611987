-- The loop repeats (coaching-system.md, step five: "If it did not work, diagnose why and practice
-- again"). A plan inspected with the outcome not_yet goes back to practice as a new cycle of the
-- same plan, with its own alternative wording, apply-on target, follow-up date, steps and
-- inspection; the cycles before it stay as they were. Cycle 1 is what the `coaching_plans` row
-- names; each later cycle is a row here. Append-only, like the steps: the view `plan_cycles`
-- (views.sql) gives every cycle with where it stands, `practice_plans` the current one.
CREATE TABLE coaching_plan_cycles (
    plan_id               BIGINT NOT NULL,
    cycle                 INTEGER NOT NULL CHECK (cycle >= 2),
    alternative_behaviour VARCHAR NOT NULL,
    apply_call_id         VARCHAR,
    apply_deal_id         VARCHAR,
    apply_date            DATE,
    follow_up_date        DATE,
    note                  VARCHAR,  -- why practise again: what the manager re-diagnosed
    created_by            VARCHAR NOT NULL,
    created_at            TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (plan_id, cycle)
);

-- Every step and every inspection of the pipeline belongs to one cycle; all before this belong
-- to the first.
ALTER TABLE coaching_plan_events ADD COLUMN cycle INTEGER DEFAULT 1;
ALTER TABLE plan_inspections ADD COLUMN cycle INTEGER DEFAULT 1;

-- The diagnosis text the form held when the manager dismissed a moment. A dismissal has no
-- diagnosis, but the words are the manager's: undoing the dismissal gives them back.
ALTER TABLE observations ADD COLUMN draft_diagnosis VARCHAR;
