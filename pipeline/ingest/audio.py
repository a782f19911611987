"""Decode any common recording into float32 samples at 16 kHz, one row per channel.

PyAV (FFmpeg) reads wav, flac, ogg, mp3, m4a/aac and the rest, at any sample rate. Every way
a file can be unusable ends in an `AudioError` that names the file and says why, so the batch
can quarantine it and go on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import av
import av.logging
import numpy as np

from pipeline.errors import AudioError

SAMPLE_RATE = 16000  # what Whisper and the VAD expect
# Below this peak level (dBFS) a recording holds nothing but digital silence or hiss.
SILENCE_PEAK_DBFS = -50.0
# A decode that ends this much short of the duration the header declares is a truncated file.
TRUNCATION_TOLERANCE_S = 1.0
TRUNCATION_TOLERANCE_RATIO = 0.9
_FFMPEG_LOG_LOCK = threading.Lock()


@dataclass
class Audio:
    samples: np.ndarray  # shape (channels, n), float32 in [-1, 1], SAMPLE_RATE
    source_sample_rate: int
    source_channels: int
    codec: str
    container: str

    @property
    def channels(self) -> int:
        return self.samples.shape[0]

    @property
    def duration_s(self) -> float:
        return self.samples.shape[1] / SAMPLE_RATE

    def mono(self) -> np.ndarray:
        """The channels mixed into one, as a listener on a single speaker would hear them."""
        if self.channels == 1:
            return self.samples[0]
        return self.samples.mean(axis=0).astype(np.float32)


def _declared_duration(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000  # av.time_base
    return None


def _open(path: Path):
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AudioError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise AudioError(path, "empty file (0 bytes)")
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError as exc:
        raise AudioError(path, f"not a readable audio file ({exc.__class__.__name__}: {_ffmpeg_reason(exc)})") from exc


def _ffmpeg_reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def _riff_truncation(path: Path) -> str | None:
    """WAV headers state the data size; FFmpeg quietly plays what is there, so compare ourselves."""
    with path.open("rb") as handle:
        header = handle.read(4096)
    if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        return None
    position = 12
    while position + 8 <= len(header):
        chunk_id, chunk_size = (
            header[position : position + 4],
            int.from_bytes(header[position + 4 : position + 8], "little"),
        )
        if chunk_id == b"data":
            # Recorders that crash before finishing write 0 or 0xFFFFFFFF: unknown, not truncated.
            if chunk_size in (0, 0xFFFFFFFF):
                return None
            available = path.stat().st_size - (position + 8)
            if available < chunk_size:
                return f"truncated: the WAV header declares {chunk_size} bytes of audio, the file holds {available}"
            return None
        position += 8 + chunk_size + (chunk_size & 1)
    return None


def _ogg_truncation(path: Path) -> str | None:
    """A complete Ogg stream ends with a page flagged end-of-stream; a cut file does not."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - 65536))
        tail = handle.read()
    last_page = tail.rfind(b"OggS")
    if last_page < 0 or last_page + 27 > len(tail):
        return "truncated: no complete Ogg page at the end of the file"
    header_type = tail[last_page + 5]
    segments = tail[last_page + 26]
    table_end = last_page + 27 + segments
    if table_end > len(tail) or table_end + sum(tail[last_page + 27 : table_end]) > len(tail) or not header_type & 4:
        return "truncated: the Ogg stream stops before its end-of-stream page"
    return None


def decode_audio(path: Path, max_duration_s: float) -> Audio:
    """Decode `path` to 16 kHz float32; stereo stays two channels, more than two are mixed to one.

    Raises AudioError for empty, non-audio, corrupt, truncated, silent and too long files.
    """
    path = Path(path)
    # FFmpeg reports damaged frames only in its log and then skips them; capture the log to notice.
    # The log level is process-wide, so decodes take turns (decoding is a few % of the stage).
    with _FFMPEG_LOG_LOCK:
        previous_level = av.logging.get_level()
        av.logging.set_level(av.logging.ERROR)
        try:
            with av.logging.Capture() as ffmpeg_log:
                audio = _decode(path, max_duration_s)
        finally:
            av.logging.set_level(previous_level)
    # A cut file also upsets the decoder at its last packet: name the cause, not the symptom.
    truncation = {"wav": _riff_truncation, "ogg": _ogg_truncation}.get(audio.container)
    reason = truncation(path) if truncation else None
    if reason:
        raise AudioError(path, reason)
    errors = [message.strip() for level, _, message in ffmpeg_log if level <= av.logging.ERROR]
    if errors:
        raise AudioError(path, f"corrupt audio: the decoder reported {len(errors)} error(s), first: {errors[0]}")
    return audio


def _decode(path: Path, max_duration_s: float) -> Audio:
    container = _open(path)
    with container:
        if not container.streams.audio:
            raise AudioError(path, "no audio stream in the file")
        stream = container.streams.audio[0]
        if stream.codec_context is None:  # a format tag no decoder of this FFmpeg knows
            raise AudioError(path, "not a readable audio file (no decoder for its audio format)")
        source_channels = stream.channels or 0
        source_rate = stream.rate or 0
        if source_channels < 1 or source_rate < 1:
            raise AudioError(path, "the audio stream declares no channels or no sample rate")
        declared = _declared_duration(container, stream)
        if declared is not None and declared > max_duration_s:
            raise AudioError(path, f"too long: {declared / 60:.0f} min, the limit is {max_duration_s / 60:.0f} min")
        # Two channels are two sides of a call; more (a conference bridge, 5.1) are one room,
        # averaged below (FFmpeg's downmix adds channels up and would clip).
        layout = {1: "mono", 2: "stereo"}.get(source_channels)
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        decoded = 0
        try:
            for frame in container.decode(stream):
                frame.pts = None  # let the resampler count samples; broken timestamps must not matter
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray())
                    decoded += out.samples
                if decoded > max_duration_s * SAMPLE_RATE:
                    raise AudioError(path, f"too long: more than {max_duration_s / 60:.0f} min of audio")
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray())
                decoded += out.samples
        except av.FFmpegError as exc:
            raise AudioError(
                path, f"corrupt or truncated audio after {decoded / SAMPLE_RATE:.1f} s ({_ffmpeg_reason(exc)})"
            ) from exc
        codec = stream.codec_context.name
        container_name = container.format.name
    if decoded == 0:
        raise AudioError(path, "no audio samples could be decoded (empty or corrupt stream)")
    samples = np.concatenate(chunks, axis=1).astype(np.float32, copy=False)
    if samples.shape[0] > 2:
        samples = samples.mean(axis=0, keepdims=True)
    duration = samples.shape[1] / SAMPLE_RATE
    if declared is not None and duration < declared * TRUNCATION_TOLERANCE_RATIO - TRUNCATION_TOLERANCE_S:
        raise AudioError(path, f"truncated: decoded {duration:.1f} s of the {declared:.1f} s the file declares")
    if not np.isfinite(samples).all():
        raise AudioError(path, "corrupt audio: decoded samples are not finite numbers")
    peak = float(np.abs(samples).max())
    if peak <= 10 ** (SILENCE_PEAK_DBFS / 20):
        level = "digital silence" if peak == 0 else f"peak {20 * np.log10(peak):.0f} dBFS"
        raise AudioError(path, f"silent recording ({level}, {duration:.1f} s)")
    return Audio(
        samples=samples,
        source_sample_rate=source_rate,
        source_channels=source_channels,
        codec=codec,
        container=container_name,
    )
