"""What a page asks the database: the queue and the team's coaching page read the day of the latest
call loaded once, for the focus window and the trends alike (a scan of every call on a large history)."""

from __future__ import annotations

import pytest

from pipeline.store.database import Store

LATEST_CALL_DAY = "max(started_at)"


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    asked: list[str] = []
    read = Store.rows

    def recorded(store, sql, params=None, live=False):
        asked.append(sql)
        return read(store, sql, params, live)

    monkeypatch.setattr(Store, "rows", recorded)
    return asked


@pytest.mark.parametrize(("page", "trends"), [("/queue", 'id="queue-trends"'), ("/coaching", 'class="trend-cell"')])
def test_a_page_reads_the_latest_call_s_day_once(maya, statements, page, trends):
    response = maya.get(page)

    assert response.status_code == 200
    assert trends in response.text  # the weekly trends, drawn up to that day
    assert sum(LATEST_CALL_DAY in sql for sql in statements) == 1
