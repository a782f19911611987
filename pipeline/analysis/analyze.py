"""The analysis stage: transcript -> utterance features -> findings + metrics.

The spaCy pass and the classifier pass each run once over all the utterances of all the calls
given to `analyze_many` (batched), then every call is detected on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.analysis.budget import answered_budget
from pipeline.analysis.committee import answered_committee
from pipeline.analysis.detect import detect
from pipeline.analysis.features import classifier_units, combine, encoder_location, load_analysis_config
from pipeline.analysis.metrics import compute_metrics
from pipeline.analysis.nlp import SpacyPass
from pipeline.analysis.owners import claimed_business
from pipeline.analysis.price_words import load_price_vocabulary
from pipeline.analysis.prices import present_costs_guessed, price_acts, trajectory
from pipeline.analysis.reactions import price_reactions
from pipeline.analysis.recordings import narrated_pitches, recordings
from pipeline.analysis.returns import return_acts, return_turns, returned_metrics
from pipeline.analysis.rivals import rival_acts
from pipeline.analysis.rules import load_rules
from pipeline.analysis.screen import greetings, load_screen_vocabulary, screen_acts, screen_moves
from pipeline.analysis.sides import sides_told, unknown_voice_factor
from pipeline.analysis.urgency import answered_urgency
from pipeline.analysis.voices import executive_voices
from pipeline.config import PROJECT_ROOT
from pipeline.failpoints import failpoint
from pipeline.model import CallAnalysis, Transcript, UtteranceFeatures

# utterances analysed together: big enough to batch well, small enough to bound memory
GROUP_UTTERANCES = 4096


@dataclass(frozen=True)
class AnalyzeOptions:
    rules_dir: Path
    models_dir: Path = PROJECT_ROOT / "models"
    # None: as rules/analysis.yaml says (classifier.encoder)
    encoder_path: Path | None = None
    # None: as rules/analysis.yaml says
    use_classifier: bool | None = None


class Analyzer:
    """Loads the rules, spaCy and the classifier once, and analyses any number of calls with them."""

    def __init__(self, options: AnalyzeOptions):
        self.options = options
        self.rules = load_rules(options.rules_dir)
        self.config = load_analysis_config(options.rules_dir)
        # the price trajectory (rules/prices.yaml); a rules folder without it runs without the pass
        self.prices = load_price_vocabulary(options.rules_dir) if (options.rules_dir / "prices.yaml").exists() else None
        # what is on the screen (rules/screen.yaml); likewise optional
        self.screen = (
            load_screen_vocabulary(options.rules_dir) if (options.rules_dir / "screen.yaml").exists() else None
        )
        self.spacy = SpacyPass(options.rules_dir, fillers=self.config.fillers, workers=self.config.spacy_workers)
        # the patterns whose reading the classifier decides (`classifier_decides` in rules/patterns)
        self.classifier_decides = frozenset(p.id for p in self.spacy.patterns.values() if p.classifier_decides)
        # the patterns that read a title said in the third person (`third_person` in rules/patterns)
        self.third_person = frozenset(p.id for p in self.spacy.patterns.values() if p.third_person)
        use_classifier = self.config.classifier_enabled if options.use_classifier is None else options.use_classifier
        self.classifier = None
        if use_classifier:
            from pipeline.analysis.classifier import ActClassifier  # heavy: torch and transformers

            self.classifier = ActClassifier(
                options.models_dir,
                options.encoder_path or encoder_location(self.config, options.rules_dir),
                batch_size=self.config.classifier_batch_size,
                dtype=self.config.classifier_dtype,
            )

    @property
    def version(self) -> str:
        """The models behind the features; each finding's `detector` adds its rules file version."""
        return self.classifier.version if self.classifier else "patterns-only"

    def features_many(self, transcripts: list[Transcript]) -> list[list[UtteranceFeatures]]:
        """Features of every utterance of every call: spaCy over all of a group's utterances at once
        (in worker processes when configured), then the classifier over them in batches. Groups
        of about GROUP_UTTERANCES utterances bound the memory a large batch needs."""
        groups, current, size = [], [], 0
        for transcript in transcripts:
            current.append(transcript)
            size += len(transcript.utterances)
            if size >= GROUP_UTTERANCES:
                groups.append(current)
                current, size = [], 0
        if current:
            groups.append(current)
        result: list[list[UtteranceFeatures]] = []
        for group in groups:
            # The passes run one after the other: each uses both cores, and running them side by
            # side only made them fight over the cores.
            result.extend(self._combine_group(group, self._start_spacy(group)()))
        return result

    def _start_spacy(self, transcripts: list[Transcript]):
        return self.spacy.start([(u.speaker, u.text) for t in transcripts for u in sides_told(t).utterances])

    def _combine_group(self, given: list[Transcript], spacy_features) -> list[list[UtteranceFeatures]]:
        # A call whose sides the transcript could not tell (sides.py) is read with its speakers unknown
        # by the patterns, the passes that read the order of turns and the rules. The classifier hears
        # it with the sides as given (its head learnt few unknown voices and hears them faintly), and
        # the price passes follow the price's path turn by turn as given.
        transcripts = [sides_told(transcript) for transcript in given]
        calls = [[(u.speaker, u.text) for u in t.utterances] for t in given]
        probabilities = [None] * len(calls)
        if self.classifier:
            units, offset = [], 0
            for call in calls:
                units.append(
                    [
                        (speaker, classifier_units(text, spacy_features[offset + index], self.config))
                        for index, (speaker, text) in enumerate(call)
                    ]
                )
                offset += len(call)
            probabilities = self.classifier.predict_calls(units)
        labels = self.classifier.labels if self.classifier else []
        result, offset = [], 0
        for as_given, transcript, call, call_probabilities in zip(
            given, transcripts, calls, probabilities, strict=True
        ):
            features = [
                combine(
                    spacy_features[offset + index],
                    call_probabilities[index] if call_probabilities is not None else None,
                    labels,
                    self.spacy.patterns,
                    self.config,
                )
                for index in range(len(call))
            ]
            # the rep's utterances the price pass reads as naming the product's price, with the prices
            prices_named: dict[int, frozenset[float]] = {}
            if self.prices is not None:
                returns = return_turns(as_given, features, self.prices)
                # the rep's guesses at what the buyer pays today, read once for both price passes
                guessed = present_costs_guessed(as_given, self.prices)
                price_moves = trajectory(as_given, self.prices, as_given.list_price, features, returns, guessed)
                for move in price_moves:
                    if move.speaker == "rep" and move.amount is not None:
                        prices_named[move.utterance] = prices_named.get(move.utterance, frozenset()) | {move.amount}
                features = price_acts(features, price_moves)
                features = price_reactions(
                    as_given,
                    features,
                    price_moves,
                    self.prices,
                    self.config.veto_factor,
                    self.config.missing_slot_factor,
                    returns,
                    guessed,
                )
            features = rival_acts(transcript, features, self.classifier_decides)
            features = return_acts(transcript, features, vocabulary=self.prices, prices_named=prices_named)
            features = returned_metrics(transcript, features)
            features = executive_voices(transcript, features, self.third_person)
            features = answered_urgency(transcript, features)
            features = answered_committee(transcript, features)
            features = claimed_business(transcript, features)
            features = answered_budget(transcript, features, self.config.veto_factor)
            if self.screen is not None:
                parses = spacy_features[offset : offset + len(call)]
                moves = screen_moves(transcript, self.screen, parses)
                moves = moves + greetings(transcript, self.screen, moves, parses)
                moves = recordings(transcript, self.screen, moves)
                features = narrated_pitches(features, moves)
                features = screen_acts(features, moves, self.config.veto_factor)
            result.append(features)
            offset += len(call)
        return result

    def analyze_many(self, transcripts: list[Transcript]) -> list[CallAnalysis]:
        analyses = []
        # a call whose sides the transcript could not tell is judged with its speakers unknown (the
        # metrics stay on the transcript as given)
        told = [sides_told(transcript) for transcript in transcripts]
        features_all = self.features_many(transcripts)
        failpoint("analyse")
        for transcript, read_as, features in zip(transcripts, told, features_all, strict=True):
            factor = unknown_voice_factor(read_as, self.config.unknown_speaker_factor)
            findings = detect(read_as, features, self.rules, factor)
            for finding in findings:
                finding.detector = f"{finding.detector}+{self.version}"
            analyses.append(CallAnalysis(transcript.call_id, findings, compute_metrics(transcript)))
        return analyses

    def analyze(self, transcript: Transcript) -> CallAnalysis:
        return self.analyze_many([transcript])[0]
