"""The import dialog and the import history, on the demo portfolio with real workbooks:
a foreign register read and its mapping adjusted, the dry run, the import in the
background, Cancel, the saved mapping reused, problems at their cells, and Undo."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLineEdit, QMessageBox
from sqlalchemy import func, select

from benefitdesk.model import Benefit, ImportBatch, Measurement, Person
from benefitdesk.services.importing import apply_import, list_batches, load_mapping
from benefitdesk.store import Store
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.importing import ImportDialog, ImportHistoryDialog, open_import_dialog
from benefitdesk.ui.importing import dialog as dialog_module
from benefitdesk.ui.importing.dialog import CHECK, FILE, RESULT, SHEETS
from benefitdesk.ui.importing.file_page import recent_mappings
from benefitdesk.ui.importing.models import PERIOD, UNKNOWN, ColumnMapModel
from benefitdesk.ui.importing.session import SKIPPED
from benefitdesk.ui.settings import AppSettings

pytestmark = pytest.mark.gui

TODAY = date(2026, 11, 25)
REGISTER = "Benefit Register"


# --- portfolios and files ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benefitdesk.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=TODAY).close()
    return path


@pytest.fixture
def demo_store(demo_file: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    with Store(copy) as store:
        yield store


@pytest.fixture
def context(demo_store: Store) -> PortfolioContext:
    return PortfolioContext(demo_store, as_of=TODAY)


def register_file(
    path: Path,
    rows: list[list[Any]] | None = None,
    figures: list[list[Any]] | None = None,
) -> Path:
    """A register as kept by hand: a merged title and a note above the header (row 4),
    synonyms ("Benefit ID", "As-is", "To-be"), an owner column under a header BenefitDesk
    does not know ("Looked after by"), a column to ignore, and a sheet of notes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = REGISTER
    ws["A1"] = "Northwind benefits return — November 2026"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Prepared by the CRM programme office"
    ws.append(["Benefit ID", "Benefit Name", "Looked after by", "As-is", "To-be", "RAG (old)"])
    ws.insert_rows(3)  # a blank row between the note and the header
    for row in rows or [
        ["B-001", "Lead-to-opportunity conversion rate", "Alice Chen", 18, 26, "green"],
        ["B-002", "Revenue per sales rep", "Alice Chen", 62, 74, "amber"],
        ["B-050", "Fewer missed deliveries", "Zoe Newman", 40, 20, "green"],
    ]:
        ws.append(row)
    actuals = wb.create_sheet("Actuals")
    actuals.append(["Ref", "Month", "Actual", "Comments"])
    for row in figures or [["B-001", "Nov-2026", 23.5, "from the CRM"]]:
        actuals.append(row)
    wb.create_sheet("Notes")["A1"] = "Internal notes: not for import"
    wb.save(path)
    return path


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return register_file(tmp_path / "Northwind return 2026-11.xlsx")


def count(store: Store, model: type, *where: Any) -> int:
    table = model.__table__  # type: ignore[attr-defined]
    with store.reading() as session:
        query = select(func.count()).select_from(table)
        return int(session.execute(query.where(*where) if where else query).scalar())


def benefit(store: Store, code: str) -> Any:
    table = Benefit.__table__
    with store.reading() as session:
        return session.execute(select(table).where(table.c.code == code)).first()


def fingerprint(store: Store) -> tuple[int, ...]:
    return (
        count(store, Benefit),
        count(store, Person),
        count(store, Measurement),
        count(store, ImportBatch),
    )


# --- nothing blocks; every message is recorded -------------------------------------------


class Said:
    """Message boxes shown, as (title, text, details); questions answered Yes."""

    def __init__(self) -> None:
        self.boxes: list[tuple[str, str, str]] = []
        self.questions: list[str] = []
        self.answer = QMessageBox.StandardButton.Yes
        self.save_as: Path | None = None

    def texts(self) -> str:
        return "\n".join(text for _title, text, _details in self.boxes)


