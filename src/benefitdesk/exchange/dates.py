"""Dates and reporting periods as people write them in registers and exports.

A period written as text ("Mar-2025", "2025-03", "Q1 2025", "H1 2025") means the
period's END date, because a benefit measurement is dated at the end of the period it
covers. Quarters and halves are calendar ones unless written with "FY" and a fiscal
year start is given; a fiscal year is named after the calendar year it ends in
(with an April start, FY2025 runs from April 2024 to March 2025).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from benefitdesk.exchange.errors import CellError, show
from benefitdesk.exchange.text import blank_like

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 in Excel's 1900 date system (after day 60)
MAX_SERIAL = 2_958_465  # 9999-12-31
# Whole numbers in this band are years, not serials: serial 2025 is 17 July 1905, a date
# nobody means in a benefit register, while 2025 is a year everybody does.
_YEAR_BAND = range(1900, 2201)

_MONTHS: dict[str, int] = {"sept": 9}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].casefold()] = _i
    _MONTHS[calendar.month_abbr[_i].casefold()] = _i

_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?(?:z|[+-]\d{2}:?\d{2})?)?"
_YEAR = r"(\d{4}|\d{2})"
_SEP = r"[\s\-/.']*"

Parser = Callable[[re.Match[str], bool, int], dt.date]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def excel_serial(day: dt.date) -> int:
    """The Excel (1900 system) serial number of a date on or after 1 March 1900."""
    return (day - EXCEL_EPOCH).days


def from_excel_serial(serial: float) -> dt.date:
    """A date from an Excel serial; a time of day (the fraction) is dropped.

    Excel counts a 29 February 1900 that never was (serial 60), so serials 1-59 are one
    day off the plain count.
    """
    whole = int(serial)
    if not 1 <= whole <= MAX_SERIAL:
        raise CellError(f"{show(serial)} is not a date")
    if whole == 60:
        raise CellError("60 is Excel's 29/02/1900, a day that does not exist")
    return EXCEL_EPOCH + dt.timedelta(days=whole + (1 if whole < 60 else 0))


def _year(text: str) -> int:
    """Four digits as is; two digits as Excel reads them (00-29 → 20xx, 30-99 → 19xx)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


def _month(word: str) -> int:
    try:
        return _MONTHS[word.casefold()]
    except KeyError:
        raise CellError(f'"{word}" is not a month') from None


