"""How many cells a worksheet spans, found before python-calamine reads it.

python-calamine loads a sheet as one dense rectangle from its first to its last cell,
about 32 bytes a cell, and aborts the whole process (a Rust panic, no Python error)
when that allocation fails. A 2 KB workbook with one cell at A1 and one at XFD1048576
asks for 549 GB. So the extent of each sheet is measured first, from the file itself,
and a sheet that would not fit the memory budget is refused with its used range.

The scan streams the sheet's XML and never builds it in memory:

- `.xlsx`/`.xlsm`: a byte scan for the `r="XFD1048576"` reference of every cell (fast:
  about a quarter of calamine's own read time). A sheet whose cells are not all written
  as `<c r="...">` (a namespace prefix, cells without references) is scanned again with
  defusedxml's streaming parser, which also refuses entity declarations.
- `.ods`: defusedxml's streaming parser, counting repeated rows and columns (one
  `<table:table-cell table:number-columns-repeated="16384">` is 16,384 cells).
- `.xls` and `.xlsb`: their binary cell records are walked (python-calamine reads every
  sheet of an `.xls` file as it opens it: each may span 65,536 × 256 cells, 512 MB).
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

from benefitdesk.exchange.errors import cell_ref

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Extent:
    """A sheet's used range, 0-based and inclusive, as python-calamine will load it."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def cells(self) -> int:
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)

    @property
    def ref(self) -> str:
        first = cell_ref(self.first_row, self.first_col)
        return f"{first}:{cell_ref(self.last_row, self.last_col)}"


class _Bounds:
    """The running bounding box of the cells seen so far."""

    def __init__(self) -> None:
        self.top = self.left = 1 << 62
        self.bottom = self.right = -1

    def add(self, r0: int, c0: int, r1: int | None = None, c1: int | None = None) -> None:
        self.top, self.left = min(self.top, r0), min(self.left, c0)
        self.bottom = max(self.bottom, r0 if r1 is None else r1)
        self.right = max(self.right, c0 if c1 is None else c1)

    def extent(self) -> Extent | None:
        if self.bottom < 0:
            return None
        return Extent(self.top, self.left, self.bottom, self.right)


def sheet_extent(archive: zipfile.ZipFile, sheet: str) -> Extent | None:
    """The extent of worksheet ``sheet`` of a zip-based workbook (None: no cells, or a
    sheet this module cannot place, which python-calamine will then report)."""
    names = set(archive.namelist())
    if "content.xml" in names:
        return ods_extents(archive).get(sheet)
    part = _ooxml_sheet_part(archive, sheet)
    if part is None or part not in names:
        return None
    if part.endswith(".bin"):
        return _xlsb_extent(archive, part)
    return _xlsx_extent(archive, part)


