"""Every behaviour rules file carries its own examples; this table runs them all."""

from pathlib import Path

import pytest
import yaml

from pipeline.analysis.rules import RuleError, load_rules, parse_rule
from pipeline.config import PROJECT_ROOT
from tests.support.transcripts import HEADLINE, make_transcript

RULES_DIR = PROJECT_ROOT / "rules"


def test_headline_behaviours_have_rules():
    assert HEADLINE <= {rule.behaviour for rule in load_rules(RULES_DIR)}


EXAMPLES = [
    pytest.param(rule.behaviour, example, id=f"{rule.behaviour}: {example['name']}")
    for rule in load_rules(RULES_DIR)
    for example in rule.examples
]


@pytest.mark.slow  # the analysis models (spaCy, MiniLM)
@pytest.mark.parametrize("behaviour, example", EXAMPLES)
def test_rule_examples(analyzer, behaviour, example):
    transcript = make_transcript(*example["utterances"])
    finding = next(f for f in analyzer.analyze(transcript).findings if f.behaviour == behaviour)
    assert finding.verdict == example["verdict"]
    if "evidence" in example:
        assert finding.evidence == example["evidence"]
    assert finding.missing == example.get("missing", [])


def test_schema_rejects_a_broken_rule(tmp_path):
    data = yaml.safe_load((RULES_DIR / "behaviours" / "budget_before_demo.yaml").read_text())
    del data["trigger"]
    with pytest.raises(RuleError, match="trigger"):
        parse_rule(data, Path("budget_before_demo.yaml"))
    data = yaml.safe_load((RULES_DIR / "behaviours" / "budget_before_demo.yaml").read_text())
    data["logic"] = "vibes"
    with pytest.raises(RuleError, match="logic"):
        parse_rule(data, Path("budget_before_demo.yaml"))


def test_rule_file_name_must_match_behaviour():
    data = yaml.safe_load((RULES_DIR / "behaviours" / "budget_before_demo.yaml").read_text())
    with pytest.raises(RuleError, match="file name"):
        parse_rule(data, Path("something_else.yaml"))


@pytest.mark.parametrize(
    "behaviour, needed",
    [("roi_in_buyer_numbers", "response"), ("price_held_under_pushback", "gap_when"), ("executive_next_step", "run")],
)
def test_schema_requires_each_logic_template_s_conditions(behaviour, needed):
    data = yaml.safe_load((RULES_DIR / "behaviours" / f"{behaviour}.yaml").read_text())
    del data[needed]
    with pytest.raises(RuleError, match=needed):
        parse_rule(data, Path(f"{behaviour}.yaml"))


def test_schema_rejects_an_unknown_condition_slot():
    data = yaml.safe_load((RULES_DIR / "behaviours" / "roi_in_buyer_numbers.yaml").read_text())
    data["trigger"][0]["requires"] = ["vibes"]
    with pytest.raises(RuleError, match="trigger"):
        parse_rule(data, Path("roi_in_buyer_numbers.yaml"))
