"""Streaming the data rows of large sheets into a workbook package, as sheet XML.

openpyxl spends ~45 µs on each cell object and holds them all in memory, which for the
million measurements of a large portfolio would be minutes and gigabytes; its write-only
mode is 13 times slower than this module, XlsxWriter's constant-memory mode 4.6 times,
and that mode cannot make tables (benchmarks/bench_export.py, docs/architecture.md). So
openpyxl writes, through its public API, a workbook complete but for the rows of its
table sheets; `splice_rows` copies that package into the target zip and streams each
table sheet's rows into its ``<sheetData>`` on the way. The package is read as the
Office Open XML standard lays it out (ECMA-376: ``xl/workbook.xml`` names the sheets,
its relationships the parts), not through openpyxl's internals.

Rows are written as openpyxl writes cells, except that text is stored inline
(``t="inlineStr"``), which Excel, LibreOffice, python-calamine and openpyxl all read.
Text is always a string cell, never a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from benefitdesk.progress import Cancelled

#: Excel refuses a cell holding more characters than this.
MAX_CELL_CHARS = 32_767
#: Rows between two progress reports (and checks for Cancel).
TICK_ROWS = 5_000
_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')

Tick = Callable[[int], None]


def safe_text(text: str) -> str:
    """``text`` as a cell can hold it: within Excel's length, no control characters."""
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text


def _text_xml(ref: str, style: str, text: str) -> str:
    text = safe_text(text)
    body = escape(text)
    if "\r" in body:
        body = body.replace("\r", "&#13;")
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{body}</t></is></c>'


class CellFormatter:
    """Formats one column's values as cell XML, with that column's style. Empty cells
    are left out, unless the column is styled (a fill shows where to type)."""

    def __init__(self, letter: str, style: int, date_style: int) -> None:
        self.letter = letter
        self.style = f' s="{style}"' if style else ""
        self.date_style = f' s="{date_style}"'
        self.serials: dict[dt.date, int] = {}

    def __call__(self, value: Any, row: str) -> str:
        if value is None or value == "":
            return f'<c r="{self.letter}{row}"{self.style}/>' if self.style else ""
        kind = type(value)
        if kind is str:
            return _text_xml(self.letter + row, self.style, value)
        if kind is float or kind is int:
            if kind is float and not math.isfinite(value):
                return ""
            return f'<c r="{self.letter}{row}"{self.style}><v>{value!r}</v></c>'
        if kind is dt.date:
            serial = self.serials.get(value)
            if serial is None:
                serial = self.serials[value] = value.toordinal() - _EPOCH_ORDINAL
            return f'<c r="{self.letter}{row}"{self.date_style}><v>{serial}</v></c>'
        return self._other(value, row)

    def _other(self, value: Any, row: str) -> str:
        ref = self.letter + row
        if isinstance(value, bool):
            return f'<c r="{ref}"{self.style} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, str):  # an enum member, a str subclass
            text = str(value.value) if hasattr(value, "value") else str(value)
            return _text_xml(ref, self.style, text)
        if isinstance(value, dt.datetime):
            serial = value.toordinal() - _EPOCH_ORDINAL
            seconds = value.hour * 3600 + value.minute * 60 + value.second
            return f'<c r="{ref}"{self.date_style}><v>{serial + seconds / 86400!r}</v></c>'
        if isinstance(value, dt.date):
            return f'<c r="{ref}"{self.date_style}><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>'
        if isinstance(value, int | float):
            return self(float(value), row)
        return _text_xml(ref, self.style, str(value))


@dataclass(slots=True)
class RowStream:
    """The rows to stream into one sheet, ``count`` of them, below its header row."""

    rows: Iterable[Sequence[Any]]
    count: int
    formatters: list[CellFormatter]
    dimension: str  # the sheet's used range once the rows are in, e.g. "A1:E1001"


def sheet_parts(package: ZipFile) -> dict[str, str]:
    """Each sheet's name → the name of its part in ``package``."""
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in relations}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(_RELATIONSHIP)]
        parts[sheet.get("name", "")] = target[1:] if target.startswith("/") else f"xl/{target}"
    return parts


def splice_rows(
    skeleton: ZipFile,
    out: IO[bytes],
    streams: Mapping[str, RowStream],
    tick: Tick,
    cancelled: Callable[[], bool],
) -> None:
    """Copy the ``skeleton`` package into ``out``, each sheet named in ``streams`` with
    its rows written after its header row."""
    parts = sheet_parts(skeleton)
    by_part = {parts[name]: stream for name, stream in streams.items()}
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=3) as archive:
        for member in skeleton.infolist():
            stream = by_part.get(member.filename)
            if stream is None:
                archive.writestr(member.filename, skeleton.read(member))
                continue
            head, found, tail = skeleton.read(member).partition(b"</sheetData>")
            if not found:
                raise RuntimeError(f"{member.filename} has no sheet data to add rows to")
            dimension = f'<dimension ref="{stream.dimension}" />'.encode()
            with archive.open(member.filename, "w", force_zip64=True) as part:
                part.write(_DIMENSION.sub(dimension, head, count=1))
                written = _write_rows(part, stream, tick, cancelled)
                part.write(found + tail)
            if written != stream.count:
                raise RuntimeError(f"{member.filename}: {written} rows, {stream.count} announced")


def _write_rows(
    part: IO[bytes], stream: RowStream, tick: Tick, cancelled: Callable[[], bool]
) -> int:
    """Write the rows as XML, a chunk at a time; return how many there were."""
    if cancelled():  # between sheets too: a small sheet never reaches a tick
        raise Cancelled
    formatters = stream.formatters
    chunk: list[str] = []
    number = 1
    for number, values in enumerate(stream.rows, start=2):
        row = str(number)
        cells = "".join([f(v, row) for f, v in zip(formatters, values, strict=False)])
        chunk.append(f'<row r="{row}">{cells}</row>')
        if len(chunk) == TICK_ROWS:
            part.write("".join(chunk).encode())
            chunk.clear()
            if cancelled():
                raise Cancelled
            tick(TICK_ROWS)
    part.write("".join(chunk).encode())
    tick(len(chunk))
    return number - 1
