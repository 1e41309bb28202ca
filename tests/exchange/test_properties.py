"""Properties: whatever the value, writing it the way people do and reading it back
gives the value."""

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from benefitdesk.exchange.dates import excel_serial, month_end, parse_date
from benefitdesk.exchange.errors import cell_ref, column_letter
from benefitdesk.exchange.headers import SYNONYMS, match_columns, normalise
from benefitdesk.exchange.values import parse_enum, parse_number

amounts = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
decimals = st.integers(min_value=0, max_value=4)
symbols = st.sampled_from(["£", "$", "€", "¥", "GBP ", "USD ", ""])
dates = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))


@given(amounts, decimals, symbols, st.sampled_from(["minus", "brackets", "trailing"]))
def test_formatted_amounts_read_back(
    x: float, places: int, symbol: str, negative_style: str
) -> None:
    body = f"{abs(x):,.{places}f}"
    expected = float(f"{abs(x):.{places}f}")
    if x < 0 and expected:
        text = {
            "minus": f"-{symbol}{body}",
            "brackets": f"({symbol}{body})",
            "trailing": f"{symbol}{body}-",
        }[negative_style]
        expected = -expected
    else:
        text = f"{symbol}{body}"
    assert parse_number(text) == expected


@given(amounts, decimals)
def test_european_amounts_read_back(x: float, places: int) -> None:
    text = f"{x:,.{places}f}".replace(",", " ").replace(".", ",")
    assert parse_number(f"{text} €", decimal=",") == float(f"{x:.{places}f}")


@given(st.integers(min_value=-(10**6), max_value=10**6), st.sampled_from(["k", "m", "bn"]))
def test_suffixes_multiply_exactly(n: int, suffix: str) -> None:
    factor = {"k": 10**3, "m": 10**6, "bn": 10**9}[suffix]
    assert parse_number(f"{n / 10}{suffix}") == float(n * factor) / 10


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), st.sampled_from(["", " "]))
def test_percent_text_is_the_number_as_written(x: float, space: str) -> None:
    assert parse_number(f"{x!r}{space}%") == x


@given(dates)
def test_iso_dates_read_back(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day) == day
    assert parse_date(dt.datetime.combine(day, dt.time(13, 5))) == day


@given(dates, st.floats(min_value=0, max_value=0.999))
def test_serials_read_back(day: dt.date, time_of_day: float) -> None:
    serial = excel_serial(day)
    assume(serial not in range(1900, 2201))  # whole numbers 1900-2200 are years, by design
    assert parse_date(serial + time_of_day) == day
    assert parse_date(str(serial)) == day


@given(dates)
def test_day_first_and_month_first_read_back(day: dt.date) -> None:
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year:04d}") == day
    assert parse_date(f"{day.day}.{day.month}.{day.year:04d}") == day
    assert parse_date(f"{day.month}/{day.day}/{day.year:04d}", day_first=False) == day


@given(dates)
def test_periods_mean_their_end(day: dt.date) -> None:
    end = month_end(day.year, day.month)
    assert parse_date(day.strftime("%b-%Y")) == end
    assert parse_date(day.strftime("%B %Y")) == end
    assert parse_date(f"{day.year:04d}-{day.month:02d}") == end
    quarter = (day.month - 1) // 3 + 1
    quarter_end = month_end(day.year, quarter * 3)
    assert parse_date(f"Q{quarter} {day.year:04d}") == quarter_end
    assert parse_date(f"{day.year:04d}-Q{quarter}") == quarter_end
    assert day <= quarter_end < day + dt.timedelta(days=92)


@given(st.integers(min_value=0, max_value=16_383), st.integers(min_value=0, max_value=2**20))
def test_cell_refs_are_distinct_and_ordered(col: int, row: int) -> None:
    letters = column_letter(col)
    assert cell_ref(row, col) == f"{letters}{row + 1}"
    if col:
        prev = column_letter(col - 1)
        assert (len(prev), prev) < (len(letters), letters)


spellings = st.sampled_from(
    [(kind, field, s) for kind, fs in SYNONYMS.items() for field, ss in fs.items() for s in ss]
)


@given(spellings, st.data())
def test_headers_match_in_any_case_and_spacing(
    item: tuple[str, str, str], data: st.DataObject
) -> None:
    kind, field, spelling = item
    case = st.sampled_from([str.upper, str.lower])
    gap = st.sampled_from(["", " ", "_", "\n"])
    mangled = "".join(data.draw(case)(c) + data.draw(gap) for c in spelling)
    assert normalise(mangled) == normalise(spelling)
    assert match_columns([mangled], kind).fields == {field: 0}


@given(st.sampled_from(["in delivery", "dis-benefit", "cost saving", "half-yearly"]), st.data())
def test_enum_spelling_variants(choice: str, data: st.DataObject) -> None:
    separator = data.draw(st.sampled_from([" ", "-", "_", "  ", ""]))
    text = choice.replace(" ", separator).replace("-", separator)
    text = data.draw(st.sampled_from([text, text.upper(), text.title()]))
    choices = ["in delivery", "dis-benefit", "cost saving", "half-yearly", "live"]
    assert parse_enum(f" {text} ", choices) == choice
