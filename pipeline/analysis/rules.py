"""Behaviour rules as data: one YAML file per behaviour in `rules/behaviours/`, schema-validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from pipeline.analysis import schemas
from pipeline.errors import CoachloopError


class RuleError(CoachloopError):
    pass


@dataclass(frozen=True)
class Condition:
    act: str
    speaker: str = "any"  # rep | buyer | any
    min_confidence: float = 0.5
    # slots the utterance must also hold: quantity, date, owner, question
    requires: tuple[str, ...] = ()
    # cues of rules/patterns that rule the condition out in the utterance: the act heard there is
    # another reading's (a comparison on a rival's terms is no pitch of the product)
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class BehaviourRule:
    behaviour: str
    version: int
    skill: str
    description: str
    logic: str
    conditions: dict[str, tuple[Condition, ...]]
    block_gap: int = 1
    # final next step: how many utterances back a day said again ("see you Thursday") finds the step
    # that named it (0: never)
    echo_reach: int = 0
    # flagged_or_handled: a met_when act counts without the topic (applies_when) only this sure
    met_alone_confidence: float | None = None
    also_skills: tuple[str, ...] = ()
    # reply_to_first: whose next turn answers the trigger
    reply_speaker: str = "rep"
    # presence_run_final_step: how many run utterances in a row make a gap, and how long (in
    # words) another speaker's turn may be and still not interrupt the run ("mm-hm", "okay")
    run_length: int = 2
    backchannel_words: int = 3
    examples: tuple[dict, ...] = field(default=(), compare=False)
    path: str = ""

    @property
    def detector(self) -> str:
        return f"{self.behaviour}@{self.version}"

    def acts(self) -> set[str]:
        return {c.act for conditions in self.conditions.values() for c in conditions}


_CONDITION_KEYS = (
    "trigger",
    "precondition",
    "target",
    "gap_when",
    "met_when",
    "applies_when",
    "next_step",
    "ends_opportunity",
    "response",
    "run",
    "run_support",
    "answers",
)


def _condition(data: dict) -> Condition:
    return Condition(**{**data, "requires": tuple(data.get("requires", ())), "unless": tuple(data.get("unless", ()))})


def parse_rule(data: dict, path: Path) -> BehaviourRule:
    try:
        schemas.validate(data, "behaviour")
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise RuleError(f"{path}: {where}: {exc.message}") from exc
    if path.stem != data["behaviour"]:
        raise RuleError(f"{path}: file name must be the behaviour name ({data['behaviour']}.yaml)")
    return BehaviourRule(
        behaviour=data["behaviour"],
        version=data["version"],
        skill=data["skill"],
        description=data["description"].strip(),
        logic=data["logic"],
        conditions={key: tuple(_condition(c) for c in data[key]) for key in _CONDITION_KEYS if key in data},
        block_gap=data.get("block_gap", 1),
        echo_reach=data.get("echo_reach", 0),
        met_alone_confidence=data.get("met_alone_confidence"),
        also_skills=tuple(data.get("also_skills", ())),
        reply_speaker=data.get("reply_speaker", "rep"),
        run_length=data.get("run_length", 2),
        backchannel_words=data.get("backchannel_words", 3),
        examples=tuple(data["examples"]),
        path=str(path),
    )


def load_rules(rules_dir: Path) -> list[BehaviourRule]:
    """Every behaviour rule under `rules_dir/behaviours`, sorted by name."""
    folder = Path(rules_dir) / "behaviours"
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise RuleError(f"no behaviour rules found in {folder}")
    rules = []
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise RuleError(f"{path}: invalid YAML: {exc}") from exc
        rules.append(parse_rule(data, path))
    return rules
