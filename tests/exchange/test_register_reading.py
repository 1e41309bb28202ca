"""The layers together, as the import service will use them: a hand-kept register in,
clean values and every problem with its place out."""

import datetime as dt
import itertools
from pathlib import Path

import openpyxl

from benefitdesk.exchange.errors import Problem
from benefitdesk.exchange.grid import iter_rows, read_grid
from benefitdesk.exchange.headers import find_header_row
from benefitdesk.exchange.values import parse_cell, parse_date, parse_number, parse_text
from benefitdesk.exchange.wide import find_wide_header


def test_register_values_and_located_problems(register_xlsx: Path) -> None:
    grid = read_grid(register_xlsx)
    header = find_header_row(grid, "benefits")
    assert header is not None
    cols = header.columns.fields
    problems: list[Problem] = header.columns.problems(header.row)
    records = []
    for row in grid.rows[header.index + 1 :]:
        records.append(
            {
                "code": parse_cell(row, cols["code"], parse_text, problems, required=True),
                "project": parse_cell(row, cols["project"], parse_text, problems),
                "owner": parse_cell(row, cols["owner"], parse_text, problems),
                "baseline": parse_cell(row, cols["baseline"], parse_number, problems),
                "target": parse_cell(row, cols["target"], parse_number, problems),
                "target_date": parse_cell(row, cols["target_date"], parse_date, problems),
            }
        )
    assert records == [
        {
            "code": "B-001",
            "project": "P-100 CRM",
            "owner": "Alice Chen",
            "baseline": 0.12,  # a 12% cell: its fraction
            "target": 15.0,  # the text "15%": as written
            "target_date": dt.date(2026, 3, 31),
        },
        {
            "code": "B-002",
            "project": "P-100 CRM",  # from the merged label
            "owner": "Alice Chen",
            "baseline": 1234.5,
            "target": 2469.0,  # cached formula result
            "target_date": dt.date(2026, 6, 30),
        },
        {
            "code": "B-003",
            "project": "P-100 CRM",
            "owner": "Bob Smith",
            "baseline": 7.5,
            "target": None,
            "target_date": dt.date(2026, 3, 31),
        },
        {
            "code": "B-004",
            "project": None,
            "owner": "Dan Jones",
            "baseline": 120.0,
            "target": None,  # formula without a cached value
            "target_date": dt.date(2025, 6, 30),  # serial 45838
        },
    ]
    assert [str(p) for p in problems] == [
        'Benefits: no "Frequency" column; that field will be left empty',
        'Benefits!H7: "abc" is not a number',
    ]


def test_streamed_wide_measurements(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Actuals"
    ws.append(["Benefit actuals 2025"])
    ws.append(["Ref", "Jan-2025", "Feb-2025", "Mar-2025"])
    ws.append(["B-001", 10, "£11", None])
    ws.append(["B-002", "n/a", "twelve", 13.5])
    path = tmp_path / "wide.xlsx"
    wb.save(path)

    rows = iter_rows(path)
    head = list(itertools.islice(rows, 30))
    found = find_wide_header(head)
    assert found is not None
    problems: list[Problem] = []
    values = {}
    for row in itertools.chain(head[found.index + 1 :], rows):
        code = parse_text(row.values[found.layout.key_col])
        for col, period in found.layout.period_cols.items():
            value = parse_cell(row, col, parse_number, problems)
            if value is not None:
                values[code, period] = value
    assert values == {
        ("B-001", dt.date(2025, 1, 31)): 10.0,
        ("B-001", dt.date(2025, 2, 28)): 11.0,
        ("B-002", dt.date(2025, 3, 31)): 13.5,
    }
    assert [str(p) for p in problems] == ['Actuals!C4: "twelve" is not a number']
