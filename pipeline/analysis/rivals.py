"""The rival in the conversation: veiled disparagement is said about a competitor already named.

Reps rarely call a rival "a mess". They insinuate: "look hard at how their support works once you've
signed", "ask them how many customers are still with them after a year". Alone, such a sentence
reads as faint disparagement to the classifier. Where it stands decides: a competitor was named a
few turns before (by either side), and the rep's utterance points back at it ("they", "their",
"them") or names it again ("Tintbook. Sure, if you enjoy...", "good luck reaching anyone at crew
ledger"). There a faint reading of disparagement, stronger than the readings of a fair comparison,
counts; in the rep's reply to a rival the buyer has just clearly named, a fainter one does. The other way round, a reading of disparagement weaker than the reading of a fair
comparison is a comparison, and a comparison made right after a faintly heard rival confirms that a
rival was named. A rival given its due before a comparison ("I won't knock them, they're fine for
single sites; for you the difference is...") is a fair comparison however sharp its words read, and so is
one given its due, then a contrast that turns to the buyer's own case ("QuayDesk is a decent system. It's
all by email, though, which is what tripped you up"). A
dig the patterns read (sarcasm, a saying, a question to put to the rival's customers) with no
comparison said as one is a dig however fair the classifier hears it, and a rival heard faintly in
that very dig is the rival it is about. A name the buyer just gave, said back in the rep's reply
(possessive or not: "Quillmark's perfect if you enjoy ringing a support line"), makes the reply about
that rival, and a reply that says it back in a comparison, however faint, confirms a rival heard
faintly ("We tried Tidyr for a bit" - "Tidyr's built around hotel rooms; for you..."), as does one
that says it back as the reply opens, in a transcript without capitals ("mount log yeah its good for
invoices what it doesnt do is..."); a clear comparison that says back a name of the buyer's turn
confirms a rival there however faintly it was heard. A reply in the words of a comparison ("what it
doesn't do is", "the difference is") to a turn heard naming a rival, or to one whose name it says
back, confirms that rival however faintly either was heard ("SpoolMate, for orders." - "SpoolMate's
fine for taking orders in. What it doesn't do is..."), as does the rival given its due by the name
the buyer gave ("I won't pile in on Keelhaul"); the rival granted its standing ("loads of people use
them, they're fine") is no dig however faintly the words read as one; a name with a capital inside
it is a name even as its sentence's first word, and so is one the call never writes in lower case, set off by
no comma, that a comparison says back opening a sentence ("Pelloway quoted, sure." - "... Pelloway's loggers
stop at the gate"). A dig the patterns read that the buyer's reply stands up for a rival against,
however faintly the rival is heard there ("good luck getting anyone on the phone over there" - "to be
fair, the reports on Tillpoint are slow"), is about that rival though none was heard before it, and
one in the rival's context is about it with no word pointing back ("scanix has had three owners"). A
rival the classifier alone hears in the rep's clear pitch, compared with nothing, is the rep's own
product named ("So here's where Tallyhop fits"): it opens no rival's context. A name the rep's reply
connects the product to ("We ring up through Tillbook." - "Sales sync to Tillbook every ten minutes")
is a system the product works with: that reply confirms no rival, however it reads, and a name the
buyer's turn gave that it says back is the buyer's own system ("What does it hook into? Our stock
lives in Binwise." - "There's a Binwise connector"), no rival however the classifier hears it. A dig
that says back a rival the buyer named a few turns before ("Didn't Crewbase send us a brochure?" -
... - "Crewbase, sure. Ask them who answers the phone on a Sunday"), or names one the buyer's reply
says back, is about that rival; a rival the buyer faintly named that the rep's reply gives its due,
with no dig ("The Kilnright one was cheaper." - "It is, and it's a good controller for small
kilns"), was a rival; a comparison that says back the word that opened the buyer's sentence confirms
it as a name ("Hollowell offered us a year free." - "Hollowell doesn't submit the claims"), as does
a clear comparison a few turns on that says back the first word of a name of capitalised words that
opened the buyer's sentence ("Quayside Tickets told us fifteen." - ... - "Quayside are decent"), and
one that says back two words of the buyer's in the possessive ("Extracta arms" - "Extracta's arms").
In a transcript with capitals, common words said back ("the awkward questions") are no name.
A call is about a rival only once one is established: a vendor the buyer names in words a pattern
reads, or names as the firm paid today in answer to the rep's question ("what are you paying now?" -
"about seventy a month to Ledgerly"), or names in answer to the rep's question what else they weighed
("did you try anybody else?" - "a friend swears by Quernbook"), or heard clearly in the buyer's words, one the rep's answer
confirms, or one the rep declines to speak of, or one the rep brings up first by name, granting its standing and comparing ("a lot of
bakeries use Crumbly; what it doesn't do is the rotas"); otherwise a turn only faintly heard as a rival
(the rep's greeting, the rep's own customer) names nobody.
A dig the patterns read, however late, in a call that named a rival clearly is about that rival.
A turn of the buyer's heard naming a rival, though not clearly, that the rep passes over (no rival spoken
of in the rep's turns either side, no question back about it: small talk, the buyer's own ledgers) names
nobody; a name the buyer gave that the rep brings back, however much later, to set the product against
("Pennyroll keep a tenth of each sale" - ... - "that's eight thousand yearly to Pennyroll; ours is ninety, flat"),
was a rival. In raw speech, with no capitals, a name is told by its place (the words after paying, using or
a vendor's "from", before a firm's doing, or opening the answer to the rep's question: "we pay pebble dash
ninety a month"), and said back written as one, often spelt a little differently ("pebbeldash doesnt split a
delivery"): set against the product, or acknowledged as the rep's reply opens, it is the rival.
What the rep says of a rival named before, that the buyer answers with a laugh, was a joke at its expense:
a dig, a question as much as a statement ("and do they still pick up the phone these days?" - "Ha. Now
and then."), however faintly the classifier hears one; a laugh the transcript writes down ("(laughs)") is one.
So is a question that asks which of the rival's habits it is, as one both sides know of ("was it the one where
your fees creep up?", "do they still have that thing where..."), however the buyer answers: the habit is taken
for granted. The rival such a joke or question is about may be one the rep put to the buyer as theirs a few
turns before ("you're on Kilnwise, aren't you?") or a vendor either side described ("the app you have today"):
the joke at its expense makes it a rival. So is a question that takes for granted that the rival never put a fault
right ("did they ever sort the double charging, or are you still...?", "have they fixed the export yet?"), about
the vendor the buyer's turn just before named, however faintly heard, or one the question names itself; and in raw
speech the name the buyer just gave by its place, said back as the rep's reply opens ("tillfox yeah..."), is the
rival a laugh at the reply is at.

Pure: the transcript and its features in, the features with `competitor_disparagement` raised out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher
from functools import cache

from pipeline.analysis.entities import DAY_AND_MONTH_NAMES
from pipeline.analysis.features import VETOED, reread
from pipeline.analysis.prices import CONCESSION_ACT, COUNTER_ACT
from pipeline.analysis.vendor_put import put_and_confirmed
from pipeline.model import Transcript, UtteranceFeatures

MENTION_ACT = "competitor_mention"
DISPARAGEMENT_ACT = "competitor_disparagement"
DIFFERENTIATION_ACT = "competitor_differentiation"
PITCH_ACT = "solution_pitch"
# the buyer standing up for a rival ("to be fair, ..."): the cue patterns `rival_defended/*` of
# rules/patterns/competitors.jsonl
DEFENDED_CUE = "rival_defended"
# the rep declines to speak of a rival ("I can't really speak to it"): the cue patterns
# `rival_declined/*` of rules/patterns/competitors.jsonl
DECLINED_CUE = "rival_declined"
# the rep says the firm the buyer just named is the rep's customer ("It is, they've been with us two
# seasons"): the cue patterns `rival_customer/*` of rules/patterns/competitors.jsonl
CUSTOMER_CUE = "rival_customer"
# the rep vouches for the rival in so many words ("no argument from me", "can't fault them"): the cue
# patterns `rival_vouched/*` of rules/patterns/competitors.jsonl
VOUCHED_CUE = "rival_vouched"
# the rep says the rival is widely used or does its job ("loads of people use them", "a few farms
# round you use it", "they do a solid job"): the cue patterns `rival_popular/*` of
# rules/patterns/competitors.jsonl
POPULAR_CUE = "rival_popular"
# the rep sends the buyer to the rival's own published word for a fact ("it's on their public price list"): the
# cue patterns `rival_published/*` of rules/patterns/competitors.jsonl
PUBLISHED_CUE = "rival_published"
# the rep says the buyer will meet a firm by its name ("you'll know Quillmark", "you'll have heard of
# Tabstack"): the cue patterns `rival_anticipated/*` of rules/patterns/competitors.jsonl
ANTICIPATED_CUE = "rival_anticipated"
# the rep's reply says the product connects to a named system ("sales sync to Tillbook"): the
# cue patterns `rival_integration/*` of rules/patterns/competitors.jsonl
INTEGRATION_CUE = "rival_integration"
# the rep says the product will read the records of the system the buyer just named and keeps ("we'd pull the
# stock numbers from it every night"): the cue patterns `rival_kept/*`; no dig, though it may still compare
KEPT_CUE = "rival_kept"
# the buyer describes a vendor rather than naming it ("the lot we had before", "the big Dutch one",
# "the one all the cafes use"): the cue patterns `rival_described/*` of rules/patterns/competitors.jsonl;
# the rep's reply that answers it as a rival, with a dig or a comparison, makes it one, named as clearly
# as by name (a description the rep does not answer as a rival, "the usual thing", names nobody)
DESCRIBED_CUE = "rival_described"
# ... and the buyer's own current firm or system described by its place as theirs ("our current supplier",
# "the stock app we're on now"), by the buyer or by the rep to the buyer ("your current people"): the rep's
# answer makes it a rival as it does a vendor described; the rep asking what it does well or what the buyer
# likes about it ("what did you value about them?": the cue patterns `rival_strengths/*`) answers it as one,
# fairly
STRENGTHS_CUE = "rival_strengths"
# ... and the rep's reply stating the product's own terms ("we don't charge per head", "it's one yearly
# price"): the cue patterns `own_terms/*` of rules/patterns/competitors.jsonl; set against a vendor the buyer just
# described, a comparison on terms, read at FAIR_COMPARISON (a backchannel of the rep's between, at most
# BACKCHANNEL_WORDS words, "mm", is no reply)
OWN_TERMS_CUE = "own_terms"
TERMS_CUE = "rival_terms"
BACKCHANNEL_WORDS = 2
# a competitor named this sure opens the rival's context for the next WINDOW utterances
MENTION_CONFIDENCE = 0.3
WINDOW = 6
# a reading of disparagement at least this sure, inside the rival's context, counts at RAISED
FAINT = 0.2
RAISED = 0.6
# a disparagement that reads less than a fair comparison is held down by this factor
HELD = 0.5
# before any rival came up, a reading of disparagement the classifier alone has from COUNTS (the
# behaviour's bar) to below UNPROMPTED, in words that name no rival, is held down by HELD
COUNTS = 0.5
UNPROMPTED = 0.8
# a comparison this sure, in the rival's context, confirms the rival: its mention counts this much
ANSWERED = 0.6
# ... when the buyer's mention was heard at least this much, and the rep's comparison at least this
# much, within ANSWER_WINDOW utterances
FAINT_MENTION = 0.2
COMPARISON = 0.35
ANSWER_WINDOW = 6
# in the rep's reply to a rival the buyer clearly named, a reading of disparagement from this
# faint counts (when it reads more as a dig than as a comparison)
CLEAR_MENTION = 0.8
REPLY_FAINT = 0.1
# the rep presenting the product names it: a rival the classifier alone hears in the rep's clear pitch,
# with no comparison said as one and none heard, is the rep's own product ("So here's where Tallyhop
# fits. Every order..."), read at OWN_PRODUCT, so it neither opens the rival's context nor makes the
# call about a rival
OWN_PITCH = 0.8
OWN_PRODUCT = 0.1
# the rep's own customer's case study, named by the veto pattern of rules/patterns/competitors.jsonl that
# holds a dig down where it is named: in that turn and the rep's next (only the buyer between: "I can show
# you a case study from a framer in Bath" - "Fine." - "So this is Halden Framers. They're a bit bigger than
# you"), a firm the classifier alone hears is that customer, read at OWN_PRODUCT, and no dig is about it,
# unless the buyer's turn between brings up a rival ("We use Leadline" - "Ah, Leadline. I'll say no more.")
CASE_STUDY = VETOED + "competitor_disparagement/veto-case-study"
# a comparison said as one: "the difference for you is", "where they'd differ for you is", "unlike
# them", "compared with", "what they don't have is", and the buyer's own case or ours set against the
# rival: "the thing for you is", "the part that matters for you", "for you, though", "ours is tempered
# twice", "they'd suit you better"
_COMPARES = re.compile(
    r"\b(difference|differs|differ|unlike|compared|comparison|versus|vs|whereas|than them|than they"
    r"|what (?:they|it) (?:don't|doesn't|dont|doesnt|can't|cant|won't|wont) (?:have|do)"
    r"|(?:thing|bit|part|issue|catch|gap|point) (?:that matters )?for you"
    r"|for you,? (?:though|the)|ours (?:is|are|does|has)|suit you better|better fit for you)\b"
)
# the rep grants the rival its due before a comparison: "I won't knock them", "they're fine for
# single sites", "Acme are a proper agency" (the cue patterns `competitor_differentiation/rival-*` of
# rules/patterns/competitors.jsonl); with a comparison said as one, the utterance is a fair
# comparison, read at FAIR_COMPARISON (below a behaviour's bar for a comparison with no rival named)
FAIR_COMPARISON = 0.7
# ... and so is the rival given its due, then the product pitched for the buyer this clearly, with no dig the
# patterns read
GRANTED_PITCH = 0.4
# the rival given its due and nothing else ("they're a decent outfit, honestly", "Acme are good people"):
# the mention handled without a dig, however the classifier hears the praise, unless a word turns it
# (a contrast, a condition, a catch: "they're great, if you like waiting", "they're fine, just slow")
_TURNS_PRAISE = re.compile(
    r"\b(?:but|though|however|if|unless|when|until|except|apart from|shame|pity|just|only|mind you|as long as"
    r"|till|once|mind|different story|provided|catch|trouble|problem|regret|reason|outgrow|for now|i suppose|i guess)\b"
)
# ... said in one statement: besides it, only questions and a few words ("Good people.", the name said
# back); a second statement after the due ("they're good at marketing, I'll give them that. The product's
# another story") is as often the dig the due was granted before
_STATEMENTS = re.compile(r"[^.!?]+[.!?]*")
FEW_WORDS = 3
# what ours does, said beside the rival's pointed back at ("theirs needs a signal, ours keeps it on the
# phone"), after the rival's due: the two set side by side
# (a plural "ours" takes its verb bare: "their crates are sturdy, ours come flat-packed")
_OURS_DOES = re.compile(
    r"\bours (?:[a-z]+s|(?:all |also |still |just )?(?:come|go|run|have|do|take|fit|last|arrive|ship|work|cut|hold|need|get)"
    r")\b"
)
# what the rival was made for: "they're built for hotels", "its made for single sites" (a fact about the
# rival, no word against it)
_MADE_FOR = re.compile(
    r"\b(?:it's|its|it is|they're|theyre|they are) (?:all )?(?:built|made|designed|set up) (?:for|around)\b"
)
# what the rival lacks, said plainly ("it doesn't know about a cut window", "they don't put the photo on
# the ticket", "the reporting isn't in their price"), with the buyer's own case in the same turn ("your
# greens", "the letter you showed me"): a comparison on the buyer's facts; a rival that won't answer or
# call back is no lack of the product
_LACKS = re.compile(
    r"\b(?:it|they) (?:doesn't|doesnt|don't|dont|can't|cant|won't|wont|isn't|aren't) "
    r"(?!(?:answer|pick|reply|call|ring|respond|return|get back|care|listen|bother|tell|help)\b)[a-z]+"
    # ... or what the rival's price leaves out: "the machine reporting isn't in their price"
    r"|\b(?:isn't|isnt|aren't|arent|not) (?:in|included in|part of) their (?:price|prices|quote|quotes|figure)\b"
    # ... or what the rival was made for, which is not the buyer's case (see _MADE_FOR)
    r"|" + _MADE_FOR.pattern
)
# the product and the rival set side by side, after the rival is given its due ("I won't knock them. What
# I'd say is we cut to a millimetre and they go to three", or with only a comma between: "we weigh by the
# crate, they weigh by the load"): a comparison in other words
# ... or what ours does that the rival's does not, pointed back at ("our portal works in Telugu, which theirs
# doesn't yet", "ours goes on the phone and theirs won't"): the product and the rival set side by side
_THEIRS_LACKS = re.compile(
    r"\b(?:which|that|and|but|where|while|whereas) theirs (?:still )?(?:doesn't|doesnt|does not|don't|dont|can't|cant"
    r"|won't|wont|isn't|isnt|hasn't|hasnt|haven't|havent)\b"
)
_SIDE_BY_SIDE = re.compile(r"\bwe (?!re\b)[a-z']+\b[^.?!]{0,40}?(?:,|\b(?:and|but|while|whereas)) they\b")
# ... or where the product is different, or where the rival falls short for the buyer, after its due
# ("they're quick to set up. Where we're different is support", "a tidy tool, fair play. What it misses
# for you is the Sunday shift"); what the rep can do for the buyer is an offer, no comparison
_DIFFERENT_FOR_YOU = re.compile(r"\b(?:(?:we're|were|we are|it's|its|it is) different|(?<!do )for you (?:is|are))\b")
_BUYERS_OWN = re.compile(r"\b(?:you|your|you've|you're|you'd|yours)\b")
# ... or a contrast after the rival's due that turns to the buyer's own case ("QuayDesk is a decent
# system. It's all by email, though, which is what tripped you up", "they're solid, but on your sizes
# they'd still send you back to pricing by hand"); a contrast that turns to nobody's case ("but their
# drivers are something else") is as often a dig
_CONTRAST_FOR_YOU = re.compile(r"\b(?:though|however|but)\b.*\b(?:you|your|you've|you're|you'd|yours)\b")
# what the buyer said they need, set against what the rival offers ("theirs is the short ladder and you
# said you need the long one"); a "you" alone, or a need supposed ("if you want the vans late, they're a
# great choice"), is as often the sarcasm of a dig
_YOU_SAID = r"(?<!if )(?<!unless )\byou(?:'ve| have)? (?:said|told me|mentioned"
_BUYERS_NEED = re.compile(_YOU_SAID + r"|wanted|need|needed|were after|asked for)\b")
# ... said back as what the buyer told the rep earlier ("you mentioned the weekends are the problem"); a need
# supposed ("always down the day you need it") is as often the sting of a dig
_BUYER_SAID = re.compile(_YOU_SAID + r")\b")
# the rep asking what the buyer needs from whoever does the work ("what's missing for you with it?", "what
# matters most to you in one?", "what are you looking for from a supplier?"): a question back about the
# buyer, no dig however faintly its words read as one after a rival was named
_ASKS_THEIR_NEED = re.compile(
    r"\bwhat (?:would|do|did|will|does|are|were) (?:you|your [a-z]+) (?:need|want|expect|look for|be looking for|looking for"
    r"|like|most need|really need)\b"
    r"|\bwhat(?:'s| is| matters| counts)(?: most| more)? (?:important )?(?:to|for) you\b"
)
_WORDS = re.compile(r"[A-Za-z][\w'-]*")
# words a reply opens with before what it is about, and words that are no name
_OPENERS = frozenset(
    "oh yeah yes yep right ok okay so um uh well sure ah and the a i we you it that this to of for with "
    "on in at is are was our my your their they them our now".split()
) | frozenset(
    # ... and the words for anyone or anything, said back as often as a name ("so nobody types it in again?" -
    # "Nobody. You check it here", "so nothing off then" - "nothing off no but...")
    "nobody nothing none noone nowhere everyone everybody everything someone somebody something anyone anybody "
    "anything".split()
)
# a greeting said back as the reply opens ("yeah hi dev" - "hi there so about the quote") is no name
_GREETINGS = frozenset("hi hiya hello hey morning afternoon evening".split())
_ARTICLES = frozenset("a an the of".split())
# a modal verb is no name said back, whatever follows it: "can i see the parts i order" -
# "yeah you can um log the parts" says back no name
_MODALS = frozenset("can could will would shall should may might must".split())
HEAD_WORDS = 3
# a figure said back is the number talked about, no name: "the board won't like six twenty" - "i hear
# you, the six twenty covers the app and the texts", "we run nine of them" - "nine, ok"
_FIGURE_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
    "thousand thousands million grand k".split()
)


def _figure(word: str) -> bool:
    """Whether the word is a number said in words ("eighty", "forty-five")."""
    return all(part in _FIGURE_WORDS for part in word.split("-"))


# a name said back and acknowledged: "Tintbook. Sure", "tintbook yeah", "Tintbook, right"
_TOKENS = re.compile(r"[A-Za-z][\w'-]*|[.,;:!?]")
_ACKNOWLEDGES = frozenset("oh yeah yes yep right ok okay so um uh well sure ah huh hm hmm mm".split())
# a dig read by a pattern of rules/patterns/competitors.jsonl (sarcasm, a saying, a question to put
# to the rival's customers), which the classifier often reads as fair; a pattern marked
# `classifier_decides` (advice to check the rival: "what I'd check with them is...", which opens fair
# comparisons as often as insinuations) is a dig only as far as the classifier hears it
_PATTERN = "pattern:"
_DIG_PATTERN = _PATTERN + "competitor_disparagement/"
# (and as raw ASR writes them, with no apostrophe: "theyre cheap for a reason")
_POINTS_BACK = re.compile(r"\b(they|them|their|theirs|they're|they've|they'll|theyre|theyve|theyll)\b")
# ... and a vendor the buyer described, pointed back at as that one or that lot ("ah, that crowd", "oh man, that
# thing"), or
# as one of its kind ("some of these outfits", "a few firms like that")
_POINTS_BACK_DESCRIBED = re.compile(
    r"\b(they|them|their|theirs|they're|theyre|they've|theyve|they'll|that (?:one|lot|crowd|firm|outfit|place|thing)"
    r"|(?:these|those|them|such) (?:outfits|firms|companies|crowds)"
    r"|(?:outfits|firms|companies|ones|few) like (?:that|them|those))\b"
)
# a name's possessive is the name: "Hoistmate's proposal" names Hoistmate, "Quillmark's perfect if..."
_POSSESSIVE = re.compile(r"['’]s$")
# a capitalised word inside a sentence is a name ("The other lot are Quillmark."), not a sentence's first
# word, unless a capital inside the word makes it one ("SpoolMate, for orders.")
_INNER_CAPITAL = re.compile(r"^[A-Z]?[a-z]+[A-Z]")
_SENTENCES = re.compile(r"[^.!?]+")
# ... and a month or a day is no name ("our contract starts in March" - "March is close")
_NOT_NAMES = frozenset("i i'm i'd i'll i've".split()) | DAY_AND_MONTH_NAMES
# in the rep's reply that says back a name of the buyer's faintly heard rival, a comparison this
# faint confirms the rival ("We tried Tidyr for a bit" - "Tidyr's built around hotel rooms...")
NAMED_BACK_COMPARISON = 0.2
# in the rep's reply that says back a name of the buyer's turn, a comparison this clear confirms
# that the turn named a rival however faintly it was heard ("how is that different from rent man
# pro" - "rent man pro is solid on the booking side but it doesnt do the cable")
CLEAR_COMPARISON = 0.6
# the rep's reply heard speaking of a rival this much takes up the rival the buyer's turn faintly named
# ("I had a look at Stallbook once." - "Yes, a few of our bakers came over from there.")
TAKEN_UP = 0.4
# a call is about a rival only once one is established (see `_rival_established`): the buyer's turn heard
# naming one this clearly, or a mention a pattern read or the rep's answer confirmed (a reading raised by
# this pass, named `+rivals:...`); otherwise no mention reads above UNESTABLISHED (below the bar of
# rules/behaviours/competitor_disparaged.yaml)
CLEARLY_NAMED = 0.6
# a "they" in the rep's turn that walks the buyer through the product on the screen points back at a rival
# only if the mention that opened the context was heard at least this sure or read by a pattern, or the call
# named a rival clearly before it: there "they" are as often the buyer's own people or customers using it
# ("Here they'd see their last order", "down here is where your puppeteers see which show they're on")
POINTED_AT = 0.5
_ON_SCREEN = re.compile(
    r"\b(?:here (?:they|you|is|it|we)|here's|(?:down|up|over|in|out) here|this is (?:the|your|a|an|where|how)"
    r"|on (?:the|my|your) screen|on the (?:left|right))\b"
)
UNESTABLISHED = 0.5
# the price pass's readings, this sure, of the buyer's counter price and the rep's concession that meets it
MATCHED = 0.5
_CONFIRMED = "+rivals:"
# a name the buyer gave that the rep's reply connects the product to: the buyer's own system, no rival
OWN_SYSTEM = "-rivals:buyers-own-system"


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _names(text: str, openers: bool = False) -> set[str]:
    """The capitalised words inside the sentences of `text` (possessive dropped): names; with `openers`,
    also a sentence's first word that opens a name of capitalised words (see `_opens_a_name`)."""
    names = set()
    for sentence in _SENTENCES.findall(text.replace("’", "'")):
        words = _WORDS.findall(sentence)
        for position, word in enumerate(words):
            bare = _bare(word)
            if position == 0 and not _INNER_CAPITAL.match(bare) and not (openers and _opens_a_name(words)):
                continue
            if word[0].isupper() and bare.lower() not in _OPENERS and bare.lower() not in _NOT_NAMES:
                names.add(bare)
    return names