@pytest.fixture(autouse=True)
def said(monkeypatch: pytest.MonkeyPatch) -> Said:
    record = Said()

    def exec_box(box: QMessageBox) -> int:
        record.boxes.append((box.windowTitle(), box.text(), box.detailedText()))
        return 0

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        record.questions.append(text)
        return record.answer

    def information(_parent: Any, title: str, text: str, *_args: Any) -> Any:
        record.boxes.append((title, text, ""))
        return QMessageBox.StandardButton.Ok

    def save_file(*_args: Any) -> tuple[str, str]:
        assert record.save_as is not None, "a save dialog was not expected"
        return str(record.save_as), ""

    def open_file(*_args: Any) -> tuple[str, str]:
        raise AssertionError("an open dialog was not expected")

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(information))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    return record


@pytest.fixture
def dialog(qtbot: Any, context: PortfolioContext, app_settings: AppSettings) -> ImportDialog:
    made = ImportDialog(context, app_settings)
    qtbot.addWidget(made)
    made.show()
    return made


def wait(qtbot: Any, owner: Any) -> None:
    qtbot.waitUntil(lambda: owner.job is None, timeout=20_000)


def open_file(qtbot: Any, dialog: ImportDialog, path: Path) -> None:
    dialog.file_page.set_path(path)
    assert dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)


def field_combo(dialog: ImportDialog, header: str) -> QComboBox:
    """The persistent combo of a column in the mapping table."""
    page = dialog.sheets_page
    for row, record in enumerate(page.column_model.rows()):
        if record.header == header:
            index = page.columns.proxy.mapFromSource(
                page.column_model.index(row, ColumnMapModel.COL_FIELD)
            )
            combo = page.columns.view.indexWidget(index)
            assert isinstance(combo, QComboBox), f"no combo for {header}"
            return combo
    raise AssertionError(f"no column {header}")


def choose(qtbot: Any, dialog: ImportDialog, header: str, field: str) -> None:
    combo = field_combo(dialog, header)
    combo.setCurrentIndex(combo.findData(field))
    combo.activated.emit(combo.currentIndex())
    wait(qtbot, dialog)


def counts(dialog: ImportDialog) -> dict[str, tuple[int, int, int, int]]:
    return {
        r.kind: (r.added, r.changed, r.unchanged, r.rejected)
        for r in dialog.check_page.count_model.rows()
    }


def click_next(qtbot: Any, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)


def fates(dialog: ImportDialog) -> dict[tuple[str, str], str]:
    return {(r.key, r.fate): r.detail for r in dialog.check_page.rows.model.rows()}


def confirm_rebaseline(qtbot: Any, dialog: ImportDialog) -> None:
    """Tick Re-baseline on the check page: the check runs again with it."""
    box = dialog.check_page.rebaseline
    assert not box.isHidden()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert dialog.plan is not None and dialog.plan.rebaseline


