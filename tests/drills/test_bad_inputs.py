"""Bad inputs, all made here (no committed binaries), through the real batch in one run.

Every item must end loaded (it was usable after all) or quarantined with a clear, specific reason;
none may crash the batch or be lost, no file outside the inbox may be read, and the batch summary
counts them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
from rich.console import Console

from pipeline.batch import nightly as batch
from pipeline.batch.console import print_summary
from pipeline.store import Store
from tests.support.audio import make_broken_files, tone_and_noise, write_audio
from tests.support.inbox import batch_settings, tree_digest, write_vtt_call
from tests.support.paths import SAMPLES

GOOD = json.loads((SAMPLES / "transcripts" / "ana-discovery-northwind.json").read_text())


def transcript(call_id: str, **changes) -> dict:
    data = {**GOOD, "call_id": call_id, "utterances": [dict(u) for u in GOOD["utterances"][:4]], **changes}
    for key in ("labels", "recording"):
        data.pop(key, None)
    return data


def utterance_change(call_id: str, index: int, **changes) -> dict:
    data = transcript(call_id)
    data["utterances"][index] = {**data["utterances"][index], **changes}
    return data


def sidecar(call_id: str, **changes) -> dict:
    return {"call_id": call_id, "rep_id": "rep_ana", "rep_name": "Ana", "call_type": "discovery", **changes}


def make_bad_inbox(inbox: Path, outside: Path) -> dict[str, tuple[str, str]]:
    """Write every bad input; returns file name -> (expected status, words its reason must hold)."""
    inbox.mkdir(parents=True)
    expected: dict[str, tuple[str, str]] = {}

    def put(name: str, content: str | bytes | dict, status: str = "quarantined", reason: str = "") -> None:
        path = inbox / name
        if isinstance(content, dict):
            content = json.dumps(content)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        expected[name] = (status, reason)

    # -- transcripts that are not valid JSON or not text
    put("bad-json.json", '{"call_id": "b-1", "rep_id": "rep_ana", "utterances": [', reason="invalid JSON")
    put("truncated.json", json.dumps(transcript("b-2"))[:300], reason="invalid JSON")
    put("empty.json", b"", reason="invalid JSON")
    put("latin1.json", json.dumps(transcript("b-3")).replace("Ana", "Ana Mar\u00eda").encode("latin-1"), reason="UTF-8")
    put("utf16.json", json.dumps(transcript("b-4")).encode("utf-16"), reason="UTF-8")
    put("binary.json", bytes(range(256)) * 8, reason="UTF-8")
    put("array.json", "[1, 2, 3]", reason="must be a JSON object")
    # -- valid JSON, wrong content
    put("no-call-id.json", transcript(""), reason="missing or empty call_id")
    put("no-utterances.json", transcript("b-5", utterances="hello"), reason="missing utterances list")
    put("bad-speaker.json", utterance_change("b-6", 1, speaker="narrator"), reason="speaker must be one of")
    put("negative-time.json", utterance_change("b-7", 1, start=-3.0), reason="non-negative")
    put("nan-time.json", json.dumps(utterance_change("b-8", 1, start=float("nan"))), reason="non-negative")
    put("ends-first.json", utterance_change("b-9", 2, start=50.0, end=10.0), reason="is before start")
    put("bad-call-type.json", transcript("b-10", call_type="cold_call"), reason="call_type must be one of")
    put("text-number.json", utterance_change("b-11", 0, text=42), reason="text must be a string")
    put("path-call-id.json", transcript("../../etc/passwd"), reason="may not hold '/'")
    put("control-rep-id.json", transcript("b-12", rep_id="rep_ana\n"), reason="control characters")
    # -- usable after all: loaded, their text kept as text
    put(
        "html.json", utterance_change("b-13", 0, text="<script>alert(1)</script><img src=x onerror=alert(2)>"), "loaded"
    )
    put("huge-utterance.json", utterance_change("b-14", 3, text="and so on " * 150_000), reason="utterance too long")
    # -- the same call id from different content: the second (by name) is a duplicate
    put("dup-a.json", transcript("b-dup"), "loaded")
    put("dup-b.json", transcript("b-dup", call_type="demo"), reason="already loaded from different content")
    # -- subtitles and their metadata
    write_vtt_call(inbox, "no-sidecar", "b-15", sidecar=False)
    expected["no-sidecar.vtt"] = ("quarantined", "no metadata")
    write_vtt_call(inbox, "bad-sidecar", "b-16")
    (inbox / "bad-sidecar.json").write_text("{not json")
    expected["bad-sidecar.vtt"] = ("quarantined", "invalid JSON")
    write_vtt_call(inbox, "sidecar-no-rep", "b-17")
    (inbox / "sidecar-no-rep.json").write_text(json.dumps(sidecar("b-17", rep_id="")))
    expected["sidecar-no-rep.vtt"] = ("quarantined", "missing or empty rep_id")
    write_vtt_call(inbox, "wrong-rep-name", "b-18")  # the sidecar names a rep who does not speak
    (inbox / "wrong-rep-name.json").write_text(json.dumps(sidecar("b-18", rep_name="Zed Quinn")))
    expected["wrong-rep-name.vtt"] = ("quarantined", "Zed Quinn")
    write_vtt_call(inbox, "two-descriptions", "b-26")  # its sidecar and a manifest row disagree
    expected["two-descriptions.vtt"] = ("quarantined", "contradicts its row in manifest.csv: call_id 'b-26' here")
    put("not-vtt.vtt", "Hello, this is not WebVTT\n", reason="must start with 'WEBVTT'")
    (inbox / "not-vtt.json").write_text(json.dumps(sidecar("b-19")))
    put("cue-backwards.srt", "1\n00:00:05,000 --> 00:00:01,000\nAna: hi\n", reason="before it starts")
    (inbox / "cue-backwards.json").write_text(json.dumps(sidecar("b-20")))
    # a text transcript in another encoding than UTF-8 is read (its encoding detected); bytes that
    # are no text in any encoding are refused
    put("latin1-cues.txt", "Ana: Caf\u00e9 on Thursday?\n".encode("latin-1"), "loaded")
    (inbox / "latin1-cues.json").write_text(json.dumps(sidecar("b-21")))
    put("binary-cues.txt", bytes(range(256)) * 8, reason="not text")
    (inbox / "binary-cues.json").write_text(json.dumps(sidecar("b-28")))
    # -- recordings: the broken files of test_audio, each with its sidecar
    broken = inbox / "audio"
    for name, reason in make_broken_files(broken).items():
        target = inbox / f"rec-{name}"
        (broken / name).rename(target)
        (inbox / f"rec-{Path(name).stem}.json").write_text(json.dumps(sidecar(f"a-{name}")))
        expected[target.name] = ("quarantined", reason)
    broken.rmdir()
    # wrong sample formats, silent: they decode (so the format is handled) and are refused as silent
    for codec in ("pcm_u8", "pcm_s24le", "pcm_f64le", "pcm_mulaw"):
        rate = 8000 if codec == "pcm_mulaw" else 44100
        write_audio(inbox / f"fmt-{codec}.wav", np.zeros((1, rate * 2), dtype=np.float32), rate, codec)
        (inbox / f"fmt-{codec}.json").write_text(json.dumps(sidecar(f"a-{codec}")))
        expected[f"fmt-{codec}.wav"] = ("quarantined", "silent")
    header = bytearray(
        write_audio(inbox / "fmt-unknown.wav", tone_and_noise(1, 16000, 1.0), 16000, "pcm_s16le").read_bytes()
    )
    header[20:22] = (0x7A7A).to_bytes(2, "little")  # a format tag no decoder knows
    (inbox / "fmt-unknown.wav").write_bytes(bytes(header))
    (inbox / "fmt-unknown.json").write_text(json.dumps(sidecar("a-unknown")))
    expected["fmt-unknown.wav"] = ("quarantined", "not a readable audio file")
    # -- path tricks: odd names are just names; nothing outside the inbox is read
    put("%2e%2e%2f..%2fescape.json", transcript("b-22"), "loaded")
    put("-rf.json", transcript("b-23"), "loaded")
    put("caf\u00e9 \u2603 call.json", transcript("b-24"), "loaded")
    secret = outside / "secret.json"
    secret.write_text(json.dumps(transcript("b-outside")))
    (inbox / "escape.json").symlink_to(Path("..") / outside.name / secret.name)
    expected["escape.json"] = ("quarantined", "outside the inbox")
    (inbox / "manifest.csv").write_text(
        f"file,call_id,rep_id\n../{outside.name}/secret.wav,b-25,rep_ana\ntwo-descriptions.vtt,b-27,rep_ana\n"
    )
    return expected


def test_every_bad_input_is_loaded_or_quarantined_with_a_clear_reason_and_the_batch_goes_on(tmp_path):
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    outside.mkdir()
    expected = make_bad_inbox(inbox, outside)
    before = tree_digest(inbox)
    settings = batch_settings(tmp_path, inbox, workers=2, retries=0)

    report = batch.run_batch(settings)

    outcomes = {Path(outcome.path).name: outcome for outcome in report.outcomes}
    # Two files with one call id: written in inbox order, so the first by name loads (as expected
    # above) however the two workers' timing falls.
    wrong = {
        name: (outcomes[name].status, outcomes[name].reason) if name in outcomes else "missing"
        for name, (status, reason) in expected.items()
        if name not in outcomes or outcomes[name].status != status or reason not in (outcomes[name].reason or "")
    }
    assert wrong == {}
    assert not [o for o in report.outcomes if o.error_kind == "unexpected"], "every reason is specific"
    assert report.discovered == len(expected) == len(outcomes)  # none lost, none invented (sidecars are not items)
    quarantined = sum(1 for status, _ in expected.values() if status == "quarantined")
    assert report.count("quarantined") == quarantined
    store = Store(settings.db_path)
    assert len(store.rows("SELECT * FROM open_quarantine")) == quarantined
    assert store.rows("SELECT count(*) AS n FROM calls WHERE call_id IN ('b-outside', 'b-25')") == [{"n": 0}]
    assert tree_digest(inbox) == before  # no source touched

    console = Console(record=True, width=240)
    print_summary(report, settings.db_path, console)
    summary = console.export_text()
    assert f"{len(expected) - quarantined} loaded, 0 already loaded, {quarantined} quarantined" in summary
    kinds = Counter(o.error_kind for o in report.outcomes if o.status == "quarantined")
    print(
        f"bad-input suite: {len(expected)} inputs tried, {quarantined} quarantined {dict(kinds)}, "
        f"{len(expected) - quarantined} loaded"
    )
