"""The suggested sentences, one per behaviour and evidence shape: data read by `suggestions`.

A template says which finding it reads (behaviour, verdict, how many evidence utterances, what
`missing` holds, who said the first one) and what event each evidence utterance is evidence of,
in the order the behaviour's logic template in pipeline/analysis/detect.py puts them in
`evidence`. The sentences refer to evidence utterance i as {at<i>} (its time), {quote<i>} (its
words), {who<i>} ("you", "the buyer", "someone on the call") and {whose<i>}; anything else they
say is what the verdict itself means ("before any budget question" for a budget gap), never an
event that the evidence does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    behaviour: str
    verdict: str  # gap | met
    # the event each leading evidence utterance is evidence of ("concession", "price_pushback", ...)
    events: tuple[str, ...]
    diagnosis: str
    practice: str
    # False: exactly len(events) evidence utterances; True: more may follow (a next step's
    # block, every disparaging line), and only the leading ones are read
    more: bool = False
    missing: tuple[str, ...] | None = None  # the finding's `missing`, sorted; None: any
    speaker: str | None = None  # who said the first evidence utterance; None: anyone
    # the rules version from which the detector gives this shape (older findings read differently)
    since_version: int = 1


NEXT_STEP_CLOSE = "and get the buyer to confirm it out loud."

TEMPLATES = (
    # -- budget_before_demo: gap [demo start]; met [budget question or statement, demo start]
    Template(
        "budget_before_demo",
        "gap",
        ("demo_start",),
        "At {at0} {who0} started the demo (“{quote0}”) before any budget question: what they spend on this "
        "today, what is set aside, or who approves the spend.",
        "Replay the start of the demo at {at0}: before sharing the screen, ask one budget question (what they "
        "spend on this today, what is set aside, or who approves the spend).",
    ),
    Template(
        "budget_before_demo",
        "met",
        ("budget_question", "demo_start"),
        "At {at0} you asked about budget (“{quote0}”) before {who1} started the demo at {at1}. "
        "Keep doing this before every demo.",
        "Keep it: before sharing the screen, ask what they spend on this today, what is set aside, "
        "or who approves the spend.",
        speaker="rep",
    ),
    Template(
        "budget_before_demo",
        "met",
        ("budget_statement", "demo_start"),
        "At {at0} the buyer gave budget information (“{quote0}”) before {who1} started the demo at {at1}. "
        "Keep getting budget on the table before every demo.",
        "Keep it: before sharing the screen, make sure budget is on the table (what they spend today, "
        "what is set aside, who approves the spend).",
        speaker="buyer",
    ),
    Template(
        "budget_before_demo",
        "met",
        ("budget_talk", "demo_start"),
        "Budget came up at {at0} (“{quote0}”) before {who1} started the demo at {at1}. "
        "Keep doing this before every demo.",
        "Keep it: before sharing the screen, make sure budget is on the table.",
    ),
    # -- discount_before_value: gap [first concession]; met [value anchor, first concession]
    Template(
        "discount_before_value",
        "gap",
        ("concession",),
        "At {at0} {who0} offered a concession (“{quote0}”) before tying the price to a cost or outcome "
        "in the buyer's own numbers.",
        "Replay the moment at {at0}: before any concession, tie the price to a cost or outcome in the buyer's "
        "own numbers, and give a concession only in exchange for something.",
    ),
    Template(
        "discount_before_value",
        "met",
        ("value_anchor", "concession"),
        "At {at0} {who0} tied the price to the buyer's own numbers (“{quote0}”) before the first concession "
        "at {at1}. Keep doing this.",
        "Keep it: tie the price to the buyer's own numbers before any concession, and trade a concession "
        "only for something in return.",
    ),
    # -- next_step_date_owner: gap with missing [next_step] and no evidence, or the final next
    #    step's utterances with what they lack; met: the final next step's utterances
    Template(
        "next_step_date_owner",
        "gap",
        (),
        "The call ended without an agreed next step: no meeting, no action, no date.",
        "Replay the end of the call: propose a specific day and time and who does what by then, " + NEXT_STEP_CLOSE,
        missing=("next_step",),
    ),
    Template(
        "next_step_date_owner",
        "gap",
        ("next_step",),
        "The final next step ({who0} at {at0}: “{quote0}”) has an owner but no specific date or day.",
        "Replay the close at {at0}: name a specific day and time for the next step, " + NEXT_STEP_CLOSE,
        more=True,
        missing=("date",),
    ),
    Template(
        "next_step_date_owner",
        "gap",
        ("next_step",),
        "The final next step ({who0} at {at0}: “{quote0}”) has a date, but nobody committed to a specific action.",
        "Replay the close at {at0}: say who does what by that day, " + NEXT_STEP_CLOSE,
        more=True,
        missing=("owner",),
    ),
    Template(
        "next_step_date_owner",
        "gap",
        ("next_step",),
        "The final next step ({who0} at {at0}: “{quote0}”) has no specific date and no owner.",
        "Replay the close at {at0}: propose a specific day and time and who does what by then, " + NEXT_STEP_CLOSE,
        more=True,
        missing=("date", "owner"),
    ),
    Template(
        "next_step_date_owner",
        "met",
        ("next_step",),
        "The call closed on a next step with a date and an owner ({who0} at {at0}: “{quote0}”). Keep doing this.",
        "Keep it: close every call on a specific day and time and who does what by then.",
        more=True,
    ),
    # -- buying_committee_asked: gap, no evidence; met [the question]
    Template(
        "buying_committee_asked",
        "gap",
        (),
        "In this call you did not ask who else is involved in the decision, who signs off, or what the "
        "approval process is.",
        "Early in the next call, ask: who else is involved in this decision, and who signs off?",
    ),
    Template(
        "buying_committee_asked",
        "met",
        ("committee_question",),
        "At {at0} {who0} asked who else decides or signs off (“{quote0}”). Keep doing this.",
        "Keep it: early in every call, ask who else is involved in the decision and who signs off.",
    ),
    # -- competitor_disparaged: gap [every disparaging line]; met [every differentiation, or
    #    every mention of a competitor when no differentiation was heard: they read alike]
    Template(
        "competitor_disparaged",
        "gap",
        ("disparagement",),
        "At {at0} {who0} spoke badly of a competitor (“{quote0}”) instead of differentiating on this buyer's facts.",
        "Replay the moment at {at0}: acknowledge the competitor and name one difference that matters to this "
        "buyer, in the buyer's own facts.",
        more=True,
    ),
    Template(
        "competitor_disparaged",
        "met",
        ("competitor_talk",),
        "Competitors came up ({who0} at {at0}: “{quote0}”) and you did not speak badly of them. "
        "Keep differentiating on this buyer's facts.",
        "Keep it: when a competitor comes up, name one difference that matters to this buyer.",
        more=True,
    ),
    # -- urgency_before_solution: gap [the product presented]; met [urgency, the product presented]
    Template(
        "urgency_before_solution",
        "gap",
        ("solution",),
        "At {at0} {who0} presented the product as the answer (“{quote0}”) with no urgency on the table yet: "
        "nothing on why now, what the problem costs them or what deadline drives it.",
        "Replay the moment at {at0}: before presenting the product, ask why now: what the problem costs "
        "them, and what deadline drives it.",
    ),
    Template(
        "urgency_before_solution",
        "met",
        ("urgency_statement", "solution"),
        "At {at0} {who0} said why this matters now (“{quote0}”) before {who1} presented the product at {at1}. "
        "Keep doing this.",
        "Keep it: before presenting the product, get why now on the table.",
    ),
    # -- roi_in_buyer_numbers: gap [the buyer's numbers]; met [the buyer's numbers, the return]
    Template(
        "roi_in_buyer_numbers",
        "gap",
        ("buyer_metric",),
        "At {at0} {who0} gave numbers about their own business (“{quote0}”), and you did not turn them into "
        "a return or a cost for them.",
        "Replay the moment at {at0}: turn those numbers into a return or a cost for this buyer (for example "
        "hours a year at their rate) and set it against the price.",
    ),
    Template(
        "roi_in_buyer_numbers",
        "met",
        ("buyer_metric", "return"),
        "At {at0} {who0} gave numbers about their own business (“{quote0}”), and at {at1} {who1} turned them "
        "into a return for them (“{quote1}”). Keep doing this.",
        "Keep it: whenever the buyer gives a number, turn it into a return or a cost in their own terms.",
    ),
    # -- price_held_under_pushback: [the first pushback, the first utterance of the reply]; met
    #    with [the pushback] alone when nobody answered it
    Template(
        "price_held_under_pushback",
        "gap",
        ("price_pushback", "conceding_reply"),
        "At {at0} {who0} pushed back on price (“{quote0}”), and {whose1} reply from {at1} (“{quote1}”) "
        "offered a concession instead of holding the price.",
        "Replay the pushback at {at0}: answer with a question or with the value in the buyer's own numbers, "
        "and hold the price in that reply.",
    ),
    Template(
        "price_held_under_pushback",
        "met",
        ("price_pushback", "held_reply"),
        "At {at0} {who0} pushed back on price (“{quote0}”), and {whose1} reply at {at1} held the price "
        "(“{quote1}”). Keep doing this.",
        "Keep answering the way you did at {at1}: a question or the value, never a concession.",
    ),
    Template(
        "price_held_under_pushback",
        "met",
        ("price_pushback",),
        "At {at0} {who0} pushed back on price (“{quote0}”), and no concession came in reply. Keep holding the price.",
        "Keep it: when the price is questioned, answer with a question or the value, never a concession.",
    ),
    # -- executive_next_step: gap [a run's first technical utterance], or the final next step
    #    without a date (missing [date]), or none (missing [next_step]); met [executive, next step...]
    Template(
        "executive_next_step",
        "gap",
        ("technical_run",),
        "With an executive in the call, at {at0} {who0} went into a run of technical detail (“{quote0}”) "
        "with no question to the buyer.",
        "Replay the moment at {at0}: keep to the executive's outcomes, and after one technical point ask them "
        "a question instead of adding another.",
        missing=(),
        since_version=2,
    ),
    Template(
        "executive_next_step",
        "gap",
        ("next_step",),
        "With an executive in the call, the final next step ({who0} at {at0}: “{quote0}”) had no specific date.",
        "Replay the close at {at0}: propose a specific day and time to the executive, and get them to confirm "
        "it out loud.",
        more=True,
        missing=("date",),
    ),
    Template(
        "executive_next_step",
        "gap",
        (),
        "With an executive in the call, the call ended without a next step.",
        "Replay the end of the call: propose to the executive a specific day and time and who does what by then.",
        missing=("next_step",),
    ),
    Template(
        "executive_next_step",
        "met",
        ("executive_intro", "next_step"),
        "An executive took part (at {at0}: “{quote0}”), you kept to their level, and the call closed on a dated "
        "next step at {at1}. Keep doing this.",
        "Keep it: with an executive, stay on their outcomes and close on a dated next step.",
        more=True,
    ),
)

# A behaviour with no template for its shape (a new rules file, an older detector's shape): the
# evidence quoted as it is, and a sentence the manager completes.
FALLBACK_WITH_MOMENT = {
    "gap": "{Behaviour} was a gap here ({who0} at {at0}: “{quote0}”).",
    "met": "{Behaviour} was met here ({who0} at {at0}: “{quote0}”). Keep doing this.",
}
FALLBACK = {
    "gap": "{Behaviour} was a gap in this call.",
    "met": "{Behaviour} was met in this call. Keep doing this.",
}
FALLBACK_PRACTICE_WITH_MOMENT = "Replay what {who0} said at {at0}: when …, do … instead of …"
FALLBACK_PRACTICE = "When …, do … instead of …"
