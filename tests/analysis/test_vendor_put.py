"""The vendor the rep puts to the buyer as theirs, and the buyer confirms, is a rival named."""

from __future__ import annotations

import pytest

from pipeline.analysis.rivals import rival_acts
from tests.analysis.calls import readings_after


@pytest.mark.parametrize(
    ("rep", "buyer", "named"),
    [
        # the firm put to the buyer, said back with a yes: named, split or whole
        (
            "rep: youre on fit book at the moment for the diary arent you",
            "buyer: yeah fitbook just for the diary",
            True,
        ),
        ("rep: You're with Crewly now, aren't you?", "buyer: Yes, Crewly, for the rotas.", True),
        # ... a yes that does not say it back confirms no name
        ("rep: You're with Crewly now, aren't you?", "buyer: Yes, for about a year.", False),
        # ... nor does a buyer who says no
        ("rep: youre on fit book at the moment arent you", "buyer: not any more we left fit book", False),
        # ... and what the buyer is on that is no firm is none
        ("rep: you're on the phone at the moment, aren't you?", "buyer: yeah the phone, in the van", False),
    ],
)
def test_a_firm_the_rep_puts_to_the_buyer_and_the_buyer_confirms_is_a_rival(rep, buyer, named):
    readings = readings_after(rival_acts, "competitor_mention", [(rep, {}), (buyer, {"competitor_mention": 0.3})])
    assert (readings[1] >= 0.55) is named
