"""The Indicators tab: leading indicators of the benefit and their measurements.

Left, the indicators with their own baseline, target and status; right, the figures
of the selected one, logged, edited and deleted the same way as the benefit's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from benefitdesk.analysis.periods import next_period_end, period_end
from benefitdesk.analysis.status import is_defined, realisation
from benefitdesk.analysis.types import Status
from benefitdesk.model import Frequency
from benefitdesk.services import records
from benefitdesk.services.records import IndicatorFields, MeasurementRecord
from benefitdesk.ui.commands import log_measurement_command
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.detail.commands import add_command, delete_command, edit_command
from benefitdesk.ui.detail.table import RecordModel, RecordTable
from benefitdesk.ui.dialogs.fields import fmt_date
from benefitdesk.ui.dialogs.measurement import MeasurementDialog, MeasurementFields
from benefitdesk.ui.dialogs.records import IndicatorDialog
from benefitdesk.ui.resources import icon
from benefitdesk.ui.style import STATUS_LABELS, fmt_number, fmt_pct, status_icon


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: int
    code: str
    name: str
    unit: str | None
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    frequency: Frequency | None
    data_source: str | None
    status: Status
    latest_value: float | None
    latest_date: date | None

    def fields(self) -> IndicatorFields:
        return IndicatorFields(
            self.code,
            self.name,
            self.unit,
            self.baseline,
            self.baseline_date,
            self.target,
            self.target_date,
            self.frequency,
            self.data_source,
        )


@dataclass(frozen=True, slots=True)
class IndicatorValueRow:
    id: int
    date: date
    value: float
    realisation_pct: float | None
    note: str | None
    recorded_by: str | None
    recorded_at: datetime | None


class IndicatorModel(RecordModel):
    COL_CODE, COL_NAME, COL_BASELINE, COL_TARGET, COL_TARGET_DATE = range(5)
    COL_FREQUENCY, COL_LATEST, COL_STATUS = range(5, 8)
    HEADERS = (
        "Code",
        "Indicator",
        "Baseline",
        "Target",
        "Target date",
        "Frequency",
        "Latest",
        "Status",
    )
    NUMERIC = frozenset({COL_BASELINE, COL_TARGET, COL_LATEST})

    def display(self, row: IndicatorRow, col: int) -> str:
        unit = f" {row.unit}" if row.unit else ""
        match col:
            case self.COL_CODE:
                return row.code
            case self.COL_NAME:
                return row.name
            case self.COL_BASELINE:
                return fmt_number(row.baseline)
            case self.COL_TARGET:
                return fmt_number(row.target)
            case self.COL_TARGET_DATE:
                return fmt_date(row.target_date)
            case self.COL_FREQUENCY:
                return str(row.frequency.value) if row.frequency else ""
            case self.COL_LATEST:
                return fmt_number(row.latest_value) + (unit if row.latest_value is not None else "")
            case self.COL_STATUS:
                return STATUS_LABELS[row.status]
        return ""

    def sort_key(self, row: IndicatorRow, col: int) -> Any:
        if col in (self.COL_BASELINE, self.COL_TARGET, self.COL_LATEST):
            value = {self.COL_BASELINE: row.baseline, self.COL_TARGET: row.target}.get(
                col, row.latest_value
            )
            return value if value is not None else -1e18
        if col == self.COL_TARGET_DATE:
            return row.target_date.toordinal() if row.target_date else 0
        if col == self.COL_STATUS:
            return list(Status).index(row.status)
        return super().sort_key(row, col)

    def decoration(self, row: IndicatorRow, col: int) -> Any:
        return status_icon(row.status) if col == self.COL_STATUS else None

    def tooltip(self, row: IndicatorRow, col: int) -> str | None:
        if col == self.COL_NAME:
            source = f"\nData source: {row.data_source}" if row.data_source else ""
            return f"{row.name}{' (' + row.unit + ')' if row.unit else ''}{source}"
        if col == self.COL_LATEST and row.latest_date:
            return f"Measured for {fmt_date(row.latest_date)}"
        return None


class IndicatorValueModel(RecordModel):
    COL_DATE, COL_VALUE, COL_REALISATION, COL_NOTE, COL_BY = range(5)
    HEADERS = ("Period end", "Value", "Real. %", "Note", "Recorded by")
    NUMERIC = frozenset({COL_VALUE, COL_REALISATION})

    def display(self, row: IndicatorValueRow, col: int) -> str:
        match col:
            case self.COL_DATE:
                return fmt_date(row.date)
            case self.COL_VALUE:
                return fmt_number(row.value)
            case self.COL_REALISATION:
                return fmt_pct(row.realisation_pct)
            case self.COL_NOTE:
                return row.note or ""
            case self.COL_BY:
                return row.recorded_by or ""
        return ""

    def sort_key(self, row: IndicatorValueRow, col: int) -> Any:
        if col == self.COL_DATE:
            return row.date.toordinal()
        if col == self.COL_VALUE:
            return row.value
        if col == self.COL_REALISATION:
            return row.realisation_pct if row.realisation_pct is not None else -1e18
        return super().sort_key(row, col)


def value_rows(found: list[MeasurementRecord], indicator: IndicatorRow) -> list[IndicatorValueRow]:
    defined = is_defined(
        indicator.baseline, indicator.baseline_date, indicator.target, indicator.target_date
    )
    return [
        IndicatorValueRow(
            r.id,
            r.date,
            r.value,
            100 * realisation(r.value, indicator.baseline, indicator.target)  # type: ignore[arg-type]
            if defined
            else None,
            r.note,
            r.recorded_by,
            r.recorded_at,
        )
        for r in found
    ]


class IndicatorsTab(DetailTab):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.model = IndicatorModel(self)
        self.indicators = RecordTable(
            "Leading indicators",
            self.model,
            self,
            empty="No leading indicator yet: without one, a shortfall only shows once it has "
            "happened. Add one (Insert), e.g. an adoption rate.",
            add=("Add…", self.add),
            edit=self.edit,
            delete=self.delete,
            widths=(55, 170, 65, 65, 90, 75, 85, 85),
            stretch=IndicatorModel.COL_NAME,
        )
        self.values = IndicatorValueModel(self)
        self.figures = RecordTable(
            "Measurements",
            self.values,
            self,
            empty="Select an indicator to see its figures.",
            add=("Log…", self.log),
            edit=self.edit_value,
            delete=self.delete_value,
            widths=(95, 80, 65, 160, 90),
            can_edit=lambda: self.indicators.current_row() is not None,
        )
        self.figures.act_add.setIcon(icon("log-measurement"))
        self.figures.act_add.setToolTip("Log a figure for the selected indicator (Ins)")
        self.indicators.view.selectionModel().currentRowChanged.connect(self._indicator_changed)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.indicators)
        split.addWidget(self.figures)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(split)

    def refresh(self) -> None:
        row = self.row()
        rows: list[IndicatorRow] = []
        if row is not None:
            result = self.context.result_for(row.id)
            status = {i.code: i for i in result.indicators} if result is not None else {}
            for i in self.context.report.snapshot.indicators.get(row.id, []):
                found = status.get(i.code)
                rows.append(
                    IndicatorRow(
                        i.id, i.code, i.name, i.unit, i.baseline, i.baseline_date, i.target,
                        i.target_date, i.frequency, i.data_source,
                        found.status if found else Status.NO_DATA,
                        found.latest_value if found else None,
                        found.latest_date if found else None,
                    )
                )  # fmt: skip
        self.indicators.set_rows(rows)
        if self.indicators.current_row() is None and rows:
            self.indicators.select_id(rows[0].id)
        self._indicator_changed()

    def _indicator_changed(self, *_args: Any) -> None:
        indicator = self.indicators.current_row()
        if indicator is None:
            self.figures.title.setText("<b>Measurements</b>")
            self.figures.set_rows([])
            return
        self.figures.title.setText(f"<b>{indicator.code} {indicator.name}</b>")
        found = records.indicator_measurement_records(self.context.store, indicator_id=indicator.id)
        self.figures.set_rows(value_rows(found, indicator))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.indicators.set_read_only(read_only)
        self.figures.set_read_only(read_only)

    # -- indicators -----------------------------------------------------------------------
    def add(self) -> bool:
        row = self.row()
        if row is None or self.read_only:
            return False
        data = IndicatorFields(
            records.next_indicator_code(self.context.store),
            "",
            baseline_date=row.baseline_date,
            target_date=row.target_date,
            frequency=row.frequency,
        )
        dialog = IndicatorDialog(self, data)

        def submit(fields: IndicatorFields) -> None:
            self.push(
                add_command(
                    self.context,
                    f"Add indicator {fields.code}",
                    lambda: records.add_indicator(
                        self.context.store, benefit_id=row.id, data=fields
                    ),
                )
            )

        dialog.submit = submit
        if not self.prompter.run(dialog):
            return False
        added = next((i for i in self.model.rows() if i.code == dialog.data().code), None)
        if added is not None:
            self.indicators.select_id(added.id)
        return True

    def edit(self, indicator: IndicatorRow) -> bool:
        dialog = IndicatorDialog(self, indicator.fields())
        before = indicator.fields()

        def submit(fields: IndicatorFields) -> None:
            self.push(
                edit_command(
                    self.context,
                    f"Edit indicator {indicator.code}",
                    lambda: records.update_indicator(
                        self.context.store, indicator_id=indicator.id, data=fields
                    ),
                    lambda: records.update_indicator(
                        self.context.store, indicator_id=indicator.id, data=before
                    ),
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete(self, indicator: IndicatorRow) -> bool:
        count = self.values.rowCount() if self.indicators.current_row() == indicator else 0
        extra = f" and its {count} measurement{'s' if count != 1 else ''}" if count else ""
        text = (
            f"Delete the leading indicator {indicator.code} {indicator.name}{extra}? "
            "You can undo this."
        )
        if not self.prompter.confirm(self, "Delete indicator", text):
            return False
        return self.run(
            delete_command(
                self.context, f"Delete indicator {indicator.code}", "indicator", indicator.id
            )
        )

    # -- their measurements -----------------------------------------------------------------
    def _due(self, indicator: IndicatorRow) -> date:
        frequency = indicator.frequency.value if indicator.frequency else "monthly"
        dates = [r.date for r in self.values.rows()]
        if dates:
            return next_period_end(max(dates), frequency)
        return period_end(self.context.as_of, frequency)

    def log(self) -> bool:
        indicator = self.indicators.current_row()
        if indicator is None or self.read_only:
            return False
        dialog = MeasurementDialog(
            self,
            title="Log indicator measurement",
            subject=f"{indicator.code} {indicator.name}",
            unit=indicator.unit,
            data=MeasurementFields(self._due(indicator), None),
            existing={r.date: r.value for r in self.values.rows()},
        )

        def submit(data: MeasurementFields) -> None:
            assert data.day is not None and data.value is not None
            self.push(
                log_measurement_command(
                    self.context, indicator.code, data.day, data.value, data.note
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def edit_value(self, value: IndicatorValueRow) -> bool:
        indicator = self.indicators.current_row()
        if indicator is None:
            return False
        dialog = MeasurementDialog(
            self,
            title="Edit indicator measurement",
            subject=f"{indicator.code} {indicator.name}",
            unit=indicator.unit,
            data=MeasurementFields(value.date, value.value, value.note),
            existing={r.date: r.value for r in self.values.rows()},
            editing=True,
        )

        def update(day: date, number: float, note: str | None) -> Any:
            return lambda: records.update_measurement(
                self.context.store,
                entity="indicator_measurement",
                record_id=value.id,
                day=day,
                value=number,
                note=note,
            )

        def submit(data: MeasurementFields) -> None:
            assert data.day is not None and data.value is not None
            self.push(
                edit_command(
                    self.context,
                    f"Edit {indicator.code} {fmt_date(value.date)}",
                    update(data.day, data.value, data.note),
                    update(value.date, value.value, value.note),
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete_value(self, value: IndicatorValueRow) -> bool:
        indicator = self.indicators.current_row()
        if indicator is None:
            return False
        text = (
            f"Delete the {fmt_number(value.value)} logged for {indicator.code} on "
            f"{fmt_date(value.date)}? You can undo this."
        )
        if not self.prompter.confirm(self, "Delete measurement", text):
            return False
        return self.run(
            delete_command(
                self.context,
                f"Delete {indicator.code} {fmt_date(value.date)}",
                "indicator_measurement",
                value.id,
            )
        )