def _opens_a_name(words: list[str]) -> bool:
    """Whether the sentence's first word is the first of a name of capitalised words ("Quayside
    Tickets told us fifteen."): the word after it is capitalised and no day, month or "I". Read only of a
    turn a few back that a later comparison comes back to: in the turn just before, a first word said
    back is as often a person who gave their full name ("Dana Reyes, head of ops." - "Hi Dana")."""
    return (
        len(words) > 1
        and words[0].lower() not in _OPENERS
        and words[1][0].isupper()
        and _bare(words[1]).lower() not in _OPENERS | _NOT_NAMES
    )


def _says_name_back(said_before: str, reply: str, openers: bool = False) -> bool:
    """Whether the reply says, capitalised, a name the buyer's turn gave ("...are Quillmark." -
    "Quillmark's perfect if..."); a word of a name said as a common word ("Meridian Travel" - "travel
    policy") is no name said back."""
    names = _names(said_before, openers)
    return bool(names) and bool(names & {_bare(w) for w in _WORDS.findall(reply.replace("’", "'"))})


def _says_opener_back(said_before: str, reply: str, written: frozenset[str] = frozenset()) -> bool:
    """Whether the reply capitalises inside a sentence of its own a word that opened a sentence of the
    buyer's turn, the one place a name there could not be told from any first word ("Donorbase
    offered us a free year." - "The thing is: Donorbase doesn't submit claims")."""
    # ... or opens a sentence of its own with it, a word the call never writes in lower case among the
    # `written` words (see `_capitalised_openers`)
    openers = set()
    for sentence in _SENTENCES.findall(said_before.replace("’", "'")):
        words = _WORDS.findall(sentence)
        if words and words[0][0].isupper() and words[0].lower() not in _OPENERS | _NOT_NAMES:
            openers.add(_bare(words[0]))
    return bool(openers & (_names(reply) | _capitalised_openers(reply, written)))


