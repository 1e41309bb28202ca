"""How a sheet's values are written, when detection should not decide: the decimal
mark, day or month first, extra words meaning "no value", a multiplier, the month the
fiscal year starts and the year "Y1" is. The same options as a mapping file's
`[sheets."…".values]` (docs/mapping.md), so a saved mapping keeps them."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.importing.mapping import ValueOptions

DETECT = "Detect from the file"


def _combo(parent: QWidget, items: Sequence[tuple[str, object]], current: object) -> QComboBox:
    combo = QComboBox(parent)
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class ValueOptionsDialog(QDialog):
    """Edit one sheet's value options; `options()` is what was chosen."""

    def __init__(self, sheet: str, current: ValueOptions, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Values of {sheet}")
        self.setMinimumWidth(440)
        self.current = current
        self.decimal = _combo(
            self,
            [(DETECT, None), ("Point: 1,234.5", "."), ("Comma: 1.234,5", ",")],
            current.decimal,
        )
        self.day_first = _combo(
            self,
            [(DETECT, None), ("Day first: 03/04 is 3 April", True), ("Month first", False)],
            current.day_first,
        )
        self.blank = QLineEdit(", ".join(current.blank), self)
        self.blank.setPlaceholderText("e.g. Pending, Not yet due")
        self.multiplier = QDoubleSpinBox(self)
        self.multiplier.setRange(0, 1e9)
        self.multiplier.setDecimals(4)
        self.multiplier.setSpecialValueText("none")
        self.multiplier.setValue(current.multiplier or 0)
        months = [(DETECT, None)] + [(calendar.month_name[m], m) for m in range(1, 13)]
        self.fiscal = _combo(self, months, current.fiscal_year_start)
        self.start_year = QSpinBox(self)
        self.start_year.setRange(0, 2200)
        self.start_year.setSpecialValueText("none")
        self.start_year.setValue(current.start_year or 0)
        form = QFormLayout()
        form.addRow("&Decimal mark:", self.decimal)
        form.addRow("D&ates:", self.day_first)
        form.addRow("&Words for no value:", self.blank)
        form.addRow("&Multiply numbers by:", self.multiplier)
        form.addRow("&Fiscal year starts in:", self.fiscal)
        form.addRow('"Y1" is the &year:', self.start_year)
        note = QLabel("Saved with the mapping, as its values section.", self)
        note.setStyleSheet("color: #475569;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def options(self) -> ValueOptions:
        words = tuple(w.strip() for w in self.blank.text().split(",") if w.strip())
        return replace(
            self.current,
            decimal=self.decimal.currentData(),
            day_first=self.day_first.currentData(),
            blank=words,
            multiplier=self.multiplier.value() or None,
            fiscal_year_start=self.fiscal.currentData(),
            start_year=self.start_year.value() or None,
        )
