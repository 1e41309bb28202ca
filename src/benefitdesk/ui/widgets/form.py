"""Forms as sets of named fields, and the dialog every record editor is built on.

A :class:`FieldSet` reads and writes all fields at once and routes each message to
the line under its field; :class:`RecordDialog` adds validation as you type (for the
fields touched so far, all of them once the user tries to save) and hands the values
to a ``submit`` callable — a refused save keeps the dialog open with the service's
reasons beside the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.errors import ServiceError
from benefitdesk.ui.widgets.fields import ERROR, FieldMessage, Message, with_message


class FieldSet:
    """Named fields and the message line each one's problems appear in."""

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}
        self.lines: dict[str, FieldMessage] = {}
        self.general = FieldMessage()

    def add(self, key: str, field: Any, line: FieldMessage | None = None) -> FieldMessage:
        """Register ``field``; its messages go to ``line`` (shared by compound rows)."""
        self.fields[key] = field
        self.lines[key] = line or FieldMessage()
        return self.lines[key]

    def values(self) -> dict[str, Any]:
        return {key: field.value() for key, field in self.fields.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if key in self.fields:
                field = self.fields[key]
                field.blockSignals(True)
                field.set_value(value)
                field.blockSignals(False)

    def parse_errors(self) -> dict[str, str]:
        errors = {key: field.error() for key, field in self.fields.items()}
        return {key: text for key, text in errors.items() if text}

    def show(self, messages: dict[str, list[Message]]) -> None:
        """Put each key's messages under its field; unknown keys go to the general line."""
        by_line: dict[int, list[Message]] = {id(line): [] for line in self.lines.values()}
        general: list[Message] = []
        for key, found in messages.items():
            line = self.lines.get(key)
            target = by_line[id(line)] if line is not None else general
            target.extend(m for m in found if m not in target)
        for line in {id(line): line for line in self.lines.values()}.values():
            line.set_messages(by_line[id(line)])
        self.general.set_messages(general)

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            field.setReadOnly(read_only)


class RecordDialog(QDialog):
    """A small form for one record: Enter (or Ctrl+Enter) saves, Esc cancels."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None,
        *,
        make: Callable[[dict[str, Any]], Any],
        validate: Callable[[Any], dict[str, str]],
        accept_text: str = "Save",
        intro: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.make, self.validate = make, validate
        self.submit: Callable[[Any], object] | None = None
        self.aliases: dict[str, str] = {}  # a service's problem key -> this dialog's field
        self.fieldset = FieldSet()
        self.touched: set[str] = set()
        self._tried = False
        self.refused: dict[str, str] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(accept_text)
        self.save_button.setToolTip(f"{accept_text.replace('&', '')} (Enter)")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro, self)
            text.setWordWrap(True)
            text.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.fieldset.general)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.try_accept)
        self.setMinimumWidth(460)

    # -- building -------------------------------------------------------------
    def add_field(self, key: str, label: str, field: Any, *extra: QWidget) -> Any:
        field.setParent(self)
        line = self.fieldset.add(key, field)
        self.form.addRow(label, with_message(field, line, *extra))
        field.edited.connect(lambda k=key: self._edited(k))
        return field

    def add_to_line(self, key: str, field: Any, of: str) -> Any:
        """A second field shown in the row of ``of``, sharing its message line."""
        self.fieldset.add(key, field, self.fieldset.lines[of])
        field.edited.connect(lambda k=key: self._edited(k))
        return field

    def set_values(self, values: dict[str, Any]) -> None:
        self.fieldset.set_values(values)
        self._check()

    # -- validation -----------------------------------------------------------
    def _edited(self, key: str) -> None:
        self.touched.add(key)
        self.refused.pop(key, None)
        self._check()

    def data(self) -> Any | None:
        """The record as typed, or None while a field does not parse."""
        if self.fieldset.parse_errors():
            return None
        return self.make(self.fieldset.values())

    def problems(self) -> dict[str, str]:
        problems = dict(self.fieldset.parse_errors())
        if not problems:
            problems = self.validate(self.make(self.fieldset.values()))
        return problems

    def extra_messages(self) -> dict[str, list[Message]]:
        """Hints a dialog adds beside its fields (e.g. "replaces the value ...")."""
        return {}

    def _check(self) -> dict[str, str]:
        problems = {**self.problems(), **self.refused}
        shown: dict[str, list[Message]] = {
            key: [(ERROR, text)]
            for key, text in problems.items()
            if self._tried or key in self.touched or key in self.refused
        }
        for key, hints in self.extra_messages().items():
            shown.setdefault(key, []).extend(hints)
        self.fieldset.show(shown)
        return problems

    def try_accept(self) -> bool:
        """Save if every field is valid and the service accepts; else say why."""
        self._tried = True
        self.refused = {}
        if self._check():
            self._focus_first_problem()
            return False
        data = self.data()
        if self.submit is not None:
            try:
                self.submit(data)
            except ServiceError as refused:
                self.refused = {
                    self.aliases.get(key, key): text for key, text in refused.problems.items()
                } or {"": str(refused)}
                if "" not in self.refused and not set(self.refused) & set(self.fieldset.fields):
                    self.refused[""] = str(refused)
                self._check()
                self._focus_first_problem()
                return False
        self.accept()
        return True

    def _focus_first_problem(self) -> None:
        problems = {**self.problems(), **self.refused}
        for key, field in self.fieldset.fields.items():
            if key in problems:
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                return
