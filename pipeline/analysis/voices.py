"""Who the executive is: a title said of a buyer-side voice that speaks in the call.

The classifier hears an executive's introduction faintly when it is said in passing ("Yes, Nikolai
Petrov, managing director", "Victor's our founder, so he likes to see this"). What decides is who
the title belongs to. Where the transcript names its voices (`speaker_name`), a title said in the
speaker's own introduction (their own name, or "I'm the ..."), or said of another buyer-side voice
of the call, is an executive taking part, however faintly the words read. A title said of someone
named who is no voice of the call, with no word of their being on it ("I recommend, Graham signs.
He's the managing director."), belongs to someone only talked about: a reading that counts is
lowered. A title of someone unnamed ("our CEO asked me to look into this") is left as read, and so
is a call without names.

Pure: the transcript and its features in, the features with `executive_intro` raised or lowered.
"""

from __future__ import annotations

import re

from pipeline.analysis.features import MISSING, VETOED, open_to_raise, reread
from pipeline.model import Transcript, UtteranceFeatures

EXECUTIVE_ACT = "executive_intro"
# a reading this faint, with the title in the utterance (no missing cue), is enough once the title is a voice's
FAINT = 0.05
PRESENT = 0.9
# a reading that counts (the behaviour's threshold), and what a title of someone absent is lowered to
COUNTS = 0.5
MENTIONED = 0.2
# how the title was read: by the classifier, or by a pattern marked `third_person` in
# rules/patterns/executives.jsonl, which says only "is the CFO"; a pattern that says the person is on
# the call ("our CFO is with us") or is the speaker is kept
_CLASSIFIER = "classifier"
_PATTERN = "pattern:"
_ON_THE_CALL = re.compile(r"\b(?:here|join\w*|with (?:us|me)|on the (?:call|line)|dial(?:l)?ed in|sitting in)\b")
# a capitalised word inside a sentence ("I recommend, Graham signs", "our president, Graham, chairs it")
_NAME_INSIDE = re.compile(r"(?<![.?!]\s)(?<=\s)([A-Z][a-z]+)\b")
_NO_NAMES = frozenset(
    "I I'm I'll I've I'd Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December".split()
)
_WORD = re.compile(r"[A-Za-z][\w'-]*")
# "I'm the ..." says who the speaker is; "I'm the one who'll live with it", "I'm a bit lost" say no role
_SELF = re.compile(r"\b(?:i'm|i am) (?:(?:the|a|an)\b(?! (?:one|bit|little)\b)|one of the\b)")


# a name given a title or the business: "Gordon, our MD, was not happy", "Clem owns the studio",
# "Marta's the owner"
_TITLE_LINK = r"(?:,? our\b|, (?:the|my)\b|'s (?:our|the|my)\b| is (?:our|the|my)\b| (?:co-)?(?:owns|founded)\b)"


def _names_of_the_call(transcript: Transcript) -> set[str]:
    """The names said inside a sentence anywhere in the call ("Did Clem get the price sheet?"),
    lowercased: a name said again where it opens a sentence is still a name."""
    return {
        word.lower()
        for utterance in transcript.utterances
        for word in _NAME_INSIDE.findall(utterance.text)
        if word not in _NO_NAMES
    }


def _absent_titled(text: str, absent: set[str], voices: set[str]) -> bool:
    """Someone of the call who is no voice of it is given the title here, wherever in the sentence
    the name stands ("Gordon, our MD, was not happy"), and nobody is said to be on the call; a
    voice's surname ("Paul Okafor's our CFO" of the voice Paul) names the voice."""
    if _ON_THE_CALL.search(text.lower()):
        return False
    return _titled(text, absent, voices)


