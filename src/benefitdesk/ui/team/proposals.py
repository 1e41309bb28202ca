"""Portfolio › Definition Proposals…: owners' proposed changes, for a PMO to decide.

A PMO approves (the change is saved as their edit) or rejects with a note; an owner
sees their own proposals and may withdraw one; a viewer reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from benefitdesk.model import ProposalStatus, TeamRole
from benefitdesk.present.formats import day, moment, number
from benefitdesk.services import proposals
from benefitdesk.services.errors import ServiceError
from benefitdesk.store import PortfolioError
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.errors import show_error
from benefitdesk.ui.widgets.reason import ReasonDialog
from benefitdesk.ui.widgets.table import RecordModel, RecordTable

SHOWN = {"row_version": None}  # fields never listed


def change_text(changes: dict[str, tuple[Any, Any]]) -> str:
    """``target: 30 → 28; target date: 1 Jan 2027 → 30 Jun 2027``."""

    def shown(value: Any) -> str:
        if value is None or value == "":
            return "(none)"
        if isinstance(value, float):
            return number(value)
        if isinstance(value, date):
            return day(value)
        return str(getattr(value, "value", value))

    return "; ".join(
        f"{name.replace('_', ' ')}: {shown(old)} → {shown(new)}"
        for name, (old, new) in changes.items()
        if name not in SHOWN
    )


@dataclass(frozen=True, slots=True)
class ProposalRow:
    id: int
    code: str
    proposed_by: str
    when: str
    changes: str
    reason: str
    status: ProposalStatus
    proposal: proposals.Proposal


class ProposalModel(RecordModel):
    COL_CODE, COL_BY, COL_WHEN, COL_CHANGES, COL_REASON, COL_STATUS = range(6)
    HEADERS = ("Benefit", "Proposed by", "When", "Changes", "Reason", "Status")

    def display(self, row: ProposalRow, col: int) -> str:
        return str(
            (row.code, row.proposed_by, row.when, row.changes, row.reason, row.status.value)[col]
        )

    def tooltip(self, row: ProposalRow, col: int) -> str | None:
        return row.changes if col == self.COL_CHANGES else row.reason or None


class ProposalsDialog(QDialog):
    """The proposals of the open portfolio; decisions are saved at once."""

    def __init__(self, context: PortfolioContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Definition proposals")
        self.resize(900, 420)
        access = context.access
        self.pmo = access.role is TeamRole.PMO and not context.read_only
        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setText(
            "Benefit owners propose changes to their definitions here. Approving saves the "
            "change as your edit (refused if the definition changed since); rejecting keeps "
            "the definition as it is."
            if self.pmo
            else "Your proposed definition changes wait here for the PMO's decision."
        )
        self.model = ProposalModel(self)
        self.table = RecordTable(
            "Open proposals",
            self.model,
            self,
            empty="No proposals are waiting.",
            widths=(70, 130, 130, 300, 200),
            stretch=ProposalModel.COL_CHANGES,
        )
        if self.pmo:
            self.act_approve = self.table.action("Approve", self.approve, "approve")
            self.act_reject = self.table.action("Reject…", self.reject_current, "delete")
        elif access.role is TeamRole.OWNER:
            self.act_withdraw = self.table.action("Withdraw", self.withdraw, "revert")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        found = proposals.list_proposals(self.context.store)
        self.table.set_rows(
            [
                ProposalRow(
                    p.id,
                    p.code,
                    p.proposed_by,
                    moment(p.proposed_at),
                    change_text(p.changes),
                    p.reason or "",
                    p.status,
                    p,
                )
                for p in found
            ]
        )

    def _decide(self, what: str, call: Any) -> bool:
        row = self.table.current_row()
        if row is None:
            return False
        try:
            change = call(row)
        except (ServiceError, PortfolioError) as refused:
            show_error(self, what, refused)
            self.refresh()
            return False
        self.context.apply(change)
        self.refresh()
        return True

    def approve(self) -> bool:
        return self._decide(
            "Approve proposal",
            lambda row: proposals.approve(self.context.store, proposal_id=row.id),
        )

    def reject_current(self) -> bool:
        row = self.table.current_row()
        if row is None:
            return False
        dialog = ReasonDialog(
            self,
            title="Reject proposal",
            intro=f"Reject {row.proposed_by}'s proposal for {row.code}?",
            label="&Note to the owner",
            accept_text="&Reject",
            placeholder="Why not (optional)",
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        note = dialog.value()
        return self._decide(
            "Reject proposal",
            lambda r: proposals.reject(self.context.store, proposal_id=r.id, note=note),
        )

    def withdraw(self) -> bool:
        return self._decide(
            "Withdraw proposal",
            lambda row: proposals.withdraw(self.context.store, proposal_id=row.id),
        )
