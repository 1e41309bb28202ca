"""Wide sheets: one row per benefit (or indicator), one column per period.

Measurements and plans often come this way: `Jan-2025`, `2025-02`, `Q1 2025`, real
date cells, or fiscal years as column headers. A header row is wide when it has a key
column (a benefit or indicator code) and at least two period columns; each period is
read as its END date (see `dates`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from benefitdesk.exchange.errors import Problem, column_letter
from benefitdesk.exchange.grid import CellValue, Grid, Row
from benefitdesk.exchange.headers import header_text, lookup, normalise, rows_of
from benefitdesk.exchange.periods import header_period, part_of_year

_WIDE_KEY = {"measurements": "benefit", "indicator_measurements": "indicator"}
_PLAUSIBLE_YEARS = range(1950, 2151)


@dataclass(frozen=True, slots=True)
class WideLayout:
    """One row per benefit (the key column), one column per period (its END date)."""

    key_col: int
    period_cols: dict[int, dt.date]
    other_cols: dict[int, str]  # e.g. Title, Unit: not read as measurements
    repeated: dict[int, dt.date]  # columns whose period an earlier column already has
    year_col: int | None = None  # "Year" beside "Q1".."Q4": each row says its year
    part_cols: dict[int, tuple[str, int]] = field(default_factory=dict)  # index → ("q", 1)
    assumed: str | None = None  # what was assumed to read the periods (a fiscal start)

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


_YEAR_HEADERS = frozenset(
    normalise(h) for h in ("Year", "FY", "Financial Year", "Fiscal Year", "Yr", "Reporting Year")
)


def _parts(
    header_cells: Sequence[CellValue], key_col: int
) -> tuple[int | None, dict[int, tuple[str, int]]]:
    """A year column and the quarter, half or month columns beside it."""
    year_col = next(
        (
            i
            for i, c in enumerate(header_cells)
            if i != key_col and isinstance(c, str) and normalise(c) in _YEAR_HEADERS
        ),
        None,
    )
    parts = {i: p for i, c in enumerate(header_cells) if (p := part_of_year(c)) is not None}
    return (year_col, parts) if year_col is not None and len(parts) >= 2 else (None, {})


def detect_wide_layout(
    header_cells: Sequence[CellValue],
    kind: str = "measurements",
    *,
    min_periods: int = 2,
    day_first: bool = True,
    fy_start_month: int = 1,
    start_year: int | None = None,
) -> WideLayout | None:
    """A wide header: a key column (benefit code, or indicator code for indicator
    measurements) and at least `min_periods` columns whose headers are periods (or a
    year column and columns Q1..Q4, H1, H2 or Jan..Dec)."""
    key_field, table = _WIDE_KEY[kind], lookup(kind)
    key_col: int | None = None
    periods: dict[int, dt.date] = {}
    others: dict[int, str] = {}
    repeated: dict[int, dt.date] = {}
    assumed: str | None = None
    for i, cell in enumerate(header_cells):
        period = header_period(
            cell, day_first=day_first, fy_start=fy_start_month, start_year=start_year
        )
        day = period.end if period is not None else None
        assumed = assumed or (period.assumed if period is not None else None)
        if day is not None:
            if day in periods.values():
                repeated[i] = day
            else:
                periods[i] = day
        elif key_col is None and isinstance(cell, str) and table.get(normalise(cell)) == key_field:
            key_col = i
        elif cell != "":
            others[i] = header_text(cell)
    if key_col is None:
        return None
    if len(periods) < min_periods:
        year_col, parts = _parts(header_cells, key_col)
        if year_col is None:
            return None
        others = {i: t for i, t in others.items() if i not in parts and i != year_col}
        return WideLayout(key_col, {}, others, {}, year_col, parts)
    return WideLayout(key_col, periods, others, repeated, assumed=assumed)


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
    start_year: int | None = None,
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
            start_year=start_year,
        )
        size = len(layout.period_cols) + len(layout.part_cols) if layout else 0
        if layout and (
            best is None or size > len(best.layout.period_cols) + len(best.layout.part_cols)
        ):
            best = WideHeader(index, row, layout)
    return best
