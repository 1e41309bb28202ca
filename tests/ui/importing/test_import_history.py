"""Import History: each batch by fate, what it changed, its rejected rows, and Undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from import_steps import (
    Said,
    benefit,
    count,
    register_file,
    wait,
)
from PySide6.QtCore import Qt

from benefitdesk.model import Measurement
from benefitdesk.services.importing import apply_import
from benefitdesk.store import Store
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.importing import ImportHistoryDialog

pytestmark = pytest.mark.gui


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
