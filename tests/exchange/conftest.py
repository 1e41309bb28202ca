"""Fixtures for the exchange tests: real files in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_builders import set_cached_values


@pytest.fixture
def register_xlsx(tmp_path: Path) -> Path:
    """A benefits register as PMO leads keep them: merged title and subtitle, a blank
    row, the header in row 4 starting at column C, a project label merged down three
    rows, a blank row inside the data, typed and text values, formulas.

    Layout: C Benefit ID, D Project, E Benefit, F Accountable, G As-is, H To-be,
    I Target Date, J Comments; data in rows 5-7 and 9."""
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Benefits"
    ws["C1"] = "Benefits Register — CRM Programme"
    ws.merge_cells("C1:J1")
    ws["C2"] = "Owner: PMO. Last reviewed 31/03/2025"
    ws.merge_cells("C2:F2")
    header = ["Benefit ID", "Project", "Benefit", "Accountable", "As-is", "To-be", "Target Date"]
    header.append("Comments")
    for col, text in enumerate(header, start=3):
        ws.cell(row=4, column=col, value=text)
    rows = [
        ["B-001", "P-100 CRM", "Conversion rate", "Alice Chen", 0.12, "15%", "Mar-2026"],
        ["B-002", None, "Revenue/rep", "Alice Chen", "£1,234.50", "=G6*2", dt.date(2026, 6, 30)],
        ["B-003", None, "Call handling time", "Bob Smith", 7.5, "abc", "Q1 2026"],
    ]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=3):
            ws.cell(row=r, column=c, value=value)
    ws["G5"].number_format = "0%"
    ws.merge_cells("D5:D7")  # the project label covers the three benefits
    ws["C9"] = "B-004"  # row 8 left blank on purpose
    ws["E9"] = "Invoice automation"
    ws["F9"] = "Dan Jones"
    ws["G9"] = 120
    ws["H9"] = "=G9/2"  # no cached value: as openpyxl saves it
    ws["I9"] = 45838  # 30/06/2025 as a serial in a General-format cell
    path = tmp_path / "register.xlsx"
    wb.save(path)
    set_cached_values(path, "xl/worksheets/sheet1.xml", {"H6": 2469})
    return path
