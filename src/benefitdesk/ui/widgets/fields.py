"""Input widgets that say what is wrong while the user types, and a message line.

Every field has the same small protocol — ``value()``, ``set_value()``, ``error()``
(a parse problem in what was typed) and an ``edited`` signal — so forms and dialogs
can treat a number, a date and a person alike.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.exchange.dates import parse_date as read_date
from benefitdesk.exchange.errors import CellError, show
from benefitdesk.exchange.numbers import parse_number
from benefitdesk.present.formats import day
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.layouts import clear_layout

ERROR, WARNING, INFO = "error", "warning", "info"
Message = tuple[str, str]  # (level, text)
TEXT_COLOURS = {ERROR: "#b91c1c", WARNING: "#92400e", INFO: "#475569"}


def parse_value(text: str) -> float | None:
    """A number as people type it, read by the import's own parser, so `1,23`, `£1,200`,
    `(1,200)` and `1.2m` mean the same here as in a spreadsheet (docs/import.md)."""
    try:
        return parse_number(text)
    except CellError:
        return None


def value_error(text: str) -> str | None:
    """Why typed text is not a number, in the import's words; None when it is one or
    when nothing is typed."""
    if not text.strip():
        return None
    try:
        number = parse_number(text)
    except CellError as exc:
        return f"{exc}: type e.g. 1,250.5"
    return None if number is not None else f"{show(text.strip())} means no value: leave it empty"


def parse_date(text: str) -> date | None:
    """A date as people type it, read by the import's own date parser: 2026-03-31,
    31/03/2026, 31 Mar 2026, and periods as their end (Mar-2026 is 31 Mar 2026)."""
    try:
        return read_date(text)
    except CellError:
        return None


def date_error(text: str) -> str | None:
    """Why typed text is not a date, in the import's words (None: it is one, or empty)."""
    if not text.strip():
        return None
    try:
        day = read_date(text)
    except CellError as exc:
        return f"{exc}: type e.g. 31 Mar 2026 or 2026-03-31"
    return None if day is not None else f"{show(text.strip())} means no date: leave it empty"


def python_date(day: QDate) -> date:
    """A QDate as a date (PySide's ``toPython`` is typed as returning any object)."""
    return date(day.year(), day.month(), day.day())


def line_edit(combo: QComboBox) -> QLineEdit:
    """The line edit of an editable combo box (Qt makes one in ``setEditable(True)``)."""
    editor = combo.lineEdit()
    assert editor is not None, "the combo box is not editable"
    return editor


def fmt_date(value: date | None) -> str:
    """A date as a field shows it (present.formats.day: ``5 Jun 2026``); empty for none."""
    return day(value, none="")


class TextField(QLineEdit):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "", limit: int = 0):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        if limit:
            self.setMaxLength(limit)
        self.textChanged.connect(self.edited)

    def value(self) -> str | None:
        return self.text().strip() or None

    def set_value(self, value: str | None) -> None:
        self.setText(value or "")

    def error(self) -> str | None:
        return None


class NumberField(QLineEdit):
    """A number with thousands separators, currency-free; blank means not set."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "e.g. 1,250.5"):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textChanged.connect(self.edited)
        self.editingFinished.connect(self._tidy)
        self._shown: tuple[str, float] | None = None

    def value(self) -> float | None:
        if self._shown is not None and self.text() == self._shown[0]:
            return self._shown[1]  # exactly what was loaded, not its rounded display
        return parse_value(self.text()) if self.text().strip() else None

    def set_value(self, value: float | None) -> None:
        text = "" if value is None else f"{value:,.12g}"
        self._shown = None if value is None else (text, value)
        self.setText(text)

    def error(self) -> str | None:
        return value_error(self.text())

    def _tidy(self) -> None:
        value = self.value()
        if value is not None:
            self.set_value(value)


class DateField(QLineEdit):
    """A typed date with a calendar button; blank means not set."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "dd mmm yyyy"):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.textChanged.connect(self.edited)
        self.editingFinished.connect(self._tidy)
        action = self.addAction(icon("calendar"), QLineEdit.ActionPosition.TrailingPosition)
        action.setToolTip("Pick a date (Alt+Down)")
        action.triggered.connect(self.show_calendar)
        self._calendar: QCalendarWidget | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        return QSize(
            max(130, self.fontMetrics().horizontalAdvance("31 Sep 2026") + 48), hint.height()
        )

    def value(self) -> date | None:
        return parse_date(self.text()) if self.text().strip() else None

    def set_value(self, value: date | None) -> None:
        self.setText(fmt_date(value))

    def error(self) -> str | None:
        return date_error(self.text())

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        if self.isReadOnly() or not self.isEnabled():
            return
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setGridVisible(True)
        current = self.value() or date.today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.activated.connect(lambda d: self._picked(calendar, d))
        calendar.clicked.connect(lambda d: self._picked(calendar, d))
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.show()
        calendar.setFocus()
        self._calendar = calendar

    def _picked(self, calendar: QCalendarWidget, day: QDate) -> None:
        self.set_value(python_date(day))
        calendar.close()
        calendar.deleteLater()
        self._calendar = None
        self.setFocus()

    def _tidy(self) -> None:
        value = self.value()
        if value is not None:
            self.set_value(value)