def _titled(text: str, names: set[str], voices: set[str]) -> bool:
    """One of `names` is given the title or the business here, wherever the name stands in the
    sentence; a voice's name before it ("Paul Okafor's our CFO" of the voice Paul) makes it the
    voice's surname."""
    return any(
        (match.group(1) or "").strip().lower() not in voices
        for name in names
        for match in re.finditer(rf"(\w+\s+)?\b{re.escape(name)}{_TITLE_LINK}", text, flags=re.IGNORECASE)
    )


def _absent_owns(text: str, absent: set[str]) -> bool:
    """Someone of the call who is no voice of it is said to own or to have founded the business
    ("Moira owns the business"), and nobody is said to be on the call."""
    if _ON_THE_CALL.search(text.lower()):
        return False
    return any(
        re.search(rf"\b{re.escape(name)} (?:co-)?(?:owns|founded)\b", text, flags=re.IGNORECASE) for name in absent
    )


# words read out or quoted ("Here's what it says: 'Kemi, far too pricey.'"): a quote opens after a
# space or the start and closes before a space, a stop or the end, so "I'm" and "Sam's" open none
_QUOTED = re.compile(r"(?:(?<=\s)|^)['\"“‘](.+?)['\"”’](?=\s|$|[.,!?;:])")


def _unquoted(text: str) -> str:
    """The utterance without the words it reads out or quotes: a name in them is whoever wrote them
    addressing someone, not the speaker saying who they are or who is on the call."""
    return _QUOTED.sub(" ", text)


def _first_name(name: str | None) -> str | None:
    return name.split()[0].lower() if name and name.split() else None


def _said(text: str) -> set[str]:
    """The words of the utterance, with a possessive "'s" cut off ("Victor's our founder")."""
    return {re.sub(r"'s$", "", word.lower()) for word in _WORD.findall(text)}


def _absent_named(text: str, voices: set[str], speaker_too: bool = False) -> bool:
    """Someone is named inside a sentence who is no voice of the call, and nobody is said to be on
    it; unless `speaker_too`, a speaker who says who they are ("I'm the ...") names themselves."""
    if _ON_THE_CALL.search(text.lower()) or (not speaker_too and _SELF.search(text.lower())):
        return False
    names = {word for word in _NAME_INSIDE.findall(text) if word not in _NO_NAMES}
    return bool(names) and not {name.lower() for name in names} & voices


def _third_person(source: str, third_person: frozenset[str]) -> bool:
    """Whether the reading that counts came from the classifier or a pattern of a title said in the
    third person (the first of the act's sources: "pattern:executive_intro/is-our-title+classifier")."""
    first = source.split("+")[0]
    return first == _CLASSIFIER or (first.startswith(_PATTERN) and first.removeprefix(_PATTERN) in third_person)


# the rep greeting someone by name as the turn opens ("oh hi Tamsin", "hello again Rob", "hi jo hi sam"):
# the greeted one is on the call; "morning" inside a turn ("we'll go through it tomorrow morning with the team")
# greets nobody
_GREETING = re.compile(
    r"^(?:(?:oh|ah|um|uh|well|and|so|right|ok|okay)\s+)*"
    r"((?:(?:hi|hello|hiya|hey|morning|afternoon|evening|welcome)\s+(?:again\s+)?[a-z]+\s*)+)"
)
_GREETED_NAME = re.compile(r"\b(?:hi|hello|hiya|hey|morning|afternoon|evening|welcome)\s+(?:again\s+)?([a-z]+)\b")
# a turn that sets two people against each other ("sam signs the budgets but the MD okays the rest"): the
# title may be the other one's
_CONTRAST = re.compile(r"\b(?:but|though|although|whereas|except)\b")
_NOT_GREETED = frozenset(
    "there everyone everybody all both again guys folks team you yourself its it's it so um uh er and "
    "yeah yes ok okay sorry thanks to from is this that the hi hello hiya hey".split()
)
# the title of an executive, or owning or founding the business, in a buyer's words (the cue
# executive_intro/cue-title of rules/patterns/executives.jsonl)
_TITLE_CUE = EXECUTIVE_ACT


