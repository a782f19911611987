-- The account each deal is with, so that people read "Oakridge Properties (deal d-1007)" rather than
-- a bare deal id. Named by a call's metadata (`account_name` in the Transcript JSON, the sidecar or
-- the manifest) or by a CRM export's account column; the latest naming wins, and a source that
-- names no account leaves the name as it was (pipeline/store/deals.py).
CREATE TABLE deals (
    deal_id      VARCHAR PRIMARY KEY,
    account_name VARCHAR NOT NULL,
    named_by     VARCHAR NOT NULL,  -- call | crm
    named_at     TIMESTAMP DEFAULT current_timestamp
);

-- Deals named by a CRM export loaded before this migration have no account column to read: nothing moves.
