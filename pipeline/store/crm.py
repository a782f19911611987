"""CRM opportunities in the database: each import's log, the stage history it loaded, the rows it rejected.

Rows are keyed by (opportunity, stage, entered_at): importing the same export again updates them
and never duplicates one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.store.database import Store
from pipeline.store.deals import name_deals


def record_import(
    store: Store, path: Path, content_hash: str, stages: list[dict], rejected: list[tuple[int, str, str]]
) -> int:
    """Log one import and load its rows in one transaction; returns the import's id.

    `stages`: dicts with opportunity_id, rep_id, stage, entered_at, amount, the source `line` and optionally
    the `account` (which names the deal of the same id: `deals`);
    `rejected`: (line, reason, raw) of each row that could not be read.
    """
    with store.transaction() as con:
        import_id = con.execute(
            "INSERT INTO crm_imports (source_path, content_hash, rows_loaded, rows_rejected) VALUES (?, ?, ?, ?)"
            " RETURNING import_id",
            [str(path), content_hash, len(stages), len(rejected)],
        ).fetchone()[0]
        if stages:
            con.executemany(
                "INSERT INTO crm_stage_history (opportunity_id, rep_id, stage, entered_at, amount, import_id,"
                " source_line) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (opportunity_id, stage, entered_at)"
                " DO UPDATE SET rep_id = excluded.rep_id, amount = excluded.amount, import_id = excluded.import_id,"
                " source_line = excluded.source_line",
                [
                    [r["opportunity_id"], r["rep_id"], r["stage"], r["entered_at"], r["amount"], import_id, r["line"]]
                    for r in stages
                ],
            )
        name_deals(con, [(r["opportunity_id"], r.get("account")) for r in stages], "crm")
        if rejected:
            con.executemany(
                "INSERT INTO crm_rejected_rows (import_id, line, reason, raw) VALUES (?, ?, ?, ?)",
                [[import_id, line, reason, raw] for line, reason, raw in rejected],
            )
    return import_id


def has_crm_data(store: Store) -> bool:
    """Whether any CRM export was loaded: reports leave out the pipeline section otherwise."""
    return bool(store.rows("SELECT 1 FROM crm_stage_history LIMIT 1"))


def stage_history(store: Store, rep_ids: list[str], as_of: date) -> list[dict]:
    """The stages entered up to `as_of` by the opportunities whose latest owner is one of `rep_ids`.

    Rows (opportunity_id, rep_id: the latest owner, stage, entered_at, amount), each opportunity's
    stages in the order entered.
    """
    return store.rows(
        """
        WITH owned AS (
            SELECT *, last_value(rep_id) OVER (PARTITION BY opportunity_id ORDER BY entered_at
                       ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS owner
            FROM crm_stage_history WHERE CAST(entered_at AS DATE) <= ?
        )
        SELECT opportunity_id, owner AS rep_id, stage, entered_at, amount FROM owned
        WHERE list_contains(?, owner)
        ORDER BY opportunity_id, entered_at, stage
        """,
        [as_of, rep_ids],
    )
