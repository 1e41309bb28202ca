"""Defects found on the way to import review: settings thresholds written together,
actions that share a title, and an action's done date through the canonical workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from benefitdesk.model import ActionStatus, CorrectiveAction
from benefitdesk.services.exporting import export_portfolio
from benefitdesk.services.importing import apply_import
from benefitdesk.services.records import ActionFields, add_action
from benefitdesk.store import Store
from test_import_helpers import add_benefit, workbook


def actions(store: Store) -> list[tuple]:
    table = CorrectiveAction.__table__
    with store.reading() as session:
        rows = session.execute(select(table).order_by(table.c.id))
        return [(r.title, r.due_date, r.done_date, r.status, r.outcome) for r in rows]


def test_settings_amber_30_red_40_into_a_new_portfolio(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "settings.xlsx",
        {"Settings": [["Key", "Value"], ["amber_pct", 30], ["red_pct", 40]]},
    )
    with Store(tmp_path / "new.sqlite", create=True) as store:
        result = apply_import(store, path)
        assert result.committed, [str(p) for p in result.problems]
        settings = store.settings()
    assert (settings.amber_pct, settings.red_pct) == (30, 40)


def test_two_actions_with_one_title_and_a_done_date_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "a.sqlite", create=True) as store:
        benefit = add_benefit(store)
        for due in (date(2026, 3, 31), date(2026, 6, 30)):
            add_action(store, benefit_id=benefit, data=ActionFields("Chase supplier", due_date=due))
        with store.transaction() as session:  # an action closed on a day of its own
            first = session.execute(select(CorrectiveAction)).scalars().first()
            first.status, first.done_date = ActionStatus.DONE, date(2026, 3, 20)
        before = actions(store)
        export_portfolio(store, tmp_path / "out.xlsx")
    with Store(tmp_path / "b.sqlite", create=True) as store:
        result = apply_import(store, tmp_path / "out.xlsx")
        assert result.ok and result.committed, [str(p) for p in result.problems]
        assert actions(store) == before
        again = apply_import(store, tmp_path / "out.xlsx")  # the same file changes nothing
        assert again.up_to_date and actions(store) == before
    assert before[0][2] == date(2026, 3, 20) and before[0][0] == before[1][0]
