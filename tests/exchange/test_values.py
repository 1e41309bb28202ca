"""Text, enumerations, yes/no, and locating a bad cell."""

import datetime as dt

import pytest

from benefitdesk.exchange.errors import CellError, Problem
from benefitdesk.exchange.grid import Row
from benefitdesk.exchange.values import (
    Choices,
    is_blank,
    parse_bool,
    parse_cell,
    parse_date,
    parse_enum,
    parse_number,
    parse_text,
)

STATUSES = ["proposed", "approved", "in delivery", "live", "closed", "cancelled"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Conversion rate ", "Conversion rate"),
        ("Line one\nline two", "Line one\nline two"),
        (101.0, "101"),  # a code typed as a number
        (0.1 + 0.2, "0.3"),
        (7, "7"),
        (True, "TRUE"),
        (dt.date(2025, 3, 31), "2025-03-31"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_text(value: object, expected: str | None) -> None:
    assert parse_text(value) == expected  # type: ignore[arg-type]


def test_parse_text_single_line_and_length() -> None:
    assert parse_text("Alice \u00a0 Chen\n", single_line=True) == "Alice Chen"
    assert parse_text("B-001", max_length=5) == "B-001"
    with pytest.raises(CellError) as info:
        parse_text("B-0001", max_length=5)
    assert str(info.value) == '"B-0001" is longer than 5 characters'


@pytest.mark.parametrize(
    "value", ["In Delivery", "in_delivery", "IN-DELIVERY", " in  delivery ", "InDelivery"]
)
def test_parse_enum_forgives_case_space_punctuation(value: str) -> None:
    assert parse_enum(value, STATUSES) == "in delivery"


def test_parse_enum_keeps_the_canonical_spelling() -> None:
    assert parse_enum("Dis Benefit", ["benefit", "dis-benefit"]) == "dis-benefit"
    assert parse_enum("COST SAVING", ["revenue", "cost saving"]) == "cost saving"
    assert parse_enum("", STATUSES) is None


def test_parse_enum_synonyms_and_choices_object() -> None:
    frequencies = Choices(
        ["weekly", "monthly", "quarterly", "half-yearly", "yearly"],
        {"monthly": ["month", "M"], "yearly": ["annual", "annually"], "half-yearly": ["6-monthly"]},
    )
    assert frequencies.parse("Annually") == "yearly"
    assert parse_enum("m", frequencies) == "monthly"
    assert parse_enum("Half Yearly", frequencies) == "half-yearly"
    assert parse_enum("6 monthly", frequencies) == "half-yearly"
    with pytest.raises(ValueError, match="unknown choice 'daily'"):
        Choices(["weekly"], {"daily": ["day"]})


def test_parse_enum_error_suggests_the_closest() -> None:
    with pytest.raises(CellError) as info:
        parse_enum("aproved", STATUSES)
    assert str(info.value) == (
        '"aproved" is not one of: proposed, approved, in delivery, live, closed, cancelled '
        '(did you mean "approved"?)'
    )
    with pytest.raises(CellError) as info:
        parse_enum("zzz", ["low", "medium", "high"])
    assert str(info.value) == '"zzz" is not one of: low, medium, high'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1.0, True),
        (0, False),
        ("Yes", True),
        ("n", False),
        ("TRUE", True),
        ("x", True),
        ("✓", True),
        ("", None),
        (None, None),
    ],
)
def test_parse_bool(value: object, expected: bool | None) -> None:
    assert parse_bool(value) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "shown"), [("maybe", '"maybe"'), (2.0, "2")])
def test_parse_bool_errors(value: object, shown: str) -> None:
    with pytest.raises(CellError) as info:
        parse_bool(value)  # type: ignore[arg-type]
    assert str(info.value) == f"{shown} is not yes or no"


def test_is_blank() -> None:
    assert is_blank("") and is_blank(" \t") and is_blank(None)
    assert not is_blank(0.0) and not is_blank("x") and not is_blank(False)


ROW = Row("Benefits", 7, 3, ["B-003", "", "abc", "Mar-2025", "rumour"])


def test_parse_cell_locates_errors() -> None:
    problems: list[Problem] = []
    assert parse_cell(ROW, 2, parse_number, problems) is None
    assert [str(p) for p in problems] == ['Benefits!E7: "abc" is not a number']


def test_parse_cell_passes_options_and_values() -> None:
    problems: list[Problem] = []
    assert parse_cell(ROW, 3, parse_date, problems, day_first=False) == dt.date(2025, 3, 31)
    assert parse_cell(ROW, 0, parse_text, problems, max_length=10) == "B-003"
    assert problems == []


def test_parse_cell_required() -> None:
    problems: list[Problem] = []
    assert parse_cell(ROW, 1, parse_text, problems, required=True, label="Title") is None
    assert parse_cell(ROW, 1, parse_text, problems, required=True) is None
    assert [str(p) for p in problems] == [
        "Benefits!D7: Title is required",
        "Benefits!D7: a value is required",
    ]


def test_parse_cell_missing_column_or_short_row_is_blank() -> None:
    problems: list[Problem] = []
    assert parse_cell(ROW, None, parse_text, problems, required=True) is None
    assert parse_cell(ROW, 10, parse_number, problems) is None
    assert problems == []  # a missing column is reported once, by the header check


def test_parse_cell_enum() -> None:
    problems: list[Problem] = []
    confidence = Choices(["low", "medium", "high"])
    assert parse_cell(ROW, 4, parse_enum, problems, choices=confidence) is None
    assert [str(p) for p in problems] == ['Benefits!G7: "rumour" is not one of: low, medium, high']
