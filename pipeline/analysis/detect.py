"""Behaviour detection: rules (data) applied to the features of a call's utterances.

Pure functions: a transcript and its features in, findings out. Each logic below is a template
that a rules file fills with conditions; a new behaviour is a new rules file, not new code.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.analysis.rules import BehaviourRule, Condition
from pipeline.model import Finding, Transcript, UtteranceFeatures

QUOTE_MAX_CHARS = 240


def _score(condition: Condition, speaker: str, features: UtteranceFeatures, unknown_speaker_factor: float) -> float:
    """Confidence that the utterance satisfies the condition: 0 when the speaker does not fit or a cue
    the condition rules out (`unless`) is there, and scaled by `unknown_speaker_factor` when the
    transcript could not tell who spoke."""
    if condition.requires and not all(_has_slot(features, slot) for slot in condition.requires):
        return 0.0
    if features.cues.intersection(condition.unless):
        return 0.0
    if condition.speaker != "any" and condition.speaker != speaker:
        if speaker != "unknown":
            return 0.0
        return unknown_speaker_factor * features.acts.get(condition.act, 0.0)
    return features.acts.get(condition.act, 0.0)


def _has_slot(features: UtteranceFeatures, slot: str) -> bool:
    if slot == "date":
        return features.date == "specific"
    return bool(getattr(features, slot))


class Timeline:
    """A call's utterances with their features, and the questions the logics ask of them."""

    def __init__(self, transcript: Transcript, features: list[UtteranceFeatures], unknown_speaker_factor: float = 0.0):
        self.transcript = transcript
        self.features = features
        self.unknown_speaker_factor = unknown_speaker_factor

    def scores(self, conditions: tuple[Condition, ...]) -> list[float]:
        """Per utterance, the best confidence among conditions that pass their threshold (else 0)."""
        result = []
        for utterance, features in zip(self.transcript.utterances, self.features, strict=True):
            best = 0.0
            for condition in conditions:
                score = _score(condition, utterance.speaker, features, self.unknown_speaker_factor)
                if score >= condition.min_confidence:
                    best = max(best, score)
            result.append(best)
        return result

    def near_misses(self, conditions: tuple[Condition, ...], indexes: range) -> float:
        """The highest raw score below threshold: how close the call came to holding the act."""
        best = 0.0
        for index in indexes:
            utterance, features = self.transcript.utterances[index], self.features[index]
            for condition in conditions:
                best = max(best, _score(condition, utterance.speaker, features, self.unknown_speaker_factor))
        return best

    def finding(self, rule: BehaviourRule, verdict: str, evidence: list[int], confidence: float, **extra) -> Finding:
        moment = evidence[0] if evidence else None
        utterances = self.transcript.utterances
        quote = utterances[moment].text if moment is not None else ""
        if len(quote) > QUOTE_MAX_CHARS:
            quote = quote[: QUOTE_MAX_CHARS - 1].rstrip() + "…"
        return Finding(
            behaviour=rule.behaviour,
            verdict=verdict,
            evidence=evidence,
            start=utterances[moment].start if moment is not None else None,
            end=utterances[moment].end if moment is not None else None,
            quote=quote,
            confidence=round(max(0.0, min(1.0, confidence)), 3),
            detector=rule.detector,
            **extra,
        )


def _first(scores: list[float]) -> int | None:
    return next((i for i, s in enumerate(scores) if s > 0), None)


def precondition_before_trigger(rule: BehaviourRule, timeline: Timeline) -> Finding:
    """Applicable once the trigger happens; met if the precondition happened before it."""
    trigger_scores = timeline.scores(rule.conditions["trigger"])
    trigger = _first(trigger_scores)
    if trigger is None:
        near = timeline.near_misses(rule.conditions["trigger"], range(len(trigger_scores)))
        return timeline.finding(rule, "not_applicable", [], 1.0 - near)
    pre_scores = timeline.scores(rule.conditions["precondition"])[:trigger]
    precondition = _first(pre_scores)
    if precondition is not None:
        confidence = min(pre_scores[precondition], trigger_scores[trigger])
        return timeline.finding(rule, "met", [precondition, trigger], confidence)
    near = timeline.near_misses(rule.conditions["precondition"], range(trigger))
    return timeline.finding(rule, "gap", [trigger], min(trigger_scores[trigger], 1.0 - near))


