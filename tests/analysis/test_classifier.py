"""The dialogue-act head: deterministic training, and the committed head in models/."""

import hashlib
import json
from pathlib import Path

import pytest
import torch

from pipeline.analysis import classifier as classifier_module
from pipeline.analysis.classifier import (
    HEAD_CARD,
    HEAD_WEIGHTS,
    ActClassifier,
    ActEnsemble,
    dequantize_state,
    quantize_state,
    resolve_dtype,
)
from pipeline.analysis.features import load_analysis_config
from pipeline.learning.train import ACTS, TrainOptions, read_examples, train_head
from tests.support.paths import ROOT

MODELS = ROOT / "models"
TRAINING = ROOT / "data" / "training" / "utterances.jsonl"


@pytest.fixture(scope="module")
def small_training_file(tmp_path_factory) -> Path:
    """Four examples of every act from the training data: enough to train, quick to embed."""
    rows, per_act = [], {}
    for line in TRAINING.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if per_act.get(row["label"], 0) < 4:
            per_act[row["label"]] = per_act.get(row["label"], 0) + 1
            rows.append(line)
    path = tmp_path_factory.mktemp("training") / "small.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _train(data: Path, output: Path, seed: int) -> str:
    options = TrainOptions(
        data_paths=(data,), output_dir=output, seed=seed, epochs=3, ensemble=2, validation_share=0.25
    )
    train_head(options, log=lambda line: None)
    return hashlib.sha256((output / HEAD_WEIGHTS).read_bytes()).hexdigest()


@pytest.mark.slow  # MiniLM embeds the training examples
def test_training_is_deterministic(small_training_file, tmp_path):
    first = _train(small_training_file, tmp_path / "a", seed=7)
    again = _train(small_training_file, tmp_path / "b", seed=7)
    other = _train(small_training_file, tmp_path / "c", seed=8)
    assert first == again
    assert first != other
    card = json.loads((tmp_path / "a" / HEAD_CARD).read_text())
    assert card["weights_sha256"] == first
    assert card["labels"] == list(ACTS) and card["training"]["seed"] == 7


def test_training_data_reads_and_uses_only_known_acts():
    examples = read_examples((ROOT / "data" / "training",))
    assert len(examples) >= 1000
    assert {e.label for e in examples} == set(ACTS)
    assert {e.speaker for e in examples} <= {"rep", "buyer", "unknown"}


@pytest.mark.parametrize(
    ("native", "amx", "vendor", "chosen"),
    [
        (True, True, "GenuineIntel", torch.bfloat16),  # a Xeon with AMX tiles: bfloat16 ~0.6 of float32
        (True, False, "GenuineIntel", torch.float32),  # a Xeon with AVX512-BF16 alone: bfloat16 the slower
        (True, False, "AuthenticAMD", torch.bfloat16),  # AMD EPYC: bfloat16 nearly halves the time
        (False, False, "AuthenticAMD", torch.float32),  # no native bfloat16
        (True, False, None, torch.float32),  # vendor unknown (no /proc/cpuinfo)
    ],
)
def test_auto_arithmetic_is_read_from_the_cpu_features(monkeypatch, native, amx, vendor, chosen):
    monkeypatch.setattr(classifier_module, "native_bfloat16", lambda: native)
    monkeypatch.setattr(classifier_module.torch.cpu, "_is_amx_tile_supported", lambda: amx)
    monkeypatch.setattr(classifier_module, "cpu_vendor", lambda: vendor)
    assert resolve_dtype("auto") == chosen
    assert resolve_dtype("bfloat16") == torch.bfloat16
    assert resolve_dtype("float32") == torch.float32


def test_training_embeds_in_the_arithmetic_the_analysis_uses():
    config = load_analysis_config(ROOT / "rules")
    assert TrainOptions(data_paths=(), output_dir=ROOT).dtype == config.classifier_dtype


def test_committed_head_has_a_model_card():
    card = json.loads((MODELS / HEAD_CARD).read_text())
    assert card["labels"] == list(ACTS)
    assert card["validation"]["accuracy"] >= 0.85
    assert card["weights_sha256"] == hashlib.sha256((MODELS / HEAD_WEIGHTS).read_bytes()).hexdigest()
    assert (MODELS / "README.md").is_file()


