"""The main window on a real portfolio: register filters, logging, undo, help, needs
attention."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from small_portfolio import make_portfolio, open_window, visible_codes
from sqlmodel import select

from benefitdesk.model import Measurement
from benefitdesk.ui.app import platform_problem
from benefitdesk.ui.detail.log_measurement import LogMeasurementDialog
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.register.model import RegisterModel, rows_from_report
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.widgets.fields import parse_value, value_error

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path: Path, app_settings: AppSettings):  # type: ignore[no-untyped-def]
    yield from open_window(qtbot, app_settings, make_portfolio(tmp_path / "p.sqlite"))


def test_register_model_passes_qt_model_tests(qtmodeltester, window: MainWindow) -> None:
    model = RegisterModel()
    model.set_rows(rows_from_report(window.context.report))  # type: ignore[union-attr]
    qtmodeltester.check(model)
    model.set_filter(text="b-002")
    qtmodeltester.check(model)
    assert [r.code for r in (model.row_at(i) for i in range(model.rowCount()))] == ["B-002"]


def test_title_and_register(window: MainWindow) -> None:
    assert "P — p.sqlite — BenefitDesk" in window.windowTitle()
    window.navigate("all")
    assert visible_codes(window) == ["B-001", "B-002", "B-003"]


def test_filters_text_project_status_and_my_benefits(window: MainWindow) -> None:
    window.navigate("all")
    window.toolbar.search.setText("b-003")
    assert visible_codes(window) == ["B-003"]
    window.toolbar.search.clear()
    project = next(p for p in window.context.report.snapshot.projects.values() if p.code == "P-2")  # type: ignore[union-attr]
    window.navigate(f"project:{project.id}")
    assert visible_codes(window) == ["B-003"]
    window.toolbar.me.setCurrentText("Alice Chen")
    window.navigate("mine")
    assert visible_codes(window) == ["B-001", "B-002"]
    assert window.settings.me == "Alice Chen"
    assert window.context.store.person == "Alice Chen"  # type: ignore[union-attr]  # audited
    window.navigate("all")
    window.register.needs_attention.setChecked(True)
    # B-002 and B-003 have no figure yet (overdue); B-001 is on track (18 vs plan ~18.3)
    assert visible_codes(window) == ["B-002", "B-003"]


def test_sorting_by_realisation_uses_raw_values(window: MainWindow) -> None:
    window.navigate("all")
    header = window.register.table.horizontalHeader()
    header.setSortIndicator(RegisterModel.COL_REALISATION, Qt.SortOrder.DescendingOrder)
    assert visible_codes(window)[0] == "B-001"  # the only one with a measurement
    header.setSortIndicator(RegisterModel.COL_CODE, Qt.SortOrder.DescendingOrder)
    assert visible_codes(window) == ["B-003", "B-002", "B-001"]
    window.toolbar.search.setText("b-00")  # filtering keeps the order
    assert visible_codes(window) == ["B-003", "B-002", "B-001"]


def test_log_measurement_updates_register_and_undo_restores(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.navigate("all")
    assert window.register.select_benefit(window.context.benefit_by_code("B-002").id)  # type: ignore[union-attr]

    def fake_exec(dialog: LogMeasurementDialog) -> int:
        # B-002's first figure: the end of the last completed month before 25 Nov 2026
        assert dialog.day.date().toPython() == date(2026, 10, 31)
        dialog.value.setText("1,234.5")
        dialog.note.setText("from the CRM")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LogMeasurementDialog, "exec", fake_exec)
    window.benefits.log_measurement()
    row = window.register.current_row()
    assert row is not None and row.code == "B-002" and row.realisation_pct is not None
    with window.context.store.reading() as session:  # type: ignore[union-attr]
        values = [m.value for m in session.exec(select(Measurement)) if m.note == "from the CRM"]
    assert values == [1234.5]
    window.undo_stack.undo()
    assert window.register.current_row().realisation_pct is None  # type: ignore[union-attr]
    window.undo_stack.redo()
    assert window.register.current_row().realisation_pct is not None  # type: ignore[union-attr]


def test_log_dialog_defaults_to_next_due_period_end(window: MainWindow) -> None:
    context = window.context
    assert context is not None
    dialog = LogMeasurementDialog(context, context.benefit_by_code("B-001").id)
    assert dialog.day.date().toPython() == date(2026, 11, 30)  # after 31 Oct, monthly
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.value.setText("abc")
    assert "number" in dialog.error.text()
    dialog.value.setText("12%")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    assert parse_value("1,234.5") == 1234.5
    assert parse_value(" 1 234,5 ") is None  # a decimal comma is the import's option only
    assert "not a number" in (value_error(" 1 234,5 ") or "")


def test_platform_problem_names_missing_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr("ctypes.util.find_library", lambda name: None)
    message = platform_problem()
    assert message is not None
    assert "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in message
    monkeypatch.delenv("DISPLAY")
    assert "DISPLAY" in (platform_problem() or "")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert platform_problem() is None


def test_logging_updates_register_chart_and_dashboard_then_undo(
    window: MainWindow,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """One edit, every view: the register row, the chart's actuals, the dashboard card."""
    context = window.context
    assert context is not None
    b002 = context.benefit_by_code("B-002").id
    window.show_benefit(b002)
    window.detail.tabs.setCurrentIndex(0)  # Overview: the chart
    overview = window.detail.tabs.currentWidget()
    qtbot.waitUntil(lambda: getattr(overview, "chart", None) is not None, timeout=20_000)
    chart = overview.chart
    qtbot.waitUntil(lambda: not chart.loading, timeout=20_000)
    assert len(chart.actuals.getData()[0] or []) == 0
    before = window.dashboard.figures()

    def fake_exec(dialog: LogMeasurementDialog) -> int:
        dialog.day.setDate(dialog.day.date().fromString("2026-10-31", "yyyy-MM-dd"))
        dialog.value.setText("15")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LogMeasurementDialog, "exec", fake_exec)
    window.benefits.log_measurement()
    assert window.register.current_row().realisation_pct == pytest.approx(50.0)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: len(chart.actuals.getData()[0] or []) == 1, timeout=20_000)
    after = window.dashboard.figures()
    assert after != before
    assert after["status_counts"] != before["status_counts"]

    window.undo_stack.undo()
    assert window.register.current_row().realisation_pct is None  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: len(chart.actuals.getData()[0] or []) == 0, timeout=20_000)
    assert window.dashboard.figures() == before


