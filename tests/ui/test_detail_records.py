"""The detail's record tabs: plan, measurements, indicators, variance, activities, history.

Each edit goes through a dialog (filled in by the fake prompter), is saved at once,
and can be undone and redone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select
from test_detail import TODAY, FakePrompter, context, demo_template, detail, prompter, show

from benefitdesk.model import (
    ActionStatus,
    Activity,
    CorrectiveAction,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    PlanVersion,
    Raci,
    Stakeholder,
    VarianceCause,
    VarianceNote,
)
from benefitdesk.services.plans import plan_versions
from benefitdesk.ui.detail import BenefitDetail
from benefitdesk.ui.detail.variance import ActionModel
from benefitdesk.ui.widgets.table import ROW_ROLE

pytestmark = pytest.mark.gui
__all__ = ["context", "demo_template", "detail", "prompter"]  # fixtures shared with test_detail


def rows(detail: BenefitDetail, model: type, **where: Any) -> list[Any]:
    with detail.context.store.reading() as session:
        query = select(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return list(session.exec(query))


# -- plan --------------------------------------------------------------------------------
def test_generate_save_and_rebaseline_keeps_version_one_with_its_reason(
    detail: BenefitDetail, prompter: FakePrompter
) -> None:
    row = show(detail, "B-018", "plan")  # approved, no plan saved yet
    tab = detail.plan
    assert tab.model.rowCount() == 0 and not tab.act_save.isEnabled()
    tab.generate_linear()
    points = tab.model.points()
    assert points[-1] == (date(2028, 2, 29), 30000.0)
    assert points[0] == (date(2027, 2, 1), 42000.0)  # flat until the planned go-live
    assert len(points) == 14 and tab.is_dirty() and tab.act_save.isEnabled()
    assert not tab.act_rebaseline.isEnabled()  # nothing to re-baseline from yet
    assert tab.save()
    (first,) = plan_versions(detail.context.store, benefit_id=row.id)
    assert first.version == 1 and list(first.points) == points

    tab.generate_s_curve()
    assert tab.is_dirty()
    assert not tab.act_save.isEnabled(), "an approved plan changes only by re-baselining"
    assert tab.act_rebaseline.isEnabled()

    def no_reason(dialog: Any) -> None:
        assert not dialog.try_accept()
        assert "Say why" in dialog.fieldset.lines["text"].text()
        dialog.text.set_value("Go-live moved to March; target unchanged")

    prompter.fill = no_reason
    assert tab.rebaseline()
    versions = plan_versions(detail.context.store, benefit_id=row.id)
    assert [(v.version, v.reason) for v in versions] == [
        (1, None),
        (2, "Go-live moved to March; target unchanged"),
    ]
    assert list(versions[0].points) == points, "version 1 is kept unchanged"
    assert detail.context.report.snapshot.plans[row.id].keys() == {1, 2}

    tab.version.setCurrentIndex(tab.version.findData(1))
    assert not tab.model.editable and tab.model.points() == points
    assert "Read-only" in tab.reason.text()

    detail.undo_stack.undo()
    assert [v.version for v in plan_versions(detail.context.store, benefit_id=row.id)] == [1]
    detail.undo_stack.redo()
    assert len(rows(detail, PlanVersion, benefit_id=row.id)) == 2


def test_plan_points_edit_in_the_table_and_draft_plans_save_in_place(
    detail: BenefitDetail,
) -> None:
    row = show(detail, "B-020", "plan")  # a draft
    tab = detail.plan
    tab.add_point()
    tab.add_point()
    model = tab.model
    assert model.rowCount() == 2
    index = tab.table.proxy.index(0, model.COL_VALUE)
    assert tab.table.proxy.setData(index, "400")
    assert not tab.table.proxy.setData(index, "lots")
    assert tab.save()
    tab.add_point()
    assert tab.act_save.isEnabled(), "a draft's plan is edited in place"
    assert tab.save()
    (only,) = plan_versions(detail.context.store, benefit_id=row.id)
    assert len(only.points) == 3 and only.points[0][1] == 400.0
    detail.undo_stack.undo()
    (only,) = plan_versions(detail.context.store, benefit_id=row.id)
    assert len(only.points) == 2
    tab.remove_point(tab.model.row_at(0))
    tab.discard()
    assert not tab.is_dirty()


# -- measurements ------------------------------------------------------------------------
def test_log_edit_delete_measurement_with_undo(
    detail: BenefitDetail, prompter: FakePrompter, qtbot: Any
) -> None:
    row = show(detail, "B-001", "measurements")
    tab = detail.measurements
    before = tab.model.rowCount()

    def log(dialog: Any) -> None:
        assert dialog.day.date().toPython() == date(2026, 11, 30)  # next period end
        dialog.value.setText("21.5")
        dialog.note.setText("November close")
        dialog._accept()

    prompter.fill = log
    assert tab.log()
    assert tab.model.rowCount() == before + 1
    latest = max(tab.model.rows(), key=lambda r: r.date)
    assert (latest.date, latest.value, latest.note) == (date(2026, 11, 30), 21.5, "November close")
    assert latest.realisation_pct is not None and latest.variance_pct is not None

    def edit(dialog: Any) -> None:
        dialog.value.setText("")
        assert not dialog.try_accept()
        dialog.value.setText("22.25")

    prompter.fill = edit
    tab.table.select_id(latest.id)
    assert tab.table.proxy.index(0, 0).data(ROW_ROLE) == latest, "newest first"
    tab.table.view.setFocus()
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Return)
    changed = rows(detail, Measurement, id=latest.id)[0]
    assert changed.value == 22.25

    prompter.confirm_answer = False
    tab.table.delete_current()
    assert rows(detail, Measurement, id=latest.id), "declined: nothing deleted"
    prompter.confirm_answer = True
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Delete)
    assert not rows(detail, Measurement, id=latest.id)
    assert "22.25" in prompter.confirms[-1]

    stack = detail.undo_stack
    stack.undo()
    assert rows(detail, Measurement, id=latest.id)[0].value == 22.25
    stack.undo()
    assert rows(detail, Measurement, id=latest.id)[0].value == 21.5
    stack.undo()
    assert not rows(detail, Measurement, benefit_id=row.id, date=date(2026, 11, 30))
    assert tab.model.rowCount() == before


def test_editing_a_measurement_onto_a_taken_date_is_refused_in_the_dialog(
    detail: BenefitDetail, prompter: FakePrompter
) -> None:
    show(detail, "B-001", "measurements")
    tab = detail.measurements
    first, second = sorted(tab.model.rows(), key=lambda r: r.date)[:2]
    seen: dict[str, str] = {}

    def move(dialog: Any) -> None:
        dialog.day.set_value(second.date)
        assert not dialog.try_accept()
        seen["message"] = dialog.fieldset.lines["day"].text()

    prompter.fill = move
    assert not tab.edit(first)
    assert "Another measurement has this date" in seen["message"]


# -- indicators --------------------------------------------------------------------------
def test_add_indicator_and_log_its_measurement(
    detail: BenefitDetail, prompter: FakePrompter
) -> None:
    row = show(detail, "B-019", "indicators")
    tab = detail.indicators
    assert tab.model.rowCount() == 0

    def indicator(dialog: Any) -> None:
        assert dialog.code.text() == "I-011"
        assert not dialog.try_accept()
        assert "Name the signal" in dialog.fieldset.lines["name"].text()
        dialog.name.setText("Survey response rate")
        dialog.unit.setText("%")
        dialog.baseline.setText("12")
        dialog.target.setText("30")

    prompter.fill = indicator
    assert tab.add()
    (added,) = rows(detail, Indicator, benefit_id=row.id)
    assert (added.code, added.frequency.value) == ("I-011", "half-yearly")
    assert tab.indicators.current_row().code == "I-011"

    def log(dialog: Any) -> None:
        assert dialog.day.value() == date(2026, 12, 31)
        dialog.value.setText("15")

    prompter.fill = log
    assert tab.log()
    assert [r.value for r in tab.values.rows()] == [15.0]
    assert tab.values.rows()[0].realisation_pct == pytest.approx(100 * 3 / 18)

    tab.indicators.delete_current()
    assert not rows(detail, Indicator, benefit_id=row.id)
    assert "and its 1 measurement" in prompter.confirms[-1]
    detail.undo_stack.undo()
    assert [m.value for m in rows(detail, IndicatorMeasurement, indicator_id=added.id)] == [15.0]
    assert "No leading indicator" not in detail.definition.form.fieldset.general.text()


# -- variance notes and corrective actions -----------------------------------------------
def test_variance_note_and_action_add_close_and_overdue(
    detail: BenefitDetail, prompter: FakePrompter
) -> None:
    row = show(detail, "B-016", "variance")
    tab = detail.variance
    notes_before = len(rows(detail, VarianceNote, benefit_id=row.id))

    def note(dialog: Any) -> None:
        assert not dialog.try_accept()
        dialog.cause.set_value(VarianceCause.EXTERNAL_ECONOMIC)
        dialog.explanation.set_value("Wholesale prices rose 30 % in the quarter")

    prompter.fill = note
    assert tab.add_note()
    notes = rows(detail, VarianceNote, benefit_id=row.id)
    assert len(notes) == notes_before + 1
    assert any(n.cause is VarianceCause.EXTERNAL_ECONOMIC for n in notes)

    def action(dialog: Any) -> None:
        dialog.title.setText("Renegotiate the tariff")
        dialog.due.setText("2026-10-31")

    prompter.fill = action
    assert tab.add_action()
    (made,) = rows(detail, CorrectiveAction, title="Renegotiate the tariff")
    assert made.status is ActionStatus.OPEN and made.owner_id == row.owner_id
    tab.action_table.select_id(made.id)
    shown = tab.action_table.current_row()
    assert shown.overdue
    index = tab.action_model.index(tab.action_model.row_of(made.id), ActionModel.COL_DUE)
    assert tab.action_model.data(index, 9) is not None  # foreground role: red
    assert tab.act_close.isEnabled()

    prompter.fill = lambda dialog: dialog.text.set_value("New tariff from January")
    assert tab.close_current()
    (closed,) = rows(detail, CorrectiveAction, id=made.id)
    assert closed.status is ActionStatus.DONE and closed.outcome == "New tariff from January"
    assert not tab.action_table.current_row().overdue and not tab.act_close.isEnabled()
    detail.undo_stack.undo()
    assert rows(detail, CorrectiveAction, id=made.id)[0].status is ActionStatus.OPEN


# -- activities and stakeholders ---------------------------------------------------------
def test_activity_and_stakeholder_with_raci_role(
    detail: BenefitDetail, prompter: FakePrompter
) -> None:
    row = show(detail, "B-020", "people")
    tab = detail.people

    def activity(dialog: Any) -> None:
        dialog.title.setText("Driver eco-training")
        dialog.owner.setEditText("Fleet Manager Sam")
        dialog.status.set_value(ActionStatus.DONE)
        assert dialog.done_date.value() == TODAY

    prompter.fill = activity
    assert tab.add_activity()
    (made,) = rows(detail, Activity, benefit_id=row.id)
    assert made.status is ActionStatus.DONE and made.done_date == TODAY

    def stakeholder(dialog: Any) -> None:
        dialog.person.setEditText("Fleet Manager Sam")
        dialog.role.set_value(Raci.RESPONSIBLE)

    prompter.fill = stakeholder
    assert tab.add_stakeholder()
    (added,) = rows(detail, Stakeholder, benefit_id=row.id, role=Raci.RESPONSIBLE)
    assert any(s.person == "Fleet Manager Sam" for s in tab.stakeholder_model.rows())

    refused: dict[str, str] = {}

    def duplicate(dialog: Any) -> None:
        stakeholder(dialog)
        assert not dialog.try_accept()
        refused["role"] = dialog.fieldset.lines["role"].text()
        dialog.reject()

    prompter.fill = duplicate
    assert not tab.add_stakeholder()
    assert refused["role"] == "Already has this role"
    detail.undo_stack.undo()
    assert not rows(detail, Stakeholder, id=added.id)


# -- history -----------------------------------------------------------------------------
def test_history_shows_the_change_newest_first(detail: BenefitDetail) -> None:
    show(detail, "B-003", "definition")
    detail.context.store.person = "Helen Carter"  # chosen in Me
    detail.definition.form.unit.setText("£k per year")
    assert detail.definition.apply()
    detail.show_tab("history")
    top = detail.history.model.rows()[0]
    assert top.user == f"Helen Carter (login {detail.context.store.user})"
    assert (top.what, top.field, top.old, top.new) == (
        "Benefit B-003",
        "Unit",
        "£ per month",
        "£k per year",
    )
    assert "£ per month → £k per year" in detail.history.model.display(top, 4)
    assert detail.history.count.text().endswith("recorded changes")
