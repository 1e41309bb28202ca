"""The import dialog's choices per sheet: a sheet skipped or read as another kind, an
unrecognised sheet given its kind, header and key, plan columns, value options."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from import_steps import (
    REGISTER,
    Said,
    benefit,
    choose,
    click_next,
    counts,
    open_file,
    wait,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from benefitdesk.services.importing import load_mapping
from benefitdesk.store import Store
from benefitdesk.ui.importing import ImportDialog
from benefitdesk.ui.importing.dialog import CHECK
from benefitdesk.ui.importing.models import PERIOD
from benefitdesk.ui.importing.session import SKIPPED

pytestmark = pytest.mark.gui


def test_skipping_a_sheet_and_reading_another_as_a_chosen_kind(
    qtbot: Any, dialog: ImportDialog, register: Path
) -> None:
    open_file(qtbot, dialog, register)
    page = dialog.sheets_page
    page.select_sheet("Actuals")
    page.kind.setCurrentIndex(page.kind.findData("ignore"))
    page.kind.activated.emit(page.kind.currentIndex())
    wait(qtbot, dialog)
    assert page.current_sheet() == "Actuals"
    assert {r.name: r.holds for r in page.sheet_model.rows()}["Actuals"] == "Skipped"
    assert page.reset_button.isEnabled()

    page.select_sheet("Notes")  # no header: asked to read it as benefits, it says why
    page.kind.setCurrentIndex(page.kind.findData("benefits"))
    page.kind.activated.emit(page.kind.currentIndex())
    wait(qtbot, dialog)
    assert page.notice.level == "error"
    assert "No benefits header row found" in page.notice.text()
    click_next(qtbot, dialog)
    assert dialog.step == CHECK and not dialog.can_import()
    assert "measurements" not in counts(dialog)
    assert any(r.place == "Notes" for r in dialog.check_page.problem_model.rows())

    dialog.back()
    page.select_sheet("Notes")
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert {r.name: r.status for r in page.sheet_model.rows()}["Notes"] == SKIPPED


def test_an_unrecognised_sheet_is_read_once_its_kind_header_and_key_are_given(
    qtbot: Any, dialog: ImportDialog, tmp_path: Path, demo_store: Store
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Export from the finance system"])
    ws.append(["Item", "Period", "Result"])
    ws.append(["B-005", "2026-11-30", 3.1])
    path = tmp_path / "finance.xlsx"
    wb.save(path)
    open_file(qtbot, dialog, path)
    page = dialog.sheets_page
    assert {r.name: r.status for r in page.sheet_model.rows()} == {"Data": SKIPPED}
    assert not dialog.next_button.isEnabled()  # nothing would be imported

    page.kind.setCurrentIndex(page.kind.findData("measurements"))
    page.kind.activated.emit(page.kind.currentIndex())
    wait(qtbot, dialog)
    assert page.notice.level == "error" and page.column_model.rowCount() == 0
    page.header_row.setValue(2)
    wait(qtbot, dialog)
    assert [r.header for r in page.column_model.rows()] == ["Item", "Period", "Result"]
    assert page.preview_model.header_row == 2
    choose(qtbot, dialog, "Item", "benefit")
    fields = {r.header: r.field for r in page.column_model.rows()}
    assert fields == {"Item": "benefit", "Period": "date", "Result": "value"}
    assert page.notice.level == ""
    click_next(qtbot, dialog)
    assert counts(dialog) == {"measurements": (1, 0, 0, 0)}
    assert dialog.can_import()


def test_a_registers_plan_columns_are_shown_as_the_plan_and_imported(
    qtbot: Any, dialog: ImportDialog, demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text("id,kpi_name,baseline,y1_2026_27,y2_2027_28\nK-1,Clearance days,8,6,4\n")
    open_file(qtbot, dialog, path)
    rows = {r.header: r for r in dialog.sheets_page.column_model.rows()}
    plan = rows["y2_2027_28"]
    assert plan.state == PERIOD and plan.period == date(2028, 3, 31)
    assert dialog.sheets_page.column_model.field_text(plan) == "Planned value, 31 Mar 2028"
    click_next(qtbot, dialog)  # the dry run, with the confirmed mapping
    assert counts(dialog)["plan"] == (2, 0, 0, 0)
    click_next(qtbot, dialog)  # Import
    added = benefit(demo_store, "K-1")
    assert (added.title, added.target, added.target_date) == (
        "Clearance days", 4.0, date(2028, 3, 31),
    )  # fmt: skip


def test_value_options_are_chosen_per_sheet_and_saved_with_the_mapping(
    qtbot: Any,
    dialog: ImportDialog,
    register: Path,
    said: Said,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from benefitdesk.ui.importing.value_options import ValueOptionsDialog

    open_file(qtbot, dialog, register)

    def choose_values(box: ValueOptionsDialog) -> int:
        box.decimal.setCurrentIndex(box.decimal.findData(","))
        box.blank.setText("Pending, Not yet due")
        box.fiscal.setCurrentIndex(box.fiscal.findData(7))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ValueOptionsDialog, "exec", choose_values)
    qtbot.mouseClick(dialog.sheets_page.values_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert dialog.session is not None
    values = dialog.session.confirmed().sheets[REGISTER].values
    assert (values.decimal, values.blank, values.fiscal_year_start) == (
        ",",
        ("Pending", "Not yet due"),
        7,
    )
    said.save_as = tmp_path / "with values.toml"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = (tmp_path / "with values.toml").read_text()
    assert 'decimal = ","' in text and "fiscal_year_start = 7" in text
    assert load_mapping(tmp_path / "with values.toml").sheets[REGISTER].values == values
