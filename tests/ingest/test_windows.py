"""Reading the packed windows: batches by length, the encoder cut after a window's audio, and the
checks a re-decode must pass."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.config import TranscribeSettings
from pipeline.ingest.asr import _garbled, _weak_pieces, load_model
from pipeline.ingest.audio import SAMPLE_RATE, decode_audio
from pipeline.ingest.windows import MARGIN_S, ShortWindowPipeline, batches_by_length
from pipeline.model import Word
from tests.support.paths import SAMPLES

CALL = SAMPLES / "recordings" / "ana-discovery-northwind.flac"


def clip(start: float, length: float) -> dict:
    return {"start": start, "end": start + length}


def test_full_windows_share_a_batch_and_a_short_last_window_gets_its_own():
    # Two calls' worth of windows: three nearly full, a short last one, a retry-sized one.
    clips = [clip(0, 29.8), clip(29.8, 29.5), clip(59.3, 28.9), clip(88.2, 7.7), clip(95.9, 12.0)]
    batches = batches_by_length(clips, batch_size=8)
    assert batches == [[clips[0], clips[1], clips[2]], [clips[4]], [clips[3]]]
    assert sorted(c["start"] for batch in batches for c in batch) == [c["start"] for c in clips]


def test_a_batch_holds_at_most_batch_size_windows():
    clips = [clip(30.0 * i, 30.0) for i in range(5)]
    assert [len(batch) for batch in batches_by_length(clips, batch_size=2)] == [2, 2, 1]


def test_a_loop_or_a_stretched_word_is_garbled_a_short_answer_is_not():
    def words(*texts: str, length: float = 0.3) -> list[Word]:
        return [Word(text, i * 0.5, i * 0.5 + length) for i, text in enumerate(texts)]

    assert _garbled(words("Sp", "Sp", "Sp", "Sp", "Sp"))
    assert _garbled(words("Spend", length=2.5))
    assert not _garbled(words("Spend."))
    assert not _garbled(words("no,", "no,", "no.", "fine"))  # three in a row is speech, not a loop
    piece = (1, 74.96, 75.712)
    assert _weak_pieces([piece], [], pad_s=0.2) == {piece}  # no words at all from speech
    assert _weak_pieces([piece], [(piece, w) for w in words("Spend.")], pad_s=0.2) == set()


@pytest.fixture(scope="module")
def call_audio() -> np.ndarray:
    if not CALL.is_file():
        pytest.skip(f"sample call {CALL} not found")
    return decode_audio(CALL, 600.0).samples[:, : 40 * SAMPLE_RATE]


class RecordingPipeline(ShortWindowPipeline):
    """The real pipeline, noting how many feature frames each batch's encoder reads."""

    encoded: list[int] = []

    def generate_segment_batched(self, features, tokenizer, options):
        self.encoded.append(features.shape[-1])
        return super().generate_segment_batched(features, tokenizer, options)


@pytest.mark.slow
def test_a_short_window_is_encoded_only_as_far_as_its_audio_and_keeps_its_times(call_audio):
    settings = TranscribeSettings()
    pipeline = RecordingPipeline(load_model(settings))
    stream = call_audio[0]
    short = clip(2.0, 6.0)  # seconds of the stream
    segments, _ = pipeline.transcribe(
        stream, language="en", beam_size=1, word_timestamps=True, vad_filter=False, clip_timestamps=[short]
    )
    words = [word for segment in segments for word in segment.words]
    assert pipeline.encoded == [int((6.0 + MARGIN_S) * 100)]  # 100 frames a second, not 3,000
    assert len(words) >= 6
    assert all(short["start"] <= word.start <= word.end <= short["end"] + 0.5 for word in words)
    full = clip(0.0, 30.0)
    list(pipeline.transcribe(stream, language="en", word_timestamps=False, vad_filter=False, clip_timestamps=[full])[0])
    assert pipeline.encoded[-1] == 3000
