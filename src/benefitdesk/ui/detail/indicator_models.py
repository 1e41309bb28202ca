"""Leading indicators and their figures as table rows and models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from benefitdesk.analysis.lines import realisation_pct
from benefitdesk.analysis.status import is_defined
from benefitdesk.analysis.types import Status
from benefitdesk.model import Frequency
from benefitdesk.present.formats import number, pct, quantity
from benefitdesk.present.vocabulary import STATUS_LABELS
from benefitdesk.services.measurements import MeasurementRecord
from benefitdesk.services.records import IndicatorFields
from benefitdesk.ui.style import status_icon
from benefitdesk.ui.widgets.fields import fmt_date
from benefitdesk.ui.widgets.table import RecordModel


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
    row_version: int | None = None

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
    row_version: int | None = None


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
        match col:
            case self.COL_CODE:
                return row.code
            case self.COL_NAME:
                return row.name
            case self.COL_BASELINE:
                return number(row.baseline, none="")
            case self.COL_TARGET:
                return number(row.target, none="")
            case self.COL_TARGET_DATE:
                return fmt_date(row.target_date)
            case self.COL_FREQUENCY:
                return str(row.frequency.value) if row.frequency else ""
            case self.COL_LATEST:
                return number(row.latest_value, none="")
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
            value = quantity(row.latest_value, row.unit)
            return f"{value}, measured for {fmt_date(row.latest_date)}"
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
                return number(row.value, none="")
            case self.COL_REALISATION:
                return pct(row.realisation_pct, none="")
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
    baseline, target = indicator.baseline, indicator.target
    defined = is_defined(baseline, indicator.baseline_date, target, indicator.target_date)
    return [
        IndicatorValueRow(
            r.id,
            r.date,
            r.value,
            realisation_pct(r.value, baseline, target)
            if defined and baseline is not None and target is not None
            else None,
            r.note,
            r.recorded_by,
            r.recorded_at,
            r.row_version,
        )
        for r in found
    ]
