"""Dates and periods; a period means its end date."""

import datetime as dt

import pytest

from benefitdesk.exchange.dates import (
    excel_serial,
    from_excel_serial,
    month_end,
    parse_date,
)
from benefitdesk.exchange.errors import CellError

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2025, 3, 31), D(2025, 3, 31)),
        (dt.datetime(2025, 3, 31, 17, 45), D(2025, 3, 31)),
        (45747, D(2025, 3, 31)),  # Excel serial
        (45747.0, D(2025, 3, 31)),
        (45747.75, D(2025, 3, 31)),  # serial with a time of day
        ("45747", D(2025, 3, 31)),  # serial as text, as CSV exports write it
        ("2025-03-31", D(2025, 3, 31)),
        ("2025/3/31", D(2025, 3, 31)),
        ("2025-03-31T10:00:00Z", D(2025, 3, 31)),
        ("2025-03-31 10:00", D(2025, 3, 31)),
        ("20250331", D(2025, 3, 31)),
        ("31/03/2025", D(2025, 3, 31)),
        ("31.03.2025", D(2025, 3, 31)),
        ("31-03-25", D(2025, 3, 31)),
        ("1/2/2025", D(2025, 2, 1)),  # day first by default
        ("31/03/2025 14:30", D(2025, 3, 31)),
        ("31 Mar 2025", D(2025, 3, 31)),
        ("31-Mar-25", D(2025, 3, 31)),
        ("31st March 2025", D(2025, 3, 31)),
        ("March 31, 2025", D(2025, 3, 31)),
        ("Mar-2025", D(2025, 3, 31)),
        ("March 2025", D(2025, 3, 31)),
        ("Mar 25", D(2025, 3, 31)),
        ("mar'25", D(2025, 3, 31)),
        ("Feb-2024", D(2024, 2, 29)),
        ("Sept 2024", D(2024, 9, 30)),
        ("2025 Mar", D(2025, 3, 31)),
        ("2025-03", D(2025, 3, 31)),
        ("2025/03", D(2025, 3, 31)),
        ("03/2025", D(2025, 3, 31)),
        ("Q1 2025", D(2025, 3, 31)),
        ("q2-2025", D(2025, 6, 30)),
        ("2025 Q3", D(2025, 9, 30)),
        ("2025-Q4", D(2025, 12, 31)),
        ("Q1/25", D(2025, 3, 31)),
        ("Q1'25", D(2025, 3, 31)),
        ("1Q25", D(2025, 3, 31)),
        ("FY2025 Q1", D(2025, 3, 31)),  # calendar fiscal year by default
        ("Q2 FY25", D(2025, 6, 30)),
        ("H1 2025", D(2025, 6, 30)),
        ("H2 2025", D(2025, 12, 31)),
        ("2025 H1", D(2025, 6, 30)),
        ("2025-W13", D(2025, 3, 30)),  # ISO week: its Sunday
        ("2025W01-1", D(2024, 12, 30)),
        ("  Mar-2025\n", D(2025, 3, 31)),
    ],
)
def test_parse_date(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["", " ", None, "-", "n/a", "TBC"])
def test_blank_is_none(value: object) -> None:
    assert parse_date(value) is None


def test_month_first_option() -> None:
    assert parse_date("03/31/2025", day_first=False) == D(2025, 3, 31)
    assert parse_date("1/2/2025", day_first=False) == D(2025, 1, 2)


def test_year_alone_only_when_allowed() -> None:
    for value in ("2025", 2025.0, 2025, "FY2025", "fy25"):
        assert parse_date(value, allow_year=True) == D(2025, 12, 31)
    with pytest.raises(CellError) as info:
        parse_date("2025")
    assert str(info.value) == '"2025" is a year, not a date; give a month, quarter or day'
    with pytest.raises(CellError, match=r"^2025 is a year, not a date"):
        parse_date(2025.0)


def test_fiscal_quarters_with_april_start() -> None:
    """A fiscal year is named after the year it ends in: FY2025 = Apr 2024 - Mar 2025."""
    assert parse_date("FY2025 Q1", fy_start_month=4) == D(2024, 6, 30)
    assert parse_date("FY25 Q4", fy_start_month=4) == D(2025, 3, 31)
    assert parse_date("H2 FY2025", fy_start_month=4) == D(2025, 3, 31)
    assert parse_date("FY2025", allow_year=True, fy_start_month=4) == D(2025, 3, 31)
    assert parse_date("Q1 2025", fy_start_month=4) == D(2025, 3, 31)  # no FY: calendar


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", '"abc" is not a date'),
        ("31/02/2025", '"31/02/2025" is not a valid date (read day first: dd/mm/yyyy)'),
        ("03/31/2025", '"03/31/2025" is not a valid date (read day first: dd/mm/yyyy)'),
        ("2025-02-30", '"2025-02-30" is not a valid date'),
        ("Foo 2025", '"Foo 2025" is not a date: "foo" is not a month'),
        ("Q5 2025", '"Q5 2025" is not a date: "Q5" is not a quarter'),
        ("H3 2025", '"H3 2025" is not a date: "H3" is not a half'),
        ("25-Mar", '"25-Mar" is not a date'),  # no year: refuse rather than guess one
        (True, "TRUE is not a date"),
        (dt.time(9, 0), "09:00:00 is a time, not a date"),
        (dt.timedelta(hours=3), "3:00:00 is a time, not a date"),
        (0, "0 is not a date"),
        (3_000_000, "3000000 is not a date"),
        (60, "60 is Excel's 29/02/1900, a day that does not exist"),
    ],
)
def test_parse_date_errors(value: object, message: str) -> None:
    with pytest.raises(CellError) as info:
        parse_date(value)
    assert str(info.value) == message


def test_month_first_hint() -> None:
    with pytest.raises(CellError, match=r"\(read month first: mm/dd/yyyy\)$"):
        parse_date("31/03/2025", day_first=False)


def test_excel_serials_around_the_1900_leap_bug() -> None:
    assert from_excel_serial(1) == D(1900, 1, 1)
    assert from_excel_serial(59) == D(1900, 2, 28)
    assert from_excel_serial(61) == D(1900, 3, 1)
    assert from_excel_serial(2_958_465) == D(9999, 12, 31)
    assert excel_serial(D(2025, 3, 31)) == 45747


def test_month_end() -> None:
    assert month_end(2024, 2) == D(2024, 2, 29)
    assert month_end(2025, 12) == D(2025, 12, 31)
