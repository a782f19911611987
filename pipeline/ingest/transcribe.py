"""Recording in, Transcript out: faster-whisper words, each attributed to the rep or the buyer.

Stereo calls carry one side per channel: `pipeline.ingest.asr` transcribes both channels in one
batched pass, so every word's side is known by construction and overlapping speech is kept;
words that are only the other side leaking across (echo, headset bleed) are dropped.

Mono calls are transcribed from their single channel, and `pipeline.ingest.diarize` separates the
voices (any number, each buyer its own `speaker_name`) and decides which one is the rep, from the
rep's enrolled voice when one is given and from what each voice says, with a confidence it reports.
Stereo calls also measure the rep's voice (`source.speakers.rep_voice_sample`), which the batch adds to
the rep's voice profile.

Utterances are rebuilt from word timestamps: a speaker's words stay together until a pause or
until the other side has spoken in between.
"""

from __future__ import annotations

import bisect
import time
from pathlib import Path

import faster_whisper
import numpy as np

from pipeline.config import TranscribeSettings
from pipeline.errors import AudioError
from pipeline.ingest.asr import load_model, recognise
from pipeline.ingest.audio import SAMPLE_RATE, Audio, decode_audio
from pipeline.ingest.diarize import DiarizeOptions, LabelledWord, diarize_words
from pipeline.ingest.voice_profiles import enrol_rep_voice
from pipeline.model import CallMetadata, Transcript, Utterance, Word, transcript_for

# A word heard this much louder on the other channel is that side's voice leaking across
# (echo, headset bleed); the other channel transcribes it in its own right.
BLEED_DB = 15.0
# Two channels this similar are one signal recorded twice, not two sides of a call.
SAME_SIGNAL_CORRELATION = 0.98
# A channel 40 dB below the other carries no side of the call: the recorder put both on one.
DEAD_CHANNEL_RATIO = 0.01


def _level_db(samples: np.ndarray, start: float, end: float) -> float:
    window = samples[int(start * SAMPLE_RATE) : max(int(end * SAMPLE_RATE), int(start * SAMPLE_RATE) + 1)]
    return 10 * float(np.log10(np.mean(np.square(window, dtype=np.float64)) + 1e-12))


def attribute_by_channel(
    words: list[tuple[int, Word]], channels: np.ndarray, rep_index: int | None
) -> tuple[list[LabelledWord], int]:
    """Each channel is one side; drop words that are only another side leaking across.

    With `rep_index` None (more than two channels, one per person) words keep their channel as
    their voice and are labelled "unknown".
    """
    labelled = []
    bleed = 0
    for channel, word in words:
        levels = [_level_db(samples, word.start, word.end) for samples in channels]
        loudest_other = max(level for index, level in enumerate(levels) if index != channel)
        if loudest_other - levels[channel] > BLEED_DB:
            bleed += 1
            continue
        if rep_index is None:
            speaker = "unknown"
        else:
            speaker = "rep" if channel == rep_index else "buyer"
        labelled.append(LabelledWord(word, speaker, confidence=1.0 if rep_index is not None else None, group=channel))
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
            if (
                gap_end - gap_start > pause_s
                or interrupted
                or item.speaker != previous.speaker
                or item.voice_name != previous.voice_name
            ):
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
    # The voice's own name (buyer_2, voice_1) when diarization is sure of the voice; the rep's name when known.
    voice_confidences = [item.voice_confidence for item in items if item.voice_confidence is not None]
    voice_sure = not voice_confidences or float(np.mean(voice_confidences)) >= min_confidence
    voice_name = items[0].voice_name if voice_sure else None
    return Utterance(
        speaker=speaker,
        start=items[0].word.start,
        end=max(item.word.end for item in items),
        text=" ".join(item.word.text for item in items),
        speaker_name=names.get(speaker) or (None if voice_name == "rep" else voice_name),
        words=[item.word for item in items],
        speaker_confidence=confidence,
    )


def _same_signal(channels: np.ndarray) -> bool:
    # Every 8th sample is plenty to compare, and keeps a four-hour call from doubling in memory.
    left, right = channels[0, ::8].astype(np.float64), channels[1, ::8].astype(np.float64)
    if not left.any() or not right.any():
        return False
    return float(np.corrcoef(left, right)[0, 1]) > SAME_SIGNAL_CORRELATION


def _layout(audio: Audio, metadata: CallMetadata) -> tuple[str, str]:
    """("stereo" | "mono", why) — how the speakers of this recording can be told apart."""
    if audio.channels == 2 and metadata.rep_channel in ("left", "right"):
        if _same_signal(audio.samples):
            return "mono", "both channels carry the same signal"
        levels = np.sqrt(np.mean(np.square(audio.samples[:, ::8], dtype=np.float64), axis=1))
        if levels.min() < levels.max() * DEAD_CHANNEL_RATIO:
            return "mono", f"the {('left', 'right')[int(levels.argmin())]} channel is silent: both sides are on one"
        return "stereo", f"one side per channel, rep on the {metadata.rep_channel}"
    if audio.channels == 2:
        return "mono", "metadata says rep_channel mono: channels mixed"
    if audio.source_channels > 2:
        return "mono", f"{audio.source_channels} channels mixed to one"
    if metadata.rep_channel != "mono":
        return "mono", f"metadata says rep_channel {metadata.rep_channel} but the recording has one channel"
    return "mono", "one channel"


def transcribe_recording(
    path: Path, metadata: CallMetadata, settings: TranscribeSettings, rep_voice: np.ndarray | None = None
) -> Transcript:
    """Transcribe one recording; raise AudioError (file, reason) when it cannot be used.

    `rep_voice`: the rep's enrolled voice (see `pipeline.ingest.voice_profiles`), used on mono calls.
    """
    started = time.perf_counter()
    audio = decode_audio(Path(path), settings.max_duration_s)
    decoded = time.perf_counter()
    model = load_model(settings)
    loaded = time.perf_counter()
    layout, layout_reason = _layout(audio, metadata)
    channels = audio.samples if layout == "stereo" else audio.mono()[np.newaxis, :]
    words, recognition = recognise(channels, model, settings)
    recognised = time.perf_counter()
    if not words:
        raise AudioError(path, f"no speech found in {audio.duration_s:.1f} s of audio")
    attribution: dict = {"layout": layout, "why": layout_reason}
    if layout == "stereo":
        rep_index = 0 if metadata.rep_channel == "left" else 1
        labelled, bleed = attribute_by_channel(words, channels, rep_index)
        attribution.update(method="channel", rep_channel=metadata.rep_channel, bleed_words_dropped=bleed)
        if settings.voice_enrol_s > 0:
            attribution["rep_voice_sample"] = enrol_rep_voice(labelled, channels, rep_index, settings.voice_enrol_s)
    else:
        options = DiarizeOptions(
            rep_name=metadata.rep_name,
            method=settings.speaker_method,
            max_voices=settings.max_voices,
            rep_voice=rep_voice,
            resegment=settings.speaker_resegment,
        )
        labelled, report = diarize_words([word for _, word in words], channels[0], options)
        attribution.update(report)
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
            "speaker_method": settings.speaker_method,
            "max_voices": settings.max_voices,
            "speaker_resegment": settings.speaker_resegment,
            "voice_enrol_s": settings.voice_enrol_s,  # 0 on a rep's stereo call once their voice profile is settled
        },
        "audio": {
            "duration_s": round(audio.duration_s, 3),
            "codec": audio.codec,
            "container": audio.container,
            "sample_rate": audio.source_sample_rate,
            "channels": audio.source_channels,
        },
        "recognition": recognition,
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
    return transcript_for(metadata, utterances, source)
