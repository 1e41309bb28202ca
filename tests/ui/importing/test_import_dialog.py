"""The import dialog on the demo portfolio with real workbooks: a foreign register read
and its mapping adjusted, the dry run, the import in the background, Cancel, the saved
mapping reused, problems at their cells, Undo, and plain messages for what cannot be read."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from import_steps import (
    REGISTER,
    TODAY,
    Said,
    benefit,
    choose,
    click_next,
    confirm_rebaseline,
    counts,
    fates,
    fingerprint,
    open_file,
    register_file,
    wait,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlalchemy import select

from benefitdesk.model import Measurement
from benefitdesk.services.importing import list_batches, load_mapping
from benefitdesk.store import Store
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.importing import ImportDialog, open_import_dialog
from benefitdesk.ui.importing import dialog as dialog_module
from benefitdesk.ui.importing.dialog import CHECK, FILE, RESULT, SHEETS
from benefitdesk.ui.importing.file_page import recent_mappings
from benefitdesk.ui.importing.models import UNKNOWN
from benefitdesk.ui.importing.session import SKIPPED
from benefitdesk.ui.settings import AppSettings

pytestmark = pytest.mark.gui


def test_foreign_register_adjusted_checked_imported_and_mapping_reused(
    qtbot: Any,
    qtmodeltester: Any,
    dialog: ImportDialog,
    register: Path,
    demo_store: Store,
    context: PortfolioContext,
    app_settings: AppSettings,
    said: Said,
    tmp_path: Path,
) -> None:
    before = fingerprint(demo_store)
    read_and_adjust(qtbot, qtmodeltester, dialog, register)
    dry_run(qtbot, qtmodeltester, dialog)
    assert fingerprint(demo_store) == before  # a dry run writes nothing

    reloaded: list[bool] = []
    context.reloaded.connect(lambda: reloaded.append(True))
    click_next(qtbot, dialog)  # Import
    assert dialog.step == RESULT
    result = dialog.outcome
    assert result is not None and result.batch_id is not None
    assert list_batches(demo_store)[0].id == result.batch_id
    assert benefit(demo_store, "B-001").target == 26.0
    added = benefit(demo_store, "B-050")
    assert added is not None and added.owner_id is not None
    assert reloaded and context.benefit_by_code("B-050") is not None  # every view refreshes
    assert f"#{result.batch_id}" in dialog.result_page.top.title.text()

    said.save_as = tmp_path / "northwind mapping"
    qtbot.mouseClick(dialog.result_page.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "northwind mapping.toml"
    mapping = load_mapping(saved)
    assert mapping.sheets[REGISTER].columns["Looked after by"] == "owner"
    assert mapping.sheets[REGISTER].header_row == 4
    assert mapping.sheets["Notes"].kind == "ignore"
    assert recent_mappings(app_settings)[0] == saved

    reuse_next_month(qtbot, context, app_settings, saved, tmp_path)


def reuse_next_month(
    qtbot: Any, context: PortfolioContext, app_settings: AppSettings, saved: Path, tmp_path: Path
) -> None:
    """Next month: the same layout, the saved mapping chosen; nothing to adjust."""
    december = register_file(
        tmp_path / "Northwind return 2026-12.xlsx",
        rows=[["B-001", "Lead-to-opportunity conversion rate", "Alice Chen", 18, 27, "green"]],
        figures=[["B-001", "Dec-2026", 24.0, None]],
    )
    again = ImportDialog(context, app_settings)
    qtbot.addWidget(again)
    combo = again.file_page.mapping
    combo.setCurrentIndex(combo.findData(str(saved)))
    assert again.file_page.mapping_path() == saved
    open_file(qtbot, again, december)
    assert again.session is not None and again.session.mapping_file == saved
    fields = {r.header: (r.field, r.state) for r in again.sheets_page.column_model.rows()}
    assert fields["Looked after by"][0] == "owner"
    assert not any(state == UNKNOWN for _field, state in fields.values())
    click_next(qtbot, again)
    confirm_rebaseline(qtbot, again)
    assert counts(again) == {
        "benefits": (0, 1, 0, 0),
        "plan_versions": (1, 0, 0, 0),
        "plan": (32, 0, 0, 0),
        "measurements": (1, 0, 0, 0),
    }


def read_and_adjust(qtbot: Any, qtmodeltester: Any, dialog: ImportDialog, register: Path) -> None:
    """The register's sheets and columns as detected, and the owner column chosen."""
    open_file(qtbot, dialog, register)
    assert dialog.step == SHEETS
    page = dialog.sheets_page
    sheets = {r.name: (r.holds, r.status) for r in page.sheet_model.rows()}
    assert sheets[REGISTER][0] == "Benefits" and sheets["Actuals"][0] == "Measurements"
    assert sheets["Notes"] == ("Skipped", SKIPPED)
    assert page.current_sheet() == REGISTER
    assert page.header_row.value() == 4  # below the title rows
    assert page.preview_model.header_row == 4
    fields = {r.header: (r.field, r.state) for r in page.column_model.rows()}
    assert fields["Benefit ID"][0] == "code" and fields["To-be"][0] == "target"
    assert fields["As-is"][0] == "baseline"
    assert fields["Looked after by"] == (None, UNKNOWN)
    assert "Looked after by" in page.notice.text()
    for model in (page.sheet_model, page.column_model, page.preview_model):
        qtmodeltester.check(model)

    choose(qtbot, dialog, "Looked after by", "owner")  # the user adjusts the mapping
    fields = {r.header: r.field for r in page.column_model.rows()}
    assert fields["Looked after by"] == "owner"
    assert dialog.session is not None
    assert dialog.session.sheet(REGISTER).unknown == ("RAG (old)",)
    assert page.current_sheet() == REGISTER