def _capitalised_openers(text: str, written: frozenset[str]) -> set[str]:
    """The words (possessive dropped) that open the sentences of `text`, not set off by a comma, that the call
    only ever writes capitalised (none of the `written` words in lower case): a name said back opening a
    sentence ("Pelloway quoted, sure." - "... Pelloway's loggers stop at the gate"), where a first word set off
    by a comma ("Honestly, ...") is none."""
    firsts = set()
    for sentence in _SENTENCES.findall(text.replace("’", "'")):
        match = _WORDS.search(sentence)
        if not match or not match.group()[0].isupper() or sentence[match.end() :].lstrip().startswith(","):
            continue
        bare = _bare(match.group())
        if bare.lower() not in written and bare.lower() not in _OPENERS | _NOT_NAMES | _ACKNOWLEDGES:
            firsts.add(bare)
    return firsts


def _echoes(said_before: str, reply: str, heard_naming: bool) -> bool:
    """Whether the rep says back a name the buyer just said: two words said together by the buyer
    among the first words of the reply ("oh yeah, music tracker, honestly..."), or anywhere in it
    when the buyer's turn was heard naming a rival ("good luck reaching anyone at crew ledger"), or
    one word of the buyer's said back on its own as the reply opens ("Tintbook. Sure, ...",
    "tintbook yeah ..."), the way a name is acknowledged; a word that opens a sentence about it
    ("Tintbook is a solid product") is no such echo."""
    if _echoes_two_words(said_before, reply, heard_naming):
        return True
    said = [w.lower() for w in _WORDS.findall(said_before.replace("’", "'"))]
    return _says_word_back(said, _TOKENS.findall(reply.lower()))


def _echoes_two_words(said_before: str, reply: str, heard_naming: bool) -> bool:
    """Whether the reply says back two words the buyer said together (see `_echoes`)."""
    # a word said in the possessive is the word ("Extracta arms" - "Extracta's arms are good at...")
    written = [_bare(w) for w in _WORDS.findall(said_before.replace("’", "'"))]
    # where the buyer's turn is written with capitals, a name said in it is one of them: two common
    # words said back ("I ask the annoying questions" - "Annoying questions are welcome") are no name
    capitals = any(character.isupper() for character in said_before)
    # ... said together, an article inside a name skipped ("rent a row", "house of hooves")
    content = [w for w in written if w.lower() not in _ARTICLES]
    pairs = {
        (a.lower(), b.lower())
        for a, b in [*zip(written, written[1:], strict=False), *zip(content, content[1:], strict=False)]
        if a.lower() not in _OPENERS
        and b.lower() not in _OPENERS
        and not _figure(a.lower())
        and not _figure(b.lower())
        and (not capitals or a[0].isupper() or b[0].isupper())
    }
    words = [_bare(w) for w in _WORDS.findall(reply.lower().replace("’", "'"))]
    head = [w for w in words if w not in _OPENERS][:HEAD_WORDS]
    # ... or written as one word, the way a transcript splits a name one time and not the next ("the
    # fern book people rang me" - "yeah fernbook um ...")
    # ... and its possessive written with no apostrophe, as raw ASR has it ("tune slot" - "tuneslots great")
    joined = {a + b for a, b in pairs}
    return bool(
        set(zip(head, head[1:], strict=False)) & pairs
        or joined & set(head)
        or (not capitals and joined & {word[:-1] for word in head if word.endswith("s")})
        or (heard_naming and set(zip(words, words[1:], strict=False)) & pairs)
    )


def _says_word_back(said: list[str], tokens: list[str]) -> bool:
    """Whether the reply's tokens open with one word of the buyer's said back on its own (see `_echoes`)."""
    first = next((i for i, token in enumerate(tokens) if token not in _OPENERS and token[0].isalpha()), None)
    if first is not None and tokens[first] in _GREETINGS:
        return False
    # a name the buyer said in the possessive is the name ("From Hoistmate's proposal" - "Hoistmate. Right.")
    # ... and a word said back after an article is a thing, no name ("about a tonne" - "A tonne. That's a lot")
    if (
        first is None
        or _figure(tokens[first])
        or tokens[first] in _MODALS
        or (first > 0 and tokens[first - 1] in _ARTICLES)
        or tokens[first] not in {*said, *(_bare(w) for w in said)}
    ):
        return False
    after = tokens[first + 1] if first + 1 < len(tokens) else "."
    return not after[0].isalpha() or after in _ACKNOWLEDGES


def _named_earlier(transcript: Transcript, buyer_turns: list[int], index: int) -> int | None:
    """The latest buyer utterance before the turn just answered, within ANSWER_WINDOW utterances,
    whose name (capitalised inside a sentence) the rep's utterance at `index` says back."""
    reply = transcript.utterances[index].text
    for turn in reversed(buyer_turns):
        if index - turn > ANSWER_WINDOW:
            break
        if turn < index - 1 and _says_name_back(transcript.utterances[turn].text, reply, openers=True):
            return turn
    return None


def _stated(text: str) -> str:
    """The text of `text` less its questions about the buyer: one that asks about "you" and points back at
    no rival ("what did the late loads cost you?"); a question about the rival ("what happens when their
    server goes down?") is said of it."""
    return " ".join(
        part
        for part in _STATEMENTS.findall(text)
        if not (part.rstrip().endswith("?") and _BUYERS_OWN.search(part) and not _POINTS_BACK.search(part))
    )


def _statements(text: str) -> int:
    """The statements of more than FEW_WORDS words in the text (a question is none)."""
    return sum(
        1
        for part in _STATEMENTS.findall(text)
        if not part.rstrip().endswith("?") and len(_WORDS.findall(part)) > FEW_WORDS
    )


def _lacks_for_the_buyer(text: str) -> bool:
    """Whether the utterance says what the rival lacks, set against the buyer's own case in the same turn
    ("they don't keep a log per van, and your insurer asks for one")."""
    text = text.lower().replace("’", "'")
    return bool(_LACKS.search(text) and _BUYERS_OWN.search(text))


def _fair_reading(features: UtteranceFeatures) -> float:
    """How much the utterance reads as a fair comparison: a differentiation, or (half as much) a
    pitch of the product ("they're good, but what you described is ... our planner is built for")."""
    return features.acts.get(DIFFERENTIATION_ACT, 0.0) + 0.5 * features.acts.get(PITCH_ACT, 0.0)


def _own_product(speaker: str, text: str, features: UtteranceFeatures) -> bool:
    """Whether the rival the classifier alone hears in the utterance, enough to open its context, is
    the rep's own product: said in the rep's clear pitch, with no comparison said as one or heard
    ("So this is where Tallyhop fits. Each courier sees their round", where "Tallyhop is fine for
    rounds; the difference for you is..." compares)."""
    text = text.lower().replace("’", "'")
    return (
        speaker == "rep"
        and features.acts.get(MENTION_ACT, 0.0) >= MENTION_CONFIDENCE
        and not features.act_sources.get(MENTION_ACT, "").startswith(_PATTERN)
        and features.acts.get(PITCH_ACT, 0.0) >= OWN_PITCH
        and features.acts.get(DIFFERENTIATION_ACT, 0.0) < COMPARISON
        and not _COMPARES.search(text)
    )


