"""Numbers as people type them in registers."""

import datetime as dt

import pytest

from benefitdesk.exchange.errors import CellError
from benefitdesk.exchange.numbers import infer_decimal
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


@pytest.mark.parametrize(
    "value",
    [
        *("", "   ", None, "-", "—", "n/a", "N/A", "NA", "NA#", "TBC", "tbd", "Pending"),
        *("No target", "No target Required", "Exempt", "Exempt (statutory)"),
        *("Available in  Q4", "?", "..."),
    ],
)
def test_blank_and_placeholders_are_none(value: object) -> None:
    assert parse_number(value) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected", "dropped"),
    [
        ("8 days", 8.0, ["unit days"]),
        ("3.5 days", 3.5, ["unit days"]),
        ("20 MBps", 20.0, ["unit MBps"]),
        ("12 kg", 12.0, ["unit kg"]),
        ("9.5%", 9.5, []),
        ("<21%", 21.0, ["comparator <"]),
        ("≤3%", 3.0, ["comparator ≤"]),
        ("≥80%", 80.0, ["comparator ≥"]),
        ("± 5.2%", 5.2, ["comparator ±"]),
        ("~40", 40.0, ["comparator ~"]),
        ("752,886.79 Mlls", 752_886_790_000.0, []),
        ("10 Billion TZS", 10_000_000_000.0, []),
        ("92 (Q13-Q16)", 92.0, ["note (Q13-Q16)"]),
        ("$2,300,000 ", 2_300_000.0, []),
        ("nil", 0.0, []),
        ("4 lakh", 400_000.0, []),
    ],
)
def test_units_comparators_and_notes_are_dropped_and_told(
    value: str, expected: float, dropped: list[str]
) -> None:
    told: list[str] = []
    assert parse_number(value, dropped=told) == expected
    assert told == dropped


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", '"abc" is not a number'),
        # not a thousands group: refuse, don't guess
        (
            "1,23",
            '"1,23" is not a number (a comma before one or two digits is not a thousands '
            "separator)",
        ),
        ("1.234,5", '"1.234,5" is not a number'),  # European text needs decimal=","
        ("12%k", '"12%k" is not a number (words after the percent sign)'),
        ("50% reduction", '"50% reduction" is not a number (words after the percent sign)'),
        ("£", '"£" is not a number'),
        ("1-2", '"1-2" is not a number (a range: give one figure)'),
        ("12 kg 3", '"12 kg 3" is not a number'),
        ("#DIV/0!", "the cell shows the Excel error #DIV/0!; fix its formula"),
        (True, "TRUE is not a number"),
        (dt.date(2025, 3, 31), "2025-03-31 is not a number"),
        (dt.time(10, 30), "10:30:00 is not a number"),
        (float("nan"), "nan is not a finite number"),
        (float("inf"), "inf is not a finite number"),
        ("NaN", '"NaN" is not a finite number'),
        ("INF", '"INF" is not a finite number'),
        ("1e309", '"1e309" is too large for a figure (more than 1,000,000,000,000,000)'),
        ("-1e308", '"-1e308" is too large for a figure (more than 1,000,000,000,000,000)'),
        (
            10**20,
            "100000000000000000000 is too large for a figure (more than 1,000,000,000,000,000)",
        ),
        (1e308, "1e+308 is too large for a figure (more than 1,000,000,000,000,000)"),
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


def test_the_decimal_mark_is_inferred_from_the_texts_of_a_file() -> None:
    assert infer_decimal(["22 340,00", "1 500,00", "0%", "-10%"]) == ","
    assert infer_decimal(["1,234.50", "14,100", "12.5"]) == "."
    assert infer_decimal(["1,234", "1.234"]) == "."  # ambiguous: the default
    assert infer_decimal(["1,234"], default=",") == ","


def test_parse_int() -> None:
    assert parse_int(3.0) == 3
    assert parse_int("2") == 2
    assert parse_int("1.2k") == 1200
    assert parse_int("") is None
    with pytest.raises(CellError, match=r'^"2.5" is not a whole number$'):
        parse_int("2.5")
