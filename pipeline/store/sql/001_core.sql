-- Core tables of coachloop. Column names match the JSON fields of DESIGN.md where they overlap.

CREATE TABLE reps (
    rep_id      VARCHAR PRIMARY KEY,
    rep_name    VARCHAR,
    manager_id  VARCHAR,
    created_at  TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE calls (
    call_id         VARCHAR PRIMARY KEY,
    rep_id          VARCHAR NOT NULL,
    started_at      TIMESTAMP,
    call_type       VARCHAR NOT NULL,
    deal_id         VARCHAR,
    deal_stage      VARCHAR,
    duration_s      DOUBLE,
    source_path     VARCHAR,
    source_format   VARCHAR,
    -- sha256 of the source file: a call is loaded once per content.
    content_hash    VARCHAR NOT NULL,
    -- what produced the transcript (model, options) and the findings (rule versions).
    transcript_info JSON,
    analysis_info   JSON,
    loaded_at       TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE utterances (
    call_id            VARCHAR NOT NULL,
    idx                INTEGER NOT NULL,
    speaker            VARCHAR NOT NULL,
    speaker_name       VARCHAR,
    start              DOUBLE NOT NULL,
    "end"              DOUBLE NOT NULL,
    text               VARCHAR NOT NULL,
    speaker_confidence DOUBLE,
    words              JSON,
    PRIMARY KEY (call_id, idx)
);

CREATE TABLE findings (
    call_id     VARCHAR NOT NULL,
    behaviour   VARCHAR NOT NULL,
    verdict     VARCHAR NOT NULL,
    evidence    INTEGER[],
    missing     VARCHAR[],
    start       DOUBLE,
    "end"       DOUBLE,
    quote       VARCHAR,
    confidence  DOUBLE,
    detector    VARCHAR,
    PRIMARY KEY (call_id, behaviour)
);

CREATE TABLE call_metrics (
    call_id             VARCHAR PRIMARY KEY,
    talk_ratio          DOUBLE,
    longest_monologue_s DOUBLE,
    rep_questions       INTEGER,
    interactivity       DOUBLE,
    patience_s          DOUBLE
);

-- Manager decisions on findings: append-only events; the latest per finding wins.
CREATE SEQUENCE observation_seq;
CREATE TABLE observations (
    observation_id  BIGINT PRIMARY KEY DEFAULT nextval('observation_seq'),
    call_id         VARCHAR NOT NULL,
    behaviour       VARCHAR NOT NULL,
    manager_id      VARCHAR NOT NULL,
    decision        VARCHAR NOT NULL,  -- confirmed | strength | dismissed | undone
    diagnosis       VARCHAR,
    reason          VARCHAR,
    -- the finding as the manager saw it, so later re-analysis never changes what was decided on
    finding_quote   VARCHAR,
    finding_verdict VARCHAR,
    decided_at      TIMESTAMP DEFAULT current_timestamp
);

CREATE SEQUENCE coaching_plan_seq;
CREATE TABLE coaching_plans (
    plan_id               BIGINT PRIMARY KEY DEFAULT nextval('coaching_plan_seq'),
    rep_id                VARCHAR NOT NULL,
    observation_id        BIGINT,
    behaviour             VARCHAR NOT NULL,
    alternative_behaviour VARCHAR NOT NULL,
    practised_at          TIMESTAMP,
    apply_call_id         VARCHAR,
    apply_deal_id         VARCHAR,
    apply_date            DATE,
    follow_up_date        DATE,
    status                VARCHAR NOT NULL DEFAULT 'planned',  -- planned | practised | applied | inspected
    created_by            VARCHAR NOT NULL,
    created_at            TIMESTAMP DEFAULT current_timestamp
);

-- Items of a batch that could not be processed, with the reason. The source file is never touched.
CREATE TABLE quarantine (
    source_path   VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    call_id       VARCHAR,
    error_kind    VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    first_seen    TIMESTAMP DEFAULT current_timestamp,
    last_seen     TIMESTAMP DEFAULT current_timestamp,
    resolved_at   TIMESTAMP,
    PRIMARY KEY (source_path, content_hash)
);

CREATE TABLE pipeline_runs (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    inbox         VARCHAR,
    processed     INTEGER DEFAULT 0,
    skipped       INTEGER DEFAULT 0,
    failed        INTEGER DEFAULT 0,
    audio_seconds DOUBLE DEFAULT 0,
    wall_seconds  DOUBLE
);
