"""Which voice spoke each word of a one-channel recording, from a pretrained speaker encoder.

The encoder is Resemblyzer's GE2E model (a 3-layer LSTM over 40 mel bands, 256-d unit vectors),
whose weights ship inside the `resemblyzer` wheel: nothing is downloaded. MFCC statistics told
synthetic voices apart but not real people; the encoder was trained to do exactly that.

1. The words are cut into runs at pauses and sentence ends (at most `run_max_s` long): a turn
   change almost always falls at a pause, so a run is nearly always one voice.
2. Each run is embedded: its frames in windows of at most `window_s` (short runs are repeated up
   to `min_window_s`, the encoder's output is poor on less), averaged and normalised. Every
   speech frame goes through the encoder once; no overlapping windows (the LSTM is the cost).
3. The runs are clustered with k-means (cosine, weighted by duration) for 1..`max_voices` voices;
   the number of voices is the largest whose voice centroids are all less alike than
   `same_voice_similarity`, since the centroids of one person split in two stay alike.
4. Every run takes its nearest voice; neighbouring runs are smoothed with a small HMM whose
   evidence is the similarity to each centroid, so a lone short run between two long runs of one
   voice needs clear evidence to differ. A word's posterior is its run's, until
   `pipeline.ingest.resegment` re-decides each word (the diarization does that next).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from pipeline.model import Word

RESEMBLYZER_VERSION = "0.1.4"  # the pinned wheel whose bundled weights are loaded
ENCODER_NAME = f"resemblyzer-{RESEMBLYZER_VERSION}-ge2e"
SAMPLE_RATE = 16000
FRAMES_PER_S = 100  # the encoder's mel frames are 10 ms apart
SENTENCE_END = (".", "?", "!")
FFT_SIZE = 400  # 25 ms
MEL_BANDS = 40
NORM_TARGET_DBFS = -30.0
FRAMES_PER_BLOCK = 30_000


@dataclass(frozen=True)
class VoiceOptions:
    max_voices: int = 6
    run_gap_s: float = 0.25  # a pause this long may be a turn change: a new run
    run_max_s: float = 3.0
    window_s: float = 1.6  # the encoder was trained on 1.6 s partial utterances
    min_window_s: float = 1.0  # shorter runs are repeated up to this length before embedding
    same_voice_similarity: float = 0.88  # two centroids more alike than this are one person
    distinct_similarity: float = 0.8  # ... and less alike than this, surely two
    min_silhouette: float = 0.12  # a best split worse than this: one voice
    silhouette_tie: float = 0.02
    # How sharply similarity turns into evidence: a run 0.1 closer to one centroid is e^(1.5) times
    # likelier to be that voice (times its duration in seconds, counted between 1 and 3 s).
    evidence_scale: float = 15.0
    # Voices change between runs this often a priori: high, since runs end where turns may change;
    # lower smoothing flipped short greetings ("Good morning, Katie.") to the voice around them.
    switch: float = 0.45
    seed: int = 0


@dataclass
class VoiceRun:
    word_indexes: list[int]
    start: float
    end: float
    embedding: np.ndarray | None = None  # unit vector; None when the run has no audio

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass
class VoiceClusters:
    runs: list[VoiceRun]
    centroids: np.ndarray  # (voices, 256), unit rows
    run_voice: np.ndarray  # voice per run
    run_posterior: np.ndarray  # (runs, voices)
    run_similarity: np.ndarray  # (runs, voices): cosine similarity to each centroid
    run_evidence: np.ndarray  # (runs, voices): the log-evidence the HMM smoothed (0 for the closest voice)
    centroid_similarity: float  # the most alike pair of voices (0 with one voice)

    @property
    def voices(self) -> int:
        return len(self.centroids)

    def voice_embedding(self, voice: int) -> np.ndarray:
        """Duration-weighted mean embedding of the runs given to `voice` (unit vector)."""
        chosen = [
            run for run, v in zip(self.runs, self.run_voice, strict=True) if v == voice and run.embedding is not None
        ]
        if not chosen:
            return self.centroids[voice]
        mean = np.sum([run.embedding * min(run.duration, 3.0) for run in chosen], axis=0)
        return mean / np.linalg.norm(mean)

    def call_mean(self) -> np.ndarray:
        """Duration-weighted mean of all runs: what the recording channel adds to every voice."""
        embedded = [run for run in self.runs if run.embedding is not None]
        if not embedded:
            return np.zeros(256)
        mean = np.sum([run.embedding * min(run.duration, 3.0) for run in embedded], axis=0)
        return mean / np.linalg.norm(mean)

    def centred_voice(self, voice: int) -> np.ndarray:
        """The voice minus the call's mean, normalised: comparable across recordings.

        The same two people recorded in two files were 0.35-0.62 alike raw (the channel dominates)
        but clearly told apart once each file's mean was taken out (+0.24 vs -0.15); the same
        mean-normalisation speaker verification uses against channel effects.
        """
        return centred(self.voice_embedding(voice), self.call_mean())

    def voice_seconds(self, voice: int) -> float:
        return float(sum(run.duration for run, v in zip(self.runs, self.run_voice, strict=True) if v == voice))


def centred(vector: np.ndarray, call_mean: np.ndarray) -> np.ndarray:
    difference = np.asarray(vector, dtype=np.float64) - call_mean
    norm = np.linalg.norm(difference)
    return difference / norm if norm > 0 else difference


@functools.cache
def load_encoder(device: str = "cpu"):
    """The GE2E encoder bundled in the resemblyzer wheel (loaded once per process)."""
    from resemblyzer import VoiceEncoder  # imported here: torch and librosa take a second to import

    return VoiceEncoder(device, verbose=False).eval()


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    # Slaney's mel scale (librosa's default): linear below 1 kHz, logarithmic above.
    hz = np.asarray(hz, dtype=np.float64)
    linear = hz / (200.0 / 3)
    return np.where(hz >= 1000.0, 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27.0), linear)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    return np.where(mel >= 15.0, 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0)), mel * (200.0 / 3))


@functools.cache
def _mel_filterbank() -> np.ndarray:
    """librosa.filters.mel(sr=16000, n_fft=400, n_mels=40), written out: librosa compiles it with
    numba on first use, which costs seconds in every new process."""
    edges = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(SAMPLE_RATE / 2), MEL_BANDS + 2))
    bins = np.fft.rfftfreq(FFT_SIZE, 1 / SAMPLE_RATE)
    lower = (bins[None, :] - edges[:-2, None]) / np.diff(edges)[:-1, None]
    upper = (edges[2:, None] - bins[None, :]) / np.diff(edges)[1:, None]
    bank = np.maximum(0, np.minimum(lower, upper))
    return (bank * (2.0 / (edges[2:] - edges[:-2]))[:, None]).astype(np.float32)


def mel_frames(samples: np.ndarray) -> np.ndarray:
    """The encoder's input: 40 mel bands (power) per 10 ms frame, 25 ms Hann windows, centred as
    librosa centres them, after the encoder's own volume normalisation."""
    wav = samples.astype(np.float32)
    loudness = 10 * np.log10(np.mean(np.square(wav, dtype=np.float64)) + 1e-12)
    if loudness < NORM_TARGET_DBFS:  # raise quiet recordings only, as resemblyzer does
        wav = wav * np.float32(10 ** ((NORM_TARGET_DBFS - loudness) / 20))
    padded = np.pad(wav, FFT_SIZE // 2)
    frames = np.lib.stride_tricks.sliding_window_view(padded, FFT_SIZE)[:: SAMPLE_RATE // FRAMES_PER_S]
    window = np.hanning(FFT_SIZE + 1)[:-1].astype(np.float32)  # periodic Hann
    mel = np.empty((len(frames), MEL_BANDS), dtype=np.float32)
    bank = _mel_filterbank().T
    for first in range(0, len(frames), FRAMES_PER_BLOCK):  # blocks: a long call's spectra would not fit in memory
        block = frames[first : first + FRAMES_PER_BLOCK]
        mel[first : first + FRAMES_PER_BLOCK] = np.square(np.abs(np.fft.rfft(block * window, axis=1))) @ bank
    return mel


def word_runs(words: list[Word], options: VoiceOptions) -> list[VoiceRun]:
    """Word indexes cut at pauses, sentence ends and `run_max_s`."""
    runs: list[list[int]] = [[0]] if words else []
    for i in range(1, len(words)):
        previous, current = words[i - 1], words[i]
        if (
            current.start - previous.end >= options.run_gap_s
            or previous.text.endswith(SENTENCE_END)
            or current.end - words[runs[-1][0]].start > options.run_max_s
        ):
            runs.append([])
        runs[-1].append(i)
    return [VoiceRun(run, words[run[0]].start, max(words[i].end for i in run)) for run in runs]


def embed_runs(runs: list[VoiceRun], samples: np.ndarray, options: VoiceOptions, device: str = "cpu") -> None:
    """Set each run's embedding: every speech frame through the encoder once, in one batch per length."""
    mel = mel_frames(samples)
    window = int(options.window_s * FRAMES_PER_S)
    minimum = int(options.min_window_s * FRAMES_PER_S)
    pieces: list[tuple[int, np.ndarray]] = []  # (run index, frames)
    for index, run in enumerate(runs):
        frames = mel[int(run.start * FRAMES_PER_S) : int(np.ceil(run.end * FRAMES_PER_S))]
        if len(frames) == 0:
            continue
        count = max(1, int(np.ceil(len(frames) / window)))
        for piece in np.array_split(frames, count):
            if len(piece) < minimum:
                piece = np.resize(piece, (minimum, piece.shape[1]))  # repeat the run's own frames
            pieces.append((index, piece))
    if not pieces:
        return
    embeddings = _encode([piece for _, piece in pieces], device)
    for index, run in enumerate(runs):
        own = [p for p, (owner, _) in enumerate(pieces) if owner == index]
        if own:
            weights = np.array([len(pieces[p][1]) for p in own], dtype=np.float32)
            mean = (embeddings[own] * weights[:, None]).sum(axis=0)
            run.embedding = mean / np.linalg.norm(mean)


def _encode(pieces: list[np.ndarray], device: str) -> np.ndarray:
    """The encoder's output for frame sequences of different lengths, in one packed LSTM pass."""
    import torch
    from threadpoolctl import threadpool_limits
    from torch.nn.utils.rnn import pack_sequence

    encoder = load_encoder(device)
    # One thread: the LSTM's small steps gain little from two, and on a busy machine two threads
    # spin-waiting on each other made it ten times slower (measured). OpenMP's thread count is
    # per thread, so this limit holds for this call alone; torch.set_num_threads also changes the
    # count every thread takes up when it first uses torch, so two batch threads enrolling at once
    # could leave torch on one thread for good, the analysis classifier with it. Torch sets a
    # thread's count when the thread first uses it: asked first, so that it cannot undo the limit.
    torch.get_num_threads()
    with threadpool_limits(1, user_api="openmp"), torch.no_grad():
        packed = pack_sequence([torch.from_numpy(piece) for piece in pieces], enforce_sorted=False)
        _, (hidden, _) = encoder.lstm(packed.to(encoder.device))  # hidden comes back in the input order
        raw = encoder.relu(encoder.linear(hidden[-1]))
        return (raw / torch.norm(raw, dim=1, keepdim=True)).cpu().numpy()


def _kmeans_cosine(vectors: np.ndarray, weights: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    # One thread, as in _encode: a few hundred runs gain nothing from more, and on a busy machine
    # OpenMP threads spin-waiting on each other made the ten restarts seven times slower (measured).
    with threadpool_limits(1):
        labels = KMeans(k, n_init=10, random_state=seed).fit_predict(vectors, sample_weight=weights)
    centroids = np.stack([np.average(vectors[labels == c], axis=0, weights=weights[labels == c]) for c in range(k)])
    return labels, centroids / np.linalg.norm(centroids, axis=1, keepdims=True)


def _most_alike(centroids: np.ndarray) -> float:
    if len(centroids) < 2:
        return 0.0
    similarity = centroids @ centroids.T
    return float(similarity[~np.eye(len(centroids), dtype=bool)].max())


def _forward_backward(evidence: np.ndarray, switch: float = 0.3) -> np.ndarray:
    """Posterior of each voice per run, for an HMM that changes voice with probability `switch`."""
    n, k = evidence.shape
    if k == 1:
        return np.ones((n, 1))
    transition = np.full((k, k), np.log(switch / (k - 1)))
    np.fill_diagonal(transition, np.log(1 - switch))
    forward = np.zeros((n, k))
    forward[0] = evidence[0] - np.log(k)
    for i in range(1, n):
        forward[i] = evidence[i] + np.logaddexp.reduce(forward[i - 1][:, None] + transition, axis=0)
    backward = np.zeros((n, k))
    for i in range(n - 2, -1, -1):
        backward[i] = np.logaddexp.reduce(transition + evidence[i + 1] + backward[i + 1], axis=1)
    posterior = forward + backward
    posterior -= np.logaddexp.reduce(posterior, axis=1, keepdims=True)
    return np.exp(posterior)


def _estimate_voices(vectors: np.ndarray, weights: np.ndarray, options: VoiceOptions) -> np.ndarray:
    """Centroids for the number of voices the runs hold, by silhouette (cosine) over k-means splits.

    Measured on the real clips: the right split has the best silhouette (0.2-0.56) or ties with
    one voice more or fewer (three people: 0.47 and 0.47; two people on a phone line: 0.154 against
    0.171 for a four-way split of their centroids, all more alike than 0.8); a person split in two
    leaves centroids more alike than 0.8-0.85. So the splits within `silhouette_tie` of the best
    tie; among them the most voices that are all clearly distinct win, and where none are, the
    fewest voices: a split of alike centroids has to beat fewer voices by more than a tie, not by
    the last digits of a float (which move between CPUs). A best silhouette under
    `min_silhouette` means one voice.
    """
    from sklearn.metrics import silhouette_score

    splits = []
    for k in range(2, min(options.max_voices, len(vectors) - 1) + 1):
        labels, centroids = _kmeans_cosine(vectors, weights, k, options.seed)
        if len(set(labels)) < k:
            break
        splits.append((float(silhouette_score(vectors, labels, metric="cosine")), _most_alike(centroids), centroids))
    chosen = choose_split(splits, options)
    if chosen is None:
        mean = np.average(vectors, axis=0, weights=weights)
        return (mean / np.linalg.norm(mean))[np.newaxis, :]
    return chosen


def choose_split(splits: list[tuple[float, float, np.ndarray]], options: VoiceOptions) -> np.ndarray | None:
    """The centroids of the split to keep among (silhouette, most alike, centroids); None: one voice."""
    splits = [split for split in splits if split[1] < options.same_voice_similarity]
    best = max((silhouette for silhouette, _, _ in splits), default=0.0)
    if best < options.min_silhouette:
        return None
    tied = [
        (alike, centroids) for silhouette, alike, centroids in splits if silhouette >= best - options.silhouette_tie
    ]
    distinct = [centroids for alike, centroids in tied if alike < options.distinct_similarity]
    if distinct:
        return max(distinct, key=len)
    return min((centroids for _, centroids in tied), key=len)


def cluster_runs(runs: list[VoiceRun], options: VoiceOptions, voices: int | None = None) -> VoiceClusters:
    """Group the runs into voices (`voices` fixed, or estimated between 1 and `max_voices`)."""
    embedded = [i for i, run in enumerate(runs) if run.embedding is not None]
    vectors = np.stack([runs[i].embedding for i in embedded]) if embedded else np.zeros((0, 256))
    weights = np.array([min(max(runs[i].duration, 0.2), 3.0) for i in embedded])
    centroids = vectors.mean(axis=0, keepdims=True) if embedded else np.ones((1, 256)) / 16.0
    centroids = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
    if voices and voices > 1 and len(embedded) >= voices:
        centroids = _kmeans_cosine(vectors, weights, voices, options.seed)[1]
    elif voices is None and len(embedded) > 2:
        centroids = _estimate_voices(vectors, weights, options)
    return assign_runs(runs, centroids, options)


def assign_runs(runs: list[VoiceRun], centroids: np.ndarray, options: VoiceOptions) -> VoiceClusters:
    """Each run's voice among fixed centroids (found here or known before: enrolled voices)."""
    k = len(centroids)
    similarity = np.zeros((len(runs), k))
    evidence = np.zeros((len(runs), k))
    for i, run in enumerate(runs):
        if run.embedding is not None:
            similarity[i] = centroids @ run.embedding
            evidence[i] = (
                options.evidence_scale * min(max(run.duration, 1.0), 3.0) * (similarity[i] - similarity[i].max())
            )
    posterior = _forward_backward(evidence, options.switch) if runs else np.zeros((0, k))
    return VoiceClusters(
        runs=runs,
        centroids=centroids,
        run_voice=posterior.argmax(axis=1) if runs else np.zeros(0, dtype=int),
        run_posterior=posterior,
        run_similarity=similarity,
        run_evidence=evidence,
        centroid_similarity=_most_alike(centroids),
    )


def find_voices(
    words: list[Word], samples: np.ndarray, options: VoiceOptions, voices: int | None = None, device: str = "cpu"
) -> VoiceClusters:
    """Runs of `words`, embedded from `samples` (16 kHz mono) and clustered into voices."""
    runs = word_runs(words, options)
    embed_runs(runs, samples, options, device)
    return cluster_runs(runs, options, voices)
