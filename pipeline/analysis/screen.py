"""What is on the screen: a demo starts when the product is shown, not when anything is shared.

A rep shares many things in a sales call: slides about the company, a customer case study, a
quote, a contract, an auditor's letter, the buyer's own spreadsheet. Only the product, shown or
worked live, starts a demo; a demo promised for another call does not. This pass follows what the
rep puts on the screen through the call (`rules/screen.yaml`) and marks each rep utterance that
shows the product, shows something else, or defers the demo.

Two readings feed it. The words: a share phrase followed closely by a document or a product
word. The parse (`clauses.py`, when the spaCy pass is given): what is the object of the showing
verb, wherever it stands ("I'll pop the letter from our auditors up on screen", "let me put the
document up"); a showing said with a time or another occasion ("let's keep the live walkthrough for
that session"); an interface described from its user's side ("here's the pick list your pickers
would get", "the stages across the top", "this search bar").

Pure: a transcript in, `ScreenMove`s out. `screen_acts` turns them into the `demo_start` act the
rules read: proposed where the product is shown (also in words no pattern has), held down where
what is shown is not the product or the demo is for later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from pipeline.analysis.clauses import Clause, NounPhrase
from pipeline.analysis.rules import RuleError
from pipeline.model import Transcript, UtteranceFeatures

DEMO_ACT = "demo_start"
# the screen itself shared or asked about, with nothing named on it: "can you see my screen ok?"
SCREEN_SHARED = re.compile(r"\b(?:my|the|your) screen\b")
PRODUCT_CONFIDENCE = 0.9
# how close (in words) a guiding verb and a place on the interface stand: "click Hotels at the top"
GUIDE_WINDOW = 3
LISTS = (
    "share",
    "product",
    "live",
    "guide",
    "artifact",
    "show",
    "deferral",
    "ui_place",
    "demo_data",
    "not_up",
    "called_off",
    "announce",
    "stalled",
    "asked_to_see",
    "asked_for_it",
    "asked_for_one",
    "buyer_has",
    "invited_share",
    "buyer_opened",
    "guided_step",
    "wished",
    "recording",
    "played",
    "recording_ended",
    "recording_sent",
    "pointing",
)
# how far into the buyer's reply (in words) "not yet, just your face" says the screen is not up
REPLY_OPENING = 3
# word lists the parse reading compares lemmas and heads with (exact words, not phrases)
WORD_SETS = (
    "share_verbs",
    "place_verbs",
    "through_verbs",
    "deictic_subjects",
    "seeing_verbs",
    "showing_nouns",
    "occasion_nouns",
    "present_occasions",
    "user_verbs",
    "user_modals",
    "not_users",
    "ui_nouns",
    "plan_modals",
    "up_verbs",
    "document_verbs",
    "example_determiners",
    "away_verbs",
    "away_pronoun_verbs",
    "done_verbs",
    "switch_words",
    "interface_heads",
    "role_determiners",
    "view_verbs",
    "item_determiners",
    "item_verbs",
    "item_kinds",
    "leave_verbs",
    "take_back_verbs",
    "place_state_verbs",
    "own_things",
    "worked_verbs",
    "buyer_owned",
    "figure_words",
    "loaded_verbs",
    "reported_verbs",
    "ask_fillers",
    "hesitations",
)


@dataclass(frozen=True)
class ScreenVocabulary:
    patterns: dict[str, re.Pattern]
    window_words: int = 8
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def has(self, name: str, text: str) -> bool:
        return bool(self.patterns[name].search(text))

    def spans(self, name: str, text: str) -> list[tuple[int, int]]:
        """(first word, last word) of each match, counted in words."""
        return _word_spans(self.patterns[name], text)


def _word_spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    """(first word, last word) of each match of a pattern in a text, counted in words."""
    return [(_word_at(text, m.start()), _word_at(text, m.end() - 1)) for m in pattern.finditer(text)]


def _word_at(text: str, position: int) -> int:
    return len(text[:position].split())


def _follows(first: list[tuple[int, int]], then: list[tuple[int, int]], window: int) -> bool:
    """Some `then` match starts after a `first` match starts (they may overlap: "open the product")
    and within `window` words of its end."""
    return any(b[0] > a[0] and b[0] - a[1] <= window for a in first for b in then)


def _nearest_after(first: list[tuple[int, int]], then: list[tuple[int, int]], window: int) -> int | None:
    """How many words after a `first` match the nearest `then` match (as `_follows`) starts."""
    gaps = [b[0] - a[1] for a in first for b in then if b[0] > a[0] and b[0] - a[1] <= window]
    return min(gaps) if gaps else None


# the speakers as a subject, also as raw ASR writes them without the apostrophe ("id rather do that")
_SPEAKERS = frozenset(("i", "we", "you", "let", "", "id", "ill", "wed", "well", "lets", "youd", "youll", "d", "ll"))
# words that say whose or which a noun is, not what it is of ("my screen" is no screen of anything)
_DETERMINERS = frozenset("a an the this that these those my your our their his her its some".split())


def _screen_of(vocabulary: ScreenVocabulary, phrase: str) -> bool:
    """A screen of something ("the quote screen", "the log screen"): pointed at, it is the product's,
    whatever the word before it names."""
    words = phrase.split()
    return len(words) >= 2 and words[-1] in vocabulary.words["interface_heads"] and words[-2] not in _DETERMINERS


def _names(vocabulary: ScreenVocabulary, phrase: str) -> str | None:
    """What a noun phrase shown names: "artifact", "product" or None. The word nearest the head
    (the end) decides: "the proposal builder" is the product, "the dashboard report" a document."""
    ends = {
        name: max((m.end() for m in vocabulary.patterns[name].finditer(phrase)), default=-1)
        for name in ("artifact", "product")
    }
    if max(ends.values()) < 0:
        return None
    return max(ends, key=ends.get)


def _put_up(vocabulary: ScreenVocabulary, text: str) -> str | None:
    """What a "got/put/pull the ... up" names: the product, a document (by its name, or because
    someone sent, signed or wrote it: "the redline that your lawyer sent back"), or None."""
    for match in vocabulary.patterns["put_up"].finditer(text):
        names = _names(vocabulary, match.group("thing"))
        if names is not None:
            return names
        if _screen_of(vocabulary, match.group("thing")):
            return "product"  # "let me bring the booking screen back up"
        around = match.group("thing").split() + text[match.end() :].split()[:6]
        if set(around) & vocabulary.words["document_verbs"]:
            return "artifact"
    return None


# who sent or wrote a thing, right after it: "the redline you sent back", "the trial login i sent over"
_SENDERS = frozenset("i you we they he she".split())
# how many words after a thing (its noun phrase in the parse) its sender and the verb may stand
SENT_WINDOW = 4


def _sent(vocabulary: ScreenVocabulary, following: str, window: int = SENT_WINDOW) -> bool:
    """Whether the words `following` a thing say someone sent, signed or wrote it: a document, whatever
    it is called ("the trial login i sent over", "the redline you sent back"; "the board we built" is none)."""
    words = re.findall(r"[\w']+", following)[:window]
    return any(
        word in vocabulary.words["document_verbs"] and i > 0 and words[i - 1] in _SENDERS
        for i, word in enumerate(words)
    )


# a screen of something said by the buyer: "that commissions screen", "the booking screen"
_A_SCREEN_OF = re.compile(r"\b(?!(?:the|that|this|my|your|our|a|an|their|its)\b)[a-z]+ screens?\b")


# the buyer asks for a colleague to be shown it: "can Harriet see the recall screen?", "could they have
# a look at the planner" ("can you see my screen?", "can we see" are the speakers' own)
_ASKS_FOR_SOMEONE = re.compile(r"\b(?:can|could)\s+(?!(?:you|i|we|it|that|this)\b)[a-z]+\s+(?:see|have a look at)\b")


def _asks_to_see(vocabulary: ScreenVocabulary, text: str) -> bool:
    """The buyer asks to be shown the product: an asking phrase, then within the window a product word,
    a screen of something, or the product as "it" or a thing of it at work ("show me that commissions screen
    again", "can we see the planner?", "can you just show us what it looks like?", "show us what the booking
    side looks like"; "show me the contract" asks for a document). Words said inside the asking phrase
    that change nothing of it ("could you just pop the planner up") are passed over."""
    text = " ".join(w for w in text.split() if w not in vocabulary.words["ask_fillers"])
    asks = vocabulary.spans("asked_to_see", text) + _word_spans(_ASKS_FOR_SOMEONE, text)
    screens = _word_spans(_A_SCREEN_OF, text)
    things = (
        vocabulary.spans("product", text)
        + screens
        + vocabulary.spans("asked_for_it", text)
        + vocabulary.spans("asked_for_thing", text)
    )
    return _follows(asks, things, vocabulary.window_words)


def _offers_to_show(vocabulary: ScreenVocabulary, text: str, artifact: list[tuple[int, int]]) -> bool:
    """The rep offers, as a question, to show something that is no document, for now: "shall I show you
    how the rota works?", "can I walk you through the booking screen?" ("can I show you the quote?" offers a
    document, "can I show you next week?" a later showing)."""
    # the showing in the question itself ("before I share, one thing so I pick the right screens: what's the
    # figure you've set aside?" offers nothing)
    questions = re.findall(r"[^.!?]*\?", text)
    return (
        any(vocabulary.has("show", question) for question in questions)
        and not artifact
        and not vocabulary.has("deferral", text)
        and not vocabulary.has("called_off", text)
    )


def _turns_down(vocabulary: ScreenVocabulary, reply: str) -> bool:
    """The buyer's reply turns an offer down or puts it off ("no, not yet", "maybe later", "let's do
    that next time")."""
    first = reply.split()[:1]
    return bool(first and first[0].strip(",.!?") in ("no", "nah", "not", "actually", "maybe")) or (
        vocabulary.has("deferral", reply) or bool(re.search(r"\b(?:later|not now|not yet)\b", reply))
    )


