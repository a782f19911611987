"""Decoding: every common format and rate in, 16 kHz float32 out; every broken file a clear AudioError."""

from __future__ import annotations

import os

import numpy as np
import pytest

from pipeline.errors import AudioError
from pipeline.ingest.audio import SAMPLE_RATE, decode_audio
from tests.support.audio import make_broken_files, tone_and_noise, write_audio

LONG_ENOUGH_S = 4 * 3600.0


@pytest.mark.parametrize(
    ("name", "codec", "rate", "channels"),
    [
        ("call.wav", "pcm_s16le", 8000, 1),
        ("call.flac", "flac", 44100, 2),
        ("call.ogg", "libopus", 48000, 2),
        ("call.mp3", "libmp3lame", 22050, 2),
        ("call.m4a", "aac", 32000, 1),
        ("room.flac", "flac", 16000, 6),
    ],
)
def test_any_common_format_decodes_to_16k_float32(tmp_path, name, codec, rate, channels):
    path = write_audio(tmp_path / name, tone_and_noise(channels, rate, 3.0), rate, codec)
    audio = decode_audio(path, LONG_ENOUGH_S)
    assert audio.samples.dtype == np.float32
    assert audio.channels == (2 if channels == 2 else 1)  # more than two channels are one room
    assert audio.source_channels == channels and audio.source_sample_rate == rate
    assert abs(audio.duration_s - 3.0) < 0.1
    assert np.abs(audio.samples).max() <= 1.0
    assert audio.mono().shape == (audio.samples.shape[1],)


def test_stereo_channels_stay_apart(tmp_path):
    samples = tone_and_noise(2, 16000, 2.0)
    samples[1] = 0.0005 * np.sign(samples[1])  # right side nearly silent
    audio = decode_audio(write_audio(tmp_path / "sides.flac", samples, 16000, "flac"), LONG_ENOUGH_S)
    left, right = (float(np.sqrt(np.mean(channel**2))) for channel in audio.samples)
    assert left > 100 * right
    assert audio.samples.shape == (2, 2 * SAMPLE_RATE)


def test_each_broken_file_gives_one_clear_error(tmp_path):
    expected = make_broken_files(tmp_path / "broken")
    for name, reason in expected.items():
        path = tmp_path / "broken" / name
        with pytest.raises(AudioError) as caught:
            decode_audio(path, LONG_ENOUGH_S)
        assert caught.value.path == str(path)
        assert reason in caught.value.reason, f"{name}: {caught.value.reason}"
        assert str(path) in str(caught.value)


def test_too_long_is_refused_by_the_configured_limit(tmp_path):
    path = write_audio(tmp_path / "long.flac", tone_and_noise(1, 16000, 5.0), 16000, "flac")
    with pytest.raises(AudioError, match="too long"):
        decode_audio(path, max_duration_s=2.0)
    assert decode_audio(path, max_duration_s=10.0).duration_s == pytest.approx(5.0, abs=0.05)


def test_missing_file_is_an_audio_error(tmp_path):
    with pytest.raises(AudioError, match="cannot read file"):
        decode_audio(tmp_path / "nowhere.wav", LONG_ENOUGH_S)


def test_a_wav_still_being_written_is_not_called_truncated(tmp_path):
    """Recorders that stop abruptly leave 0 or 0xFFFFFFFF as the data size: unknown, not short."""
    path = write_audio(tmp_path / "open.wav", tone_and_noise(1, 16000, 2.0), 16000, "pcm_s16le")
    data = bytearray(path.read_bytes())
    data_at = data.index(b"data")
    data[data_at + 4 : data_at + 8] = (0xFFFFFFFF).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert decode_audio(path, LONG_ENOUGH_S).duration_s > 1.9


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads every file")
def test_unreadable_file_is_an_audio_error(tmp_path):
    path = write_audio(tmp_path / "locked.wav", tone_and_noise(1, 16000, 1.0), 16000, "pcm_s16le")
    path.chmod(0)
    with pytest.raises(AudioError, match="cannot read file"):
        decode_audio(path, LONG_ENOUGH_S)