def asked(rule: BehaviourRule, timeline: Timeline) -> Finding:
    """Met if the target act happens anywhere in the call."""
    scores = timeline.scores(rule.conditions["target"])
    first = _first(scores)
    if first is not None:
        return timeline.finding(rule, "met", [first], scores[first])
    near = timeline.near_misses(rule.conditions["target"], range(len(scores)))
    return timeline.finding(rule, "gap", [], 1.0 - near)


def flagged_or_handled(rule: BehaviourRule, timeline: Timeline) -> Finding:
    """Gap if a bad act happens; met if the topic comes up and is handled well; else not applicable.

    A good act counts when the topic came up somewhere in the call (applies_when), or on its own
    when it is at least `met_alone_confidence` sure (a pitch can sound like a differentiation)."""
    bad = timeline.scores(rule.conditions["gap_when"])
    if any(bad):
        evidence = [i for i, s in enumerate(bad) if s > 0]
        return timeline.finding(rule, "gap", evidence, max(bad))
    good = timeline.scores(rule.conditions["met_when"])
    topic = timeline.scores(rule.conditions["applies_when"])
    alone = rule.met_alone_confidence
    if not any(topic) and alone is not None:
        good = [s if s >= alone else 0.0 for s in good]
    if any(good):
        evidence = [i for i, s in enumerate(good) if s > 0]
        return timeline.finding(rule, "met", evidence, max(good))
    if any(topic):
        evidence = [i for i, s in enumerate(topic) if s > 0]
        # The topic came up, nothing bad was said, and no differentiation was heard: met, less sure.
        return timeline.finding(rule, "met", evidence, 0.6 * max(topic))
    everything = rule.conditions["gap_when"] + rule.conditions["met_when"] + rule.conditions["applies_when"]
    near = timeline.near_misses(everything, range(len(bad)))
    return timeline.finding(rule, "not_applicable", [], 1.0 - near)


def _reach_back(rule: BehaviourRule, scores: list[float], last: int) -> list[int]:
    """`last` and the next-step utterances before it at most `block_gap` utterances apart."""
    block = [last]
    for index in range(last - 1, -1, -1):
        if block[0] - index > rule.block_gap + 1:
            break
        if scores[index] > 0:
            block.insert(0, index)
    return block


def _final_step_block(rule: BehaviourRule, timeline: Timeline) -> tuple[list[int], list[float]]:
    """The utterances holding the call's final next step (empty when none), and the next-step scores.

    The final next step is often spread over a proposal and its confirmation: the next-step
    utterances at most `block_gap` utterances apart, ending with the last one, and the proposals
    whose day they say again (`echo_reach`)."""
    count = len(timeline.features)
    scores = timeline.scores(rule.conditions["next_step"])
    last = max((i for i, s in enumerate(scores) if s > 0), default=None)
    if last is None:
        return [], scores
    block = _closed_step(rule, timeline, scores, _reach_back(rule, scores, last))
    block = _with_date_echoes(rule, timeline, _answers_left_out(rule, timeline, block))
    # A plan called off inside the block ("let's hold off on Thursday") is not the final next step.
    # The plan may be called off between the block's utterances ("no, don't send it now"), by one
    # that holds no next step of its own: what follows it is the final step.
    changed = [i for i in range(block[0], last + 1) if timeline.features[i].step_changed]
    if changed:
        block = [i for i in block if i >= changed[-1]]
    # An action handed to someone unnamed ("somebody at the depot will phone you Monday") is a step
    # of its own: what the speakers said they would do before it ("I'll add the fitting to the
    # paperwork") does not give it an owner.
    handed = [i for i in block if timeline.features[i].owner_unnamed]
    if handed:
        block = [i for i in block if i >= handed[-1]]
    # A plan called off at the end, by words that hold no plan of their own (no day, nobody doing
    # anything: "no, don't send anything yet, let's leave it for now") leaves no next step.
    if any(_calls_it_off(timeline.features[i]) for i in range(block[-1], count)):
        return [], scores
    # A plan put off after it, to no day ("let's wait till the first storm after christmas, we'll call
    # you"), however faintly that reads as a step of its own, leaves the step in its last form, undated.
    put_off = next((i for i in range(count - 1, last, -1) if _puts_it_off(timeline.features[i])), None)
    if put_off is not None:
        return [put_off], scores
    # The reply right after the final proposal often holds the commitment ("works, I'll send the invite").
    # A reply that moves the step off the proposal's day ("Thursday... let's not fix a day, I'll come
    # back to you") holds the step in its last form, without the day it declined.
    if last + 1 < count and timeline.features[last + 1].owner:
        reply = timeline.features[last + 1]
        block = [last + 1] if reply.step_changed and reply.date != "specific" else [*block, last + 1]
    return block, scores


