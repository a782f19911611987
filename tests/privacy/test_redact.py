"""PII redaction: typed placeholders in stored text, findings unchanged, counts per run."""

import json
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from pipeline.batch import nightly as batch
from pipeline.config import PrivacySettings
from pipeline.model import CallAnalysis, Word
from pipeline.privacy.redact import Redaction, find_personal_data, iban_valid, luhn_valid, redact_call, redact_text
from tests.support.inbox import batch_settings
from tests.support.paths import SAMPLES
from tests.support.transcripts import make_transcript

EMAIL, PHONE, CARD, IBAN = (
    "hannah.lee@harbor-logistics.com",
    "+1 415 555 0134",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
)
ACCOUNT = "00123456789"
PERSONAL = (EMAIL, PHONE, CARD, IBAN, ACCOUNT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jane.doe+sales@acme-corp.co.uk today.", "Write to [EMAIL] today."),
        ("Call me on +44 20 7946 0958.", "Call me on [PHONE]."),
        ("My cell is (555) 123-4567, or 555-123-4567.", "My cell is [PHONE], or [PHONE]."),
        ("Reach me at 07700 900123.", "Reach me at [PHONE]."),
        ("The card is 4111-1111-1111-1111, expiry 12/27.", "The card is [CARD], expiry 12/27."),
        ("Pay to GB82 WEST 1234 5698 7654 32 please.", "Pay to [IBAN] please."),
        ("Our account number is 00123456789.", "Our account number is [ACCOUNT]."),
        ("Sort code 12-34-56.", "Sort code [ACCOUNT]."),
    ],
)
def test_each_kind_of_personal_data_becomes_its_placeholder(text, expected):
    redaction = Redaction()
    assert redact_text(text, redaction=redaction) == expected
    assert redaction.total == expected.count("[")


@pytest.mark.parametrize(
    "text",
    [
        "We have 250 seats and a budget of 1,200,000 dollars, 20% off list.",
        "Thursday 2026-11-03 at 10:30 works, or 14.30 on the 5th.",
        "The card 4111 1111 1111 1112 fails its checksum.",  # 16 digits, not Luhn: not a card, too long for a phone
        "Version 3.2.1, order 12 of 40, 3 4 5 people.",
    ],
)
def test_numbers_that_are_not_personal_data_stay(text):
    assert find_personal_data(text) == []


def test_luhn_and_iban_checks():
    assert luhn_valid("4111111111111111") and luhn_valid("5500005555555559")
    assert not luhn_valid("4111111111111112")
    assert iban_valid("DE89 3704 0044 0532 0130 00") and not iban_valid("DE89 3704 0044 0532 0130 01")


@pytest.mark.slow  # spaCy's named entities
def test_person_names_are_redacted_only_when_asked():
    text = "I spoke with Sarah Johnson from finance yesterday."
    assert redact_text(text) == text
    assert "[PERSON]" in redact_text(text, person_names=True)
    assert "Sarah" not in redact_text(text, person_names=True)


def test_the_words_of_a_redacted_span_become_one_placeholder_word_covering_their_time():
    call = make_transcript("buyer: Call me on 555 123 4567 today.")
    texts = ["Call", "me", "on", "555", "123", "4567", "today."]
    call.utterances[0].words = [Word(text, i * 0.4, i * 0.4 + 0.3, 0.9) for i, text in enumerate(texts)]
    stored, _, redaction = redact_call(call, CallAnalysis(call.call_id, [], None), PrivacySettings())
    words = stored.utterances[0].words
    assert [w.text for w in words] == ["Call", "me", "on", "[PHONE]", "today."]
    assert (words[3].start, words[3].end) == (call.utterances[0].words[3].start, 2.3)  # from "555" to "4567"
    assert stored.utterances[0].text == "Call me on [PHONE] today."
    assert call.utterances[0].text == "Call me on 555 123 4567 today."  # the original is not touched
    assert redaction.as_dict() == {"PHONE": 1}