def rival_acts(
    transcript: Transcript, features: list[UtteranceFeatures], classifier_decides: frozenset[str] = frozenset()
) -> list[UtteranceFeatures]:
    """`classifier_decides`: the ids of the patterns whose reading the classifier decides (the
    patterns marked so in rules/patterns/*.jsonl)."""
    features = _described_rivals(transcript, features, classifier_decides)
    features = _paid_rivals(transcript, features)
    features = _weighed_rivals(transcript, features)
    features = put_and_confirmed(transcript, features, CLEAR_MENTION)
    updated = list(features)
    last_mention = None
    last_mention_sure = False  # that mention was heard at least POINTED_AT, or read by a pattern or confirmed
    last_faint = None  # the latest faintly heard rival (FAINT_MENTION and up)
    previous_buyer = ""
    buyer_said: frozenset[str] = frozenset()  # the words the buyer said so far (lower case)
    last_clear_buyer = None  # the latest buyer utterance that clearly named a rival
    last_named_buyer = None  # the latest buyer utterance heard naming or describing a rival (CLEARLY_NAMED)
    last_described = None  # the latest utterance, of either side, describing a vendor ("the app you have today")
    # the names the rep gave as the firm the buyer is on ("you're on Kilnwise, aren't you?"), with the turn
    vendor_put: dict[str, int] = {}
    turn_before = None  # the latest buyer utterance (the turn a rep turn answers)
    buyer_turns: list[int] = []  # the buyer's utterances so far
    # the names each buyer turn gives, read once per call (the spaCy entities they lean on do not change here)
    written = _written_words(transcript)
    names_of = cache(lambda turn: _buyers_names(transcript, features, turn, written))
    # ... and in a transcript without capitals, the names the buyer's turns gave by their place, by first letter
    raw_names: dict[str, dict[str, int]] = {}
    people = frozenset(u.speaker_name.lower() for u in transcript.utterances if u.speaker_name)
    previous_raw: frozenset[str] = frozenset()  # those of the latest buyer turn
    rep_first: dict[str, int] = {}  # each word the rep said, with the rep's first utterance that said it
    last_case_study = False  # the rep's latest utterance named a case study
    rival_before = False  # a rival was named clearly or confirmed earlier in the call
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        named_case_study = CASE_STUDY in current.act_sources.get(DISPARAGEMENT_ACT, "")
        case_study = utterance.speaker == "rep" and (named_case_study or last_case_study)
        if utterance.speaker == "rep":
            last_case_study = named_case_study
        elif current.acts.get(MENTION_ACT, 0.0) >= FAINT_MENTION:
            last_case_study = False  # the buyer brings up a rival after the case study
        # the rep's turn right after a buyer's turn: the reply that can say what the buyer's turn named
        answers_buyer = utterance.speaker == "rep" and index > 0 and transcript.utterances[index - 1].speaker == "buyer"
        if _own_product(utterance.speaker, utterance.text, current):
            current = reread(current, MENTION_ACT, OWN_PRODUCT, "-rivals:own-product")
            updated[index] = current
        elif (
            case_study
            and current.acts.get(MENTION_ACT, 0.0) > OWN_PRODUCT
            and not current.act_sources.get(MENTION_ACT, "").startswith(_PATTERN)
        ):
            current = reread(current, MENTION_ACT, OWN_PRODUCT, "-rivals:case-study")
            updated[index] = current
        if (
            answers_buyer
            and CUSTOMER_CUE in current.cues
            and updated[index - 1].acts.get(MENTION_ACT, 0.0) > OWN_PRODUCT
            and not updated[index - 1].act_sources.get(MENTION_ACT, "").startswith(_PATTERN)
        ):
            # "Is that Tumblefield? They're just up the valley." - "It is, they've been with us two
            # seasons": the firm the buyer named is the rep's customer, no rival
            updated[index - 1] = reread(updated[index - 1], MENTION_ACT, OWN_PRODUCT, "-rivals:reps-customer")
        if (
            answers_buyer
            and INTEGRATION_CUE in current.cues
            and _says_name_back(previous_buyer, utterance.text)
            and not _COMPARES.search(utterance.text.lower())
            and updated[index - 1].acts.get(MENTION_ACT, 0.0) > OWN_PRODUCT
            and not updated[index - 1].act_sources.get(MENTION_ACT, "").startswith(_PATTERN)
        ):
            # "What does it hook into? Our stock lives in Binwise." - "There's a Binwise connector":
            # the system the buyer named, that the reply connects the product to, is the buyer's own, no rival
            updated[index - 1] = reread(updated[index - 1], MENTION_ACT, OWN_PRODUCT, OWN_SYSTEM)
        if _brought_up_by_rep(utterance.speaker, utterance.text, current, buyer_said):
            # confirmed however clearly the classifier already heard it: the rep's words alone establish
            # no rival otherwise (see `_rival_established`)
            mention = max(ANSWERED, current.acts.get(MENTION_ACT, 0.0))
            current = reread(current, MENTION_ACT, mention, "+rivals:brought-up-by-rep")
            updated[index] = current
        if (
            answers_buyer
            and DECLINED_CUE in current.cues
            and _says_name_back(previous_buyer, utterance.text)
            and updated[index - 1].acts.get(MENTION_ACT, 0.0) < ANSWERED
        ):
            # "We used Pulpwise years back." - "I couldn't say what Pulpwise are like these days": the
            # firm the rep declines to speak of, by the name the buyer gave, was a rival
            updated[index - 1] = reread(updated[index - 1], MENTION_ACT, ANSWERED, "+rivals:declined-back")
        named = current.acts.get(MENTION_ACT, 0.0) >= MENTION_CONFIDENCE
        # without capitals, the name the buyer's turn gave by its place, written as one as the reply opens
        # ("till fox for the till" - "tillfocks yeah...")
        raw_name_back = answers_buyer and _opens_with_raw_name(previous_raw, utterance.text)
        # the rep says back a name the buyer just gave (the buyer's current provider), or said back raw: the
        # rival of this utterance, though no mention of one to open a context
        echoed = answers_buyer and (
            _echoes(previous_buyer, utterance.text, features[index - 1].acts.get(MENTION_ACT, 0.0) >= FAINT_MENTION)
            or raw_name_back
        )
        # the rep's reply says back a name the buyer's turn gave (capitalised inside a sentence)
        named_back = answers_buyer and _says_name_back(previous_buyer, utterance.text)
        # ... one that is nobody's on the call: a laugh at the rep's greeting to a buyer who just gave their own
        # name ("Warren Doyle, general manager." - "Good to meet you, Warren. I'll keep Kylie entertained." - "Ha.")
        # is at no rival
        other_named_back = named_back and bool(
            _names_of_others(transcript, index - 1)
            & {_bare(w) for w in _WORDS.findall(utterance.text.replace("’", "'"))}
        )
        in_context = last_mention is not None and index - last_mention <= WINDOW
        # the rep's turn right after the buyer clearly named a rival answers that rival
        replies_to_rival = (
            utterance.speaker == "rep" and last_clear_buyer is not None and last_clear_buyer == turn_before
        )
        disparagement = current.acts.get(DISPARAGEMENT_ACT, 0.0)
        fair = _fair_reading(current)
        text = utterance.text.lower().replace("’", "'")
        # a dig the patterns read, with no comparison said as one, is no fair comparison however the
        # classifier reads it ("if you like your engineer turning up a week late, that's their thing")
        dig_source = current.act_sources.get(DISPARAGEMENT_ACT, "")
        read_as_dig = _dig_read_by_pattern(current, classifier_decides) and not _COMPARES.search(text)
        faint_context = last_faint is not None and index - last_faint <= ANSWER_WINDOW
        # the rival named, faintly heard, in the dig itself ("the lads at crate hub, ask them how..."),
        # or a name the buyer just gave said back in it ("Quillmark's perfect if you enjoy ringing..."),
        # or the name of the buyer's faintly heard rival a few turns back ("didn't FlyBook pitch us?" -
        # "They did." - "FlyBook, sure. Ask them how many...")
        named_in_dig = read_as_dig and (
            current.acts.get(MENTION_ACT, 0.0) >= FAINT_MENTION
            or named_back
            or (utterance.speaker == "rep" and faint_context and _says_back_rival(transcript, last_faint, index))
        )
        # ... or a firm the rep's dig names itself, capitalised inside its sentence, though nobody brought it
        # up ("if Glazewise ring you, good luck getting anyone on the phone", "Honestly, Rotafix is fine if
        # you enjoy typing"): the dig is about that rival, and names it as clearly as a pattern would
        names_its_rival = utterance.speaker == "rep" and read_as_dig and not case_study and bool(_names(utterance.text))
        # ... or two words of the buyer's turn just before said back anywhere in the dig, as raw ASR spells a
        # name out ("we book through k l m" - "and how's k l m's helpdesk treating you lot")
        echoed_in_dig = read_as_dig and answers_buyer and _echoes_two_words(previous_buyer, utterance.text, True)
        named_in_dig = named_in_dig or names_its_rival or echoed_in_dig
        # a dig the patterns read that the buyer's reply stands up for a rival against, the rival
        # heard however faintly there ("good luck getting anyone on the phone over there" - "to be
        # fair, the reports on Tillpoint are slow"): the dig is about that rival, though none was
        # heard before it; a reply that names a rival without standing up for it brings it up anew
        # ... and so is one whose name the buyer's reply says back, heard as a rival ("people come
        # over from Stockroom; if you enjoy losing a week's data..." - "We've never used Stockroom")
        taken_as_rival = (
            read_as_dig
            and index + 1 < len(features)
            and transcript.utterances[index + 1].speaker == "buyer"
            and (
                DEFENDED_CUE in features[index + 1].cues
                or _says_name_back(utterance.text, transcript.utterances[index + 1].text)
            )
            and features[index + 1].acts.get(MENTION_ACT, 0.0) >= FAINT_MENTION
        )
        # the name of the buyer's faintly heard rival a few turns back said again, whatever reads the
        # dig ("ledger quoted me one seventy" - ... - "that's ledger all over, cheap and then the extras")
        # (a comparison said as one that names it is the rival compared, no dig)
        names_faint_rival = (
            utterance.speaker == "rep"
            and faint_context
            and not _COMPARES.search(text)
            and _says_back_rival(transcript, last_faint, index)
        )
        # the vendor described a few turns back by either side, and the firm the rep put to the buyer as
        # theirs a few turns back said again here (read only by a joke at its expense, below)
        described_near = last_described is not None and index - last_described <= WINDOW
        put_again = utterance.speaker == "rep" and _says_vendor_put(utterance.text, vendor_put, index)
        # raw speech writes no question mark: its questions are told by their words
        unpunctuated = not any(mark in utterance.text for mark in ".?!")
        # a question asking which of the rival's habits it is ("is Spoolwise still the one where...?")
        habit_asked = _HABIT_ASKED.search(text) if current.question or unpunctuated else None
        # a question taking for granted that the vendor never put a fault right ("did they ever fix their exports?"),
        # about the vendor the buyer just named, faintly heard or not (a name capitalised inside a sentence of the
        # buyer's turn just before, said back or not, one given there by its place in raw speech, or one heard a few
        # turns back), or about one the question names itself ("is Tallyco still running your rounds? Did they...");
        # a name said back counts in raw speech only: with capitals, words said back are as often the buyer's own
        # ("In theory.")
        echoed_raw = echoed and not any(character.isupper() for character in utterance.text)
        fault_asked = (
            utterance.speaker == "rep"
            and FAULT_CUE in current.cues
            and (
                faint_context
                or bool(_names(utterance.text))
                or echoed_raw
                or (answers_buyer and bool((names_of(index - 1) & _names(previous_buyer)) or previous_raw))
            )
        )
        # the dig names its rival however it was heard (by name, said back, or stood up for)
        rival_named = named or echoed or named_in_dig or taken_as_rival or names_faint_rival
        if (
            utterance.speaker == "rep"
            # as faint as a dig would count here: in the reply to a rival clearly named, fainter
            and disparagement >= (REPLY_FAINT if replies_to_rival else FAINT)
            and DIFFERENTIATION_ACT in current.cues
            and (
                _COMPARES.search(text)
                or _SIDE_BY_SIDE.search(text)
                or _DIFFERENT_FOR_YOU.search(text)
                or (_OURS_DOES.search(text) and _POINTS_BACK.search(text) and not read_as_dig)
                or (_THEIRS_LACKS.search(text) and not read_as_dig)
                # ... or then the product pitched for the buyer, a comparison in other words ("They're
                # solid if you weigh by the load. What you described is grading by the crate, and ours...")
                or (current.acts.get(PITCH_ACT, 0.0) >= GRANTED_PITCH and not read_as_dig)
                # ... or then a contrast that turns to the buyer's own case, in a rival's context, with no dig
                # the patterns read and none heard clearly (with no rival about, "they're good, but you..."
                # grants nobody anything)
                or (
                    _CONTRAST_FOR_YOU.search(text)
                    and (in_context or faint_context or rival_named)
                    and disparagement < RAISED
                    and not read_as_dig
                )
                # ... or then what the buyer said they need set against it, in a rival's context, with no
                # dig the patterns read and none heard clearly ("they're a decent outfit, but theirs is the
                # short ladder and you said you need the long one"; with no rival about, "they're good
                # questions" grants nobody anything)
                or (
                    _BUYERS_NEED.search(text)
                    and (in_context or faint_context or rival_named)
                    and disparagement < RAISED
                    and not read_as_dig
                )
            )
        ):
            # "I won't knock them, they're fine for single sites. For you the difference is...":
            # the rival given its due, then a comparison, is no dig however the words read
            current = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:granted-comparison")
            if current.acts.get(DIFFERENTIATION_ACT, 0.0) < FAIR_COMPARISON:
                current = reread(current, DIFFERENTIATION_ACT, FAIR_COMPARISON, "+rivals:granted-comparison")
            updated[index] = current
        elif utterance.speaker == "rep" and disparagement >= FAINT and fair > disparagement and not read_as_dig:
            # "ScaffPro is good for hire; for your deadline the difference is...": a comparison
            # that reads fairer than it reads as a dig is a comparison
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:fair-comparison")
        elif (
            utterance.speaker == "rep"
            and FAINT <= disparagement < RAISED
            and not read_as_dig
            and _lacks_for_the_buyer(text)
        ):
            # "They'll be cheaper. They don't print the photo on the ticket, and your auditor wants it
            # there": what the rival lacks, set against the buyer's own case, is a comparison
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:lacks-for-you")
        elif (
            utterance.speaker == "rep"
            and FAINT <= disparagement < RAISED
            and not read_as_dig
            and (in_context or faint_context or rival_named)
            and _BUYER_SAID.search(text)
        ):
            # "Does their plan cover the night shift? You told me the nights are the hard part": what the
            # rival offers set against what the buyer said they need is a comparison on the buyer's facts, with
            # no dig the patterns read, however faintly its words read as one
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:buyers-need")
        elif (
            utterance.speaker == "rep"
            and FAINT <= disparagement < RAISED
            and not read_as_dig
            and _COMPARES.search(text)
            and _DIFFERENT_FOR_YOU.search(text)
        ):
            # "On Hopwell, the difference for you is the lids. Theirs come from Ghent, so a week's wait in
            # your busy month": a comparison said as one and turned on the buyer's own case is a comparison,
            # however faintly its words read as a dig
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:difference-for-you")
        elif (
            utterance.speaker == "rep" and disparagement < RAISED and not read_as_dig and PUBLISHED_CUE in current.cues
        ):
            # "You have checked their per-certificate price?" - "It's on their public price list. I'll send you the
            # link": a fact about the rival sent to its own published word is no dig however its "their" points back
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:its-own-word")
        elif (
            utterance.speaker == "rep"
            and disparagement < RAISED
            and not read_as_dig
            and answers_buyer
            and _meets_a_quoted_price(updated, index)
        ):
            # "Rig Safe quoted us eight four" - "if they're at eight four I'll do eight two, so you're under them":
            # the rival's price matched or beaten is the mention handled, no dig however its "them" points back
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:price-matched")
        elif (
            utterance.speaker == "rep"
            and last_mention is None
            and not rival_named
            and COUNTS <= disparagement < UNPROMPTED
            and current.acts.get(MENTION_ACT, 0.0) < FAINT_MENTION
            and not dig_source.startswith(_PATTERN)
        ):
            # "I know renewal calls aren't anyone's favourite": before any rival came up, a reading of
            # disparagement the classifier alone has, in words that name no rival and say back no name, speaks
            # of nobody
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:no-rival-yet")
        elif (
            utterance.speaker == "rep"
            and FAINT <= disparagement < RAISED
            and DECLINED_CUE in current.cues
            and not read_as_dig
        ):
            # "I haven't seen their proposal, so I can't really speak to it": a word on the rival
            # declined, with no dig the patterns read, is no dig however faintly the words read as one
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:declined")
        elif (
            utterance.speaker == "rep"
            and disparagement < RAISED
            and POPULAR_CUE in current.cues
            and not dig_source.startswith(_DIG_PATTERN)
        ):
            # "BookStall, right. They do a solid job, I know a few depots on it": the rival granted its
            # standing, with no dig the patterns read (not even advice to check the rival: "I'd ask them
            # how many plants still use it"), is no dig however its "they" points back
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:rival-popular")
        elif (
            utterance.speaker == "rep"
            and (disparagement < RAISED or VOUCHED_CUE in current.cues)
            and DIFFERENTIATION_ACT in current.cues
            and not dig_source.startswith(_DIG_PATTERN)
            and not _TURNS_PRAISE.search(_stated(text))
            and _statements(text) <= 1
        ):
            # "Tallyfix, yeah, they're a decent outfit, honestly": the rival given its due with nothing
            # set against it is the mention handled fairly, no dig however its "they" points back, and
            # vouched for in so many words ("good people, no argument from me"), however clearly the
            # classifier hears one; a question after it asks about the buyer ("a sound firm, that. And
            # what did the late loads cost you?"), and turns nothing
            updated[index] = reread(current, DISPARAGEMENT_ACT, disparagement * HELD, "-rivals:only-praised")
        elif (
            utterance.speaker == "rep"
            and not case_study
            and not (current.question and not read_as_dig and _ASKS_THEIR_NEED.search(text))
            # ... nor is asking what the buyer's current one does well ("what did you love about it?")
            and not (STRENGTHS_CUE in current.cues and not read_as_dig)
            # ... nor the product reading the records of the system the buyer keeps ("stock master can stay, we'd
            # pull the stock numbers from it every night"), with no dig the patterns read
            and not (KEPT_CUE in current.cues and not read_as_dig)
            and (in_context or rival_named or (read_as_dig and rival_before))
            and (REPLY_FAINT if replies_to_rival else FAINT) <= disparagement < RAISED
            and (disparagement > fair or read_as_dig)
            # a dig the patterns read in the rival's context is about it with no word pointing back
            # ("hollin have changed hands twice since spring" after "we had them in on friday"),
            # and so is one the rep comes back with much later in a call that named a rival clearly
            # ("they came in under us" - ... - "half their deliveries turn up in bits")
            and (
                rival_named
                or (read_as_dig and (in_context or rival_before))
                # ... and a dig heard by the classifier alone is about a rival its "they" points back at, though
                # in a turn walking through the screen, only one heard surely enough ("Ouch. And the crew sheet,
                # down here, is where your puppeteers see which show they're on" after a faint reading of the
                # buyer's budget speaks of nobody)
                or (
                    _POINTS_BACK.search(utterance.text.lower())
                    and (rival_before or last_mention_sure or not _ON_SCREEN.search(text))
                )
            )
        ):
            updated[index] = reread(current, DISPARAGEMENT_ACT, RAISED, "+rivals:about-named-rival")
            if names_its_rival and current.acts.get(MENTION_ACT, 0.0) < ANSWERED:
                updated[index] = reread(updated[index], MENTION_ACT, ANSWERED, "+rivals:named-in-its-dig")
        elif (
            utterance.speaker == "rep"
            and not case_study
            and disparagement < RAISED
            and (
                _laughed_at(transcript, index)
                # ... or a question that takes one of the rival's habits for granted ("is Spoolwise still the one
                # where...?"), with no figure in it ("is that the one that's ninety a month?" asks what it costs)
                or (habit_asked and not _holds_a_sum(text))
                or fault_asked
            )
            # a rival the buyer named a few turns back, or one named in the turn itself (two common words said
            # back are no name); a rival read earlier in the call alone is too far off for a laugh to be at it
            and (
                (last_named_buyer is not None and index - last_named_buyer <= WINDOW)
                or named
                or other_named_back
                # ... or, in raw speech, the name the buyer's turn just before gave by its place, said back as the
                # reply opens ("we had till fox" - "tillfocks yeah..."; words said back that way, figures or the
                # buyer's own, are none: "four evenings" - "four evenings right...")
                or raw_name_back
                or names_faint_rival
                # ... or the vendor described a few turns back by either side ("the app you're on now"), or the
                # firm the rep put to the buyer as theirs a few turns back, said again here
                or described_near
                or put_again
                or fault_asked
            )
            and (
                fault_asked
                or named
                or other_named_back
                or raw_name_back
                or names_faint_rival
                or put_again
                or _POINTS_BACK_DESCRIBED.search(text)
                # ... or the habit asked of "that" or "it": the vendor just spoken of
                or (habit_asked and habit_asked.group(1) in ("they", "it", "that"))
            )
            and not _COMPARES.search(text)
            and STRENGTHS_CUE not in current.cues
            and not (current.question and _ASKS_THEIR_NEED.search(text))
        ):
            # "and do they still pick up the phone these days?" - "Ha. Now and then.": what the rep says of the
            # rival, that the buyer answers with a laugh, was a joke at the rival's expense, however faintly the
            # classifier hears a dig in it (a question as much as a statement)
            updated[index] = reread(current, DISPARAGEMENT_ACT, RAISED, "+rivals:laughed-at")
            if (described_near or put_again) and current.acts.get(MENTION_ACT, 0.0) < ANSWERED:
                # the vendor only described, or only put to the buyer by the rep, is a rival once the rep jokes
                # at its expense and the buyer laughs along or grants it
                updated[index] = reread(updated[index], MENTION_ACT, ANSWERED, "+rivals:laughed-at")
        if (
            answers_buyer
            and (named_back or echoed)
            and updated[index - 1].acts.get(MENTION_ACT, 0.0) < ANSWERED
            and _meets_a_quoted_price(updated, index)
        ):
            # the vendor whose price the buyer quoted, matched or beaten in the rep's reply ("Uniformly quoted
            # us eighty-four" - "If Uniformly is at eighty-four, I can match it"), said back by the reply however the
            # tagger took its name, was a rival ("the quote said a hundred" - "I can do ninety" names none)
            updated[index - 1] = reread(updated[index - 1], MENTION_ACT, ANSWERED, "+rivals:price-matched")
        comparison = current.acts.get(DIFFERENTIATION_ACT, 0.0)
        # "Does it talk to the till? We ring up through Tillbook." - "It does. Sales sync to Tillbook
        # every ten minutes": a name the reply connects the product to is a system it works with, no
        # rival, however much the answer reads as setting the product apart
        connects = utterance.speaker == "rep" and INTEGRATION_CUE in current.cues and not _COMPARES.search(text)
        if not connects:
            updated = _confirm_rivals(
                transcript, updated, features, index, last_faint if faint_context else None, named_back, echoed, written
            )
        earlier = _named_earlier(transcript, buyer_turns, index) if utterance.speaker == "rep" else None
        # the rep comes back to a name the buyer gave a few turns before, in a clear comparison
        # ("it's twice what Tallyroll costs us" - "I can take the setup off" - "Still twice" -
        # "Tallyroll's a fine tool. The difference for you is the lot tracking"), or giving the rival
        # its due in a fainter one ("StringStock tracks stock on a shelf, and it's good at that. It has
        # no build sheets"): that turn named a rival
        if (
            earlier is not None
            and not connects
            and (
                comparison >= CLEAR_COMPARISON
                or (DIFFERENTIATION_ACT in current.cues and comparison >= NAMED_BACK_COMPARISON)
            )
            and updated[earlier].acts.get(MENTION_ACT, 0.0) < ANSWERED
        ):
            updated[earlier] = reread(updated[earlier], MENTION_ACT, ANSWERED, "+rivals:named-back-later")
        set_against = _set_against_by_name(transcript, updated, buyer_turns, index, names_of) if not connects else None
        if set_against is None and utterance.speaker == "rep" and not connects:
            set_against = _set_against_raw(
                utterance.text, updated, _raw_names_said_back(utterance.text, raw_names, buyer_said, rep_first)
            )
        if utterance.speaker == "rep":
            for word in _WORDS.findall(utterance.text.lower().replace("’", "'")):
                rep_first.setdefault(_bare(word), index)
        if set_against is not None:
            updated[set_against] = reread(updated[set_against], MENTION_ACT, ANSWERED, "+rivals:set-against-by-name")
        if named:
            last_mention = index
            last_mention_sure = updated[index].acts.get(MENTION_ACT, 0.0) >= POINTED_AT or _clearly_a_rival(
                utterance.speaker, updated[index]
            )
        if _clearly_a_rival(utterance.speaker, updated[index]):
            rival_before = True
        if utterance.speaker == "buyer" and current.acts.get(MENTION_ACT, 0.0) >= CLEAR_MENTION:
            last_clear_buyer = index
        if DESCRIBED_CUE in current.cues:
            last_described = index
        if utterance.speaker == "rep":
            for name in _VENDOR_PUT.findall(utterance.text):
                vendor_put[_bare(name).lower()] = index
        if utterance.speaker == "buyer" and (
            current.acts.get(MENTION_ACT, 0.0) >= CLEARLY_NAMED or DESCRIBED_CUE in current.cues
        ):
            last_named_buyer = index
        if utterance.speaker == "buyer":
            # (the rep's reply that opens by saying back the words that opened the turn, acknowledged, takes them
            # for a name, asked for or not: raw speech often asks with no question's shape)
            previous_raw = _raw_names(utterance.text, people, answers_question=True)
            asked = index > 0 and transcript.utterances[index - 1].speaker == "rep" and features[index - 1].question
            for name in previous_raw if asked else _raw_names(utterance.text, people, answers_question=False):
                raw_names.setdefault(name[0], {})[name] = index
            turn_before = index
            buyer_turns.append(index)
            previous_buyer = utterance.text
            buyer_said = buyer_said | {_bare(word).lower() for word in _WORDS.findall(utterance.text.replace("’", "'"))}
        if utterance.speaker == "buyer" and current.acts.get(MENTION_ACT, 0.0) >= FAINT_MENTION:
            last_faint = index
        elif (
            utterance.speaker == "buyer"
            and last_faint is not None
            and _says_name_back(transcript.utterances[last_faint].text, utterance.text)
        ):
            # "the brochure Herpstock sent me" - ... - "Herpstock is forty-five": the buyer names the
            # faintly heard rival again, and a comparison after it answers that turn
            last_faint = index
    if not _rival_established(transcript, updated):
        # "it's kit from arbour valves", "Is Sol joining us?": a turn only faintly heard as a
        # rival, in a call where no vendor the buyer uses or weighs ever came up, names nobody
        updated = [
            reread(current, MENTION_ACT, UNESTABLISHED, "-rivals:none-established")
            if current.acts.get(MENTION_ACT, 0.0) > UNESTABLISHED
            else current
            for current in updated
        ]
    return updated


