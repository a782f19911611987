-- Reps recognised by voice: one profile per rep, the running mean of the rep's voice measured on
-- their stereo calls (pipeline.ingest.voice_profiles), used to find the rep in their mono calls.
-- `rep_id` lets `coachloop forget --rep` find and erase it with the rep's other data.
CREATE TABLE IF NOT EXISTS voice_profiles (
    rep_id VARCHAR PRIMARY KEY,
    embedding DOUBLE[] NOT NULL,      -- centred speaker-encoder embedding (256 values), running mean
    calls INTEGER NOT NULL,           -- how many calls' samples the mean holds
    speech_seconds DOUBLE NOT NULL,   -- the rep's speech those samples rest on
    encoder VARCHAR NOT NULL,         -- the encoder that made the embeddings; another one starts afresh
    updated_at TIMESTAMP NOT NULL
);