@pytest.mark.parametrize("how", ["button", "ctrl+enter"])
def test_applying_a_new_benefit_asks_nothing_and_keeps_the_window_whole(
    window: MainWindow,
    qtbot,
    how: str,  # type: ignore[no-untyped-def]
) -> None:
    """The register refreshes inside the save; its reset must not look like the user
    leaving a form that still thinks it is new (the 'unapplied changes' trap)."""
    from benefitdesk.ui.detail.base import CANCEL

    asked: list[str] = []
    window.detail.prompter.unsaved = lambda _parent, what: asked.append(what) or CANCEL  # type: ignore[method-assign]
    window.navigate("all")
    window.register.select_benefit(window.context.benefit_by_code("B-002").id)  # type: ignore[union-attr]
    window.benefits.new_benefit()
    form = window.detail.definition.form
    code = form.code.text()
    qtbot.keyClicks(form.title, "Average handling time")
    form.baseline.setText("7.5")
    form.baseline_date.setText("2026-06-30")
    form.target.setText("6")
    form.target_date.setText("2027-12-31")
    if how == "button":
        window.detail.definition.apply_button.click()
    else:
        qtbot.keyClick(form.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert asked == []
    assert window.register.current_row().code == code  # type: ignore[union-attr]
    assert not window.detail.definition.new and not window.detail.definition.is_dirty()
    nav = window.workspace.navigator.entries()
    assert nav[0] == "Dashboard" and nav[2] == "My benefits" and nav[1].startswith("Needs")
    window.register.select_benefit(window.context.benefit_by_code("B-001").id)  # type: ignore[union-attr]
    assert asked == [] and window.detail.header.text().startswith("B-001")


def test_help_lists_every_shortcut_once_and_the_glossary(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from benefitdesk.ui.help.reference import glossary_dialog, menu_shortcuts, shortcuts_dialog

    rows = menu_shortcuts(window.menuBar())
    keys = [k for _menu, _action, k in rows]
    assert len(keys) == len(set(keys)), "two menu actions share a shortcut"
    assert ("Benefit", "New Benefit", "Ctrl+N") in rows
    assert ("Help", "Keyboard Shortcuts", "Ctrl+/") in rows
    listed = shortcuts_dialog(window.menuBar(), window).text.toPlainText()
    assert all(action in listed and k in listed for _m, action, k in rows)
    assert "Ctrl+Enter" in listed  # keys inside views too
    glossary = glossary_dialog(window).text.toPlainText()
    assert "Status: At risk" in glossary and "Needs attention: figure overdue" in glossary

    window.navigate("all")
    qtbot.keyClick(window.register.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.detail.definition.new


def test_needs_attention_opens_where_the_item_is_dealt_with(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not whatever tab was last open: an overdue figure opens the measurement entry."""
    from benefitdesk.present.attention import AttentionKind
    from benefitdesk.services.dashboard import attention_items

    opened: list[int | None] = []

    def fake_exec(dialog: LogMeasurementDialog) -> int:
        opened.append(dialog.benefit_id())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LogMeasurementDialog, "exec", fake_exec)
    items = attention_items(window.context.report)  # type: ignore[union-attr]
    overdue = next(i for i in items if i.kind is AttentionKind.OVERDUE_MEASUREMENT)
    window.detail.show_tab("history")
    window.navigate("attention")
    window.dashboard.item_activated.emit(overdue)
    assert window.detail.current_benefit_id() == overdue.benefit_id
    assert window.detail.tabs.currentWidget() is window.detail.measurements
    assert opened == [overdue.benefit_id]

    behind = overdue.__class__(**{**{f: getattr(overdue, f) for f in overdue.__slots__},
                                  "kind": AttentionKind.DEFINITION_ERROR})  # fmt: skip
    window.dashboard.item_activated.emit(behind)
    assert window.detail.tabs.currentWidget() is window.detail.definition
    assert opened == [overdue.benefit_id]  # no second dialog


def test_a_figure_far_outside_the_usual_range_is_questioned_once(window: MainWindow) -> None:
    """1705 after figures around 18 (baseline 10, target 20): the first Save asks, the
    second saves; a plausible figure saves at once."""
    context = window.context
    assert context is not None
    dialog = LogMeasurementDialog(context, context.benefit_by_code("B-001").id)
    dialog.value.setText("1705")
    assert "far outside the usual 10% to 20%" in dialog.error.text()
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.save.text() == "Save anyway"
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted

    plausible = LogMeasurementDialog(context, context.benefit_by_code("B-001").id)
    plausible.value.setText("19")
    assert plausible.error.text() == ""
    plausible._accept()
    assert plausible.result() == QDialog.DialogCode.Accepted


def test_editing_or_logging_an_indicator_figure_asks_the_same(qtbot) -> None:  # type: ignore[no-untyped-def]
    from benefitdesk.ui.detail.measurement_dialog import MeasurementDialog, MeasurementFields

    dialog = MeasurementDialog(
        None, title="Edit", subject="B-1", unit="days", baseline=40, target=30,
        data=MeasurementFields(date(2026, 10, 31), 35.0),
        existing={date(2026, 9, 30): 36.0, date(2026, 10, 31): 35.0}, editing=True,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.value.setText("350")
    assert not dialog.try_accept()
    assert "far outside the usual 30 days to 40 days" in dialog.fieldset.lines["value"].text()
    assert dialog.save_button.text() == "Save anyway"
    assert dialog.try_accept()