# the product's own terms set beside the rival's in the rep's turn: "ours is ninety, flat", "we're
# forty a month", "with us it's..."
_OURS = re.compile(r"\b(?:we're|we are|ours|with us|we charge)\b")
_DIGITS = re.compile(r"\d")
# what "they" lack, said plainly ("they don't split a delivery"): "it" in the rep's turn is as often the product
_THEY_LACK = re.compile(r"\b(?:they|they're|theyre) (?:don't|dont|can't|cant|won't|wont|aren't|never) [a-z]+")


def _meets_a_quoted_price(features: list[UtteranceFeatures], index: int) -> bool:
    """Whether the rep's turn at `index` concedes a price (the price pass's reading) in reply to the buyer's turn
    just before setting a price of their own against the product's (a vendor's quote, most often)."""
    return (
        features[index].acts.get(CONCESSION_ACT, 0.0) >= MATCHED
        and features[index - 1].acts.get(COUNTER_ACT, 0.0) >= MATCHED
    )


def _holds_a_figure(text: str) -> bool:
    """Whether the text says a number, in figures or in words ("a pound twenty", "twelve percent")."""
    return bool(_DIGITS.search(text)) or any(_figure(word) for word in _WORDS.findall(text.lower()))


def _holds_a_sum(text: str) -> bool:
    """As `_holds_a_figure`, "one" aside: "the one where..." is a thing pointed at, no figure."""
    return bool(_DIGITS.search(text)) or any(_figure(word) and word != "one" for word in _WORDS.findall(text.lower()))