def _greeted(transcript: Transcript) -> set[str]:
    """The names the rep greets where a buyer's turn answers the greeting, lowercased: in a call without
    named voices, the people who speak for the buyer."""
    names = set()
    for index, utterance in enumerate(transcript.utterances[:-1]):
        if utterance.speaker == "rep" and transcript.utterances[index + 1].speaker == "buyer":
            opening = _GREETING.match(utterance.text.lower())
            if opening:
                names |= {name for name in _GREETED_NAME.findall(opening.group(1)) if name not in _NOT_GREETED}
    return names


# a turn that opens by greeting ("hello", "hiya ben", "morning all")
_OPENS_WITH_GREETING = re.compile(r"^(?:(?:oh|ah|um|uh|er)\s+)*(?:hi|hello|hiya|hey|morning|afternoon|evening)\b")


def _greeted_back(transcript: Transcript, index: int) -> bool:
    """The buyer's turn is answered by another buyer-side voice's greeting, right after it ("we've got
    our chair on as well" - "hello, don't mind me"): the one just introduced speaks."""
    following = transcript.utterances[index + 1] if index + 1 < len(transcript.utterances) else None
    return (
        following is not None
        and following.speaker == "buyer"
        and bool(_OPENS_WITH_GREETING.match(following.text.lower().lstrip()))
    )


