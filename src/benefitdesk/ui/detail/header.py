"""The detail's header: who and what the benefit is, how it stands, its key figures.

"B-002 Revenue per rep — owner Alice Chen — at risk: behind plan (−17.7 %)", then a
row of figures: latest, realisation, variance, forecast, next due, realised value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from benefitdesk.analysis.types import BenefitResult, RiskReason, Status
from benefitdesk.model.currency import currency_symbol
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.style import STATUS_COLOURS, STATUS_LABELS, dot, fmt_number

MUTED = "#64748b"


def signed_pct(value: float | None) -> str:
    """+5.5 % / −17.7 % with a true minus sign."""
    if value is None:
        return "—"
    return f"{value:+.1f} %".replace("-", "−")


def money(value: float | None, currency: str) -> str:
    if value is None:
        return "—"
    sign = currency_symbol(currency) or f"{currency} "
    size = abs(value)
    text = (
        f"{size / 1e6:.1f}m"
        if size >= 1e6
        else f"{size / 1e3:.0f}k"
        if size >= 1e4
        else f"{size:,.0f}"
    )
    return f"{'−' if value < 0 else ''}{sign}{text}"


def with_unit(value: float | None, unit: str | None) -> str:
    if value is None:
        return "—"
    text = fmt_number(round(value, 4))
    return f"{text} %" if unit and unit.strip() == "%" else text


def status_phrase(result: BenefitResult | None, lifecycle: str) -> tuple[str, str]:
    """(plain words, colour): "at risk: behind plan (−17.7 %)", "on track", "draft"."""
    if lifecycle in ("draft", "cancelled", "closed"):
        return lifecycle, MUTED
    if result is None:
        return "", MUTED
    if not result.at_risk:
        return STATUS_LABELS[result.status].lower(), STATUS_COLOURS[result.status]
    words = []
    for reason in result.risk_reasons:
        if reason is RiskReason.BEHIND_PLAN:
            words.append(f"behind plan ({signed_pct(result.variance_pct)})")
        elif reason is RiskReason.OVERDUE:
            due = f" (due {result.next_due:%d %b %Y})" if result.next_due else ""
            words.append(f"measurement overdue{due}")
        elif reason is RiskReason.FORECAST:
            words.append(f"forecast short of target ({result.forecast_realisation_pct:.0f} %)")
        elif reason is RiskReason.INDICATOR:
            names = [
                i.name for i in result.indicators if i.status in (Status.AT_RISK, Status.OFF_TRACK)
            ]
            words.append(f"leading indicator off plan ({', '.join(names)})")
    colour = STATUS_COLOURS[
        result.status if result.status in (Status.AT_RISK, Status.OFF_TRACK) else Status.AT_RISK
    ]
    return "at risk: " + ", ".join(words), colour


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
        lifecycle = str(row.status.value)
        phrase, colour = status_phrase(result, lifecycle)
        parts = [f"{row.code} {row.title}", f"owner {owner}" if owner else "no owner"]
        if phrase:
            parts.append(phrase)
        self.title.setAccessibleName(" — ".join(parts))
        owner_html = (
            f"owner {_esc(owner)}" if owner else "<span style='color:#b91c1c'>no owner</span>"
        )
        self.title.setText(
            f"<span style='font-size: 12pt'><b>{_esc(row.code)}</b> {_esc(row.title)}</span>"
            f"<span style='color:{MUTED}'> — {owner_html}</span>"
            + (f" — <span style='color:{colour}'>{_esc(phrase)}</span>" if phrase else "")
        )
        self.title.setToolTip(self.text())
        status = result.status if result is not None else Status.UNDEFINED
        self.dot.setPixmap(dot(STATUS_COLOURS[status]).pixmap(12, 12))
        self._figures(row, result)

    def _figures(self, row: Any, result: BenefitResult | None) -> None:
        for figure in self.figures.values():
            figure.show()
        unit = row.unit
        settings = self.context.report.snapshot.settings
        currency = settings.currency if settings is not None else "GBP"
        f = self.figures
        if result is None:
            for figure in f.values():
                figure.set("—")
            return
        unit_note = "" if not unit or unit.strip() == "%" else unit
        latest_note = f"{unit_note} · {result.latest_date:%d %b %Y}" if result.latest_date else ""
        f["latest"].set(with_unit(result.latest_value, unit), latest_note.strip(" ·"))
        target = f"target {with_unit(row.target, unit)}" if row.target is not None else ""
        f["realisation"].set(_pct(result.realisation_pct), target)
        colour = None
        if result.variance_pct is not None and result.status in STATUS_COLOURS:
            colour = STATUS_COLOURS[result.status] if result.variance_pct < 0 else None
        f["variance"].set(signed_pct(result.variance_pct), "against plan", colour)
        if result.forecast_value is not None:
            f["forecast"].set(
                with_unit(result.forecast_value, unit),
                f"{_pct(result.forecast_realisation_pct)} of target by {row.target_date:%b %Y}"
                if row.target_date
                else "",
            )
        else:
            f["forecast"].set("—", "needs 3 measurements")
        if result.next_due is not None:
            overdue = STATUS_COLOURS[Status.OFF_TRACK] if result.overdue else None
            f["due"].set(
                f"{result.next_due:%d %b %Y}", "overdue" if result.overdue else "", overdue
            )
        else:
            f["due"].set("—", "nothing due")
        if result.committed_value is not None:
            f["value"].set(
                money(result.realised_value, currency),
                f"of {money(result.committed_value, currency)} committed",
            )
        else:
            f["value"].set("—", "no financial value")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace("-", "−")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
