"""Price reactions: a buyer's pushback or request for less answers a price that is on the table.

The classifier hears "that's more than we expected" in "that's a useful number to have", "can
members book for free?" and "we get two or three orders wrong every day". What makes an utterance a
pushback is where it stands: a price is on the table (someone named one or talked price before, the
call has a list price, or the buyer names one or talks price in the utterance itself, or the words are those of a
price objection, `rules/patterns/negotiation.jsonl`), and the reaction does not
say the price is better than feared ("less than we expected"). Right after the rep names a price,
a hesitant reading of a pushback is raised instead: that is where pushback is said.

Pure: the transcript, its features, the price trajectory (`prices.py`) and the price vocabulary in,
the features with `price_pushback` and `discount_request` adjusted out.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.analysis.prices import PriceMove, PriceVocabulary, mentions, normalise
from pipeline.model import Transcript, UtteranceFeatures

REACTION_ACTS = ("price_pushback", "discount_request")
# a reading of pushback at least this sure, said right after the rep's price, counts
ANSWER_FLOOR = 0.4
ANSWER_CONFIDENCE = 0.6


def _raise(features: UtteranceFeatures, act: str, confidence: float, source: str) -> UtteranceFeatures:
    return replace(
        features,
        acts={**features.acts, act: round(confidence, 4)},
        act_sources={**features.act_sources, act: f"{features.act_sources.get(act, '')}{source}"},
    )


def price_reactions(
    transcript: Transcript,
    features: list[UtteranceFeatures],
    moves: list[PriceMove],
    vocabulary: PriceVocabulary,
    veto_factor: float,
) -> list[UtteranceFeatures]:
    asks = {m.utterance for m in moves if m.speaker == "rep" and m.move in ("ask", "concession")}
    moved = {m.utterance for m in moves}
    on_table = transcript.list_price is not None
    rep_priced_last = False  # the rep's turn just before named a price
    updated = list(features)
    for index, utterance in enumerate(transcript.utterances):
        text = normalise(utterance.text)
        talks_price = bool(mentions(text, vocabulary)) or index in moved or vocabulary.has("price_words", text)
        if utterance.speaker == "buyer":
            for act in REACTION_ACTS:
                confidence = updated[index].acts.get(act, 0.0)
                if not confidence:
                    continue
                # a pattern's objection names the price itself ("kinda steep", "more than we expected")
                said_as_objection = updated[index].act_sources.get(act, "").startswith("pattern:")
                unpriced = not (on_table or talks_price or said_as_objection)
                if unpriced or vocabulary.has("reading:favourable", text):
                    updated[index] = _raise(updated[index], act, confidence * veto_factor, "-reactions:no-price")
                elif rep_priced_last and ANSWER_FLOOR <= confidence < ANSWER_CONFIDENCE:
                    updated[index] = _raise(updated[index], act, ANSWER_CONFIDENCE, "+reactions:answers-price")
            rep_priced_last = False
        elif utterance.speaker == "rep":
            rep_priced_last = rep_priced_last or index in asks
        on_table = on_table or talks_price
    return updated