def test_committed_head_is_small():
    """Five int8 members with per-row scales: under 5 MB (five float16 members were 6 MB)."""
    assert (MODELS / HEAD_WEIGHTS).stat().st_size < 5_000_000
    assert json.loads((MODELS / HEAD_CARD).read_text())["weights_format"] == "int8-rowwise"


def test_int8_storage_keeps_the_probabilities():
    torch.manual_seed(0)
    ensemble = ActEnsemble(embedding_dim=96, labels=23, members=3, hidden=32).eval()
    stored = quantize_state(ensemble.state_dict())
    assert {t.dtype for name, t in stored.items() if name.endswith("weight")} == {torch.int8}
    restored = ActEnsemble(embedding_dim=96, labels=23, members=3, hidden=32).eval()
    restored.load_state_dict(dequantize_state(stored))
    inputs = torch.randn(200, ensemble.members[0].input_dim)
    with torch.inference_mode():
        difference = (ensemble.probabilities(inputs) - restored.probabilities(inputs)).abs().max()
    assert difference < 0.01


@pytest.fixture(scope="module")
def classifier(analyzer) -> ActClassifier:
    return analyzer.classifier


@pytest.mark.parametrize(
    "speaker, text, act",
    [
        ("rep", "Let me share my screen. This is the dashboard your dispatchers would see.", "demo_start"),
        ("rep", "Do you have a budget set aside for this project?", "budget_question"),
        ("rep", "Who else needs to sign off before you can buy?", "committee_question"),
        ("rep", "If you sign this month I can take fifteen percent off.", "discount_offer"),
        ("buyer", "We've decided to go with another vendor, so please close this out.", "opportunity_closed"),
        ("buyer", "okay sounds good", "other"),
        ("buyer", "We lose about forty hours a week to manual reconciliation, across six people.", "buyer_metric"),
        ("rep", "We expose a REST API with OAuth2, and webhooks fire on every status change.", "technical_detail"),
        ("buyer", "Hi, I'm Dana, the CFO here.", "executive_intro"),
    ],
)
def test_committed_head_reads_clear_cases(classifier, speaker, text, act):
    probabilities = classifier.predict_calls([[(speaker, [text])]])[0][0]
    assert classifier.labels[int(probabilities.argmax())] == act
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-4)


def test_an_act_scores_its_best_sentence(classifier):
    """A long turn is read sentence by sentence: the demo start in its last sentence still counts."""
    units = ["Thanks for the time today.", "Let me share my screen, this is the scheduling board."]
    whole = classifier.predict_calls([[("rep", [" ".join(units)])]])[0][0]
    by_sentence = classifier.predict_calls([[("rep", units)]])[0][0]
    demo = classifier.labels.index("demo_start")
    assert by_sentence[demo] >= whole[demo] - 1e-6


def test_a_texts_embedding_does_not_depend_on_the_texts_read_with_it(classifier):
    """A call analysed alone gets the rows it gets in a night's batch: the same text, read with
    others of every length or on its own, embeds the same. (Padded batches moved bfloat16 rows by
    about 1e-3; what is left is float32 rounding where two threads split a batch differently.)"""
    texts = [
        "Can we put Thursday at ten in the diary?",
        "ok",
        "We spend about twelve hundred a month on the courier, give or take.",
        "If you sign this week I can drop the setup fee.",
        "Right.",
        "So who else would need to look at the contract before it goes through?",
        "Can we put Thursday at ten in the diary?",
    ]
    together = classifier.encoder.encode(texts)
    for index, text in enumerate(texts):
        alone = classifier.encoder.encode([text])[0]
        assert (together[index] - alone).abs().max() < 1e-6, text
    assert (together[0] - together[6]).abs().max() < 1e-6


@pytest.mark.slow
def test_train_command_writes_a_loadable_head(small_training_file, tmp_path, capsys):
    from pipeline.cli import main

    assert main(["train", "--data", str(small_training_file), "--output", str(tmp_path), "--seed", "3"]) == 0
    assert "head written" in capsys.readouterr().err
    trained = ActClassifier(tmp_path)
    assert trained.labels == list(ACTS) and len(trained.head.members) == 5
    assert trained.card.extra["weights_format"] == "int8-rowwise"
