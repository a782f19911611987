"""Who spoke each word of a one-channel call, and which voice is the rep's.

Two ways to find the voices (`DiarizeOptions.method`):

- "encoder" (default): `pipeline.ingest.voices` embeds runs of words with a pretrained speaker
  encoder, estimates how many voices there are (1-6) and gives every run one of them. On real
  people this is what works; MFCC statistics only separated synthetic voices.
- "mfcc": the earlier offline recipe, kept for comparison (`benchmarks/speakers.py` measures
  both): runs clustered on MFCC statistics into `n_speakers` voices, a small Gaussian mixture per
  voice, and a two-state HMM re-deciding every word.

Which voice is the rep is decided from two signals: the rep's enrolled voice (`rep_voice`, built
from their stereo calls, see `pipeline.ingest.voice_profiles`) when there is one, and what the
voices say (the rep introduces themselves by name and company, asks discovery questions, shows
the product, talks price; who opens the call counts a little). The decision has its own
confidence; when it is weak every word's confidence is weak, and the transcription stage reports
such speech as "unknown" instead of guessing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np
from scipy.fft import dct
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture

from pipeline.ingest.voices import ENCODER_NAME, VoiceClusters, VoiceOptions, find_voices
from pipeline.model import Word

SAMPLE_RATE = 16000
FRAME_S = 0.025
HOP_S = 0.010
N_FFT = 512
N_MELS = 40
N_MFCC = 20
FRAMES_PER_BLOCK = 30_000  # five minutes of frames at a time
RUN_SPLIT_GAP_S = 0.25  # a pause this long inside a run may be a turn change
RUN_MAX_S = 3.0  # longer runs are cut so that a missed turn change spoils only part of one
SENTENCE_END = (".", "?", "!")
# Frames of one word are far from independent; count every tenth one when adding up evidence.
FRAME_EVIDENCE_SCALE = 0.1
WORD_EVIDENCE_CAP = 12.0
RESEGMENT_ROUNDS = 2

# Text cues that tell the rep from the buyer: (what it is, pattern, weight, role whose voice says it).
ROLE_CUES: list[tuple[str, str, float, str]] = [
    ("thanks them for their time", r"\bthanks? (you )?for (making|taking|finding) (the )?time\b", 1.5, "rep"),
    ("offers to show or walk through", r"\b(let me|i'll|i will|i can) (show|share|walk|pull up)\b", 1.5, "rep"),
    ("shares a screen", r"\bshare my screen\b", 1.5, "rep"),
    ("walks the other through", r"\bwalk you through\b", 1.0, "rep"),
    ("asks to be told how things work", r"\b(tell me|walk me through) (a bit |more )?(about|how|what)\b", 1.0, "rep"),
    ("asks how their team works", r"\bhow (do|does|is) your (team|company|process)\b", 1.0, "rep"),
    ("asks who else is involved", r"\bwho else\b", 1.0, "rep"),
    ("asks what made them look", r"\bwhat made you\b", 1.0, "rep"),
    ("talks about the product", r"\b(our|the) (platform|product|dashboard|pricing|plan|license|licence)\b", 0.5, "rep"),
    (
        "talks commercial terms",
        r"\b(discount|per seat|per user|per month|free months?|annual plan|contract term)\b",
        0.5,
        "rep",
    ),
    ("mentions our customers", r"\bour customers\b", 1.0, "rep"),
    ("promises to send something", r"\bi'll send (you|over)\b", 0.5, "rep"),
    ("describes the tools they use", r"\bwe (use|are using|currently use|still use|have been using)\b", 1.0, "buyer"),
    (
        "mentions their budget or approvers",
        r"\bour (budget|finance|cfo|vp|operations manager|finance director|procurement|legal)\b",
        0.7,
        "buyer",
    ),
    ("pushes on price", r"\b(too expensive|over budget|can you do better|best price|any flexibility)\b", 1.0, "buyer"),
    ("needs to check internally", r"\bi('ll| will)? need to (check|talk|run it|ask)\b", 0.7, "buyer"),
    ("thanks them for reaching out", r"\bthanks for reaching out\b", 1.5, "buyer"),
]
SELF_INTRO = re.compile(r"\b(?:i'm|i am|this is|my name is|it's)\s+([a-z]+)")
ADDRESS = re.compile(r"\b(?:hi|hello|hey|thanks|thank you|bye|morning|afternoon),?\s+([a-z]+)")
NAME_WEIGHT = 3.0  # saying "I'm Ana" settles it far more than any phrase
ADDRESS_WEIGHT = 1.5
OPENER_WEIGHT = 0.5  # reps usually open the calls they book, but not always
QUESTION_WEIGHT = 2.0  # per unit difference in the share of sentences that are questions
ROLE_NAMING_CONFIDENCE = 0.6  # below this the voices are "voice_N", not "rep" and "buyer_N"
# A run at least this long, this close to a second voice and nearly as close as to its own, is
# reported as possible overlapping speech (one embedding cannot say which of the two it is).
OVERLAP_MIN_S = 1.0
OVERLAP_MIN_SIMILARITY = 0.75
OVERLAP_MARGIN = 0.04


PROFILE_SCALE = 10.0  # centred similarity to the enrolled voice -> log-odds (rep voices measured +0.24, others -0.2)


@dataclass(frozen=True)
class DiarizeOptions:
    rep_name: str | None = None
    n_speakers: int | None = None  # None: estimated (encoder); the mfcc method assumes 2
    seed: int = 0
    method: str = "encoder"  # encoder | mfcc
    max_voices: int = 6
    rep_voice: np.ndarray | None = None  # the rep's enrolled voice (centred embedding), if any


@dataclass
class LabelledWord:
    """A recognised word and whose it is."""

    word: Word
    speaker: str  # rep | buyer | unknown
    confidence: float | None = None
    # Which voice the word belongs to (a channel, or a diarization cluster); utterances never mix voices.
    group: int = 0
    # The voice's name in this call ("rep", "buyer_2", "voice_1" when no role is decided) and how
    # sure the diarization is of the voice alone (None: known by construction, a channel).
    voice_name: str | None = None
    voice_confidence: float | None = None


@dataclass
class VoiceLabel:
    """The diarization verdict on one word."""

    cluster: int
    posterior: float  # how sure the acoustic model is of `cluster`


def _mel_filterbank() -> np.ndarray:
    def to_mel(hz):
        return 2595 * np.log10(1 + np.asarray(hz) / 700)

    def to_hz(mel):
        return 700 * (10 ** (np.asarray(mel) / 2595) - 1)

    edges = to_hz(np.linspace(to_mel(60), to_mel(7600), N_MELS + 2))
    bins = np.fft.rfftfreq(N_FFT, 1 / SAMPLE_RATE)
    bank = np.zeros((N_MELS, len(bins)))
    for i in range(N_MELS):
        low, centre, high = edges[i : i + 3]
        bank[i] = np.maximum(0, np.minimum((bins - low) / (centre - low), (high - bins) / (high - centre)))
    return bank


def frame_features(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """MFCC (without c0) per 10 ms frame, and each frame's log energy."""
    frame, hop = int(FRAME_S * SAMPLE_RATE), int(HOP_S * SAMPLE_RATE)
    if len(samples) < frame:
        samples = np.pad(samples, (0, frame - len(samples)))
    frames = np.lib.stride_tricks.sliding_window_view(samples, frame)[::hop]
    window, bank = np.hamming(frame).astype(np.float32), _mel_filterbank().T
    mfcc = np.empty((len(frames), N_MFCC - 1), dtype=np.float32)
    energy = np.empty(len(frames))
    for first in range(0, len(frames), FRAMES_PER_BLOCK):  # blocks: a long call's spectra would not fit in memory
        block = slice(first, first + FRAMES_PER_BLOCK)
        power = np.abs(np.fft.rfft(frames[block] * window, n=N_FFT)) ** 2
        mfcc[block] = dct(np.log(power @ bank + 1e-10), type=2, norm="ortho", axis=1)[:, 1:N_MFCC]
        energy[block] = np.log(power.sum(axis=1) + 1e-10)
    return mfcc, energy


