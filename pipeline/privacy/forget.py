"""Erasure: `coachloop forget --call ID | --rep ID` takes a call's or a rep's data out of DuckDB.

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

All of it is one transaction. The erasure log (`erasures`) keeps counts per table, never ids or
text; `erased_sources` keeps the sha256 of each erased call's source so that the nightly batch
does not load it again while it still lies in the inbox. The analysts' snapshot is rebuilt (or
removed when it cannot be), report files that mention the subject are deleted, and the database
file is rewritten so that the erased rows' bytes do not linger in its free space.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.errors import CoachloopError
from pipeline.store import Store, StoreWriteError

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
REPORT_SUFFIXES = (".md", ".html", ".htm", ".txt", ".csv", ".json", ".jsonl")


class NothingToForget(CoachloopError):
    """The id is not in the database."""


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


@dataclass
class ErasureReport:
    subject_kind: str  # call | rep
    erasure_id: int
    calls: int
    removed: Counter = field(default_factory=Counter)  # table -> rows deleted
    stubbed: Counter = field(default_factory=Counter)  # table -> rows kept as anonymised audit stubs
    scrubbed: Counter = field(default_factory=Counter)  # table -> rows whose text named the subject
    snapshot: str = "none"  # refreshed | removed | none
    compacted: bool = False  # the database file was rewritten without the erased rows' bytes
    report_files: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # source files of the erased calls, still on disk
    needles: list[str] = field(default_factory=list)  # the erased ids, searched for in text elsewhere
    derived_files: list[str] = field(default_factory=list)  # files named by the erased rows (reports)
    dry_run: bool = False


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


def _subject(con, call_id: str | None, rep_id: str | None) -> tuple[str, dict[str, set]]:
    if (call_id is None) == (rep_id is None):
        raise CoachloopError("forget: name exactly one of --call ID or --rep ID")
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


class _DryRun(Exception):
    pass


def forget(
    store: Store,
    *,
    call_id: str | None = None,
    rep_id: str | None = None,
    snapshot_path: Path | None = None,
    reports_dir: Path | None = None,
    dry_run: bool = False,
) -> ErasureReport:
    """Erase one call, or one rep and all their calls (see the module's text). Returns what it did."""
    store.migrate()
    try:
        with store.transaction() as con:
            report = _erase(con, call_id, rep_id)
            if dry_run:
                report.dry_run = True
                raise _DryRun
    except _DryRun:
        return report
    if snapshot_path is not None and Path(snapshot_path).exists():
        try:
            store.refresh_snapshot(Path(snapshot_path))
            report.snapshot = "refreshed"
        except (OSError, duckdb.Error, StoreWriteError):
            # A copy that still holds the erased data must not stay behind.
            Path(snapshot_path).unlink(missing_ok=True)
            report.snapshot = "removed"
    with store.transaction() as con:
        con.execute("UPDATE erasures SET snapshot = ? WHERE erasure_id = ?", [report.snapshot, report.erasure_id])
    # The erased rows' bytes stay in the file's free blocks (and its write-ahead log) until rewritten.
    report.compacted = store.compact()
    candidates = [Path(path) for path in report.derived_files]
    if reports_dir is not None and Path(reports_dir).is_dir():
        candidates += [path for path in sorted(Path(reports_dir).rglob("*")) if path.suffix.lower() in REPORT_SUFFIXES]
    report.report_files = _erase_report_files(candidates, report.needles)
    return report


def _erase(con, call_id: str | None, rep_id: str | None) -> ErasureReport:
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
    report = ErasureReport(kind, erasure_id, len(calls), sources=sorted({path for _, path in sources if path}))
    report.needles = [*calls, *(keys["rep_id"] if kind == "rep" else ())]

    tables = _schema(con)
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
                ids = con.execute(
                    f"SELECT {_quoted(key)} FROM {_quoted(table.name)} WHERE rowid IN ({', '.join(map(str, rows))})"
                ).fetchall()
                before = len(keys.setdefault(key, set()))
                keys[key].update(row[0] for row in ids)
                growing = growing or len(keys[key]) > before

    pseudonym = f"erased-{erasure_id}"
    for table in tables:
        rows = matched.get(table.name)
        if not rows:
            continue
        where = f"rowid IN ({', '.join(map(str, sorted(rows)))})"
        for column in table.columns:  # files made from these rows (a report's html_path); never a source
            if column.name.endswith("_path") and column.name != "source_path" and column.is_text:
                sql = f"SELECT {_quoted(column.name)} FROM {_quoted(table.name)} WHERE {where}"
                report.derived_files += [row[0] for row in con.execute(sql).fetchall() if row[0]]
        assignments = _stub_assignments(table, {k: v for k, v in keys.items() if k in subject_keys}, pseudonym)
        own_record = len(table.primary_key) == 1 and table.primary_key[0] in subject_keys  # reps, users, calls
        if table.is_audit and assignments and not own_record:
            con.execute(f"UPDATE {_quoted(table.name)} SET {', '.join(assignments)} WHERE {where}")
            report.stubbed[table.name] = len(rows)
        else:
            con.execute(f"DELETE FROM {_quoted(table.name)} WHERE {where}")
            report.removed[table.name] = len(rows)

    for table in tables:
        # Another call's own words are its own, even when they match a quote of this one.
        quoted = [] if table.keyed_by_call else quotes
        condition, params = _mentions(table, report.needles, quoted)
        if not condition:
            continue
        mentioning = con.execute(f"SELECT count(*) FROM {_quoted(table.name)} WHERE {condition}", params).fetchone()[0]
        if mentioning:
            _scrub_text(con, table, report.needles, boundary=True)
            _scrub_text(con, table, quoted, boundary=False)
            report.scrubbed[table.name] = mentioning

    con.execute(
        "INSERT INTO erasures (erasure_id, subject_kind, calls_erased, rows_removed, rows_stubbed)"
        " VALUES (?, ?, ?, ?, ?)",
        [erasure_id, kind, len(calls), json.dumps(dict(report.removed)), json.dumps(dict(report.stubbed))],
    )
    con.executemany(
        "INSERT INTO erased_sources VALUES (?, ?) ON CONFLICT DO NOTHING",
        [[content_hash, erasure_id] for content_hash, _ in sources],
    )
    return report


def _erase_report_files(candidates: list[Path], needles: list[str]) -> list[str]:
    """Delete the rendered reports that mention an erased id: the next report run rebuilds them."""
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(needle)}(?![\w-])" for needle in needles))
    deleted = []
    for path in dict.fromkeys(candidates):
        if path.is_file() and pattern.search(path.read_text(encoding="utf-8", errors="replace")):
            path.unlink()
            deleted.append(str(path))
    return deleted
