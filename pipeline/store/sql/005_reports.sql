-- Reports: the CRM's opportunity stage history (pipeline evidence) and the reports written.

-- One import of a CRM opportunities export (`coachloop import-crm FILE`).
CREATE SEQUENCE crm_import_seq;
CREATE TABLE crm_imports (
    import_id      BIGINT PRIMARY KEY DEFAULT nextval('crm_import_seq'),
    source_path    VARCHAR NOT NULL,
    content_hash   VARCHAR NOT NULL,   -- sha256 of the file
    rows_loaded    INTEGER NOT NULL,
    rows_rejected  INTEGER NOT NULL,
    imported_at    TIMESTAMP DEFAULT current_timestamp
);

-- Each time an opportunity entered a stage. The CRM is the source of truth: re-importing a row
-- with the same (opportunity, stage, entered_at) updates its rep and amount, never duplicates it.
CREATE TABLE crm_stage_history (
    opportunity_id VARCHAR NOT NULL,
    rep_id         VARCHAR NOT NULL,
    stage          VARCHAR NOT NULL,   -- normalised: lower case, spaces as underscores
    entered_at     TIMESTAMP NOT NULL,
    amount         DOUBLE,
    import_id      BIGINT NOT NULL,
    source_line    INTEGER NOT NULL,   -- line in the imported file (the header is line 1)
    PRIMARY KEY (opportunity_id, stage, entered_at)
);

-- Rows of an import that could not be read, with their line and why: nothing is dropped silently.
CREATE TABLE crm_rejected_rows (
    import_id   BIGINT NOT NULL,
    line        INTEGER NOT NULL,
    reason      VARCHAR NOT NULL,
    raw         VARCHAR,
    PRIMARY KEY (import_id, line)
);

-- Every coaching-loop report written (by `coachloop report`, the weekly flow or the web app).
CREATE SEQUENCE report_run_seq;
CREATE TABLE report_runs (
    report_id     BIGINT PRIMARY KEY DEFAULT nextval('report_run_seq'),
    kind          VARCHAR NOT NULL,   -- rep | team
    subject_id    VARCHAR NOT NULL,   -- the rep_id, or the manager_id of a team roll-up
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    focus         VARCHAR[],
    html_path     VARCHAR,
    markdown_path VARCHAR,
    written_by    VARCHAR NOT NULL,   -- cli | weekly-flow | web
    written_at    TIMESTAMP DEFAULT current_timestamp
);
