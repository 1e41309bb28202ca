"""Regression: PySide6 6.12.0 on Python 3.11 leaks a reference to None per paint.

After ~16,000 Python-side ``paintEvent`` calls the interpreter aborts with
``Fatal Python error: none_dealloc`` (measured on PySide6 6.12.0 with Python 3.11). The pin in
pyproject.toml avoids that release; this test catches any drift should it return.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

pytestmark = pytest.mark.gui


class PaintedWidget(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.drawLine(0, 0, self.width(), self.height())
        painter.end()
        self.paints += 1


def test_painting_does_not_drain_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = PaintedWidget()
    qtbot.addWidget(widget)
    widget.resize(64, 64)
    canvas = QPixmap(64, 64)
    for _ in range(50):  # warm up caches that legitimately hold None
        widget.render(canvas)
    before = sys.getrefcount(None)
    for _ in range(3000):
        widget.render(canvas)  # each render calls the Python paintEvent
    after = sys.getrefcount(None)
    assert widget.paints >= 3000
    # A leaking binding loses one reference per paint (-3000); allow small noise.
    assert after >= before - 100, f"None refcount fell by {before - after} over 3000 paints"
