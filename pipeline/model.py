"""Domain types shared by every stage: plain dataclasses, no behaviour beyond small helpers.

JSON in and out goes through `pipeline.jsonio`; nothing here reads or writes files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SPEAKERS = ("rep", "buyer", "unknown")
CALL_TYPES = ("discovery", "demo", "negotiation", "follow_up", "other")
VERDICTS = ("met", "gap", "not_applicable")
REP_CHANNELS = ("left", "right", "mono")


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float | None = None


@dataclass
class Utterance:
    speaker: str  # rep | buyer | unknown
    start: float
    end: float
    text: str
    speaker_name: str | None = None
    words: list[Word] = field(default_factory=list)
    # How sure the transcription stage is of `speaker` (None when it came from a script or a file).
    speaker_confidence: float | None = None

    @property
    def duration(self) -> float:
        return max(0.0, self.end - self.start)


@dataclass
class CallMetadata:
    """What the inbox sidecar (or manifest row) says about a call."""

    call_id: str
    rep_id: str
    started_at: str | None = None
    call_type: str = "other"
    rep_channel: str = "left"
    rep_name: str | None = None
    deal_id: str | None = None
    deal_stage: str | None = None
    account_name: str | None = None  # the account the deal is with, as people name it
    # the price the rep starts from (the listing or list price), when known: price moves are read against it
    list_price: float | None = None


@dataclass
class Transcript:
    call_id: str
    rep_id: str
    utterances: list[Utterance]
    started_at: str | None = None
    call_type: str = "other"
    deal_id: str | None = None
    deal_stage: str | None = None
    account_name: str | None = None
    list_price: float | None = None
    # Where the transcript came from and what made it (file path, model, options).
    source: dict = field(default_factory=dict)

    @property
    def duration(self) -> float:
        return max((u.end for u in self.utterances), default=0.0)


@dataclass
class Finding:
    behaviour: str
    verdict: str  # met | gap | not_applicable
    evidence: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    start: float | None = None
    end: float | None = None
    quote: str = ""
    confidence: float = 1.0
    # The rules file version (and models) that produced this verdict.
    detector: str = ""


@dataclass
class CallMetrics:
    talk_ratio: float | None
    longest_monologue_s: float
    rep_questions: int
    interactivity: float
    patience_s: float | None


@dataclass
class CallAnalysis:
    call_id: str
    findings: list[Finding]
    metrics: CallMetrics


@dataclass
class UtteranceFeatures:
    """What the analysis passes found in one utterance; the behaviour rules read only this."""

    # dialogue act -> confidence in [0, 1], the best of the passes that proposed it
    acts: dict[str, float] = field(default_factory=dict)
    # which pass proposed each act ("pattern:<id>", "classifier")
    act_sources: dict[str, str] = field(default_factory=dict)
    question: bool = False
    # "specific" ("Thursday at 10"), "vague" ("next week sometime") or None
    date: str | None = None
    date_text: str | None = None
    # a day was called off ("let's hold off on Thursday"): the next step changed here
    step_changed: bool = False
    # the day of the step agreed before is said back as "then" ("cheers Mo, catch you then"): this utterance
    # closes that step
    date_echoed: bool = False
    # who commits to an action in this utterance: "rep", "buyer", a person's name, or None
    owner: str | None = None
    # the utterance hands the action to someone unnamed ("somebody at the depot will phone you"): a
    # step of its own that nobody owns
    owner_unnamed: bool = False
    # named entities (label, text) and whether the utterance holds a figure (money, percent, count);
    # entities are looked for only where a figure or a date can be (pipeline/analysis/entities.py)
    entities: list[tuple[str, str]] = field(default_factory=list)
    quantity: bool = False
    # acts whose vocabulary a pattern found here (a cue pattern or an act pattern of the act)
    cues: frozenset[str] = frozenset()


def transcript_for(
    metadata: CallMetadata, utterances: list[Utterance], source: dict, started_at: str | None = None
) -> Transcript:
    """A call's transcript: its utterances with what the sidecar says about the call."""
    return Transcript(
        call_id=metadata.call_id,
        rep_id=metadata.rep_id,
        utterances=utterances,
        started_at=started_at or metadata.started_at,
        call_type=metadata.call_type,
        deal_id=metadata.deal_id,
        deal_stage=metadata.deal_stage,
        account_name=metadata.account_name,
        list_price=metadata.list_price,
        source=source,
    )
