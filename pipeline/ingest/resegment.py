"""Each word's voice re-decided on the recording's own MFCC statistics.

A first labelling gives the voices (the speaker encoder's clusters of runs, or k-means on MFCC
statistics); it decides whole runs of words at a time. Two things it cannot do: place a turn
change inside a run (no pause, no sentence end between two people), and decide a short run well
on far-field audio, where the encoder's embedding of half a second is noise. Re-segmentation
does both, the classic way:

1. Per voice, a small Gaussian mixture over the MFCC frames of the words given to it with
   confidence: a model of that voice as this recording's channel carries it.
2. Every word is scored against each voice's model (its voiced frames, relative to the best).
3. An HMM over the words re-decides them: a voice change is likely at a pause or a sentence end
   and rare mid-phrase. Evidence given from outside (the encoder's, spread over a run's words)
   is added to the MFCC evidence: the two signals are independent and both are logs.
Two rounds; a word's confidence is its HMM posterior.

On the real clips the encoder alone put 83-88 % of words on the right voice on two AMI room
recordings; with this step, 100 % (benchmarks/speakers.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.fft import dct
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

from pipeline.model import Word

SAMPLE_RATE = 16000
FRAME_S = 0.025
HOP_S = 0.010
N_FFT = 512
N_MELS = 40
N_MFCC = 20
FRAMES_PER_BLOCK = 30_000  # five minutes of frames at a time
SENTENCE_END = (".", "?", "!")
PAUSE_S = 0.25  # a pause this long inside speech may be a turn change
LONG_PAUSE_S = 0.5


@dataclass(frozen=True)
class ResegmentOptions:
    rounds: int = 2
    # Frames of one word are far from independent; count every tenth one when adding up evidence.
    frame_evidence_scale: float = 0.1
    word_evidence_cap: float = 12.0  # one word's MFCC evidence is never worth more than this (log)
    confident: float = 0.8  # words this sure train their voice's model in the next round
    min_frames: int = 50  # a voice with fewer confident frames cannot be modelled: no re-segmentation
    max_components: int = 8
    train_every: int = 2  # neighbouring 10 ms frames are nearly alike: every second one trains as well
    frames_per_component: int = 200
    seed: int = 0


@dataclass
class CallFeatures:
    """MFCC frames of a recording, normalised over its speech, and the voiced frames of each word."""

    features: np.ndarray  # (frames, N_MFCC - 1)
    word_frames: list[np.ndarray]  # frame indexes per word


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


def call_features(words: list[Word], samples: np.ndarray) -> CallFeatures:
    """The recording's MFCC frames, scaled by their spread over the words' frames."""
    mfcc, energy = frame_features(samples)
    word_frames = [_word_frames(w, energy) for w in words]
    spoken = np.concatenate(word_frames) if word_frames else np.array([], dtype=int)
    scale = (mfcc[spoken].std(axis=0) if len(spoken) else np.ones(mfcc.shape[1])) + 1e-6
    return CallFeatures((mfcc - mfcc.mean(axis=0)) / scale, word_frames)


def switch_log_probs(words: list[Word]) -> np.ndarray:
    """log P(the voice changes before word i): likely at pauses and sentence ends, rare mid-phrase."""
    switch = np.full(len(words), 0.02)
    for i in range(1, len(words)):
        gap = words[i].start - words[i - 1].end
        if words[i - 1].text.endswith(SENTENCE_END) or gap >= LONG_PAUSE_S:
            switch[i] = 0.4
        elif gap >= PAUSE_S or words[i - 1].text.endswith(","):
            switch[i] = 0.15
    return np.log(switch)


def forward_backward(evidence: np.ndarray, log_switch: np.ndarray) -> np.ndarray:
    """Posterior of each voice per word for an HMM whose states are the voices."""
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


def _voice_model(frames: np.ndarray, options: ResegmentOptions) -> GaussianMixture:
    components = int(min(options.max_components, max(1, len(frames) // options.frames_per_component)))
    # k-means++ seeding, not a full k-means: as good a start for EM here, at half the cost (measured).
    mixture = GaussianMixture(
        components, covariance_type="diag", reg_covar=1e-2, init_params="k-means++", random_state=options.seed
    )
    return mixture.fit(frames[:: options.train_every])


def _word_evidence(
    features: CallFeatures, models: list[GaussianMixture], words: int, options: ResegmentOptions
) -> np.ndarray:
    """Each word's log-evidence per voice model: its frames' scores relative to the best, capped."""
    spoken = np.flatnonzero([len(frames) > 0 for frames in features.word_frames])
    evidence = np.zeros((words, len(models)))
    if not len(spoken):
        return evidence
    # Only the words' frames are scored: a long call's silences and music cost nothing.
    frames = np.concatenate([features.word_frames[i] for i in spoken])
    scores = np.stack([model.score_samples(features.features[frames]) for model in models], axis=1)
    relative = scores - scores.max(axis=1, keepdims=True)
    firsts = np.cumsum([0] + [len(features.word_frames[i]) for i in spoken[:-1]])
    per_word = np.add.reduceat(relative, firsts, axis=0)
    evidence[spoken] = np.clip(per_word * options.frame_evidence_scale, -options.word_evidence_cap, 0)
    return evidence


def resegment(
    words: list[Word],
    features: CallFeatures,
    voice: np.ndarray,
    confident: np.ndarray,
    voices: int,
    options: ResegmentOptions,
    prior_evidence: np.ndarray | None = None,
) -> np.ndarray | None:
    """Each word's posterior over `voices` voices, (words, voices), starting from `voice` per word
    (-1: none) of which the `confident` ones train the voice models; `prior_evidence` (log, same
    shape) is added to the MFCC evidence. None when a voice has too little confident speech to model."""
    log_switch = switch_log_probs(words)
    prior = np.zeros((len(words), voices)) if prior_evidence is None else prior_evidence
    posterior = None
    # One thread: on a busy machine OpenMP threads spin-waiting on each other made it several times slower.
    with threadpool_limits(1):
        for _ in range(options.rounds):
            models = []
            for v in range(voices):
                chosen = [features.word_frames[i] for i in np.flatnonzero((voice == v) & confident)]
                frames = np.concatenate(chosen) if chosen else np.array([], dtype=int)
                if len(frames) < options.min_frames:
                    return None
                models.append(_voice_model(features.features[frames], options))
            posterior = forward_backward(_word_evidence(features, models, len(words), options) + prior, log_switch)
            voice = posterior.argmax(axis=1)
            confident = posterior.max(axis=1) > options.confident
    return posterior