def _word_frames(word: Word, energy: np.ndarray) -> np.ndarray:
    """Indexes of the voiced frames under a word (quiet edges and gaps left out)."""
    first = int(word.start / HOP_S)
    last = max(first + 1, int(word.end / HOP_S))
    index = np.arange(first, min(last, len(energy)))
    if len(index) == 0:
        return index
    loud = energy[index] > energy[index].max() - 4.0  # within ~17 dB of the word's peak
    return index[loud]


def _runs(words: list[Word]) -> list[list[int]]:
    """Word indexes cut at pauses and sentence ends, and at RUN_MAX_S."""
    runs: list[list[int]] = [[0]]
    for i in range(1, len(words)):
        previous, current = words[i - 1], words[i]
        run_start = words[runs[-1][0]].start
        if (
            current.start - previous.end >= RUN_SPLIT_GAP_S
            or previous.text.endswith(SENTENCE_END)
            or current.end - run_start > RUN_MAX_S
        ):
            runs.append([])
        runs[-1].append(i)
    return runs


def _switch_log_probs(words: list[Word]) -> np.ndarray:
    """log P(the voice changes before word i): likely at pauses and sentence ends, rare mid-phrase."""
    switch = np.full(len(words), 0.02)
    for i in range(1, len(words)):
        gap = words[i].start - words[i - 1].end
        if words[i - 1].text.endswith(SENTENCE_END) or gap >= 0.5:
            switch[i] = 0.4
        elif gap >= RUN_SPLIT_GAP_S or words[i - 1].text.endswith(","):
            switch[i] = 0.15
    return np.log(switch)


