"""The one-page call review: built from the decisions, plans and inspections recorded through the
app, as a printable page and as a Markdown download. Over a real database filled by `coachloop run`.
"""

from __future__ import annotations

import pytest

from pipeline.coaching.call_review import md_text
from tests.support import webapp as support
from tests.support.web import HOSTILE

DISCOUNT_DIAGNOSIS = "When the buyer asked about terms at 01:00, you offered 15% off before restating his costs."
PRACTICE = "Restate the hours the buyer loses each week, then hold the price once."


@pytest.fixture
def reviewed(maya, app) -> int:
    """Ana's demo reviewed with her focus on discounts: three gaps confirmed, a plan taken to inspected."""
    focus = support.post(maya, "/coaching/reps/rep_ana/focus", **{"focus:discount_before_value": "1"})
    assert focus.json()["saved"]
    observation = support.decide(maya, support.ANA_DEMO, "discount_before_value", diagnosis=DISCOUNT_DIAGNOSIS)
    observation_id = observation.json()["observation_id"]
    for behaviour, text in (
        ("urgency_before_solution", "You shared your screen at 00:38 before asking what the leaks cost him."),
        ("next_step_date_owner", "At 01:10 you closed with 'in a few weeks': no date, no owner."),
    ):
        assert support.decide(maya, support.ANA_DEMO, behaviour, diagnosis=text).json()["saved"]
    plan = support.post(
        maya,
        "/plans",
        observation_id=str(observation_id),
        alternative_behaviour=PRACTICE,
        follow_up_date="2026-12-05",
        apply_to="date",
        apply_date="2026-12-01",
        practised="1",
        practised_on="2026-11-20",
    )
    plan_id = plan.json()["plan_id"]
    for status, day in (("applied", "2026-12-01"), ("inspected", "2026-12-02")):
        extra = (
            {"outcome": "changed", "note": "Held the price on the Oakridge call.", "confirm": "1"}
            if status == "inspected"
            else {}
        )
        assert support.post(maya, f"/plans/{plan_id}/status", status=status, happened_on=day, **extra).json()["saved"]
    return plan_id


def test_the_review_answers_the_five_questions(maya, reviewed):
    page = maya.get(f"/calls/{support.ANA_DEMO}/review")
    assert page.status_code == 200
    text = page.text
    # 1. The specific behaviour observed: quote, time, speaker.
    assert "And if you sign before the end of the month, I can give you 15 percent off the first year." in text
    assert "Ana, at <time>01:00</time>" in text
    # 2. The diagnosis: one or two gaps, the focus first; the third is named, not reviewed.
    first, second = (
        text.index('data-behaviour="discount_before_value"'),
        text.index('data-behaviour="urgency_before_solution"'),
    )
    assert first < second and "the rep's focus</span>" in text
    assert 'data-behaviour="next_step_date_owner"' not in text
    assert "not the focus of this review: Next step date owner" in text
    assert "you offered 15% off before restating his costs." in text
    # 3. The practice plan, 4. when it will be applied, 5. the follow-up result.
    assert PRACTICE in text and "role-played 20 Nov 2026" in text
    assert "the first call on or after 1 Dec 2026" in text
    assert "Behaviour changed (inspected 2 Dec 2026)" in text and "Held the price on the Oakridge call." in text
    assert 'id="print-review"' in text and 'href="/calls/c-2026-11-10-0007/review.md"' in text
    # The deal by its account, the id as detail; the call's recording plays from each moment.
    assert '<span class="account">Oakridge Properties</span> <span class="secondary">(deal d-1007)</span>' in text
    assert '<audio id="player" controls preload="metadata" src="/calls/c-2026-11-10-0007/audio"' in text
    assert 'data-seek="60.47">▶ Play from 01:00</button>' in text


def test_the_markdown_export_is_the_same_review_as_a_download(maya, reviewed):
    response = maya.get(f"/calls/{support.ANA_DEMO}/review.md")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.headers["content-disposition"] == 'attachment; filename="call-review-c-2026-11-10-0007.md"'
    text = response.text
    assert text.startswith("# Call review: Ana's demo call, 10 Nov 2026\n")  # the call by its rep, kind and day
    assert "## 1. Discount before value (the rep's focus)" in text and "## 2. Urgency before solution" in text
    assert "> And if you sign before the end of the month, I can give you 15 percent off the first year." in text
    assert "> — Ana, at 01:00" in text
    assert f"{PRACTICE} (role-played 20 Nov 2026; status inspected)" in text
    assert "· Demo call · Oakridge Properties (deal d-1007) · reviewed by Maya" in text
    assert "### Apply on\n\nthe first call on or after 1 Dec 2026" in text
    assert "Behaviour changed (inspected 2 Dec 2026)." in text


