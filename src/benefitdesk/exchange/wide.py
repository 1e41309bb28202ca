"""Wide sheets: one row per benefit (or indicator), one column per period.

Measurements and plans often come this way: `Jan-2025`, `2025-02`, `Q1 2025`, real
date cells, or fiscal years as column headers. A header row is wide when it has a key
column (a benefit or indicator code) and at least two period columns; each period is
read as its END date (see `dates`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from benefitdesk.exchange.dates import parse_date
from benefitdesk.exchange.errors import CellError, Problem, column_letter
from benefitdesk.exchange.grid import CellValue, Grid, Row
from benefitdesk.exchange.headers import header_text, lookup, normalise, rows_of

_WIDE_KEY = {"measurements": "benefit", "indicator_measurements": "indicator"}
_PLAUSIBLE_YEARS = range(1950, 2151)


@dataclass(frozen=True, slots=True)
class WideLayout:
    """One row per benefit (the key column), one column per period (its END date)."""

    key_col: int
    period_cols: dict[int, dt.date]
    other_cols: dict[int, str]  # e.g. Title, Unit: not read as measurements
    repeated: dict[int, dt.date]  # columns whose period an earlier column already has

    def problems(self, header: Row) -> list[Problem]:
        first = {d: i for i, d in reversed(self.period_cols.items())}
        return [
            header.problem(
                i,
                f"period {d.isoformat()} repeats column "
                f"{column_letter(header.first_column - 1 + first[d])}",
            )
            for i, d in self.repeated.items()
        ]


def _period(cell: CellValue, day_first: bool, fy_start_month: int) -> dt.date | None:
    if cell == "" or isinstance(cell, bool):
        return None
    try:
        day = parse_date(cell, allow_year=True, day_first=day_first, fy_start_month=fy_start_month)
    except CellError:
        return None
    return day if day is not None and day.year in _PLAUSIBLE_YEARS else None


def detect_wide_layout(
    header_cells: Sequence[CellValue],
    kind: str = "measurements",
    *,
    min_periods: int = 2,
    day_first: bool = True,
    fy_start_month: int = 1,
) -> WideLayout | None:
    """A wide header: a key column (benefit code, or indicator code for indicator
    measurements) and at least `min_periods` columns whose headers are periods."""
    key_field, table = _WIDE_KEY[kind], lookup(kind)
    key_col: int | None = None
    periods: dict[int, dt.date] = {}
    others: dict[int, str] = {}
    repeated: dict[int, dt.date] = {}
    for i, cell in enumerate(header_cells):
        day = _period(cell, day_first, fy_start_month)
        if day is not None:
            if day in periods.values():
                repeated[i] = day
            else:
                periods[i] = day
        elif key_col is None and isinstance(cell, str) and table.get(normalise(cell)) == key_field:
            key_col = i
        elif cell != "":
            others[i] = header_text(cell)
    if key_col is None or len(periods) < min_periods:
        return None
    return WideLayout(key_col, periods, others, repeated)


@dataclass(frozen=True, slots=True)
class WideHeader:
    index: int
    row: Row
    layout: WideLayout


def find_wide_header(
    grid: Grid | Sequence[Row],
    kind: str = "measurements",
    max_scan: int = 30,
    *,
    min_periods: int = 2,
    day_first: bool = True,
    fy_start_month: int = 1,
) -> WideHeader | None:
    """The row among the first `max_scan` that is a wide header with the most periods."""
    best: WideHeader | None = None
    for index, row in enumerate(rows_of(grid)[:max_scan]):
        layout = detect_wide_layout(
            row.values,
            kind,
            min_periods=min_periods,
            day_first=day_first,
            fy_start_month=fy_start_month,
        )
        if layout and (best is None or len(layout.period_cols) > len(best.layout.period_cols)):
            best = WideHeader(index, row, layout)
    return best
