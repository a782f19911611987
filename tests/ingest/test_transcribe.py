"""The transcription stage: hand-built words for the logic, the sample calls for accuracy.

The slow tests transcribe every sample recording once per session (and a mono mix of each),
then check the contracts and the accuracy thresholds below against the scripted references.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from pipeline.config import TranscribeSettings
from pipeline.errors import AudioError, CoachloopError
from pipeline.ingest.asr import PACK_GAP_S, _group, _pack, _unpack_time, load_model, resolve_model_path
from pipeline.ingest.audio import SAMPLE_RATE, decode_audio
from pipeline.ingest.diarize import LabelledWord, role_evidence
from pipeline.ingest.transcribe import _layout, attribute_by_channel, build_utterances, transcribe_recording
from pipeline.jsonio import load_json_file, metadata_from_dict, transcript_from_dict, transcript_to_dict
from pipeline.learning.wer import score_transcript, speaker_attributed_errors
from pipeline.model import SPEAKERS, CallMetadata, Transcript, Utterance, Word
from tests.support.audio import make_broken_files, tone_and_noise, write_audio
from tests.support.paths import SAMPLES

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a")

# Thresholds the samples must meet with the default model (tiny.en, int8, greedy).
# Measured: pooled WER 10.2% as recorded, 12.0% on mono mixes; right speaker >= 98.9% on both.
POOLED_WER_MAX = 0.12
CALL_WER_MAX = 0.20  # tiny.en has bad minutes: one call may be worse than the pool
STEREO_ATTRIBUTION_MIN = 0.98
MONO_ATTRIBUTION_MIN = 0.90
MONO_POOLED_WER_MAX = 0.14


def word(text: str, start: float, end: float) -> Word:
    return Word(text=text, start=start, end=end, probability=0.9)


def said(speaker: str, group: int, *timed: tuple[str, float, float], confidence: float = 1.0) -> list[LabelledWord]:
    return [LabelledWord(word(t, s, e), speaker, confidence, group) for t, s, e in timed]


# --- utterances from words --------------------------------------------------------------------


def test_turn_change_splits_even_without_a_long_pause():
    words = (
        said("rep", 0, ("How", 0.0, 0.3), ("are", 0.35, 0.6), ("you?", 0.65, 1.0))
        + said("buyer", 1, ("Fine,", 1.3, 1.7), ("thanks.", 1.75, 2.2))
        + said("rep", 0, ("Great.", 2.5, 3.0))
    )
    utterances = build_utterances(words, pause_s=5.0, names={"rep": "Ana"}, min_confidence=0.6)
    assert [(u.speaker, u.text) for u in utterances] == [
        ("rep", "How are you?"),
        ("buyer", "Fine, thanks."),
        ("rep", "Great."),
    ]
    assert utterances[0].speaker_name == "Ana" and utterances[1].speaker_name is None
    assert [len(u.words) for u in utterances] == [3, 2, 1]


def test_long_pause_splits_one_speaker():
    words = said("rep", 0, ("One.", 0.0, 0.5), ("Two.", 3.0, 3.5))
    assert len(build_utterances(words, pause_s=1.0, names={}, min_confidence=0.6)) == 2
    assert len(build_utterances(words, pause_s=3.0, names={}, min_confidence=0.6)) == 1


def test_overlapping_backchannel_is_kept_and_does_not_split_the_turn():
    rep = said("rep", 0, *[(f"w{i}", i * 0.4, i * 0.4 + 0.35) for i in range(10)])
    buyer = said("buyer", 1, ("Uh-huh.", 1.5, 1.9))
    utterances = build_utterances(rep + buyer, pause_s=1.0, names={}, min_confidence=0.6)
    assert [u.speaker for u in utterances] == ["rep", "buyer"]
    assert len(utterances[0].words) == 10
    assert utterances[1].start < utterances[0].end  # overlap kept on one timeline


def test_unsure_speaker_is_reported_unknown_not_guessed():
    words = said("rep", 0, ("Maybe.", 0.0, 0.5), confidence=0.55) + said(
        "buyer", 1, ("Sure.", 1.0, 1.4), confidence=0.9
    )
    utterances = build_utterances(words, pause_s=1.0, names={}, min_confidence=0.6)
    assert [(u.speaker, u.speaker_confidence) for u in utterances] == [("unknown", 0.55), ("buyer", 0.9)]


# --- packing channels for the recogniser --------------------------------------------------------


def test_packing_keeps_windows_short_and_maps_every_piece_back():
    rng = np.random.default_rng(0)
    channels = rng.normal(0, 0.1, (2, SAMPLE_RATE * 300)).astype(np.float32)
    pieces = []
    clock = 0.0
    for index in range(40):
        length = float(rng.uniform(0.5, 6.0))
        pieces.append((index % 2, clock, clock + length))
        clock += length + 0.3
    windows = _group(pieces, 29.0)
    assert sorted(piece for window in windows for piece in window) == sorted(pieces)
    for window in windows:
        assert sum(end - start for _, start, end in window) <= 29.0
    stream, placed, clips = _pack(channels, pieces, 29.0)
    assert len(clips) == len(windows)
    starts = [p.packed_start for p in placed]
    for piece in placed:
        middle = piece.packed_start + (piece.end - piece.start) / 2
        found, start, end = _unpack_time(placed, starts, middle - 0.05, middle + 0.05)
        assert found == piece
        assert piece.start <= start <= end <= piece.end
        recording = channels[piece.source[0], int(piece.start * SAMPLE_RATE) : int(piece.start * SAMPLE_RATE) + 100]
        packed = stream[int(round(piece.packed_start * SAMPLE_RATE)) :][:100]
        assert np.allclose(recording, packed)


def test_windows_hold_both_channels_in_time_order_and_close_only_when_full():
    # Two sides taking turns, with a backchannel under a long turn: 9 s + 9 s + 1 s + 9 s + 9 s.
    pieces = [(0, 0.0, 9.0), (1, 9.5, 18.5), (0, 12.0, 13.0), (0, 19.0, 28.0), (1, 28.5, 37.5)]
    windows = _group(pieces, 30.0)
    assert windows == [
        [(0, 0.0, 9.0), (1, 9.5, 18.5), (0, 12.0, 13.0), (0, 19.0, 28.0)],
        [(1, 28.5, 37.5)],
    ]
    # A window closes only when the next piece would not fit in it.
    gap = PACK_GAP_S
    for window, following in zip(windows, windows[1:], strict=False):
        used = sum(end - start + gap for _, start, end in window)
        assert used <= 30.0 < used + following[0][2] - following[0][1] + gap


def test_a_piece_longer_than_what_is_left_starts_a_new_window():
    pieces = [(0, 0.0, 20.0), (1, 21.0, 32.0), (0, 33.0, 34.0)]
    assert _group(pieces, 30.0) == [[(0, 0.0, 20.0)], [(1, 21.0, 32.0), (0, 33.0, 34.0)]]


def test_words_that_leak_from_the_other_channel_are_dropped():
    loud = tone_and_noise(1, SAMPLE_RATE, 2.0)[0]
    channels = np.stack([loud, loud * 0.01])  # right channel hears the left one 40 dB down
    words = [(0, word("hello", 0.2, 0.6)), (1, word("hello", 0.2, 0.6))]
    labelled, dropped = attribute_by_channel(words, channels, rep_index=1)
    assert dropped == 1
    assert [(w.speaker, w.group) for w in labelled] == [("buyer", 0)]


def test_layout_follows_metadata_and_signal():
    from pipeline.ingest.audio import Audio

    rng = np.random.default_rng(1)
    two = rng.normal(0, 0.1, (2, SAMPLE_RATE)).astype(np.float32)
    same = np.stack([two[0], two[0]])
    stereo, mono = (Audio(x, 16000, 2, "flac", "flac") for x in (two, same))
    meta = CallMetadata(call_id="c", rep_id="r", rep_channel="right")
    assert _layout(stereo, meta)[0] == "stereo"
    assert _layout(mono, meta) == ("mono", "both channels carry the same signal")
    assert _layout(stereo, CallMetadata(call_id="c", rep_id="r", rep_channel="mono"))[0] == "mono"
    one_sided = Audio(np.stack([two[0], two[1] * 0.001]), 16000, 2, "flac", "flac")
    assert _layout(one_sided, meta) == ("mono", "the right channel is silent: both sides are on one")


def test_model_setting_names_a_folder_size_or_the_bundled_model(tmp_path):
    assert Path(resolve_model_path("tiny.en")).is_dir()
    assert resolve_model_path(str(tmp_path)) == str(tmp_path)
    assert resolve_model_path("small.en") == "small.en"
    with pytest.raises(CoachloopError, match="does not exist"):
        resolve_model_path(str(tmp_path / "large-v3"))


# --- which voice is the rep -----------------------------------------------------------------------


def test_role_cues_find_the_rep_whoever_opens():
    rep_text = "I'm Anna from Relay. Can you tell me how your team schedules jobs today? Who else is involved?"
    buyer_text = "Hi Ana, thanks for reaching out. We use a spreadsheet. Our finance director signs off."
    scores, cues = role_evidence([buyer_text, rep_text], opener=0, rep_name="Ana")
    assert scores[1] > scores[0] + 3
    assert any("introduces self" in cue for cue in cues[1])
    assert any("addresses" in cue for cue in cues[0])


def test_role_scores_are_close_when_the_text_says_nothing():
    scores, _ = role_evidence(["okay sure", "yes fine"], opener=0, rep_name=None)
    assert abs(scores[0] - scores[1]) <= 1.0


# --- scoring -------------------------------------------------------------------------------------


def test_score_counts_words_and_speakers():
    reference = Transcript(
        "c", "r", [Utterance("rep", 0, 2, "We have thirty minutes."), Utterance("buyer", 2, 3, "Great.")]
    )
    same = Transcript("c", "r", [Utterance("rep", 0, 2, "we have 30 minutes"), Utterance("buyer", 2, 3, "great")])
    swapped = Transcript(
        "c", "r", [Utterance("buyer", 0, 2, "we have 30 minutes"), Utterance("unknown", 2, 3, "great")]
    )
    assert score_transcript(reference, same).wer == 0
    assert score_transcript(reference, same).attribution == 1
    score = score_transcript(reference, swapped)
    assert score.attribution == 0 and score.unknown_speaker == 1


def test_speaker_attributed_errors_count_a_word_on_the_wrong_side_twice():
    reference = Transcript(
        "c", "r", [Utterance("rep", 0, 2, "We have thirty minutes."), Utterance("buyer", 2, 3, "Great.")]
    )
    same = Transcript("c", "r", [Utterance("rep", 0, 2, "we have 30 minutes"), Utterance("buyer", 2, 3, "great")])
    moved = Transcript("c", "r", [Utterance("rep", 0, 3, "we have 30 minutes great")])
    misheard = Transcript("c", "r", [Utterance("rep", 0, 2, "we had 30 minutes"), Utterance("buyer", 2, 3, "great")])
    assert speaker_attributed_errors(reference, same) == (0, 5)
    assert speaker_attributed_errors(reference, moved) == (2, 5)  # inserted for the rep, missing for the buyer
    assert speaker_attributed_errors(reference, misheard) == (1, 5)


# --- real audio ----------------------------------------------------------------------------------


def sample_calls() -> list[tuple[Path, Path, Path]]:
    """(recording, sidecar, reference transcript) of every sample call."""
    found = []
    for recording in sorted((SAMPLES / "recordings").glob("*")):
        reference = SAMPLES / "transcripts" / f"{recording.stem}.json"
        if recording.suffix in AUDIO_SUFFIXES and reference.is_file():
            found.append((recording, recording.with_suffix(".json"), reference))
    return found


@pytest.fixture(scope="session")
def settings() -> TranscribeSettings:
    return TranscribeSettings()


@pytest.fixture(scope="session")
def whisper(settings):
    return load_model(settings)  # cached: every test in the session shares this one


@pytest.fixture(scope="session")
def calls():
    found = sample_calls()
    if not found:
        pytest.skip("no sample recordings with reference transcripts in data/samples")
    return found


@pytest.fixture(scope="session")
def as_recorded(calls, settings, whisper) -> dict[str, tuple[Transcript, Transcript]]:
    """Each sample as recorded (stereo by channel; a mono sample by diarization): (reference, result)."""
    results = {}
    for recording, sidecar, reference in calls:
        metadata = metadata_from_dict(load_json_file(sidecar), sidecar)
        results[recording.stem] = (
            transcript_from_dict(load_json_file(reference), reference),
            transcribe_recording(recording, metadata, settings),
        )
    return results


@pytest.fixture(scope="session")
def mono_mixes(calls, settings, whisper, tmp_path_factory) -> dict[str, tuple[Transcript, Transcript]]:
    """Every stereo sample mixed down to one channel and diarized: (reference, result)."""
    folder = tmp_path_factory.mktemp("mono-mixes")
    results = {}
    for recording, sidecar, reference in calls:
        audio = decode_audio(recording, settings.max_duration_s)
        if audio.channels != 2:
            continue
        mix = write_audio(folder / f"{recording.stem}.flac", audio.mono()[np.newaxis, :], SAMPLE_RATE, "flac")
        data = load_json_file(sidecar)
        metadata = metadata_from_dict({**data, "rep_channel": "mono"}, sidecar)
        results[recording.stem] = (
            transcript_from_dict(load_json_file(reference), reference),
            transcribe_recording(mix, metadata, settings),
        )
    return results


def check_contract(transcript: Transcript, reference: Transcript) -> None:
    again = transcript_from_dict(transcript_to_dict(transcript))  # valid Transcript JSON
    assert again.call_id == reference.call_id and again.rep_id == reference.rep_id
    assert transcript.utterances, "no utterances"
    starts = [u.start for u in transcript.utterances]
    assert starts == sorted(starts)
    for utterance in transcript.utterances:
        assert utterance.speaker in SPEAKERS
        assert utterance.words and utterance.end >= utterance.start
        assert utterance.text == " ".join(w.text for w in utterance.words)
        assert all(utterance.start <= w.start <= w.end <= utterance.end for w in utterance.words)
        assert utterance.speaker_confidence is not None
    source = transcript.source
    assert source["model"] == "tiny.en" and source["options"]["word_timestamps"] is True
    assert source["timing_s"]["total"] > 0 and source["audio"]["duration_s"] > 0


def report(title: str, results: dict[str, tuple[Transcript, Transcript]]) -> tuple[float, list]:
    scores = {name: score_transcript(reference, result) for name, (reference, result) in results.items()}
    errors = sum(s.wer * s.reference_words for s in scores.values())
    pooled = errors / sum(s.reference_words for s in scores.values())
    print(f"\n{title}")
    for name, score in scores.items():
        method = results[name][1].source["speakers"]["method"]
        print(f"  {name:28s} WER {score.wer:6.1%}  right speaker {score.attribution:6.1%}  ({method})")
    print(f"  pooled WER {pooled:.1%}")
    return pooled, list(scores.items())


@pytest.mark.slow
def test_sample_transcripts_keep_the_contract(as_recorded, mono_mixes):
    for reference, result in [*as_recorded.values(), *mono_mixes.values()]:
        check_contract(result, reference)


@pytest.mark.slow
def test_sample_calls_meet_wer_and_attribution_thresholds(as_recorded):
    pooled, scores = report("samples as recorded", as_recorded)
    assert pooled <= POOLED_WER_MAX
    for name, score in scores:
        assert score.wer <= CALL_WER_MAX, name
        minimum = (
            STEREO_ATTRIBUTION_MIN
            if as_recorded[name][1].source["speakers"]["method"] == "channel"
            else MONO_ATTRIBUTION_MIN
        )
        assert score.attribution >= minimum, name


@pytest.mark.slow
def test_mono_mixes_meet_attribution_threshold(mono_mixes):
    pooled, scores = report("mono mixes, diarized", mono_mixes)
    assert pooled <= MONO_POOLED_WER_MAX
    for name, score in scores:
        assert score.attribution >= MONO_ATTRIBUTION_MIN, name
    for _, result in mono_mixes.values():
        speakers = result.source["speakers"]
        assert speakers["method"] == "diarization" and 0.5 <= speakers["role_confidence"] <= 1.0


@pytest.mark.slow
def test_overlapping_speech_is_kept(as_recorded):
    def overlaps(transcript):
        return sum(
            1
            for a, b in zip(transcript.utterances, transcript.utterances[1:], strict=False)
            if b.start < a.end and a.speaker != b.speaker
        )

    expected = sum(overlaps(reference) for reference, _ in as_recorded.values())
    if not expected:
        pytest.skip("the sample scripts have no overlapping speech")
    stereo = [result for _, result in as_recorded.values() if result.source["speakers"]["method"] == "channel"]
    assert sum(overlaps(result) for result in stereo) >= 1


@pytest.mark.slow
def test_broken_recordings_each_give_one_clear_error(tmp_path, settings, whisper):
    expected = make_broken_files(tmp_path)
    # Loud, but no speech at all: only the recogniser can tell.
    write_audio(
        tmp_path / "hum.flac",
        0.3 * np.sin(np.linspace(0, 2 * np.pi * 50 * 8, SAMPLE_RATE * 8))[None, :].astype(np.float32),
        SAMPLE_RATE,
        "flac",
    )
    expected["hum.flac"] = "no speech"
    metadata = CallMetadata(call_id="broken", rep_id="unknown")
    for name, reason in expected.items():
        with pytest.raises(AudioError) as caught:
            transcribe_recording(tmp_path / name, metadata, settings)
        assert caught.value.path == str(tmp_path / name)
        assert reason in caught.value.reason, f"{name}: {caught.value.reason}"


@pytest.mark.slow
def test_cli_transcribes_a_stereo_call(calls):
    recording = next((r for r, _, _ in calls if decode_audio(r, 1e9).channels == 2), None)
    if recording is None:
        pytest.skip("no stereo sample")
    import json
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "transcribe", str(recording), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and "No module named pipeline.cli" in done.stderr:
        pytest.skip("the CLI is not there yet")
    assert done.returncode == 0, done.stderr
    transcript = transcript_from_dict(json.loads(done.stdout))
    assert {u.speaker for u in transcript.utterances} == {"rep", "buyer"}
    assert all(u.words for u in transcript.utterances)