def _written_words(transcript: Transcript) -> frozenset[str]:
    """Every word of the call as it is written (possessive dropped), once per call: a word never written in
    lower case there is one the call only ever writes capitalised."""
    return frozenset(_bare(word) for u in transcript.utterances for word in _WORDS.findall(u.text.replace("’", "'")))


def _buyers_names(
    transcript: Transcript, features: list[UtteranceFeatures], turn: int, written: frozenset[str]
) -> frozenset[str]:
    """The names the buyer's turn gives (see `_names`), with a sentence's first word that the call only ever
    writes capitalised (not in lower case among the `written` words: "Crateful. We've had it years", where
    the first word of a sentence could be any word); a person's name (someone on the call, or one the tagger
    reads as a person's) and a number are none."""
    text = transcript.utterances[turn].text.replace("’", "'")
    people = {u.speaker_name.lower() for u in transcript.utterances if u.speaker_name}
    persons = {
        word.lower() for label, said in features[turn].entities if label == PERSON_ENTITY for word in said.split()
    }
    firsts = set()
    for sentence in _SENTENCES.findall(text):
        words = _WORDS.findall(sentence)
        if words and words[0][0].isupper() and _bare(words[0]).lower() not in written:
            firsts.add(_bare(words[0]))
    return frozenset(
        name
        for name in _names(text) | firsts
        if name.lower() not in _OPENERS | _NOT_NAMES | _ACKNOWLEDGES | _GREETINGS | people | persons
        and not _figure(name.lower())
    )


def _set_against_by_name(
    transcript: Transcript,
    features: list[UtteranceFeatures],
    buyer_turns: list[int],
    index: int,
    names_of: Callable[[int], frozenset[str]],
) -> int | None:
    """The buyer's turn whose name the rep's turn at `index` says back while setting the product against what
    it names, however many turns before: what it lacks, was made for or charges, said by its name
    ("Crateful's made for single shops", "Crateful can't split a delivery"), what "they" lack ("they don't
    split a delivery") where the buyer named it inside a sentence, or the money that goes to it beside the
    product's own terms ("eight thousand yearly to Pennyroll; ours is ninety, flat"); a comparison said as one
    is read by the passes before, as clearly as they ask. A name the buyer gave, brought back to be set
    against the product, is a rival, though nobody called it one; the turn is returned where it was not yet
    read as one. `names_of` gives a buyer turn's names (`_buyers_names`), read once per call."""
    utterance = transcript.utterances[index]
    if utterance.speaker != "rep" or not any(character.isupper() for character in utterance.text):
        return None
    text = utterance.text.replace("’", "'")
    said = {_bare(word) for word in _WORDS.findall(text)}
    for turn in reversed(buyer_turns):
        if not _open_to_confirm(features[turn]):
            continue
        names = names_of(turn) & said
        # ... "they" lacking counts for a name inside the buyer's sentence (a sentence's first word, as
        # "Honestly, ...", is set against the product only by its name)
        if names and _sets_against(text, names, bool(names & _names(transcript.utterances[turn].text))):
            return turn
    return None


def _open_to_confirm(features: UtteranceFeatures) -> bool:
    """Whether the buyer's turn is not yet read as naming a rival, nor taken for the buyer's own system that
    the product connects to (no rival)."""
    return features.acts.get(MENTION_ACT, 0.0) < ANSWERED and OWN_SYSTEM not in features.act_sources.get(
        MENTION_ACT, ""
    )


def _sets_against(text: str, names: set[str] | frozenset[str], they_count: bool) -> bool:
    """Whether the rep's turn sets the product against what `names` (as the turn says them) name: what it
    lacks, was made for or charges, said by its name ("Crateful's made for single shops", "crateful doesnt
    split a delivery"), the product said to be not like it, the money that goes to it beside the product's
    own terms ("eight thousand yearly to Pennyroll; ours is ninety, flat") or beside what it lacks for the
    buyer ("the ninety on tillfox, it doesn't do the rota you told me about"), or, with `they_count`, what
    "they" lack ("they don't split a delivery"); a comparison said as one is read by the passes before, as
    clearly as they ask."""
    lowered = text.lower()
    by_name = "|".join(re.escape(name.lower()) for name in names)
    lacks = re.search(
        rf"\b(?:{by_name})(?:'s| is| are)? (?:can't|cant|cannot|doesn't|doesnt|don't|dont|won't|wont|isn't|isnt"
        rf"|never|built|made|designed|charges?|takes?)\b",
        lowered,
    )
    # ... or the money that goes to it (a yearly sum to Pennyroll)
    paid_to = re.search(rf"\b(?:to|through|with|from|on) (?:{by_name})\b", lowered)
    return bool(
        lacks
        or re.search(rf"\b(?:not like|unlike) (?:{by_name})\b", lowered)
        or (paid_to and (_OURS.search(lowered) or _lacks_for_the_buyer(text)) and _holds_a_figure(text))
        or (they_count and _THEY_LACK.search(lowered))
    )


# In a transcript without capitals a name is written as common words, and one the buyer says is told by its
# place: the words said right after paying, using, trying or a vendor's "from" ("we pay tally pot about
# ninety", "i had brook lane send one over"), right before a firm's doing ("the fern dock people sent
# theirs", "crate hub quoted"), or opening the buyer's answer to the rep's question ("what runs the till?" -
# "till fox for the till"). Two such words, written as one by the rep, are said back as the name, and the
# transcript often spells it a little differently each time ("tally pot" - "tallypott"): a word of the rep's
# that the buyer never said whole, of at least RAW_NAME_LENGTH letters, opening with the same letter, about as
# long (RAW_NAME_SPREAD letters either way) and this alike (difflib's ratio) says it back.
_RAW_NAME_BEFORE = frozenset("pay pays paying paid use uses using used try tried trying from with through had".split())
_RAW_NAME_AFTER = frozenset(
    "people lot lads guys crowd quoted quote sent send said charge charges offered came".split()
)
_RAW_NOT_NAMES = (
    _OPENERS
    | _ACKNOWLEDGES
    | _NOT_NAMES
    | frozenset(
        "he she him her his its it's me us them they he's she's we're they're there here not no just about like "
        "um uh er erm also too as then than".split()
    )
)
RAW_NAME_LENGTH = 6
RAW_NAME_SPREAD = 2
RAW_NAME_ALIKE = 0.75


def _raw_names(text: str, people: frozenset[str], answers_question: bool) -> frozenset[str]:
    """The names the buyer's turn `text`, written without capitals, gives by their place (see above), each
    written as one word; someone on the call (`people`, their names in lower case), a figure or a common word
    of speech is none."""
    text = text.replace("’", "'")
    if any(character.isupper() for character in text):
        return frozenset()
    words = [_bare(word) for word in _WORDS.findall(text)]
    names = set()
    for position in range(len(words) - 1):
        first, second = words[position], words[position + 1]
        if any(word in _RAW_NOT_NAMES or word in people or _figure(word) for word in (first, second)):
            continue
        before = words[position - 1] if position else ""
        after = words[position + 2] if position + 2 < len(words) else ""
        if before in _RAW_NAME_BEFORE or after in _RAW_NAME_AFTER or (position == 0 and answers_question):
            names.add(first + second)
    return frozenset(name for name in names if len(name) >= RAW_NAME_LENGTH)


def _set_against_raw(text: str, features: list[UtteranceFeatures], said_back: dict[str, int]) -> int | None:
    """The buyer's turn whose name, given by its place in a transcript without capitals, the rep's turn says
    back (`said_back`, see `_raw_names_said_back`) while setting the product against it (see `_sets_against`),
    where that turn was not yet read as naming a rival."""
    for word, turn in sorted(said_back.items(), key=lambda item: -item[1]):
        if _open_to_confirm(features[turn]) and _sets_against(text, {word}, they_count=False):
            return turn
    return None


def _opens_with_raw_name(names: frozenset[str], reply: str) -> bool:
    """Whether the rep's reply, written without capitals, opens with one of the `names` the buyer's turn just
    gave by their place (see `_raw_names`), acknowledged as a name is ("tillfocks yeah", "tillfocks right")."""
    if not names or any(character.isupper() for character in reply):
        return False
    tokens = [_bare(token) for token in _TOKENS.findall(reply.lower().replace("’", "'"))]
    first = next((i for i, token in enumerate(tokens) if token not in _OPENERS and token[0].isalpha()), None)
    if first is None:
        return False
    after = tokens[first + 1] if first + 1 < len(tokens) else "."
    return any(_sounds_like(name, tokens[first]) for name in names) and (
        not after[0].isalpha() or after in _ACKNOWLEDGES
    )


def _sounds_like(name: str, word: str) -> bool:
    """Whether the rep's word says back the buyer's name written as one (see `_raw_names`)."""
    return (
        len(word) >= RAW_NAME_LENGTH
        and word[0] == name[0]
        and abs(len(word) - len(name)) <= RAW_NAME_SPREAD
        and SequenceMatcher(None, name, word).ratio() >= RAW_NAME_ALIKE
    )


def _raw_names_said_back(
    text: str, raw_names: dict[str, dict[str, int]], buyer_said: frozenset[str], rep_first: dict[str, int]
) -> dict[str, int]:
    """The words of the rep's turn, written without capitals, that say back a name a buyer's turn gave (see
    `_raw_names`), each with that turn; `raw_names` holds the names given so far by their first letter. A word
    the rep said before the buyer gave the name (`rep_first`: the rep's first utterance saying each word) is the
    rep's own product or firm ("its ben from pebbeldash" - ... - "we had pebble dash send a quote"), no rival."""
    if any(character.isupper() for character in text):
        return {}
    found = {}
    for word in {_bare(word) for word in _WORDS.findall(text.replace("’", "'"))}:
        if word in buyer_said or not word:
            continue
        for name, turn in raw_names.get(word[0], {}).items():
            if rep_first.get(word, turn) < turn:
                continue
            if _sounds_like(name, word) or (word.endswith("s") and _sounds_like(name, word[:-1])):
                found[word] = turn
    return found


# the buyer's reply opens with a laugh: "Ha.", "haha", "ha ha right"
# (a transcript may write the laugh down as what happened: "(laughs) It's been fine")
_LAUGH = re.compile(r"^\W*(?:ha|haha|hah|ha ha|hahaha|heh|laughs|laughing)\b")


def _laughed_at(transcript: Transcript, index: int) -> bool:
    """Whether the buyer's turn right after the utterance at `index` opens with a laugh."""
    utterances = transcript.utterances
    return (
        index + 1 < len(utterances)
        and utterances[index + 1].speaker == "buyer"
        and bool(_LAUGH.search(utterances[index + 1].text.lower()))
    )


# a question that asks which of the rival's habits it is, the rival its subject, as one both sides know of: "was
# it the one where your fees creep up?", "do they still have that thing where...?", "have they ever fixed the
# thing where...?". The habit is taken for granted, a fault however the buyer answers ("do they still pick up
# the phone?" takes nothing for granted: a plain answer leaves it a fair question)
_HABIT_ASKED = re.compile(
    r"\b(?:is|isn't|isnt|was|are|did|does|do|have|has)\s+(they|it|that|(?!you\b|we\b|i\b)[a-z][\w'-]*)\s+"
    r"(?:[a-z]+\s+){0,3}?(?:the|that)\s+(?:one|thing)\s+(?:where|that|when)\b"
)
# the rep asks whether the vendor ever put a fault right ("did they ever sort the double charging?", "have they
# fixed that export yet?", "did they actually send your records back?"): the cue patterns `rival_fault_assumed/*`
# of rules/patterns/competitors.jsonl. The fault is taken for granted, however the buyer answers
FAULT_CUE = "rival_fault_assumed"
# the firm the rep puts to the buyer as theirs: "you're on Kilnwise, aren't you?", "you're with Tallyfix now"
_VENDOR_PUT = re.compile(r"\b[Yy]ou(?:'re|’re| are|re)\s+(?:still\s+)?(?:on|with|using)\s+([A-Z][\w'’-]*)")


