"""CRM opportunities with their stage history: import a CSV export, measure the pipeline from it.

The export has one row per stage an opportunity entered (see README, "Reports and inspection"):

    opportunity,rep,stage,entered_at,amount,account
    opp-001,rep_ana,Qualification,2026-10-01,12000,Northwind Facilities

Salesforce-style headers are accepted too (`OpportunityId`, `Opportunity Owner`, `StageName`,
`CreatedDate`, `Amount`, `Account Name`, ...; the aliases are below). `amount` and `account` (the
account the opportunity is with, which names the deal of the same id in the app) are optional.
`rep` is a rep id or a rep's name as in the roster. Rows that cannot be read are reported by line
and kept in `crm_rejected_rows`, the good rows are loaded: nothing is dropped silently.
Re-importing the same rows changes nothing.

The measures are the reference's pipeline evidence: stage-to-stage conversion against the team's,
and opportunities that have sat in a stage longer than the standard (`stage_stale_days`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import CoachloopError

FIELDS = ("opportunity", "rep", "stage", "entered_at", "amount", "account")
REQUIRED = ("opportunity", "rep", "stage", "entered_at")
# Header spellings per field, compared lower-case with everything but letters and digits removed.
ALIASES = {
    "opportunity": ("opportunity", "opportunityid", "opportunityname", "opportunity18digitid", "oppid", "id"),
    "rep": ("rep", "repid", "owner", "ownerid", "opportunityowner", "ownername", "ownerfullname", "createdby"),
    "stage": ("stage", "stagename", "tostage", "newstage", "newvalue"),
    "entered_at": (
        "enteredat", "entered", "createddate", "stagechangedate", "laststagechangedate", "editdate", "date",
        "stagedate", "changedate",
    ),
    "amount": ("amount", "amountconverted", "opportunityamount", "amountcurrency"),
    "account": ("account", "accountname", "company", "companyname", "customer"),
}  # fmt: skip
# Besides ISO 8601: US month/day/year, as Salesforce's report export writes dates.
US_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p")


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str
    raw: str


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def header_columns(headers: list[str]) -> dict[str, int]:
    """Field -> column index. Raises with the accepted spellings when a required field is missing."""
    found: dict[str, int] = {}
    keys = [_key(header) for header in headers]
    for field_name in FIELDS:
        for alias in ALIASES[field_name]:
            if alias in keys:
                found[field_name] = keys.index(alias)
                break
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        accepted = "; ".join(f"{name}: {', '.join(ALIASES[name][:4])}, ..." for name in missing)
        raise CoachloopError(f"missing column(s) {', '.join(missing)} (accepted headers: {accepted})")
    return found


def normalise_stage(stage: str) -> str:
    return re.sub(r"[\s\-/]+", "_", stage.strip().lower())


def parse_when(text: str) -> datetime:
    text = text.strip()
    try:  # ISO 8601, as Salesforce's API and most exports write it ("2026-11-03T14:00:00.000Z")
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        # Stored as UTC without a zone, like calls.started_at.
        return parsed if parsed.tzinfo is None else parsed.astimezone(UTC).replace(tzinfo=None)
    except ValueError:
        pass
    for pattern in US_DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is neither ISO (2026-11-03) nor month/day/year (11/3/2026)")


def parse_amount(text: str) -> float | None:
    cleaned = re.sub(r"[,\s$€£]", "", text or "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"amount {text!r} is not a number") from None


def read_export(path: Path, reps: dict[str, str]) -> tuple[list[dict], list[RejectedRow]]:
    """The good rows (with their line) and the rejected ones (line and reason) of an export."""
    good, rejected = [], []
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            try:
                headers = next(reader)
            except StopIteration:
                raise CoachloopError(f"{path}: the file is empty (expected a header row)") from None
            try:
                columns = header_columns(headers)
            except CoachloopError as error:
                raise CoachloopError(f"{path}: {error}") from None
            previous_end = reader.line_num
            for cells in reader:
                # A row is reported by the line it starts on; a quoted field may carry it over several.
                line, previous_end, last = previous_end + 1, reader.line_num, reader.line_num
                raw = ",".join(cells)
                if not any(cell.strip() for cell in cells):
                    continue
                try:
                    good.append({"line": line, **_parse_row(cells, columns, reps)})
                except ValueError as error:
                    spans = f" (the row runs on to line {last}: an unclosed quote?)" if last > line else ""
                    rejected.append(RejectedRow(line, f"{error}{spans}", raw))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CoachloopError(f"{path}: cannot read: {error}") from error
    return good, rejected


def _parse_row(cells: list[str], columns: dict[str, int], reps: dict[str, str]) -> dict:
    if len(cells) <= max(columns.values()):
        count = len(cells)
        raise ValueError(f"{count} field{'' if count == 1 else 's'}, expected at least {max(columns.values()) + 1}")
    value = {name: cells[index].strip() for name, index in columns.items()}
    for name in REQUIRED:
        if not value[name]:
            raise ValueError(f"{name} is empty")
    rep_id = reps.get(value["rep"].lower())
    if rep_id is None:
        raise ValueError(f"rep {value['rep']!r} is neither a rep id nor a rep name of the team")
    return {
        "opportunity_id": value["opportunity"],
        "rep_id": rep_id,
        "stage": normalise_stage(value["stage"]),
        "entered_at": parse_when(value["entered_at"]),
        "amount": parse_amount(value.get("amount", "")),
        "account": value.get("account") or None,
    }
