-- The nightly batch: what each run did and how fast, and which run last saw a quarantined item.

-- running | finished | failed (stopped on an error, in `error`) | interrupted (the process died:
-- the next run on the same host says so)
ALTER TABLE pipeline_runs ADD COLUMN status VARCHAR DEFAULT 'finished';
ALTER TABLE pipeline_runs ADD COLUMN error VARCHAR;
ALTER TABLE pipeline_runs ADD COLUMN orchestrator VARCHAR;  -- plain | prefect
ALTER TABLE pipeline_runs ADD COLUMN task_runner VARCHAR;   -- thread | dask
ALTER TABLE pipeline_runs ADD COLUMN workers INTEGER;
ALTER TABLE pipeline_runs ADD COLUMN discovered INTEGER;    -- items found in the inbox
ALTER TABLE pipeline_runs ADD COLUMN audio_hours DOUBLE;    -- of the calls processed in this run
-- audio seconds processed per wall-clock second of the run
ALTER TABLE pipeline_runs ADD COLUMN x_realtime DOUBLE;
-- seconds spent per stage, summed over calls: discover, read, transcribe, analyse, load, snapshot
ALTER TABLE pipeline_runs ADD COLUMN stage_seconds JSON;
ALTER TABLE pipeline_runs ADD COLUMN host VARCHAR;
ALTER TABLE pipeline_runs ADD COLUMN pid INTEGER;
ALTER TABLE pipeline_runs ADD COLUMN flow_run_id VARCHAR;   -- the Prefect flow run, when run by Prefect

ALTER TABLE quarantine ADD COLUMN run_id VARCHAR;
