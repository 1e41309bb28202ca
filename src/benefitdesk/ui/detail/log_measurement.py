"""Log a measurement in a few keystrokes: the value, Enter.

The benefit defaults to the selected one and the date to its next due period end,
so the usual monthly update is: Ctrl+M, type the figure, Enter. A figure far outside
the benefit's usual range is questioned once before it is saved (ui.detail.unusual).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from benefitdesk.analysis.periods import next_period_end, period_end
from benefitdesk.analysis.types import PERIOD_DAYS
from benefitdesk.present import formats
from benefitdesk.present.formats import quantity
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.detail.unusual import UnusualValueCheck
from benefitdesk.ui.widgets.fields import parse_value, python_date, value_error

ERROR_COLOUR, WARNING_COLOUR = "#dc2626", "#b45309"


def default_date(context: PortfolioContext, benefit_id: int) -> date:
    """The next period end after the latest measurement; for a first figure, the end
    of the last completed period (owners report last month's figure this month)."""
    row = context.benefit_row(benefit_id)
    result = context.result_for(benefit_id)
    frequency = row.frequency.value if row is not None and row.frequency else "monthly"
    if result is not None and result.latest_date is not None:
        return next_period_end(result.latest_date, frequency)
    current = period_end(context.as_of, frequency)
    if current <= context.as_of:
        return current
    return period_end(context.as_of - timedelta(days=PERIOD_DAYS[frequency]), frequency)


class LogMeasurementDialog(QDialog):
    def __init__(
        self,
        context: PortfolioContext,
        benefit_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Log measurement")
        self.context = context
        self.benefit = QComboBox(self)
        self.benefit.setEditable(True)
        self.benefit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for row in context.report.snapshot.benefits:
            if row.status.value not in ("cancelled", "closed"):
                self.benefit.addItem(f"{row.code} — {row.title}", row.id)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd MMM yyyy")
        self.value = QLineEdit(self)
        self.value.setPlaceholderText("e.g. 24.5")
        self.unit = QLabel(self)
        self.latest = QLabel(self)
        self.latest.setStyleSheet("color: palette(placeholder-text);")
        self.future = QLabel(self)
        self.future.setWordWrap(True)
        self.future.setStyleSheet("color: #b45309;")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("optional: what explains this figure")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.unusual = UnusualValueCheck(self.save)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Benefit", self.benefit)
        form.addRow("Period &end", self.day)
        form.addRow("&Value", self.value)
        form.addRow("", self.unit)
        form.addRow("", self.latest)
        form.addRow("", self.future)
        form.addRow("&Note", self.note)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.benefit.currentIndexChanged.connect(self._benefit_changed)
        self.value.textChanged.connect(self._validate)
        self.day.dateChanged.connect(self._date_changed)
        if benefit_id is not None:
            found = self.benefit.findData(benefit_id)
            if found >= 0:
                self.benefit.setCurrentIndex(found)
        self._benefit_changed()
        self._validate()
        self.value.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(440)

    def benefit_id(self) -> int | None:
        data = self.benefit.currentData()
        return int(data) if data is not None else None

    def _benefit_changed(self) -> None:
        benefit_id = self.benefit_id()
        if benefit_id is None:
            return
        row = self.context.benefit_row(benefit_id)
        result = self.context.result_for(benefit_id)
        day = default_date(self.context, benefit_id)
        self.day.setDate(QDate(day.year, day.month, day.day))
        measure = (row.measure or "value") if row else "value"
        self.unit.setText(f"{measure} in {row.unit}" if row is not None and row.unit else measure)
        if result is not None and result.latest_date is not None:
            self.latest.setText(
                f"Latest: {quantity(result.latest_value, row.unit if row else None)} "
                f"on {formats.day(result.latest_date)}"
            )
        else:
            self.latest.setText("No measurement yet")
        recent = [value for _day, value in self.context.series(benefit_id)]
        self.unusual = UnusualValueCheck(
            self.save,
            recent,
            baseline=row.baseline if row else None,
            target=row.target if row else None,
            unit=row.unit if row else None,
        )
        self._validate()

    def _date_changed(self) -> None:
        day = python_date(self.day.date())
        self.future.setText(
            f"This period ends after today: the figure counts from {formats.day(day)}."
            if day > self.context.as_of
            else ""
        )
        self.adjustSize()

    def _validate(self) -> bool:
        value = parse_value(self.value.text())
        ok = value is not None
        if ok:
            self.error.setText(self.unusual.warning(value))
            self.error.setStyleSheet(f"color: {WARNING_COLOUR};")
        else:
            self.error.setText(value_error(self.value.text()) or "")
            self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.save.setEnabled(ok)
        self.adjustSize()  # a message of two lines must not be cut off
        return ok

    def values(self) -> tuple[str, date, float, str | None]:
        benefit_id = self.benefit_id()
        row = self.context.benefit_row(benefit_id) if benefit_id is not None else None
        value = parse_value(self.value.text())
        assert row is not None and value is not None
        return row.code, python_date(self.day.date()), value, self.note.text().strip() or None

    def _accept(self) -> None:
        if self.benefit_id() is None:
            self.error.setText("Choose a benefit")
            self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
            return
        if self._validate() and not self.unusual.must_ask(parse_value(self.value.text())):
            self.accept()
        else:
            self.value.setFocus()
