-- The performance conversation (coaching-system.md, "The performance conversation structure"):
-- besides the evidence and the standard, the conversation names the behaviour gap with examples,
-- and cites the calls it points at. Both are kept as presented, like `evidence`.
ALTER TABLE performance_concerns ADD COLUMN behaviour_gap VARCHAR;
ALTER TABLE performance_concerns ADD COLUMN evidence_calls VARCHAR[];
