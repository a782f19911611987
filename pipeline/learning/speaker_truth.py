"""Who really spoke when, read from the references of the real clips, and how many words a
diarization put on the right person.

Used by `benchmarks/speakers.py` and the real-speech tests; the clips themselves live outside the
repository (`../shared/data/`), never in it.

A word's true speaker is the one whose reference turn holds the word's middle; words in no turn
or in two overlapping turns are left out of the score (nobody, or everybody, is right there).
Voices are matched to people one to one (Hungarian assignment on the word counts), so a clip
split into too few voices loses the words of the person left without one, and a word reported
`unknown` (no voice) is never right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

Turn = tuple[float, float, str]  # start, end, person

# katiesteve_mono.reference.txt gives the order of the turns but no times; its header lists the
# speech chunks measured from the signal energy. Its speaker names do not fit the voices: by pitch
# (median F0 about 200-300 Hz for one voice, 130-165 Hz for the other, measured with librosa.pyin)
# the high voice says "Good morning Steve", "Have you heard about ..." and "It's the new feature
# ...", the low one "Good morning Katie", "No, tell me more" and "That sounds interesting ...";
# the published text merges "Good morning. Katie, have you heard" into one turn, which the 0.7 s
# pause and the change of voice contradict. The turns below follow the voices; the enrolment test
# agrees (Katie's and Steve's voices enrolled from katiesteve.wav find these turns).
KATIESTEVE_MONO_TURNS: list[Turn] = [
    (1.0, 2.2, "Katie"),
    (2.6, 3.4, "Steve"),
    (4.0, 7.3, "Katie"),
    (8.0, 9.1, "Steve"),
    (9.5, 14.9, "Katie"),
    (15.3, 17.9, "Steve"),
]
TIMED_LINE = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\s+(\w+)")


@dataclass(frozen=True)
class RealClip:
    name: str
    audio: Path
    turns: list[Turn]

    @property
    def people(self) -> list[str]:
        return sorted({person for _, _, person in self.turns})


def read_rttm(path: Path, file_id: str | None = None) -> list[Turn]:
    turns = []
    for line in path.read_text().splitlines():
        fields = line.split()
        if fields and fields[0] == "SPEAKER" and (file_id is None or fields[1] == file_id):
            start = float(fields[3])
            turns.append((start, start + float(fields[4]), fields[7]))
    return turns


def read_timed_reference(path: Path) -> list[Turn]:
    """Lines `START-END  Person?  text` (katiesteve.reference.txt)."""
    turns = []
    for line in path.read_text().splitlines():
        match = TIMED_LINE.match(line.strip())
        if match:
            turns.append((float(match[1]), float(match[2]), match[3]))
    return turns


def real_clips(shared_data: Path) -> list[RealClip]:
    """The real clips found under `shared_data` (the `data` folder of ../shared), with their turns."""
    speech, ami = shared_data / "real-speech", shared_data / "ami-es2004a-clip"
    candidates = [
        ("katiesteve", speech / "katiesteve.wav", lambda: read_timed_reference(speech / "katiesteve.reference.txt")),
        ("katiesteve_mono", speech / "katiesteve_mono.wav", lambda: KATIESTEVE_MONO_TURNS),
        ("dev00", speech / "dev00.wav", lambda: read_rttm(speech / "dev00-dev01.rttm", "dev00")),
        ("dev01", speech / "dev01.wav", lambda: read_rttm(speech / "dev00-dev01.rttm", "dev01")),
        (
            "picovoice-3speakers",
            speech / "picovoice-3speakers.wav",
            lambda: read_rttm(speech / "picovoice-3speakers.rttm"),
        ),
        ("ami-es2004a", ami / "mixture.wav", lambda: read_rttm(ami / "mixture.rttm")),
    ]
    return [RealClip(name, audio, turns()) for name, audio, turns in candidates if audio.is_file()]


def true_speaker(start: float, end: float, turns: list[Turn], tolerance_s: float = 0.25) -> str | None:
    """The one person whose turn (widened by `tolerance_s`, the references are approximate) holds the word's middle."""
    middle = (start + end) / 2
    active = {person for first, last, person in turns if first - tolerance_s <= middle <= last + tolerance_s}
    return active.pop() if len(active) == 1 else None


@dataclass
class SpeakerScore:
    scored_words: int  # words with exactly one true speaker
    right: int  # of them, on the voice matched to that person
    unlabelled: int  # of them, given no voice (unknown)
    voices_found: int
    people: int
    assignment: dict[str, str]  # voice -> person

    @property
    def share_right(self) -> float:
        return self.right / self.scored_words if self.scored_words else 0.0


def score_voices(words: list[tuple[float, float, str | None]], turns: list[Turn]) -> SpeakerScore:
    """`words`: (start, end, voice or None). Voices are matched to people one to one."""
    truth = [(voice, true_speaker(start, end, turns)) for start, end, voice in words]
    truth = [(voice, person) for voice, person in truth if person is not None]
    voices = sorted({voice for voice, _ in truth if voice is not None})
    people = sorted({person for _, _, person in turns})
    counts = np.zeros((len(voices), len(people)))
    for voice, person in truth:
        if voice is not None:
            counts[voices.index(voice), people.index(person)] += 1
    rows, cols = linear_sum_assignment(-counts) if voices else ([], [])
    return SpeakerScore(
        scored_words=len(truth),
        right=int(sum(counts[r, c] for r, c in zip(rows, cols, strict=True))),
        unlabelled=sum(voice is None for voice, _ in truth),
        voices_found=len({voice for _, _, voice in words if voice is not None}),
        people=len(people),
        assignment={voices[r]: people[c] for r, c in zip(rows, cols, strict=True)},
    )
