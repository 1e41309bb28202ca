"""Grey out what the signed-in role cannot do, saying why in the tooltip.

The server refuses such changes anyway (store/roles.py); greying them out means nobody
starts one only to be turned away. The rules and their words are ``ui.access``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from benefitdesk.ui.main_window.actions import Actions

if TYPE_CHECKING:  # imported on use: the window shows before SQLAlchemy is loaded
    from benefitdesk.ui.context import PortfolioContext


def apply_access(
    actions: Actions, context: PortfolioContext | None, benefit_id: int | None
) -> None:
    """Enable or refuse the PMO's actions, and logging on the selected benefit."""
    manage = context.manage_refusal() if context is not None else None
    for action in actions.managing():  # enabled or not by the window; refused here
        if manage:
            refuse(action, manage)
        else:
            restore_tip(action)
    if context is None:
        return
    record = context.record_refusal(benefit_id)
    if record:
        refuse(actions.log_measurement, record)
    else:
        restore_tip(actions.log_measurement)
        actions.log_measurement.setEnabled(not context.read_only)
    actions.proposals.setEnabled(not context.read_only)


def refuse(action: QAction, reason: str) -> None:
    if action.property("tip") is None:
        action.setProperty("tip", action.toolTip())
    action.setEnabled(False)
    action.setToolTip(reason)
    action.setStatusTip(reason)


def restore_tip(action: QAction) -> None:
    tip = action.property("tip")
    if tip is not None:
        action.setToolTip(tip)
        action.setStatusTip(tip)
