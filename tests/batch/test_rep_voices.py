"""Reps recognised by voice across calls: the batch hands a rep's stored voice profile to the
recordings it plans, so a mono call can find the rep by voice."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from pipeline.batch import nightly
from pipeline.batch.nightly import plan_batch
from pipeline.batch.voices import add_voice_sample, rep_voices
from pipeline.store import Store
from tests.support.inbox import batch_settings
from tests.support.paths import SAMPLES


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


@pytest.mark.slow
def test_a_stereo_call_enrols_the_rep_and_their_mono_call_is_attributed_by_that_voice(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("ben-demo-harbor.flac", "ben-demo-harbor.json"):
        shutil.copy(SAMPLES / "recordings" / name, inbox / name)
    settings = batch_settings(tmp_path, inbox)
    assert nightly.run_batch(settings).count("loaded") == 1
    store = Store(settings.db_path)
    assert store.rows("SELECT rep_id, calls FROM voice_profiles") == [{"rep_id": "rep_ben", "calls": 1}]

    for name in ("ben-negotiation-summit.ogg", "ben-negotiation-summit.json"):
        shutil.copy(SAMPLES / "recordings" / name, inbox / name)
    assert nightly.run_batch(settings).count("loaded") == 1
    (info,) = store.rows("SELECT transcript_info FROM calls WHERE call_id = 'c-2026-11-06-0005'")
    speakers = json.loads(info["transcript_info"])["speakers"]
    assert speakers["layout"] == "mono" and speakers["rep_decided_by"] in ("voice profile", "both")
    assert speakers["rep_profile_similarity"] is not None
    assert store.rows("SELECT calls FROM voice_profiles") == [{"calls": 1}]  # a mono call adds nothing