# --- .xlsx ------------------------------------------------------------------------------

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → target part name, for the part ``part``."""
    folder = PurePosixPath(part).parent
    rels_name = str(folder / "_rels" / (PurePosixPath(part).name + ".rels")).lstrip("./")
    if rels_name not in archive.NameToInfo:
        return {}
    targets = {}
    for rel in _elements(archive, rels_name):
        if rel.tag == _PKG_REL:
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else str(folder / target)
            targets[rel.get("Id", "")] = _normalise(path)
    return targets


def _elements(archive: zipfile.ZipFile, part: str) -> Iterator[Any]:
    """The elements of an XML part as they are parsed, streaming and defused: a part
    may be hundreds of MB, and the element sought comes early."""
    with archive.open(part) as stream:
        for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
            yield element
            element.clear()


def _normalise(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _ooxml_sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    root_rels = _rels(archive, "")
    workbook = next(
        (t for t in root_rels.values() if t.endswith(("workbook.xml", "workbook.bin"))),
        "xl/workbook.xml",
    )
    targets = _rels(archive, workbook)
    if workbook.endswith(".bin"):
        return _xlsb_sheet_part(archive, workbook, sheet, targets)
    if workbook not in archive.NameToInfo:
        return None
    for element in _elements(archive, workbook):
        if element.tag.rsplit("}", 1)[-1] == "sheet" and element.get("name") == sheet:
            return targets.get(element.get(f"{{{_REL_NS}}}id", ""))
    return None


# The common form, as Excel, LibreOffice and openpyxl write it: `<c r="B7" ...>`.
_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_WIDE = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')


def _xlsx_extent(archive: zipfile.ZipFile, part: str) -> Extent | None:
    with archive.open(part) as stream:
        sure, extent = _xlsx_fast_scan(stream)
    if sure:
        return extent
    with archive.open(part) as stream:
        return _xlsx_parsed_scan(stream)


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _xlsx_fast_scan(stream: IO[bytes]) -> tuple[bool, Extent | None]:
    """Bounds from the cell references, in a few byte scans of the `<sheetData>`
    element; not sure when some cell is not written in the common form (then only a
    real parse can place it). Columns are looked at only when a reference has two or
    three letters: otherwise A:Z bounds them."""
    rows: set[bytes] = set()
    wide: set[bytes] = set()
    tail, state = b"", "before"
    while state != "after" and (chunk := stream.read(CHUNK)):
        data = tail + chunk
        cut = data.rfind(b"<")
        data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
        if state == "before":
            start = data.find(b"<sheetData")
            if start < 0:
                if b"sheetData" in data:  # a namespace prefix: the slow scan handles it
                    return False, None
                continue
            data, state = data[start:], "inside"
        end = data.find(b"</sheetData>")
        if end >= 0:
            data, state = data[:end], "after"
        found = _ROWS.findall(data)
        if len(found) != data.count(b"<c"):  # inside sheetData only cells start "<c"
            return False, None
        rows.update(found)
        if _WIDE.search(data):
            wide.update(_WIDE.findall(data))
    if state == "inside" and tail.count(b"<c"):
        return False, None
    if not rows:
        return True, None
    row_numbers = [int(r) for r in rows]
    last_col = max((_column_index(c.decode()) for c in wide), default=25)
    extent = Extent(min(row_numbers) - 1, 0, max(row_numbers) - 1, last_col)
    return True, extent


def _xlsx_parsed_scan(stream: IO[bytes]) -> Extent | None:
    """The general scan: namespace-blind, placing cells without a reference the way
    spreadsheet readers do (next row, next column)."""
    bounds = _Bounds()
    row, col = -1, -1
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start" and tag == "row":
            given = element.get("r")
            row = int(given) - 1 if given and given.isdigit() else row + 1
            col = -1
        elif event == "start" and tag == "c":
            ref = element.get("r")
            match = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})", ref or "")
            if match:
                col, row = _column_index(match[1]), int(match[2]) - 1
            else:
                col += 1
            bounds.add(max(row, 0), col)
        elif event == "end" and tag == "row":
            element.clear()
    return bounds.extent()


# --- .ods -------------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _repeat(element: Element, name: str) -> int:
    value = element.get(f"{{{_TABLE}}}{name}")
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def ods_extents(archive: zipfile.ZipFile) -> dict[str, Extent | None]:
    """Every table's extent. python-calamine reads all of an OpenDocument file's tables
    when it opens it, so they are measured together, before it does. Cells with content
    count, repeats included; repeated empty cells (LibreOffice pads every sheet with
    them) are not data and python-calamine does not load them."""
    extents: dict[str, Extent | None] = {}
    bounds, name, row = _Bounds(), "", 0
    with archive.open("content.xml") as stream:
        for event, element in _ods_events(stream):
            tag = element.tag
            if tag == f"{{{_TABLE}}}table":
                if event == "start":
                    bounds, name, row = _Bounds(), element.get(f"{{{_TABLE}}}name") or "", 0
                else:
                    extents[name] = bounds.extent()
                    element.clear()
            elif event == "end" and tag == f"{{{_TABLE}}}table-row":
                repeat = _repeat(element, "number-rows-repeated")
                for c0, c1 in _row_cells(element):
                    bounds.add(row, c0, row + repeat - 1, c1)
                row += repeat
                element.clear()
    return extents


def _ods_events(stream: IO[bytes]) -> Iterator[tuple[str, Element]]:
    return iterparse(stream, events=("start", "end"), forbid_dtd=True)


def _row_cells(row: Element) -> list[tuple[int, int]]:
    """Column spans of the cells with content in one (finished) row element."""
    spans, col = [], 0
    for cell in row:
        if not cell.tag.endswith(("}table-cell", "}covered-table-cell")):
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        if cell.get(f"{{{_OFFICE}}}value-type") is not None or len(cell):
            spans.append((col, col + repeat - 1))
        col += repeat
    return spans


# --- .xlsb ------------------------------------------------------------------------------

_BRT_ROW_HDR = 0x00
_BRT_CELLS_WITH_COL = frozenset(range(0x01, 0x0C))  # BrtCellBlank … BrtFmlaError
_BRT_SHORT_CELLS = frozenset(range(0x0C, 0x13))  # BrtShortBlank …: the next column
_BRT_BUNDLE_SH = 0x9C


def _records(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(record type, data start, data end) of a BIFF12 stream."""
    pos, size = 0, len(data)
    while pos < size:
        kind, pos = _varint(data, pos, 2)
        length, pos = _varint(data, pos, 4)
        yield kind, pos, pos + length
        pos += length


