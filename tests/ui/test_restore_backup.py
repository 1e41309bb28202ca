"""File › Restore Backup… and the daily copy made when a portfolio opens."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from small_portfolio import make_portfolio

from benefitdesk.services.measurements import log_measurement
from benefitdesk.store.backup import backup_reason, list_backups
from benefitdesk.ui.backups.dialog import BackupModel, RestoreBackupDialog
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.settings import AppSettings

pytestmark = pytest.mark.gui
AS_OF = date(2026, 11, 25)


def latest(window: MainWindow) -> float | None:
    assert window.context is not None
    rows = {r.code: r for r in window.context.report.benefits}
    return rows["B-001"].latest_value


def test_opening_makes_one_copy_a_day_and_restore_puts_one_back(
    qtbot: Any,
    qtmodeltester: Any,
    tmp_path: Path,
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = make_portfolio(tmp_path / "Budget [2025].sqlite")
    window = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(window)
    assert window.open_portfolio(path)
    assert [backup_reason(b) for b in list_backups(path)] == ["daily"]
    window.close_portfolio()
    assert window.open_portfolio(path)
    assert len(list_backups(path)) == 1  # once a day, not at every open
    assert latest(window) == 18.0

    log_measurement(window.context.store, "B-001", date(2026, 11, 20), 99.0)
    window.reload()
    assert latest(window) == 99.0

    dialog = RestoreBackupDialog(path)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1 and dialog.chosen() is not None
    assert dialog.model.index(0, BackupModel.COL_REASON).data() == "Daily"

    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.act.restore_backup.trigger()
    assert window.context is not None and not window.context.read_only
    assert latest(window) == 18.0  # the figure logged after the backup is gone again
    assert sorted(backup_reason(b) for b in list_backups(path)) == ["before restore", "daily"]
    assert "Restored the backup" in window.statusBar().currentMessage()


def test_no_backups_yet_disables_restore(qtbot: Any, tmp_path: Path) -> None:
    path = make_portfolio(tmp_path / "New.sqlite")
    dialog = RestoreBackupDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert not dialog.restore_button.isEnabled() and dialog.chosen() is None