def _interface_places(vocabulary: ScreenVocabulary, text: str) -> list[tuple[int, int]]:
    """Where things sit on an interface, as spans: "top right", "on the left". A place said of something
    ("on the left of the square", "at the top of the hour") is somewhere else."""
    words = text.split()
    return [
        span
        for span in vocabulary.spans("ui_place", text)
        # a span ends at the count of words up to its last one: the word after it
        if span[1] >= len(words) or words[span[1]].strip(",.?!") != "of"
    ]


def _points_at_what_is_open(clauses: Sequence[Clause]) -> bool:
    """ "that's your stock board", "so this is the parts page": something named, pointed at as it
    stands (read where the buyer has just opened what the rep sent, so the thing is what they see)."""
    return any(
        c.verb in ("be", "s")
        # "this" points at anything; "that" points at the buyer's own things ("that's the hard part done" is none)
        and (c.subject == "this" or (c.subject == "that" and any(o.startswith("your ") for o in c.objects)))
        and c.objects
        and not (c.negated or c.past or c.modal or c.time)
        for c in clauses
    )


def _sentence_ends(text: str, first: int, then: int) -> bool:
    """A sentence ends at one of the words from word `first` up to, not including, word `then`."""
    return any(word.endswith((".", "!", "?", ";")) for word in text.split()[first:then])


# how many words a thing pointed at may take before the "for" that dates it ("this is the roster for")
DATED_WINDOW = 4


