"""Placeholder: replaced by the full detail panel."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.settings import AppSettings


class BenefitDetail(QWidget):
    def __init__(
        self,
        context: PortfolioContext,
        settings: AppSettings,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context, self.settings, self.undo_stack = context, settings, undo_stack
        self.benefit_id: int | None = None
        self.header = QLabel("Select a benefit", self)
        QVBoxLayout(self).addWidget(self.header)

    def show_benefit(self, benefit_id: int | None) -> None:
        self.benefit_id = benefit_id
        row = self.context.benefit_row(benefit_id) if benefit_id else None
        self.header.setText(f"{row.code} {row.title}" if row else "Select a benefit")
