"""Format and count checker for one writer's folder of labelled calls; it knows nothing of the detector.

    python3 scripts/check_calls.py FOLDER FIRST LAST SET DAY
    e.g. python3 scripts/check_calls.py /tmp/h55/a 1 20 h55 2027-02-10

Checks what data/eval/WRITING.md asks of one writer's twenty calls: file names, the Transcript JSON keys,
call and deal ids, times, labels for all nine behaviours with valid evidence and `missing`, four calls per
rep, the call types, seven calls in raw ASR style and at least five `met` and five `gap` per behaviour.
Standard library only, so a writer can run it without the project's environment.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

BEHAVIOURS = [
    "budget_before_demo",
    "buying_committee_asked",
    "competitor_disparaged",
    "discount_before_value",
    "executive_next_step",
    "next_step_date_owner",
    "price_held_under_pushback",
    "roi_in_buyer_numbers",
    "urgency_before_solution",
]
MISSING = {"next_step", "date", "owner"}
REPS = {"rep_ana", "rep_ben", "rep_chloe", "rep_dev", "rep_eli"}
TYPES = {"demo": 8, "negotiation": 6, "discovery": 3, "follow_up": 3}


def main() -> int:
    folder, first, last, set_name, day = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    problems, counts, reps, types, raw, total = [], Counter(), Counter(), Counter(), 0, 0
    files = sorted(folder.glob("r*.json"))
    numbers = []
    for path in files:
        where = path.name
        m = re.fullmatch(r"r(\d\d)-([a-z0-9-]+)-(demo|negotiation|discovery|follow_up)\.json", path.name)
        if not m:
            problems.append(f"{where}: file name not r<NN>-<industry>-<call type>.json")
            continue
        n = int(m.group(1))
        numbers.append(n)
        try:
            call = json.loads(path.read_text())
        except ValueError as e:
            problems.append(f"{where}: not JSON: {e}")
            continue
        want = {"call_id", "rep_id", "started_at", "call_type", "deal_id", "utterances", "labels"}
        if set(call) != want:
            problems.append(f"{where}: keys {sorted(call)} (want {sorted(want)})")
        if call.get("call_id") != f"{set_name}-{day}-{n:04d}":
            problems.append(f"{where}: call_id {call.get('call_id')!r}, want {set_name}-{day}-{n:04d}")
        if call.get("deal_id") != f"d-{set_name}-{n:04d}":
            problems.append(f"{where}: deal_id {call.get('deal_id')!r}, want d-{set_name}-{n:04d}")
        if call.get("call_type") != m.group(3):
            problems.append(f"{where}: call_type differs from the file name")
        if not re.fullmatch(day + r"T\d\d:\d\d:\d\dZ", str(call.get("started_at"))):
            problems.append(f"{where}: started_at not {day}THH:MM:SSZ")
        if call.get("rep_id") not in REPS:
            problems.append(f"{where}: rep_id {call.get('rep_id')!r}")
        reps[call.get("rep_id")] += 1
        types[call.get("call_type")] += 1
        utts = call.get("utterances", [])
        total += len(utts)
        if not 20 <= len(utts) <= 25:
            problems.append(f"{where}: {len(utts)} utterances (20-25)")
        end = 0.0
        lower = True
        for i, u in enumerate(utts):
            if u.get("speaker") not in ("rep", "buyer"):
                problems.append(f"{where}[{i}]: speaker {u.get('speaker')!r}")
            extra = set(u) - {"speaker", "speaker_name", "start", "end", "text"}
            if extra or not {"speaker", "start", "end", "text"} <= set(u):
                problems.append(f"{where}[{i}]: keys {sorted(u)}")
            if not str(u.get("text", "")).strip():
                problems.append(f"{where}[{i}]: empty text")
            try:
                if not (end <= u["start"] < u["end"]):
                    problems.append(f"{where}[{i}]: times not increasing")
                end = u["end"]
            except (KeyError, TypeError):
                problems.append(f"{where}[{i}]: start/end")
            text = str(u.get("text", ""))
            if text != text.lower() or re.search(r"[.,?!;:]", text) or "speaker_name" in u:
                lower = False
        raw += lower
        labels = call.get("labels", {})
        if sorted(labels) != sorted(BEHAVIOURS):
            problems.append(f"{where}: labels for {sorted(labels)}")
        for b in BEHAVIOURS:
            label = labels.get(b, {})
            v = label.get("verdict")
            if v not in ("met", "gap", "not_applicable"):
                problems.append(f"{where}: {b} verdict {v!r}")
                continue
            counts[b, v] += 1
            ev = label.get("evidence")
            if not isinstance(ev, list) or any(not isinstance(i, int) or not 0 <= i < len(utts) for i in ev):
                problems.append(f"{where}: {b} evidence {ev!r}")
            elif ev != sorted(set(ev)):
                problems.append(f"{where}: {b} evidence not sorted and distinct")
            if v == "not_applicable" and ev:
                problems.append(f"{where}: {b} not_applicable with evidence")
            if v in ("met",) and not ev:
                problems.append(f"{where}: {b} met without evidence")
            extra = set(label) - {"verdict", "evidence", "missing"}
            if extra:
                problems.append(f"{where}: {b} keys {sorted(extra)}")
            if "missing" in label:
                if b not in ("next_step_date_owner", "executive_next_step") or v != "gap":
                    problems.append(f"{where}: {b} has missing but is not a next-step gap")
                elif not label["missing"] or set(label["missing"]) - MISSING:
                    problems.append(f"{where}: {b} missing {label['missing']!r}")
            elif b == "next_step_date_owner" and v == "gap":
                problems.append(f"{where}: next_step_date_owner gap without missing")
        for b in ("buying_committee_asked", "next_step_date_owner", "roi_in_buyer_numbers", "urgency_before_solution"):
            if labels.get(b, {}).get("verdict") == "not_applicable":
                problems.append(f"{where}: {b} is never not_applicable")
    if sorted(numbers) != list(range(first, last + 1)):
        problems.append(f"file numbers {sorted(numbers)}, want r{first:02d}..r{last:02d} once each")
    for r in sorted(REPS):
        if reps[r] != 4:
            problems.append(f"{r}: {reps[r]} calls (want 4)")
    for t, k in TYPES.items():
        if types[t] != k:
            problems.append(f"call type {t}: {types[t]} calls (want {k})")
    if raw != 7:
        problems.append(f"{raw} calls in raw ASR style (all lowercase, no punctuation, no speaker_name; want 7)")
    for b in BEHAVIOURS:
        met, gap, na = counts[b, "met"], counts[b, "gap"], counts[b, "not_applicable"]
        print(f"{b:28} met {met:2} gap {gap:2} n/a {na:2}")
        if met < 5 or gap < 5:
            problems.append(f"{b}: met {met}, gap {gap} (want at least 5 of each)")
    print(f"{len(files)} calls, {total} utterances, {raw} raw ASR; {dict(reps)} {dict(types)}")
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
