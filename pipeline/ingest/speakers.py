"""Map the speaker names found in a transcript file onto the rep and buyer roles.

The mapping comes from the call's metadata (the rep's name). It never guesses: when the
names cannot be mapped, the caller gets an error that lists the names it found.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import TranscriptError

ROLE_ALIASES = {
    "rep": "rep",
    "agent": "rep",
    "seller": "rep",
    "sales rep": "rep",
    "buyer": "buyer",
    "customer": "buyer",
    "prospect": "buyer",
    "client": "buyer",
}


def _normalise(name: str) -> str:
    return " ".join(name.casefold().replace(".", " ").split())


def same_person(found: str, rep_name: str) -> bool:
    """True when `found` names the rep: the full name, or the first name alone ("Ana" for "Ana Lopez")."""
    found_n, rep_n = _normalise(found), _normalise(rep_name)
    if found_n == rep_n:
        return True
    found_parts, rep_parts = found_n.split(), rep_n.split()
    return found_parts[:1] == rep_parts[:1] and (len(found_parts) == 1 or len(rep_parts) == 1)


def assign_roles(names: list[str], rep_name: str | None, path: Path | None = None) -> dict[str, str]:
    """Return {speaker name: role} for every distinct name.

    Names that are roles themselves ("Rep", "Customer") map directly. Otherwise the rep is the
    speaker matching `rep_name` and everybody else is a buyer.
    """
    distinct = sorted(set(names))
    roles: dict[str, str] = {}
    unresolved = []
    for name in distinct:
        alias = ROLE_ALIASES.get(_normalise(name))
        if alias:
            roles[name] = alias
        else:
            unresolved.append(name)
    if not unresolved:
        return roles
    if not rep_name:
        raise TranscriptError(
            path,
            f"cannot tell which speaker is the rep among {', '.join(unresolved)}: add rep_name to the call's metadata",
        )
    matching = [name for name in unresolved if same_person(name, rep_name)]
    if not matching and "rep" not in roles.values():
        raise TranscriptError(
            path, f"rep_name {rep_name!r} matches none of the speakers found ({', '.join(unresolved)})"
        )
    for name in unresolved:
        roles[name] = "rep" if name in matching else "buyer"
    return roles