def dry_run(qtbot: Any, qtmodeltester: Any, dialog: ImportDialog) -> None:
    """The check: a re-baseline left out until confirmed, then every record's fate."""
    click_next(qtbot, dialog)  # Check: the dry run
    assert dialog.step == CHECK
    # B-001 is tracking: its new target is a re-baseline, left out until confirmed
    assert counts(dialog)["benefits"] == (1, 0, 2, 0)
    rebaseline = fates(dialog)[("B-001", "Re-baseline")]
    assert rebaseline.startswith("B-001 target 24 → 26 (tracking benefit)")
    assert "left as it is" in rebaseline
    confirm_rebaseline(qtbot, dialog)
    assert counts(dialog) == {
        "people": (1, 0, 0, 0),
        "benefits": (1, 1, 1, 0),
        "plan_versions": (1, 0, 0, 0),  # the re-baseline's, whose reason names the file
        "plan": (32, 0, 0, 0),
        "measurements": (1, 0, 0, 0),
    }
    assert "Zoe Newman" in dialog.check_page.people.text()
    assert dialog.next_button.isEnabled() and dialog.next_button.text() == "&Import"
    assert fates(dialog)[("B-001", "Changed")] == "Target: 24 → 26"
    assert ("B-050", "New") in fates(dialog) and ("B-002", "Unchanged") in fates(dialog)
    for model in (
        dialog.check_page.count_model,
        dialog.check_page.problem_model,
        dialog.check_page.rows.model,
    ):
        qtmodeltester.check(model)


