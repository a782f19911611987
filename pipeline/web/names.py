"""Names beside the ids in the JSON the app answers: what a client shows next to what it links by.

Every GET page's JSON twin keeps its ids (other tools read them) and gains, in the same object, the
words a person reads: `rep_name` beside `rep_id`, `manager_name` beside `manager_id`,
`account_name` beside `deal_id`, `behaviour_label` beside `behaviour`, `call_title` beside a call's
id, type and start, the same words the pages show (`pipeline/coaching/wording.py`). A name already
in the object is kept; a name key is there whenever its id key is (None when the id is).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pipeline.coaching import wording

# id key -> the key of the person's name beside it
PEOPLE = {
    "rep_id": "rep_name",
    "manager_id": "manager_name",
    "decided_by": "decided_by_name",
    "created_by": "created_by_name",
    "recorded_by": "recorded_by_name",
    "set_by": "set_by_name",
    "inspected_by": "inspected_by_name",
}
# deal id key -> the key of the account's name beside it
DEALS = {"deal_id": "account_name", "apply_deal_id": "apply_account_name"}
# behaviour key (one name, or a list of names) -> the key of its label(s) beside it
BEHAVIOURS = {"behaviour": "behaviour_label"}
BEHAVIOUR_LISTS = {
    "behaviours": "behaviour_labels",
    "focus_behaviours": "focus_behaviour_labels",
    "focus": "focus_labels",
    "improved": "improved_labels",
    "still_gaps": "still_gap_labels",
    "next_focus": "next_focus_labels",
}


def deal_ids(value: Any) -> set[str]:
    """Every deal id named anywhere in `value` (what `with_names` needs the accounts of)."""
    found: set[str] = set()
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in DEALS and isinstance(item, str) and item:
                found.add(item)
            else:
                found |= deal_ids(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= deal_ids(item)
    return found


def with_names(value: Any, people: Mapping[str, str], accounts: Mapping[str, str]) -> Any:
    """`value` (JSON-shaped: mappings, lists, scalars) with the names added beside the ids.

    `people`: user or rep id -> name (a person without a name keeps the id, as the pages show it);
    `accounts`: deal id -> account name (None for a deal without a known account)."""
    if isinstance(value, list | tuple):
        return [with_names(item, people, accounts) for item in value]
    if not isinstance(value, Mapping):
        return value
    named = {key: with_names(item, people, accounts) for key, item in value.items()}
    for key, item in value.items():
        if key in PEOPLE:
            named.setdefault(PEOPLE[key], (people.get(item) or item) if isinstance(item, str) else None)
        elif key in DEALS:
            named.setdefault(DEALS[key], accounts.get(item) if isinstance(item, str) else None)
        elif key in BEHAVIOURS and (item is None or isinstance(item, str)):
            named.setdefault(BEHAVIOURS[key], wording.behaviour_label(item) if item else None)
        elif key in BEHAVIOUR_LISTS and isinstance(item, list | tuple) and all(isinstance(b, str) for b in item):
            named.setdefault(BEHAVIOUR_LISTS[key], [wording.behaviour_label(b) for b in item])
    if value.get("call_id") and value.get("call_type") and value.get("started_at"):
        call = {**value, "rep_name": named.get("rep_name"), "started_at": _moment(value["started_at"])}
        named.setdefault("call_title", wording.call_title(call, with_rep=bool(call["rep_name"])))
    return named


def _moment(value: Any) -> Any:
    """A start time as a datetime, also when a row carries it as ISO text."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return value
