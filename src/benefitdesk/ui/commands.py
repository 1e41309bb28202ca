"""Undoable edits: each command calls a service (one transaction) both ways.

Every change is saved the moment it is made; undo is another saved change, so the
undo stack never holds unsaved state and a crash loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtGui import QUndoCommand, QUndoStack

from benefitdesk.present import formats
from benefitdesk.services.benefits import BenefitFields, save_benefit
from benefitdesk.services.changes import Change
from benefitdesk.services.measurements import delete_measurement, log_measurement
from benefitdesk.ui.context import PortfolioContext


class ServiceCommand(QUndoCommand):
    """A QUndoCommand whose redo/undo are service calls that return a Change."""

    def __init__(
        self,
        context: PortfolioContext,
        text: str,
        do: Callable[[], Change],
        undo: Callable[[], Change],
    ):
        super().__init__(text)
        self.context, self._do, self._undo = context, do, undo
        self._already_done = False

    def redo(self) -> None:
        if self._already_done:  # push_command ran it before QUndoStack.push
            self._already_done = False
            return
        self.context.apply(self._do())

    def undo(self) -> None:
        self.context.apply(self._undo())


def push_command(stack: QUndoStack, command: ServiceCommand) -> None:
    """Run ``command``; only when it succeeds does it go on ``stack``.

    A refused edit raises a ServiceError here: nothing is saved and nothing pushed.
    """
    command.context.apply(command._do())
    command._already_done = True
    stack.push(command)


def log_measurement_command(
    context: PortfolioContext, code: str, day: date, value: float, note: str | None
) -> ServiceCommand:
    previous: dict[str, tuple[float, str | None] | None] = {}

    def do() -> Change:
        logged = log_measurement(context.store, code, day, value, note)
        previous["value"] = logged.previous
        return logged.change

    def undo() -> Change:
        before = previous.get("value")
        if before is None:
            return delete_measurement(context.store, code, day).change
        return log_measurement(context.store, code, day, before[0], before[1]).change

    return ServiceCommand(context, f"Log {code} {formats.day(day)}", do, undo)


def save_benefit_command(
    context: PortfolioContext, after: BenefitFields, before: BenefitFields, benefit_id: int
) -> ServiceCommand:
    """Edit a benefit's definition; undo restores ``before`` (creation: see
    ``ui.detail.commands.create_benefit_command``)."""

    version = {"now": after.row_version}  # each step checks the version the last one left

    def save(data: BenefitFields) -> Change:
        change = save_benefit(
            context.store, replace(data, row_version=version["now"]), benefit_id=benefit_id
        )
        version["now"] = change.row_version
        return change

    return ServiceCommand(context, f"Edit {after.code}", lambda: save(after), lambda: save(before))
