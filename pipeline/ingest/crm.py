"""CRM opportunities with their stage history: import a CSV export, measure the pipeline from it.

The export has one row per stage an opportunity entered (see README, "Reports and inspection"):

    opportunity,rep,stage,entered_at,amount
    opp-001,rep_ana,Qualification,2026-10-01,12000

Salesforce-style headers are accepted too (`OpportunityId`, `Opportunity Owner`, `StageName`,
`CreatedDate`, `Amount`, ...; the aliases are below). `rep` is a rep id or a rep's name as in the
roster. Rows that cannot be read are reported by line and kept in `crm_rejected_rows`, the good
rows are loaded: nothing is dropped silently. Re-importing the same rows changes nothing.

The measures are the reference's pipeline evidence: stage-to-stage conversion against the team's,
and opportunities that have sat in a stage longer than the standard (`stage_stale_days`).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pipeline.config import CoachingSettings
from pipeline.errors import CoachloopError
from pipeline.store import Store, roster
from pipeline.store.crm import has_crm_data as has_crm_data  # reports ask it here, beside the measures
from pipeline.store.crm import record_import, stage_history

FIELDS = ("opportunity", "rep", "stage", "entered_at", "amount")
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
}  # fmt: skip
# Besides ISO 8601: US month/day/year, as Salesforce's report export writes dates.
US_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p")


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str
    raw: str


@dataclass(frozen=True)
class CrmImport:
    import_id: int
    path: Path
    loaded: int
    rejected: tuple[RejectedRow, ...]


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


def _rep_lookup(store: Store) -> dict[str, str]:
    """Rep ids and lower-cased rep names -> rep id."""
    lookup = {}
    for row in roster.reps(store):
        lookup[row["rep_id"].lower()] = row["rep_id"]
        if row["rep_name"]:
            lookup.setdefault(row["rep_name"].strip().lower(), row["rep_id"])
    return lookup


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
    }


def import_export(store: Store, path: Path) -> CrmImport:
    """Load an opportunities export; rows already loaded are updated, never duplicated."""
    path = Path(path)
    store.migrate()
    good, rejected = read_export(path, _rep_lookup(store))
    content_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    import_id = record_import(store, path, content_hash, good, [(row.line, row.reason, row.raw) for row in rejected])
    return CrmImport(import_id, path, len(good), tuple(rejected))


# -- measures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageConversion:
    stage: str
    next_stage: str
    entered: int  # opportunities of the rep whose time in `stage` is decided (advanced, closed or stale)
    advanced: int  # ... that went on to any later stage of the funnel
    team_entered: int
    team_advanced: int

    @property
    def rate(self) -> float | None:
        return self.advanced / self.entered if self.entered else None

    @property
    def team_rate(self) -> float | None:
        return self.team_advanced / self.team_entered if self.team_entered else None


@dataclass(frozen=True)
class StaleOpportunity:
    opportunity_id: str
    stage: str
    entered_at: datetime
    days_in_stage: int
    amount: float | None


def _histories(store: Store, rep_ids: list[str], as_of: date) -> dict[str, list[dict]]:
    """Each opportunity's stages in the order entered (up to `as_of`), by the opportunity's latest owner."""
    histories: dict[str, list[dict]] = {}
    for row in stage_history(store, rep_ids, as_of):
        histories.setdefault(row["opportunity_id"], []).append(row)
    return histories


def _conversion_counts(histories: dict[str, list[dict]], standards: CoachingSettings, as_of: date) -> dict:
    funnel = list(standards.crm_stages)
    stale_before = as_of - timedelta(days=standards.stage_stale_days)
    counts: dict[str, list[int]] = {stage: [0, 0] for stage in funnel[:-1]}
    for stages in histories.values():
        names = [row["stage"] for row in stages]
        for position, row in enumerate(stages):
            if row["stage"] not in counts:
                continue
            later = names[position + 1 :]
            advanced = any(s in funnel and funnel.index(s) > funnel.index(row["stage"]) for s in later)
            closed = any(s in standards.crm_closed_stages for s in later)
            stale = row["entered_at"].date() < stale_before
            if advanced or closed or stale:  # still within the standard in this stage: not decided yet
                counts[row["stage"]][0] += 1
                counts[row["stage"]][1] += int(advanced)
    return counts


def stage_conversion(store: Store, rep_id: str, standards: CoachingSettings, as_of: date) -> list[StageConversion]:
    """Conversion from each funnel stage to a later one, the rep's against the rep's team's."""
    funnel = list(standards.crm_stages)
    team_histories = _histories(store, roster.teammates(store, rep_id), as_of)
    mine = _conversion_counts(_histories(store, [rep_id], as_of), standards, as_of)
    team = _conversion_counts(team_histories, standards, as_of)
    # The next stage the team's opportunities actually use (a CRM need not use every funnel stage).
    used = {row["stage"] for stages in team_histories.values() for row in stages}
    conversions = []
    for position, stage in enumerate(funnel[:-1]):
        if not team[stage][0]:
            continue
        following = next((s for s in funnel[position + 1 :] if s in used), funnel[position + 1])
        conversions.append(StageConversion(stage, following, *mine[stage], *team[stage]))
    return conversions


def stale_opportunities(store: Store, rep_id: str, standards: CoachingSettings, as_of: date) -> list[StaleOpportunity]:
    """The rep's open opportunities that entered their current stage more than the standard ago."""
    stale = []
    for opportunity_id, stages in _histories(store, [rep_id], as_of).items():
        current = stages[-1]
        if current["stage"] in standards.crm_closed_stages:
            continue
        days = (as_of - current["entered_at"].date()).days
        if days > standards.stage_stale_days:
            stale.append(
                StaleOpportunity(opportunity_id, current["stage"], current["entered_at"], days, current["amount"])
            )
    return sorted(stale, key=lambda item: -item.days_in_stage)
