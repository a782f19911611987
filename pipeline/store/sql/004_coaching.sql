-- The rest of the coaching loop: each rep's focus, the pipeline's inspection of applied calls,
-- and performance concerns with the conversation held about them. All append-only; views in
-- views.sql give the current state.

-- A manager chooses (or clears) a rep's coaching focus: one or two behaviours.
-- The latest event per rep wins; an empty `behaviours` list clears the manager's choice, and the
-- focus falls back to the one derived from data (pipeline/coaching/focus.py).
CREATE SEQUENCE rep_focus_event_seq;
CREATE TABLE rep_focus_events (
    event_id    BIGINT PRIMARY KEY DEFAULT nextval('rep_focus_event_seq'),
    rep_id      VARCHAR NOT NULL,
    behaviours  VARCHAR[] NOT NULL,
    reason      VARCHAR,
    set_by      VARCHAR NOT NULL,
    set_at      TIMESTAMP DEFAULT current_timestamp
);

-- The pipeline's inspection of the call on which a rep applied a practised behaviour.
-- One row per (plan, call): rerunning the batch never duplicates it.
CREATE TABLE plan_inspections (
    plan_id       BIGINT NOT NULL,
    call_id       VARCHAR NOT NULL,
    behaviour     VARCHAR NOT NULL,
    verdict       VARCHAR NOT NULL,   -- the finding's verdict on that call: met | gap | not_applicable
    applied       BOOLEAN,            -- met: true, gap: false, not_applicable: NULL (no chance to apply)
    evidence      INTEGER[],
    quote         VARCHAR,
    start         DOUBLE,
    "end"         DOUBLE,
    -- why this call was chosen: apply_call | apply_deal | apply_date
    matched_by    VARCHAR NOT NULL,
    inspected_at  TIMESTAMP DEFAULT current_timestamp,
    run_id        VARCHAR,
    PRIMARY KEY (plan_id, call_id)
);

-- A performance concern about a rep, and the conversation held about it
-- (coaching-system.md, "The performance conversation structure").
CREATE SEQUENCE performance_concern_seq;
CREATE TABLE performance_concerns (
    concern_id        BIGINT PRIMARY KEY DEFAULT nextval('performance_concern_seq'),
    rep_id            VARCHAR NOT NULL,
    manager_id        VARCHAR NOT NULL,
    concern           VARCHAR NOT NULL,   -- "Stage-two opportunities go stale"
    behaviour         VARCHAR,            -- the named behaviour gap, when there is one
    evidence          VARCHAR NOT NULL,   -- numbers and call examples, as presented
    standard          VARCHAR NOT NULL,   -- the standard it is measured against
    expectation       VARCHAR,
    plan_id           BIGINT,             -- the coaching plan that addresses it
    conversation_date DATE,
    follow_up_date    DATE,
    follow_up_review  VARCHAR,            -- exactly what will be reviewed at follow-up
    created_at        TIMESTAMP DEFAULT current_timestamp
);

-- What happened to a concern after it was raised: the conversation held, the follow-up outcome.
-- Append-only; the latest event of each kind wins.
CREATE SEQUENCE performance_concern_event_seq;
CREATE TABLE performance_concern_events (
    event_id     BIGINT PRIMARY KEY DEFAULT nextval('performance_concern_event_seq'),
    concern_id   BIGINT NOT NULL,
    kind         VARCHAR NOT NULL,   -- conversation_held | follow_up_set | outcome | closed
    happened_on  DATE,
    outcome      VARCHAR,            -- outcome only: improved | not_improved | escalated
    note         VARCHAR,
    recorded_by  VARCHAR NOT NULL,
    recorded_at  TIMESTAMP DEFAULT current_timestamp
);
