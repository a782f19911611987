"""The buyer's answer to an urgency question: the impact put in figures is the urgency.

Asked why now or what happens if nothing changes, buyers often answer with what it costs them
("we pay late penalties, two percent of the boat a week", "returns run at thirty-one percent and
January doubles them"). The classifier hears such a turn as a buyer metric and reads urgency in it
only faintly. What decides is where it stands: the buyer's first turn after the rep's urgency
question answers it, and an answer that puts the problem in figures states its impact. There a
faint reading of urgency counts; an answer without figures ("just show me the thing") stays as read.
The figures are those the classifier hears as a buyer metric, or any the spaCy pass finds as money,
a count or a share ("we paid thirty-eight thousand in demurrage last quarter", "orders went from
about forty a month to a hundred and sixty"), where the classifier hears no metric in a story; a
bare "one" ("one of the video sites") is a pronoun more often than a figure, and counts no problem.
Asked why now, an answer that names a point in the calendar ("Maureen retires in March", "before
Easter": the cue of `urgency_statement/cue-deadline`) gives the deadline, in figures or not.
Asked what happens if nothing changes, an answer that says what rides on it (a loss, someone pressing
them, someone they rely on giving the work up: "Callum's said he'll quit, and without him there's no
racing": the cue `urgency_stakes`) states the impact, however faintly urgency is heard in it; one that
also counts something is left to the readings of figures above, which a count said in passing ("one
of the video sites") would otherwise turn into the buyer's numbers.

Unasked, buyers volunteer the deadline with what rides on it ("from April they want the orders over
EDI or they'll drop us", "we have to have something live by new year or we're back on the
spreadsheet"): a point in the calendar and, in the same turn, what happens otherwise, a loss, or
someone pressing them (the cue `urgency_stakes`); what customers want at a busy time ("everyone
wants their gutters done before Christmas") is no stakes. The classifier hears such a turn only
faintly; a faint reading counts. A buyer who says they need the fix in place by then ("I need it
sorted before February", "it has to be running before the spring": the cue `urgency_needed_by`)
names the deadline that drives the purchase, however faintly urgency is heard in the turn, asked
or not; what they need by a day of the week ("I need the quote sorted by Friday") names no point in
the calendar and stays as read.

Asked clearly what rides on it, in the words of a question of the stakes (what comes of leaving things
as they are, what it costs them, what deadline: `urgency_question/what-happens-if`), an answer heard at all as urgency
tells it, in figures or not ("the council would take the allotments back off us"); a why-now
asks for no stakes, and an answer to it heard faintly ("just curious, show me the thing") stays as read.

A rep's turn that asks about the buyer's problem as clearly as that ("what happens if the spring
stock lands and you're still on paper?") presents no product: a pitch heard in it only faintly is
the question's own words about the problem, and is read as none, and so is a demo start the classifier
alone hears faintly there ("you've seen the brochure, so why are you looking now?").

A rep's turn that says what the product spares the buyer ("sent in two loads so you're not
storing the lot over winter", "the panels come pre cut so your fitters skip the measuring step": the cue
`product_benefit`), or what it gives them ("the lids are sealed at the bakery so you get a full week on
the shelf": the cue `product_gain`), heard at all as presenting the product (a pitch, a comparison or how it works,
together this much), presents it: a recap of the product in a negotiation or a follow-up is its pitch.
The same words after a favour ("I'll send it tonight so you're not waiting", "the first month free
so you're not paying twice") are heard as no product and stay as read.

The rep's return worked in the buyer's figures, heard clearly and said, not asked, with the product
heard in it as much as in a reply that answers the urgency ("so that's four grand a year in spoiled
trays, and with the chilled vans you'd keep nearly all of it"), sets what the product earns them
against what the problem costs: the product offered as the answer, a pitch. The cost of the problem
alone ("that's forty grand a year you can't bill"), heard as no product, a sum that ends in a
question, and a sum of the quote ("thirty-eight a month on the annual plan and the setup on top")
stay as read.

The rep's reply to the buyer's turn that clearly states the urgency answers it: a statement heard at
all as presenting the product ("we lose two weekends every spring to the backlog" - "So the plan
covers two visits before March and parts at cost", "the heads are cased in a film that breathes, so
nothing sweats on the lorry") offers the product as the answer, a pitch however faintly heard; a
question asked back ("and what does a lost weekend cost you?") is no answer, a turn heard as no
product stays as read, and so does a reply that holds the price or speaks of it, a fee or a discount
("that's what the price pays for: the rollout team and the help line", "the plan has the two visits
and I'll knock the callout fee off"), a turn after the buyer's nod, or one after a turn heard only
faintly as urgency ("we run twelve vans"): there the rep as often defends or recaps the deal.

A point in the calendar the buyer names ("the loan lands in May", "we open on the first of April"),
that the rep's reply at once takes as its premise, planning around a point in the calendar or taking it
as exactly what the product answers ("Then let's have it ready for May", "Then that's exactly the job the
survey does": the cue `urgency_taken_up`), is the deadline both plan around, however faintly urgency
is heard in the turn; a date the reply does not build on, a reply that only moves on ("Then let me
get the screen up"), or one that takes up a turn with no point in the calendar ("it's just me on
Tuesdays" - "Then let's plan round that in March"), stays as read.

The rep drawing out again what the buyer told them before, once the buyer has spoken ("when we spoke in
March you mentioned the frost damage hurt most", "the hygiene visit is this spring, from your note?":
the cue `urgency_recalled`), in a turn that presents no product, asks what is at stake: the buyer's
next turn, naming a point in the calendar to the day or what rides on it (the cues above), answers it
as it would a why-now, however faintly urgency is heard in it. A count confirmed ("still three vans,
yes") answers no question of urgency, and a recall in the greeting asks after the call. Asked as a
question, such a recall shows nothing either: a demo start the classifier alone hears faintly in it
is read as none.

An answer that tells what the buyer pays now or has set aside (a sum of money, the cue
`budget_answer`, heard at least as much as a budget as a figure of their business, and not clearly
as one: "what does the rota app cost you?" - "Shiftly, ninety-five a month since they raised it in
June") tells the budget: the month in it dates the spend and is no deadline, and its figure, where
urgency is not heard in it at all, is the spend, not what the problem costs them. Where urgency is
heard in it at least faintly, its figures still state the impact ("we pay the lads overtime for it,
some two hundred weekly"), and a sum heard clearly as a figure of the business ("we write off
roughly four hundred a week in spoilt stock") is no spend.

The buyer's first turn, answering the rep's greeting (heard as no act of the sale, and no urgency
question), is the opening. Small talk there, with no time in it (no date, nothing the spaCy pass
finds as one: "Christmas", "March", "days"), nothing riding on it, nothing needed by a time and no
figure of the business ("chaos, the tearoom has queues out the door"), states none, however the
classifier hears its tone.

A buyer who says, before any pitch, that there is no hurry on their side ("there's no hurry our end,
honestly", "not really, we're not in a rush, the fair's in April": the cue `urgency_denied`) has
told the rep there is no urgency: what their turns up to then were heard stating (a day the baths
open, the inspector who came round) is the calendar, no deadline that drives the purchase, held down
however surely it was heard and not raised by the readings above. A bare "no rush" while the rep's
screen loads is a courtesy, and a "no rush" after the pitch reaches back to nothing.

The other way round, a buyer's turn heard surely as pushing back on the price ("that's way past
what we'd set aside", "three hundred a month is a lot for a till"), unasked and with no point in the
calendar, nothing riding on it and no fix needed by a time, objects to the price: the urgency the
classifier hears faintly in its complaint is the complaint's own tone, held down.

A comparison that only sets out a rival's terms ("they bill by the headcount, which for your ninety
drivers adds up": the cue `rival_terms`), or the product's own price terms set against a vendor the buyer
described ("ours is one yearly price", marked with the same cue by the rivals pass), says how each side
charges and presents no product: it answers
no urgency as a pitch, and a buyer's "no hurry" before it is still before the pitch.

Pure: the transcript and its features in, the features with `urgency_statement` raised out.
"""

