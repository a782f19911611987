-- Privacy: what each batch run redacted, and a log of erasures (`coachloop forget`) that holds no
-- personal data: the kind of subject, when, and how many rows of each table were removed or kept
-- as anonymised audit stubs. Never the erased ids or text.

-- Placeholder -> count replaced in this run's stored text: {"EMAIL": 2, "PHONE": 1}
ALTER TABLE pipeline_runs ADD COLUMN redactions JSON;

CREATE SEQUENCE erasure_seq;
CREATE TABLE erasures (
    erasure_id      BIGINT PRIMARY KEY DEFAULT nextval('erasure_seq'),
    subject_kind    VARCHAR NOT NULL CHECK (subject_kind IN ('call', 'rep')),
    erased_at       TIMESTAMP DEFAULT current_timestamp,
    calls_erased    INTEGER NOT NULL,
    rows_removed    JSON NOT NULL,  -- table -> rows deleted
    rows_stubbed    JSON NOT NULL,  -- table -> rows kept for audit with the personal data taken out
    snapshot        VARCHAR          -- what happened to the analysts' snapshot: refreshed | removed | none
);

-- The sha256 of each erased call's source (file and metadata, as the batch hashes them): the
-- nightly batch skips a source still lying in the inbox instead of loading it again.
CREATE TABLE erased_sources (
    content_hash  VARCHAR PRIMARY KEY,
    erasure_id    BIGINT NOT NULL
);