def _says_vendor_put(text: str, vendor_put: dict[str, int], index: int) -> bool:
    """Whether `text` names again a firm the rep put to the buyer as theirs within WINDOW turns before."""
    return any(
        index - vendor_put[key] <= WINDOW
        for key in (_bare(name).lower() for name in _names(text, openers=True))
        if key in vendor_put
    )


def _brought_up_by_rep(speaker: str, text: str, features: UtteranceFeatures, buyer_said: frozenset[str]) -> bool:
    """Whether the rep brings up a rival by name before the buyer does: a name capitalised inside a
    sentence, granted its standing ("a lot of bakeries use Crumbly", "Tillpoint's on most of the
    stalls") and compared with what the buyer needs ("what it doesn't do is the rotas", "unlike
    Crumbly..."). Reps head off the rival the buyer will meet next; their own product, said to be widely
    used, is not set against what it lacks in the same turn."""
    lowered = text.lower().replace("’", "'")
    # ... or given its due and then contrasted with the buyer's own case ("You may know the Kilnwise
    # controller, and it's a decent unit, but it takes one temperature for your whole kiln")
    compared = bool(_COMPARES.search(lowered) or _LACKS.search(lowered) or _CONTRAST_FOR_YOU.search(lowered))
    # ... or said to be one the buyer will meet ("You'll know Quillmark, most shops start there"),
    # compared or run down in the same turn
    disparagement = features.acts.get(DISPARAGEMENT_ACT, 0.0)
    run_down = disparagement >= FAINT and disparagement > _fair_reading(features)
    anticipated = ANTICIPATED_CUE in features.cues and (compared or run_down)
    # a turn written without capitals, as raw ASR has it, names the firm the buyer will meet with no capital:
    # the word the cue read after "you might have seen" stands for the name
    uncapitalised = not any(character.isupper() for character in text)
    # ... or given its due by the rep in the same turn ("they're really solid on invoicing", "it's a fine
    # tool": the cue patterns `competitor_differentiation/rival-*`) and compared: the rep names the rival
    # to set the product beside it, as a rep heads off one the buyer may have looked at
    # a name the buyer already said is theirs to have brought up (their own system, or the rival they
    # named), answered here, not brought up
    granted = (
        DIFFERENTIATION_ACT in features.cues
        and compared
        and any(name.lower() not in buyer_said for name in _names(text))
    )
    return (
        speaker == "rep"
        and (bool(_names(text)) or (anticipated and uncapitalised))
        and ((POPULAR_CUE in features.cues and compared) or anticipated or granted)
    )


def _clearly_a_rival(speaker: str, features: UtteranceFeatures) -> bool:
    """Whether the utterance names a rival beyond doubt: the buyer heard clearly naming one, or a
    mention a pattern read or the rep's answer confirmed."""
    mention = features.acts.get(MENTION_ACT, 0.0)
    source = features.act_sources.get(MENTION_ACT, "")
    return (speaker == "buyer" and mention >= CLEAR_MENTION) or (
        mention >= MENTION_CONFIDENCE and (source.startswith(_PATTERN) or _CONFIRMED in source)
    )


def _dig_read_by_pattern(current: UtteranceFeatures, classifier_decides: frozenset[str]) -> bool:
    """Whether the disparagement reading comes from a dig pattern the classifier does not overrule."""
    source = current.act_sources.get(DISPARAGEMENT_ACT, "")
    return source.startswith(_DIG_PATTERN) and source.removeprefix(_PATTERN) not in classifier_decides


def _described_rivals(
    transcript: Transcript, features: list[UtteranceFeatures], classifier_decides: frozenset[str]
) -> list[UtteranceFeatures]:
    """The buyer's turns that describe a vendor ("the lot we had before") answered as a rival by the rep's
    next turn, or by a later one that points back at it (`_answered_later`): a dig however faint that
    points back at it and reads more as a dig than as a comparison, a comparison, the rival given its due
    or its standing, or a dig the patterns read ("the lot you had before? they couldn't find a ruler"
    after "the crowd we had before never turned up"). Those turns name a rival as clearly as a name
    would, so the reply counts a fainter dig, as it does after a rival named clearly. The buyer's own current
    firm or system described as theirs ("our current lot", "the till app we're on now", or by the rep: "your
    current provider") is read the same way, its answer the rep's next turn or, where the rep describes it,
    that very turn; the rep asking what it does well answers it as a rival too, fairly. A reply that states the product's
    own terms ("the old crowd kept a tenth of each order" - "ours is one yearly price") sets them against the vendor's:
    a comparison on terms, and the vendor a rival."""
    updated = list(features)
    for index in range(len(features)):
        said = transcript.utterances[index]
        if said.speaker not in ("buyer", "rep") or DESCRIBED_CUE not in features[index].cues:
            continue
        # the rep's reply is the rep's next turn: the buyer often goes on, or a second buyer voice adds to
        # it ("our old supplier, the last crowd we paid" - "and the sync broke in spring" - rep); the rep who
        # describes the buyer's own firm may answer it in the same turn ("your current people, honestly,
        # they...")
        by_rep = said.speaker == "rep"
        reply_at = next(
            (
                i
                for i in range(index + (0 if by_rep else 1), len(features))
                if transcript.utterances[i].speaker == "rep"
            ),
            None,
        )
        if reply_at is None or reply_at - index > ANSWER_WINDOW:
            continue
        reply, answer = transcript.utterances[reply_at], features[reply_at]
        dig = answer.acts.get(DISPARAGEMENT_ACT, 0.0)
        answered = (
            # a faint dig points back at what was described ("that crowd couldn't wire a plug"); one that
            # points at nothing is as often the rep's faint reading of a question (and in the rep's own
            # describing turn, the dig is read as faint as anywhere else)
            (
                dig >= (FAINT if by_rep else REPLY_FAINT)
                and dig > _fair_reading(answer)
                and _POINTS_BACK_DESCRIBED.search(reply.text.lower())
            )
            # (the rep's own describing turn answers it only by a dig or by asking what it does well: a
            # comparison heard there is as often the pitch the question about it opens)
            or (
                not by_rep
                and (
                    answer.acts.get(DIFFERENTIATION_ACT, 0.0) >= COMPARISON
                    or DIFFERENTIATION_ACT in answer.cues
                    or POPULAR_CUE in answer.cues
                )
            )
            or STRENGTHS_CUE in answer.cues
            # ... or says plainly what it lacks, on the buyer's own case ("it won't hold a whole room for
            # a group, and that's your busy weekends"): set against the buyer's facts, as a rival is
            or (not by_rep and _lacks_for_the_buyer(reply.text))
            or _dig_read_by_pattern(answer, classifier_decides)
            or _answered_later(transcript, features, index, reply_at, classifier_decides)
        )
        terms_at = None if by_rep else _own_terms_reply(transcript, features, index)
        if terms_at is not None and updated[terms_at].acts.get(DIFFERENTIATION_ACT, 0.0) < FAIR_COMPARISON:
            # "the old crowd kept a tenth of each order" - "ours is one yearly price": the
            # product's terms set against the vendor's, a comparison on terms
            compared = reread(updated[terms_at], DIFFERENTIATION_ACT, FAIR_COMPARISON, "+rivals:own-terms")
            # ... marked as a comparison on terms, as a rival's terms set out are (the cue `rival_terms`): it says
            # how each side charges, not what the product does, and presents no product
            updated[terms_at] = replace(compared, cues=compared.cues | {TERMS_CUE})
        if (answered or terms_at is not None) and features[index].acts.get(MENTION_ACT, 0.0) < CLEAR_MENTION:
            updated[index] = reread(features[index], MENTION_ACT, CLEAR_MENTION, "+rivals:described-answered")
    return updated


def _own_terms_reply(transcript: Transcript, features: list[UtteranceFeatures], index: int) -> int | None:
    """The rep's reply to the buyer's turn at `index`, describing a vendor, that states the product's own terms
    (the cue `own_terms`): the rep's next turn, past a backchannel ("mm"), within ANSWER_WINDOW; or None."""
    for later in range(index + 1, min(len(features), index + 1 + ANSWER_WINDOW)):
        utterance = transcript.utterances[later]
        if utterance.speaker != "rep" or len(utterance.text.split()) <= BACKCHANNEL_WORDS:
            continue
        return later if OWN_TERMS_CUE in features[later].cues else None
    return None


def _answered_later(
    transcript: Transcript,
    features: list[UtteranceFeatures],
    index: int,
    reply_at: int,
    classifier_decides: frozenset[str],
) -> bool:
    """Whether a later rep turn, within ANSWER_WINDOW and before the buyer describes another vendor, points
    back at the vendor the buyer's turn at `index` described and answers it as a rival: a comparison said
    as one ("the other quote" - "how much is theirs with delivery?" - ... - "what they can't do is the
    fitting") or a dig the patterns read, or a question on what it does well. The rep often asks about the
    other offer first and sets the product against it a few turns on."""
    for later in range(reply_at + 1, min(len(features), index + 1 + ANSWER_WINDOW)):
        utterance = transcript.utterances[later]
        if utterance.speaker == "buyer" and DESCRIBED_CUE in features[later].cues:
            return False
        text = utterance.text.lower().replace("’", "'")
        if utterance.speaker == "rep" and (
            STRENGTHS_CUE in features[later].cues
            or (
                _POINTS_BACK_DESCRIBED.search(text)
                and (_COMPARES.search(text) or _dig_read_by_pattern(features[later], classifier_decides))
            )
        ):
            return True
    return False


# the buyer's answer names who is paid now: a name right after the sum's period ("ninety a month to
# Ledgerly", "two grand a year, with Brackwell") or after paying ("we pay Brackwell", "we pay for Ledgerly's
# app"); a name further off is as often the buyer's customer ("we missed an order for Hollins Garden
# Centres"), and one the sum goes through is as often the buyer's own system ("credits through Tillbook")
_NAME = r"([A-Z][\w'’-]*)"
_PAID_TO = re.compile(
    r"\b(?:a|per|every|each)\s+(?:week|month|year|quarter|season|term)\s*,?\s+(?:to|for|with|from|on)\s+"
    + _NAME
    + r"|\b(?:pay|paying|paid)\s+(?:for\s+)?"
    + _NAME
)
# ... and not a person: a title ("to Mrs Pell"), a feast ("two grand for Christmas"), or a name the spaCy pass
# hears as a person's, unless a capital inside it makes it a brand ("DanceDesk")
_TITLES = frozenset("mr mrs ms miss dr".split())
_FEASTS = frozenset("christmas xmas easter new whitsun halloween diwali eid hanukkah".split())
PERSON_ENTITY = "PERSON"
# the question's answer is a sum: the cue `budget_answer` of rules/patterns/acts.jsonl
SUM_CUE = "budget_answer"