def test_a_bad_cell_rejects_its_row_which_is_fixed_in_place_and_imported(
    qtbot: Any,
    qtmodeltester: Any,
    dialog: ImportDialog,
    tmp_path: Path,
    demo_store: Store,
    said: Said,
) -> None:
    path = register_file(
        tmp_path / "bad.xlsx",
        rows=[
            ["B-001", "Lead-to-opportunity conversion rate", "Alice Chen", 18, 24, "green"],
            ["B-050", "Fewer missed deliveries", "Zoe Newman", 40, 20, "green"],
        ],
        figures=[["B-001", "Nov-2026", "abc", "from the CRM"], ["B-001", "Oct-2026", 22, None]],
    )
    before = fingerprint(demo_store)
    open_file(qtbot, dialog, path)
    click_next(qtbot, dialog)
    assert dialog.step == CHECK
    page = dialog.check_page
    problems = [r.text for r in page.problem_model.rows() if r.error]
    assert problems == ['Actuals!C2: "abc" is not a number']
    assert "1 row rejected" in page.headline.text()
    assert dialog.can_import()  # rows, not files, fail: the valid rows can go in

    qtbot.mouseClick(page.all_or_nothing, Qt.MouseButton.LeftButton)  # the old way
    wait(qtbot, dialog)
    assert not dialog.can_import() and "Nothing can be imported" in page.headline.text()
    qtbot.mouseClick(page.all_or_nothing, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert dialog.can_import()

    said.save_as = tmp_path / "rejected.xlsx"  # the rejects workbook, to fix in Excel
    qtbot.mouseClick(page.rejects_button, Qt.MouseButton.LeftButton)
    saved = openpyxl.load_workbook(tmp_path / "rejected.xlsx")["Actuals"]
    assert [c.value for c in saved[1]] == ["Ref", "Month", "Actual", "Comments", "Error"]
    assert saved["C2"].value == "abc" and "C2:" in saved["E2"].value

    page.tabs.setCurrentWidget(page.rows)
    rows = page.rows
    qtbot.mouseClick(rows.rejected_only, Qt.MouseButton.LeftButton)  # only the rejected
    assert rows.filter.rowCount() == 1
    rows.table.view.selectRow(0)
    assert rows.current == ("Actuals", 2)
    cells = {r.header: r for r in rows.cell_model.rows()}
    assert cells["Actual"].value == "abc" and "not a number" in cells["Actual"].problem
    row = next(i for i, r in enumerate(rows.cell_model.rows()) if r.header == "Actual")
    index = rows.cells.proxy.mapFromSource(rows.cell_model.index(row, 2))
    rows.cells.view.setCurrentIndex(index)
    rows.cells.view.edit(index)  # typed in place, as a user does
    editor = rows.cells.view.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "23.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop
    qtbot.waitUntil(lambda: bool(dialog.fixes), timeout=5_000)
    assert dialog.fixes == {"Actuals": {(2, 3): "23.5"}}
    qtbot.mouseClick(rows.check_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    plan = dialog.plan
    assert plan is not None and plan.ok and not plan.rejected_rows
    assert counts(dialog)["measurements"] == (1, 1, 0, 0)  # November in, October changed
    assert fingerprint(demo_store) == before  # still only checked
    qtmodeltester.check(rows.model)
    rows.rejected_only.setChecked(False)
    qtmodeltester.check(rows.cell_model)

    click_next(qtbot, dialog)  # Import: the fixed value is what goes in
    assert dialog.step == RESULT
    with demo_store.reading() as session:
        table = Measurement.__table__
        stored = session.execute(
            select(table.c.value).where(
                table.c.batch_id == dialog.outcome.batch_id,  # type: ignore[union-attr]
                table.c.date == date(2026, 11, 30),
            )
        ).scalar()
    assert stored == 23.5
    assert openpyxl.load_workbook(path)["Actuals"]["C2"].value == "abc"  # the file as it was


def test_cancel_during_the_import_writes_nothing(
    qtbot: Any,
    dialog: ImportDialog,
    register: Path,
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_file(qtbot, dialog, register)
    choose(qtbot, dialog, "Looked after by", "owner")
    click_next(qtbot, dialog)
    assert dialog.can_import()
    before = fingerprint(demo_store)

    started, go_on = threading.Event(), threading.Event()
    real = dialog_module.apply_import

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        go_on.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(dialog_module, "apply_import", held)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert started.wait(10)
    job = dialog.job
    assert job is not None and job.dialog is not None
    job.dialog.canceled.emit()  # the progress dialog's Cancel button
    go_on.set()
    wait(qtbot, dialog)
    assert dialog.step == CHECK
    assert "cancelled" in dialog.check_page.status.text()
    assert fingerprint(demo_store) == before
    assert benefit(demo_store, "B-050") is None
    assert dialog.can_import()  # it can be imported after all


def test_undo_from_the_result_page_restores_the_values(
    qtbot: Any, dialog: ImportDialog, register: Path, demo_store: Store, said: Said
) -> None:
    before = fingerprint(demo_store)
    open_file(qtbot, dialog, register)
    click_next(qtbot, dialog)
    confirm_rebaseline(qtbot, dialog)
    click_next(qtbot, dialog)
    assert dialog.step == RESULT and benefit(demo_store, "B-001").target == 26.0
    qtbot.mouseClick(dialog.result_page.undo_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert said.questions and "Undo import" in said.questions[0]
    assert benefit(demo_store, "B-001").target == 24.0
    assert fingerprint(demo_store)[:3] == before[:3]
    assert not dialog.result_page.undo_button.isEnabled()
    assert "undone" in dialog.result_page.top.title.text()


def test_an_unreadable_file_is_a_plain_message(
    qtbot: Any, dialog: ImportDialog, tmp_path: Path, said: Said
) -> None:
    broken = tmp_path / "register.xlsx"
    broken.write_bytes(b"this is not a workbook at all")
    open_file(qtbot, dialog, broken)
    assert dialog.step == FILE
    _title, text, details = said.boxes[-1]
    assert "register.xlsx" in text and details == ""  # no traceback for a user's file

    dialog.file_page.set_path(tmp_path / "missing.xlsx")
    dialog.next()
    assert "was not found" in said.boxes[-1][1] and dialog.step == FILE


def test_a_broken_mapping_file_is_a_plain_message(
    qtbot: Any, dialog: ImportDialog, register: Path, tmp_path: Path, said: Said
) -> None:
    mapping = tmp_path / "bad.toml"
    mapping.write_text('[sheets."Benefit Register"]\nkind = "benefitz"\n', encoding="utf-8")
    dialog.file_page.use_mapping(mapping)
    open_file(qtbot, dialog, register)
    assert dialog.step == FILE
    _title, text, details = said.boxes[-1]
    assert 'kind "benefitz"' in text and details == ""


def test_read_only_portfolio_is_refused_before_the_dialog(
    demo_store: Store, app_settings: AppSettings, said: Said, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = PortfolioContext(demo_store, as_of=TODAY)
    monkeypatch.setattr(demo_store, "read_only", True)
    monkeypatch.setattr(ImportDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    open_import_dialog(context, app_settings, None)
    assert "read-only" in said.texts()
