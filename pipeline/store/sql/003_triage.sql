-- The managers' triage web app (`coachloop serve`): accounts, undo references, plan history,
-- the app's own signing secret. Team membership is `reps.manager_id` (one manager per rep).

CREATE TABLE users (
    user_id       VARCHAR PRIMARY KEY,
    role          VARCHAR NOT NULL CHECK (role IN ('manager', 'rep')),
    display_name  VARCHAR NOT NULL,
    -- argon2id (argon2-cffi); NULL: the account cannot log in
    password_hash VARCHAR,
    created_at    TIMESTAMP DEFAULT current_timestamp
);

-- An `undone` observation names the decision it cancels, so undo restores the one before it.
ALTER TABLE observations ADD COLUMN undoes_observation_id BIGINT;
-- Free text with a dismissal (why "other", why not coachable).
ALTER TABLE observations ADD COLUMN note VARCHAR;

-- Every status step of a coaching plan, who recorded it and when it happened.
-- coaching_plans.status holds the current step; this table is its history.
CREATE SEQUENCE coaching_plan_event_seq;
CREATE TABLE coaching_plan_events (
    event_id     BIGINT PRIMARY KEY DEFAULT nextval('coaching_plan_event_seq'),
    plan_id      BIGINT NOT NULL,
    status       VARCHAR NOT NULL,  -- planned | practised | applied | inspected
    happened_on  DATE,
    outcome      VARCHAR,           -- inspected only: changed | not_yet
    note         VARCHAR,
    recorded_by  VARCHAR NOT NULL,
    recorded_at  TIMESTAMP DEFAULT current_timestamp
);

-- Secrets the web app generates once and keeps across restarts (the session signing key).
CREATE TABLE app_secrets (
    name       VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    created_at TIMESTAMP DEFAULT current_timestamp
);
