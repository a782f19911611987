"""Which utterances the entity recogniser must read.

The rules read entities only where a figure, a date or a time can be: the quantity slot (money,
percentages, counts), the patterns that ask for an entity type (a figure before "budget", a vendor
that "quoted" a price, a number that is not a date), and the clauses' times (a demo deferred "to
Thursday"). spaCy's recogniser costs more than the tagger and the parser together, so it runs
only on utterances with a word that can start such an entity: a number, a currency or percent
sign, a word of the calendar or the clock, or a verb of the vendor-quote patterns. On every
utterance of the evaluation and training sets, the skipped ones hold none of those entities
(`benchmarks/analyze.py --check-entities` counts them), except where the recogniser takes a
product name for a date ("we're on Workday").
"""

from __future__ import annotations

from spacy.tokens import Doc

# entity labels some reading depends on (features.quantity, ENT_TYPE in rules/patterns, clauses.time)
READ_LABELS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL"})

# the days of the week and the months by their full names, lowercased
DAY_AND_MONTH_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december".split()
)

_CALENDAR = {
    *DAY_AND_MONTH_NAMES,
    *"mondays tuesdays wednesdays thursdays fridays saturdays sundays".split(),
    *"mon tue tues wed thu thur thurs fri sat sun".split(),
    *"jan feb mar apr jun jul aug sep sept oct nov dec".split(),
    *"today tonight tomorrow yesterday morning mornings afternoon afternoons evening evenings".split(),
    *"night nights noon midnight midday weekday weekdays".split(),
    *"day days week weeks weekend weekends month months year years quarter quarters decade decades".split(),
    *"hour hours minute minutes second seconds century centuries fortnight season seasons".split(),
    *"hourly nightly daily weekly biweekly monthly quarterly annual annually yearly overnight".split(),
    *"seasonal twenties thirties forties fifties sixties seventies eighties nineties".split(),
    *"spring summer fall autumn winter christmas thanksgiving easter holiday holidays".split(),
    *"q1 q2 q3 q4 h1 h2 fy eod eow eom eoy ytd am pm a.m. p.m. o'clock oclock".split(),
    *"fiscal calendar semester term".split(),
}
_AMOUNTS = {
    *"zero one two three four five six seven eight nine ten eleven twelve".split(),
    *"thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(),
    *"twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands".split(),
    *"million millions billion billions trillion k m bn mm grand dozen dozens half quarter".split(),
    *"ton tons".split(),
    *"once twice thrice double triple single percent pct dollars dollar bucks euros cents pounds".split(),
    *"first second third fourth fifth sixth seventh eighth ninth tenth last".split(),
}
# the verbs of `competitor_mention/vendor-quoted`, whose entity test tells a vendor from a person
_VENDOR_VERBS = {"quoted", "offered", "came", "priced", "charges", "charged"}
_TRIGGERS = frozenset(_CALENDAR | _AMOUNTS | _VENDOR_VERBS)


def needs_entities(doc: Doc) -> bool:
    """Whether the entity recogniser could find an entity the rules read in this utterance."""
    for token in doc:
        if token.like_num or token.is_currency or token.lower_ in _TRIGGERS:
            return True
        text = token.text
        if any(character.isdigit() or character in "%$£€¥" for character in text):
            return True
    return False


# the words of money said after a figure; spaCy often takes the figure in words of raw ASR text for a
# date or a time ("three thousand two hundred quid" a DATE), or for nothing ("twelve grand")
_MONEY_AFTER = frozenset({"grand", "quid", "pounds", "euros", "dollars", "bucks"})


def money_in_words(doc: Doc) -> list[tuple[str, str]]:
    """Each figure said with a word of money right after it that the recogniser did not take for money,
    as a MONEY entity: "thats twelve grand give or take", "three thousand two hundred quid of orders"."""
    found = []
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.lower_ in _MONEY_AFTER and previous.like_num and previous.ent_type_ != "MONEY":
            start = previous.i
            while (
                start > 0
                and (doc[start - 1].like_num or doc[start - 1].lower_ == "and")
                and doc[start - 1].ent_type_ != "MONEY"
            ):
                start -= 1
            if doc[start].lower_ == "and":
                start += 1
            found.append(("MONEY", doc[start : token.i + 1].text))
    return found
