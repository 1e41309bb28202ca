"""Colours and labels shared by every view, so a status looks the same everywhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from benefitdesk.analysis.types import RiskReason, Status

STATUS_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.NO_DATA: "No data",
    Status.REALISED: "Realised",
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.OFF_TRACK: "Off track",
    Status.UNDEFINED: "Undefined",
}
STATUS_COLOURS = {
    Status.NOT_STARTED: "#9aa5b1",
    Status.NO_DATA: "#7b8794",
    Status.REALISED: "#2563eb",
    Status.ON_TRACK: "#16a34a",
    Status.AT_RISK: "#d97706",
    Status.OFF_TRACK: "#dc2626",
    Status.UNDEFINED: "#9333ea",
}
REASON_LABELS = {
    RiskReason.BEHIND_PLAN: "behind plan",
    RiskReason.OVERDUE: "measurement overdue",
    RiskReason.FORECAST: "forecast short of target",
    RiskReason.INDICATOR: "leading indicator off plan",
}

_dots: dict[str, QIcon] = {}


def dot(colour: str, size: int = 12) -> QIcon:
    """A filled circle icon, cached per colour."""
    if colour not in _dots:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(colour))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, size - 2, size - 2)
        painter.end()
        _dots[colour] = QIcon(pixmap)
    return _dots[colour]


def status_icon(status: Status) -> QIcon:
    return dot(STATUS_COLOURS[status])


def risk_text(reasons: tuple[RiskReason, ...]) -> str:
    return ", ".join(REASON_LABELS[r] for r in reasons)


def fmt_pct(value: float | None, signed: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:+.1f} %" if signed else f"{value:.1f} %"


def fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.4g}" if value != int(value) else f"{int(value):,}"
