import json
from pathlib import Path

import pytest

from pipeline.errors import TranscriptError
from pipeline.ingest.readers import read_transcript
from pipeline.ingest.speakers import assign_roles
from pipeline.model import CallMetadata

META = CallMetadata(call_id="c-1", rep_id="rep_ana", rep_name="Ana Lopez", call_type="discovery")


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


ZOOM_VTT = """WEBVTT

1
00:00:00.000 --> 00:00:03.500
Ana Lopez: Thanks for joining today.

2
00:00:03.800 --> 00:00:05.000
Ana Lopez: How is the quarter going?

NOTE this block is a comment

3
00:00:06.000 --> 00:00:09.250
Sam Berg: Busy. We spend &amp; lose a lot on reporting.
"""

TEAMS_VTT = """WEBVTT

a1b2-3
00:00:01.000 --> 00:00:02.000
<v Ana Lopez>Hello Sam.</v>

a1b2-4
00:01:02.500 --> 00:01:04.000 align:start
<v Sam Berg>Hi <i>Ana</i>.</v>
"""


def test_zoom_vtt_names_map_to_roles_and_cues_join(tmp_path):
    transcript = read_transcript(write(tmp_path, "call.vtt", ZOOM_VTT), META)
    assert [u.speaker for u in transcript.utterances] == ["rep", "buyer"]
    first, second = transcript.utterances
    assert first.text == "Thanks for joining today. How is the quarter going?"
    assert (first.start, first.end) == (0.0, 5.0)
    assert second.text == "Busy. We spend & lose a lot on reporting."
    assert second.speaker_name == "Sam Berg"
    assert transcript.call_id == "c-1" and transcript.call_type == "discovery"


def test_teams_vtt_voice_tags(tmp_path):
    transcript = read_transcript(write(tmp_path, "call.vtt", TEAMS_VTT), META)
    assert [(u.speaker, u.text) for u in transcript.utterances] == [("rep", "Hello Sam."), ("buyer", "Hi Ana.")]
    assert transcript.utterances[1].start == pytest.approx(62.5)


def test_srt(tmp_path):
    srt = "1\n00:00:00,000 --> 00:00:02,000\nAna: Hi there.\n\n2\n00:00:02,500 --> 00:00:04,000\nSam: Hello.\n"
    transcript = read_transcript(write(tmp_path, "call.srt", srt), META)
    assert [(u.speaker, u.text) for u in transcript.utterances] == [("rep", "Hi there."), ("buyer", "Hello.")]


def test_plain_lines_with_and_without_times(tmp_path):
    timed = read_transcript(write(tmp_path, "a.txt", "[00:05] Ana: Hi.\n[01:10] Sam: Hello there.\n"), META)
    assert [u.start for u in timed.utterances] == [5.0, 70.0]
    assert "estimated_times" not in timed.source
    untimed = read_transcript(write(tmp_path, "b.txt", "Ana: Hi.\n\nSam: Hello there friend.\n"), META)
    assert untimed.source["estimated_times"] is True
    starts = [u.start for u in untimed.utterances]
    assert starts == sorted(starts) and untimed.utterances[0].end <= untimed.utterances[1].start


def test_role_names_map_without_rep_name(tmp_path):
    transcript = read_transcript(
        write(tmp_path, "a.txt", "Agent: Hi.\nCustomer: Hello.\n"), CallMetadata(call_id="c", rep_id="r")
    )
    assert [u.speaker for u in transcript.utterances] == ["rep", "buyer"]


def test_transcript_json_ignores_unknown_keys(tmp_path):
    data = {
        "call_id": "c-9",
        "rep_id": "rep_x",
        "labels": {"anything": 1},
        "utterances": [{"speaker": "rep", "start": 0, "end": 1.5, "text": "Hi", "mood": "sunny"}],
    }
    transcript = read_transcript(write(tmp_path, "c.json", json.dumps(data)))
    assert transcript.call_id == "c-9" and transcript.utterances[0].text == "Hi"


GONG_BAD_TIME = {
    "callTranscripts": [
        {"callId": "1", "transcript": [{"speakerId": "9", "sentences": [{"start": 900, "end": 100, "text": "x"}]}]}
    ]
}


