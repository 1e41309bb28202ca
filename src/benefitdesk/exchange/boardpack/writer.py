"""Assemble the board pack workbook and save it, one step at a time.

``tick`` is called after each unit of work (each sheet built, each sheet saved) so that
the caller can report progress and stop a cancelled export between two sheets. Saving
a large pack takes about as long as building it, which is why the save reports too: it
goes through openpyxl's ``ExcelWriter`` with a hook on its per-sheet ``write_worksheet``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from io import BytesIO
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import tostring

from benefitdesk.exchange.boardpack.benefit_sheets import write_benefit_sheet
from benefitdesk.exchange.boardpack.charts import BenefitChartStamp, StampedChart
from benefitdesk.exchange.boardpack.data import BoardPackData
from benefitdesk.exchange.boardpack.sheet_xml import FastWorksheetWriter
from benefitdesk.exchange.boardpack.styles import NAVY, STATUS_CHART_COLOURS, StyleBook
from benefitdesk.exchange.boardpack.summary import TREND_SHEET, write_summary, write_trend
from benefitdesk.exchange.boardpack.tables import (
    write_actions,
    write_benefits,
    write_findings,
    write_indicators,
    write_notes,
    write_variance,
)

SUMMARY = "Summary"
BENEFITS = "Benefits"
VARIANCE = "Variance"
NOTES = "Variance Notes"
ACTIONS = "Actions"
INDICATORS = "Indicators"
FINDINGS = "Definitions"
FIXED_SHEETS = (SUMMARY, BENEFITS, VARIANCE, NOTES, ACTIONS, INDICATORS, FINDINGS, TREND_SHEET)

#: Characters Excel refuses in a sheet name; "History" is reserved by Excel itself.
_INVALID_NAME = re.compile(r"[\[\]:*?/\\]")
_RESERVED = frozenset({"history"})
MAX_NAME = 31

Tick = Callable[[], None]


def _no_tick() -> None:
    return None


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid sheet name from ``text``, unique (ignoring case) among ``taken``.

    Adds the name, case-folded, to ``taken``.
    """
    name = ILLEGAL_CHARACTERS_RE.sub("", _INVALID_NAME.sub("_", text)).strip().strip("'")
    name = name[:MAX_NAME].strip() or "Benefit"
    candidate, number = name, 2
    while candidate.casefold() in taken or candidate.casefold() in _RESERVED:
        suffix = f" ({number})"
        candidate = name[: MAX_NAME - len(suffix)].rstrip() + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def benefit_sheet_names(codes: Iterable[str]) -> dict[str, str]:
    """Code → sheet name, never clashing with the pack's own sheets."""
    taken = {name.casefold() for name in FIXED_SHEETS}
    return {code: sheet_name(code, taken) for code in codes}


def step_count(data: BoardPackData) -> int:
    """Units of work ``write_board_pack`` ticks through: build and save every sheet."""
    sheets = len(FIXED_SHEETS) + len(data.benefits)
    return 1 + len(data.benefits) + sheets + 1


class _TickingWriter(ExcelWriter):  # type: ignore[misc]
    """openpyxl's writer, ticking after each worksheet is written out.

    Two of its steps are redone here, with the same output: each worksheet is
    serialised in memory by :class:`FastWorksheetWriter` rather than through a
    temporary file (creating and removing a thousand files cost seconds), and
    pre-rendered benefit charts are written as they are instead of being parsed and
    serialised again.
    """

    def __init__(self, workbook: Workbook, archive: ZipFile, tick: Tick) -> None:
        super().__init__(workbook, archive)
        self._tick = tick

    def write_worksheet(self, ws: Any) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = FastWorksheetWriter(ws, out=BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)
        self._tick()

    def _write_charts(self) -> None:
        for chart in self._charts:
            xml = chart.xml if isinstance(chart, StampedChart) else tostring(chart._write())
            self._archive.writestr(chart.path[1:], xml)
            self.manifest.append(chart)


def build_workbook(data: BoardPackData, tick: Tick = _no_tick) -> Workbook:
    workbook = Workbook()
    workbook.properties.title = f"{data.name} board pack {data.as_of.isoformat()}"
    workbook.properties.creator = "BenefitDesk"
    styles = StyleBook(workbook, data.currency)
    summary = workbook.active
    summary.title = SUMMARY
    summary.sheet_properties.tabColor = NAVY
    sheets = {name: workbook.create_sheet(name) for name in FIXED_SHEETS[1:]}
    names = benefit_sheet_names(v.result.code for v in data.benefits)

    write_trend(sheets[TREND_SHEET], data, styles)
    write_summary(summary, sheets[TREND_SHEET], data, styles)
    write_benefits(sheets[BENEFITS], data, styles, names)
    write_variance(sheets[VARIANCE], data, styles)
    write_notes(sheets[NOTES], data, styles)
    write_actions(sheets[ACTIONS], data, styles)
    write_indicators(sheets[INDICATORS], data, styles)
    write_findings(sheets[FINDINGS], data, styles)
    tick()

    footer = f"{data.name} · board pack as of {data.as_of.isoformat()}"
    stamp = BenefitChartStamp()
    for view in data.benefits:
        ws = workbook.create_sheet(names[view.result.code])
        ws.sheet_properties.tabColor = STATUS_CHART_COLOURS.get(view.result.status, "A6A6A6")
        write_benefit_sheet(
            ws, view, styles, data.as_of, footer=footer, back_to=BENEFITS, stamp=stamp
        )
        tick()
    return workbook


def save_workbook(workbook: Workbook, path: Path, tick: Tick = _no_tick) -> None:
    """Save like ``Workbook.save`` does, ticking after each sheet."""
    workbook.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _TickingWriter(workbook, archive, tick).write_data()


def write_board_pack(data: BoardPackData, path: Path, tick: Tick = _no_tick) -> int:
    """Write the pack to ``path``; returns the number of sheets."""
    workbook = build_workbook(data, tick)
    save_workbook(workbook, path, tick)
    tick()
    return len(workbook.worksheets)
