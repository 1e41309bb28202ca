"""Colours shared by every view, so a status looks the same everywhere.

The words (status labels, the "needs attention" flag and its reasons) and the way
figures are written live in ``benefitdesk.present``; this module adds what only a
screen has: colours and icons.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from benefitdesk.verdicts import Status


class Tolerances(Protocol):
    """The portfolio's tolerances a variance is coloured by (analysis.types.Thresholds,
    or the start-up cache's copy)."""

    @property
    def amber_pct(self) -> float: ...

    @property
    def red_pct(self) -> float: ...


STATUS_COLOURS = {
    Status.NOT_STARTED: "#9aa5b1",
    Status.NO_DATA: "#7b8794",
    Status.REALISED: "#2563eb",
    Status.ON_TRACK: "#16a34a",
    Status.AT_RISK: "#d97706",
    Status.OFF_TRACK: "#dc2626",
    Status.UNDEFINED: "#9333ea",
}
#: The "needs attention" flag and its reasons (apart from the amber of "At risk").
ATTENTION_COLOUR = "#c2410c"
#: A date that has passed: a figure or an action overdue.
OVERDUE_COLOUR = STATUS_COLOURS[Status.OFF_TRACK]

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


def variance_colour(variance_pct: float | None, thresholds: Tolerances) -> str | None:
    """The colour of a variance % (already favourable-signed, so a dis-benefit's
    shortfall is negative too): the colour of the status it would give — amber beyond
    the amber tolerance, red beyond the red one — and none within tolerance.

    The register, the header and the measurements table all colour through this.
    """
    if variance_pct is None or variance_pct >= -thresholds.amber_pct:
        return None
    if variance_pct >= -thresholds.red_pct:
        return STATUS_COLOURS[Status.AT_RISK]
    return STATUS_COLOURS[Status.OFF_TRACK]