def _inbox_with_personal_data(inbox: Path) -> str:
    """Ben's demo with an email, a phone, a card, an IBAN and an account number in evidence utterances."""
    inbox.mkdir(parents=True)
    data = json.loads((SAMPLES / "transcripts" / "ben-demo-harbor.json").read_text())
    utterances = data["utterances"]
    utterances[4]["text"] += f" Write to me at {EMAIL} and I will forward it."
    utterances[13]["text"] += f" Call me on {PHONE}, card {CARD} on file."
    utterances[14]["text"] = f"Sure. I'll send you the slides to {EMAIL}, and let's catch up next week sometime."
    utterances[15]["text"] += f" Our IBAN is {IBAN}, account number {ACCOUNT}."
    (inbox / "ben-demo-harbor.json").write_text(json.dumps(data))
    return data["call_id"]


def _findings(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * EXCLUDE (quote) FROM findings ORDER BY behaviour").fetchall()


def _all_text(db: Path) -> str:
    """Every value of every table, as one string to search."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        return "\n".join(str(con.execute(f'SELECT * FROM "{table}"').fetchall()) for table in tables)


@pytest.mark.slow  # two batches with the analysis models
def test_stored_text_is_redacted_and_findings_are_the_same_as_without_redaction(tmp_path):
    inbox = tmp_path / "inbox"
    call_id = _inbox_with_personal_data(inbox)
    plain = batch_settings(tmp_path / "plain", inbox)
    plain = replace(plain, privacy=replace(plain.privacy, redact=False))
    redacted = batch_settings(tmp_path / "redacted", inbox)
    assert redacted.privacy.redact  # on by default

    batch.run_batch(plain)
    report = batch.run_batch(redacted)

    assert _findings(redacted.db_path) == _findings(plain.db_path)  # verdicts, evidence, times, confidence
    with duckdb.connect(str(plain.db_path), read_only=True) as con:
        plain_quotes = dict(con.execute("SELECT behaviour, quote FROM findings").fetchall())
    with duckdb.connect(str(redacted.db_path), read_only=True) as con:
        stored_quotes = dict(con.execute("SELECT behaviour, quote FROM findings").fetchall())
        sql = "SELECT text FROM utterances WHERE call_id = ? ORDER BY idx"
        texts = [row[0] for row in con.execute(sql, [call_id]).fetchall()]
        runs = con.execute("SELECT redactions FROM pipeline_runs").fetchall()
    assert stored_quotes == {behaviour: redact_text(quote) for behaviour, quote in plain_quotes.items()}
    assert any("[EMAIL]" in quote for quote in stored_quotes.values())  # an evidence quote did carry one
    assert texts[14] == "Sure. I'll send you the slides to [EMAIL], and let's catch up next week sometime."
    assert "Our IBAN is [IBAN], account number [ACCOUNT]." in texts[15]

    expected = {"EMAIL": 2, "CARD": 1, "IBAN": 1, "ACCOUNT": 1, "PHONE": 1}
    assert report.redactions == expected
    assert json.loads(runs[0][0]) == expected
    stored = _all_text(redacted.db_path) + _all_text(redacted.analyst_snapshot)
    assert not [value for value in PERSONAL if value in stored]
    assert EMAIL in _all_text(plain.db_path)  # the search would have found it


def test_the_batch_summary_prints_the_redaction_counts(tmp_path):
    from rich.console import Console

    from pipeline.batch.console import print_summary

    inbox = tmp_path / "inbox"
    _inbox_with_personal_data(inbox)
    settings = batch_settings(tmp_path, inbox)
    report = batch.run_batch(settings)
    console = Console(record=True, width=200)
    print_summary(report, settings.db_path, console)
    assert "2 EMAIL, 1 CARD, 1 IBAN, 1 ACCOUNT, 1 PHONE" in console.export_text()
