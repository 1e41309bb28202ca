"""Measurement rows, long or wide, as compact tuples: the hot path of an import.

A measurement log can hold 100,000 rows, so rows become plain tuples (no object, no
dictionary per row) and the common cell types are recognised with one `type()` test
before falling back to the tolerant parsers of `values` and `dates`.

A `Figure` is `(code, day, value, note, source, row number, column index)`, the column
being the date cell of a long row or the period cell of a wide one (where a repeat is
reported). The code is the text as written (trimmed); the caller resolves it. A row without a
value is not an error (a collection template comes back with some periods left
empty): it is counted in `FigureStats.empty` and skipped.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from benefitdesk.exchange.errors import CellError, Problem, show
from benefitdesk.exchange.grid import CellValue, Row
from benefitdesk.exchange.headers import label
from benefitdesk.exchange.periods import end_of_part, year_of
from benefitdesk.exchange.values import parse_date, parse_number, parse_text
from benefitdesk.exchange.wide import WideLayout
from benefitdesk.services.importing.skip import is_total

Figure = tuple[str, dt.date, float, str | None, str | None, int, int]

SOURCES = frozenset({"manual", "import", "sync"})


def _blank(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class FigureStats:
    blank: frozenset[str] = frozenset()  # a mapping's words for "no value"
    decimal: str = "."
    fy_start: int = 1
    rows: int = 0  # data rows read
    empty: int = 0  # rows or cells without a value, skipped
    failed: int = 0  # rows (or wide cells) with a problem
    skipped: int = 0  # total rows
    last_row: int = 0  # the number of the last row read
    foreign_sources: int = 0  # Source values other than manual/import/sync
    problems: list[Problem] = field(default_factory=list)


def _code(row: Row, index: int, stats: FigureStats) -> str | None:
    value = row.get(index)
    try:
        return parse_text(value, single_line=True)
    except CellError as exc:  # pragma: no cover - text parsing only fails on length
        stats.problems.append(row.problem(index, str(exc)))
        return None


def _day(row: Row, index: int, stats: FigureStats) -> dt.date | None:
    value = row.get(index)
    if type(value) is dt.datetime:
        return value.date()
    try:
        return parse_date(value)
    except CellError as exc:
        stats.problems.append(row.problem(index, str(exc)))
        return None


def _value(row: Row, index: int, stats: FigureStats, decimal: str = ".") -> float | None:
    value = row.get(index)
    if type(value) is str and _blank(value) in stats.blank:
        return None
    try:
        number = parse_number(value, decimal=decimal)
    except CellError as exc:
        stats.problems.append(row.problem(index, str(exc)))
        raise
    if number is not None and not math.isfinite(number):  # pragma: no cover
        stats.problems.append(row.problem(index, f"{show(value)} is not a number"))
        raise CellError("not finite")
    return number


def _source(value: CellValue, stats: FigureStats) -> str | None:
    if value == "":
        return None
    text = str(value).strip().casefold()
    if text in SOURCES:
        return text
    stats.foreign_sources += 1
    return None


def long_figures(
    rows: Iterable[Row],
    kind: str,
    fields: dict[str, int],
    stats: FigureStats,
) -> Iterator[Figure]:
    """Figures from a long sheet: one per row with a code, a date and a value.

    The loop runs once per row of a 100,000-row log, so the usual cells (text code,
    date cell, number cell, source as exported) are taken without a function call.
    """
    key = "benefit" if kind == "measurements" else "indicator"
    ci, di, vi = fields[key], fields["date"], fields["value"]
    ni, si = fields.get("note", -1), fields.get("source", -1)
    width = max(ci, di, vi, ni, si) + 1
    date_type, float_type, str_type = dt.date, float, str
    problems = stats.problems
    sources = SOURCES
    read = 0
    for row in rows:
        read += 1
        v = row[3]  # row.values, without the named-tuple property
        if len(v) < width:
            v = v + [""] * (width - len(v))
        value = v[vi]
        if type(value) is not float_type or value != value:
            if value == "" or (type(value) is str_type and value.isspace()):
                stats.empty += 1
                continue
            try:
                number = _value(row, vi, stats, stats.decimal)
            except CellError:
                stats.failed += 1
                continue
            if number is None:
                stats.empty += 1
                continue
            value = number
        code = v[ci]
        code = code.strip() if type(code) is str_type else _code(row, ci, stats) or ""
        day = v[di]
        if type(day) is not date_type:
            if is_total(code):
                stats.skipped += 1
                continue
            parsed = _day(row, di, stats)
            if parsed is None:
                if day == "":
                    problems.append(row.problem(di, f"{label(kind, 'date')} is required"))
                stats.failed += 1
                continue
            day = parsed
        if not code:
            problems.append(row.problem(ci, f"{label(kind, key)} is required"))
            stats.failed += 1
            continue
        note = v[ni] if ni >= 0 else None
        if note is not None:
            note = (note.strip() or None) if type(note) is str_type else parse_text(note)
        source = None
        if si >= 0:
            cell = v[si]
            source = cell if type(cell) is str_type and cell in sources else _source(cell, stats)
        yield (code, day, value, note, source, row[1], di)
    stats.rows += read
    if read:
        stats.last_row = row[1]


def _periods(row: Row, layout: WideLayout, stats: FigureStats) -> list[tuple[int, dt.date]]:
    """The (column, period end) pairs of one wide row: the header's periods, or the
    row's year with the quarter, half or month of each part column."""
    if layout.year_col is None:
        return sorted(layout.period_cols.items())
    year = year_of(row.get(layout.year_col))
    if year is None:
        cell = row.get(layout.year_col)
        if cell != "":
            stats.problems.append(row.problem(layout.year_col, f"{show(cell)} is not a year"))
        return []
    return [
        (i, end_of_part(year[0], year[1], part, stats.fy_start))
        for i, part in sorted(layout.part_cols.items())
    ]


def wide_figures(
    rows: Iterable[Row], kind: str, layout: WideLayout, stats: FigureStats
) -> Iterator[Figure]:
    """Figures from a wide sheet: one per filled period cell of each row."""
    key = "benefit" if kind == "measurements" else "indicator"
    for row in rows:
        stats.rows += 1
        stats.last_row = row.number
        code = _code(row, layout.key_col, stats)
        if is_total(code):
            stats.skipped += 1
            continue
        filled: list[tuple[dt.date, float, int]] = []
        for index, day in _periods(row, layout, stats):
            try:
                value = _value(row, index, stats, stats.decimal)
            except CellError:
                stats.failed += 1
                continue
            if value is None:
                stats.empty += 1
            else:
                filled.append((day, value, index))
        if not filled:
            continue
        if not code:
            stats.problems.append(row.problem(layout.key_col, f"{label(kind, key)} is required"))
            stats.failed += len(filled)
            continue
        for day, value, index in filled:
            yield (code, day, value, None, None, row.number, index)
