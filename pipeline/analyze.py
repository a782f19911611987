"""The analysis stage: transcript -> utterance features -> findings + metrics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.detect import detect
from pipeline.features import load_act_patterns, pattern_features
from pipeline.metrics import compute_metrics
from pipeline.model import CallAnalysis, Transcript
from pipeline.rules import load_rules


@dataclass(frozen=True)
class AnalyzeOptions:
    rules_dir: Path


class Analyzer:
    """Loads the rules once and analyses any number of calls with them."""

    def __init__(self, options: AnalyzeOptions):
        self.options = options
        self.rules = load_rules(options.rules_dir)
        self.act_patterns = load_act_patterns(options.rules_dir)

    def analyze(self, transcript: Transcript) -> CallAnalysis:
        features = pattern_features(transcript, self.act_patterns)
        return CallAnalysis(
            call_id=transcript.call_id,
            findings=detect(transcript, features, self.rules),
            metrics=compute_metrics(transcript),
        )

    def analyze_many(self, transcripts: list[Transcript]) -> list[CallAnalysis]:
        return [self.analyze(t) for t in transcripts]
