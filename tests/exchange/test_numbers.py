"""Numbers as people type them in registers."""

import datetime as dt

import pytest

from benefitdesk.exchange.errors import CellError
from benefitdesk.exchange.values import parse_int, parse_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, 1234.5),
        (7, 7.0),
        (0.12, 0.12),  # a percent-formatted cell: the fraction, as stored
        ("1234.5", 1234.5),
        ("  42 ", 42.0),
        ("£1,234.50", 1234.5),
        ("$1,234,567.8", 1234567.8),
        ("€ 99", 99.0),
        ("¥5000", 5000.0),
        ("1,200 €", 1200.0),
        ("GBP 1,200", 1200.0),
        ("gbp1,200", 1200.0),
        ("1,200 USD", 1200.0),
        ("US$ 10", 10.0),
        ("(1,200)", -1200.0),
        ("(£1,200.50)", -1200.5),
        ("£(1,200)", -1200.0),
        ("-£1,200", -1200.0),
        ("£-1,200", -1200.0),
        ("−5", -5.0),  # Unicode minus
        ("1,200-", -1200.0),  # trailing minus (SAP exports)
        ("+3.5", 3.5),
        ("12%", 12.0),
        ("12.5 %", 12.5),
        ("-3%", -3.0),
        ("1.2m", 1_200_000.0),
        ("£1.2M", 1_200_000.0),
        ("3.5k", 3500.0),
        ("3.5 K", 3500.0),
        ("2bn", 2_000_000_000.0),
        ("£2.5 bn", 2_500_000_000.0),
        ("1.5 million", 1_500_000.0),
        ("2 thousand", 2000.0),
        ("4mn", 4_000_000.0),
        ("1 234 567.8", 1234567.8),
        ("1\u00a0234", 1234.0),  # non-breaking space as thousands separator
        ("1'234.5", 1234.5),
        ("1.2E+05", 120000.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("0", 0.0),
        ("(0)", 0.0),
    ],
)
def test_parse_number(value: object, expected: float) -> None:
    assert parse_number(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["", "   ", None, "-", "—", "n/a", "N/A", "TBC", "tbd"])
def test_blank_and_placeholders_are_none(value: object) -> None:
    assert parse_number(value) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", '"abc" is not a number'),
        ("1,23", '"1,23" is not a number'),  # not a thousands group: refuse, don't guess
        ("1.234,5", '"1.234,5" is not a number'),  # European text needs decimal=","
        ("12 kg", '"12 kg" is not a number'),
        ("5 mm", '"5 mm" is not a number'),
        ("12%k", '"12%k" is not a number'),
        ("£", '"£" is not a number'),
        ("1-2", '"1-2" is not a number'),
        ("#DIV/0!", "the cell shows the Excel error #DIV/0!; fix its formula"),
        (True, "TRUE is not a number"),
        (dt.date(2025, 3, 31), "2025-03-31 is not a number"),
        (dt.time(10, 30), "10:30:00 is not a number"),
        (float("nan"), "nan is not a number"),
    ],
)
def test_parse_number_errors(value: object, message: str) -> None:
    with pytest.raises(CellError) as info:
        parse_number(value)  # type: ignore[arg-type]
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.234,5", 1234.5), ("€ 1.234.567,89", 1234567.89), ("12,5%", 12.5), ("1 234,5", 1234.5)],
)
def test_decimal_comma(value: str, expected: float) -> None:
    assert parse_number(value, decimal=",") == expected


def test_parse_int() -> None:
    assert parse_int(3.0) == 3
    assert parse_int("2") == 2
    assert parse_int("1.2k") == 1200
    assert parse_int("") is None
    with pytest.raises(CellError, match=r'^"2.5" is not a whole number$'):
        parse_int("2.5")
