"""Opening a workbook for import: every sheet detected, its data rows streamed.

Each sheet is read once: its first rows are examined to find the header, then the same
iterator goes on with the data rows (`grid.iter_rows` streams them; only python-
calamine's compact copy of the sheet is in memory, never a list of 100,000 rows).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import python_calamine as calamine
from defusedxml import ElementTree

from benefitdesk.exchange.delimited import describe_text
from benefitdesk.exchange.errors import Problem
from benefitdesk.exchange.grid import CellValue, Row, iter_rows, list_sheets
from benefitdesk.exchange.headers import normalise
from benefitdesk.exchange.limits import DEFAULT_LIMITS, TEXT_SUFFIXES, Limits, check_file
from benefitdesk.services.importing.detect import (
    HEAD_ROWS,
    SheetLayout,
    detect_sheet,
    mapping_problems,
)
from benefitdesk.services.importing.mapping import ImportMapping, SheetMapping

#: Cells a user corrected in the import dialog, applied as the rows are read:
#: sheet → (Excel row, 1-based column) → the value typed.
Fixes = Mapping[str, Mapping[tuple[int, int], CellValue]]


@dataclass(slots=True)
class OpenSheet:
    """A detected sheet and its data rows (consumed once)."""

    layout: SheetLayout
    rows: Iterator[Row]


@dataclass(slots=True)
class OpenFile:
    """Every sheet of a file, detected, and what was found about the file itself."""

    sheets: list[OpenSheet]
    problems: list[Problem]  # the text encoding guessed, mapped sheets missing, charts

    def __iter__(self) -> Iterator[OpenSheet]:
        return iter(self.sheets)


def open_sheets(
    path: str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    limits: Limits = DEFAULT_LIMITS,
    fixes: Fixes | None = None,
) -> OpenFile:
    """Every worksheet of the file, detected, in workbook order; `fixes` replace the
    cells a user corrected."""
    p = Path(path)
    kind = check_file(p, limits)
    problems: list[Problem] = []
    default_decimal = "."
    if kind == "text":
        text = describe_text(p)
        problems += [Problem(p.name, None, note, "warning") for note in text.notes]
        default_decimal = "," if text.delimiter == ";" else "."
    names = list_sheets(p, limits=limits)
    problems += _missing_sheets(p, names, mapping)
    problems += _charts(p) if kind == "workbook" else []
    opened: list[OpenSheet] = []
    for name in names:
        sheet_mapping = mapping.for_sheet(name) if mapping else None
        if sheet_mapping is not None and sheet_mapping.ignored:  # not even loaded
            opened.append(OpenSheet(detect_sheet(name, [], sheet_mapping), iter(())))
            continue
        rows = iter_rows(p, name, limits=limits)
        if fixes and fixes.get(name):
            rows = patched(rows, fixes[name])
        head = list(itertools.islice(rows, _scan(sheet_mapping)))
        layout = detect_sheet(name, head, sheet_mapping, default_decimal)
        problems += mapping_problems(layout, sheet_mapping)
        data = itertools.chain(head[layout.header_index + 1 :], rows) if layout.kind else iter(())
        opened.append(OpenSheet(layout, data))
    return OpenFile(opened, problems)


def patched(rows: Iterator[Row], fixes: Mapping[tuple[int, int], CellValue]) -> Iterator[Row]:
    """The rows with the corrected cells in place of what the file holds."""
    by_row: dict[int, dict[int, CellValue]] = {}
    for (number, column), value in fixes.items():
        by_row.setdefault(number, {})[column] = value
    for row in rows:
        cells = by_row.get(row.number)
        if cells is None:
            yield row
            continue
        values = list(row.values)
        for column, value in cells.items():
            index = column - row.first_column
            if index >= 0:
                values.extend([""] * (index + 1 - len(values)))
                values[index] = value
        yield Row(row.sheet, row.number, row.first_column, values)


def _missing_sheets(p: Path, names: list[str], mapping: ImportMapping | None) -> list[Problem]:
    """Sheets a mapping names that the file does not have: an error, never ignored."""
    if mapping is None:
        return []
    have = {normalise(n) for n in names}
    csv = p.suffix.lower() in TEXT_SUFFIXES
    return [
        Problem(
            p.name,
            None,
            f'the mapping names sheet "{name}", which the file does not have '
            f"(its sheets: {', '.join(names)})",
        )
        for name in mapping.named_sheets()
        if normalise(name) not in have and not csv
    ]


def _charts(p: Path) -> list[Problem]:
    """Chart sheets, named as skipped (the sheet list leaves them out)."""
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(p))
        found = [
            m.name for m in workbook.sheets_metadata if m.typ != calamine.SheetTypeEnum.WorkSheet
        ]
        workbook.close()
    except calamine.CalamineError:
        return []
    return [
        Problem(name, None, "a chart, not a table; the sheet is skipped", "warning")
        for name in found
    ]


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in 1 MB pieces (an import batch records it)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _scan(mapping: SheetMapping | None) -> int:
    return max(HEAD_ROWS, (mapping.header_row or 0) if mapping else 0)


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
