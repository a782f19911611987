"""Transcript files as meeting tools export them, from fixtures written after each format's
documentation (tests/fixtures/transcripts/): every valid one is read with its speakers, and a
broken one is refused with the file, the place and the reason."""

import json
import shutil
from pathlib import Path

import docx
import pytest

from pipeline.errors import MetadataError, TranscriptError
from pipeline.ingest.inbox import discover
from pipeline.ingest.readers import read_transcript
from pipeline.ingest.roster import RosterRep
from pipeline.model import CallMetadata
from tests.support.paths import FIXTURES

TRANSCRIPTS = FIXTURES / "transcripts"
ANA = CallMetadata(call_id="c-1", rep_id="rep_ana", rep_name="Ana Lopez", call_type="discovery")
R, B = "rep", "buyer"


@pytest.mark.parametrize(
    "name, rep_name, speakers, source",
    [
        ("teams.vtt", "Ana Lopez", [(R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez")], {"format": "vtt"}),
        ("no-index.srt", "Ana Lopez", [(R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez")], {"format": "srt"}),
        ("otter.srt", "Ana", [(R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez")], {"format": "srt"}),
        (
            "otter.txt",
            "Ana Lopez",
            [(R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez"), (B, "Sam Berg")],
            {"format": "txt", "layout": "speaker_headings"},
        ),
        (
            "meet-text.txt",
            "Ana Lopez",
            [(R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez")],
            {"format": "txt", "layout": "meet", "estimated_times": True},
        ),
        (
            "teams-export.docx",
            "Ana Lopez",
            [(R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez"), (B, "Sam Berg")],
            {"format": "docx", "layout": "speaker_headings"},
        ),
        (
            "meet-doc.docx",
            "Ana Lopez",
            [(R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez"), (B, "Sam Berg")],
            {"format": "docx", "layout": "meet", "estimated_times": True},
        ),
        ("gong.json", "Ana Lopez", [(R, "Ana Lopez"), (B, "Sam Berg"), (R, "Ana Lopez")], {"format": "gong"}),
        ("utf16-bom.vtt", "Ana López", [(R, "Ana López"), (B, "Sam Berg")], {"encoding": "utf_16"}),
        ("cp1252-crlf.srt", "Ana López", [(R, "Ana López"), (B, "Jörg Müller")], {"encoding": "cp1252"}),
        ("gb2312.vtt", "王丽", [(R, "王丽"), (B, "陈明"), (R, "王丽")], {"encoding": "gb18030"}),
    ],
)
def test_every_export_is_read_with_its_speakers(name, rep_name, speakers, source):
    path = TRANSCRIPTS / name
    transcript = read_transcript(path, CallMetadata(call_id="c-1", rep_id="rep_ana", rep_name=rep_name))
    assert [(u.speaker, u.speaker_name) for u in transcript.utterances] == speakers
    assert transcript.source["file"] == str(path)
    assert source.items() <= transcript.source.items()
    starts = [u.start for u in transcript.utterances]
    assert starts == sorted(starts) and all(u.end >= u.start and u.text for u in transcript.utterances)


def test_non_utf8_text_is_decoded_not_mangled():
    western = read_transcript(TRANSCRIPTS / "cp1252-crlf.srt", CallMetadata("c", "r", rep_name="Ana López"))
    assert western.utterances[1].text == "Gut. Wir zahlen 5 000 € für Berichte."
    chinese = read_transcript(TRANSCRIPTS / "gb2312.vtt", CallMetadata("c", "r", rep_name="王丽"))
    assert chinese.utterances[1].text == "不客气，我们每年在报表上花十万元。"
    spanish = read_transcript(TRANSCRIPTS / "utf16-bom.vtt", CallMetadata("c", "r", rep_name="Ana"))
    assert spanish.utterances[1].text == "De nada. ¿Cuánto cuesta?"
    assert read_transcript(TRANSCRIPTS / "teams.vtt", ANA).source["encoding"] == "utf-8"


def test_a_youtube_caption_track_with_header_metadata_and_no_speakers():
    transcript = read_transcript(TRANSCRIPTS / "youtube-captions.vtt", ANA)
    assert [u.speaker for u in transcript.utterances] == ["unknown"] * 3
    first, second, _ = transcript.utterances
    assert first.text == "thanks for taking the call"  # inline word times and <c> spans off
    # one cue in three starting "Word:" is a sentence, not a speaker
    assert second.text == "Note: the pricing page changed last week" and second.speaker_name is None


def test_teams_voice_tags_with_classes_and_without_closing_tag_join_one_speakers_cues():
    transcript = read_transcript(TRANSCRIPTS / "teams.vtt", ANA)
    first, second, third = transcript.utterances
    assert first.text == "Thanks for joining, Sam. Who else is involved in the decision?"
    assert (first.start, first.end) == (1.2, 7.9)
    assert second.text == "Our CFO, Dana, signs off." and second.speaker_name == "Sam Berg"
    assert third.text == "I will send the proposal to Dana on Thursday."


def test_text_exports_keep_their_times_or_say_they_are_estimated():
    otter = read_transcript(TRANSCRIPTS / "otter.txt", ANA)
    assert [u.start for u in otter.utterances] == [0.0, 7.0, 19.0, 62.0]
    assert otter.utterances[1].text == "Busy. Reporting takes two people a week, and the board wants it faster."
    assert otter.utterances[-1].text == "Our CFO, Dana."  # Otter's closing line is not speech
    assert "estimated_times" not in otter.source
    meet = read_transcript(TRANSCRIPTS / "meet-text.txt", ANA)
    assert meet.utterances[3].start == 300.0  # the 00:05:00 mark
    assert not any("Meeting ended" in u.text or "editable" in u.text for u in meet.utterances)
    teams = read_transcript(TRANSCRIPTS / "teams-export.docx", ANA)
    assert [u.start for u in teams.utterances] == [3.0, 11.0, 16.0, 21.0]
    assert not any("transcription" in u.text for u in teams.utterances)


def test_gong_export_monologues_topics_and_start():
    transcript = read_transcript(TRANSCRIPTS / "gong.json", CallMetadata("c-g", "rep_ana", rep_name="Ana Lopez"))
    first = transcript.utterances[0]
    assert first.text == "Thanks for joining, Sam. How much do you spend on reporting today?"
    assert (first.start, first.end) == (0.46, 5.1)
    assert transcript.source["topics"] == ["Call Setup", "Pricing", "Next Steps"]
    assert transcript.started_at == "2026-11-03T10:00:00Z" and transcript.call_id == "c-g"


def test_gong_export_without_parties_has_unknown_speakers(tmp_path):
    data = json.loads((TRANSCRIPTS / "gong.json").read_text())
    del data["calls"]
    path = tmp_path / "gong.json"
    path.write_text(json.dumps(data))
    transcript = read_transcript(path, ANA)
    assert {u.speaker for u in transcript.utterances} == {"unknown"}


def _docx(tmp_path: Path, paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "made.docx"))
    return (tmp_path / "made.docx").read_bytes()


def test_a_meet_document_with_a_stray_paragraph_names_the_paragraph(tmp_path):
    path = tmp_path / "meet.docx"
    path.write_bytes(_docx(tmp_path, ["Title", "Transcript", "00:00:00", "Ana Lopez: Hi.", "a stray note"]))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path, ANA)
    assert caught.value.where == "paragraph 5" and "a stray note" in caught.value.reason


def _inbox(tmp_path: Path, *names: str) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in names:
        shutil.copy(TRANSCRIPTS / name, inbox / name)
    return inbox


def test_the_inbox_picks_up_word_text_and_gong_files(tmp_path):
    inbox = _inbox(tmp_path, "teams-export.docx", "otter.txt", "gong.json")
    for stem, call_id in (("teams-export", "c-teams"), ("otter", "c-otter")):
        (inbox / f"{stem}.json").write_text(json.dumps({"call_id": call_id, "rep_id": "rep_ana"}))
    (inbox / "manifest.csv").write_text("file,call_id,rep_id,rep_name\ngong.json,c-gong,rep_ana,Ana Lopez\n")
    roster = {"rep_ana": RosterRep("rep_ana", "Ana Lopez")}
    items = {item.path.name: item for item in discover(inbox, roster)}
    assert set(items) == {"teams-export.docx", "otter.txt", "gong.json"}  # sidecars are not items
    assert all(item.kind == "transcript" and item.problem is None for item in items.values())
    assert items["gong.json"].metadata.call_id == "c-gong"
    assert items["otter.txt"].metadata.rep_name == "Ana Lopez"  # from the roster: the sidecar has none


def test_a_gong_file_without_a_manifest_row_finds_its_rep_in_the_roster(tmp_path):
    inbox = _inbox(tmp_path, "gong.json")
    (item,) = discover(inbox, {"rep_ana": RosterRep("rep_ana", "Ana Lopez"), "rep_sam": RosterRep("rep_sam", "Sam")})
    assert item.problem is None  # Sam Berg is the External party: not a rep of ours
    assert (item.metadata.call_id, item.metadata.rep_id) == ("7782342274025937895", "rep_ana")
    assert item.metadata.started_at == "2026-11-03T10:00:00Z"

    (orphan,) = discover(inbox)
    assert isinstance(orphan.problem, MetadataError)
    assert "manifest.csv" in orphan.problem.reason and "Ana Lopez" in orphan.problem.reason
