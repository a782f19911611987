"""Erasure in the database: a call's or a rep's rows out, audit stubs anonymised, text scrubbed.

The tables are read from the schema (information_schema and DuckDB's constraints), not listed
here, so a table added by a later migration is covered as long as it names what it holds the
usual way: a column `call_id` / `rep_id` or ending in `_call_id` / `_rep_id`.

    rows of the subject      a row whose call or rep column holds an erased id. For a rep, also
                             the rows that point at such a row's own id (a plan's events, a
                             concern's events): `plan_id`, `concern_id`...
    audit tables             tables of what a manager did (they have a column like `manager_id`,
                             `created_by`, `recorded_by`): their rows stay as stubs, who decided
                             what and when, with the subject's ids replaced by `erased-N` and every
                             free-text column emptied. Every other row of the subject is deleted,
                             the subject's own record (its `reps`, `users`, `calls` row) always.
    text elsewhere           any other text that still names an erased id, or repeats a quote of
                             an erased call, has it replaced by `[erased]`.

The rollups (pipeline/store/rollups.py) lose the erased calls' counts first, and `moments`
(pipeline/store/moments.py) their rows, as if the calls had never loaded. All of it is one transaction. The erasure log (`erasures`) keeps counts per table, never ids or
text; `erased_sources` keeps the sha256 of each erased call's source so that the nightly batch
does not load it again while it still lies in the inbox.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

import duckdb

from pipeline.errors import NotFound
from pipeline.store import moments, rollups
from pipeline.store.database import Store

# A column naming who did something: its table records a manager's action, kept as an audit stub.
AUDIT_ACTOR_COLUMNS = ("manager_id", "created_by", "recorded_by", "set_by", "decided_by", "reviewed_by")
# Text columns of a stub that hold a choice from a fixed list, not words about anyone: kept.
KEPT_CHOICE_COLUMNS = frozenset(
    {"behaviour", "behaviours", "decision", "verdict", "finding_verdict", "status", "kind", "outcome", "matched_by"}
)
# The erasure's own bookkeeping and the schema's: never searched.
OWN_TABLES = frozenset({"erasures", "erased_sources", "schema_migrations"})
TEXT_TYPES = ("VARCHAR", "JSON")
ERASED_TEXT = "[erased]"
# Quotes shorter than this ("Yes.", "Okay.") say nothing about anyone and occur in every call.
MIN_QUOTE_LENGTH = 12


class NothingToForget(NotFound):
    """The id is not in the database."""


@dataclass
class Erasure:
    """What one erasure did to the database."""

    subject_kind: str  # call | rep
    erasure_id: int
    calls: int
    removed: Counter = field(default_factory=Counter)  # table -> rows deleted
    stubbed: Counter = field(default_factory=Counter)  # table -> rows kept as anonymised audit stubs
    scrubbed: Counter = field(default_factory=Counter)  # table -> rows whose text named the subject
    sources: list[str] = field(default_factory=list)  # source files of the erased calls
    needles: list[str] = field(default_factory=list)  # the erased ids, searched for in text elsewhere
    derived_files: list[str] = field(default_factory=list)  # files named by the erased rows (reports)


class _DryRun(Exception):
    pass


def erase(store: Store, *, call_id: str | None = None, rep_id: str | None = None, dry_run: bool = False) -> Erasure:
    """Erase one call, or one rep and all their calls, in one transaction; a dry run rolls it back.

    Raises NothingToForget when the id is not in the database.
    """
    try:
        with store.transaction() as con:
            erasure = _erase(con, call_id, rep_id)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return erasure


def record_snapshot(store: Store, erasure_id: int, snapshot: str) -> None:
    """Log what became of the analysts' snapshot after the erasure (refreshed | removed | none)."""
    with store.transaction() as con:
        con.execute("UPDATE erasures SET snapshot = ? WHERE erasure_id = ?", [snapshot, erasure_id])


# -- the schema, as erasure sees it ---------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    nullable: bool

    @property
    def is_text(self) -> bool:
        return self.data_type in TEXT_TYPES

    @property
    def is_text_list(self) -> bool:
        return self.data_type == "VARCHAR[]"


