"""A coaching history for the report tests: the sample calls, seven weeks of generated calls before
them, a manager's decisions, a practice plan, a concern, a second batch after the plan, a CRM export.

Everything goes through the real pipeline (`batch.run_batch` over transcript files) and the
functions the web app calls (triage, concerns); nothing is INSERTed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from pipeline.batch import crm_import
from pipeline.batch import nightly as batch
from pipeline.coaching import concerns, triage
from pipeline.config import Settings
from pipeline.store import Store
from tests.support.history import CallSpec, copy_samples, weekly_history, write_calls
from tests.support.inbox import batch_settings
from tests.support.paths import SAMPLES

MAYA, OMAR = "mgr_maya", "mgr_omar"
BEN_DEMO = "c-2026-11-03-0002"  # Ben starts the demo before budget
ANA_NEGOTIATION = "c-2026-11-05-0004"  # Ana closes with a dated, owned next step
# Ben, seven weeks from Monday 14 September: budget before the demo missed on most calls.
BEN_WEEKS, BEN_GAPS = 7, [2, 2, 2, 1, 2, 2, 1]
PLAN_APPLY_DATE = date(2026, 11, 13)
# After the plan: Ben discusses budget first on every demo.
BEN_AFTER = [datetime(2026, 11, d, 10) for d in (13, 16, 18, 20, 23, 25)]
UNTIL = date(2026, 11, 25)  # the latest call: where the default report period ends


@dataclass(frozen=True)
class History:
    store: Store
    settings: Settings
    plan_id: int
    concern_id: int


def build_history(folder: Path, analyzer) -> History:
    inbox = folder / "inbox"
    copy_samples(inbox)
    start = datetime(2026, 9, 14)
    write_calls(inbox, weekly_history("rep_ben", start, BEN_WEEKS, BEN_GAPS, calls_per_week=2))
    write_calls(inbox, weekly_history("rep_ana", start, BEN_WEEKS, [0, 0, 1, 0, 0, 0, 0], calls_per_week=2))
    settings = replace(batch_settings(folder, inbox), roster_path=SAMPLES / "team.yaml")
    batch.run_batch(settings, analyzer=analyzer)
    store = Store(settings.db_path)

    budget = triage.decide(store, MAYA, BEN_DEMO, "budget_before_demo", "confirmed",
                           diagnosis="You shared the screen at 00:20 before asking what they spend today.")  # fmt: skip
    triage.decide(store, MAYA, ANA_NEGOTIATION, "next_step_date_owner", "strength")
    plan_id = triage.create_plan(
        store, MAYA,
        triage.PlanInput(budget, "Before sharing the screen, ask what they spend on dispatch today.",
                         follow_up_date=date(2026, 11, 27), practised_on=date(2026, 11, 10),
                         apply_date=PLAN_APPLY_DATE),
    )  # fmt: skip
    draft = concerns.ConcernDraft(
        rep_id="rep_ben",
        concern="Demos start before budget is known",
        behaviour="budget_before_demo",
        evidence="Budget before the demo missed in 12 of 14 demos since September.",
        standard="Budget context before every demo",
        behaviour_gap="Shares the screen before any budget question.",
        expectation="Budget on the table before the demo on every demo call from now on.",
        follow_up_date=date(2026, 11, 27),
        follow_up_review="The next four demo calls",
        plan_id=plan_id,
        conversation_date=date(2026, 11, 10),
    )
    behaviours = {row["behaviour"] for row in store.rows("SELECT DISTINCT behaviour FROM findings")}
    concern_id = concerns.raise_concern(store, MAYA, draft, behaviours)

    # The next batch: Ben's calls after the plan (budget first on each), two more of Ana's.
    later = [CallSpec(f"n-ben-{when:%m%d}", "rep_ben", when, deal_id=f"d-ben-{when:%m%d}") for when in BEN_AFTER]
    later += [CallSpec(f"n-ana-{d}", "rep_ana", datetime(2026, 11, d, 11)) for d in (17, 24)]
    write_calls(inbox, later)
    batch.run_batch(settings, analyzer=analyzer)
    crm_import.import_export(store, SAMPLES / "crm" / "opportunities.csv")
    return History(store, settings, plan_id, concern_id)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