def _paid_rivals(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """The buyer's answer to the rep's question that says what they pay and to whom ("what are you paying
    for bookings now?" - "about seventy a month to Ledgerly"): the firm paid today for what the rep sells
    is the rival the product would replace, named as clearly as a pattern would name it. Someone on the
    call or a person paid ("I pay Maureen forty a week to do the books") is no firm."""
    people = {u.speaker_name.lower() for u in transcript.utterances if u.speaker_name}
    updated = list(features)
    for index in range(1, len(features)):
        asked, said, current = transcript.utterances[index - 1], transcript.utterances[index], features[index]
        if (
            asked.speaker != "rep"
            or not features[index - 1].question
            or said.speaker != "buyer"
            or SUM_CUE not in current.cues
            or current.acts.get(MENTION_ACT, 0.0) >= CLEAR_MENTION
        ):
            continue
        persons = {word.lower() for label, text in current.entities if label == PERSON_ENTITY for word in text.split()}
        paid = {_bare(name) for names in _PAID_TO.findall(said.text.replace("’", "'")) for name in names if name}
        firms = {
            name
            for name in paid
            if name.lower() not in _OPENERS | _NOT_NAMES | _FEASTS | _TITLES | people
            and (name.lower() not in persons or _INNER_CAPITAL.match(name))
        }
        if firms:
            updated[index] = reread(current, MENTION_ACT, CLEAR_MENTION, "+rivals:paid-today")
    return updated


# the rep asks what else the buyer looked at or talks to ("did you try anyone else first?"): the cue
# patterns `rival_asked/*` of rules/patterns/competitors.jsonl
ASKED_CUE = "rival_asked"


def _weighed_rivals(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """The buyer's answer to the rep's question about what else they looked at ("did you try anybody else
    first?" - "a friend swears by Quernbook", "bits. Tallyho, and one called Pinmark"): a name there, capitalised
    or, in a transcript without capitals, given by its place (see `_raw_names`: "the lads up the road use tally
    mate"), is a rival the buyer weighed, named as clearly as a pattern would name it. Someone on the call, a
    person's thing ("Sandra's spreadsheet") and an answer that names nobody ("not really, no") are no rival."""
    people = frozenset(u.speaker_name.lower() for u in transcript.utterances if u.speaker_name)
    updated = list(features)
    for index in range(1, len(features)):
        asked, said, current = transcript.utterances[index - 1], transcript.utterances[index], features[index]
        if (
            asked.speaker != "rep"
            or ASKED_CUE not in features[index - 1].cues
            or said.speaker != "buyer"
            or current.acts.get(MENTION_ACT, 0.0) >= CLEAR_MENTION
        ):
            continue
        text = said.text.replace("’", "'")
        persons = {word.lower() for label, name in current.entities if label == PERSON_ENTITY for word in name.split()}
        possessed = {_bare(word) for word in _WORDS.findall(text) if _POSSESSIVE.search(word)}
        firms = {
            name
            for name in _names(text, openers=True)
            if name.lower() not in people | _FEASTS | _TITLES
            and name not in possessed
            and (name.lower() not in persons or _INNER_CAPITAL.match(name))
        } | _raw_names(text, people, answers_question=False)
        if firms:
            updated[index] = reread(current, MENTION_ACT, CLEAR_MENTION, "+rivals:named-when-asked")
    return updated


def _rival_established(transcript: Transcript, features: list[UtteranceFeatures]) -> bool:
    """Whether the call establishes a rival: a vendor the buyer uses, was quoted by or weighs, named in
    words a pattern reads ("Fibrely quoted us ninety"), or confirmed by how the rep answered it (see
    `_confirm_rivals`), or heard clearly in the buyer's words ("We're with Crateline at the moment");
    or the rep declining to speak of a rival ("I haven't seen their proposal, so I can't speak to it").
    The rep's own words alone, however the classifier hears them, establish none: the rep's greeting,
    own firm or own customers read as a rival as often as a rival does; only a rival the rep names,
    grants its standing and compares with (see `_brought_up_by_rep`) is confirmed as one."""
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        mention = current.acts.get(MENTION_ACT, 0.0)
        source = current.act_sources.get(MENTION_ACT, "")
        if mention >= MENTION_CONFIDENCE and (source.startswith(_PATTERN) or _CONFIRMED in source):
            return True
        if (
            utterance.speaker == "buyer"
            and mention >= CLEARLY_NAMED
            and (mention >= CLEAR_MENTION or _taken_up(transcript, features, index))
        ):
            return True
        if utterance.speaker == "rep" and DECLINED_CUE in current.cues:
            return True
    return False


# the rep turns next to a buyer's turn, before and after it, that can take up what it named
TAKEN_UP_REACH = 2
# a rival's cues in the rep's turn: given its due, its standing, its strengths asked, declined, vouched for
_RIVAL_CUES = (DIFFERENTIATION_ACT, POPULAR_CUE, STRENGTHS_CUE, DECLINED_CUE, VOUCHED_CUE, ANTICIPATED_CUE)
# the rep's question back about what the buyer's turn named ("and is it working out?", "do they do the
# rota?")
_ASKS_BACK = re.compile(r"\b(?:that|it|it's|its|they|them|their|they're|theyre|those)\b[^.!?]*\?")


def _taken_up(transcript: Transcript, features: list[UtteranceFeatures], index: int) -> bool:
    """Whether the buyer's turn at `index`, heard naming a rival though not clearly, is talked of as one: the
    rep's nearest turn before it or after it (within TAKEN_UP_REACH utterances) speaks of a rival (heard naming,
    running down or comparing, or a rival's cue), or the rep's next turn sets the product against it in words,
    asks back about what it named, or answers the buyer's question about it. A turn
    heard so in the small talk ("Ned's out feeding the hens"), or in the buyer's own work ("the ledgers do
    the job, more or less"), that the rep passes over names nobody."""
    utterances = transcript.utterances
    before = next(
        (i for i in range(index - 1, max(-1, index - 1 - TAKEN_UP_REACH), -1) if utterances[i].speaker == "rep"), None
    )
    after = next(
        (
            i
            for i in range(index + 1, min(len(utterances), index + 1 + TAKEN_UP_REACH))
            if utterances[i].speaker == "rep"
        ),
        None,
    )
    for near in (before, after):
        if near is None:
            continue
        reading = features[near]
        if (
            reading.acts.get(MENTION_ACT, 0.0) >= FAINT_MENTION
            or reading.acts.get(DISPARAGEMENT_ACT, 0.0) >= FAINT
            or reading.acts.get(DIFFERENTIATION_ACT, 0.0) >= COMPARISON
            or any(cue in reading.cues for cue in _RIVAL_CUES)
        ):
            return True
    if after is None:
        return False
    reply = utterances[after].text.lower().replace("’", "'")
    # ... or sets the product against it in words, however faintly heard ("it's a decent tool; the one thing for
    # you is..."), or says what it lacks, or what the buyer said, pointing back at it ("they don't post orders
    # back, which you told me matters"; "they", or the buyer's name for it said back): "it doesn't" in the
    # rep's reply is as often the product or the matter in hand
    points_back = _POINTS_BACK.search(reply) or _says_back_rival(transcript, index, after)
    if (
        _COMPARES.search(reply)
        or _DIFFERENT_FOR_YOU.search(reply)
        or _CONTRAST_FOR_YOU.search(reply)
        or (points_back and (_LACKS.search(reply) or _BUYER_SAID.search(reply)))
    ):
        return True
    # ... or answers the buyer's question about it ("Is that Fernbridge on your slide?" - "It is, they're ...")
    asked = "?" in utterances[index].text and after == index + 1
    return bool(_ASKS_BACK.search(reply) or (asked and _POINTS_BACK.search(reply)))


def _says_back_rival(transcript: Transcript, turn: int, index: int) -> bool:
    """Whether the rep's utterance at `index` says back the name the buyer's faintly heard rival at
    `turn` gave: capitalised, or, in a transcript without capitals, two of its words together or one
    acknowledged as the reply opens ("a diary app called hoof dairy" - "and hoof dairy um...")."""
    said, reply = transcript.utterances[turn].text, transcript.utterances[index].text
    return _says_name_back(said, reply) or _echoes(said, reply, heard_naming=True)


def _names_of_others(transcript: Transcript, turn: int) -> set[str]:
    """The names in the utterance at `turn` (see `_names`) that are nobody's on the call."""
    people = {u.speaker_name.lower() for u in transcript.utterances if u.speaker_name}
    return {name for name in _names(transcript.utterances[turn].text) if name.lower() not in people}


def _confirm_rivals(
    transcript: Transcript,
    updated: list[UtteranceFeatures],
    features: list[UtteranceFeatures],
    index: int,
    last_faint: int | None,
    named_back: bool,
    echoed: bool,
    written: frozenset[str] = frozenset(),
) -> list[UtteranceFeatures]:
    """The buyer's turn the rep's comparison at `index` answers named a rival: a faintly heard one
    (`last_faint`, within ANSWER_WINDOW) answered by a comparison, or the turn just before whose name
    the reply says back (`named_back` capitalised, or `echoed`) in a clear comparison or one said as
    such, or the faintly heard one just before that the reply takes up with no dig (granting it its
    standing, or heard speaking of a rival). `written`: the call's words as written (`_written_words`)."""
    utterance, current = transcript.utterances[index], updated[index]
    text = utterance.text.lower().replace("’", "'")
    comparison = current.acts.get(DIFFERENTIATION_ACT, 0.0)
    answers_buyer = utterance.speaker == "rep" and index > 0 and transcript.utterances[index - 1].speaker == "buyer"
    if (
        utterance.speaker == "rep"
        and last_faint is not None
        and (
            comparison >= COMPARISON
            and (_COMPARES.search(utterance.text.lower()) or _POINTS_BACK.search(utterance.text.lower()))
            # the rival's name said back in the reply to the turn that named it, capitalised or,
            # as a transcript without capitals has it, as the reply opens ("mount log yeah")
            or (comparison >= NAMED_BACK_COMPARISON and (named_back or echoed) and last_faint == index - 1)
            # ... or a few turns on, once the rep has asked something else ("ledger row do them for forty"
            # - "does anyone else have a say on it" - "only me" - "ok so ledger row use a lighter steel..."),
            # unless the rep's reply took it for the buyer's own system the product connects to
            or (
                (comparison >= NAMED_BACK_COMPARISON or _MADE_FOR.search(text))
                and _says_back_rival(transcript, last_faint, index)
                and OWN_SYSTEM not in updated[last_faint].act_sources.get(MENTION_ACT, "")
            )
        )
        and updated[last_faint].acts.get(MENTION_ACT, 0.0) < ANSWERED
    ):
        # the rep answers the buyer's faintly heard rival with a comparison: the rival was one
        updated[last_faint] = reread(updated[last_faint], MENTION_ACT, ANSWERED, "+rivals:answered")
    elif (
        answers_buyer
        and (named_back or echoed)
        and comparison >= CLEAR_COMPARISON
        and updated[index - 1].acts.get(MENTION_ACT, 0.0) < ANSWERED
    ):
        # a clear comparison that says back a name of the buyer's turn: the turn named a rival,
        # however faintly it was heard
        updated[index - 1] = reread(updated[index - 1], MENTION_ACT, ANSWERED, "+rivals:named-back")
    elif (
        answers_buyer
        and comparison >= CLEAR_COMPARISON
        and _POINTS_BACK.search(text)
        and _names(transcript.utterances[index - 1].text)
        and updated[index - 1].acts.get(MENTION_ACT, 0.0) < ANSWERED
    ):
        # "About Hopwell, though: they quoted us less." - "They might. Their crates are a thinner board,
        # and your line stacks eight high": a clear comparison pointing back at what the buyer's turn
        # named is about a rival there, however faintly the turn was heard
        updated[index - 1] = reread(updated[index - 1], MENTION_ACT, ANSWERED, "+rivals:pointed-back")
    elif (
        answers_buyer
        and updated[index - 1].acts.get(MENTION_ACT, 0.0) < ANSWERED
        and (
            # a comparison said as one, in reply to a turn heard naming a rival or whose name it says
            # back, even the word that opened one of its sentences
            (
                _COMPARES.search(text)
                and (
                    named_back
                    # two words of the buyer's said back as the reply opens ("ride roster yeah...")
                    or _echoes_two_words(transcript.utterances[index - 1].text, utterance.text, False)
                    or features[index - 1].acts.get(MENTION_ACT, 0.0) >= FAINT_MENTION
                    or _says_opener_back(transcript.utterances[index - 1].text, utterance.text, written)
                    # ... or points back at a name the buyer's turn gave, no one's on the call ("Corvel did ours
                    # for less." - "Their price, maybe. For you, the catch is...")
                    or (_POINTS_BACK.search(text) and _names_of_others(transcript, index - 1))
                )
            )
            # the rival given its due by the name the buyer gave ("I won't pile in on Keelhaul")
            or (DIFFERENTIATION_ACT in current.cues and named_back)
        )
    ):
        # "SpoolMate, for orders." - "SpoolMate's fine for taking orders in. What it doesn't do
        # is...": the reply compares with what the buyer's turn named, however faintly either
        # was heard
        updated[index - 1] = reread(updated[index - 1], MENTION_ACT, ANSWERED, "+rivals:compared-back")
    elif (
        answers_buyer
        and last_faint == index - 1
        and updated[index - 1].acts.get(MENTION_ACT, 0.0) < ANSWERED
        and current.acts.get(DISPARAGEMENT_ACT, 0.0) < FAINT
        and (
            POPULAR_CUE in current.cues
            or DIFFERENTIATION_ACT in current.cues
            or current.acts.get(MENTION_ACT, 0.0) >= TAKEN_UP
        )
    ):
        # "we did have a look at reel yard" - "yeah a few people use reel yard": the rep takes up
        # the product the buyer faintly named, granting it its standing or its due ("The Kilnright one was
        # cheaper." - "It is, and it's a good controller for small kilns") or heard speaking of it as
        # a rival, with no dig: it was a rival, answered without disparaging (its name said back alone,
        # "Plotwise, sure. How many crews?", takes up nothing)
        updated[index - 1] = reread(updated[index - 1], MENTION_ACT, ANSWERED, "+rivals:taken-up")
    return updated