def test_the_pipeline_s_inspection_of_the_applied_call_is_part_of_the_follow_up(maya, app, reviewed):
    # What the batch's inspection writes for a plan once the apply call is loaded (migration 004).
    with app.state.web.store.transaction() as con:
        con.execute(
            "INSERT INTO plan_inspections (plan_id, call_id, behaviour, verdict, applied, quote, start, matched_by)"
            " VALUES (?, ?, 'discount_before_value', 'met', true, 'It pays for itself in four months.', 12.0, 'apply_date')",
            [reviewed, "c-2026-12-01-0042"],
        )
    review = maya.get(f"/api/calls/{support.ANA_DEMO}/review").json()
    follow_up = review["diagnoses"][0]["plans"][0]["follow_up"]
    assert follow_up["inspected_call_id"] == "c-2026-12-01-0042" and follow_up["inspected_verdict"] == "met"
    assert (
        "on call c-2026-12-01-0042 the detector finds the behaviour applied"  # a call not loaded: by its id
        in maya.get(f"/calls/{support.ANA_DEMO}/review.md").text
    )


def test_a_call_with_no_decision_has_no_review_and_another_team_s_call_is_not_found(maya, app, reviewed, omar):
    assert maya.get(f"/calls/{support.ANA_DISCOVERY}/review").status_code == 404
    assert maya.get(f"/api/calls/{support.ANA_DISCOVERY}/review").status_code == 404
    for path in (
        f"/calls/{support.ANA_DEMO}/review",
        f"/calls/{support.ANA_DEMO}/review.md",
        f"/api/calls/{support.ANA_DEMO}/review",
    ):
        assert omar.get(path).status_code == 404
    assert support.ANA_DEMO not in omar.get("/coaching").text


def test_a_review_of_strengths_only_says_no_gap_was_confirmed(maya):
    assert support.decide(
        maya, support.ANA_NEGOTIATION, "next_step_date_owner", action="strength", diagnosis="Dated ask at 01:20."
    ).json()["saved"]
    text = maya.get(f"/calls/{support.ANA_NEGOTIATION}/review.md").text
    assert "No gap was confirmed on this call." in text
    assert "## What worked\n\n- Next step date owner: “Great. I'll send the revised contract today." in text


def test_transcript_text_cannot_become_markup_in_either_format(maya):
    decided = support.decide(
        maya, HOSTILE, "budget_before_demo", diagnosis="You shared your screen at 00:06 before any budget question."
    )
    assert decided.json()["saved"]
    html = maya.get(f"/calls/{HOSTILE}/review").text
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    markdown = maya.get(f"/calls/{HOSTILE}/review.md").text
    assert "<script>" not in markdown and "\\<script\\>alert('x')\\</script\\>" in markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[click](http://evil.example)", "\\[click\\](http://evil.example)"),
        ("*bold* and _it_", "\\*bold\\* and \\_it\\_"),
        ("a | b\nnext line", "a \\| b next line"),
        ("# heading", "\\# heading"),
    ],
)
def test_md_text_escapes_what_could_become_markup(text, escaped):
    assert md_text(text) == escaped


def test_a_gap_in_the_whole_call_is_reviewed_without_a_quote(maya):
    # Ben never asked about the buying committee on his negotiation call: no single moment to quote.
    text = "You closed the call without asking who else signs off."
    assert support.decide(maya, support.BEN_NEGOTIATION, "buying_committee_asked", diagnosis=text).json()["saved"]
    review = maya.get(f"/api/calls/{support.BEN_NEGOTIATION}/review").json()
    (gap,) = review["diagnoses"]
    assert gap["quote"] is None and gap["start"] is None and gap["speaker"] is None
    markdown = maya.get(f"/calls/{support.BEN_NEGOTIATION}/review.md").text
    assert "No single moment: the gap is in the whole call." in markdown and text in markdown
    assert (
        "No single moment: the gap is in the whole call." in maya.get(f"/calls/{support.BEN_NEGOTIATION}/review").text
    )
