"""Who really spoke when, read from the references of the real clips, and how many words a
diarization put on the right person.

Used by `benchmarks/speakers.py` and the real-speech tests; the clips themselves live outside the
repository (`../shared/data/`), never in it.

A word's true speaker is the one whose reference turn holds the word's middle; words in no turn
or in two overlapping turns are left out of the score (nobody, or everybody, is right there).
Voices are matched to people one to one (Hungarian assignment on the word counts), so a clip
split into too few voices loses the words of the person left without one, and a word reported
`unknown` (no voice) is never right. DER and JER come from `pyannote.metrics`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from pipeline.config import TranscribeSettings
from pipeline.ingest.diarize import LabelledWord
from pipeline.ingest.voice_profiles import enrol_rep_voice
from pipeline.model import Word

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
TIMED_LINE = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\s+(\w+)\??\s+\([^)]*\)\s*(.*)$")
LABELLED_LINE = re.compile(r"^(\w+)\??\s+\([^)]*\)\s*(.*)$")
DER_COLLAR_S = (
    0.25  # the references' times are approximate: a quarter second either side of a turn change is not scored
)


@dataclass(frozen=True)
class RealClip:
    name: str
    audio: Path
    turns: list[Turn]
    text: str | None = None  # what was said, in order (None: no text reference)
    person_texts: dict[str, str] | None = None  # what each person said (None: not known per person)

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
    """Lines `START-END  Person?  (label) text` (katiesteve.reference.txt)."""
    turns = []
    for line in path.read_text().splitlines():
        match = TIMED_LINE.match(line.strip())
        if match:
            turns.append((float(match[1]), float(match[2]), match[3]))
    return turns


def read_reference_text(path: Path) -> tuple[str, dict[str, str]]:
    """The text of a reference with lines `[START-END]  Person?  (label) text`, in order and per person."""
    lines: list[tuple[str, str]] = []
    for line in path.read_text().splitlines():
        line = line.strip()
        match = TIMED_LINE.match(line)
        if match:
            lines.append((match[3], match[4]))
        elif (match := LABELLED_LINE.match(line)) and not line.startswith("#"):
            lines.append((match[1], match[2]))
    per_person: dict[str, list[str]] = {}
    for person, text in lines:
        per_person.setdefault(person, []).append(text)
    return " ".join(text for _, text in lines), {person: " ".join(texts) for person, texts in per_person.items()}


def _ami_texts(folder: Path) -> dict[str, str]:
    # AMI spells letters as L_C_D_; the speaker letters A-D are not mapped to the RTTM's ids.
    return {path.name.split(".")[1]: path.read_text().replace("_", "") for path in sorted(folder.glob("mixture.*.txt"))}


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
    clips = [RealClip(name, audio, turns()) for name, audio, turns in candidates if audio.is_file()]
    texts = {}
    if (speech / "katiesteve.reference.txt").is_file():
        texts["katiesteve"] = read_reference_text(speech / "katiesteve.reference.txt")
    if (speech / "katiesteve_mono.reference.txt").is_file():
        # Its per-person names do not fit the voices (see KATIESTEVE_MONO_TURNS): the text in order only.
        texts["katiesteve_mono"] = (read_reference_text(speech / "katiesteve_mono.reference.txt")[0], None)
    if (ami / "text").is_dir():
        texts["ami-es2004a"] = (None, _ami_texts(ami / "text"))
    return [
        replace(clip, text=texts[clip.name][0], person_texts=texts[clip.name][1]) if clip.name in texts else clip
        for clip in clips
    ]


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


def diarization_errors(
    segments: list[tuple[float, float, str]], turns: list[Turn], duration: float
) -> tuple[float, float]:
    """(DER, JER) of `segments` (start, end, voice) against the reference turns, over the whole
    clip, by pyannote.metrics (DER with a `DER_COLLAR_S` collar, overlapping speech scored)."""
    from pyannote.core import Annotation, Segment, Timeline
    from pyannote.metrics.diarization import DiarizationErrorRate, JaccardErrorRate

    reference, hypothesis = Annotation(), Annotation()
    for index, (start, end, person) in enumerate(turns):
        reference[Segment(start, end), index] = person
    for index, (start, end, voice) in enumerate(segments):
        hypothesis[Segment(start, end), index] = voice
    uem = Timeline([Segment(0.0, duration)])
    der = DiarizationErrorRate(collar=DER_COLLAR_S)(reference, hypothesis, uem=uem)
    jer = JaccardErrorRate()(reference, hypothesis, uem=uem)
    return float(der), float(jer)


def voice_segments(words: list[tuple[float, float, str | None]], join_s: float) -> list[tuple[float, float, str]]:
    """Words (start, end, voice or None) joined into segments of one voice across pauses under
    `join_s`: what a diarization says of who speaks when. Words without a voice are left out."""
    segments: list[tuple[float, float, str]] = []
    for start, end, voice in sorted(w for w in words if w[2] is not None):
        if segments and segments[-1][2] == voice and start - segments[-1][1] < join_s:
            segments[-1] = (segments[-1][0], max(end, segments[-1][1]), voice)
        else:
            segments.append((start, end, voice))
    return segments


def enrolled_voice(clip: RealClip, samples: np.ndarray, words: list[Word], person: str) -> np.ndarray | None:
    """`person`'s voice enrolled from a recording of them, as a stereo call enrols a rep: their
    words (by the reference) on one side, everyone else's on the other."""
    sides = []
    for word in words:
        speaker = true_speaker(word.start, word.end, clip.turns)
        if speaker is not None:
            sides.append(LabelledWord(word, "rep" if speaker == person else "buyer", group=int(speaker != person)))
    sample = enrol_rep_voice(sides, np.stack([samples, samples]), 0, TranscribeSettings().voice_enrol_s)
    return np.array(sample["embedding"]) if sample else None