class ChoiceField(QComboBox):
    """An enumeration (or any list of values); ``blank`` adds a "not set" entry.

    Values are kept on the Python side: item data would turn a StrEnum into a str.
    """

    edited = Signal()

    def __init__(
        self,
        choices: list[tuple[str, Any]] | type[Enum],
        parent: QWidget | None = None,
        *,
        blank: str | None = None,
    ):
        super().__init__(parent)
        self._values: list[Any] = []
        if isinstance(choices, type):
            choices = [(str(m.value).capitalize(), m) for m in choices]
        if blank is not None:
            self.add_choice(blank, None)
        for text, value in choices:
            self.add_choice(text, value)
        self.currentIndexChanged.connect(self.edited)

    def add_choice(self, text: str, value: Any) -> None:
        self._values.append(value)
        self.addItem(text)

    def clear_choices(self) -> None:
        self._values.clear()
        self.clear()

    def value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def set_value(self, value: Any) -> None:
        for i, candidate in enumerate(self._values):
            if candidate == value:
                self.setCurrentIndex(i)
                return
        self.setCurrentIndex(0)

    def error(self) -> str | None:
        return None

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 (matches QLineEdit)
        self.setEnabled(not read_only)


class PersonField(QComboBox):
    """Pick a person or type a new name (the service adds new people)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "Name"):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line_edit(self).setPlaceholderText(placeholder)
        line_edit(self).setClearButtonEnabled(True)
        completer = self.completer()
        assert completer is not None  # an editable combo box has one
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.editTextChanged.connect(self.edited)
        self._names: list[str] = []

    def set_people(self, names: list[str]) -> None:
        text = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItems(names)
        self._names = list(names)
        self.setEditText(text)
        self.blockSignals(False)

    def is_new(self) -> bool:
        name = " ".join(self.currentText().split()).casefold()
        return bool(name) and name not in {n.casefold() for n in self._names}

    def value(self) -> str | None:
        return " ".join(self.currentText().split()) or None

    def set_value(self, value: str | None) -> None:
        self.setEditText(value or "")

    def error(self) -> str | None:
        return None

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 (matches QLineEdit)
        self.setEnabled(not read_only)


class MemoField(QPlainTextEdit):
    """A few lines of prose; Tab moves on rather than typing a tab."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "", lines: int = 3):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(height + self.fontMetrics().lineSpacing() * 2)
        self.textChanged.connect(self.edited)

    def value(self) -> str | None:
        return self.toPlainText().strip() or None

    def set_value(self, value: str | None) -> None:
        self.setPlainText(value or "")

    def error(self) -> str | None:
        return None


class WrapLabel(QLabel):
    """A word-wrapped label whose layouts know its height depends on its width.

    Qt 6 sets word wrap without the height-for-width flag in the size policy, so
    nested form layouts give the label one line and clip the rest; this sets it.
    """

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)


class FieldMessage(QWidget):
    """The messages beside one field: an icon per message and wrapped text."""

    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 1, 0, 2)
        self._layout.setSpacing(1)
        self.messages: list[Message] = []
        self.hide()

    def set_messages(self, messages: list[Message]) -> None:
        if messages == self.messages:
            return
        self.messages = list(messages)
        clear_layout(self._layout)
        for level, text in messages:
            self._layout.addWidget(self._line(level, text))
        self.setVisible(bool(messages))

    def text(self) -> str:
        return "\n".join(text for _level, text in self.messages)

    def _line(self, level: str, text: str) -> QWidget:
        line = QWidget(self)
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        mark = QLabel(line)
        mark.setPixmap(icon(level).pixmap(14, 14))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        mark.setFixedWidth(16)
        mark.setContentsMargins(0, 1, 0, 0)
        label = WrapLabel(text, line)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        label.linkActivated.connect(self.link_activated)
        label.setStyleSheet(f"color: {TEXT_COLOURS[level]}; font-size: 90%;")
        row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        return line


def with_message(field: QWidget, message: FieldMessage, *extra: QWidget) -> QWidget:
    """``field`` (and any widgets beside it) with its message line underneath."""
    box = QWidget(field.parentWidget())
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    if extra:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(field, 1)
        for widget in extra:
            row.addWidget(widget)
        column.addLayout(row)
    else:
        column.addWidget(field)
    column.addWidget(message)
    return box