def _greeted_titles(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """In a call without named voices, a buyer giving an executive's title beside the name of someone
    the rep greets, and who answers ("ive got Tamsin on the phone, she's our chair" - "oh hi Tamsin" -
    "hiya"), introduces an executive taking part, however faintly the words read: the greeting
    answered says the one given the title is on the call, where "Tamsin's the owner" alone may be of
    someone away. So does a title whose turn another buyer-side voice answers with a greeting of their
    own, right after it: the one given the title has spoken."""
    greeted = _greeted(transcript)
    updated = list(features)
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        if utterance.speaker != "buyer" or _TITLE_CUE not in current.cues:
            continue
        # a title a veto pattern ruled out (the chair said to be away on leave) stays as read
        if not open_to_raise(current, EXECUTIVE_ACT, PRESENT):
            continue
        said = _said(_unquoted(utterance.text))
        if (greeted & said or _greeted_back(transcript, index)) and not _CONTRAST.search(utterance.text.lower()):
            updated[index] = reread(current, EXECUTIVE_ACT, PRESENT, "+voices:title-of-one-greeted")
    return updated


# a title said of "he" or "she" ("Ana decides, she's the owner", "hes our md") or of someone named ("cal is
# the owner"), or the business said to be someone else's ("gwen owns the place", "he founded it"): the title
# of someone talked about, unless the turn presents them ("this is Dana, she's the owner") or says they are on
# the call
_PRONOUN_TITLED = re.compile(
    r"\b(?:he|she)(?:'s|s| is)\s+(?:the|our|my)\b"
    r"|\b(?!(?:i|we|you|it|this|that|what|who|there|here|they|which)\b)[a-z]+ "
    r"(?:is (?:the|our)\b|(?:co-)?(?:owns|founded)\b)"
)
_PRESENTED = re.compile(r"\b(?:this is|that's|thats|meet|say hi|say hello)\b")


# the rep greeting someone by name anywhere in a turn ("hello Kwame, hello Ines", "good morning, Ines")
_GREETED_ANYWHERE = re.compile(r"\b(?:hi|hello|hiya|hey|morning|afternoon|evening|welcome)\W+(?:again\W+)?([a-z]+)")


def _greeted_by_the_rep(transcript: Transcript) -> set[str]:
    """The names the rep greets anywhere in the call, lowercased: the greeted are on the call."""
    return {
        name
        for utterance in transcript.utterances
        if utterance.speaker == "rep"
        for name in _GREETED_ANYWHERE.findall(utterance.text.lower())
        if name not in _NOT_GREETED
    }


def _title_of_one_talked_about(transcript: Transcript, index: int, text: str, greeted: set[str]) -> bool:
    """The buyer's turn gives the executive's title to "he" or "she", or the business to someone else, the
    speaker saying no role of their own ("I'm the ..."), presenting nobody, naming nobody the rep greets
    (`greeted`) and saying nobody is on the call, and no other buyer-side voice greets right after it: the
    title of someone only talked about."""
    lowered = text.lower()
    return (
        not greeted & _said(text)
        and bool(_PRONOUN_TITLED.search(lowered))
        and not _SELF.search(lowered)
        and not _ON_THE_CALL.search(lowered)
        and not _PRESENTED.search(lowered)
        and not _greeted_back(transcript, index)
    )


def _talked_about_titles(
    transcript: Transcript, features: list[UtteranceFeatures], third_person: frozenset[str]
) -> list[UtteranceFeatures]:
    """In a call without named voices, a title heard in the third person that the buyer gives to "he" or
    "she", or the business given to someone else, with no name in the turn that the rep greets ("cal is the
    owner she okays the spending", the rep having greeted Lena), belongs to someone talked about:
    a reading that counts is lowered."""
    greeted = _greeted(transcript) | _greeted_by_the_rep(transcript)
    updated = list(features)
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        if utterance.speaker != "buyer" or current.acts.get(EXECUTIVE_ACT, 0.0) < COUNTS:
            continue
        source = current.act_sources.get(EXECUTIVE_ACT, "")
        text = _unquoted(utterance.text)
        if _third_person(source, third_person) and _title_of_one_talked_about(transcript, index, text, greeted):
            updated[index] = reread(current, EXECUTIVE_ACT, MENTIONED, "-voices:title-of-one-talked-about")
    return updated


# the veto of an executive away for now ("he sends his apologies", "but she's at the bank"): one who
# then speaks in the call came in after all
_ABSENCE_VETO = "executive_intro/veto-absent"


def _joining_titles(
    transcript: Transcript,
    features: list[UtteranceFeatures],
    buyer_voices: set[str],
    voices: set[str],
    absent: set[str],
) -> list[UtteranceFeatures]:
    """A buyer giving an executive's title, or the business, to someone named who is a buyer-side voice
    of the call and speaks only after it ("Noor, our MD, is on the tractor, she'll dial in later" -
    and Noor speaks later on) introduces an executive taking part, however faintly the words read and
    though they were away when it was said: the one spoken of joins. A voice who has already spoken
    is left to the reading of who the title belongs to, and so is a turn that gives the title to
    someone named who is no voice of the call ("Kit keeps our diary and Mrs Osei owns the yard"):
    the voice named beside them is not the one it belongs to, though they speak later, and the one
    it belongs to may be away ("I'm here for her") however the turn says so."""
    first_turn: dict[str, int] = {}
    for index, utterance in enumerate(transcript.utterances):
        name = _first_name(utterance.speaker_name)
        if utterance.speaker == "buyer" and name and name not in first_turn:
            first_turn[name] = index
    updated = list(features)
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        if utterance.speaker != "buyer" or _TITLE_CUE not in current.cues:
            continue
        reading = current.acts.get(EXECUTIVE_ACT, 0.0)
        source = current.act_sources.get(EXECUTIVE_ACT, "")
        vetoes = set(re.findall(rf"{re.escape(VETOED)}([\w/-]+)", source))
        if reading >= PRESENT or vetoes - {_ABSENCE_VETO}:
            continue
        text = _unquoted(utterance.text)
        if _titled(text, absent, voices):
            continue
        said = _said(text)
        joins = {
            name for name in (buyer_voices - {_first_name(utterance.speaker_name)}) & said if first_turn[name] > index
        }
        if joins:
            updated[index] = reread(current, EXECUTIVE_ACT, PRESENT, "+voices:title-of-one-who-joins")
    return updated


def executive_voices(
    transcript: Transcript, features: list[UtteranceFeatures], third_person: frozenset[str] = frozenset()
) -> list[UtteranceFeatures]:
    """`third_person`: the ids of the patterns that read a title said in the third person (the
    patterns marked so in rules/patterns/*.jsonl)."""
    buyer_voices = {
        _first_name(u.speaker_name) for u in transcript.utterances if u.speaker == "buyer" and u.speaker_name
    } - {None}
    voices = {word.lower() for u in transcript.utterances if u.speaker_name for word in u.speaker_name.split()}
    if not buyer_voices:
        return _talked_about_titles(transcript, _greeted_titles(transcript, features), third_person)
    absent = _names_of_the_call(transcript) - voices
    greeted = _greeted_by_the_rep(transcript)
    features = _joining_titles(transcript, features, buyer_voices, voices, absent)
    updated = list(features)
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        reading = current.acts.get(EXECUTIVE_ACT, 0.0)
        source = current.act_sources.get(EXECUTIVE_ACT, "")
        if reading < FAINT or MISSING + "cue" in source:
            continue
        own = _first_name(utterance.speaker_name)
        text = _unquoted(utterance.text)
        said = _said(text)
        # "I'm the technical director, but anything over five thousand goes to our MD, Rafael": the
        # speaker's own role said beside a title of someone named who is no voice of the call is no
        # executive's introduction when only the classifier heard one (a pattern read the title as
        # the speaker's: "I'm the owner, Rafael does the rota")
        beside_absent = _third_person(source, third_person) and _absent_named(text, voices, speaker_too=True)
        # "I'm head of sales, and Luke runs the test bay. Gordon, our MD, wants it sorted": where the
        # title is given to someone who is no voice of the call, the voice named beside them is not
        # the executive (the one given it may still sit in silent, so the reading stays as heard)
        titled_elsewhere = _absent_titled(text, absent, voices)
        absent_titled = _third_person(source, third_person) and titled_elsewhere
        # "I'm Dan, I run the floor. Greg, the owner, couldn't make it": the speaker saying their own
        # name beside a title given to someone who is no voice names themselves, not the executive,
        # whether or not a veto heard the absence
        title_given_away = _third_person(source.split(VETOED)[0], third_person) and titled_elsewhere
        # "I'm the workshop manager. Moira owns the business.": the business given to someone who is no
        # voice of the call, beside the speaker's own role, makes that role no executive's ("I'm the
        # owner. Hal, the chef, is at the bank" gives away no business)
        business_given_away = _third_person(source, third_person) and _absent_owns(text, absent)
        said_self = bool(_SELF.search(text.lower())) and not (beside_absent or business_given_away)
        # a title a veto pattern heard as someone's who is away ("I'm Jo. She's our MD, she can't join")
        # is not the speaker's for their saying their own name; "I'm the ..." still is
        own_named = own in said and not title_given_away and VETOED not in source
        self_introduced = utterance.speaker == "buyer" and (said_self or own_named)
        # a title a veto pattern ruled out ("I'm chief keeper. Gareth's head of finance.") is no
        # executive's for naming a voice; the speaker's own introduction beside it still is one
        voice_named = bool((buyer_voices - {own}) & said) and VETOED not in source and not absent_titled
        if (self_introduced or voice_named) and reading < PRESENT:
            updated[index] = reread(current, EXECUTIVE_ACT, PRESENT, "+voices:title-of-a-voice")
        elif (
            not (self_introduced or voice_named)
            and reading >= COUNTS
            and _third_person(source, third_person)
            and (
                beside_absent
                or (utterance.speaker == "buyer" and _title_of_one_talked_about(transcript, index, text, greeted))
            )
        ):
            updated[index] = reread(current, EXECUTIVE_ACT, MENTIONED, "-voices:title-of-someone-absent")
    return updated