# --- the whole import --------------------------------------------------------------------


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
    assert fingerprint(demo_store) == before  # a dry run writes nothing
    assert dialog.next_button.isEnabled() and dialog.next_button.text() == "&Import"
    assert fates(dialog)[("B-001", "Changed")] == "Target: 24 → 26"
    assert ("B-050", "New") in fates(dialog) and ("B-002", "Unchanged") in fates(dialog)
    for model in (
        dialog.check_page.count_model,
        dialog.check_page.problem_model,
        dialog.check_page.rows.model,
    ):
        qtmodeltester.check(model)

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
    assert f"#{result.batch_id}" in dialog.result_page.top.title.text()  # type: ignore[attr-defined]

    said.save_as = tmp_path / "northwind mapping"
    qtbot.mouseClick(dialog.result_page.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "northwind mapping.toml"
    mapping = load_mapping(saved)
    assert mapping.sheets[REGISTER].columns["Looked after by"] == "owner"
    assert mapping.sheets[REGISTER].header_row == 4
    assert mapping.sheets["Notes"].kind == "ignore"
    assert recent_mappings(app_settings)[0] == saved

    # Next month: the same layout, the saved mapping chosen; nothing to adjust.
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
    assert "undone" in dialog.result_page.top.title.text()  # type: ignore[attr-defined]


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


# --- a user's mistakes are plain messages -------------------------------------------------


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


# --- the history -------------------------------------------------------------------------


def test_history_lists_the_batch_its_changes_and_undo_restores_them(
    qtbot: Any,
    qtmodeltester: Any,
    context: PortfolioContext,
    demo_store: Store,
    register: Path,
    said: Said,
) -> None:
    result = apply_import(demo_store, register, rebaseline=True)
    assert result.batch_id is not None
    batch = result.batch_id
    context.reload()
    history = ImportHistoryDialog(context)
    qtbot.addWidget(history)
    history.show()
    top = history.batches.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    assert top.id == batch and top.info.file_name == register.name
    assert history.batches.current_row().id == batch
    qtmodeltester.check(history.model)
    changes = {(r.what, r.field): r for r in history.entry_model.rows()}
    target = changes[("Benefit B-001", "Target")]
    assert (target.old, target.new) == ("24.0", "26.0")
    assert ("Benefit B-050", "Added") in changes
    assert "1 measurement added" in history.also.text()
    assert history.act_undo.isEnabled()

    history.undo_selected()
    wait(qtbot, history)
    assert benefit(demo_store, "B-001").target == 24.0
    assert benefit(demo_store, "B-050") is None
    assert count(demo_store, Measurement, Measurement.__table__.c.batch_id == batch) == 0
    assert context.benefit_by_code("B-050") is None  # the views were refreshed
    row = history.batches.current_row()
    assert row.id == batch and row.info.undone_at is not None
    assert not history.act_undo.isEnabled()
    assert f"Import #{batch} was undone" in history.notice.text()
    restored = [r for r in history.entry_model.rows() if r.what == "Benefit B-001"]
    assert any(r.old == "26.0" and r.new == "24.0" for r in restored)

    demo = [r for r in history.model.rows() if r.info.kind == "demo"]
    assert demo and history.select_batch(demo[0].id)
    assert not history.act_undo.isEnabled()


def test_an_undo_refused_by_the_service_is_a_plain_message(
    qtbot: Any, context: PortfolioContext, demo_store: Store, register: Path, said: Said
) -> None:
    result = apply_import(demo_store, register)
    from benefitdesk.services.importing import undo_import

    assert result.batch_id is not None
    history = ImportHistoryDialog(context)
    qtbot.addWidget(history)
    undo_import(demo_store, result.batch_id)  # undone elsewhere (the command line)
    assert history.select_batch(result.batch_id)
    history.undo_selected()
    wait(qtbot, history)
    _title, text, details = said.boxes[-1]
    assert "already undone" in text and details == ""


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


def test_history_shows_each_batch_by_fate_and_its_rejected_rows(
    qtbot: Any, qtmodeltester: Any, context: PortfolioContext, demo_store: Store, tmp_path: Path
) -> None:
    path = register_file(
        tmp_path / "bad.xlsx",
        rows=[
            ["B-050", "Fewer missed deliveries", "Zoe Newman", 40, 20, "green"],
            [None] * 6,
            ["Total", None, None, 40, 20, None],
        ],
        figures=[["B-001", "Nov-2026", "abc", "from the CRM"]],
    )
    result = apply_import(demo_store, path)
    assert result.committed and result.rejected_rows == 1
    context.reload()
    history = ImportHistoryDialog(context)
    qtbot.addWidget(history)
    history.show()
    row = history.batches.current_row()
    assert row.id == result.batch_id
    model = history.model
    shown = {
        model.HEADERS[c]: model.index(model.row_of(row.id), c).data()
        for c in (model.COL_SKIPPED, model.COL_REJECTED)
    }
    assert shown == {"Skipped": "2", "Rejected": "1"}
    (reject,) = history.reject_model.rows()
    assert (reject.sheet, reject.row) == ("Actuals", 2)
    assert 'C2: "abc" is not a number' in reject.reason and "Actual: abc" in reject.cells
    assert history.tabs.tabText(1) == "Rejected rows (1)"
    qtmodeltester.check(history.reject_model)
    qtmodeltester.check(model)


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
