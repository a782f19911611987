-- Reports by mail: each account's address and opt-out, and every send (pipeline.store.deliveries).
ALTER TABLE users ADD COLUMN email VARCHAR;          -- NULL: nothing is mailed to this account
ALTER TABLE users ADD COLUMN mail_opt_out BOOLEAN DEFAULT false;

CREATE SEQUENCE delivery_id_seq START 1;

-- One row per attempt to mail someone: who, what, for which period, when, and how it went. A
-- weekly report already `sent` for a recipient and period is never sent again; a `failed` one is
-- tried again by the next run. A digest covers the calls loaded up to `loaded_until`: the next
-- digest starts after the last one sent.
CREATE TABLE deliveries (
    delivery_id   BIGINT PRIMARY KEY DEFAULT nextval('delivery_id_seq'),
    recipient_id  VARCHAR NOT NULL,   -- users.user_id: a manager, or a rep (their own copy)
    -- = recipient_id when the recipient is a rep, so that erasing the rep (`coachloop forget
    -- --rep`) deletes the record of what was mailed to them, address included.
    rep_id        VARCHAR,
    address       VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL CHECK (kind IN ('weekly_team', 'weekly_rep', 'digest')),
    period        VARCHAR NOT NULL,   -- the report period ("2026-10-29 to 2026-11-25"), or the digest's window
    loaded_until  TIMESTAMP,          -- a digest: the newest call load it covers
    subject       VARCHAR NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('sent', 'failed')),
    error         VARCHAR,
    attempted_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
