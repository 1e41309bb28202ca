"""Placeholder: replaced by the full dashboard."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from benefitdesk.ui.context import PortfolioContext


class DashboardPage(QWidget):
    benefit_activated = Signal(int)

    def __init__(self, context: PortfolioContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        QVBoxLayout(self).addWidget(QLabel("Dashboard", self))

    def attention_count(self) -> int:
        return 0