from __future__ import annotations

import re

from pipeline.analysis.features import reread
from pipeline.model import Transcript, UtteranceFeatures

QUESTION_ACT = "urgency_question"
PITCH_ACT = "solution_pitch"
# a pitch heard below this in a clear urgency question is the question's words, read as none
FAINT_PITCH = 0.5
# ... and so is a demo start the classifier alone hears below this there ("i know you've seen the
# brochure, why are you looking now?"): the question asks about the buyer, it shows nothing
DEMO_ACT = "demo_start"
FAINT_DEMO = 0.6
# what the product spares or gives the buyer (cues of rules/patterns), in a turn heard presenting the product
# this much (a pitch, a comparison and how it works, together), is a pitch read at BENEFIT_PITCH
BENEFIT_CUES = frozenset({"product_benefit", "product_gain"})
PRODUCT_READINGS = ("solution_pitch", "competitor_differentiation", "technical_detail")
# a comparison on price terms: a rival's set out ("they charge per seat": a cue of rules/patterns), or the product's
# own set against a vendor the buyer described (marked so by pipeline/analysis/rivals.py), says how each side
# charges, not what the product does: its reading of a comparison presents nothing
COMPARISON_ACT = "competitor_differentiation"
TERMS_CUE = "rival_terms"
HEARD_PRESENTING = 0.15
BENEFIT_PITCH = 0.5
# the rep's return worked in the buyer's figures, heard this clearly, said, not asked, and heard as
# presenting the product as much as a statement must to answer the urgency (HEARD_PRESENTING), sets
# what the product earns them against what the problem costs: the product offered as the answer (the
# cost of the problem alone, "that's forty grand a year", is heard as no product, and a sum of the
# quote, "thirty a month and the setup on top", adds up the price, not the return)
RETURN_ACT = "value_anchor"
RETURN_WORKED = 0.6
# the buyer's urgency stated this surely is answered by the rep's reply: a statement heard at all as
# presenting the product is the product offered as the answer, a pitch read at BENEFIT_PITCH
STATED = 0.5
# ... unless the reply holds the price (a cue of rules/patterns) or speaks of it: then it talks of what the
# price buys, as often to defend the price as to present the product
HELD_PRICE_CUE = "discount_refusal"
_PRICE_WORDS = re.compile(r"\b(?:price|prices|priced|discount|fee|fees)\b")
# ... and the quote the rep sums
_QUOTE_WORDS = re.compile(r"\b(?:quote|quoted|setup|set up fee|annual plan)\b")
STATEMENT_ACT = "urgency_statement"
METRIC_ACT = "buyer_metric"
# a sum of money in the buyer's answer (a cue of rules/patterns), heard at least as much as what they spend
# as a figure of their business, tells the budget: no answer to the question of urgency
SPEND_CUE = "budget_answer"
BUDGET_ACT = "budget_statement"
# what rides on a date: what happens otherwise, or what the buyer loses (a cue of rules/patterns)
STAKES_CUE = "urgency_stakes"
# the buyer needs the fix in place by a time (a cue of rules/patterns)
NEEDED_BY_CUE = "urgency_needed_by"
# the rep's reply takes the buyer's words as its premise ("Then let's...": a cue of rules/patterns)
TAKEN_UP_CUE = "urgency_taken_up"
# a price objection heard this surely, with none of the cues of urgency, holds a reading of urgency below
# RAISED down by PRICE_HELD
PUSHBACK_ACT = "price_pushback"
PUSHBACK_HEARD = 0.9
URGENCY_CUES = frozenset({STATEMENT_ACT, STAKES_CUE, NEEDED_BY_CUE})
PRICE_HELD = 0.5
# the rep checks a month the buyer gave before ("last time you said the lease is up in April, is that
# right?"): both cues of rules/patterns, in one turn
RECALLED_CUE = "urgency_recalled"
# the rep's opening heard this surely as no act of the sale is the greeting: the buyer's first turn answers it
SMALL_TALK_ACT = "other"
GREETING = 0.5
DATE_CHECK_CUES = frozenset({"urgency_date_check", RECALLED_CUE})
# ... and the buyer confirms it, saying yes first or naming the month back ("End of April, yes")
_CONFIRMED = re.compile(r"^\W*(?:yes|yeah|yep|yup|aye|right|correct|that's right|thats right|exactly)\b")
_DENIED = re.compile(r"^\W*(?:no|nope|not|actually)\b")
# the buyer says there is no hurry on their side (a cue of rules/patterns): before the rep first presents the
# product (a pitch heard this much, or a demo start, a comparison or how it works heard at PRESENTED), the
# urgency the buyer's turns were heard stating up to then is read at NO_URGENCY
DENIED_CUE = "urgency_denied"
PRESENTING_PITCH = 0.3
PRESENTED = 0.5
PRESENTING_ACTS = ("demo_start", "competitor_differentiation", "technical_detail")
NO_URGENCY = 0.0
# the rep's question is heard this surely
ASKED = 0.5
# the pattern of a question of the stakes: what comes of leaving things as they are, what it costs, what deadline
# (rules/patterns); asked clearly in its words, an answer heard at FAINT tells it ("why now?" asks for no stakes:
# "just curious, show me the thing" stays as read)
STAKES_QUESTION = "urgency_question/what-happens-if"
# the answer puts the problem in figures: a buyer metric heard this surely
IN_FIGURES = 0.5
# a faint reading of urgency from here counts, at RAISED, in such an answer
FAINT = 0.1
RAISED = 0.5
# asked this clearly, an answer heard this clearly in figures states the impact however faintly urgency
# is heard in it ("what does that cost you?" - "we turned away about thirty jobs last spring")
CLEARLY = 0.8
# the entities of a figure (features.quantity), and the words that are no figure of the problem
FIGURE_ENTITIES = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
NO_FIGURE = frozenset({"one"})
# a time the spaCy pass finds ("Christmas", "March", "days") is no small talk
DATE_ENTITY = "DATE"