def _forward_backward(evidence: np.ndarray, log_switch: np.ndarray) -> np.ndarray:
    """Posterior of each state per word for an HMM whose states are the voices."""
    n, k = evidence.shape
    log_stay = np.log1p(-np.exp(log_switch))
    off = np.log(1.0 / max(k - 1, 1))

    def transition(i):
        matrix = np.full((k, k), log_switch[i] + off)
        np.fill_diagonal(matrix, log_stay[i])
        return matrix

    forward = np.zeros((n, k))
    forward[0] = evidence[0] - np.log(k)
    for i in range(1, n):
        forward[i] = evidence[i] + np.logaddexp.reduce(forward[i - 1][:, None] + transition(i), axis=0)
    backward = np.zeros((n, k))
    for i in range(n - 2, -1, -1):
        backward[i] = np.logaddexp.reduce(transition(i + 1) + evidence[i + 1] + backward[i + 1], axis=1)
    posterior = forward + backward
    posterior -= np.logaddexp.reduce(posterior, axis=1, keepdims=True)
    return np.exp(posterior)


def label_voices(words: list[Word], samples: np.ndarray, options: DiarizeOptions) -> tuple[list[VoiceLabel], float]:
    """Cluster the words of a mono recording into `options.n_speakers` voices.

    Also returns how distinct the voices are: the silhouette of the runs under the final labels
    (about 0.3 for two clearly different voices, near 0 when the split is arbitrary).
    """
    k = options.n_speakers or 2
    mfcc, energy = frame_features(samples)
    scale = mfcc[np.concatenate([_word_frames(w, energy) for w in words])].std(axis=0) + 1e-6
    features = (mfcc - mfcc.mean(axis=0)) / scale
    word_frames = [_word_frames(w, energy) for w in words]

    # 1-2: runs described by frame statistics, clustered.
    runs = [run for run in _runs(words) if sum(len(word_frames[i]) for i in run) >= 10]
    if len(runs) < k:
        return [VoiceLabel(0, 1.0 / k) for _ in words], 0.0
    run_frames = [np.concatenate([word_frames[i] for i in run]) for run in runs]
    vectors = np.array([np.concatenate([features[f].mean(axis=0), features[f].std(axis=0)]) for f in run_frames])
    vectors = (vectors - vectors.mean(axis=0)) / (vectors.std(axis=0) + 1e-6)
    weights = np.array([len(f) for f in run_frames], dtype=float)
    run_labels = KMeans(k, n_init=10, random_state=options.seed).fit_predict(vectors, sample_weight=weights)
    word_voice = np.full(len(words), -1)
    for run, label in zip(runs, run_labels, strict=True):
        word_voice[run] = label
    confident = np.ones(len(words), dtype=bool)

    # 3: per-voice GMMs and HMM re-segmentation over words.
    log_switch = _switch_log_probs(words)
    posterior = np.full((len(words), k), 1.0 / k)
    for _ in range(RESEGMENT_ROUNDS):
        models = []
        for voice in range(k):
            chosen = [word_frames[i] for i in np.flatnonzero((word_voice == voice) & confident)]
            frames = np.concatenate(chosen) if chosen else np.array([], dtype=int)
            if len(frames) < 50:
                return [VoiceLabel(int(max(v, 0)), 1.0 / k) for v in word_voice], 0.0
            components = int(min(8, max(1, len(frames) // 200)))
            models.append(
                GaussianMixture(components, covariance_type="diag", reg_covar=1e-2, random_state=options.seed).fit(
                    features[frames]
                )
            )
        frame_scores = np.stack([model.score_samples(features) for model in models], axis=1)
        evidence = np.zeros((len(words), k))
        for i, frames in enumerate(word_frames):
            if len(frames):
                relative = frame_scores[frames] - frame_scores[frames].max(axis=1, keepdims=True)
                evidence[i] = np.clip(relative.sum(axis=0) * FRAME_EVIDENCE_SCALE, -WORD_EVIDENCE_CAP, 0)
        posterior = _forward_backward(evidence, log_switch)
        word_voice = posterior.argmax(axis=1)
        confident = posterior.max(axis=1) > 0.8
    labels = [VoiceLabel(int(v), float(posterior[i, v])) for i, v in enumerate(word_voice)]
    final_run_labels = [np.bincount(word_voice[run], minlength=k).argmax() for run in runs]
    distinct = len(set(final_run_labels)) > 1
    separation = float(silhouette_score(vectors, final_run_labels)) if distinct and len(runs) > k else 0.0
    return labels, separation


def _name_matches(candidate: str, name: str) -> bool:
    # Whisper often spells names its own way ("Anna" for "Ana"); accept near misses.
    return difflib.SequenceMatcher(None, candidate, name).ratio() >= 0.75


def role_evidence(texts: list[str], opener: int, rep_name: str | None) -> tuple[np.ndarray, list[list[str]]]:
    """Score how rep-like each voice's speech is; also return the cues found per voice."""
    scores = np.zeros(len(texts))
    found: list[list[str]] = [[] for _ in texts]
    name = rep_name.lower().split()[0] if rep_name else None
    question_share = []
    for voice, text in enumerate(texts):
        lowered = text.lower()
        for cue, pattern, weight, role in ROLE_CUES:
            hits = len(re.findall(pattern, lowered))
            if hits:
                scores[voice] += (1 if role == "rep" else -1) * weight * min(hits, 2)
                found[voice].append(f"{role}: {cue}")
        if name:
            if any(_name_matches(m, name) for m in SELF_INTRO.findall(lowered)):
                scores[voice] += NAME_WEIGHT
                found[voice].append(f"rep: introduces self as {rep_name}")
            if any(_name_matches(m, name) for m in ADDRESS.findall(lowered)):
                scores[voice] -= ADDRESS_WEIGHT
                found[voice].append(f"buyer: addresses {rep_name}")
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]
        question_share.append(sum(s.rstrip().endswith("?") for s in sentences) / max(len(sentences), 1))
    scores += QUESTION_WEIGHT * (np.array(question_share) - np.mean(question_share))
    scores[opener] += OPENER_WEIGHT
    found[opener].append("rep: opens the call")
    return scores, found


def diarize_words(words: list[Word], samples: np.ndarray, options: DiarizeOptions) -> tuple[list[LabelledWord], dict]:
    """Label each word of a mono recording rep or buyer with a confidence; also return a report."""
    if options.method == "mfcc":
        voices, separation = label_voices(words, samples, options)
        k = options.n_speakers or 2
        extra: dict = {"voice_separation": round(separation, 3)}
        centred_voices = None
    else:
        clusters = find_voices(
            words, samples, VoiceOptions(max_voices=options.max_voices, seed=options.seed), voices=options.n_speakers
        )
        voices = [VoiceLabel(0, 0.0)] * len(words)
        for run, voice, posterior in zip(clusters.runs, clusters.run_voice, clusters.run_posterior, strict=True):
            for i in run.word_indexes:
                voices[i] = VoiceLabel(int(voice), float(posterior[voice]))
        k = clusters.voices
        centred_voices = [clusters.centred_voice(v) for v in range(k)]
        extra = {
            "voice_separation": round(1 - clusters.centroid_similarity, 3) if k > 1 else 0.0,
            "encoder": ENCODER_NAME,
            "overlapping_speech": _ambiguous_runs(clusters),
        }
    texts = [" ".join(w.text for w, v in zip(words, voices, strict=True) if v.cluster == c) for c in range(k)]
    scores, cues = role_evidence(texts, voices[0].cluster, options.rep_name)
    rep_voice, role_confidence, decided_by = _decide_rep(scores, centred_voices, options.rep_voice)
    names = _voice_names(voices, rep_voice, role_confidence, k)
    labelled = []
    for word, voice in zip(words, voices, strict=True):
        # The word is on the right side if the voice and the role decision are both right (or both wrong, for k=2).
        confidence = voice.posterior * role_confidence + (1 - voice.posterior) * (1 - role_confidence)
        speaker = "rep" if voice.cluster == rep_voice else "buyer"
        labelled.append(
            LabelledWord(
                word,
                speaker,
                confidence=round(confidence, 3),
                group=voice.cluster,
                voice_name=names[voice.cluster],
                voice_confidence=round(voice.posterior, 3),
            )
        )
    seconds = [
        round(sum(w.end - w.start for w, v in zip(words, voices, strict=True) if v.cluster == c), 1) for c in range(k)
    ]
    report = {
        "method": "diarization",
        "diarizer": options.method,
        "voices": k,
        "voice_names": names,
        "voice_speech_s": seconds,
        "rep_voice": rep_voice,
        "role_confidence": round(role_confidence, 3),
        "rep_decided_by": decided_by["by"],
        "rep_profile_similarity": decided_by.get("similarity"),
        "role_scores": [round(float(s), 2) for s in scores],
        "role_cues": cues,
        "mean_word_posterior": round(float(np.mean([v.posterior for v in voices])), 3),
        **extra,
    }
    return labelled, report


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = np.exp(values - values.max())
    return shifted / shifted.sum()


def _decide_rep(
    text_scores: np.ndarray, centred_voices: list[np.ndarray] | None, rep_profile: np.ndarray | None
) -> tuple[int, float, dict]:
    """The rep's voice, the probability that it is right, and which evidence decided.

    Text cues and the enrolled voice are independent signals: their probabilities over the voices
    multiply. With one voice the text alone says whether it is the rep's.
    """
    k = len(text_scores)
    if k == 1:
        probability = float(1 / (1 + np.exp(-text_scores[0])))
        text = np.array([probability])
    else:
        text = _softmax(text_scores)
    decided: dict = {"by": "text cues"}
    combined = text
    if rep_profile is not None and centred_voices is not None:
        similarity = np.array([float(voice @ rep_profile) for voice in centred_voices])
        voice = _softmax(PROFILE_SCALE * similarity) if k > 1 else 1 / (1 + np.exp(-PROFILE_SCALE * similarity))
        combined = text * voice if k > 1 else text * voice / (text * voice + (1 - text) * (1 - voice))
        agree = int(np.argmax(voice)) == int(np.argmax(text)) if k > 1 else (voice[0] > 0.5) == (text[0] > 0.5)
        decided = {"by": "both" if agree else "voice profile", "similarity": [round(float(s), 3) for s in similarity]}
        if k > 1:
            combined = combined / combined.sum()
            if not agree and voice.max() < text.max():
                decided["by"] = "text cues"
    if k == 1:
        # The one voice is the rep's (label rep) or nobody's we know (label buyer).
        rep_probability = float(combined[0])
        return (0, rep_probability, decided) if rep_probability >= 0.5 else (-1, 1 - rep_probability, decided)
    rep_voice = int(np.argmax(combined))
    return rep_voice, float(combined[rep_voice]), decided


def _voice_names(voices: list[VoiceLabel], rep_voice: int, role_confidence: float, k: int) -> list[str]:
    """ "rep" and "buyer_1", "buyer_2"... in order of first speech; "voice_N" when the role is a guess."""
    order = list(dict.fromkeys(v.cluster for v in voices))
    order += [c for c in range(k) if c not in order]
    if role_confidence < ROLE_NAMING_CONFIDENCE:
        return [f"voice_{order.index(c) + 1}" for c in range(k)]
    buyers = [c for c in order if c != rep_voice]
    return ["rep" if c == rep_voice else f"buyer_{buyers.index(c) + 1}" for c in range(k)]


def _ambiguous_runs(clusters: VoiceClusters) -> list[dict]:
    """Stretches whose audio is about as close to two voices: overlapping speech, most often."""
    found = []
    for run, similarity in zip(clusters.runs, clusters.run_similarity, strict=True):
        if clusters.voices < 2 or run.embedding is None or run.duration < OVERLAP_MIN_S:
            continue
        first, second = np.sort(similarity)[::-1][:2]
        if second >= OVERLAP_MIN_SIMILARITY and first - second < OVERLAP_MARGIN:
            voices = sorted(int(v) for v in np.argsort(similarity)[::-1][:2])
            found.append({"start": round(run.start, 2), "end": round(run.end, 2), "voices": voices})
    return found
