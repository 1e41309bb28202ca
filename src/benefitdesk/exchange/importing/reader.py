"""Opening a workbook for import: every sheet detected, its data rows streamed.

Each sheet is read once: its first rows are examined to find the header, then the same
iterator goes on with the data rows (`grid.iter_rows` streams them; only python-
calamine's compact copy of the sheet is in memory, never a list of 100,000 rows).
"""

from __future__ import annotations

import itertools
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

from benefitdesk.exchange.errors import column_letter
from benefitdesk.exchange.grid import CellValue, Row, iter_rows, list_sheets
from benefitdesk.exchange.headers import label
from benefitdesk.exchange.importing.detect import HEAD_ROWS, SheetLayout, detect_sheet
from benefitdesk.exchange.importing.mapping import ImportMapping, Layout, SheetMapping
from benefitdesk.exchange.limits import DEFAULT_LIMITS, Limits, check_file

PREVIEW_ROWS = 10


@dataclass(slots=True)
class OpenSheet:
    """A detected sheet and its data rows (consumed once)."""

    layout: SheetLayout
    rows: Iterator[Row]


def open_sheets(
    path: str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[OpenSheet]:
    """Every worksheet of the file, detected, in workbook order."""
    check_file(path, limits)
    opened: list[OpenSheet] = []
    for name in list_sheets(path, limits=limits):
        sheet_mapping = mapping.for_sheet(name) if mapping else None
        if sheet_mapping is not None and sheet_mapping.ignored:  # not even loaded
            opened.append(OpenSheet(detect_sheet(name, [], sheet_mapping), iter(())))
            continue
        rows = iter_rows(path, name, limits=limits)
        head = list(itertools.islice(rows, _scan(sheet_mapping)))
        layout = detect_sheet(name, head, sheet_mapping)
        data = itertools.chain(head[layout.header_index + 1 :], rows) if layout.kind else iter(())
        opened.append(OpenSheet(layout, data))
    return opened


def _scan(mapping: SheetMapping | None) -> int:
    return max(HEAD_ROWS, (mapping.header_row or 0) if mapping else 0)


# --- inspection, for the import dialog -----------------------------------------------


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


# --- sizes, for progress ----------------------------------------------------------------

_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]+\d+:?[A-Z]*(\d*)"')
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_sizes(path: str | os.PathLike[str]) -> dict[str, int]:
    """Rows per sheet as an .xlsx/.xlsm file declares them (its `<dimension>`), read
    without loading the sheets; {} for other formats or when the file does not say."""
    p = Path(path)
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with zipfile.ZipFile(p) as z:
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels}
            sizes: dict[str, int] = {}
            for sheet in book.iter():
                if not sheet.tag.endswith("}sheet"):
                    continue
                target = targets.get(sheet.get(_REL_NS), "")
                part = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else str(PurePosixPath("xl") / target)
                )
                with z.open(part) as member:
                    head = member.read(4096)
                found = _DIMENSION.search(head)
                if found and found.group(1):
                    sizes[sheet.get("name", "")] = int(found.group(1))
            return sizes
    except Exception:
        return {}
