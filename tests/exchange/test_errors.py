import datetime as dt

import pytest
from openpyxl.utils import get_column_letter

from benefitdesk.exchange.errors import (
    ExchangeError,
    Problem,
    cell_ref,
    column_letter,
    show,
)


def test_problem_reads_like_excel() -> None:
    assert str(Problem("Benefits", "H7", '"abc" is not a number')) == (
        'Benefits!H7: "abc" is not a number'
    )
    assert str(Problem("Benefits", None, 'required column "Code" not found')) == (
        'Benefits: required column "Code" not found'
    )


def test_problem_severity() -> None:
    assert Problem("S", "A1", "m").is_error
    warning = Problem("S", "A1", "m", "warning")
    assert not warning.is_error
    assert warning.severity == "warning"


def test_exchange_error_carries_every_problem() -> None:
    problems = [Problem("S", "A1", "one"), Problem("S", None, "two", "warning")]
    error = ExchangeError(problems)
    assert error.problems == problems
    assert str(error) == "S!A1: one\nS: two"
    assert ExchangeError(problems[0]).problems == [problems[0]]


@pytest.mark.parametrize(
    ("row", "col", "ref"),
    [
        (0, 0, "A1"),
        (6, 7, "H7"),
        (0, 25, "Z1"),
        (0, 26, "AA1"),
        (9, 701, "ZZ10"),
        (0, 702, "AAA1"),
        (1_048_575, 16_383, "XFD1048576"),
    ],
)
def test_cell_ref_from_zero_based(row: int, col: int, ref: str) -> None:
    assert cell_ref(row, col) == ref


def test_column_letters_agree_with_openpyxl() -> None:
    for col in range(16_384):
        assert column_letter(col) == get_column_letter(col + 1)


def test_negative_indexes_are_refused() -> None:
    with pytest.raises(ValueError, match="column index"):
        column_letter(-1)
    with pytest.raises(ValueError, match="row index"):
        cell_ref(-1, 0)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("abc", '"abc"'),
        (12.0, "12"),
        (12.5, "12.5"),
        (True, "TRUE"),
        (dt.date(2025, 3, 31), "2025-03-31"),
        (dt.datetime(2025, 3, 31, 14, 30), "2025-03-31 14:30"),
        (dt.time(10, 30), "10:30:00"),
        ("x" * 50, '"' + "x" * 39 + '…"'),
    ],
)
def test_show_values_as_the_user_sees_them(value: object, text: str) -> None:
    assert show(value) == text
