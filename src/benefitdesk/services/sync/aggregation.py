"""Rows of one period become one figure, dated at the period's end.

`last` keeps the value of the latest date in the period (on the same date, the row
read later wins); `sum` and `mean` add exactly (Shewchuk's algorithm, as `math.fsum`),
so an export that lists the same rows in another order gives the same figure and a
re-run changes nothing; `count` counts rows. Figures are keyed by the target code, so
several source keys mapped to one benefit are combined by the same rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from benefitdesk.analysis.periods import period_end


@dataclass(frozen=True, slots=True)
class Figure:
    code: str
    date: date  # period end
    value: float
    rows: int  # source rows combined into it


class _Cell:
    """What one (code, period) has seen so far."""

    __slots__ = ("count", "last_day", "last_value", "partials")

    def __init__(self, day: date, value: float) -> None:
        self.last_day, self.last_value, self.count = day, value, 1
        self.partials: list[float] = [value]

    def add(self, day: date, value: float) -> None:
        if day >= self.last_day:
            self.last_day, self.last_value = day, value
        self.count += 1
        _exact_add(self.partials, value)


def _exact_add(partials: list[float], x: float) -> None:
    """Add `x` to a list of non-overlapping partial sums (the `msum` recipe)."""
    i = 0
    for y in partials:
        if abs(x) < abs(y):
            x, y = y, x
        hi = x + y
        lo = y - (hi - x)
        if lo:
            partials[i] = lo
            i += 1
        x = hi
    partials[i:] = [x]


class Aggregator:
    """Collects (code, date, value) rows and gives one `Figure` per code and period."""

    def __init__(self, aggregate: str, period: str) -> None:
        if aggregate not in ("last", "sum", "mean", "count"):
            raise ValueError(f"unknown aggregate {aggregate!r}")
        period_end(date(2000, 1, 1), period)  # fails loudly on an unknown period
        self.aggregate, self.period = aggregate, period
        self.cells: dict[tuple[str, date], _Cell] = {}
        self._ends: dict[date, date] = {}

    def add(self, code: str, day: date, value: float = 0.0) -> None:
        end = self._ends.get(day)
        if end is None:
            end = self._ends[day] = period_end(day, self.period)
        cell = self.cells.get((code, end))
        if cell is None:
            self.cells[(code, end)] = _Cell(day, value)
        else:
            cell.add(day, value)

    def _value(self, cell: _Cell) -> float:
        match self.aggregate:
            case "last":
                return cell.last_value
            case "sum":
                return math.fsum(cell.partials)
            case "mean":
                return math.fsum(cell.partials) / cell.count
            case _:
                return float(cell.count)

    def figures(self) -> list[Figure]:
        """One figure per (code, period end), in code then date order."""
        return [
            Figure(code, end, self._value(cell), cell.count)
            for (code, end), cell in sorted(self.cells.items())
        ]

    def __len__(self) -> int:
        return len(self.cells)
