"""File › Restore Backup…: close the portfolio (letting go of its lock), restore the
chosen backup over it, and open it again."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from benefitdesk.services.errors import ServiceError
from benefitdesk.store.errors import PortfolioError, portfolio_errors
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.main_window.host import Host


def restore_backup(host: Host, parent: QWidget) -> None:
    from benefitdesk.services.backups import restore
    from benefitdesk.ui.backups.dialog import RestoreBackupDialog, made_text

    context = host.context
    path = context.store.path if context is not None else None
    if context is None or path is None or context.read_only:
        return
    dialog = RestoreBackupDialog(path, parent)
    chosen = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    if chosen is None:
        return
    when = made_text(chosen)
    answer = QMessageBox.question(
        parent,
        "Restore Backup",
        f"Replace everything in {path.name} with the backup made on {when}?\n\n"
        "What it holds now is backed up first.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    host.close_portfolio()
    try:
        with portfolio_errors(path):
            before = restore(path, chosen.path, program="the BenefitDesk window")
    except (PortfolioError, ServiceError, OSError) as exc:
        show_error(parent, "Restore Backup", exc)
        before = None
    if host.open_portfolio(path) and before is not None:
        kept = "the state before is kept as a backup"
        host.say(f"Restored the backup made on {when}; {kept}.", 15_000)
