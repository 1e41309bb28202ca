"""Services behind the benefit detail: records, plans, history; each validation error."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from benefitdesk.model import (
    ActionStatus,
    Activity,
    ActivityKind,
    AuditEntry,
    CorrectiveAction,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    Person,
    PlanPoint,
    PlanVersion,
    Raci,
    Stakeholder,
    VarianceCause,
    VarianceNote,
)
from benefitdesk.services import records
from benefitdesk.services.benefits import (
    BenefitFields,
    load_benefit_fields,
    next_benefit_code,
    save_benefit,
)
from benefitdesk.services.errors import NotFound, ValidationError
from benefitdesk.services.history import benefit_history
from benefitdesk.services.measurements import (
    delete_measurement,
    indicator_measurement_records,
    log_measurement,
    measurement_records,
)
from benefitdesk.services.plans import plan_versions, rebaseline, save_plan
from benefitdesk.services.records import (
    ActionFields,
    ActivityFields,
    IndicatorFields,
    NoteFields,
    StakeholderFields,
)
from benefitdesk.store import Store
from builders import add_benefit

pytestmark = pytest.mark.both_engines  # a file and a server database each


@pytest.fixture
def benefit_id(store: Store) -> int:
    return add_benefit(store, title="Lead conversion rate", data_source=None, financial_value=None)


def count(store: Store, model: type) -> int:
    with store.reading() as session:
        return len(session.exec(select(model)).all())


def test_next_codes_and_loading_fields(store: Store, benefit_id: int) -> None:
    assert next_benefit_code(store) == "B-002"
    assert records.next_indicator_code(store) == "I-001"
    loaded = load_benefit_fields(store, benefit_id=benefit_id)
    assert loaded is not None and loaded.owner == "Alice Chen" and loaded.code == "B-001"
    assert load_benefit_fields(store, benefit_id=999) is None


def test_indicator_add_update_validation_and_duplicate_code(store: Store, benefit_id: int) -> None:
    data = IndicatorFields(code="I-001", name="Weekly active users", baseline=0.0, target=90.0)
    change = records.add_indicator(store, benefit_id=benefit_id, data=data)
    assert change.benefit_ids == {benefit_id} and change.structural
    with pytest.raises(ValidationError) as refused:
        records.add_indicator(
            store, benefit_id=benefit_id, data=IndicatorFields(code=" ", name="", target=0.0)
        )
    assert set(refused.value.problems) == {"code", "name"}
    with pytest.raises(ValidationError) as same:
        records.add_indicator(
            store,
            benefit_id=benefit_id,
            data=IndicatorFields("I-002", "x", baseline=1.0, target=1.0),
        )
    assert set(same.value.problems) == {"target"}
    with pytest.raises(ValidationError) as dates:
        records.add_indicator(
            store,
            benefit_id=benefit_id,
            data=IndicatorFields(
                "I-002", "x", baseline_date=date(2026, 5, 1), target_date=date(2026, 1, 1)
            ),
        )
    assert set(dates.value.problems) == {"target_date"}
    with pytest.raises(ValidationError, match="already used"):
        records.add_indicator(store, benefit_id=benefit_id, data=IndicatorFields("I-001", "x"))
    data.name = "Weekly active CRM users"
    records.update_indicator(store, indicator_id=change.ids[0], data=data)
    with store.reading() as session:
        assert session.exec(select(Indicator.name)).one() == "Weekly active CRM users"
    with pytest.raises(NotFound):
        records.add_indicator(store, benefit_id=999, data=IndicatorFields("I-009", "x"))


def test_note_action_activity_stakeholder_and_their_validation(
    store: Store, benefit_id: int
) -> None:
    with pytest.raises(ValidationError) as note:
        records.add_note(store, benefit_id=benefit_id, data=NoteFields(None, explanation=" "))
    assert set(note.value.problems) == {"period", "explanation"}
    records.add_note(
        store,
        benefit_id=benefit_id,
        data=NoteFields(date(2026, 3, 31), VarianceCause.ADOPTION, "Slow roll-out"),
    )
    with pytest.raises(ValidationError) as action:
        records.add_action(store, benefit_id=benefit_id, data=ActionFields(title=""))
    assert set(action.value.problems) == {"title"}
    added = records.add_action(
        store, benefit_id=benefit_id, data=ActionFields("Coach the reps", owner="Bob Stone")
    )
    records.close_action(store, action_id=added.ids[0], outcome="Adoption up 20 points")
    with store.reading() as session:
        closed = session.exec(select(CorrectiveAction)).one()
        assert closed.status is ActionStatus.DONE and closed.outcome == "Adoption up 20 points"
        assert {p.name for p in session.exec(select(Person))} == {"Alice Chen", "Bob Stone"}
    with pytest.raises(ValidationError) as activity:
        records.add_activity(
            store,
            benefit_id=benefit_id,
            data=ActivityFields("", status=ActionStatus.DONE),
        )
    assert set(activity.value.problems) == {"title", "done_date"}
    records.add_activity(
        store,
        benefit_id=benefit_id,
        data=ActivityFields("Train the reps", ActivityKind.TRAINING, "Alice Chen"),
    )
    with pytest.raises(ValidationError) as nobody:
        records.add_stakeholder(store, benefit_id=benefit_id, data=StakeholderFields(" "))
    assert set(nobody.value.problems) == {"person"}
    stake = StakeholderFields("Carol Diaz", Raci.CONSULTED)
    records.add_stakeholder(store, benefit_id=benefit_id, data=stake)
    with pytest.raises(ValidationError, match="already consulted"):
        records.add_stakeholder(store, benefit_id=benefit_id, data=stake)
    assert [count(store, m) for m in (VarianceNote, CorrectiveAction, Activity, Stakeholder)] == [
        1,
        1,
        1,
        1,
    ]


def test_update_measurement_moves_date_and_refuses_a_clash(store: Store, benefit_id: int) -> None:
    log_measurement(store, "B-001", date(2026, 3, 31), 21.0)
    log_measurement(store, "B-001", date(2026, 4, 30), 22.0)
    first, second = measurement_records(store, benefit_id=benefit_id)
    change = records.update_measurement(
        store, entity="measurement", record_id=first.id, day=date(2026, 2, 28), value=20.5, note="x"
    )
    assert change.benefit_ids == {benefit_id}
    with pytest.raises(ValidationError) as clash:
        records.update_measurement(
            store,
            entity="measurement",
            record_id=first.id,
            day=second.date,
            value=1.0,
            note=None,
        )
    assert set(clash.value.problems) == {"date"}
    with pytest.raises(ValidationError):
        records.update_measurement(
            store,
            entity="measurement",
            record_id=first.id,
            day=date(2026, 2, 28),
            value=float("inf"),
            note=None,
        )
    rows = measurement_records(store, benefit_id=benefit_id)
    assert (rows[0].date, rows[0].value, rows[0].note) == (date(2026, 2, 28), 20.5, "x")


def test_an_indicators_figures_are_logged_edited_and_deleted_under_its_benefit(
    store: Store, benefit_id: int
) -> None:
    indicator = records.add_indicator(
        store, benefit_id=benefit_id, data=IndicatorFields("I-001", "Adoption")
    ).ids[0]
    logged = log_measurement(store, "I-001", date(2026, 3, 31), 40.0)
    assert logged.change.entity == "indicator_measurement"
    assert (logged.change.benefit_ids, logged.change.structural, logged.previous) == (
        {benefit_id},
        True,
        None,
    )
    again = log_measurement(store, "I-001", date(2026, 3, 31), 41.0, "corrected")
    assert (again.change.ids, again.change.structural, again.previous) == (
        logged.change.ids,
        False,
        (40.0, None),
    )
    log_measurement(store, "I-001", date(2026, 4, 30), 42.0)
    first, second = indicator_measurement_records(store, indicator_id=indicator)
    assert first.id == logged.change.ids[0]
    with pytest.raises(ValidationError) as clash:
        records.update_measurement(
            store,
            entity="indicator_measurement",
            record_id=first.id,
            day=second.date,
            value=1.0,
            note=None,
        )
    assert set(clash.value.problems) == {"date"}
    with pytest.raises(ValueError, match="not a measurement table"):
        records.update_measurement(
            store, entity="benefit", record_id=benefit_id, day=second.date, value=1.0, note=None
        )
    deleted = delete_measurement(store, "I-001", second.date)
    assert (deleted.change.entity, deleted.change.ids, deleted.change.benefit_ids) == (
        "indicator_measurement",
        (second.id,),
        {benefit_id},
    )
    assert deleted.previous == (42.0, None)
    assert [r.id for r in indicator_measurement_records(store, indicator_id=indicator)] == [
        first.id
    ]


def test_delete_and_restore_keep_ids_and_children(store: Store, benefit_id: int) -> None:
    indicator = records.add_indicator(
        store, benefit_id=benefit_id, data=IndicatorFields("I-001", "Adoption")
    ).ids[0]
    log_measurement(store, "I-001", date(2026, 3, 31), 40.0, "first")
    removed = records.delete_record(store, entity="indicator", record_id=indicator)
    assert [name for name, _ in removed.rows] == ["indicator", "indicator_measurement"]
    assert count(store, IndicatorMeasurement) == 0
    with store.reading() as session:
        deletes = session.exec(select(AuditEntry).where(AuditEntry.action == "delete")).all()
    assert {d.entity for d in deletes} == {"indicator", "indicator_measurement"}
    change = records.restore_records(store, removed=removed)
    assert change.benefit_ids == {benefit_id}
    with store.reading() as session:
        assert session.get(Indicator, indicator) is not None
        (value,) = session.exec(select(IndicatorMeasurement)).all()
    assert (value.value, value.note) == (40.0, "first")
    with pytest.raises(ValidationError, match="cannot be put back"):
        records.restore_records(store, removed=removed)
    with pytest.raises(NotFound):
        records.delete_record(store, entity="activity", record_id=42)


def test_deleting_a_whole_benefit_can_be_restored(store: Store, benefit_id: int) -> None:
    log_measurement(store, "B-001", date(2026, 3, 31), 21.0)
    save_plan(store, benefit_id=benefit_id, points=[(date(2026, 6, 30), 25.0)])
    removed = records.delete_record(store, entity="benefit", record_id=benefit_id)
    assert count(store, Measurement) == 0 and count(store, PlanPoint) == 0
    records.restore_records(store, removed=removed)
    assert count(store, Measurement) == 1 and count(store, PlanPoint) == 1


def test_plan_save_edit_and_rebaseline_keep_versions(store: Store, benefit_id: int) -> None:
    with pytest.raises(ValidationError) as empty:
        save_plan(store, benefit_id=benefit_id, points=[])
    assert set(empty.value.problems) == {"points"}
    with pytest.raises(ValidationError, match="Two points"):
        save_plan(
            store,
            benefit_id=benefit_id,
            points=[(date(2026, 6, 30), 1.0), (date(2026, 6, 30), 2.0)],
        )
    created = save_plan(
        store, benefit_id=benefit_id, points=[(date(2026, 6, 30), 24.0), (date(2027, 1, 1), 30.0)]
    )
    assert created.structural
    edited = save_plan(
        store, benefit_id=benefit_id, points=[(date(2026, 6, 30), 25.0), (date(2027, 1, 1), 30.0)]
    )
    assert not edited.structural and edited.ids == created.ids
    with pytest.raises(ValidationError) as no_reason:
        rebaseline(store, benefit_id=benefit_id, points=[(date(2027, 6, 30), 30.0)], reason=" ")
    assert set(no_reason.value.problems) == {"reason"}
    rebaseline(
        store, benefit_id=benefit_id, points=[(date(2027, 6, 30), 30.0)], reason="Go-live slipped"
    )
    versions = plan_versions(store, benefit_id=benefit_id)
    assert [(v.version, v.reason) for v in versions] == [(1, None), (2, "Go-live slipped")]
    assert versions[0].points == ((date(2026, 6, 30), 25.0), (date(2027, 1, 1), 30.0))
    assert count(store, PlanVersion) == 2


def test_history_lists_changes_of_the_benefit_and_its_records_newest_first(
    store: Store, benefit_id: int
) -> None:
    log_measurement(store, "B-001", date(2026, 3, 31), 21.0)
    log_measurement(store, "B-001", date(2026, 3, 31), 21.5)
    note = records.add_note(
        store, benefit_id=benefit_id, data=NoteFields(date(2026, 3, 31), explanation="why")
    )
    records.delete_record(store, entity="variance_note", record_id=note.ids[0])
    history = benefit_history(store, benefit_id=benefit_id)
    assert history[0].entity == "variance_note" and history[0].action == "delete"
    assert any(h.field == "value" and (h.old, h.new) == ("21.0", "21.5") for h in history)
    assert history[-1].entity == "benefit" and history[-1].action == "insert"
    other = save_benefit(store, BenefitFields(code="B-002", title="Other")).ids[0]
    assert {h.entity for h in benefit_history(store, benefit_id=other)} == {"benefit"}
