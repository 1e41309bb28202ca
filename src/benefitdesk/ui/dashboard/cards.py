"""The dashboard's figure cards: the portfolio totals (docs/contract.md), at a glance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from benefitdesk.analysis.types import PortfolioTotals
from benefitdesk.present.formats import money, pct
from benefitdesk.present.vocabulary import need_attention
from benefitdesk.services.dashboard import portfolio_currency
from benefitdesk.services.report import Report, portfolio_json

ALERT = "#b91c1c"
MUTED = "#64748b"

CARD_STYLE = """
QFrame#card { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 6px; }
QLabel#card_title { color: #475569; font-size: 9pt; }
QLabel#card_value { color: #0f172a; font-size: 14pt; font-weight: 600; }
QLabel#card_detail { color: #64748b; font-size: 8.5pt; }
"""


class Card(QFrame):
    """A title, one big figure and a line of detail; the exact figure in the tooltip."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName("card")
        self.title = QLabel(title, self)
        self.title.setObjectName("card_title")
        self.value = QLabel("—", self)
        self.value.setObjectName("card_value")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel("", self)
        self.detail.setObjectName("card_detail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 5)
        layout.setSpacing(0)
        for label in (self.title, self.value, self.detail):
            layout.addWidget(label)

    def set(
        self,
        value: str,
        detail: str = "",
        tip: str = "",
        *,
        alert: bool = False,
        detail_alert: bool = False,
    ) -> None:
        """Show a figure; ``alert`` reds the figure, ``detail_alert`` the detail line."""
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {ALERT};" if alert else "")
        self.detail.setText(detail)
        self.detail.setStyleSheet(f"color: {ALERT}; font-weight: 600;" if detail_alert else "")
        self.setToolTip(tip)


CARDS = (
    ("investment", "Investment"),
    ("actual_cost", "Actual cost"),
    ("committed_value", "Committed benefits"),
    ("planned_to_date_value", "Planned to date"),
    ("realised_value", "Realised to date"),
    ("at_risk_value", "Value at risk"),
    ("actions", "Corrective actions"),
    ("overdue_measurements", "Overdue measurements"),
)


def _share(part: float, whole: float) -> str:
    return pct(100 * part / whole, digits=0) if whole else "—"


class CardGrid(QWidget):
    """Eight cards in two rows of four; ``figures()`` gives the numbers they show."""

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(CARD_STYLE)
        self.cards = {key: Card(key, title, self) for key, title in CARDS}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        for n, card in enumerate(self.cards.values()):
            grid.addWidget(card, n // self.COLUMNS, n % self.COLUMNS)
        self._figures: dict[str, Any] = {}

    def figures(self) -> dict[str, Any]:
        """The figures on the cards, keyed like ``report --json``'s ``portfolio``."""
        return dict(self._figures)

    def update_from(self, report: Report) -> None:
        t: PortfolioTotals = report.totals
        currency = portfolio_currency(report)
        self._figures = portfolio_json(t)

        def both(value: float) -> tuple[str, str]:
            return money(value, currency, compact=True), money(value, currency)

        cards = self.cards
        text, exact = both(t.investment)
        projects = sum(t.projects_by_rag.values())
        cards["investment"].set(text, f"{projects} projects", exact)
        text, exact = both(t.actual_cost)
        cards["actual_cost"].set(text, f"{_share(t.actual_cost, t.investment)} of budget", exact)
        text, exact = both(t.committed_value)
        cards["committed_value"].set(text, f"{t.benefit_count} benefits counted", exact)
        text, exact = both(t.planned_to_date_value)
        cards["planned_to_date_value"].set(
            text, f"{_share(t.planned_to_date_value, t.committed_value)} of committed", exact
        )
        text, exact = both(t.realised_value)
        cards["realised_value"].set(
            text, f"{_share(t.realised_value, t.planned_to_date_value)} of planned to date", exact
        )
        text, exact = both(t.at_risk_value)
        cards["at_risk_value"].set(
            text, need_attention(t.at_risk_count), exact, alert=t.at_risk_count > 0
        )
        cards["actions"].set(
            f"{t.open_actions} open",
            f"{t.overdue_actions} overdue",
            "Corrective actions open or in progress, and those past their due date",
            detail_alert=t.overdue_actions > 0,
        )
        late = "benefit is" if t.overdue_measurements == 1 else "benefits are"
        cards["overdue_measurements"].set(
            str(t.overdue_measurements),
            f"{late} behind on figures",
            "Benefits whose latest figure is more than a reporting period (plus 7 days) old",
            alert=t.overdue_measurements > 0,
        )
