"""The Measurements tab: every figure of the benefit against its plan.

Log (Insert, or Ctrl+M anywhere) opens the log dialog with the next due period end
filled in, so a monthly update is: type the value, Enter. Edit corrects a date, value
or note; Delete asks first. Every change is an undoable command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout

from benefitdesk.analysis.lines import measurement_lines
from benefitdesk.analysis.types import Point, Thresholds
from benefitdesk.model import MeasurementSource
from benefitdesk.present.formats import moment, number, pct
from benefitdesk.services import inputs
from benefitdesk.services.measurements import MeasurementRecord, measurement_records
from benefitdesk.services.records import update_measurement
from benefitdesk.ui.commands import log_measurement_command
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.detail.commands import delete_command, edit_command
from benefitdesk.ui.detail.log_measurement import LogMeasurementDialog
from benefitdesk.ui.detail.measurement_dialog import MeasurementDialog, MeasurementFields
from benefitdesk.ui.resources import icon
from benefitdesk.ui.style import variance_colour
from benefitdesk.ui.widgets.fields import fmt_date
from benefitdesk.ui.widgets.table import RecordModel, RecordTable


@dataclass(frozen=True, slots=True)
class MeasurementRow:
    id: int
    date: date
    value: float
    realisation_pct: float | None
    planned: float | None
    variance_pct: float | None
    source: MeasurementSource
    note: str | None
    recorded_by: str | None
    recorded_at: datetime | None
    row_version: int | None = None


def measurement_rows(
    records: list[MeasurementRecord], benefit: Any, snapshot: Any
) -> list[MeasurementRow]:
    """Each measurement with its realisation, planned value and variance %."""
    b = inputs.benefit_input(snapshot, benefit)
    lines = measurement_lines(b, [Point(r.date, r.value) for r in records])
    return [
        MeasurementRow(
            r.id,
            r.date,
            r.value,
            line.realisation_pct,
            line.planned,
            line.variance_pct,
            r.source,
            r.note,
            r.recorded_by,
            r.recorded_at,
            r.row_version,
        )
        for r, line in zip(records, lines, strict=True)
    ]


class MeasurementModel(RecordModel):
    COL_DATE, COL_VALUE, COL_REALISATION, COL_PLANNED, COL_VARIANCE = range(5)
    COL_SOURCE, COL_BY, COL_NOTE = range(5, 8)
    HEADERS = (
        "Period end",
        "Value",
        "Real. %",
        "Planned",
        "Var. %",
        "Source",
        "Recorded by",
        "Note",
    )
    NUMERIC = frozenset({COL_VALUE, COL_REALISATION, COL_PLANNED, COL_VARIANCE})

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.thresholds = Thresholds()

    def display(self, row: MeasurementRow, col: int) -> str:
        match col:
            case self.COL_DATE:
                return fmt_date(row.date)
            case self.COL_VALUE:
                return number(row.value, none="")
            case self.COL_REALISATION:
                return pct(row.realisation_pct, none="")
            case self.COL_PLANNED:
                return number(None if row.planned is None else round(row.planned, 4), none="")
            case self.COL_VARIANCE:
                return pct(row.variance_pct, signed=True, none="")
            case self.COL_SOURCE:
                return str(row.source.value).capitalize()
            case self.COL_NOTE:
                return row.note or ""
            case self.COL_BY:
                return row.recorded_by or ""
        return ""

    def sort_key(self, row: MeasurementRow, col: int) -> Any:
        numbers = {
            self.COL_VALUE: row.value,
            self.COL_REALISATION: row.realisation_pct,
            self.COL_PLANNED: row.planned,
            self.COL_VARIANCE: row.variance_pct,
        }
        if col == self.COL_DATE:
            return row.date.toordinal()
        if col in numbers:
            value = numbers[col]
            return value if value is not None else -1e18
        return super().sort_key(row, col)

    def foreground(self, row: MeasurementRow, col: int) -> Any:
        if col == self.COL_VARIANCE:
            colour = variance_colour(row.variance_pct, self.thresholds)
            return QColor(colour) if colour else None
        return None

    def tooltip(self, row: MeasurementRow, col: int) -> str | None:
        if col == self.COL_NOTE and row.note:
            return row.note
        if col == self.COL_BY and row.recorded_at:
            return f"Recorded {moment(row.recorded_at)} by {row.recorded_by or 'unknown'}"
        return None


class MeasurementsTab(DetailTab):
    EDITS = "records"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.model = MeasurementModel(self)
        self.table = RecordTable(
            "Measurements",
            self.model,
            self,
            empty="No measurements yet. Log the first figure (Insert).",
            add=("Log…", self.log),
            edit=self.edit,
            delete=self.delete,
            widths=(100, 90, 70, 90, 70, 70, 110),
            newest_first=True,
        )
        self.table.act_add.setIcon(icon("log-measurement"))
        self.table.act_add.setToolTip("Log a measurement (Ins; Ctrl+M from anywhere)")
        self.summary = QLabel(self)
        self.summary.setStyleSheet("color: #475569;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def refresh(self) -> None:
        row = self.row()
        if row is None:
            self.table.set_rows([])
            self.summary.setText("")
            return
        records = measurement_records(self.context.store, benefit_id=row.id)
        self.model.thresholds = self.context.report.thresholds
        self.table.set_rows(measurement_rows(records, row, self.context.report.snapshot))
        result = self.context.result_for(row.id)
        parts = [f"{len(records)} measurement{'s' if len(records) != 1 else ''}"]
        if row.frequency:
            parts.append(f"reported {row.frequency.value}")
        if row.unit:
            parts.append(f"in {row.unit}")
        if result is not None and result.next_due is not None:
            parts.append(
                f"next due {fmt_date(result.next_due)}" + (" (overdue)" if result.overdue else "")
            )
        self.summary.setText(" · ".join(parts))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.table.set_read_only(read_only)

    # -- edits ----------------------------------------------------------------------------
    def log(self) -> bool:
        row = self.row()
        if row is None or self.read_only:
            return False
        dialog = LogMeasurementDialog(self.context, row.id, self)
        dialog.benefit.setEnabled(False)
        if not self.prompter.run(dialog):
            return False
        code, day, value, note = dialog.values()
        return self.run(log_measurement_command(self.context, code, day, value, note))

    def edit(self, measurement: MeasurementRow) -> bool:
        row = self.row()
        if row is None:
            return False
        existing = {m.date: m.value for m in self.model.rows()}
        dialog = MeasurementDialog(
            self,
            title="Edit measurement",
            subject=f"{row.code} {row.title}",
            unit=row.unit,
            data=MeasurementFields(measurement.date, measurement.value, measurement.note),
            existing=existing,
            editing=True,
            baseline=row.baseline,
            target=row.target,
        )
        old = measurement

        def submit(data: MeasurementFields) -> None:
            day, value = data.day, data.value
            assert day is not None and value is not None
            self.push(
                edit_command(
                    self.context,
                    f"Edit {row.code} {fmt_date(old.date)}",
                    lambda **v: update_measurement(
                        self.context.store,
                        entity="measurement",
                        record_id=old.id,
                        day=day,
                        value=value,
                        note=data.note,
                        **v,
                    ),
                    lambda **v: update_measurement(
                        self.context.store,
                        entity="measurement",
                        record_id=old.id,
                        day=old.date,
                        value=old.value,
                        note=old.note,
                        source=old.source,
                        **v,
                    ),
                    row_version=old.row_version,
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete(self, measurement: MeasurementRow) -> bool:
        row = self.row()
        if row is None:
            return False
        text = f"Delete the {number(measurement.value)} logged for {fmt_date(measurement.date)}?"
        if not self.prompter.confirm(self, "Delete measurement", text + " You can undo this."):
            return False
        return self.run(
            delete_command(
                self.context,
                f"Delete {row.code} {fmt_date(measurement.date)}",
                "measurement",
                measurement.id,
            )
        )
