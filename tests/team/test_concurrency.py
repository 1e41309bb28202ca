"""Concurrent editing without lost updates: stale edits are refused, naming who."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from server_team import Team, definition
from sqlmodel import select

from benefitdesk.model import Benefit, Measurement
from benefitdesk.services.benefits import load_benefit_fields, save_benefit
from benefitdesk.services.errors import StaleEdit
from benefitdesk.services.measurements import log_measurement
from benefitdesk.services.records import ActionFields, add_action, update_action
from benefitdesk.store import Store


@pytest.mark.both_engines
def test_the_second_of_two_definition_saves_is_refused_and_nothing_is_lost(
    store: Store, portfolio_target: str | Path
) -> None:
    benefit_id = save_benefit(store, definition("B-001", "Alice Chen")).ids[0]
    with Store(portfolio_target) as other:
        first = load_benefit_fields(store, benefit_id=benefit_id)
        second = load_benefit_fields(other, benefit_id=benefit_id)
        assert first is not None and second is not None
        saved = save_benefit(store, replace(first, target=35.0), benefit_id=benefit_id)
        assert saved.row_version == first.row_version + 1  # type: ignore[operator]
        with pytest.raises(StaleEdit, match=r"B-001 was changed by .* at \d\d:\d\d — reload"):
            save_benefit(other, replace(second, title="Renamed"), benefit_id=benefit_id)
        after = load_benefit_fields(other, benefit_id=benefit_id)
    assert after is not None
    assert after.target == 35.0 and after.title == "Benefit B-001"
    # Reloaded, the same edit goes through.
    save_benefit(store, replace(after, title="Renamed"), benefit_id=benefit_id)


@pytest.mark.both_engines
def test_a_stale_record_edit_is_refused(store: Store) -> None:
    benefit_id = save_benefit(store, definition("B-001", "Alice Chen")).ids[0]
    added = add_action(store, benefit_id=benefit_id, data=ActionFields("Retrain the team"))
    action_id = added.ids[0]
    edited = update_action(
        store, action_id=action_id, data=ActionFields("Retrain sales"), row_version=1
    )
    assert edited.row_version == 2
    with pytest.raises(StaleEdit, match="This action was changed by"):
        update_action(store, action_id=action_id, data=ActionFields("Hire"), row_version=1)


def test_the_refusal_names_the_person_behind_the_database_user(team: Team) -> None:
    with team.store("pat") as pat, team.store("alice") as alice:
        stale = load_benefit_fields(alice, benefit_id=team.benefits["B-001"])
        fresh = load_benefit_fields(pat, benefit_id=team.benefits["B-001"])
        assert stale is not None and fresh is not None
        save_benefit(pat, replace(fresh, target=33.0), benefit_id=team.benefits["B-001"])
    with Store(team.admin) as admin, pytest.raises(StaleEdit) as refused:
        save_benefit(admin, replace(stale, title="x"), benefit_id=team.benefits["B-001"])
    assert "B-001 was changed by Pat Moore at " in str(refused.value)


def test_a_save_racing_another_waits_for_it_then_is_refused(team: Team) -> None:
    """The second writer blocks on the row lock and then sees the first one's version."""
    benefit_id = team.benefits["B-001"]
    outcome: list[BaseException | None] = []
    with team.store("pat") as first, Store(team.admin) as second:
        base = load_benefit_fields(second, benefit_id=benefit_id)
        assert base is not None

        def save_second() -> None:
            try:
                save_benefit(second, replace(base, title="Second"), benefit_id=benefit_id)
                outcome.append(None)
            except BaseException as exc:  # the refusal, checked below
                outcome.append(exc)

        with first.transaction() as session:
            row = session.get(Benefit, benefit_id)
            assert row is not None
            row.title = "First"
            session.flush()  # the row is now locked until this transaction commits
            racer = threading.Thread(target=save_second)
            racer.start()
            time.sleep(0.5)
            assert racer.is_alive(), "the second save should wait for the first"
        racer.join(10)
    assert isinstance(outcome[0], StaleEdit) and "Pat Moore" in str(outcome[0])
    with Store(team.admin) as admin, admin.reading() as session:
        assert session.get(Benefit, benefit_id).title == "First"  # type: ignore[union-attr]


def test_figures_logged_by_two_owners_at_once_all_land(team: Team) -> None:
    """Owners log in parallel, even the same period: every figure lands, none is lost."""
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def owner_logs(user: str, code: str, offset: float) -> None:
        try:
            with team.store(user) as store:
                start.wait()
                for month in range(12):
                    day = date(2026, 1, 31) + timedelta(days=31 * month)
                    log_measurement(store, code, day, offset + month)
                log_measurement(store, code, date(2027, 6, 30), offset)  # the same period
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=owner_logs, args=args)
        for args in (
            ("alice", "B-001", 100.0),
            ("alice", "B-001", 100.0),
            ("bob", "B-002", 200.0),
            ("bob", "B-002", 200.0),
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with Store(team.admin) as admin, admin.reading() as session:
        rows = session.exec(select(Measurement)).all()
    per_benefit = {
        code: [m for m in rows if m.benefit_id == team.benefits[code]]
        for code in ("B-001", "B-002")
    }
    assert {code: len(found) for code, found in per_benefit.items()} == {"B-001": 13, "B-002": 13}