def fiscal_end(fy_year: int, start_month: int, months: int) -> dt.date:
    """End of the first `months` months of fiscal year `fy_year`."""
    first_year = fy_year if start_month == 1 else fy_year - 1
    index = first_year * 12 + (start_month - 1) + months - 1
    return month_end(index // 12, index % 12 + 1)


def _period(kind: str, number: int, year: int, fiscal: bool, fy_start: int) -> dt.date:
    span = 3 if kind == "q" else 6
    if not 1 <= number <= 12 // span:
        raise CellError(f'"{kind.upper()}{number}" is not a {"quarter" if span == 3 else "half"}')
    return fiscal_end(year, fy_start if fiscal else 1, number * span)


def _iso(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def _numeric(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    a, b = int(m[1]), int(m[2])
    day, month = (a, b) if day_first else (b, a)
    return dt.date(_year(m[3]), month, day)


def _day_month_year(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return dt.date(_year(m[3]), _month(m[2]), int(m[1]))


def _month_day_year(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return dt.date(int(m[3]), _month(m[1]), int(m[2]))


def _month_year(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return month_end(_year(m[2]), _month(m[1]))


def _year_month_name(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return month_end(int(m[1]), _month(m[2]))


def _year_month(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return month_end(int(m[1]), int(m[2]))


def _month_slash_year(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return month_end(int(m[2]), int(m[1]))


def _period_first(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return _period(m["p"], int(m["n"]), _year(m["y"]), bool(m["fy"]), fy)


def _iso_week(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return dt.date.fromisocalendar(int(m[1]), int(m[2]), int(m[3] or 7))


def _year_first_period(m: re.Match[str], day_first: bool, fy: int) -> dt.date:
    return _period(m["p"], int(m["n"]), _year(m["y"] or m["y4"]), bool(m["fy"]), fy)


_FY_YEAR = r"(?:(?P<fy>fy)[\s'\-]*(?P<y>\d{4}|\d{2})|(?P<y4>\d{4}))"
_PERIOD_YEAR = rf"{_SEP}(?P<fy>fy)?[\s']*(?P<y>\d{{4}}|\d{{2}})"

# Tried in order on squashed, case-folded text; the first full match decides. Periods
# come first: "q1 2025" would otherwise pass for a month named "q".
_PATTERNS: list[tuple[re.Pattern[str], Parser]] = [
    (re.compile(rf"(?P<p>[qh])(?P<n>\d){_PERIOD_YEAR}"), _period_first),
    (re.compile(rf"(?P<n>\d)(?P<p>[qh]){_PERIOD_YEAR}"), _period_first),
    (re.compile(rf"{_FY_YEAR}[\s\-/]*(?P<p>[qh])(?P<n>\d)"), _year_first_period),
    (re.compile(r"(\d{4})-?w(\d{1,2})(?:-?([1-7]))?"), _iso_week),
    (re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}"), _iso),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), _iso),
    (re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.]{_YEAR}{_TIME}"), _numeric),
    (
        re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?{_SEP}([a-z]+)\.?,?{_SEP}{_YEAR}{_TIME}"),
        _day_month_year,
    ),
    (re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"), _month_day_year),
    (re.compile(rf"([a-z]+)\.?{_SEP}{_YEAR}"), _month_year),
    (re.compile(r"(\d{4})[\s\-/.]*([a-z]+)"), _year_month_name),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), _year_month),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), _month_slash_year),
]
_YEAR_ONLY = re.compile(_FY_YEAR)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def parse_date(
    value: object,
    *,
    day_first: bool = True,
    allow_year: bool = False,
    fy_start_month: int = 1,
) -> dt.date | None:
    """A date from a date cell, an Excel serial number or text.

    Text: ISO "2025-03-31"; "31/03/2025", "31.03.2025", "31-03-25" (day first unless
    `day_first=False`); "31 Mar 2025", "March 31, 2025"; month periods "Mar-2025",
    "March 2025", "Mar 25", "2025-03", "03/2025" → month end; "Q1 2025", "2025-Q1",
    "1Q25", "FY2025 Q1" → quarter end; "H1 2025" → 30 June; "2025-W13" → that Sunday.
    A year alone ("2025", "FY25", or the number 2025) is a year end only with
    `allow_year`, since in a date column it is usually a slip.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"{show(value)} is not a date")
    if isinstance(value, dt.time | dt.timedelta):
        raise CellError(f"{show(value)} is a time, not a date")
    if isinstance(value, int | float):
        return _from_number(value, allow_year, fy_start_month)
    if not isinstance(value, str):
        raise CellError(f"{show(value)} is not a date")
    text = " ".join(value.split()).casefold()
    if not text or blank_like(text):
        return None
    if (m := _YEAR_ONLY.fullmatch(text)) and (m["fy"] or int(m["y4"]) in _YEAR_BAND):
        if not allow_year:
            raise CellError(f"{show(value)} is a year, not a date; give a month, quarter or day")
        return fiscal_end(_year(m["y"] or m["y4"]), fy_start_month if m["fy"] else 1, 12)
    if _NUMBER.fullmatch(text) and not re.fullmatch(r"\d{8}", text):
        return _from_number(float(text), allow_year, fy_start_month)
    for pattern, parser in _PATTERNS:
        if m := pattern.fullmatch(text):
            try:
                return parser(m, day_first, fy_start_month)
            except CellError as exc:
                raise CellError(f"{show(value)} is not a date: {exc}") from None
            except ValueError:  # a day or month out of range
                hint = _order_hint(day_first) if parser is _numeric else ""
                raise CellError(f"{show(value)} is not a valid date{hint}") from None
    raise CellError(f"{show(value)} is not a date")


def _order_hint(day_first: bool) -> str:
    return " (read day first: dd/mm/yyyy)" if day_first else " (read month first: mm/dd/yyyy)"


def _from_number(number: float, allow_year: bool, fy_start_month: int) -> dt.date:
    number = float(number)
    if number.is_integer() and int(number) in _YEAR_BAND:
        if not allow_year:
            raise CellError(f"{show(number)} is a year, not a date; give a month, quarter or day")
        return fiscal_end(int(number), 1, 12)
    return from_excel_serial(number)
