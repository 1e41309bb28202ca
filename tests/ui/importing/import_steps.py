"""The import dialog's tests' portfolio, register file and steps: a register as kept by
hand, what the database holds, and the clicks that move the dialog on."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox
from sqlalchemy import func, select

from benefitdesk.model import Benefit, ImportBatch, Measurement, Person
from benefitdesk.store import Store
from benefitdesk.ui.importing import ImportDialog
from benefitdesk.ui.importing.models import ColumnMapModel

TODAY = date(2026, 11, 25)
REGISTER = "Benefit Register"


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


class Said:
    """Message boxes shown, as (title, text, details); questions answered Yes."""

    def __init__(self) -> None:
        self.boxes: list[tuple[str, str, str]] = []
        self.questions: list[str] = []
        self.answer = QMessageBox.StandardButton.Yes
        self.save_as: Path | None = None

    def texts(self) -> str:
        return "\n".join(text for _title, text, _details in self.boxes)
