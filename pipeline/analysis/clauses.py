"""Clauses as the dependency parse reads them: each verb with its particles, objects and places.

A phrase list can tell that "quote" and "put" are both in "I'll put the quote we sent on screen";
the parse tells that the quote is what is put on the screen. `clauses_of` keeps that much of a
spaCy Doc, as plain data that crosses process boundaries and that readers such as the screen pass
(`screen.py`) interpret with their own vocabulary. No vocabulary lives here.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

# dependents that hold what a verb acts on, and those that hold its subject
_OBJECTS = {"dobj", "attr", "nsubjpass", "oprd", "dative"}
_SUBJECTS = {"nsubj", "csubj", "expl"}
# an adverb or a particle that completes the verb ("put it up", "go over", "pull it back")
_PARTICLES = {"prt", "advmod"}
# a verb's own time: a date or a time said of this verb, not of a clause inside it
_TIME_ENTITIES = {"DATE", "TIME"}
_CLAUSE_LINKS = {"relcl", "ccomp", "xcomp", "advcl", "acl", "conj", "csubj", "parataxis", "pcomp"}


@dataclass(frozen=True)
class Clause:
    """One verb of an utterance (lowercased lemmas, noun phrases as said)."""

    verb: str
    particles: tuple[str, ...] = ()
    # what the verb acts on: its objects, and the objects of "over", "through" and "at"
    objects: tuple[str, ...] = ()
    # (preposition, noun phrase) attached to the verb: ("on", "screen"), ("for", "that session")
    places: tuple[tuple[str, str], ...] = ()
    subject: str = ""
    # the subject is a person's name ("Bea would set up")
    subject_named: bool = False
    # would, will, can... said with the verb
    modal: str = ""
    # a date or a time said of this verb ("on Thursday", "next week", "tomorrow")
    time: bool = False
    # the time said of this verb, as said ("tuesday morning"); empty when none
    when: str = ""
    # the verb is in the past ("a tenant reported this morning")
    past: bool = False
    negated: bool = False
    # the verb this clause hangs from ("is" for "this is what a café owner sees"); empty for a main verb
    governor: str = ""


@dataclass(frozen=True)
class NounPhrase:
    """A noun pointed at with a demonstrative ("this search bar", "these columns")."""

    head: str
    text: str


def _start(token: Token) -> int:
    """Where the noun phrase a token heads begins: the contiguous run of its dependents that ends
    at it ("the letter" of "the letter from our auditors")."""
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("punct",)]
    start = token.i
    for word in reversed(words[:-1]):
        if word.i == start - 1:
            start = word.i
    return start


def _phrase(token: Token) -> str:
    """The noun phrase a token heads, up to the noun itself: "the summary letter", "your pickers"."""
    return token.doc[_start(token) : token.i + 1].text.lower()


def _denied(token: Token) -> bool:
    """A noun said with "not" ("just the contract pages, not the product")."""
    start = _start(token)
    return any(c.dep_ == "neg" for c in token.children) or (start > 0 and token.doc[start - 1].lower_ == "not")


def _own(token: Token, verb: Token) -> bool:
    """Whether `token` belongs to `verb` itself, not to a clause inside it."""
    while token.i != verb.i:
        if token.dep_ in _CLAUSE_LINKS or token.head.i == token.i:
            return False
        token = token.head
    return True


def _governor(verb: Token) -> str:
    """The lemma of the nearest verb above `verb` in the parse, or "" for a main verb."""
    token = verb
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token.lemma_.lower()
    return ""


def _verbs(doc: Doc) -> list[Token]:
    return [t for t in doc if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]


def clauses_of(doc: Doc) -> list[Clause]:
    """Every verb of the Doc as a Clause, in order."""
    times = [e for e in doc.ents if e.label_ in _TIME_ENTITIES]
    result = []
    for verb in _verbs(doc):
        particles, objects, places = [], [], []
        subject, subject_named, modal, negated = "", False, "", False
        for child in verb.children:
            dep = child.dep_
            if dep in _PARTICLES and child.pos_ in ("ADP", "ADV", "PART"):
                particles.append(child.lower_)
            elif dep in _OBJECTS and child.tag_ not in ("WDT", "WP") and not _denied(child):
                # a relative pronoun ("the leak that a tenant reported") stands for a noun said before
                objects.append(_phrase(child))
            elif dep in _SUBJECTS and not subject:
                subject, subject_named = _phrase(child), child.pos_ == "PROPN"
            elif dep == "aux" and child.tag_ == "MD":
                modal = child.lemma_.lower()
            elif dep == "neg":
                negated = True
            elif dep == "npadvmod" and child.pos_ in ("NOUN", "PROPN"):
                # a noun said as an adverb of the verb: "let's do that next time"
                places.append(("", _phrase(child)))
            elif dep in ("prep", "agent"):
                nouns = [g for g in child.children if g.dep_ == "pobj"]
                if not nouns:
                    # "pop the letter up on screen": "up" carries the place
                    particles.append(child.lower_)
                    nouns = [g for c in child.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
                    places.extend((p.head.lower_, _phrase(p)) for p in nouns)
                    continue
                for noun in nouns:
                    places.append((child.lower_, _phrase(noun)))
                    if child.lower_ in ("over", "through", "at"):
                        objects.append(_phrase(noun))
        own_times = [e.text.lower() for e in times if e.root.i != verb.i and _own(e.root, verb)]
        result.append(
            Clause(
                verb=verb.lemma_.lower(),
                particles=tuple(particles),
                objects=tuple(objects),
                places=tuple(places),
                subject=subject,
                subject_named=subject_named,
                modal=modal,
                time=bool(own_times),
                when=" ".join(own_times),
                past=verb.tag_ == "VBD",
                negated=negated,
                governor=_governor(verb),
            )
        )
    return result


def pointed_nouns(doc: Doc) -> list[NounPhrase]:
    """Nouns said with "this" or "these": what the speaker points at."""
    return [
        NounPhrase(token.head.lemma_.lower(), _phrase(token.head))
        for token in doc
        if token.dep_ == "det" and token.lower_ in ("this", "these") and token.head.pos_ in ("NOUN", "PROPN")
    ]