@dataclass
class Table:
    name: str
    columns: list[Column]
    primary_key: tuple[str, ...] = ()

    @property
    def is_audit(self) -> bool:
        return any(column.name in AUDIT_ACTOR_COLUMNS for column in self.columns)

    @property
    def keyed_by_call(self) -> bool:
        return any(_refers_to(column.name, "call_id") for column in self.columns)


def _refers_to(column: str, key: str) -> bool:
    return column == key or column.endswith("_" + key)


def _schema(con: duckdb.DuckDBPyConnection) -> list[Table]:
    tables: dict[str, Table] = {}
    for table, column, data_type, nullable in con.execute(
        "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES'"
        " FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)"
        " WHERE c.table_schema = 'main' AND t.table_type = 'BASE TABLE' AND t.table_catalog = current_database()"
        " ORDER BY c.table_name, c.ordinal_position"
    ).fetchall():
        if table not in OWN_TABLES:
            tables.setdefault(table, Table(table, [])).columns.append(Column(column, data_type, nullable))
    for table, names in con.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints()"
        " WHERE constraint_type = 'PRIMARY KEY' AND schema_name = 'main' AND database_name = current_database()"
    ).fetchall():
        if table in tables:
            tables[table].primary_key = tuple(names)
    return list(tables.values())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rowids(rows: set[int]) -> str:
    return f"rowid IN ({', '.join(map(str, sorted(rows)))})"


# -- which rows are the subject's -----------------------------------------------------------------


def _subject(con: duckdb.DuckDBPyConnection, call_id: str | None, rep_id: str | None) -> tuple[str, dict[str, set]]:
    if call_id is not None:
        if not con.execute("SELECT 1 FROM calls WHERE call_id = ?", [call_id]).fetchone():
            raise NothingToForget(f"no call {call_id} in the database: nothing erased")
        return "call", {"call_id": {call_id}}
    calls = {row[0] for row in con.execute("SELECT call_id FROM calls WHERE rep_id = ?", [rep_id]).fetchall()}
    known = con.execute(
        "SELECT 1 FROM reps WHERE rep_id = ? UNION ALL SELECT 1 FROM users WHERE user_id = ?", [rep_id, rep_id]
    ).fetchone()
    if not calls and not known:
        raise NothingToForget(f"no rep {rep_id} in the database: nothing erased")
    return "rep", {"rep_id": {rep_id}, "call_id": calls, "user_id": {rep_id}}


def _matching_rows(con, table: Table, keys: dict[str, set], subject_keys: set[str]) -> set[int]:
    """rowids of `table` whose columns hold one of the ids in `keys`.

    A subject key (call_id, rep_id) matches any column named for it, and any other text column
    holding exactly an erased id (a report's `subject_id`); a propagated key (a plan's `plan_id`)
    only columns that point at it, not a table's own single-column primary key, so that two
    tables' unrelated `event_id` sequences never meet.
    """
    conditions, params = [], []
    erased_ids = sorted({str(value) for key in subject_keys for value in keys.get(key, ())})
    for column in table.columns:
        named_for_a_key = any(_refers_to(column.name, key) for key in keys)
        if column.data_type == "VARCHAR" and not named_for_a_key and erased_ids:
            conditions.append(f"{_quoted(column.name)} IN ({', '.join('?' for _ in erased_ids)})")
            params += erased_ids
        for key, values in keys.items():
            if not values or not _refers_to(column.name, key):
                continue
            if key not in subject_keys and table.primary_key == (column.name,):
                continue
            conditions.append(f"CAST({_quoted(column.name)} AS VARCHAR) IN ({', '.join('?' for _ in values)})")
            params += sorted(str(value) for value in values)
    if not conditions:
        return set()
    sql = f"SELECT rowid FROM {_quoted(table.name)} WHERE {' OR '.join(conditions)}"
    return {row[0] for row in con.execute(sql, params).fetchall()}