def _closed_step(rule: BehaviourRule, timeline: Timeline, scores: list[float], block: list[int]) -> list[int]:
    """A goodbye that says the day of the step back as "then" ("cheers Mo, catch you then", "talk to you then, Bryony") closes
    the step agreed before it, however many turns ago: the block reaches back to the next-step utterances
    before it within `echo_reach`. A goodbye with a day of its own is read by that day."""
    first = timeline.features[block[0]]
    if not first.date_echoed or first.date == "specific":
        return block
    reach = range(block[0] - 1, max(block[0] - rule.echo_reach, 0) - 1, -1)
    before = next((i for i in reach if scores[i] > 0), None)
    return block if before is None else [*_reach_back(rule, scores, before), *block]


def _answers_left_out(rule: BehaviourRule, timeline: Timeline, block: list[int]) -> list[int]:
    """The block without the answers to the questions `answers` names (who decides), but for its last
    utterance: "who else needs to agree to this?" - "our board sits on the ninth and Sam puts it to them" tells
    when the buyer's side meets, and the step proposed after it ("I'll send an invite so we can walk
    the committee through it") is the final step, without that day. A day said back in the step
    ("I'll have it to Jo before the ninth") still dates it."""
    asked = timeline.scores(rule.conditions.get("answers", ()))
    if not any(asked):
        return block
    utterances = timeline.transcript.utterances
    return [
        i
        for i in block
        if i == block[-1] or i == 0 or not asked[i - 1] or utterances[i].speaker == utterances[i - 1].speaker
    ]


def _calls_it_off(features: UtteranceFeatures) -> bool:
    """The utterance calls a plan off and puts none in its place: no date, vague or specific, and
    nobody committed to anything."""
    return features.step_changed and features.date is None and features.owner is None


def _puts_it_off(features: UtteranceFeatures) -> bool:
    """The utterance calls a plan off and puts an undated one in its place: a vague time ("after
    christmas") or someone to do something, and no day."""
    return features.step_changed and features.date != "specific" and (features.date == "vague" or bool(features.owner))


# the words a date's phrase may open with before its day ("on the fifteenth", "say the twelfth")
_BEFORE_THE_DAY = frozenset("on by for until till before at the say about do make it".split())


def _day(features: UtteranceFeatures) -> str | None:
    """The day a specific date names ("thursday" of "Thursday at two", "fifteenth" of "the
    fifteenth"), or None."""
    if features.date != "specific" or not features.date_text:
        return None
    return next((word for word in _words(features.date_text) if word not in _BEFORE_THE_DAY), None)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _with_date_echoes(rule: BehaviourRule, timeline: Timeline, block: list[int]) -> list[int]:
    """The block reaching back, one utterance at a time, to the proposal that named the day it says
    again: an acceptance or a goodbye ("Tuesday at eleven works", "see you Thursday") holds the step
    of that proposal, however faintly it read as one. A step before the proposal that names another
    day ("I'll send the form tomorrow" - "hold the form, the board meets Tuesday") stays out. A block
    that only says the day back, nobody in it doing anything ("Speak Monday, then." - "Speak Monday."),
    closes the step that named the day however much talk came between: past `echo_reach` it reaches
    back to a next step that named it, not to a day said in passing ("the rota for Tuesday")."""
    utterances = timeline.transcript.utterances
    steps = timeline.scores(rule.conditions["next_step"])
    while True:
        days = {_day(timeline.features[i]) for i in block} - {None}
        first = block[0]
        said_back = not any(timeline.features[i].owner for i in block)
        reach = first if said_back else rule.echo_reach
        named = next(
            (
                i
                for i in range(first - 1, max(first - reach, 0) - 1, -1)
                if timeline.features[i].date == "specific"
                and days & set(_words(utterances[i].text))
                and (first - i <= rule.echo_reach or steps[i] > 0)
            ),
            None,
        )
        if named is None:
            return block
        block = [named, *block]


