"""Who spoke each word of a one-channel call, and which voice is the rep's.

Two ways to find the voices (`DiarizeOptions.method`):

- "encoder" (default): `pipeline.ingest.voices` embeds runs of words with a pretrained speaker
  encoder, estimates how many voices there are (1-6) and gives every run one of them; then
  `pipeline.ingest.resegment` re-decides each word on the recording's own MFCC statistics, the
  encoder's evidence added (a turn change inside a run, a short far-field run). On real people
  the encoder is what finds the voices; MFCC statistics alone only separated synthetic voices.
- "mfcc": the earlier offline recipe, kept for comparison (`benchmarks/speakers.py` measures
  both): runs clustered on MFCC statistics into `n_speakers` voices, then the same word
  re-segmentation.

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
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from pipeline.ingest.resegment import ResegmentOptions, call_features, resegment
from pipeline.ingest.voices import ENCODER_NAME, VoiceClusters, VoiceOptions, find_voices, word_runs
from pipeline.model import Word

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
    resegment: bool = True  # encoder: re-decide each word on MFCC statistics (off: whole runs, as before)


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


def label_voices(words: list[Word], samples: np.ndarray, options: DiarizeOptions) -> tuple[list[VoiceLabel], float]:
    """Cluster the words of a mono recording into `options.n_speakers` voices.

    Also returns how distinct the voices are: the silhouette of the runs under the final labels
    (about 0.3 for two clearly different voices, near 0 when the split is arbitrary).
    """
    k = options.n_speakers or 2
    call = call_features(words, samples)
    word_frames = call.word_frames

    # 1-2: runs described by frame statistics, clustered.
    runs = [run.word_indexes for run in word_runs(words, VoiceOptions())]
    runs = [run for run in runs if sum(len(word_frames[i]) for i in run) >= 10]
    if len(runs) < k:
        return [VoiceLabel(0, 1.0 / k) for _ in words], 0.0
    run_frames = [np.concatenate([word_frames[i] for i in run]) for run in runs]
    vectors = np.array(
        [np.concatenate([call.features[f].mean(axis=0), call.features[f].std(axis=0)]) for f in run_frames]
    )
    vectors = (vectors - vectors.mean(axis=0)) / (vectors.std(axis=0) + 1e-6)
    weights = np.array([len(f) for f in run_frames], dtype=float)
    run_labels = KMeans(k, n_init=10, random_state=options.seed).fit_predict(vectors, sample_weight=weights)
    word_voice = np.full(len(words), -1)
    for run, label in zip(runs, run_labels, strict=True):
        word_voice[run] = label

    # 3: per-voice GMMs and HMM re-segmentation over words.
    posterior = resegment(
        words, call, word_voice, np.ones(len(words), dtype=bool), k, ResegmentOptions(seed=options.seed)
    )
    if posterior is None:
        return [VoiceLabel(int(max(v, 0)), 1.0 / k) for v in word_voice], 0.0
    word_voice = posterior.argmax(axis=1)
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


def _encoder_voices(
    words: list[Word], samples: np.ndarray, options: DiarizeOptions
) -> tuple[VoiceClusters, np.ndarray]:
    """The encoder's voices and each word's posterior over them (words, voices): the runs' own
    decision, re-segmented word by word on the recording's MFCC statistics when `options.resegment`."""
    clusters = find_voices(
        words, samples, VoiceOptions(max_voices=options.max_voices, seed=options.seed), voices=options.n_speakers
    )
    k = clusters.voices
    posterior = np.full((len(words), k), 1.0 / k)
    prior = np.zeros((len(words), k))
    for run, run_posterior, evidence in zip(clusters.runs, clusters.run_posterior, clusters.run_evidence, strict=True):
        posterior[run.word_indexes] = run_posterior
        prior[run.word_indexes] = evidence / len(run.word_indexes)  # a run's evidence counted once, not per word
    if k < 2 or not options.resegment:
        return clusters, posterior
    resegment_options = ResegmentOptions(seed=options.seed)
    refined = resegment(
        words,
        call_features(words, samples),
        posterior.argmax(axis=1),
        posterior.max(axis=1) > resegment_options.confident,
        k,
        resegment_options,
        prior_evidence=prior,
    )
    return clusters, posterior if refined is None else refined


def diarize_words(words: list[Word], samples: np.ndarray, options: DiarizeOptions) -> tuple[list[LabelledWord], dict]:
    """Label each word of a mono recording rep or buyer with a confidence; also return a report."""
    if options.method == "mfcc":
        voices, separation = label_voices(words, samples, options)
        k = options.n_speakers or 2
        # Only the chosen voice's posterior is kept: the rest is spread evenly over the others.
        word_posterior = np.array(
            [[v.posterior if c == v.cluster else (1 - v.posterior) / max(k - 1, 1) for c in range(k)] for v in voices]
        )
        extra: dict = {"voice_separation": round(separation, 3)}
        centred_voices = None
    else:
        clusters, word_posterior = _encoder_voices(words, samples, options)
        k = clusters.voices
        voices = [VoiceLabel(int(row.argmax()), float(row.max())) for row in word_posterior]
        centred_voices = [clusters.centred_voice(v) for v in range(k)]
        extra = {
            "voice_separation": round(1 - clusters.centroid_similarity, 3) if k > 1 else 0.0,
            "encoder": ENCODER_NAME,
            "resegmented": options.resegment and k > 1,
            "overlapping_speech": _ambiguous_runs(clusters),
        }
    texts = [" ".join(w.text for w, v in zip(words, voices, strict=True) if v.cluster == c) for c in range(k)]
    scores, cues = role_evidence(texts, voices[0].cluster, options.rep_name)
    rep_voice, role_confidence, decided_by, rep_probability = _decide_rep(scores, centred_voices, options.rep_voice)
    names = _voice_names(voices, rep_voice, role_confidence, k)
    labelled = []
    for word, voice, posterior in zip(words, voices, word_posterior, strict=True):
        # P(the rep said it) = sum over voices of P(this voice said it) x P(this voice is the rep).
        said_by_rep = float(posterior @ rep_probability)
        speaker = "rep" if voice.cluster == rep_voice else "buyer"
        confidence = said_by_rep if speaker == "rep" else 1 - said_by_rep
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
) -> tuple[int, float, dict, np.ndarray]:
    """The rep's voice (-1: none of them), the probability that it is right, which evidence
    decided, and per voice the probability that it is the rep's.

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
        if rep_probability >= 0.5:
            return 0, rep_probability, decided, combined
        return -1, 1 - rep_probability, decided, combined
    rep_voice = int(np.argmax(combined))
    return rep_voice, float(combined[rep_voice]), decided, combined


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