def _subject_rows(con, tables: list[Table], kind: str, keys: dict[str, set]) -> dict[str, set[int]]:
    """Table -> rowids of the subject's rows; `keys` grows by the ids of a rep's rows (plan_id...)."""
    subject_keys = set(keys)
    matched: dict[str, set[int]] = {}
    growing = True
    while growing:  # a rep's rows lead to the rows that point at them (a plan -> its events)
        growing = False
        for table in tables:
            rows = _matching_rows(con, table, keys, subject_keys) - matched.get(table.name, set())
            if not rows:
                continue
            matched.setdefault(table.name, set()).update(rows)
            if kind == "rep" and len(table.primary_key) == 1 and table.primary_key[0] not in subject_keys:
                key = table.primary_key[0]
                ids = con.execute(f"SELECT {_quoted(key)} FROM {_quoted(table.name)} WHERE {_rowids(rows)}").fetchall()
                before = len(keys.setdefault(key, set()))
                keys[key].update(row[0] for row in ids)
                growing = growing or len(keys[key]) > before
    return matched


# -- deleting, stubbing, scrubbing ----------------------------------------------------------------


def _stub_assignments(table: Table, keys: dict[str, set], pseudonym: str) -> list[str]:
    """SET clauses that turn a row into an audit stub."""
    assignments = []
    for column in table.columns:
        name = _quoted(column.name)
        if any(_refers_to(column.name, key) and values for key, values in keys.items()) and column.is_text:
            assignments.append(f"{name} = '{pseudonym}'")
        elif column.name in KEPT_CHOICE_COLUMNS or column.name in AUDIT_ACTOR_COLUMNS:
            continue
        elif column.is_text:
            assignments.append(f"{name} = {'NULL' if column.nullable else repr(ERASED_TEXT)}")
        elif column.is_text_list:
            assignments.append(f"{name} = {'NULL' if column.nullable else '[]'}")
    return assignments


def _remove_or_stub(con, erasure: Erasure, table: Table, rows: set[int], subject_keys: dict[str, set]) -> None:
    """Delete the subject's rows of `table`, or anonymise them when they record a manager's action."""
    where = _rowids(rows)
    for column in table.columns:  # files made from these rows (a report's html_path); never a source
        if column.name.endswith("_path") and column.name != "source_path" and column.is_text:
            sql = f"SELECT {_quoted(column.name)} FROM {_quoted(table.name)} WHERE {where}"
            erasure.derived_files += [row[0] for row in con.execute(sql).fetchall() if row[0]]
    assignments = _stub_assignments(table, subject_keys, f"erased-{erasure.erasure_id}")
    own_record = len(table.primary_key) == 1 and table.primary_key[0] in subject_keys  # reps, users, calls
    if table.is_audit and assignments and not own_record:
        con.execute(f"UPDATE {_quoted(table.name)} SET {', '.join(assignments)} WHERE {where}")
        erasure.stubbed[table.name] = len(rows)
    else:
        con.execute(f"DELETE FROM {_quoted(table.name)} WHERE {where}")
        erasure.removed[table.name] = len(rows)


def _id_pattern(needle: str) -> str:
    """An id, not inside a longer id (rep_ana is not in rep_anabel)."""
    return f"(^|[^\\w-]){re.escape(needle)}($|[^\\w-])"


def _text_columns(table: Table) -> list[tuple[str, str]]:
    """(column, its value as text) of every column that holds text."""
    return [
        (column.name, f"CAST({_quoted(column.name)} AS VARCHAR)")
        for column in table.columns
        if column.is_text or column.is_text_list
    ]


def _mentions(table: Table, ids: list[str], quotes: list[str]) -> tuple[str, list]:
    """A condition true for rows whose text holds an erased id or quote, and its parameters."""
    conditions, params = [], []
    for _, as_text in _text_columns(table):
        conditions += [f"regexp_matches({as_text}, ?)" for _ in ids] + [f"contains({as_text}, ?)" for _ in quotes]
        params += [_id_pattern(needle) for needle in ids] + list(quotes)
    return " OR ".join(conditions), params


