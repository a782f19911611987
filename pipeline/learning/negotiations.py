"""Concessions in real price negotiations: CraigslistBargain dialogues against hand labels.

The dialogues (../shared/data/negotiations/, never copied into the project) are two people
bargaining over a listing; the seller plays the rep. `data/eval/negotiations/labels.jsonl` holds,
per dialogue, the seller's first concession (event index and kind), the buyer's first price
pushback and whether the seller's reply held the price, labelled by reading, and the `split`:
`dev` may be looked at while tuning, `heldout` is only scored.

Each event becomes one utterance. Typed messages are the words; the chat's form actions are
rendered as short neutral lines ("Offer: $243.", "Accepted.", "Rejected.") because in a spoken
call those moves are said aloud. The same rendering is used for both splits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.model import CallAnalysis, Transcript, Utterance

SECONDS_PER_WORD = 0.4
ACTION_LINES = {"accept": "Accepted.", "reject": "Rejected."}


@dataclass(frozen=True)
class NegotiationLabel:
    index: int
    uuid: str
    split: str
    seller_concession: bool
    first_concession: int | None  # event index
    kind: str | None
    pushback: int | None  # event index
    held: bool | None


@dataclass
class Negotiation:
    label: NegotiationLabel
    transcript: Transcript
    utterance_of_event: dict[int, int]  # event index -> utterance index


def load_labels(path: Path) -> list[NegotiationLabel]:
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels.append(NegotiationLabel(**{name: row[name] for name in NegotiationLabel.__dataclass_fields__}))
    return labels


def _line(event: dict) -> str | None:
    action = event.get("action")
    if action == "message":
        return (event.get("data") or "").strip() or None
    if action == "offer":
        price = (event.get("data") or {}).get("price")
        return f"Offer: ${price:,.0f}." if price is not None else None
    return ACTION_LINES.get(action)


def to_transcript(dialogue: dict, label: NegotiationLabel, with_list_price: bool = True) -> Negotiation:
    """The dialogue as a call: the seller is the rep, times laid out at a speaking pace, and the
    listing's price as the call's list price (both sides saw the listing), unless left out."""
    kbs = dialogue["scenario"]["kbs"]
    roles = [kb["personal"]["Role"] for kb in kbs]
    seller = kbs[roles.index("seller")] if "seller" in roles else kbs[0]
    utterances: list[Utterance] = []
    mapping: dict[int, int] = {}
    clock = 0.0
    for index, event in enumerate(dialogue["events"]):
        text = _line(event)
        if text is None or not isinstance(event.get("agent"), int):
            continue
        speaker = "rep" if roles[event["agent"]] == "seller" else "buyer"
        length = max(1.0, len(text.split()) * SECONDS_PER_WORD)
        mapping[index] = len(utterances)
        utterances.append(Utterance(speaker=speaker, start=clock, end=clock + length, text=text))
        clock += length + 0.5
    transcript = Transcript(
        call_id=f"cb-{label.index:03d}",
        rep_id="seller",
        utterances=utterances,
        call_type="negotiation",
        list_price=float(seller["item"]["Price"]) if with_list_price and seller["item"].get("Price") else None,
        source={"negotiation": dialogue["uuid"]},
    )
    return Negotiation(label=label, transcript=transcript, utterance_of_event=mapping)


def load_negotiations(
    dialogues: Path, labels: Path, split: str | None = None, with_list_price: bool = True
) -> list[Negotiation]:
    data = json.loads(dialogues.read_text(encoding="utf-8"))
    found = []
    for label in load_labels(labels):
        if split is None or label.split == split:
            dialogue = data[label.index]
            if dialogue["uuid"] != label.uuid:
                raise ValueError(f"{labels}: dialogue {label.index} is {dialogue['uuid']}, the label says {label.uuid}")
            found.append(to_transcript(dialogue, label, with_list_price))
    return found


@dataclass(frozen=True)
class ConcessionScore:
    split: str
    n: int
    labelled_concessions: int
    found_concessions: int
    true_positives: int
    precision: float | None
    recall: float | None
    first_concession_hit: float | None  # among true positives: the evidence names the labelled first concession
    hold_n: int  # dialogues with a labelled pushback and a seller reply
    hold_accuracy: float | None  # price_held_under_pushback: met = held, gap = conceded


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def score_concessions(split: str, negotiations: list[Negotiation], analyses: list[CallAnalysis]) -> ConcessionScore:
    """A concession is found when `discount_before_value` applies (its last evidence utterance is
    the first concession); holding is read from `price_held_under_pushback`."""
    true_positives = found = labelled = hits = hold_n = hold_right = 0
    for negotiation, analysis in zip(negotiations, analyses, strict=True):
        label = negotiation.label
        findings = {finding.behaviour: finding for finding in analysis.findings}
        discount = findings["discount_before_value"]
        predicted = discount.verdict != "not_applicable"
        labelled += label.seller_concession
        found += predicted
        if predicted and label.seller_concession:
            true_positives += 1
            expected = negotiation.utterance_of_event.get(label.first_concession)
            hits += bool(discount.evidence) and discount.evidence[-1] == expected
        if label.held is not None:
            hold_n += 1
            verdict = findings["price_held_under_pushback"].verdict
            hold_right += verdict == ("met" if label.held else "gap")
    return ConcessionScore(
        split=split,
        n=len(negotiations),
        labelled_concessions=labelled,
        found_concessions=found,
        true_positives=true_positives,
        precision=_ratio(true_positives, found),
        recall=_ratio(true_positives, labelled),
        first_concession_hit=_ratio(hits, true_positives),
        hold_n=hold_n,
        hold_accuracy=_ratio(hold_right, hold_n),
    )
