"""A benefit's plan written along its row: targets by year (`y1_2026_27` … `y5_2030_31`,
`FY2027`, `2027`, `Q1 2026`) in the columns of a register.

The period columns become the benefit's plan points (version 1, as a Plan sheet row
without a version); a cell that cannot be read leaves its point out, with a warning.
When the register gives no target, the last planned value is the target and its period
end the target date; when it gives no baseline date, the end of the period before the
first is (the baseline is where the plan starts from).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from benefitdesk.exchange.dates import month_end
from benefitdesk.exchange.errors import CellError, Problem
from benefitdesk.exchange.numbers import parse_number
from benefitdesk.services.importing.parse import ReadOptions, Record, ValueNotes


def period_before(ends: Sequence[dt.date]) -> dt.date | None:
    """The end of the period before the first of `ends` (periods of equal length)."""
    if len(ends) < 2:
        return None
    first, second = sorted(ends)[:2]
    months = (second.year - first.year) * 12 + second.month - first.month
    index = first.year * 12 + first.month - 1 - months
    return month_end(index // 12, index % 12 + 1)


def points(
    record: Record,
    columns: Mapping[int, dt.date],
    options: ReadOptions,
    notes: ValueNotes,
    problems: list[Problem],
) -> list[tuple[dt.date, float, int]]:
    """(period end, planned value, column) for the filled period cells of a row."""
    found = []
    factor = options.multipliers.get("target", 1.0)
    for index, end in sorted(columns.items(), key=lambda c: c[1]):
        value = record.row.get(index)
        dropped: list[str] = []
        try:
            number = parse_number(value, decimal=options.decimal, dropped=dropped)
        except CellError as exc:  # a register's plan: the point is left out, and said
            problems.append(record.row.problem(index, f"{exc}; no plan point", "warning"))
            continue
        for what in dropped:
            notes.note("dropped", what, record.row, index, f'"{value}" read as {number:g}')
        if number is not None:
            found.append((end, number * factor, index))
    return found


def complete(record: Record, planned: list[tuple[dt.date, float, int]], before: Any) -> None:
    """Target, target date and baseline date from the plan, where the row has none."""
    values = record.values
    if planned and not record.has("target"):
        values["target"] = planned[-1][1]
    if planned and not record.has("target_date"):
        values["target_date"] = planned[-1][0]
    if before is not None and not record.has("baseline_date"):
        values["baseline_date"] = before


def plan_records(
    code: str, record: Record, planned: list[tuple[dt.date, float, int]]
) -> list[Record]:
    """The plan points of one benefit as the Plan sheet's records."""
    return [
        Record(
            record.row,
            {"benefit": code, "date": end, "planned_value": value},
            {"benefit": 0, "date": index, "planned_value": index},
        )
        for end, value, index in planned
    ]
