"""Reps recognised by voice across calls: the batch hands a rep's stored voice profile to the
recordings it plans, so a mono call can find the rep by voice, and stops enrolling a rep whose
profile is settled."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import numpy as np
import pytest

from pipeline.batch import nightly
from pipeline.batch.nightly import plan_batch
from pipeline.batch.voices import add_voice_sample, rep_voices
from pipeline.ingest import voices
from pipeline.privacy.forget import forget
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


def _stereo_inbox(tmp_path, rep_ids):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for rep_id in rep_ids:
        (inbox / f"{rep_id}.wav").write_bytes(b"RIFF")  # never decoded: planning reads names and sidecars
        sidecar = {"call_id": f"c-{rep_id}", "rep_id": rep_id, "rep_channel": "left", "call_type": "demo"}
        (inbox / f"{rep_id}.json").write_text(json.dumps(sidecar))
    return inbox


def test_a_settled_profile_is_not_enrolled_again_until_it_is_erased(tmp_path):
    settings = batch_settings(tmp_path, _stereo_inbox(tmp_path, ["rep_ana", "rep_ben", "rep_chloe", "rep_dan"]))
    store = Store(settings.db_path)
    store.migrate()
    # (calls, seconds per call): enough of both settles a profile (defaults: 5 calls, 300 s)
    for rep_id, calls, seconds in (("rep_ana", 5, 60.0), ("rep_ben", 4, 100.0), ("rep_chloe", 6, 20.0)):
        for _ in range(calls):
            add_voice_sample(store, rep_id, [1.0, 0.0, 0.0], seconds)

    def enrolled(settings) -> dict[str, bool]:
        return {work.metadata.rep_id: work.enrol_voice for work in plan_batch(settings).pending}

    assert enrolled(settings) == {"rep_ana": False, "rep_ben": True, "rep_chloe": True, "rep_dan": True}
    fewer_calls = replace(settings, transcribe=replace(settings.transcribe, voice_settled_calls=4))
    assert enrolled(fewer_calls)["rep_ben"] is False

    with store.transaction() as con:
        con.execute("INSERT INTO reps (rep_id, rep_name) VALUES ('rep_ana', 'Ana')")
    assert forget(store, rep_id="rep_ana").removed["voice_profiles"] == 1
    assert enrolled(settings)["rep_ana"] is True  # an erased profile starts again


@pytest.mark.slow
def test_a_settled_reps_stereo_call_is_transcribed_without_enrolment(tmp_path, monkeypatch):
    encoded = []
    real_encode = voices._encode
    monkeypatch.setattr(voices, "_encode", lambda *args: encoded.append(1) or real_encode(*args))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = batch_settings(tmp_path, inbox)
    store = Store(settings.db_path)
    store.migrate()
    for _ in range(5):
        add_voice_sample(store, "rep_ben", [1.0, 0.0, 0.0], 60.0)
    for name in ("ben-demo-harbor.flac", "ben-demo-harbor.json"):
        shutil.copy(SAMPLES / "recordings" / name, inbox / name)

    assert nightly.run_batch(settings).count("loaded") == 1
    assert encoded == []  # the speaker encoder never ran
    assert store.rows("SELECT calls, speech_seconds FROM voice_profiles") == [{"calls": 5, "speech_seconds": 300.0}]
    (info,) = store.rows("SELECT transcript_info FROM calls")
    source = json.loads(info["transcript_info"])
    assert source["speakers"]["method"] == "channel" and "rep_voice_sample" not in source["speakers"]
    assert source["options"]["voice_enrol_s"] == 0.0

    for name in ("chloe-demo-greenfield.ogg", "chloe-demo-greenfield.json"):  # Chloe has no profile yet
        shutil.copy(SAMPLES / "recordings" / name, inbox / name)
    assert nightly.run_batch(settings).count("loaded") == 1
    assert encoded
    assert store.rows("SELECT rep_id, calls FROM voice_profiles WHERE rep_id = 'rep_chloe'") == [
        {"rep_id": "rep_chloe", "calls": 1}
    ]


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