def holds_figures(features: UtteranceFeatures) -> bool:
    """The turn holds a figure the spaCy pass found, other than a bare 'one'."""
    return any(label in FIGURE_ENTITIES and text.lower() not in NO_FIGURE for label, text in features.entities)


def answered_urgency(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    updated, denied = _denied_before_pitch(transcript, features)
    first_buyer = next((i for i, u in enumerate(transcript.utterances) if u.speaker == "buyer"), None)
    updated = _small_talk_held_down(transcript, updated, first_buyer)
    asked = False  # an urgency question waits for the buyer's answer
    recalled = False  # the rep drew out again what the buyer told them before
    asked_clearly = False
    stated = None  # the buyer's last turn stating urgency
    date_checked = False  # the rep checks a month the buyer gave before
    asked_stakes = False  # the rep asked clearly what rides on it
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        if utterance.speaker == "rep":
            if _deadline_taken_up(transcript, updated, index):
                # "the loan lands in May" - "Then let's have the cases logged before it": the point in
                # the calendar the rep plans around is the deadline that drives the purchase
                updated[index - 1] = reread(updated[index - 1], STATEMENT_ACT, RAISED, "+urgency:deadline-taken-up")
                stated = index - 1
            presenting = sum(_presents(current, act) for act in PRODUCT_READINGS)
            answers_urgency = (
                stated == index - 1
                and not current.question
                and (HELD_PRICE_CUE not in current.cues and not _PRICE_WORDS.search(utterance.text.lower()))
            )
            if answers_urgency and current.acts.get(PITCH_ACT, 0.0) < BENEFIT_PITCH and presenting >= HEARD_PRESENTING:
                # "we lose a week every spring to the backlog" - "So the plan covers two visits before
                # March and parts at cost": the product offered in answer to what the buyer said is at stake
                current = reread(current, PITCH_ACT, BENEFIT_PITCH, "+urgency:answers-the-urgency")
                updated[index] = current
            # a recall in the greeting, before the buyer has said a word, asks after the call
            opened = first_buyer is not None and first_buyer < index
            recalls = RECALLED_CUE in current.cues and presenting < HEARD_PRESENTING and opened
            if (
                (current.acts.get(QUESTION_ACT, 0.0) >= CLEARLY or (recalls and current.question))
                and 0.0 < current.acts.get(DEMO_ACT, 0.0) < FAINT_DEMO
                and current.act_sources.get(DEMO_ACT, "") == "classifier"
            ):
                current = reread(current, DEMO_ACT, 0.0, "+urgency:asked-not-shown")
                updated[index] = current
            if current.acts.get(QUESTION_ACT, 0.0) >= CLEARLY and 0.0 < current.acts.get(PITCH_ACT, 0.0) < FAINT_PITCH:
                updated[index] = reread(current, PITCH_ACT, 0.0, "+urgency:asked-not-pitched")
            elif (
                not current.question
                and current.acts.get(PITCH_ACT, 0.0) < BENEFIT_PITCH
                and current.acts.get(RETURN_ACT, 0.0) >= RETURN_WORKED
                and presenting >= HEARD_PRESENTING
                and not _sums_the_quote(utterance.text, current)
            ):
                # "so that's about four grand a year in spoiled trays, and with the chilled vans you'd keep
                # nearly all of it": the return in the buyer's figures is the product offered as the answer
                updated[index] = reread(current, PITCH_ACT, BENEFIT_PITCH, "+urgency:return-in-their-figures")
            elif (
                BENEFIT_CUES & current.cues
                and current.acts.get(PITCH_ACT, 0.0) < BENEFIT_PITCH
                and presenting >= HEARD_PRESENTING
            ):
                updated[index] = reread(current, PITCH_ACT, BENEFIT_PITCH, "+urgency:what-it-spares-you")
            # "when we spoke in March you mentioned the frost damage hurt most": the rep draws out again what the
            # buyer told them before, and the buyer's next turn, naming a day or what rides on it, answers it
            asked = asked or current.acts.get(QUESTION_ACT, 0.0) >= ASKED
            recalled = recalled or recalls
            date_checked = date_checked or DATE_CHECK_CUES <= current.cues
            asked_clearly = asked_clearly or current.acts.get(QUESTION_ACT, 0.0) >= CLEARLY
            asked_stakes = asked_stakes or (
                current.acts.get(QUESTION_ACT, 0.0) >= CLEARLY
                and STAKES_QUESTION in current.act_sources.get(QUESTION_ACT, "")
            )
            continue
        if utterance.speaker != "buyer":
            continue
        if index in denied:
            # the buyer said there is no hurry: this turn states no urgency, whatever it names
            asked = asked_clearly = asked_stakes = date_checked = recalled = False
            continue
        reading = current.acts.get(STATEMENT_ACT, 0.0)
        figures = current.acts.get(METRIC_ACT, 0.0)
        # "and what does the rota app cost you?" - "Shiftly, ninety-five a month since they raised it in
        # June": the answer tells what they pay, the budget; the month in it dates the spend,
        # and a figure heard as no urgency at all is the spend, not what the problem costs them
        spend = _tells_the_spend(current)
        if date_checked and reading < RAISED and _confirms(utterance.text, current):
            # "the contract with the old firm finishes in April, yeah?" - "End of April, yes": the
            # deadline the rep draws out again is on the table, however faintly urgency is heard in the answer
            updated[index] = reread(current, STATEMENT_ACT, RAISED, "+urgency:date-confirmed")
        elif reading < RAISED and {STATEMENT_ACT, NEEDED_BY_CUE} <= current.cues:
            updated[index] = reread(current, STATEMENT_ACT, RAISED, "+urgency:needed-by-a-date")
        elif FAINT <= reading < RAISED and {STATEMENT_ACT, STAKES_CUE} <= current.cues:
            updated[index] = reread(current, STATEMENT_ACT, RAISED, "+urgency:deadline-with-stakes")
        elif (
            (asked or (recalled and current.date == "specific"))
            and reading < RAISED
            and STATEMENT_ACT in current.cues
            and not spend
        ):
            updated[index] = reread(current, STATEMENT_ACT, RAISED, "+urgency:answer-with-deadline")
        elif reading < RAISED and STAKES_CUE in current.cues and ((asked and not current.quantity) or recalled):
            updated[index] = reread(current, STATEMENT_ACT, RAISED, "+urgency:answer-with-stakes")
        elif asked and FAINT <= reading < RAISED and (figures >= IN_FIGURES or holds_figures(current)):
            updated[index] = reread(current, STATEMENT_ACT, RAISED, "+urgency:answer-in-figures")
        elif asked_stakes and FAINT <= reading < RAISED and not spend:
            # "and if the spring comes with it all still on paper?" - "the council would take the allotments back
            # off us": asked clearly what rides on it, the answer heard at all as urgency tells it, in figures or not
            updated[index] = reread(current, STATEMENT_ACT, RAISED, "+urgency:stakes-told")
        elif asked_clearly and reading < FAINT and figures >= CLEARLY and not spend:
            updated[index] = reread(current, STATEMENT_ACT, RAISED, "+urgency:clear-answer-in-figures")
        elif (
            not asked
            and 0.0 < reading < RAISED
            and current.acts.get(PUSHBACK_ACT, 0.0) >= PUSHBACK_HEARD
            and not URGENCY_CUES & current.cues
        ):
            updated[index] = reread(current, STATEMENT_ACT, reading * PRICE_HELD, "-urgency:price-objection")
        if updated[index].acts.get(STATEMENT_ACT, 0.0) >= STATED:
            stated = index
        asked = asked_clearly = asked_stakes = date_checked = recalled = False
    return updated


def _small_talk_held_down(
    transcript: Transcript, features: list[UtteranceFeatures], first: int | None
) -> list[UtteranceFeatures]:
    """The features with the urgency of the buyer's first turn held down where it answers the rep's
    greeting (heard as no act of the sale, and no urgency question) with small talk: no time, nothing
    riding on it, nothing needed by a time and no figure of the business ("chaos, the tearoom has
    queues out the door"). `first`: the buyer's first turn."""
    if not first or transcript.utterances[first - 1].speaker != "rep":
        return features
    greeting, said = features[first - 1], features[first]
    if greeting.acts.get(SMALL_TALK_ACT, 0.0) < GREETING:
        return features
    reading = said.acts.get(STATEMENT_ACT, 0.0)
    updated = list(features)
    if not (
        greeting.acts.get(QUESTION_ACT, 0.0) >= ASKED
        or URGENCY_CUES & said.cues
        or said.acts.get(METRIC_ACT, 0.0) >= IN_FIGURES
        or holds_figures(said)
        or said.date is not None
        or any(label == DATE_ENTITY for label, _ in said.entities)
        or reading <= NO_URGENCY
    ):
        updated[first] = reread(said, STATEMENT_ACT, NO_URGENCY, "-urgency:small-talk")
    return updated


def _presents(features: UtteranceFeatures, act: str) -> float:
    """How surely the rep's turn presents the product by `act`: a comparison on price terms (a rival's, or
    the product's own set against them) presents none."""
    if act == COMPARISON_ACT and TERMS_CUE in features.cues:
        return 0.0
    return features.acts.get(act, 0.0)


def _tells_the_spend(features: UtteranceFeatures) -> bool:
    """Whether the buyer's turn names a sum of money (the cue `budget_answer`) heard at least as much as
    what they spend or have set aside as a figure of their business, and not clearly as one."""
    budget = features.acts.get(BUDGET_ACT, 0.0)
    figures = features.acts.get(METRIC_ACT, 0.0)
    return SPEND_CUE in features.cues and budget > 0.0 and budget >= figures and figures < IN_FIGURES


def _denied_before_pitch(
    transcript: Transcript, features: list[UtteranceFeatures]
) -> tuple[list[UtteranceFeatures], set[int]]:
    """The features with the urgency of the buyer's turns held down up to the last turn, before the rep
    first presents the product, in which the buyer says there is no hurry; and those turns."""
    last_denial = None
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        if utterance.speaker == "rep" and (
            current.acts.get(PITCH_ACT, 0.0) >= PRESENTING_PITCH
            or any(_presents(current, act) >= PRESENTED for act in PRESENTING_ACTS)
        ):
            break
        if utterance.speaker == "buyer" and DENIED_CUE in current.cues:
            last_denial = index
    updated = list(features)
    if last_denial is None:
        return updated, set()
    denied = {i for i in range(last_denial + 1) if transcript.utterances[i].speaker == "buyer"}
    for index in denied:
        if updated[index].acts.get(STATEMENT_ACT, 0.0) > NO_URGENCY:
            updated[index] = reread(updated[index], STATEMENT_ACT, NO_URGENCY, "-urgency:no-hurry-said")
    return updated, denied


def _confirms(text: str, features: UtteranceFeatures) -> bool:
    """Whether the buyer's answer to the rep's check of a month confirms it: yes said first, or the
    month named back (the cue of `urgency_statement/cue-deadline`), and no denial first."""
    said = text.lower()
    return not _DENIED.search(said) and (bool(_CONFIRMED.search(said)) or STATEMENT_ACT in features.cues)


def _sums_the_quote(text: str, features: UtteranceFeatures) -> bool:
    """Whether the rep's turn holds the price or sums the quote (a price difference set against the
    return, "eight blanks already beats the price difference", is the return)."""
    return HELD_PRICE_CUE in features.cues or bool(_QUOTE_WORDS.search(text.lower()))


def _deadline_taken_up(transcript: Transcript, features: list[UtteranceFeatures], index: int) -> bool:
    """Whether the rep's utterance at `index` takes as its premise the buyer's turn just before, one
    that names a point in the calendar (the cue of `urgency_statement/cue-deadline`) heard below RAISED."""
    if index == 0 or transcript.utterances[index - 1].speaker != "buyer":
        return False
    said = features[index - 1]
    return (
        TAKEN_UP_CUE in features[index].cues
        and STATEMENT_ACT in said.cues
        and said.acts.get(STATEMENT_ACT, 0.0) < RAISED
    )
