"""The board pack's small rules: chart axes, text measure, page breaks, names, dates."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benefitdesk.exchange.boardpack import benefit_sheet_names, sheet_name
from benefitdesk.exchange.boardpack.charts import axis_format, time_axis, value_axis
from benefitdesk.exchange.boardpack.data import Pace
from benefitdesk.exchange.boardpack.exceptions import pace_words
from benefitdesk.exchange.boardpack.looks import money_axis_format
from benefitdesk.exchange.boardpack.pages import Pager
from benefitdesk.exchange.boardpack.textfit import lines_needed, text_px
from benefitdesk.services.board_figures import month_before

values = st.lists(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=30,
)


@given(values)
def test_the_value_axis_shows_every_value_with_a_few_round_steps(data: list[float]) -> None:
    low, high, step = value_axis(data)
    assert low <= min(data) and high >= max(data)
    assert 2 <= round((high - low) / step) <= 8
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1.0, 2.0, 2.5, 5.0)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([20.0, 24.0, 26.7, 30.0], (18.0, 32.0)),  # a rate: not from zero
        ([410.0, 338.0, 300.0], (280.0, 420.0)),  # a falling cost
        ([0.0, 4_920_800.0], (0.0, 6_000_000.0)),  # money from zero: zero is in range
        ([12.0, 100.0], (0.0, 120.0)),  # close to zero: zero joins
        ([-29.0, 908.0], (-200.0, 1000.0)),  # a figure below zero stays in view
    ],
)
def test_the_value_axis_is_scaled_to_the_data(data: list[float], expected: Any) -> None:
    low, high, _ = value_axis(data)
    assert (low, high) == expected


def test_axis_labels_carry_the_decimals_of_their_step() -> None:
    assert axis_format("#,##0.0", 2.5) == "#,##0.0"
    assert axis_format("#,##0.00", 5.0) == "#,##0"
    assert axis_format("#,##0", 0.25) == "#,##0.00"
    assert axis_format('"£"#,##0', 0.5) == '"£"#,##0'  # money keeps its format
    assert money_axis_format("GBP", 6_000_000).startswith('"£"#,##0.0,,"m"')
    assert money_axis_format("GBP", 60_000).startswith('"£"#,##0,"k"')
    assert money_axis_format("CHF", 60_000).startswith('"CHF "#,##0,"k"')


def test_the_time_axis_starts_in_the_first_month_and_covers_the_last() -> None:
    start, end, unit = time_axis(date(2024, 3, 31), date(2027, 8, 31))
    first = date(1899, 12, 30).toordinal() + int(start)
    assert date.fromordinal(first) == date(2024, 3, 3)
    assert start + unit * round((end - start) / unit) == end
    assert end >= date(2027, 8, 31).toordinal() - date(1899, 12, 30).toordinal()


def test_text_is_measured_with_the_font_s_own_widths() -> None:
    assert text_px("iiii") < text_px("MMMM") / 3  # proportional, not a character count
    assert text_px("Realisation", bold=True) > text_px("Realisation")
    assert lines_needed("short", 200) == 1
    assert lines_needed("one two three four five six seven", text_px("one two three") + 8) == 3
    assert lines_needed("a\nb\nc", 200) == 3
    assert lines_needed("x" * 100, 100) >= 7  # a word longer than the line breaks


def test_the_previous_pack_defaults_to_a_month_before() -> None:
    assert month_before(date(2026, 6, 30)) == date(2026, 5, 31)  # month ends stay month ends
    assert month_before(date(2026, 3, 31)) == date(2026, 2, 28)
    assert month_before(date(2026, 3, 15)) == date(2026, 2, 15)
    assert month_before(date(2026, 1, 10)) == date(2025, 12, 10)
    assert month_before(date(2024, 3, 30)) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("pace", "words"),
    [
        (Pace(None, None, 2), "Too few figures"),
        (Pace(-0.5, 1.0, 6), "Getting worse"),
        (Pace(0.5, 1.0, 6), "Improving, more slowly than planned"),
        (Pace(1.5, 1.0, 6), "Improving at or above the planned pace"),
        (Pace(0.5, 0.0, 6), "Improving"),
    ],
)
def test_pace_in_words(pace: Pace, words: str) -> None:
    assert pace_words(pace).startswith(words)


class _Rows:
    """A sheet's row heights, as the pager reads them."""

    def __init__(self, heights: dict[int, float]) -> None:
        self.heights = heights
        self.ws = self

    def row_height(self, row: int, default: float) -> float:
        return self.heights.get(row, default)

    def set_h_pagebreaks(self, breaks: list[int]) -> None:
        self.breaks = breaks


def test_the_pager_breaks_before_a_block_that_would_not_fit() -> None:
    rows = _Rows(dict.fromkeys(range(100), 20.0))
    pager = Pager(rows, body=100.0)  # type: ignore[arg-type]
    assert not pager.keep(0, 60)  # the first block on a page always stays
    assert not pager.keep(3, 40)  # 60 + 40 fits
    assert pager.keep(5, 40)  # 100 + 40 does not: a new page at row 5
    assert not pager.keep(7, 60)
    assert pager.keep(10, 500)  # too tall for any page: it starts one, then runs on
    pager.finish()
    assert rows.breaks == [5, 10]


def test_the_pager_counts_repeated_rows_on_later_pages() -> None:
    rows = _Rows({})
    pager = Pager(rows, repeated=30.0, body=100.0)  # type: ignore[arg-type]
    assert pager.keep(7, 10)  # 7 rows of 14 = 98, + 10 > 100
    assert pager.room(7) == pytest.approx(70.0)  # a later page loses the repeated rows


def test_sheet_names_are_valid_and_unique() -> None:
    taken = {"summary", "register"}
    names = [sheet_name(code, taken) for code in ("B/1", "B\\1", "summary", "History", "[x]*?:")]
    assert names[:4] == ["B_1", "B_1 (2)", "summary (2)", "History (2)"]
    long = benefit_sheet_names(["X" * 40, "x" * 40, "Chart data"])
    assert [len(n) for n in list(long.values())[:2]] == [31, 31]
    assert len({n.casefold() for n in long.values()}) == 3 and long["Chart data"] != "Chart data"
    for name in [*names, *long.values()]:
        assert not set(name) & set("[]:*?/\\") and len(name) <= 31
