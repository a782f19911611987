"""Managers' false-positive dismissals as labelled utterances for the dialogue-act classifier.

A finding's quote is its first evidence utterance, the one the manager saw and judged. When the
manager dismisses the finding as a false positive, that utterance did not carry the act the rule
took it for: it becomes a `label: "other"` example (data/training format, `source:
"manager_feedback"`), with `implied_act` naming the act the detector had read into it. Findings
with no evidence utterance (a question never asked) have nothing to export and are counted apart.
"""

from __future__ import annotations

from pipeline.analysis.prices import TRAJECTORY_ACTS
from pipeline.analysis.rules import BehaviourRule
from pipeline.store import Store
from pipeline.store.observations import false_positive_dismissals

# Which conditions of a rule produce the first evidence utterance of a verdict (data/LABELS.md).
_FIRST_EVIDENCE = {
    ("precondition_before_trigger", "met"): ("precondition",),
    ("precondition_before_trigger", "gap"): ("trigger",),
    ("asked", "met"): ("target",),
    ("flagged_or_handled", "gap"): ("gap_when",),
    ("flagged_or_handled", "met"): ("met_when",),
    ("final_next_step", "met"): ("next_step",),
    ("final_next_step", "gap"): ("next_step",),
}


def implied_act(rule: BehaviourRule | None, verdict: str, speaker: str) -> str | None:
    """The act the detector read into the first evidence utterance, when the rule says which. Acts
    of the price trajectory are read from the whole call, so a single utterance cannot teach them."""
    if rule is None:
        return None
    keys = _FIRST_EVIDENCE.get((rule.logic, verdict), tuple(rule.conditions))
    acts = {
        condition.act
        for key in keys
        for condition in rule.conditions.get(key, ())
        if condition.speaker in ("any", speaker) and condition.act not in TRAJECTORY_ACTS
    }
    return acts.pop() if len(acts) == 1 else None


def feedback_examples(store: Store, rules: list[BehaviourRule]) -> tuple[list[dict], int]:
    """(examples, dismissals without an evidence utterance)."""
    by_behaviour = {rule.behaviour: rule for rule in rules}
    examples, without_utterance = [], 0
    for row in false_positive_dismissals(store):
        if row["text"] is None:
            without_utterance += 1
            continue
        verdict = row["finding_verdict"] or row["verdict"]
        examples.append(
            {
                "text": row["text"],
                "speaker": row["speaker"],
                "label": "other",
                "source": "manager_feedback",
                "implied_act": implied_act(by_behaviour.get(row["behaviour"]), verdict, row["speaker"]),
                "call_id": row["call_id"],
                "utterance_index": row["utterance_index"],
                "behaviour": row["behaviour"],
                "finding_verdict": verdict,
                "detector": row["detector"],
                "observation_id": row["observation_id"],
                "decided_by": row["manager_id"],
                "decided_at": row["decided_at"].isoformat(timespec="seconds"),
                "note": row["note"],
            }
        )
    return examples, without_utterance
