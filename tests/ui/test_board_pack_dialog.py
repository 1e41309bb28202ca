"""File › Export Board Pack…: the options dialog, the size warning, the background export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from benefitdesk.demo import create_demo
from benefitdesk.store import Store
from benefitdesk.ui.boardpack import export as exports
from benefitdesk.ui.boardpack.dialog import BoardPackDialog
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job
from benefitdesk.ui.settings import AppSettings

AS_OF = date(2026, 11, 30)


@pytest.fixture
def context(tmp_path: Path) -> Iterator[PortfolioContext]:
    store = create_demo(tmp_path / "demo.sqlite", today=AS_OF)
    yield PortfolioContext(store, as_of=AS_OF)
    store.close()


def _tick(dialog: BoardPackDialog, key: str, value: str) -> None:
    items = dialog.lists[key].items
    for row in range(items.rowCount()):
        item = items.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == value:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{value} is not in {key}")


def test_the_dialog_offers_the_whole_portfolio_and_a_month_of_movement(
    qtbot: Any, context: PortfolioContext
) -> None:
    dialog = BoardPackDialog(context)
    qtbot.addWidget(dialog)
    options = dialog.options()
    assert options.as_of == AS_OF and options.since == date(2026, 10, 31)
    assert options.scope.projects == () and not options.scope.include_drafts
    benefits = dialog.benefits_in_scope()
    assert 0 < benefits <= 50 and dialog.appendix.isChecked() and options.appendix
    assert f"{benefits} benefits in scope · {benefits + 5} sheets" in dialog.preview.text()
    assert dialog.export_button.isEnabled()


def test_ticking_narrows_the_pack_and_the_preview_follows(
    qtbot: Any, context: PortfolioContext
) -> None:
    dialog = BoardPackDialog(context)
    qtbot.addWidget(dialog)
    everything = dialog.benefits_in_scope()
    _tick(dialog, "projects", "P-100")
    _tick(dialog, "categories", "revenue")
    scope = dialog.options().scope
    assert scope.projects == ("P-100",) and scope.categories == ("revenue",)
    narrowed = dialog.benefits_in_scope()
    assert 0 < narrowed < everything
    assert f"{narrowed} benefit" in dialog.preview.text()
    dialog.drafts.setChecked(True)
    assert dialog.benefits_in_scope() >= narrowed and dialog.options().scope.include_drafts


def test_a_previous_pack_date_after_the_as_of_date_is_refused(
    qtbot: Any, context: PortfolioContext
) -> None:
    dialog = BoardPackDialog(context)
    qtbot.addWidget(dialog)
    dialog.since.set_value(date(2026, 12, 31))
    assert not dialog.export_button.isEnabled()
    assert "must be before" in dialog.preview.text()
    dialog.since.setText("31 Smarch 2026")
    assert not dialog.export_button.isEnabled() and "not a date" in dialog.preview.text()
    dialog.since.set_value(date(2026, 9, 30))
    assert dialog.export_button.isEnabled()


def test_the_appendix_choice_follows_the_scope_until_the_user_makes_it(
    qtbot: Any, context: PortfolioContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benefitdesk.ui.boardpack import dialog as board_pack_dialog

    monkeypatch.setattr(board_pack_dialog, "APPENDIX_LIMIT", 4)
    dialog = BoardPackDialog(context)
    qtbot.addWidget(dialog)
    assert not dialog.appendix.isChecked()  # more than 4 benefits: off by default
    _tick(dialog, "owners", "Alice Chen")
    assert dialog.benefits_in_scope() <= 4 and dialog.appendix.isChecked()
    qtbot.mouseClick(dialog.appendix, Qt.MouseButton.LeftButton)  # the user decides
    _tick(dialog, "owners", "Helen Carter")
    assert not dialog.appendix.isChecked()


def _answer(monkeypatch: pytest.MonkeyPatch, out: Path, accept: bool = True) -> list[str]:
    """Accept the dialog, save to ``out``, record any question asked."""
    asked: list[str] = []
    monkeypatch.setattr(
        BoardPackDialog, "exec", lambda self: QDialog.DialogCode.Accepted if accept else 0
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_exporting_writes_the_pack_and_remembers_its_date(
    qtbot: Any,
    context: PortfolioContext,
    app_settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "pack.xlsx"
    asked = _answer(monkeypatch, out)
    job = exports.export_board_pack(None, context, app_settings)  # type: ignore[arg-type]
    assert job is not None and not asked
    qtbot.waitUntil(lambda: job not in Job.active, timeout=30_000)
    assert load_workbook(out, read_only=True).sheetnames[:3] == [
        "Summary",
        "Exceptions",
        "Decisions",
    ]
    assert exports.last_pack_date(app_settings, context) == AS_OF
    later = PortfolioContext(Store(context.store.path), as_of=date(2026, 12, 31))
    try:
        dialog = BoardPackDialog(later, exports.last_pack_date(app_settings, later))
        qtbot.addWidget(dialog)
        assert dialog.options().since == AS_OF  # the previous pack is the last one made
    finally:
        later.store.close()


def test_a_pack_over_the_sheet_limit_asks_first(
    qtbot: Any,
    context: PortfolioContext,
    app_settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "pack.xlsx"
    asked = _answer(monkeypatch, out)
    monkeypatch.setattr(exports, "SHEET_WARNING", 5)
    assert exports.export_board_pack(None, context, app_settings) is None  # type: ignore[arg-type]
    assert asked and "sheets" in asked[0] and not out.exists()