def _scrub_text(con, table: Table, needles: list[str], boundary: bool) -> None:
    """Replace each needle by `[erased]` wherever it appears in the table's text columns."""
    if not needles:
        return
    replaced, params = "{value}", []
    for needle in needles:
        if boundary:
            replaced = f"regexp_replace({replaced}, ?, '\\1{ERASED_TEXT}\\2', 'g')"
            params.append(_id_pattern(needle))
        else:
            replaced = f"replace({replaced}, ?, '{ERASED_TEXT}')"
            params.append(needle)
    by_name = {column.name: column for column in table.columns}
    for name, as_text in _text_columns(table):
        column, quoted = by_name[name], _quoted(name)
        if column.is_text_list:
            value = f"list_transform({quoted}, lambda item: {replaced.format(value='item')})"
        elif column.data_type == "JSON":
            value = f"CAST({replaced.format(value=as_text)} AS JSON)"
        else:
            value = replaced.format(value=quoted)
        found = " OR ".join(f"contains({as_text}, ?)" for _ in needles)
        con.execute(f"UPDATE {_quoted(table.name)} SET {quoted} = {value} WHERE {found}", [*params, *needles])


def _scrub_mentions(con, erasure: Erasure, table: Table, quotes: list[str]) -> None:
    # Another call's own words are its own, even when they match a quote of this one.
    quoted = [] if table.keyed_by_call else quotes
    condition, params = _mentions(table, erasure.needles, quoted)
    if not condition:
        return
    mentioning = con.execute(f"SELECT count(*) FROM {_quoted(table.name)} WHERE {condition}", params).fetchone()[0]
    if mentioning:
        _scrub_text(con, table, erasure.needles, boundary=True)
        _scrub_text(con, table, quoted, boundary=False)
        erasure.scrubbed[table.name] = mentioning


# -- one erasure ----------------------------------------------------------------------------------


def _erase(con: duckdb.DuckDBPyConnection, call_id: str | None, rep_id: str | None) -> Erasure:
    kind, keys = _subject(con, call_id, rep_id)
    subject_keys = set(keys)
    calls = sorted(keys["call_id"])
    placeholders = ", ".join("?" for _ in calls) or "NULL"
    quotes = sorted(
        {
            row[0]
            for row in con.execute(
                f"SELECT quote FROM findings WHERE call_id IN ({placeholders}) AND length(quote) >= ?",
                [*calls, MIN_QUOTE_LENGTH],
            ).fetchall()
        }
    )
    sources = con.execute(
        f"SELECT content_hash, source_path FROM calls WHERE call_id IN ({placeholders})", calls
    ).fetchall()
    erasure_id = con.execute("SELECT nextval('erasure_seq')").fetchone()[0]
    erasure = Erasure(kind, erasure_id, len(calls), sources=sorted({path for _, path in sources if path}))
    erasure.needles = [*calls, *(keys["rep_id"] if kind == "rep" else ())]

    rollups.remove_calls(con, calls)  # counted out while their findings are still there to count
    if removed_moments := moments.remove_calls(con, calls):  # and the strengths their gaps made judged again
        erasure.removed["moments"] += removed_moments
    tables = _schema(con)
    matched = _subject_rows(con, tables, kind, keys)
    subject_ids = {key: values for key, values in keys.items() if key in subject_keys}
    for table in tables:
        if matched.get(table.name):
            _remove_or_stub(con, erasure, table, matched[table.name], subject_ids)
    for table in tables:
        _scrub_mentions(con, erasure, table, quotes)

    con.execute(
        "INSERT INTO erasures (erasure_id, subject_kind, calls_erased, rows_removed, rows_stubbed)"
        " VALUES (?, ?, ?, ?, ?)",
        [erasure_id, kind, len(calls), json.dumps(dict(erasure.removed)), json.dumps(dict(erasure.stubbed))],
    )
    if sources:  # DuckDB refuses executemany over no rows: a rep with no calls has no sources
        con.executemany(
            "INSERT INTO erased_sources VALUES (?, ?) ON CONFLICT DO NOTHING",
            [[content_hash, erasure_id] for content_hash, _ in sources],
        )
    return erasure
