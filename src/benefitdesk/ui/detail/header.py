"""The detail's header: who and what the benefit is, how it stands, its key figures.

"B-002 Revenue per rep — owner Alice Chen — ● At risk · needs attention: behind plan
(−17.7%)", then a row of figures: latest, realisation, variance, forecast, next due,
realised value. The dot and the word beside it are the status; what follows "needs
attention" is the flag and its reasons (present.vocabulary).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from benefitdesk.analysis.types import BenefitResult, Status
from benefitdesk.present.formats import day, money, month, pct, quantity
from benefitdesk.present.vocabulary import STATUS_LABELS, reason_phrases
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.style import (
    ATTENTION_COLOUR,
    OVERDUE_COLOUR,
    STATUS_COLOURS,
    dot,
    variance_colour,
)

MUTED = "#64748b"


def status_phrase(result: BenefitResult | None, lifecycle: str) -> tuple[str, str, str]:
    """(status words, their colour, the flag's words): ``("On track", green, "needs
    attention: figure overdue (due 31 May 2026)")``; a draft says ``draft``."""
    if lifecycle in ("draft", "cancelled", "closed"):
        return lifecycle, MUTED, ""
    if result is None:
        return "", MUTED, ""
    flag = ""
    if result.at_risk:
        flag = "needs attention: " + ", ".join(reason_phrases(result))
    return STATUS_LABELS[result.status], STATUS_COLOURS[result.status], flag


class Figure(QFrame):
    """One key figure: a caption, a value, and a note under it."""

    def __init__(self, caption: str, tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setToolTip(tip)
        self.caption = QLabel(caption.upper(), self)
        self.caption.setStyleSheet(f"color: {MUTED}; font-size: 8pt; letter-spacing: 1px;")
        self.value = QLabel("—", self)
        self.value.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.note = QLabel("", self)
        self.note.setStyleSheet(f"color: {MUTED}; font-size: 8pt;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 2, 16, 2)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def set(self, value: str, note: str = "", colour: str | None = None) -> None:
        self.value.setText(value)
        style = "font-size: 13pt; font-weight: 600;"
        self.value.setStyleSheet(style + (f" color: {colour};" if colour else ""))
        self.note.setText(note)


class DetailHeader(QWidget):
    def __init__(self, context: PortfolioContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dot = QLabel(self)
        self.dot.setFixedWidth(16)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setObjectName("detail_title")
        self.figures = {
            "latest": Figure("Latest", "The latest measurement on or before the as-of date"),
            "realisation": Figure("Realisation", "Share of the committed improvement achieved"),
            "variance": Figure(
                "Variance", "Latest actual against plan, in % of the committed improvement"
            ),
            "forecast": Figure(
                "Forecast", "Trend of the last measurements, read at the target date"
            ),
            "due": Figure("Next due", "When the next figure falls due"),
            "value": Figure("Realised value", "Financial value realised so far, of the committed"),
        }
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.dot)
        top.addWidget(self.title, 1)
        strip = QWidget(self)  # clips the last figures rather than widen the window
        strip.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for figure in self.figures.values():
            figure.setParent(strip)
            row.addWidget(figure)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(strip)

    def text(self) -> str:
        """The header in plain words (what a screen reader or a test reads)."""
        return self.title.accessibleName()

    def show_empty(self, message: str) -> None:
        self.dot.clear()
        self.title.setText(f"<span style='color:{MUTED}; font-size: 12pt'>{message}</span>")
        self.title.setAccessibleName(message)
        for figure in self.figures.values():
            figure.hide()

    def show_new(self, code: str) -> None:
        self.show_empty(f"New benefit {code} — fill in the definition and press Apply")

    def show_row(self, row: Any, result: BenefitResult | None) -> None:
        snapshot = self.context.report.snapshot
        owner = snapshot.person_name(row.owner_id)
        status, colour, flag = status_phrase(result, str(row.status.value))
        parts = [f"{row.code} {row.title}", f"owner {owner}" if owner else "no owner"]
        if status:
            parts.append(" · ".join(p for p in (status, flag) if p))
        self.title.setAccessibleName(" — ".join(parts))
        owner_html = (
            f"owner {_esc(owner)}" if owner else "<span style='color:#b91c1c'>no owner</span>"
        )
        html = (
            f"<span style='font-size: 12pt'><b>{_esc(row.code)}</b> {_esc(row.title)}</span>"
            f"<span style='color:{MUTED}'> — {owner_html}</span>"
        )
        if status:
            html += f" — <span style='color:{colour}'>{_esc(status)}</span>"
        if flag:
            html += f" · <span style='color:{ATTENTION_COLOUR}'>{_esc(flag)}</span>"
        self.title.setText(html)
        self.title.setToolTip(self.text())
        shown = result.status if result is not None else Status.UNDEFINED
        self.dot.setPixmap(dot(STATUS_COLOURS[shown]).pixmap(12, 12))
        self._figures(row, result)

    def _figures(self, row: Any, result: BenefitResult | None) -> None:
        for figure in self.figures.values():
            figure.show()
        unit = row.unit
        f = self.figures
        if result is None:
            for figure in f.values():
                figure.set("—")
            return
        f["latest"].set(quantity(result.latest_value, unit), day(result.latest_date, none=""))
        target = f"target {quantity(row.target, unit)}" if row.target is not None else ""
        f["realisation"].set(pct(result.realisation_pct), target)
        colour = variance_colour(result.variance_pct, self.context.report.thresholds)
        f["variance"].set(pct(result.variance_pct, signed=True), "against plan", colour)
        if result.forecast_value is not None:
            by = f" by {month(row.target_date)}" if row.target_date else ""
            f["forecast"].set(
                quantity(result.forecast_value, unit),
                f"{pct(result.forecast_realisation_pct)} of target{by}",
            )
        else:
            f["forecast"].set("—", "needs 3 measurements")
        if result.next_due is not None:
            overdue = OVERDUE_COLOUR if result.overdue else None
            f["due"].set(day(result.next_due), "overdue" if result.overdue else "", overdue)
        else:
            f["due"].set("—", "nothing due")
        currency = self.context.currency
        if result.committed_value is not None:
            f["value"].set(
                money(result.realised_value, currency, compact=True),
                f"of {money(result.committed_value, currency, compact=True)} committed",
            )
        else:
            f["value"].set("—", "no financial value")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
