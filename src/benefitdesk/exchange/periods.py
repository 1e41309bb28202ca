"""Periods named in column headers: plans and actuals laid out one column per period.

Besides the dates and periods `dates.parse_date` reads ("Mar-2026", "Q1 2026", "FY2027",
a date cell), headers name periods in ways that need a little more:

- split fiscal years: "FY2026/27", "2026-27", "y1_2026_27" (the fiscal year ending in
  2027; the fiscal year starts in `fiscal_year_start`, April when not given, which is
  said);
- relative years: "Y1" … "Y5", "Year 1" (the first starts in `start_year`, which a
  mapping gives; without it such columns are not read, and that is said);
- parts of a year beside a year column: "Q1" … "Q4", "H1", "H2", "Jan" … "Dec", each
  row's year (or fiscal year) saying which.

Every period is read as its END date: a benefit figure is dated at the end of the
period it covers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from benefitdesk.exchange.dates import fiscal_end, parse_date
from benefitdesk.exchange.errors import CellError
from benefitdesk.exchange.rows import CellValue

#: The fiscal year start taken when a header writes a split year and none is given.
DEFAULT_FISCAL_START = 4
_PLAUSIBLE = range(1950, 2151)
_FY = re.compile(r"^(?:fy|financial year|fiscal year)[\s\-]*")
_SPLIT = re.compile(r"'?(\d{4}|\d{2})[/\-_](\d{2}|\d{4})")
_RELATIVE_SPLIT = re.compile(r"(?:y|yr|year)\s*(\d{1,2})[\s_\-:]+(.+)")
_RELATIVE = re.compile(r"(?:y|yr|year)\s*(\d{1,2})")
_PART = re.compile(r"(q|h)\s*([1-4])")


@dataclass(frozen=True, slots=True)
class Period:
    """A period a header names: its end date, and what was assumed to read it."""

    end: dt.date
    assumed: str | None = None


def _year4(text: str, century_from: int | None = None) -> int:
    year = int(text)
    if len(text) == 2:
        base = (century_from // 100) * 100 if century_from else 2000
        year += base
        if century_from and year < century_from:
            year += 100
    return year


def _split(text: str) -> re.Match[str] | None:
    """ "FY 2026-2027", "2026/27", "fy26-27" as (first year, last year)."""
    return _SPLIT.fullmatch(re.sub(r"\s*[/\-_ ]\s*", "-", _FY.sub("", text).strip()))


def _split_year(text: str, fy_start: int | None) -> Period | None:
    match = _split(text)
    if match is None:
        return None
    first = _year4(match[1])
    last = _year4(match[2], first)
    if last != first + 1 or last not in _PLAUSIBLE:
        return None
    start = fy_start if fy_start and fy_start != 1 else DEFAULT_FISCAL_START
    assumed = None if fy_start and fy_start != 1 else "fiscal years read as starting in April"
    return Period(fiscal_end(last, start, 12), assumed)


def header_period(
    cell: CellValue,
    *,
    day_first: bool = True,
    fy_start: int | None = None,
    start_year: int | None = None,
) -> Period | None:
    """The period a column header names, or None."""
    if cell == "" or isinstance(cell, bool):
        return None
    if isinstance(cell, str):
        text = " ".join(cell.replace("_", " ").split()).casefold()
        if match := _RELATIVE_SPLIT.fullmatch(text):  # "y1 2026 27": the years decide
            text = match[2]
        if (found := _split_year(text, fy_start)) is not None:
            return found
        if match := _RELATIVE.fullmatch(text):
            if start_year is None:
                return None
            first = start_year + int(match[1]) - 1
            start = fy_start or 1
            return Period(fiscal_end(first + (1 if start != 1 else 0), start, 12))
    try:
        day = parse_date(cell, allow_year=True, day_first=day_first, fy_start_month=fy_start or 1)
    except CellError:
        return None
    return Period(day) if day is not None and day.year in _PLAUSIBLE else None


def relative_years(cells: list[CellValue]) -> bool:
    """Whether headers name years relative to an unstated start ("Y1", "Year 2")."""
    return any(
        isinstance(c, str) and _RELATIVE.fullmatch(" ".join(c.replace("_", " ").split()).casefold())
        for c in cells
    )


def part_of_year(cell: CellValue) -> tuple[str, int] | None:
    """("q", 1) for "Q1", ("h", 2) for "H2", ("m", 3) for "Mar"; None otherwise."""
    if not isinstance(cell, str):
        return None
    text = " ".join(cell.split()).casefold().rstrip(".")
    if match := _PART.fullmatch(text):
        return match[1], int(match[2])
    for number in range(1, 13):
        if text in (calendar.month_abbr[number].casefold(), calendar.month_name[number].casefold()):
            return "m", number
    return None


def year_of(cell: CellValue) -> tuple[int, bool] | None:
    """The year a row's year cell gives: (the year a fiscal year ends in, True) for
    "FY2026/27" or "FY27", (the calendar year, False) for 2026."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        year = int(cell)
        return (year, False) if year in _PLAUSIBLE else None
    if not isinstance(cell, str):
        return None
    text = " ".join(cell.split()).casefold()
    if match := _split(text):
        first = _year4(match[1])
        last = _year4(match[2], first)
        return (last, True) if last == first + 1 and last in _PLAUSIBLE else None
    if match := re.fullmatch(r"(fy|financial year|fiscal year)?\s*'?(\d{4}|\d{2})", text):
        year = _year4(match[2])
        return (year, bool(match[1])) if year in _PLAUSIBLE else None
    return None


def end_of_part(year: int, fiscal: bool, part: tuple[str, int], fy_start: int) -> dt.date:
    """The end of quarter, half or month `part` of `year` (a fiscal year named by the
    year it ends in, when `fiscal`)."""
    kind, number = part
    start = fy_start if fiscal else 1
    if kind == "m":  # a month named: the one of that name within the (fiscal) year
        first_year = year if start == 1 else year - 1
        month_year = first_year if number >= start else first_year + 1
        return fiscal_end(month_year, 1, number)
    months = 3 * number if kind == "q" else 6 * number
    return fiscal_end(year, start, months)
