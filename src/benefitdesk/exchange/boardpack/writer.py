"""Assemble the board pack workbook with XlsxWriter and save it, one sheet at a time.

XlsxWriter writes a workbook it never has to read back, through its public API only:
native charts, print titles, page breaks, footers and formats, at several times the
speed of building the same workbook as openpyxl objects. ``tick`` is called after each
sheet so the caller can report progress and stop a cancelled export between sheets
(nothing is written to disk before the final save).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from benefitdesk.exchange.boardpack.benefit_sheets import WIDTHS as BENEFIT_WIDTHS
from benefitdesk.exchange.boardpack.benefit_sheets import write_benefit_sheet
from benefitdesk.exchange.boardpack.charts import CHART_DATA, ChartData
from benefitdesk.exchange.boardpack.data import BoardPackData
from benefitdesk.exchange.boardpack.decisions import WIDTHS as DECISION_WIDTHS
from benefitdesk.exchange.boardpack.decisions import write_decisions
from benefitdesk.exchange.boardpack.exceptions import WIDTHS as EXCEPTION_WIDTHS
from benefitdesk.exchange.boardpack.exceptions import write_exceptions
from benefitdesk.exchange.boardpack.looks import (
    DATE_FORMAT,
    FONT,
    NAVY,
    STATUS_CHART_COLOURS,
    Sheet,
    StyleBook,
)
from benefitdesk.exchange.boardpack.pages import DEFAULT_ROW, footer
from benefitdesk.exchange.boardpack.register import (
    FINDING_COLUMNS,
    REGISTER_COLUMNS,
    widths,
    write_findings,
    write_register,
)
from benefitdesk.exchange.boardpack.summary import WIDTHS as SUMMARY_WIDTHS
from benefitdesk.exchange.boardpack.summary import write_summary

SUMMARY = "Summary"
EXCEPTIONS = "Exceptions"
DECISIONS = "Decisions"
REGISTER = "Register"
FINDINGS = "Definitions"
MAIN_SHEETS = (SUMMARY, EXCEPTIONS, DECISIONS)
APPENDIX_SHEETS = (REGISTER, FINDINGS)
#: Above this many sheets the pack is held in temporary files while it is saved, not
#: in memory: measured, a 960-sheet pack peaks at 430 MB in memory (270 MB with files,
#: at 1.4× the time), so a 10,000-sheet pack would need gigabytes.
IN_MEMORY_SHEETS = 1_000

#: Characters Excel refuses in a sheet name; "History" is reserved by Excel itself.
_INVALID_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED = frozenset({"history"})
MAX_NAME = 31

Tick = Callable[[], None]


def _no_tick() -> None:
    return None


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid sheet name from ``text``, unique (ignoring case) among ``taken``.

    Adds the name, case-folded, to ``taken``.
    """
    name = _INVALID_NAME.sub("_", text).strip().strip("'")
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
    taken = {name.casefold() for name in (*MAIN_SHEETS, *APPENDIX_SHEETS, CHART_DATA)}
    return {code: sheet_name(code, taken) for code in codes}


def sheet_count(appendix_benefits: int | None) -> int:
    """Sheets a reader sees: the three main ones, plus the appendix when there is one."""
    if appendix_benefits is None:
        return len(MAIN_SHEETS)
    return len(MAIN_SHEETS) + len(APPENDIX_SHEETS) + appendix_benefits


def step_count(data: BoardPackData) -> int:
    """Units of work ``write_board_pack`` ticks through: every sheet, then the save."""
    appendix = len(data.appendix.benefits) if data.appendix else None
    return sheet_count(appendix) + 1


def _sheet(
    workbook: xlsxwriter.Workbook, styles: StyleBook, name: str, widths: Iterable[float]
) -> Sheet:
    ws = workbook.add_worksheet(name)
    ws.set_default_row(DEFAULT_ROW)
    return Sheet(ws, styles, list(widths))


def write_board_pack(data: BoardPackData, path: Path, tick: Tick = _no_tick) -> int:
    """Write the pack to ``path``; returns the number of sheets a reader sees."""
    appendix = data.appendix
    sheets = sheet_count(len(appendix.benefits) if appendix else None)
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "in_memory": sheets <= IN_MEMORY_SHEETS,
            "tmpdir": str(path.parent),
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_format_properties": {"font_name": FONT, "font_size": 10},
        },
    )
    workbook.set_properties(
        {"title": f"{data.name} board pack {data.as_of.isoformat()}", "author": "BenefitDesk"}
    )
    styles = StyleBook(workbook, data.currency)
    chart_data = ChartData()

    summary = _sheet(workbook, styles, SUMMARY, SUMMARY_WIDTHS)
    summary.ws.set_tab_color(NAVY)
    write_summary(summary, data, workbook, chart_data)
    tick()
    write_exceptions(
        _sheet(workbook, styles, EXCEPTIONS, EXCEPTION_WIDTHS), data, workbook, chart_data
    )
    tick()
    write_decisions(_sheet(workbook, styles, DECISIONS, DECISION_WIDTHS), data)
    tick()
    if appendix is not None:
        names = benefit_sheet_names(v.code for v in appendix.benefits)
        write_register(_sheet(workbook, styles, REGISTER, widths(REGISTER_COLUMNS)), data, names)
        tick()
        write_findings(_sheet(workbook, styles, FINDINGS, widths(FINDING_COLUMNS)), data)
        tick()
        for view in appendix.benefits:
            sheet = _sheet(workbook, styles, names[view.code], BENEFIT_WIDTHS)
            sheet.ws.set_tab_color(STATUS_CHART_COLOURS.get(view.result.status, "#A6A6A6"))
            write_benefit_sheet(
                sheet,
                view,
                as_of=data.as_of,
                footer=footer(data),
                paper=data.paper,
                back_to=REGISTER,
                workbook=workbook,
                chart_data=chart_data,
            )
            tick()
    chart_data.write(
        workbook.add_worksheet(CHART_DATA),
        {
            "date": workbook.add_format({"num_format": DATE_FORMAT}),
            "number": None,
            "title": workbook.add_format({"bold": True}),
        },
    )
    try:
        workbook.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise cause or OSError(str(exc)) from exc
    finally:
        _release(workbook)
    tick()
    return sheets


def _release(workbook: xlsxwriter.Workbook) -> None:
    """Let the sheets' contents go now, sheet by sheet, once the workbook is saved.

    A workbook, its worksheets and charts refer to each other, so once dropped their
    contents (a million objects in a 1,000-benefit pack with its appendix: cells, row
    sizes, chart series) wait for the cycle collector, whose one pass over them held
    every thread, the window's too, for half a second
    (benchmarks/bench_responsiveness.py). Emptied here, they are freed by reference
    counting in small pieces on the exporting thread.
    """
    for part in (*workbook.worksheets(), *workbook.charts, workbook):
        for value in vars(part).values():
            if isinstance(value, dict | list | set):
                value.clear()
