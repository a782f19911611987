"""Recordings made in the test: tones under noise in any format, and deliberately broken files.

Encoded with PyAV (what the audio stage itself decodes with), so the tests need no ffmpeg binary.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np


def tone_and_noise(channels: int, rate: int, seconds: float) -> np.ndarray:
    """A different tone per channel under bursts of noise: loud enough, and easy to tell apart."""
    t = np.arange(int(rate * seconds)) / rate
    rng = np.random.default_rng(channels * rate)
    rows = []
    for channel in range(channels):
        tone = 0.3 * np.sin(2 * np.pi * (220 + 110 * channel) * t)
        bursts = (np.sin(2 * np.pi * 0.5 * t) > 0) * rng.normal(0, 0.05, len(t))
        rows.append(tone + bursts)
    return np.clip(np.array(rows, dtype=np.float32), -1, 1)


def write_audio(path: Path, samples: np.ndarray, rate: int, codec: str) -> Path:
    """Encode with PyAV (what the stage itself decodes with) so the tests need no ffmpeg binary."""
    channels = samples.shape[0]
    layout = {1: "mono", 2: "stereo", 6: "5.1"}[channels]
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        # Hand over float frames and let FFmpeg convert to whatever the encoder takes.
        convert = av.AudioResampler(format=stream.codec_context.format.name, layout=layout, rate=rate)
        block = 1024
        for start in range(0, samples.shape[1], block):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(samples[:, start : start + block]), format="fltp", layout=layout
            )
            frame.sample_rate = rate
            for converted in convert.resample(frame):
                for packet in stream.encode(converted):
                    container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def make_broken_files(folder: Path) -> dict[str, str]:
    """Deliberately broken recordings, each with the words its error must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    good = tone_and_noise(2, 16000, 6.0)
    expected = {}

    (folder / "empty.wav").write_bytes(b"")
    expected["empty.wav"] = "empty"
    (folder / "notes.mp3").write_text("these are meeting notes, not a recording\n")
    expected["notes.mp3"] = "not a readable audio file"
    (folder / "noise.wav").write_bytes(np.random.default_rng(1).integers(0, 256, 40_000, dtype=np.uint8).tobytes())
    expected["noise.wav"] = "not a readable audio file"
    write_audio(folder / "silent.wav", np.zeros((1, 16000 * 3), dtype=np.float32), 16000, "pcm_s16le")
    expected["silent.wav"] = "silent"
    for name, codec, reason in [
        ("cut.wav", "pcm_s16le", "truncated"),
        ("cut.flac", "flac", "truncated"),
        ("cut.ogg", "libopus", "truncated"),
        ("cut.mp3", "libmp3lame", "truncated"),
        ("cut.m4a", "aac", "not a readable audio file"),  # its index sits at the end: nothing to read
    ]:
        full = write_audio(folder / f"full-{name}", good, 48000 if codec == "libopus" else 16000, codec)
        data = full.read_bytes()
        (folder / name).write_bytes(data[: len(data) // 2])
        full.unlink()
        expected[name] = reason
    whole = write_audio(folder / "whole.flac", good, 16000, "flac")
    data = bytearray(whole.read_bytes())
    rng = np.random.default_rng(2)
    middle = len(data) // 3
    data[middle : middle + 20_000] = rng.integers(0, 256, 20_000, dtype=np.uint8).tobytes()
    (folder / "damaged.flac").write_bytes(bytes(data))
    whole.unlink()
    expected["damaged.flac"] = "corrupt"
    # A FLAC header that claims ten hours: refused before anything is decoded.
    data = bytearray(write_audio(folder / "claims-10h.flac", good, 16000, "flac").read_bytes())
    streaminfo = int.from_bytes(data[18:26], "big")
    ten_hours = 16000 * 3600 * 10
    data[18:26] = ((streaminfo >> 36 << 36) | ten_hours).to_bytes(8, "big")
    (folder / "claims-10h.flac").write_bytes(bytes(data))
    expected["claims-10h.flac"] = "too long"
    # A WAV header that claims 4 GiB of audio over a few kilobytes.
    data = bytearray(write_audio(folder / "liar.wav", good[:, :1600], 16000, "pcm_s16le").read_bytes())
    data_at = data.index(b"data")
    data[data_at + 4 : data_at + 8] = (0xFFFFFFF0).to_bytes(4, "little")
    (folder / "liar.wav").write_bytes(bytes(data))
    expected["liar.wav"] = "truncated"
    return expected
