"""The collection template: a workbook an owner fills in offline and sends back.

It lists the figures due — each benefit and leading indicator with the periods since
its last figure, up to the period the as-of date falls in — with the value cells to
fill in, number and date validation, and the context an owner needs (measure, unit,
last figure, target) in grey columns that the import passes over. Its sheets are
canonical measurement sheets, so the filled-in file imports back as it is, without a
mapping. The workbook records whose it is and its as-of date as custom document
properties, so a folder of returned copies can say who sent theirs back.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from benefitdesk.analysis.periods import period_end, period_ends_between
from benefitdesk.exchange.canonical import BY_KIND, ColumnType
from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.limits import check_file
from benefitdesk.exchange.workbook_writer import TableColumn, TableSheet, TextSheet, write_workbook

#: Periods listed per benefit at most (the most recent), however long it went unreported.
MAX_PERIODS = 12
#: Rows below the figures that keep the validation, for periods an owner adds.
SPARE_ROWS = 200
#: Custom document properties that say whose template it is and as of when.
OWNER_PROPERTY = "BenefitDesk owner"
AS_OF_PROPERTY = "BenefitDesk as of"
_CUSTOM_PART = "docProps/custom.xml"
_MAX_CUSTOM_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Series:
    """A benefit or indicator to collect figures for (plain values, no database rows)."""

    code: str
    name: str  # benefit title or indicator name
    measure: str | None  # benefit measure, or the indicator's benefit code
    unit: str | None
    frequency: str | None
    start: dt.date | None  # first period counted from (realisation start, baseline date)
    end: dt.date | None  # tracking end
    last_date: dt.date | None
    last_value: float | None
    target: float | None


def due_periods(series: Series, as_of: dt.date) -> list[dt.date]:
    """Period ends after the last figure (or from the start) up to the end of the period
    `as_of` falls in — the one being collected — the most recent `MAX_PERIODS` of them."""
    if series.frequency is None:
        return []
    begin = series.last_date + dt.timedelta(days=1) if series.last_date else series.start
    if begin is None:
        return []
    current = period_end(as_of, series.frequency)
    until = min(current, series.end) if series.end else current
    periods = [d for d in period_ends_between(begin, until, series.frequency) if d >= begin]
    return periods[-MAX_PERIODS:]


def _column(kind: str, field: str, role: str = "data") -> TableColumn:
    spec = BY_KIND[kind]
    column = spec.column(field)
    return TableColumn(column.header(kind), column.type, column.width, column.choices, role)


def _context(header: str, type_: ColumnType = "text", width: float = 14) -> TableColumn:
    return TableColumn(header, type_, width, (), "context")


def measurement_table(
    kind: str, name: str, table: str, series: Sequence[Series], as_of: dt.date
) -> tuple[TableSheet, int]:
    """A measurement sheet of the template and the number of figures it asks for."""
    benefits = kind == "measurements"
    key = "benefit" if benefits else "indicator"
    columns = [
        _column(kind, key),
        _context("Title" if benefits else "Name", width=34),
        _context("Measure" if benefits else "Benefit", width=24 if benefits else 10),
        _context("Unit", width=12),
        _column(kind, "date"),
        _column(kind, "value", "input"),
        _column(kind, "note", "input"),
        _context("Last Value", "number", 12),
        _context("Last Date", "date", 12),
        _context("Target", "number", 11),
    ]
    rows = [
        (
            s.code,
            s.name,
            s.measure,
            s.unit,
            period,
            None,
            None,
            s.last_value,
            s.last_date,
            s.target,
        )
        for s in series
        for period in due_periods(s, as_of)
    ]
    sheet = TableSheet(name, table, columns, rows, len(rows), spare_rows=SPARE_ROWS, freeze="C2")
    return sheet, len(rows)


def instructions(
    portfolio: str, owner: str | None, as_of: dt.date, benefit_rows: int, indicator_rows: int
) -> TextSheet:
    who = owner or "all benefit owners"
    due = benefit_rows + indicator_rows
    lines = [
        f"For {who} · as of {as_of:%d %B %Y} · {due} figure{'s' if due != 1 else ''} due "
        f"({benefit_rows} for benefits, {indicator_rows} for leading indicators).",
        "",
        "How to fill it in:",
        "1. On the Measurements sheet, type each figure in the yellow Value column, in the "
        "unit shown. Leave the row empty if you have no figure for that period yet.",
        "2. The dates are period ends and are filled in already. For a period that is "
        "missing, add a row below with the code and the date.",
        "3. Use Note to explain anything unusual: a restatement, a one-off, an estimate.",
        "4. The Indicator Measurements sheet works the same way for the leading indicators.",
        "5. Grey columns are there to help you and are not imported. Please do not rename "
        "the sheets or the column headings.",
        "6. Save the file and send it back: it is imported as it is.",
        "",
        "Numbers: no units or currency symbols needed (12.5, not 12.5%). "
        "Dates: any date Excel understands; yyyy-mm-dd is shown.",
    ]
    if not due:
        lines.insert(1, "Nothing is due: every figure up to this date is in.")
    return TextSheet("Instructions", f"{portfolio}: benefit figures to collect", lines)


def write_template(
    path: str | os.PathLike[str],
    *,
    portfolio: str,
    owner: str | None,
    as_of: dt.date,
    benefits: Sequence[Series],
    indicators: Sequence[Series],
    cancelled: Callable[[], bool] | None = None,
) -> tuple[int, int]:
    """Write the template; returns the figures asked for (benefits, indicators)."""
    measurements, n_benefits = measurement_table(
        "measurements", "Measurements", "Measurements", benefits, as_of
    )
    indicator_sheet, n_indicators = measurement_table(
        "indicator_measurements",
        "Indicator Measurements",
        "IndicatorMeasurements",
        indicators,
        as_of,
    )
    write_workbook(
        path,
        [
            instructions(portfolio, owner, as_of, n_benefits, n_indicators),
            measurements,
            indicator_sheet,
        ],
        title=f"{portfolio} — figures to collect {as_of.isoformat()}",
        cancelled=cancelled,
        properties={
            AS_OF_PROPERTY: as_of.isoformat(),
            **({OWNER_PROPERTY: owner} if owner else {}),
        },
    )
    return n_benefits, n_indicators


@dataclass(frozen=True, slots=True)
class TemplateStamp:
    """Whose collection template a workbook is, and as of when (None where not known)."""

    owner: str | None
    as_of: dt.date | None


def read_stamp(path: str | os.PathLike[str]) -> TemplateStamp | None:
    """The stamp a collection template carries, or None for any other file.

    Reads only the zip's custom-properties part, after the same safety checks as an
    import; a damaged or unsafe file raises ExchangeError.
    """
    if check_file(path) != "workbook" or not zipfile.is_zipfile(path):
        return None  # .xls or CSV: no custom properties to read
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(_CUSTOM_PART)
            if info.file_size > _MAX_CUSTOM_BYTES:
                return None
            root = ElementTree.fromstring(archive.read(info))
    except KeyError:
        return None  # no custom properties
    except (zipfile.BadZipFile, OSError, ElementTree.ParseError) as exc:
        raise ExchangeError(
            Problem(Path(path).name, None, f"cannot read its document properties ({exc})")
        ) from exc
    values = {
        prop.get("name"): "".join(prop.itertext()).strip()
        for prop in root
        if prop.get("name") in (OWNER_PROPERTY, AS_OF_PROPERTY)
    }
    if not values:
        return None
    try:
        as_of = dt.date.fromisoformat(values.get(AS_OF_PROPERTY, ""))
    except ValueError:
        as_of = None
    return TemplateStamp(values.get(OWNER_PROPERTY) or None, as_of)
