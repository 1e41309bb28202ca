"""Small widgets the import steps share: a page heading, a message box in the page,
a combo the mouse wheel cannot change by accident, a spin box that keeps Enter."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.ui.widgets.fields import TEXT_COLOURS

HEADING_STYLE = "font-size: 13pt; font-weight: 600; color: #0f172a;"
SUBTITLE_STYLE = "color: #475569;"
BOX_STYLES = {
    "error": "background: #fef2f2; border: 1px solid #fecaca; border-radius: 4px; padding: 6px;",
    "warning": "background: #fffbeb; border: 1px solid #fde68a; border-radius: 4px; padding: 6px;",
    "info": "background: #f1f5f9; border: 1px solid #e2e8f0; border-radius: 4px; padding: 6px;",
    "ok": "background: #f0fdf4; border: 1px solid #bbf7d0; border-radius: 4px; padding: 6px;",
}


class Heading(QWidget):
    """A page's title and one line on what the step is for."""

    def __init__(self, title: str, subtitle: str, parent: QWidget):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        self.title = QLabel(title, self)
        self.title.setStyleSheet(HEADING_STYLE)
        self.subtitle = QLabel(subtitle, self)
        self.subtitle.setStyleSheet(SUBTITLE_STYLE)
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)


class Notice(QLabel):
    """A tinted box of lines in a page: errors, warnings or a plain note."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.level = ""
        self.hide()

    def show_lines(self, level: str, lines: list[str], intro: str = "") -> None:
        if not lines and not intro:
            self.clear()
            self.level = ""
            self.hide()
            return
        colour = TEXT_COLOURS.get(level, "#0f172a")
        parts = [f"<b>{html.escape(intro)}</b>"] if intro else []
        parts += [html.escape(line) for line in lines]
        self.setText(f"<span style='color:{colour}'>" + "<br>".join(parts) + "</span>")
        self.setStyleSheet(BOX_STYLES.get(level, BOX_STYLES["info"]))
        self.level = level
        self.show()


STEP_STYLES = {
    "current": "color: #0f172a; font-weight: 600; border-bottom: 2px solid #2563eb;",
    "done": "color: #15803d; border-bottom: 2px solid transparent;",
    "todo": "color: #94a3b8; border-bottom: 2px solid transparent;",
}


class StepBar(QWidget):
    """ "1 File  2 Sheets and columns  3 Check  4 Import", the current step underlined,
    those done in green, over a thin rule."""

    def __init__(self, steps: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.labels = [QLabel(f"{i + 1}  {name}", self) for i, name in enumerate(steps)]
        row = QHBoxLayout()
        row.setSpacing(22)
        for label in self.labels:
            label.setContentsMargins(0, 2, 0, 4)
            row.addWidget(label)
        row.addStretch(1)
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #e2e8f0;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(row)
        layout.addWidget(rule)

    def set_current(self, step: int) -> None:
        for i, label in enumerate(self.labels):
            state = "current" if i == step else "done" if i < step else "todo"
            label.setStyleSheet(STEP_STYLES[state])


class QuietCombo(QComboBox):
    """Ignores the mouse wheel unless it has focus: scrolling a table of combos must not
    change what a column is read as."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class RowSpinBox(QSpinBox):
    """Enter applies the number and stays here (instead of pressing the dialog's
    default button); the wheel only turns it when focused."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setKeyboardTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()

    def wheelEvent(self, event: Any) -> None:  # noqa: N802
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
