"""The main window's File › Restore Backup… command (a mixin of MainWindow)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox


class BackupActionsMixin:
    """Closes the portfolio (letting go of its lock), restores, and opens it again."""

    context: Any

    def restore_backup(self) -> None:
        from benefitdesk.services.backups import restore
        from benefitdesk.services.errors import ServiceError
        from benefitdesk.store import PortfolioError
        from benefitdesk.store.errors import portfolio_errors
        from benefitdesk.ui.backups.dialog import RestoreBackupDialog, made_text
        from benefitdesk.ui.errors import show_error

        path = self.context.store.path if self.context is not None else None
        if path is None or self.context.read_only:
            return
        dialog = RestoreBackupDialog(path, self)  # type: ignore[arg-type]
        chosen = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if chosen is None:
            return
        when = made_text(chosen)
        answer = QMessageBox.question(
            self,  # type: ignore[arg-type]
            "Restore Backup",
            f"Replace everything in {path.name} with the backup made on {when}?\n\n"
            "What it holds now is backed up first.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.close_portfolio()  # type: ignore[attr-defined]
        try:
            with portfolio_errors(path):
                before = restore(path, chosen.path, program="the BenefitDesk window")
        except (PortfolioError, ServiceError, OSError) as exc:
            show_error(self, "Restore Backup", exc)  # type: ignore[arg-type]
            before = None
        if self.open_portfolio(path) and before is not None:  # type: ignore[attr-defined]
            self.statusBar().showMessage(  # type: ignore[attr-defined]
                f"Restored the backup made on {when}; the state before is kept as a backup.",
                15_000,
            )