def final_next_step(rule: BehaviourRule, timeline: Timeline) -> Finding:
    """Judge the last agreed next step: its block of adjacent next-step utterances needs a date and an owner."""
    count = len(timeline.features)
    if "ends_opportunity" in rule.conditions:
        ended = timeline.scores(rule.conditions["ends_opportunity"])
        last_end = max((i for i, s in enumerate(ended) if s > 0), default=None)
        if last_end is not None:
            step_scores = timeline.scores(rule.conditions["next_step"])
            if not any(step_scores[last_end + 1 :]):
                return timeline.finding(rule, "not_applicable", [last_end], ended[last_end])
    block, scores = _final_step_block(rule, timeline)
    if not block:
        near = timeline.near_misses(rule.conditions["next_step"], range(count))
        return timeline.finding(rule, "gap", [], 1.0 - near, missing=["next_step"])
    features = [timeline.features[i] for i in block]
    missing = []
    if not any(f.date == "specific" for f in features):
        missing.append("date")
    if not any(f.owner for f in features):
        missing.append("owner")
    verdict = "gap" if missing else "met"
    confidence = min((scores[i] for i in block if scores[i] > 0), default=max(scores))
    return timeline.finding(rule, verdict, block, confidence, missing=missing)


def response_after_trigger(rule: BehaviourRule, timeline: Timeline) -> Finding:
    """Applicable once the trigger happens; met if the response follows it (a buyer's number, then
    the rep's return in those numbers). Evidence [trigger, response] or [trigger]."""
    trigger_scores = timeline.scores(rule.conditions["trigger"])
    trigger = _first(trigger_scores)
    if trigger is None:
        near = timeline.near_misses(rule.conditions["trigger"], range(len(trigger_scores)))
        return timeline.finding(rule, "not_applicable", [], 1.0 - near)
    response_scores = timeline.scores(rule.conditions["response"])
    response = next((i for i in range(trigger + 1, len(response_scores)) if response_scores[i] > 0), None)
    if response is not None:
        confidence = min(trigger_scores[trigger], response_scores[response])
        return timeline.finding(rule, "met", [trigger, response], confidence)
    near = timeline.near_misses(rule.conditions["response"], range(trigger + 1, len(response_scores)))
    return timeline.finding(rule, "gap", [trigger], min(trigger_scores[trigger], 1.0 - near))


def reply_to_first(rule: BehaviourRule, timeline: Timeline) -> Finding:
    """Judge the reply to the first trigger (a buyer's price pushback): the `reply_speaker`'s next
    turn, i.e. their utterances after the trigger until someone else speaks. Gap if the reply holds
    a gap_when act (a concession); met otherwise. Evidence [trigger, first reply utterance]."""
    trigger_scores = timeline.scores(rule.conditions["trigger"])
    trigger = _first(trigger_scores)
    if trigger is None:
        near = timeline.near_misses(rule.conditions["trigger"], range(len(trigger_scores)))
        return timeline.finding(rule, "not_applicable", [], 1.0 - near)
    speakers = [u.speaker for u in timeline.transcript.utterances]
    reply = []
    for index in range(trigger + 1, len(speakers)):
        if speakers[index] == rule.reply_speaker:
            reply.append(index)
        elif reply:
            break
    if not reply:
        return timeline.finding(rule, "met", [trigger], 0.5 * trigger_scores[trigger])
    gap_scores = timeline.scores(rule.conditions["gap_when"])
    conceding = next((i for i in reply if gap_scores[i] > 0), None)
    if conceding is not None:
        # data/LABELS.md: evidence [pushback, reply] for both verdicts, the reply being the rep's first utterance
        return timeline.finding(rule, "gap", [trigger, reply[0]], min(trigger_scores[trigger], gap_scores[conceding]))
    near = timeline.near_misses(rule.conditions["gap_when"], range(reply[0], reply[-1] + 1))
    return timeline.finding(rule, "met", [trigger, reply[0]], min(trigger_scores[trigger], 1.0 - near))