@pytest.mark.parametrize(
    "name, content, message, where",
    [
        ("bad.json", '{"call_id": "c",\n "rep_id": ', "invalid JSON", 2),
        ("bad.json", b"\xff\xfe\x00garbage", "not UTF-8", None),
        (
            "bad.json",
            '{"call_id": "c", "rep_id": "r", "utterances": [{"speaker": "rep", "start": 2, "end": 1, "text": "x"}]}',
            "before start",
            "utterances[0]",
        ),
        (
            "bad.json",
            '{"call_id": "c", "rep_id": "r", "utterances": [{"speaker": "boss", "start": 0, "end": 1, "text": "x"}]}',
            "speaker must be",
            "utterances[0]",
        ),
        (
            "bad.json",
            '{"call_id": "c", "rep_id": "r", "utterances": [{"speaker": "rep", "start": "0", "end": 1, "text": "x"}]}',
            "expected a number",
            "utterances[0].start",
        ),
        ("bad.json", '{"rep_id": "r", "utterances": []}', "missing or empty call_id", "call_id"),
        ("bad.vtt", "00:00:00.000 --> 00:00:01.000\nAna: hi\n", "must start with 'WEBVTT'", 1),
        ("bad.vtt", "WEBVTT\n\n1\n00:00:00.000 -> 00:00:01.000\nAna: hi\n", "cue has no timing line", 3),
        ("bad.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nAna: hi\n", "ends", 3),
        (
            "bad.srt",
            "1\n00:00:00,000 --> 00:00:01,000\nAna: hi\n\nx\n00:00:01,000 --> 00:00:02,000\nSam: yo\n",
            "expected a cue number",
            5,
        ),
        ("bad.srt", "1\n00:00:00,000 --> 0:1\nAna: hi\n", "expected a timing line", 2),
        ("bad.txt", "Ana: hi\nthis line has no speaker\n", "expected 'Name: text'", 2),
        ("empty.vtt", "WEBVTT\n", "no utterances", None),
        # files of the exports of tests/fixtures/transcripts, broken
        ("a.vtt", "WEBVTT\n00:00:00.000 --> 00:00:01.000\nAna: hi\n", "blank line must separate", 2),
        ("a.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Ana Lopez hello\n", "voice tag without '>'", 3),
        ("a.vtt", "WEBVTT\n\n1\n00:00:00,000 --> 00:00:01,000\nAna: hi\n", "expected a timing line", 4),
        ("a.vtt", bytes(range(256)) * 8, "not text", None),
        ("a.srt", "00:00:00,000 --> 00:00:01,000\nAna: hi\n\nAna: more\n", "expected a cue number or a timing", 4),
        ("a.srt", "1\n00:00:03,000 --> 00:00:01,000\nAna: hi\n", "ends", 2),
        ("a.txt", "Ana Lopez  0:05\nhi\n\nSam Berg  0:02\nhello\n", "comes after", 1),
        ("a.txt", "Transcript\n00:00:00\nAna: hi\nsomething else\n", "expected 'Name: text' or a time", 4),
        ("a.docx", b"PK\x03\x04 not really a zip", "not a Word (.docx) document", None),
        ("a.json", json.dumps(GONG_BAD_TIME), "before it starts", "callTranscripts[0].transcript[0].sentences[0]"),
        ("a.json", json.dumps({"callTranscripts": []}), "expected one call", "callTranscripts"),
    ],
)
def test_malformed_files_name_the_file_the_place_and_the_problem(tmp_path, name, content, message, where):
    path = write(tmp_path, name, content)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, META)
    assert message in caught.value.reason
    assert caught.value.where == where
    assert str(path) in str(caught.value)


def test_subtitles_need_metadata(tmp_path):
    with pytest.raises(TranscriptError, match="metadata sidecar"):
        read_transcript(write(tmp_path, "a.vtt", ZOOM_VTT))


def test_speaker_mapping_never_guesses():
    with pytest.raises(TranscriptError, match="add rep_name"):
        assign_roles(["Ana Lopez", "Sam Berg"], None)
    with pytest.raises(TranscriptError, match="matches none of the speakers"):
        assign_roles(["Ana Lopez", "Sam Berg"], "Chloe")
    assert assign_roles(["Ana", "Sam Berg", "Lee"], "ana lopez") == {"Ana": "rep", "Sam Berg": "buyer", "Lee": "buyer"}
