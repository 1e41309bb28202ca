"""A small drawing of the plan being edited, beside its table.

Not the benefit chart (that is on the Overview tab): just enough to see the shape of
a generated profile, how it differs from the saved plan, and where the actuals are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from benefitdesk.present.formats import month, number

Series = Sequence[tuple[date, float]]
PLAN, SAVED, ACTUAL, TARGET = "#2563eb", "#94a3b8", "#0f172a", "#16a34a"


class PlanPreview(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(260, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plan: list[tuple[date, float]] = []
        self.saved: list[tuple[date, float]] = []
        self.actuals: list[tuple[date, float]] = []
        self.target: tuple[date, float] | None = None
        self.plan_label = "Plan"
        self.saved_label = "Saved plan"

    def set_series(
        self,
        plan: Series,
        saved: Series,
        actuals: Series,
        target: tuple[date, float] | None,
        plan_label: str = "Plan",
        saved_label: str = "Saved plan",
    ) -> None:
        self.plan, self.saved, self.actuals = sorted(plan), sorted(saved), sorted(actuals)
        self.target, self.plan_label, self.saved_label = target, plan_label, saved_label
        self.update()

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        everything = [
            *self.plan,
            *self.saved,
            *self.actuals,
            *([self.target] if self.target else []),
        ]
        area = QRectF(self.rect()).adjusted(48, 24, -12, -20)
        painter.setPen(QColor("#e2e8f0"))
        painter.drawRect(area)
        if len(everything) < 2:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No plan to draw yet")
            painter.end()
            return
        days = [d.toordinal() for d, _ in everything]
        values = [v for _, v in everything]
        x0, x1 = min(days), max(days)
        y0, y1 = min(values), max(values)
        pad = (y1 - y0) * 0.08 or 1.0
        y0, y1 = y0 - pad, y1 + pad
        span_x = max(1, x1 - x0)

        def at(day: date, value: float) -> QPointF:
            x = area.left() + (day.toordinal() - x0) / span_x * area.width()
            y = area.bottom() - (value - y0) / (y1 - y0) * area.height()
            return QPointF(x, y)

        painter.setPen(self.palette().placeholderText().color())
        font = painter.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() - 1.5))
        painter.setFont(font)
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for value in (y1 - pad, y0 + pad):
            point = at(date.fromordinal(x0), value)
            label = number(round(value, 3), none="")
            painter.drawText(QRectF(0, point.y() - 8, 44, 16), right, label)
        first, last = date.fromordinal(x0), date.fromordinal(x1)
        painter.drawText(
            QRectF(area.left(), area.bottom() + 2, area.width(), 14),
            int(Qt.AlignmentFlag.AlignLeft),
            month(first),
        )
        painter.drawText(
            QRectF(area.left(), area.bottom() + 2, area.width(), 14),
            int(Qt.AlignmentFlag.AlignRight),
            month(last),
        )
        self._line(painter, [at(d, v) for d, v in self.saved], SAVED, Qt.PenStyle.DashLine)
        self._line(painter, [at(d, v) for d, v in self.plan], PLAN, Qt.PenStyle.SolidLine)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(ACTUAL))
        for d, v in self.actuals:
            painter.drawEllipse(at(d, v), 2.5, 2.5)
        if self.target is not None:
            painter.setBrush(QColor(TARGET))
            centre = at(*self.target)
            painter.drawPolygon(
                [
                    centre + QPointF(0, -5),
                    centre + QPointF(5, 0),
                    centre + QPointF(0, 5),
                    centre + QPointF(-5, 0),
                ]
            )
        self._legend(painter, area)
        painter.end()

    def _line(self, painter: QPainter, points: list[QPointF], colour: str, style: Any) -> None:
        if len(points) < 2:
            return
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        pen = QPen(QColor(colour), 2 if style == Qt.PenStyle.SolidLine else 1.5)
        pen.setStyle(style)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _legend(self, painter: QPainter, area: QRectF) -> None:
        items = [(self.plan_label, PLAN, "line")]
        if self.saved:
            items.append((self.saved_label, SAVED, "dash"))
        if self.actuals:
            items.append(("Actuals", ACTUAL, "dot"))
        if self.target:
            items.append(("Target", TARGET, "dot"))
        x = area.left()
        y = 14.0
        for text, colour, kind in items:
            pen = QPen(QColor(colour), 2)
            if kind == "dash":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            if kind == "dot":
                painter.setBrush(QColor(colour))
                painter.drawEllipse(QPointF(x + 6, y - 4), 3, 3)
            else:
                painter.drawLine(QPointF(x, y - 4), QPointF(x + 14, y - 4))
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + 18, y), text)
            x += 26 + painter.fontMetrics().horizontalAdvance(text)