def _dated_records(vocabulary: ScreenVocabulary, text: str, deferrals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`deferrals` less those that date what is pointed at ("this is the roster for um next week"): the days
    the records on the screen are for, no other occasion for the showing."""
    words = [w.strip(".,;:!?").lower() for w in text.split()]
    pointed = vocabulary.spans("pointing", text)
    kept = []
    for span in deferrals:
        before = span[0] - 1
        while before >= 0 and words[before] in vocabulary.words["hesitations"]:
            before -= 1
        dated = (
            before >= 0
            and words[before] == "for"
            and any(end < before and before - end <= DATED_WINDOW for _, end in pointed)
        )
        if not dated:
            kept.append(span)
    return kept


def _near(one: list[tuple[int, int]], other: list[tuple[int, int]], window: int) -> bool:
    return any(abs(b[0] - a[1]) <= window or abs(a[0] - b[1]) <= window for a in one for b in other)


@lru_cache(maxsize=8)
def load_screen_vocabulary(rules_dir: Path) -> ScreenVocabulary:
    path = Path(rules_dir) / "screen.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lists = {name: [str(p).lower() for p in data[name]] for name in LISTS}
        odd = [p for name in LISTS for p in data[name] if not isinstance(p, str)]
        if odd:
            raise TypeError(f"{odd} are not phrases (quote yes, no, on and off)")
        window = int(data["window_words"])
        words = {name: frozenset(str(w).lower() for w in data["parse"][name]) for name in WORD_SETS}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RuleError(f"{path}: {type(exc).__name__}: {exc}") from exc
    patterns = {}
    for name, phrases in lists.items():
        alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
        patterns[name] = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")
    # "I've got the order form up", "I put the redline up that your lawyer sent": what is put up
    up_verbs = "|".join(sorted(map(re.escape, words["up_verbs"]), key=len, reverse=True))
    patterns["put_up"] = re.compile(
        r"\b(?:" + up_verbs + r")\s+(?:the|your|my|our|a|an|their|his|her)\s+"
        r"(?P<thing>[\w' -]{1,60}?)\s+(?:back\s+)?up\b"  # "bring the booking screen back up"
    )
    # "what the booking side looks like", "how the rota works": a thing of the product asked for at work
    endings = "|".join(sorted(map(re.escape, lists["asked_for_one"]), key=len, reverse=True))
    patterns["asked_for_thing"] = re.compile(
        # the rep's own, asked for by the buyer as "yours" at work
        r"\b(?:what|how)\s+(?:(?:the|your|our|this|that|a|an)\s+(?:[\w'-]+\s+){0,3}?|yours\s+)(?:"
        + endings
        + r")(?![\w])"
    )
    return ScreenVocabulary(patterns, window, words)


@dataclass(frozen=True)
class ScreenMove:
    utterance: int
    shows: str  # product | artifact | deferred | not_up | greeting (see `greetings`) | recording (recordings.py)


class Parsed(Protocol):
    """What the spaCy pass keeps of an utterance's parse (`SpacyFeatures` has all three)."""

    clauses: list[Clause]
    pointed: list[NounPhrase]
    date: str | None  # the day or time the utterance names: specific | vague


@dataclass(frozen=True)
class ParseReading:
    """What the parse says a rep utterance does with the screen."""

    artifact: bool = False  # a document is the object of a showing verb
    product: bool = False  # the product is
    deferred: bool = False  # a showing is said with another time or occasion
    pointing: bool = False  # the rep points at what is up ("here's ...", "what's on your screen is ...")
    user_side: bool = False  # an interface described from its user's side ("your pickers would get")
    ui_pointed: bool = False  # a part of an interface pointed at ("this search bar")
    put_away: bool = False  # a document is put away ("closing the slides now")
    shown: bool = False  # something is shown or gone through ("go through the columns with you")
    # "this is the matter list": pointing at something that names neither a document nor the product
    pointed_unnamed: bool = False
    # something put away by a pronoun ("I'll close that"): the document, when one is up
    put_away_pronoun: bool = False
    # a document pointed back at with "that" and then something that is no document pointed at with
    # "this" ("so those were the slides. this is the stock screen"): the rep moves off the document
    pointed_past: bool = False
    # the buyer's own records pointed at ("here's your allotment site", "this is your week"), or something pointed at
    # that the rep says they put the buyer's things into ("this is Friday, I've put your four vans in")
    buyers_own: bool = False
    # a document named as what is shown, not only a pronoun shown ("here it is") with a document said elsewhere
    artifact_named: bool = False


def _on_screen(clause: Clause) -> bool:
    return any(preposition == "on" and "screen" in phrase.split() for preposition, phrase in clause.places)


def _deictic(subject: str, words: dict[str, frozenset[str]]) -> bool:
    """A subject that points ("this", "here", "what's"), also after a false start that raw ASR keeps
    ("this is the this is the booking screen" parses "the this" as the subject)."""
    said = subject.split("'")[0].split()
    return bool(said) and said[-1] in words["deictic_subjects"] and all(w in _DETERMINERS for w in said[:-1])


def _shows(clause: Clause, text: str, screen_said: bool, words: dict[str, frozenset[str]]) -> bool:
    """Whether the clause puts something on the screen or points at it: a showing verb ("share the
    quote"), a placing verb with "up" or on a screen ("pop the letter up on screen"), a verb taken
    over or through something ("go over the quote"), or "this/here/what's on screen" is something."""
    if clause.verb in words["share_verbs"]:
        return True
    if clause.verb in words["place_verbs"]:
        return "up" in clause.particles or _on_screen(clause) or "screen" in text
    if clause.verb in words["through_verbs"]:
        return any(preposition in ("over", "through") for preposition, _ in clause.places)
    if clause.verb == "be":
        return "here" in clause.particles or _deictic(clause.subject, words) or _on_screen(clause) or screen_said
    return False


# subjects that are the product or a thing of it, not anyone who shows: "it shows", "which shows"
_THING_SUBJECTS = frozenset("it which that this".split())
# a thing named with one of these, as the subject of a showing verb: "the tags show", "these bars show"
_THINGS_SHOWING = frozenset("the these those".split())


def _product_shows(clause: Clause, words: dict[str, frozenset[str]]) -> bool:
    """Whether a showing verb's subject is the product or its records ("it", "each booking", "every
    van"), not a person; so is a thing that shows something as it stands ("the coloured tags show which
    stall took what", "these bars show Monday's runs"), where "the team will show you" plans a showing."""
    said = clause.subject.split("'")[0].split()
    if said and said[0] in _THINGS_SHOWING and len(said) > 1 and not (clause.modal or clause.past):
        return True
    return bool(said) and (said[0] in words["item_determiners"] or (len(said) == 1 and said[0] in _THING_SUBJECTS))


def _deferred(clause: Clause, words: dict[str, frozenset[str]], showing_said: bool) -> bool:
    """A showing said with a date or time, or for another occasion ("for that session"); the
    showing may be a pronoun for one said in the utterance ("I'd rather do that in its own session")."""
    showing = (
        # a thing of the product that shows something ("each booking shows who's confirmed against the
        # parts", "it shows you tomorrow's runs") describes the product, no showing by anyone
        (clause.verb in words["share_verbs"] and not _product_shows(clause, words))
        or any(set(phrase.split()) & words["showing_nouns"] for phrase in clause.objects)
        # the speakers' own doing: "one of your paralegals would see it on a Monday" is a user's view,
        # and where a thing stands no doing ("this is your list and where it's sat in the workshop")
        or (
            showing_said
            and any(phrase in ("it", "that", "this") for phrase in clause.objects)
            and clause.subject.split("'")[0] in _SPEAKERS
            and clause.verb not in words["place_state_verbs"]
        )
    )
    if not showing or clause.past:
        return False
    other_occasion = any(
        # "" is a noun said as an adverb: "let's do that next time"
        preposition in ("for", "on", "in", "at", "during", "until", "till", "")
        and set(phrase.split()) & words["occasion_nouns"]
        and not set(phrase.split()) & words["present_occasions"]
        for preposition, phrase in clause.places
    )
    return clause.time or other_occasion


def _user_side(clause: Clause, words: dict[str, frozenset[str]], pointed_at: bool) -> bool:
    """An interface described from its user's side: someone other than the speakers uses it. Said
    with a modal by the buyer's people ("your pickers would get", "Bea would set up"), or as what
    is pointed at ("this is what a café owner sees", "the test a student takes": the clause hangs
    from a "this is" / "here's" when `pointed_at`). A pronoun ("I see", "it gets") is no user."""
    if clause.verb not in words["user_verbs"] or clause.past or not clause.subject:
        return False
    if clause.modal in words["user_modals"] and (clause.subject.startswith("your ") or clause.subject_named):
        return True
    if clause.modal in words["user_modals"] and "'s " in clause.subject:
        return True  # "as Beth's team would log it"
    # one user taken as an example ("a café owner", "each driver"), not a claim about many
    # ("operators see work instructions", "your auditor sees a full history")
    subject = [w for w in clause.subject.split() if w not in ("what", "which")]
    example = bool(subject) and subject[0] in words["example_determiners"]
    # one user named by their role, seeing what is pointed at ("this is what your engineer sees"; not
    # "here's how: ... your auditor sees a full history", a claim about what they see)
    role = (
        bool(subject)
        and subject[0] in words["role_determiners"]
        and clause.verb in words["view_verbs"]
        # "here's the stock list as your pickers see it": the thing pointed at, seen by them, is no claim
        and not set(clause.objects) - {phrase for _, phrase in clause.places} - {"it", "them"}
    )
    # users at large, seeing it, with a modal ("this is what guests would see"): the view the buyer's
    # people would get, where "I'd see" or "you'll see" is the speakers' own
    at_large = (
        len(subject) == 1
        and subject[0] not in words["not_users"]
        and clause.modal in words["user_modals"]
        and clause.verb in words["view_verbs"]
    )
    return pointed_at and clause.governor == "be" and (example or role or at_large)


def _planned(clause: Clause, words: dict[str, frozenset[str]]) -> bool:
    """A plan for another time: a verb said with a time that is not now ("I'll call you Tuesday
    morning"); a showing in the same utterance belongs to that plan."""
    if not clause.time or clause.past or clause.modal not in words["plan_modals"]:
        return False
    if clause.subject.split("'")[0] not in ("i", "we", "you", ""):
        return False  # "the board your dispatchers will see on Monday" describes the product
    return not set(clause.when.split()) & words["present_occasions"]


def _items_walked(clauses: Sequence[Clause], words: dict[str, frozenset[str]]) -> bool:
    """Each or every one of something said to have, carry or show something, as it stands ("each yard
    has its horses underneath", "every lot carries its own readings"), or to be one of the buyer's
    things ("each tile is one of your fridges", "each row is a delivery"): the records on the screen gone
    through one by one. Said with a modal or in the past ("each site would get a login") it is a pitch."""
    return any(
        c.subject.split()[:1]
        and c.subject.split()[0] in words["item_determiners"]
        and (
            c.verb in words["item_verbs"]
            or (c.verb == "be" and _one_of_a_kind(c, words))
            # where each one of what is pointed at stands ("these are the orders, each one is sitting against a
            # customer"); "every biscuit sits in its own slot" tells how the product is made
            or (c.verb in words["place_state_verbs"] and c.subject.split()[1:] == ["one"] and bool(c.places))
        )
        and not (c.negated or c.past or c.modal)
        for c in clauses
    )


def _pointed_back_at_records(clauses: Sequence[Clause], vocabulary: ScreenVocabulary, text: str) -> bool:
    """ "that's ...", "those are ...": the buyer's own things, or something made like theirs, pointed at with
    "that" or "those", as it stands, naming no document, no screen of something and no figure ("that's your
    ninety a month" is a sum), nor drawn as a conclusion from what was said ("that's your deadline then")."""
    for clause in clauses:
        if clause.verb != "be" or clause.subject not in _POINTING_BACK or clause.negated or clause.past or clause.modal:
            continue
        for phrase in clause.objects:
            said = set(phrase.split())
            if (
                said
                and _names(vocabulary, phrase) is None
                and not said & vocabulary.words["figure_words"]
                and not re.search(re.escape(phrase) + r"\W+then\b", text)
                # the buyer's own things, or something made like theirs ("a week like yours"): "that's the bit
                # I'd lean on" points at a point made, no records
                and (
                    phrase.split()[0] in vocabulary.words["buyer_owned"]
                    or re.search(re.escape(phrase) + r"\W+like yours\b", text)
                )
            ):
                return True
    return False


def _worked_by_the_listener(clauses: Sequence[Clause], words: dict[str, frozenset[str]]) -> bool:
    """The listener, or one of their people, working what is pointed at, as it stands ("you choose a width and
    the lights lay themselves out", "you type the name in", "your surveyor draws the bay"): the product walked
    through step by step. Said with a modal or in the past ("you'd pick", "you picked") it is a pitch or a recall."""
    return any(
        # one of their people works something ("your surveyor draws the bay"; "your freight drops" works nothing)
        (c.subject == "you" or (c.subject.split()[0] in words["buyer_owned"] and bool(c.objects)))
        and c.verb in words["worked_verbs"]
        and not (c.negated or c.past or c.modal)
        for c in clauses
        if c.subject
    )


def _one_of_a_kind(clause: Clause, words: dict[str, frozenset[str]]) -> bool:
    """ "is" said of one thing of a kind ("one of your fridges", "a delivery"), not of a figure or a
    quality ("twenty a month", "different")."""
    return any(phrase.split()[:1] and phrase.split()[0] in words["item_kinds"] for phrase in clause.objects)


def _each_one(clause: Clause, words: dict[str, frozenset[str]]) -> bool:
    """The clause says, as it stands, something of each or every one of something ("each card is ...",
    "every order lands ..."); said with a modal or in the past ("each site would be a row") it is a pitch."""
    subject = clause.subject.split()
    return (
        len(subject) >= 2
        and subject[0] in words["item_determiners"]
        and not (clause.negated or clause.past or clause.modal)
    )


def _layout_told(clauses: Sequence[Clause], words: dict[str, frozenset[str]]) -> bool:
    """What each part of an interface stands for ("each card is an order", "each guide is a row"): a
    part of an interface on one side of "is", each or every one of something for the subject."""
    for clause in clauses:
        if clause.verb != "be" or not _each_one(clause, words):
            continue
        said = {clause.subject.split()[1]} | {phrase.split()[-1] for phrase in clause.objects if phrase.split()}
        if said & words["ui_nouns"]:
            return True
    return False


def _records_here(clauses: Sequence[Clause], words: dict[str, frozenset[str]]) -> bool:
    """Each or every record said to be, or to land, here ("each order lands here", "each card on here is
    one instrument"): where the rep points is a screen of records, a part of an interface."""
    return any(
        _each_one(c, words)
        # "here's what you'd have: each centre orders..." points with "is", at a pitch
        and (
            (c.verb != "be" and "here" in c.particles)
            or "here" in c.subject.split()[1:]
            or any(p == "here" for _, p in c.places)
        )
        for c in clauses
    )


def _left(clause: Clause, vocabulary: ScreenVocabulary) -> bool:
    """The clause leaves a document: off it or out of it ("let me come off the slides", "I'll get out of
    the deck"), or takes the screen back from the buyer's ("let me take the screen back"). Said in the past
    or later ("I'll get out of them in a minute" is a plan) it leaves nothing now."""
    words = vocabulary.words
    if clause.past or clause.time:
        return False
    if clause.verb in words["leave_verbs"]:
        return any(
            (preposition == "off" or (preposition == "of" and "out" in clause.particles))
            and _names(vocabulary, phrase) == "artifact"
            for preposition, phrase in clause.places
        )
    return (
        clause.verb in words["take_back_verbs"]
        and "back" in clause.particles
        and any(phrase.split()[-1:] == ["screen"] for phrase in clause.objects)
    )


@dataclass(frozen=True)
class _Reparsed:
    clauses: list[Clause]
    pointed: list[NounPhrase]
    date: str | None


def _here_said_as_is(parsed: Parsed) -> Parsed:
    """The parse with raw ASR's "heres the order screen" (no apostrophe, parsed with "here" for its verb) read as
    "here's the order screen": "is" with "here", as written text parses it."""
    if not any(c.verb == "here" for c in parsed.clauses):
        return parsed
    clauses = [
        replace(c, verb="be", particles=(*c.particles, "here")) if c.verb == "here" else c for c in parsed.clauses
    ]
    return _Reparsed(clauses, parsed.pointed, parsed.date)


def read_parse(text: str, parsed: Parsed, vocabulary: ScreenVocabulary) -> ParseReading:
    """The screen moves the parse of one rep utterance (lowercased `text`) holds. A pronoun shown
    ("mind if I put it up") is the document named elsewhere in the utterance, if one is."""
    words = vocabulary.words
    parsed = _here_said_as_is(parsed)
    # "what you're looking at is the stock log": the buyer's looking, as the subject of "is", points at what is up
    looked_at = any(
        c.verb in words["seeing_verbs"] and c.subject == "you" and "what" in c.objects and c.governor == "be"
        for c in parsed.clauses
    )
    screen_said = looked_at or any(_on_screen(c) for c in parsed.clauses)
    showing_said = any(c.verb in words["share_verbs"] for c in parsed.clauses)
    artifact = product = deferred = pointing = user_side = pointed_unnamed = shown_any = artifact_named = False
    pointed_at = any(c.verb == "be" and ("here" in c.particles or _deictic(c.subject, words)) for c in parsed.clauses)
    for clause in parsed.clauses:
        if clause.negated:
            continue
        deferred = deferred or _deferred(clause, words, showing_said)
        user_side = user_side or _user_side(clause, words, pointed_at)
        if not _shows(clause, text, screen_said, words):
            continue
        shown_any = True
        pointing = pointing or clause.verb == "be"
        shown = list(clause.objects)
        if clause.verb == "be" and not _deictic(clause.subject, words):
            shown.append(clause.subject)
        for phrase in shown:
            names = _names(vocabulary, phrase)
            if clause.verb == "be" and phrase.split() and phrase not in ("it", "this", "that", "them", "what"):
                pointed_unnamed = pointed_unnamed or (names is None and not _screen_of(vocabulary, phrase))
            # "this is the quote screen", "let me bring the booking screen back up": a screen of something
            # pointed at or put up is the product's
            put_up = clause.verb in words["place_verbs"] and "up" in clause.particles
            if (clause.verb == "be" or put_up) and _screen_of(vocabulary, phrase):
                names = "product"
            # "let me put ours up": the rep's own put up is the product
            if put_up and phrase in words["own_things"]:
                names = "product"
            artifact_named = artifact_named or names == "artifact"
            if names is None and phrase in ("it", "this", "that", "them") and vocabulary.has("artifact", text):
                names = "artifact"
            # "I've got the redline you sent back on screen": a thing someone sent is a document
            at = text.find(phrase) if phrase not in ("it", "this", "that", "them", "what", "you", "") else -1
            # (the buyer's own, "your leotard block, the one you sent over", is their records loaded)
            if (
                names is None
                and at >= 0
                and phrase.split()[0] not in words["buyer_owned"]
                and _sent(vocabulary, text[at + len(phrase) :])
            ):
                names = "artifact"
            artifact = artifact or names == "artifact"
            product = product or names == "product"
    # "this is the yard list, each yard has its horses under it": what is pointed at, no document, gone
    # through item by item as records the product holds
    product = product or (
        pointed_unnamed
        and not artifact
        and (_items_walked(parsed.clauses, words) or _worked_by_the_listener(parsed.clauses, words))
    )
    # "that's a month like theirs, each square is one shift": something pointed at with "that" or "those",
    # then gone through record by record, is on the screen too ("that's your total" alone points at a sum)
    product = product or (
        not artifact
        and _pointed_back_at_records(parsed.clauses, vocabulary, text)
        and _items_walked(parsed.clauses, words)
    )
    # "I'll call you Tuesday to go through the app": the showing is part of a later plan
    if (artifact or product) and any(_planned(c, words) for c in parsed.clauses if not c.negated):
        deferred = True
    # "this search bar", "these columns": pointing at a part of an interface
    # "each card is an order", "each order lands here": the layout of the screen read out
    layout = _layout_told(parsed.clauses, words) or _records_here(parsed.clauses, words)
    ui_pointed = any(noun.head in words["ui_nouns"] for noun in parsed.pointed) or layout
    user_side = user_side or ui_pointed or vocabulary.has("ui_place", text)
    # "closing the slides now", "right, that's the slides done": a document put away, or said to be done with
    put_away = any(
        not c.negated
        and (
            (c.verb in words["away_verbs"] and any(_names(vocabulary, o) == "artifact" for o in c.objects))
            or (c.verb in words["done_verbs"] and not c.objects and _names(vocabulary, c.subject) == "artifact")
            or _left(c, vocabulary)
        )
        for c in parsed.clauses
    )
    # "I'll close that": the speaker putting away whatever is up ("Flightbook leaves that to you" is no one's screen)
    put_away_pronoun = any(
        not c.negated
        and c.verb in words["away_pronoun_verbs"]
        and c.subject in ("i", "we", "me", "")
        and any(o in ("it", "that", "this") for o in c.objects)
        for c in parsed.clauses
    )
    return ParseReading(
        artifact,
        product,
        deferred,
        pointing or screen_said,
        user_side,
        ui_pointed,
        put_away,
        shown_any,
        pointed_unnamed,
        put_away_pronoun,
        _points_past_a_document(parsed.clauses, vocabulary),
        buyers_own=not artifact
        and (
            _buyers_own_pointed(parsed.clauses, vocabulary, text)
            or (pointed_unnamed and _buyers_things_put_in(parsed.clauses, vocabulary.words))
        ),
        artifact_named=artifact_named,
    )


# what points back at something just shown ("that's the slides", "those were the slides")
_POINTING_BACK = frozenset(("that", "those"))


def _points_past_a_document(clauses: Sequence[Clause], vocabulary: ScreenVocabulary) -> bool:
    """A document pointed back at ("that's the slides", "so that was the deck", "those are the slides"),
    then, later in the turn, something that is no document pointed at ("this is the booking list",
    "here's the rota"): the rep says the document is done and points at what comes up next."""
    for at, clause in enumerate(clauses):
        if not (
            clause.verb in ("be", "s")  # raw ASR's "thats" parses as "s"
            and clause.subject in _POINTING_BACK
            and not (clause.negated or clause.modal)
            and any(_names(vocabulary, phrase) == "artifact" for phrase in clause.objects)
        ):
            continue
        return any(_points_at_no_document(later, vocabulary) for later in clauses[at + 1 :])
    return False


def _points_at_no_document(clause: Clause, vocabulary: ScreenVocabulary) -> bool:
    """ "this is the rota", "here's the stock list": something named that is no document, pointed at."""
    if clause.verb not in ("be", "s") or clause.negated or clause.modal or clause.past:
        return False
    if "here" in clause.particles:
        pointed = (*clause.objects, clause.subject)  # "here's the rota" parses the rota as the subject
    elif _deictic(clause.subject, vocabulary.words):
        pointed = clause.objects
    else:
        return False
    pointed = tuple(phrase for phrase in pointed if phrase and phrase not in ("it", "this", "that", "them", "what"))
    return bool(pointed) and all(_names(vocabulary, phrase) != "artifact" for phrase in pointed)


def _there_after(text: str, phrase: str) -> bool:
    """ "there" said within a few words after `phrase` ("that's your week there", "that's your tuesday the
    fourth there"), which the parse does not always hang on the verb."""
    return bool(re.search(r"\b" + re.escape(phrase) + r"(?:\s+[\w']+){0,3}?\s+there\b", text))


def _asked_of(text: str, phrase: str) -> bool:
    """`phrase` said in a question ("is this your sign-off?", "so this is your rota, yes?"): the sentence it
    is in ends with a question mark."""
    at = text.find(phrase)
    if at < 0:
        return False
    end = re.search(r"[.?!]", text[at + len(phrase) :])
    return end is not None and end.group() == "?"


def _buyers_own_pointed(clauses: Sequence[Clause], vocabulary: ScreenVocabulary, text: str) -> bool:
    """Something of the buyer's pointed at as it stands ("here's your allotment site", "this is your week", raw
    ASR's "thats your tuesday there"): the buyer's own records up on the screen. A figure of theirs ("that's your nine
    hundred a quarter") or a document ("here's your quote") is none, and "that" without "there" points back at
    what was said ("that's your deadline, then"); nor does one said as what the speaker knows ("I gather this is
    your hectic week") or asked ("is this your call?")."""
    words = vocabulary.words
    for clause in clauses:
        if clause.verb not in ("be", "s") or clause.negated or clause.modal or clause.past:
            continue
        if clause.governor in words["reported_verbs"]:
            continue
        if "here" in clause.particles:
            pointed = (*clause.objects, clause.subject)  # "here's your allotment site" parses it as the subject
        elif _deictic(clause.subject, words):
            pointed = clause.objects
        elif clause.subject == "that":
            there = "there" in clause.particles
            pointed = tuple(phrase for phrase in clause.objects if there or _there_after(text, phrase))
        else:
            continue
        for phrase in pointed:
            said = phrase.split()
            if (
                said[:1]
                and said[0] in words["buyer_owned"]
                and not set(said) & words["figure_words"]
                and not re.search(r"\d", phrase)
                and _names(vocabulary, phrase) != "artifact"
                # "is this your budget to approve?" asks, it points at nothing
                and not _asked_of(text, phrase)
            ):
                return True
    return False


def _buyers_things_put_in(clauses: Sequence[Clause], words: dict[str, frozenset[str]]) -> bool:
    """The speaker saying they put the buyer's own things in ("I've added your nine stables", "I built it off
    your seating plan", "we filled it with your two trailers"): what they point at holds the buyer's records."""
    return any(
        c.subject in ("i", "we")
        and c.verb in words["loaded_verbs"]
        and not (c.negated or c.modal)
        and any(
            phrase.split()[:1] and phrase.split()[0] in words["buyer_owned"]
            for phrase in (*c.objects, *(place for _, place in c.places))
        )
        for c in clauses
    )


def lowered(text: str) -> str:
    """`text` lower-cased with curly apostrophes made straight, as the vocabularies are written."""
    return text.lower().replace("’", "'")


def _not_up(
    vocabulary: ScreenVocabulary, transcript: Transcript, index: int, text: str, share: list[tuple[int, int]]
) -> bool:
    """A share that is not on the screen yet: the rep says so after it (`text`, lowered: "can you see
    it yet? no, not yet, one sec"), the buyer's reply opens by saying so ("nothing yet, it's just
    your face"), or it says the screen stalls ("i've got the link open, it's just spinning")."""
    if _follows(share, vocabulary.spans("not_up", text), vocabulary.window_words):
        return True
    # "right, sharing now. it's asking me to log in again": the share stalls in the rep's own words
    if _follows(share, vocabulary.spans("stalled", text), len(text.split())):
        return True
    if index + 1 >= len(transcript.utterances) or transcript.utterances[index + 1].speaker != "buyer":
        return False
    reply = lowered(transcript.utterances[index + 1].text)
    return any(first <= REPLY_OPENING for first, _ in vocabulary.spans("not_up", reply)) or _reply_stalls(
        vocabulary, transcript, index
    )


def _buyer_has_document(vocabulary: ScreenVocabulary, transcript: Transcript, index: int, reply: str) -> bool:
    """The buyer says a document is in front of them ("it came through, i've got it here", "its up on my
    phone"), the document named in their turn or in the rep's turn just before it."""
    if not vocabulary.has("buyer_has", reply):
        return False
    if vocabulary.has("artifact", reply):
        return True
    before = transcript.utterances[index - 1] if index > 0 else None
    return (
        before is not None and before.speaker in ("rep", "unknown") and vocabulary.has("artifact", lowered(before.text))
    )


def _buyer_sees_document(vocabulary: ScreenVocabulary, reply: str) -> bool:
    """The buyer's reply to a bare screen check names a document at its opening ("yes, a spreadsheet,
    is that ours?") or as what they see ("no i can see it, i can see a slide with a logo on it")."""
    artifact = vocabulary.spans("artifact", reply)
    seeing = [(i, i) for i, word in enumerate(reply.split()) if word.strip(",.?!") in vocabulary.words["seeing_verbs"]]
    window = vocabulary.window_words
    return any(first <= window for first, _ in artifact) or _follows(seeing, artifact, window)


def _reply_stalls(vocabulary: ScreenVocabulary, transcript: Transcript, index: int) -> bool:
    """The buyer's reply says their screen stalls, anywhere in it ("yeah i've got the link open, it's
    just spinning")."""
    if index + 1 >= len(transcript.utterances) or transcript.utterances[index + 1].speaker != "buyer":
        return False
    return vocabulary.has("stalled", lowered(transcript.utterances[index + 1].text))


def screen_moves(
    transcript: Transcript, vocabulary: ScreenVocabulary, parses: Sequence[Parsed] | None = None
) -> list[ScreenMove]:
    """Per rep utterance that shares, points or defers: what it shows. A document counts when it is
    what the rep shares or points at (within a few words of it, or its object in the parse); a
    deferral when it is said of the showing; pointing at the screen while a document is up is still
    the document; a share the rep or the buyer says is not up yet shows nothing. `parses` (one per utterance, from the spaCy pass) adds the parse's reading."""
    moves = []
    on_screen = None  # product | artifact
    # the screen shared with nothing named on it ("can you see my screen ok?") shows what the rep
    # points at next: a document pointed at next was on the screen from the share on
    unnamed: int | None = None
    artifact_turn = False  # this rep turn follows, with only the buyer between, one that put a document up
    # the rep's last turn showed the product (only the buyer between): what was on the screen before it
    product_turn: tuple[int, str | None] | None = None
    # the rep's last turn shared but moved nothing (only the buyer between): "I'm just logging in now"
    share_turn: int | None = None
    # the buyer's turn that asked to be shown the product ("show me that commissions screen again")
    asked: int | None = None
    # a rep turn before this one named a document ("I'll kick off with a few slides")
    document_named = False
    # the rep's turn that offered, as a question, to show something that is no document ("can I show you
    # the rota screen?"): the buyer's reply taking it up asks for the product
    offered: int | None = None
    # the buyer's turn that said the product the rep sent is open ("right, done, it's showing a page")
    opened: int | None = None
    # the rep's last turn showed the product only as a wish ("I'd love to show you the booking screen one day"),
    # with only the buyer between: (its index, what was on the screen before it)
    wished_turn: tuple[int, str | None] | None = None
    window = vocabulary.window_words
    for index, utterance in enumerate(transcript.utterances):
        if utterance.speaker not in ("rep", "unknown"):
            # "can you see my screen?" - "I can see a spreadsheet, is that ours?": the buyer says what is up
            reply = lowered(utterance.text)
            asked = index if _asks_to_see(vocabulary, reply) else None
            # "shall I show you the rota?" - "go on": the buyer taking up the rep's offer asks to be shown
            if offered == index - 1 and not _turns_down(vocabulary, reply):
                asked = index
            opened = index if vocabulary.has("buyer_opened", reply) else None
            # "did the quote come through okay?" - "yeah i've got it here, twelve six": the document is in
            # front of the buyer, so the rep's next turn pointing at a part of it ("so that's the three
            # licences and the parts module") goes through the document
            if _buyer_has_document(vocabulary, transcript, index, reply):
                on_screen, artifact_turn = "artifact", True
            if unnamed is not None and index == unnamed + 1 and _buyer_sees_document(vocabulary, reply):
                moves.append(ScreenMove(unnamed, "artifact"))
                on_screen, unnamed, artifact_turn = "artifact", None, True
            continue
        text = lowered(utterance.text)
        before = on_screen
        share, product, live, artifact = (
            vocabulary.spans(name, text) for name in ("share", "product", "live", "artifact")
        )
        # "before we click through, who else uses it?": a live step said to wait on something
        # else is put off, not taken
        words = text.split()
        live = [span for span in live if "before" not in words[max(0, span[0] - 2) : span[0]]]
        # "I can't show you the planner live", "I was going to take you through the system, but...":
        # a share called off right before it shows nothing
        # (a call-off that ends its sentence, "here's why it can't. I'll share my screen", calls nothing off)
        called_off = vocabulary.spans("called_off", text)
        kept = [
            s
            for s in share
            if not any(
                s[0] > c[0] and 0 <= s[0] - c[1] <= 1 and not _sentence_ends(text, c[0], s[0]) for c in called_off
            )
        ]
        share, called = kept, len(kept) < len(share)
        parsed = read_parse(text, parses[index], vocabulary) if parses is not None else ParseReading()
        # "I'll close that" with a case study up puts the case study away
        put_away = parsed.put_away or (parsed.put_away_pronoun and on_screen == "artifact")
        # "so those were the slides. this is the stock screen": a document up (or the screen shared with
        # nothing named, which the pointing back says was the document), pointed back at as done, and
        # something that is no document pointed at after it is the product coming up
        # (a document the rep named in an earlier turn, "I'll kick off with a few slides", was up too,
        # however the pass read its going up)
        document_up = on_screen == "artifact" or unnamed is not None or document_named
        # "ok, that's the deck done. here's the rota": the document said to be done with, and
        # something that is no document pointed at after it, is the rep moving off the document as well
        moved_off = parsed.pointed_past or (parsed.put_away and parsed.pointed_unnamed)
        left_document = moved_off and document_up and not parsed.artifact
        put_away = put_away or left_document
        # "click Stock on the left": the rep guides the buyer through the product they have open
        guided = _near(vocabulary.spans("guide", text), _interface_places(vocabulary, text), GUIDE_WINDOW)
        # "right, done, it's showing a page with jobs and sites" - "click Sites, I've put in two sample
        # mills": the rep's next turn steering the buyer through what they opened works the product
        guided = guided or (
            opened == index - 1
            and not artifact
            # "before you click anything, what are you paying now?" puts the steering off
            and not re.search(r"\bbefore\b", text)
            and (
                bool(vocabulary.spans("guide", text) or _interface_places(vocabulary, text))
                or vocabulary.has("guided_step", text)
                or parsed.user_side
                or parsed.ui_pointed
                # "that's your stock board as the pickers see it": what the buyer opened, pointed at, unless
                # what they have open is a document ("yes, the quote's open in front of me")
                or (on_screen != "artifact" and _points_at_what_is_open(parses[index].clauses if parses else ()))
            )
        )
        worked = bool(live) or guided
        shows_product = worked or _follows(share, product, window) or parsed.product
        # an interface seen from its user's side, while the rep points at the screen
        pointing = bool(share) or parsed.pointing or (parsed.ui_pointed and on_screen != "artifact")
        shows_product = shows_product or (parsed.user_side and pointing)
        # "this is the roster for a sample vessel": pointing at made-up data is a product loaded for show
        shows_product = shows_product or (pointing and vocabulary.has("demo_data", text))
        # "closing the slides now. This is the project page": what is pointed at next is the product; so
        # is something pointed at that is no document once the rep leaves one, whatever the pass saw of
        # it going up ("let me come off the slides. This is Tallyhop, the yard view")
        shows_product = shows_product or (put_away and pointing and on_screen == "artifact")
        shows_product = shows_product or (put_away and parsed.pointed_unnamed and not parsed.artifact)
        # "Right, I'm sharing now. This is the matter list...": a share announced, then something pointed
        # at that is no document is the product
        shows_product = shows_product or (
            vocabulary.has("announce", text) and parsed.pointed_unnamed and not artifact and on_screen != "artifact"
        )
        # the thing named nearest after the share is what is shown ("that's the order form, two
        # rooftops and the inventory module" shows the order form)
        to_artifact, to_product = _nearest_after(share, artifact, window), _nearest_after(share, product, window)
        named_artifact = to_artifact is not None and (to_product is None or to_artifact < to_product)
        # "I put a few slides together. Sharing now.": a share that names nothing shows the document
        # the utterance names before it or beside it; a document named only in a sentence after the
        # share's ("that's the trouble with paper. the invoice gets lost") is talked about, not shown
        shared_document = any(a[0] < s[0] or not _sentence_ends(text, s[1] - 1, a[0]) for a in artifact for s in share)
        named_artifact = named_artifact or bool(shared_document and not product and not put_away)
        # "can you see the trial login i sent over": what the share names, someone sent, with no product
        # named before it; the buyer's own thing pointed at ("here's your leotard block, the one you sent over",
        # "this is your part list, from the file you sent") is their records loaded into the product
        named_artifact = named_artifact or any(
            _sent(vocabulary, " ".join(words[end + 1 :]), window)
            and not any(end < p[0] <= end + window for p in product)
            and words[end - 1].strip(",.?!") not in vocabulary.words["buyer_owned"]
            for _, end in share
        )
        put_up = _put_up(vocabulary, text)
        # "could we have the tide chart back on?" - "there, that's this morning's run, and the summary is mailed
        # nightly": something that is no document pointed at right after the buyer asked for the product is the
        # product, whatever document the turn talks of
        asked_pointed = (
            asked == index - 1
            and parsed.pointed_unnamed
            and not (named_artifact or parsed.artifact_named or put_up == "artifact")
        )
        shows_artifact = (
            (named_artifact or parsed.artifact or put_up == "artifact")
            and not parsed.product
            and not left_document
            and not asked_pointed
        )
        # "show me that commissions screen again" - "Of course. Here it is: ...": what the rep points at
        # right after the buyer asked for the product is the product, unless it is a document
        shows_product = shows_product or (
            asked == index - 1 and (bool(share) or parsed.pointing) and not (shows_artifact or artifact)
        )
        shows_product = shows_product or asked_pointed
        # "here's your allotment site", "this is Friday, I've put your four vans in": the buyer's own records pointed
        # at are the product, unless a document is up
        shows_product = shows_product or (parsed.buyers_own and not shows_artifact and on_screen != "artifact")
        shows_product = shows_product or put_up == "product"
        deferrals = _dated_records(vocabulary, text, vocabulary.spans("deferral", text))
        deferred = _near(deferrals, vocabulary.spans("show", text), window)
        # the rep's next turn after putting a document up, pointing at a part of it ("that's the
        # scheduling module, for the whole year"), is still on the document: nothing changed the
        # screen (no switch word, no user of an interface, no part of one pointed at)
        # (unless the buyer asked in between to see the product: "could you bring the rota back?")
        still_up = (
            artifact_turn
            and asked != index - 1
            and shows_product
            and not (worked or parsed.user_side or parsed.ui_pointed or put_away)
            and not set(re.findall(r"[\w']+", text)) & vocabulary.words["switch_words"]
        )
        if still_up:
            shows_product, shows_artifact = False, True
        if vocabulary.has("invited_share", text) and not (worked or shows_product):
            # "please, go ahead and share": what goes up is the buyer's, no product of the rep's
            on_screen = "artifact"
            moves.append(ScreenMove(index, "artifact"))
        elif (
            share
            and not (worked or shows_product or shows_artifact)
            and _not_up(vocabulary, transcript, index, text, share)
        ):
            moves.append(ScreenMove(index, "not_up"))
        elif (deferred or parsed.deferred or called) and not worked:
            moves.append(ScreenMove(index, "deferred"))
        elif shows_artifact and not worked:
            on_screen = "artifact"
            moves.append(ScreenMove(index, "artifact"))
        elif shows_product:
            on_screen = "product"
            moves.append(ScreenMove(index, "product"))
            # "I'll log in to the demo account. It's thinking.": a share that stalls shows nothing, however
            # much the rep says of it before the stall ("Let me share. This is the login page, it should take
            # me straight through to a sample account... it's thinking."), and so does one the buyer's reply
            # says stalls
            if (
                share
                and not worked
                and (
                    _follows(share, vocabulary.spans("stalled", text), len(text.split()))
                    or _reply_stalls(vocabulary, transcript, index)
                )
            ):
                moves[-1], on_screen = ScreenMove(index, "not_up"), before
        # pointing at, or going through, what is up while a document is up stays on the document
        elif (share or parsed.pointing or parsed.shown) and on_screen == "artifact" and not product:
            moves.append(ScreenMove(index, "artifact"))
        moved = bool(moves) and moves[-1].utterance == index
        # "let me just log in" - "sure" - "it's just spinning on the login page": the product never came up
        # (a turn that shares again and stalls, "let me log in again, it's spinning", is such a turn too)
        stalls = (
            (not moved or moves[-1] == ScreenMove(index, "not_up")) and not worked and vocabulary.has("stalled", text)
        )
        if product_turn is not None and stalls:
            moves[moves.index(ScreenMove(product_turn[0], "product"))] = ScreenMove(product_turn[0], "not_up")
            on_screen = product_turn[1]
        # "I'm just logging in now" - "While this loads: ...": the share before showed nothing either
        if share_turn is not None and stalls:
            moves.insert(sum(m.utterance < share_turn for m in moves), ScreenMove(share_turn, "not_up"))
        # "still spinning on mine too, the login page isn't loading": the turn itself shows nothing
        if stalls and not moved:
            moves.append(ScreenMove(index, "not_up"))
            moved = True
        # "I'd love to show you the booking screen one day" - "go on then" - "let's say Wednesday at eleven": a showing
        # only wished for, then a day proposed for it, is promised for later (the rep's next turn showing
        # nothing, only planning)
        if wished_turn is not None and not moved and _plans_a_day(parses, index):
            moves[moves.index(ScreenMove(wished_turn[0], "product"))] = ScreenMove(wished_turn[0], "deferred")
            on_screen = wished_turn[1]
        only_wished = bool(share) and all(
            any(0 <= s[0] - w[1] <= 1 for w in vocabulary.spans("wished", text)) for s in share
        )
        wished_turn = (
            (index, before)
            if moved and moves[-1].shows == "product" and only_wished and not (worked or parsed.pointing)
            else None
        )
        product_turn = (index, before) if moved and moves[-1].shows == "product" else None
        share_turn = index if share and not moved else None
        if moved and unnamed is not None and moves[-1].shows == "artifact":
            moves.insert(-1, ScreenMove(unnamed, "artifact"))
        # "is my screen coming through?" - "is that the notes?" - "yeah, only the notes of our last chat": a
        # document the rep names as the next turn opens, moving nothing and naming nothing of the product, is
        # what the bare share put up
        elif (
            not moved
            and unnamed is not None
            and index - unnamed <= 2
            and any(first <= window for first, _ in artifact)
            and not (product or live or worked or parsed.product)
        ):
            moves.insert(sum(m.utterance < unnamed for m in moves), ScreenMove(unnamed, "artifact"))
            on_screen, unnamed = "artifact", None
        if moved or share or parsed.pointing:
            unnamed = None
        if not moved and SCREEN_SHARED.search(text) and not (product or artifact or worked or parsed.user_side):
            unnamed = index
        artifact_turn = bool(moves) and moves[-1] == ScreenMove(index, "artifact")
        document_named = document_named or (bool(artifact) and not (moved and moves[-1].shows == "deferred"))
        offered = index if not moved and _offers_to_show(vocabulary, text, artifact) else None
    return moves


def _plans_a_day(parses: Sequence[Parsed] | None, index: int) -> bool:
    """The utterance names a day or time ("how about Tuesday the ninth at two?", "so, Monday, ten o'clock?",
    "sometime next week"), or its parse says one for something to come ("let's say Wednesday at eleven")."""
    if parses is None:
        return False
    parsed = parses[index]
    return parsed.date is not None or any(c.time and not (c.past or c.negated) for c in parsed.clauses)


def greetings(
    transcript: Transcript,
    vocabulary: ScreenVocabulary,
    moves: list[ScreenMove],
    parses: Sequence[Parsed] | None = None,
) -> list[ScreenMove]:
    """The rep's turns before the buyer has said a word that move nothing on the screen and share,
    point at, name or work nothing of the product: the greeting ("Sam, Jo, morning. I can hear the
    printers from there", "I've got last month's invoice open, so I guess we're here about the
    number"), which shows nothing however the classifier hears it."""
    moved = {move.utterance for move in moves}
    result = []
    for index, utterance in enumerate(transcript.utterances):
        if utterance.speaker == "buyer":
            break
        if index in moved:
            continue
        text = lowered(utterance.text)
        parsed = read_parse(text, parses[index], vocabulary) if parses is not None else ParseReading()
        named = any(vocabulary.has(name, text) for name in ("share", "product", "live", "guide"))
        # what is pointed at may be the document the rep has open, and that is no product either
        pointing = parsed.pointing and not vocabulary.has("artifact", text)
        if not (named or pointing or parsed.product or parsed.user_side or parsed.ui_pointed):
            result.append(ScreenMove(index, "greeting"))
    return result


def screen_acts(
    features: list[UtteranceFeatures], moves: list[ScreenMove], veto_factor: float
) -> list[UtteranceFeatures]:
    """`demo_start` raised where the product is shown, held down (by `veto_factor`) where a
    document is shown or the demo is deferred."""
    updated = list(features)
    for move in moves:
        current = updated[move.utterance]
        confidence = current.acts.get(DEMO_ACT, 0.0)
        if move.shows == "product":
            if confidence >= PRODUCT_CONFIDENCE:
                continue
            confidence, source = PRODUCT_CONFIDENCE, "screen:product"
        elif confidence:
            confidence, source = (
                confidence * veto_factor,
                f"{current.act_sources.get(DEMO_ACT, '')}-screen:{move.shows}",
            )
        else:
            continue
        updated[move.utterance] = replace(
            current,
            acts={**current.acts, DEMO_ACT: round(confidence, 4)},
            act_sources={**current.act_sources, DEMO_ACT: source},
        )
    return updated
