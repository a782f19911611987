"""Reps recognised by voice across calls: the batch hands a rep's stored voice profile to the
recordings it plans, so a mono call can find the rep by voice."""

from __future__ import annotations

import json

import numpy as np

from pipeline.batch.nightly import plan_batch
from pipeline.batch.voices import add_voice_sample, rep_voices
from pipeline.store import Store
from tests.support.inbox import batch_settings


def test_a_planned_recording_carries_its_reps_voice_profile(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, rep_id in (("ana.wav", "rep_ana"), ("ben.wav", "rep_ben")):
        (inbox / name).write_bytes(b"RIFF")  # never decoded: planning reads names and sidecars
        sidecar = {"call_id": f"c-{rep_id}", "rep_id": rep_id, "rep_channel": "mono", "call_type": "demo"}
        (inbox / name).with_suffix(".json").write_text(json.dumps(sidecar))
    settings = batch_settings(tmp_path, inbox)
    store = Store(settings.db_path)
    store.migrate()
    add_voice_sample(store, "rep_ana", [3.0, 4.0, 0.0], 20.0)

    planned = {work.metadata.rep_id: work for work in plan_batch(settings).pending}

    assert np.allclose(planned["rep_ana"].rep_voice, [0.6, 0.8, 0.0])
    assert planned["rep_ben"].rep_voice is None  # no stereo call of Ben's yet
    assert set(rep_voices(store)) == {"rep_ana"}
