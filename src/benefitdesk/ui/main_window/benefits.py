"""The window's Benefit menu: New Benefit…, Log Measurement…, Approve, Delete Benefit….

Every edit is an undoable service command pushed on the window's undo stack; a refused
edit says why and saves nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from benefitdesk.ui.main_window.host import Host

if TYPE_CHECKING:
    from benefitdesk.ui.commands import ServiceCommand


class BenefitCommands:
    def __init__(self, host: Host, parent: QWidget):
        self.host, self.parent = host, parent
        actions = host.act
        actions.new_benefit.triggered.connect(self.new_benefit)
        actions.log_measurement.triggered.connect(self.log_measurement)
        actions.approve.triggered.connect(self.approve)
        actions.delete_benefit.triggered.connect(self.delete_benefit)

    def log_measurement(self) -> None:
        """This period's figure for the selected benefit: the figure and Enter."""
        context = self.host.context
        if context is None or context.read_only:
            return
        benefit_id = self.host.current_benefit_id()
        if context.record_refusal(benefit_id):
            return
        from PySide6.QtWidgets import QDialog

        from benefitdesk.ui.commands import log_measurement_command
        from benefitdesk.ui.detail.log_measurement import LogMeasurementDialog

        dialog = LogMeasurementDialog(context, benefit_id, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, when, value, note = dialog.values()
        self.run(log_measurement_command(context, code, when, value, note))

    def new_benefit(self) -> None:
        context, detail = self.host.context, self.host.detail
        if context is None or context.manage_refusal() or detail is None:
            return
        self.host.navigate("all", select_first=False)
        detail.new_benefit()

    def approve(self) -> None:
        context, detail = self.host.context, self.host.detail
        if context is not None and not context.manage_refusal() and detail is not None:
            detail.approve()

    def delete_benefit(self) -> None:
        context, register = self.host.context, self.host.register
        row = register.current_row() if context is not None and register is not None else None
        if row is None or context is None or context.manage_refusal():
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.parent,
            "Delete benefit",
            f"Delete {row.code} {row.title} with its plan, measurements, indicators, notes "
            "and actions?\n\nYou can undo this (Ctrl+Z).",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from benefitdesk.ui.detail.commands import delete_benefit_command

        self.run(delete_benefit_command(context, row.benefit_id, row.code))

    def run(self, command: ServiceCommand) -> bool:
        """Push an undoable service command; a refused edit shows why, saves nothing."""
        from benefitdesk.services.errors import ServiceError
        from benefitdesk.store.errors import PortfolioError
        from benefitdesk.ui.commands import push_command
        from benefitdesk.ui.errors import show_error

        try:
            push_command(self.host.undo_stack, command)
        except (ServiceError, PortfolioError) as exc:
            show_error(self.parent, command.text(), exc)
            return False
        return True
