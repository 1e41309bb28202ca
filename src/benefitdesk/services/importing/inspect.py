"""What a file holds, as the import would read it: for the import dialog and for
`--suggest-mapping`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

from benefitdesk.exchange.errors import column_letter
from benefitdesk.exchange.grid import CellValue
from benefitdesk.exchange.headers import label
from benefitdesk.exchange.limits import DEFAULT_LIMITS, Limits
from benefitdesk.services.importing.detect import SheetLayout
from benefitdesk.services.importing.mapping import ImportMapping, Layout, SheetMapping
from benefitdesk.services.importing.read import OpenSheet, open_sheets, sheet_sizes

PREVIEW_ROWS = 10


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    index: int  # position in the header row's values
    letter: str  # Excel column
    header: str
    field: str | None  # None: not imported


@dataclass(frozen=True, slots=True)
class SheetInspection:
    name: str
    kind: str | None
    layout: Layout | None
    header_row: int | None  # Excel row number
    columns: tuple[ColumnInfo, ...]
    unknown: tuple[str, ...]  # headers not recognised (ignored)
    missing: tuple[str, ...]  # required columns not found (by canonical name)
    periods: tuple[str, ...]  # wide layout: the period columns' end dates
    preview: tuple[tuple[CellValue, ...], ...]  # the first data rows
    rows: int | None  # data rows, when the file says (xlsx)
    problems: tuple[str, ...]
    plan_columns: dict[int, dt.date] = field(default_factory=dict)  # a register's plan


@dataclass(frozen=True, slots=True)
class WorkbookInspection:
    path: Path
    sheets: tuple[SheetInspection, ...]

    def sheet(self, name: str) -> SheetInspection:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)


def _columns(layout: SheetLayout) -> tuple[ColumnInfo, ...]:
    header = layout.header
    if header is None:
        return ()
    fields: dict[int, str] = {}
    if layout.columns is not None:
        fields = {i: f for f, i in layout.columns.fields.items()}
    elif layout.wide is not None:
        key = "benefit" if layout.kind == "measurements" else "indicator"
        fields = {layout.wide.layout.key_col: key}
    infos = []
    for i, cell in enumerate(header.values):
        if cell == "":
            continue
        text = cell if isinstance(cell, str) else str(cell)
        infos.append(ColumnInfo(i, column_letter(header.first_column - 1 + i), text, fields.get(i)))
    return tuple(infos)


def inspect_open_sheet(sheet: OpenSheet, size: int | None) -> SheetInspection:
    layout = sheet.layout
    preview = tuple(tuple(r.values) for r in itertools.islice(sheet.rows, PREVIEW_ROWS))
    missing = (
        tuple(label(layout.kind, f) for f in layout.columns.missing)
        if layout.columns is not None and layout.kind
        else ()
    )
    unknown = tuple(layout.columns.unknown.values()) if layout.columns is not None else ()
    periods = (
        tuple(d.isoformat() for d in layout.wide.layout.period_cols.values())
        if layout.wide is not None
        else ()
    )
    rows = None
    if size is not None and layout.header_row is not None:
        rows = max(size - layout.header_row, 0)
    return SheetInspection(
        name=layout.sheet,
        kind=layout.kind,
        layout=layout.layout,
        header_row=layout.header_row,
        columns=_columns(layout),
        unknown=unknown,
        missing=missing,
        periods=periods,
        preview=preview,
        rows=rows,
        problems=tuple(str(p) for p in layout.problems()),
        plan_columns=dict(layout.plan_cols),
    )


def inspect_workbook(
    path: str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> WorkbookInspection:
    """Per sheet: the detected kind, header row, column → field mapping, unknown and
    missing columns, and a preview of the first data rows."""
    sizes = sheet_sizes(path)
    sheets = open_sheets(path, mapping, limits)
    return WorkbookInspection(
        Path(path),
        tuple(inspect_open_sheet(s, sizes.get(s.layout.sheet)) for s in sheets),
    )


def mapping_from_inspection(inspection: WorkbookInspection) -> ImportMapping:
    """The detected mapping, ready for the user to adjust and save. A CSV file's only
    sheet is saved as `*`, since next month's file will have another name."""
    mapping = ImportMapping()
    csv = inspection.path.suffix.lower() in (".csv", ".tsv")
    for sheet in inspection.sheets:
        key = "*" if csv else sheet.name
        if sheet.kind is None:
            mapping.sheets[key] = SheetMapping(kind="ignore")
            continue
        columns = {c.header: c.field for c in sheet.columns if sheet.layout == "long"}
        mapping.sheets[key] = SheetMapping(
            kind=sheet.kind, header_row=sheet.header_row, layout=sheet.layout, columns=columns
        )
    return mapping
