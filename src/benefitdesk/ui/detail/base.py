"""What every tab of the benefit detail shares: the context, undo, and the questions.

Questions to the user (confirm a delete, run a dialog, unsaved edits) go through one
injected :class:`Prompter`, so tests answer them without a modal loop.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from benefitdesk.services.errors import ServiceError
from benefitdesk.store import PortfolioError
from benefitdesk.ui.commands import ServiceCommand, push_command
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.errors import show_error

APPLY, DISCARD, CANCEL = "apply", "discard", "cancel"


class Prompter:
    """Asks the user; replace its methods in tests."""

    def confirm(self, parent: QWidget, title: str, text: str, action: str = "Delete") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

    def unsaved(self, parent: QWidget, what: str) -> str:
        """APPLY, DISCARD or CANCEL for edits not yet applied."""
        answer = QMessageBox.question(
            parent,
            "Unapplied changes",
            f"{what} has changes that are not applied yet.",
            QMessageBox.StandardButton.Apply
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Apply,
        )
        if answer == QMessageBox.StandardButton.Apply:
            return APPLY
        if answer == QMessageBox.StandardButton.Discard:
            return DISCARD
        return CANCEL

    def run(self, dialog: QDialog) -> bool:
        """Show a dialog modally; True when the user saved."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def error(self, parent: QWidget, title: str, error: BaseException) -> None:
        show_error(parent, title, error)


class DetailTab(QWidget):
    """A tab that shows one benefit; it reloads lazily, only while visible."""

    #: What the tab changes: "records" (figures, notes, actions, activities: on a server,
    #: an owner's on their own benefits), "definitions" (the PMO's), or None (nothing).
    EDITS: str | None = None

    def __init__(
        self,
        context: PortfolioContext,
        undo_stack: QUndoStack,
        prompter: Prompter,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context, self.undo_stack, self.prompter = context, undo_stack, prompter
        self.benefit_id: int | None = None
        self.stale = True
        self.read_only = context.read_only

    # -- what the panel calls ---------------------------------------------------
    def show_benefit(self, benefit_id: int | None) -> None:
        self.benefit_id = benefit_id
        self.stale = True
        if self.isVisible():
            self.reload()

    def changed(self) -> None:
        """Something about this benefit changed: reload now or when next shown."""
        self.stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self.stale = False
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - every tab overrides it
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only

    def set_access(self, records: str | None, definitions: str | None) -> None:
        """Why records and definitions are closed to this user (None: open to them)."""
        refusal = {"records": records, "definitions": definitions}.get(self.EDITS or "")
        self.set_read_only(refusal is not None)

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.stale:
            self.reload()

    # -- helpers ------------------------------------------------------------------
    def row(self) -> Any | None:
        return self.context.benefit_row(self.benefit_id) if self.benefit_id else None

    def people(self) -> list[str]:
        people = self.context.report.snapshot.people.values()
        return sorted((p.name for p in people), key=str.casefold)

    def run(self, command: ServiceCommand) -> bool:
        """Push an undoable command; a refusal is shown, nothing is saved."""
        try:
            push_command(self.undo_stack, command)
        except (ServiceError, PortfolioError) as refused:
            self.prompter.error(self, command.text(), refused)
            return False
        return True

    def push(self, command: ServiceCommand) -> None:
        """Push from inside a dialog's submit: a refusal propagates to the dialog."""
        push_command(self.undo_stack, command)
