"""Evaluation of behaviour verdicts against labelled calls (Transcript JSON with a `labels` key).

`load_labelled` finds the calls (folders are searched recursively; the folder a call sits in
names its split: dev, heldout, transcripts, ...). `score` compares findings with labels and
returns one `BehaviourScore` per split and behaviour. Pure functions apart from the loader.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.errors import TranscriptError
from pipeline.jsonio import load_json_file, transcript_from_dict
from pipeline.model import VERDICTS, CallAnalysis, Finding, Transcript

# A held-out set is sealed until it has been measured once and a SPENT.md in its folder says so
# (what it measured, when): until then nobody sees its per-call errors, so nobody tunes on them.
HELDOUT_PREFIX = "heldout"
SPENT_NOTE = "SPENT.md"


@dataclass
class LabelledCall:
    path: Path
    split: str
    transcript: Transcript
    # behaviour -> {"verdict": ..., "evidence": [...], "missing": [...]}
    labels: dict[str, dict]
    sealed: bool = False


def is_sealed(path: Path) -> bool:
    """Whether `path` lies in a held-out folder (`heldout*`) not yet marked spent."""
    for folder in Path(path).resolve().parents:
        if folder.name.startswith(HELDOUT_PREFIX):
            return not (folder / SPENT_NOTE).exists()
    return False


@dataclass
class CallError:
    """One wrong verdict: what the labels say against what the detector said."""

    split: str
    call_id: str
    behaviour: str
    expected: str
    predicted: str
    expected_evidence: list[int]
    predicted_evidence: list[int]
    expected_missing: list[str] = field(default_factory=list)
    predicted_missing: list[str] = field(default_factory=list)


@dataclass
class BehaviourScore:
    split: str
    behaviour: str
    n: int
    accuracy: float
    # `gap` is the flag a manager acts on: its precision, recall and F1
    gap_precision: float | None
    gap_recall: float | None
    gap_f1: float | None
    macro_f1: float
    # share of calls where predicted and labelled evidence overlap, among calls where both are non-empty
    evidence_hit_rate: float | None
    evidence_n: int
    # share of labelled gaps whose `missing` list is exactly right (next steps only)
    missing_accuracy: float | None = None
    missing_n: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def _split_of(path: Path, root: Path) -> str:
    if root.is_file():
        return path.parent.name or "."
    relative = path.parent.relative_to(root)
    return relative.parts[0] if relative.parts else root.name


def load_labelled(paths: list[Path]) -> list[LabelledCall]:
    """Every labelled call under `paths` (files or folders, searched recursively), in a stable order.

    Raises TranscriptError for a file that is not a valid transcript; files without labels are skipped.
    """
    calls = []
    for root in paths:
        root = Path(root)
        files = sorted(root.rglob("*.json")) if root.is_dir() else [root]
        for path in files:
            data = load_json_file(path)
            if not isinstance(data, dict) or not isinstance(data.get("labels"), dict):
                continue
            transcript = transcript_from_dict(data, path)
            labels = data["labels"]
            for behaviour, label in labels.items():
                if not isinstance(label, dict) or label.get("verdict") not in VERDICTS:
                    raise TranscriptError(
                        path, f"label {behaviour!r} needs a verdict in {', '.join(VERDICTS)}", "labels"
                    )
            split = _split_of(path, root)
            calls.append(LabelledCall(path, split, transcript, labels, sealed=is_sealed(path)))
    return calls


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _verdict_f1(pairs: list[tuple[str, str]], verdict: str) -> float | None:
    """F1 of one verdict class; None when the class appears neither in labels nor predictions."""
    true_positive = sum(1 for expected, predicted in pairs if expected == predicted == verdict)
    predicted = sum(1 for _, p in pairs if p == verdict)
    expected = sum(1 for e, _ in pairs if e == verdict)
    if not predicted and not expected:
        return None
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / expected if expected else 0.0
    return _f1(precision, recall)


def score_behaviour(split: str, behaviour: str, pairs: list[tuple[dict, Finding]]) -> BehaviourScore:
    """Metrics of one behaviour over (label, finding) pairs."""
    verdicts = [(label["verdict"], finding.verdict) for label, finding in pairs]
    correct = sum(1 for expected, predicted in verdicts if expected == predicted)
    gap_tp = sum(1 for e, p in verdicts if e == p == "gap")
    gap_predicted = sum(1 for _, p in verdicts if p == "gap")
    gap_expected = sum(1 for e, _ in verdicts if e == "gap")
    precision, recall = _ratio(gap_tp, gap_predicted), _ratio(gap_tp, gap_expected)
    class_f1 = [f for f in (_verdict_f1(verdicts, v) for v in VERDICTS) if f is not None]
    with_evidence = [
        (set(label.get("evidence") or []), set(finding.evidence))
        for label, finding in pairs
        if label.get("evidence") and finding.evidence
    ]
    hits = sum(1 for expected, predicted in with_evidence if expected & predicted)
    labelled_gaps = [(label, finding) for label, finding in pairs if label["verdict"] == "gap" and "missing" in label]
    missing_right = sum(
        1
        for label, finding in labelled_gaps
        if finding.verdict == "gap" and set(label["missing"]) == set(finding.missing)
    )
    return BehaviourScore(
        split=split,
        behaviour=behaviour,
        n=len(pairs),
        accuracy=correct / len(pairs) if pairs else 0.0,
        gap_precision=precision,
        gap_recall=recall,
        gap_f1=_f1(precision, recall),
        macro_f1=sum(class_f1) / len(class_f1) if class_f1 else 0.0,
        evidence_hit_rate=_ratio(hits, len(with_evidence)),
        evidence_n=len(with_evidence),
        missing_accuracy=_ratio(missing_right, len(labelled_gaps)) if labelled_gaps else None,
        missing_n=len(labelled_gaps),
    )


def score(calls: list[LabelledCall], analyses: list[CallAnalysis]) -> tuple[list[BehaviourScore], list[CallError]]:
    """Per split and behaviour scores (behaviours that are both labelled and detected), and the wrong verdicts."""
    grouped: dict[tuple[str, str], list[tuple[dict, Finding]]] = defaultdict(list)
    errors = []
    for call, analysis in zip(calls, analyses, strict=True):
        for finding in analysis.findings:
            label = call.labels.get(finding.behaviour)
            if label is None:
                continue
            grouped[(call.split, finding.behaviour)].append((label, finding))
            expected_missing = sorted(label.get("missing") or [])
            if label["verdict"] != finding.verdict or (
                label["verdict"] == "gap" and "missing" in label and expected_missing != sorted(finding.missing)
            ):
                errors.append(
                    CallError(
                        split=call.split,
                        call_id=call.transcript.call_id,
                        behaviour=finding.behaviour,
                        expected=label["verdict"],
                        predicted=finding.verdict,
                        expected_evidence=list(label.get("evidence") or []),
                        predicted_evidence=list(finding.evidence),
                        expected_missing=expected_missing,
                        predicted_missing=sorted(finding.missing),
                    )
                )
    scores = [score_behaviour(split, behaviour, pairs) for (split, behaviour), pairs in sorted(grouped.items())]
    return scores, errors