def _first_run(rule: BehaviourRule, timeline: Timeline) -> list[int]:
    """The first `run_length` run acts in a row, none of them a question to the listener (a
    question hands the turn over, so the run starts again after it). Another speaker's utterance
    breaks the run unless it is at most `backchannel_words` words long (0: any utterance breaks).
    With `run_support`, an utterance that only meets those conditions (a fainter reading of the
    act: one technical sentence inside a pitch) joins a run that has a full run act in it."""
    scores = timeline.scores(rule.conditions["run"])
    support = timeline.scores(rule.conditions.get("run_support", ()))
    run: list[int] = []
    for index, (utterance, features) in enumerate(zip(timeline.transcript.utterances, timeline.features, strict=True)):
        member = scores[index] > 0 or support[index] > 0
        if member and not features.question:
            run.append(index)
            if len(run) >= rule.run_length and any(scores[i] > 0 for i in run):
                return run
        elif member:
            run = []
        elif run and (
            utterance.speaker == timeline.transcript.utterances[run[0]].speaker
            or len(utterance.text.split()) > rule.backchannel_words
        ):
            run = []
    return []


def presence_run_final_step(rule: BehaviourRule, timeline: Timeline) -> Finding:
    """Applicable when someone is present (applies_when: an executive identified in the call). Gap
    when the rep runs on (`run_length` run acts in a row, e.g. technical detail, with no question
    to the buyer) or the final next step has no specific date; met otherwise. Evidence: the run's
    first utterance, or the final next step; met: [presence, final next step...]. A gap on the
    next step says what it lacks in `missing` (["next_step"] or ["date"]); a run's gap has none,
    so the two gaps read apart from the stored finding alone."""
    presence_scores = timeline.scores(rule.conditions["applies_when"])
    presence = _first(presence_scores)
    if presence is None:
        near = timeline.near_misses(rule.conditions["applies_when"], range(len(presence_scores)))
        return timeline.finding(rule, "not_applicable", [], 1.0 - near)
    run = _first_run(rule, timeline)
    if run:
        return timeline.finding(rule, "gap", [run[0]], presence_scores[presence])
    block, scores = _final_step_block(rule, timeline)
    if not block:
        return timeline.finding(rule, "gap", [], presence_scores[presence], missing=["next_step"])
    if not any(timeline.features[i].date == "specific" for i in block):
        return timeline.finding(rule, "gap", block, presence_scores[presence], missing=["date"])
    confidence = min(presence_scores[presence], *(scores[i] for i in block if scores[i] > 0))
    return timeline.finding(rule, "met", [presence, *[i for i in block if i != presence]], confidence)


LOGICS: dict[str, Callable[[BehaviourRule, Timeline], Finding]] = {
    "precondition_before_trigger": precondition_before_trigger,
    "asked": asked,
    "flagged_or_handled": flagged_or_handled,
    "final_next_step": final_next_step,
    "response_after_trigger": response_after_trigger,
    "reply_to_first": reply_to_first,
    "presence_run_final_step": presence_run_final_step,
}


def detect(
    transcript: Transcript,
    features: list[UtteranceFeatures],
    rules: list[BehaviourRule],
    unknown_speaker_factor: float = 0.0,
) -> list[Finding]:
    """One finding per rule, in rule order. An utterance whose speaker is `unknown` can satisfy a
    rep or buyer condition at `unknown_speaker_factor` times its confidence (0: never)."""
    if len(features) != len(transcript.utterances):
        raise ValueError("one feature set per utterance is required")
    timeline = Timeline(transcript, features, unknown_speaker_factor)
    return [LOGICS[rule.logic](rule, timeline) for rule in rules]