def _varint(data: bytes, pos: int, most: int) -> tuple[int, int]:
    value = 0
    for i in range(most):
        if pos >= len(data):
            break
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            break
    return value, pos


def _xlsb_sheet_part(
    archive: zipfile.ZipFile, workbook: str, sheet: str, targets: dict[str, str]
) -> str | None:
    data = archive.read(workbook)
    for kind, start, end in _records(data):
        if kind != _BRT_BUNDLE_SH or end - start < 12:
            continue
        # hsState (4), iTabID (4), strRelID (XLNullableWideString), strName (XLWideString)
        rel_id, pos = _wide_string(data, start + 8)
        name, _ = _wide_string(data, pos)
        if name == sheet:
            return targets.get(rel_id or "")
    return None


def _wide_string(data: bytes, pos: int) -> tuple[str | None, int]:
    (count,) = struct.unpack_from("<I", data, pos)
    if count == 0xFFFFFFFF:
        return None, pos + 4
    end = pos + 4 + 2 * count
    return data[pos + 4 : end].decode("utf-16-le", "replace"), end


def _xlsb_extent(archive: zipfile.ZipFile, part: str) -> Extent | None:
    """Bounds from the row headers and the cell records (the sheet part is read whole:
    it is bounded by the zip checks made before)."""
    data = archive.read(part)
    bounds = _Bounds()
    row, col = 0, -1
    for kind, start, end in _records(data):
        if kind == _BRT_ROW_HDR and end - start >= 4:
            (row,), col = struct.unpack_from("<I", data, start), -1
        elif kind in _BRT_CELLS_WITH_COL and end - start >= 4:
            (col,) = struct.unpack_from("<I", data, start)
            bounds.add(row, col)
        elif kind in _BRT_SHORT_CELLS:
            col += 1
            bounds.add(row, col)
    return bounds.extent()


# --- .xls -------------------------------------------------------------------------------

_XLS_BOUNDSHEET, _XLS_BOF, _XLS_EOF = 0x0085, 0x0809, 0x000A
_XLS_CELLS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
_XLS_MULTI = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first col, …, last col


def xls_extents(path: str) -> dict[str, Extent | None]:
    """Every worksheet's extent in a BIFF (.xls) file: python-calamine reads all of
    them when it opens the file, each up to 65,536 × 256 cells (512 MB)."""
    import olefile

    with olefile.OleFileIO(path) as ole:
        stream = "Workbook" if ole.exists("Workbook") else "Book"
        data = ole.openstream(stream).read()
    sheets = []
    for kind, start, end in _biff_records(data, 0):
        if kind == _XLS_BOUNDSHEET and end - start >= 8 and data[start + 5] == 0:
            sheets.append(
                (_short_string(data, start + 6), struct.unpack_from("<I", data, start)[0])
            )
        elif kind == _XLS_EOF:
            break
    return {name: _xls_sheet_extent(data, offset) for name, offset in sheets}


def _biff_records(data: bytes, pos: int) -> Iterator[tuple[int, int, int]]:
    while pos + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, pos)
        yield kind, pos + 4, min(pos + 4 + length, len(data))
        pos += 4 + length


def _short_string(data: bytes, pos: int) -> str:
    count, wide = data[pos], data[pos + 1] & 1
    raw = data[pos + 2 : pos + 2 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _xls_sheet_extent(data: bytes, offset: int) -> Extent | None:
    bounds = _Bounds()
    for kind, start, end in _biff_records(data, offset):
        if kind in _XLS_CELLS and end - start >= 4:
            row, col = struct.unpack_from("<HH", data, start)
            bounds.add(row, col)
        elif kind in _XLS_MULTI and end - start >= 6:
            row, first = struct.unpack_from("<HH", data, start)
            (last,) = struct.unpack_from("<H", data, end - 2)
            bounds.add(row, first, row, max(first, last))
        elif kind == _XLS_EOF and start - 4 > offset:
            break
    return bounds.extent()
