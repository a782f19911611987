"""The nightly batch over an inbox of meeting-tool exports (Teams, Meet, Otter, Gong, captions in
other encodings): each loads like any transcript, with its speakers."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from pipeline.batch import nightly as batch
from tests.support.inbox import batch_settings
from tests.support.paths import FIXTURES

TRANSCRIPTS = FIXTURES / "transcripts"
# file -> (call id, rep's name as the export spells it); the Gong file has no sidecar
EXPORTS = {
    "teams.vtt": ("c-teams-vtt", "Ana Lopez"),
    "teams-export.docx": ("c-teams-docx", "Ana Lopez"),
    "meet-doc.docx": ("c-meet-docx", "Ana Lopez"),
    "meet-text.txt": ("c-meet-txt", "Ana Lopez"),
    "otter.txt": ("c-otter-txt", "Ana Lopez"),
    "otter.srt": ("c-otter-srt", None),  # the rep's name comes from the roster
    "no-index.srt": ("c-no-index", "Ana Lopez"),
    "utf16-bom.vtt": ("c-utf16", "Ana López"),
    "cp1252-crlf.srt": ("c-cp1252", "Ana López"),
    "youtube-captions.vtt": ("c-captions", "Ana Lopez"),
}


@pytest.mark.slow
def test_every_kind_of_export_loads_through_the_batch_with_its_speakers(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, (call_id, rep_name) in EXPORTS.items():
        copy = inbox / f"{call_id}{Path(name).suffix}"  # otter.txt and otter.srt would share a sidecar
        shutil.copy(TRANSCRIPTS / name, copy)
        sidecar = {"call_id": call_id, "rep_id": "rep_ana", "started_at": "2026-11-03T10:00:00Z"}
        copy.with_suffix(".json").write_text(json.dumps({**sidecar, "rep_name": rep_name}))
    shutil.copy(TRANSCRIPTS / "gong.json", inbox / "gong-call.json")
    roster = tmp_path / "team.yaml"
    roster.write_text("reps:\n  - {rep_id: rep_ana, rep_name: Ana Lopez, manager_id: mgr_maya}\n")
    settings = replace(batch_settings(tmp_path, inbox), roster_path=roster)

    report = batch.run_batch(settings)

    assert report.count("loaded") == len(EXPORTS) + 1, [(o.path, o.reason) for o in report.outcomes if o.reason]
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        rows = con.execute(
            "SELECT c.call_id, c.source_format, list(u.speaker ORDER BY u.idx), list(u.speaker_name ORDER BY u.idx)"
            " FROM calls c JOIN utterances u USING (call_id) GROUP BY ALL"
        ).fetchall()
    speakers = {call_id: (fmt, roles, names) for call_id, fmt, roles, names in rows}
    assert set(speakers) == {call_id for call_id, _ in EXPORTS.values()} | {"7782342274025937895"}
    ana_and_sam = (["rep", "buyer", "rep"], ["Ana Lopez", "Sam Berg", "Ana Lopez"])
    assert speakers["c-teams-vtt"] == ("vtt", *ana_and_sam)
    assert speakers["c-otter-srt"] == ("srt", *ana_and_sam)
    assert speakers["c-no-index"] == ("srt", *ana_and_sam)
    assert speakers["7782342274025937895"] == ("gong", *ana_and_sam)
    four_turns = (["rep", "buyer", "rep", "buyer"], ["Ana Lopez", "Sam Berg", "Ana Lopez", "Sam Berg"])
    assert speakers["c-teams-docx"] == ("docx", *four_turns)
    assert speakers["c-meet-docx"] == ("docx", *four_turns)
    assert speakers["c-otter-txt"] == ("txt", *four_turns)
    assert speakers["c-meet-txt"][1] == ["rep", "buyer", "rep", "buyer", "rep"]
    assert speakers["c-utf16"][1:] == (["rep", "buyer"], ["Ana López", "Sam Berg"])
    assert speakers["c-cp1252"][1:] == (["rep", "buyer"], ["Ana López", "Jörg Müller"])
    assert speakers["c-captions"][1:] == (["unknown"] * 3, [None] * 3)
