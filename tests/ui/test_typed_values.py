"""A number or date typed in a form means what the same text means in an import."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from benefitdesk.exchange.dates import parse_date
from benefitdesk.exchange.errors import CellError
from benefitdesk.exchange.numbers import parse_number
from benefitdesk.ui.widgets.fields import DateField, NumberField

pytestmark = pytest.mark.gui


def _imported(parser: Any, text: str) -> Any:
    try:
        return parser(text)
    except CellError:
        return None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,200", 1200.0),
        ("£1,200", 1200.0),
        ("(1,200)", -1200.0),
        ("1.2m", 1_200_000.0),
        ("12%", 12.0),
        ("1,23", None),  # refused by both, never read as 123
        ("1e309", None),
        ("NaN", None),
    ],
)
def test_number_field_reads_like_the_import(qtbot: Any, text: str, expected: float | None) -> None:
    field = NumberField()
    qtbot.addWidget(field)
    field.setText(text)
    assert field.value() == expected
    assert _imported(parse_number, text) == expected
    assert (field.error() is None) == (expected is not None)


def test_number_field_explains_in_the_import_words(qtbot: Any) -> None:
    field = NumberField()
    qtbot.addWidget(field)
    field.setText("1,23")
    assert field.error() == (
        '"1,23" is not a number (a comma before one or two digits is not a thousands '
        "separator): type e.g. 1,250.5"
    )
    field.setText("TBC")
    assert field.error() == '"TBC" means no value: leave it empty'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar-2026", dt.date(2026, 3, 31)),
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("31/03/2026", dt.date(2026, 3, 31)),
        ("31 Mar 2026", dt.date(2026, 3, 31)),
        ("Q1 2026", dt.date(2026, 3, 31)),
        ("31/02/2026", None),
    ],
)
def test_date_field_reads_like_the_import(qtbot: Any, text: str, expected: dt.date | None) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.setText(text)
    assert field.value() == expected
    assert _imported(parse_date, text) == expected
    assert (field.error() is None) == (expected is not None)
