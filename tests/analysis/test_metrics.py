import pytest

from pipeline.analysis.metrics import compute_metrics, count_questions, is_question
from pipeline.ingest.readers import read_transcript
from tests.support.paths import FIXTURES
from tests.support.transcripts import make_transcript

FIXTURE = FIXTURES / "metrics_call.json"


def test_metrics_match_hand_computed_fixture():
    metrics = compute_metrics(read_transcript(FIXTURE))
    # rep speaks 10 + 9.5 + 4 + 10 = 33.5 s; the buyer 10 + the union [36, 48] = 22 s (overlap counted once)
    assert metrics.talk_ratio == pytest.approx(33.5 / 55.5, abs=1e-4)
    # the first two rep utterances form one uninterrupted stretch from 0 to 20 s
    assert metrics.longest_monologue_s == pytest.approx(20.0)
    # "How is the quarter going?", "what tools do you use for that" (no '?', ASR style), "Who else...?", "And is...?"
    assert metrics.rep_questions == 4
    # 4 speaker switches in one minute
    assert metrics.interactivity == pytest.approx(4.0)
    # buyer -> rep pauses: 32 - 31 = 1.0 and 50 - 48 = 2.0
    assert metrics.patience_s == pytest.approx(1.5)


def test_metrics_of_a_call_without_buyer_turns():
    metrics = compute_metrics(make_transcript("rep: Hello?", "rep: Anyone there?"))
    assert metrics.talk_ratio == 1.0
    assert metrics.patience_s is None
    assert metrics.interactivity == 0.0


def test_metrics_of_an_empty_transcript():
    metrics = compute_metrics(make_transcript())
    assert metrics.talk_ratio is None
    assert metrics.rep_questions == 0


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("What are you spending today?", True),
        ("so how do you handle that now", True),
        ("um do you have a budget", True),
        ("I will send it over.", False),
        ("i think that works", False),
        ("Let me show you.", False),
        # raw ASR that names a thing by what someone does, then says what it is, states it
        ("so what we do is a weekly box cut to your size", False),
        ("ok how it works is the driver scans the crate", False),
        ("right so what youd get is the app and the alerts", False),
        ("what i'd suggest is a trial on one site", False),
        ("what you pay is that per month", True),
        ("how you doing", True),
        ("what do you pay now", True),
        ("what we do is it the same as last year", True),
    ],
)
def test_is_question(sentence, expected):
    assert is_question(sentence) is expected


def test_count_questions_counts_each_sentence():
    assert count_questions("Great. Who signs off? And when do you start?") == 2
