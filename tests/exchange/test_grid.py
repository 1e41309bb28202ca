"""Workbooks become rows of typed values that keep their Excel place."""

import datetime as dt
import itertools
import shutil
from pathlib import Path

import openpyxl
import pytest
from exchange_builders import set_cached_values, write_ods

from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.exchange.grid import iter_rows, list_sheets, read_grid, read_grids
from benefitdesk.exchange.limits import FileRefused


def by_number(path: Path, **options: object) -> dict[int, list[object]]:
    return {row.number: row.values for row in read_grid(path, **options)}  # type: ignore[arg-type]


def test_register_rows_keep_their_excel_place(register_xlsx: Path) -> None:
    grid = read_grid(register_xlsx)
    assert grid.sheet == "Benefits"
    assert [row.number for row in grid] == [1, 2, 4, 5, 6, 7, 9]  # blank rows 3 and 8 skipped
    header = grid.rows[2]
    assert header.first_column == 3  # data starts in column C
    assert header.values[0] == "Benefit ID"
    assert header.ref(0) == "C4"
    assert header.column(5) == 8
    b003 = grid.rows[5]
    assert b003.ref(5) == "H7"
    assert b003.values[5] == "abc"


def test_values_keep_their_types(register_xlsx: Path) -> None:
    rows = by_number(register_xlsx)
    assert rows[5][4] == 0.12  # a percent-formatted cell arrives as its fraction
    assert rows[5][5] == "15%"  # text stays text
    assert rows[6][4] == "£1,234.50"
    assert rows[6][6] == dt.date(2026, 6, 30)
    assert rows[9][6] == 45838.0  # a serial in a General cell stays a number


def test_merged_cells_take_their_top_left_value(register_xlsx: Path) -> None:
    rows = by_number(register_xlsx)
    assert rows[1] == ["Benefits Register — CRM Programme"] * 8  # merged title C1:J1
    assert rows[5][1] == rows[6][1] == rows[7][1] == "P-100 CRM"  # label merged down D5:D7
    assert rows[9][1] == ""  # outside the merge


def test_merge_fill_can_be_turned_off(register_xlsx: Path) -> None:
    rows = by_number(register_xlsx, fill_merged=False)
    assert rows[6][1] == ""
    assert rows[1][1:] == [""] * 7


def test_formulas_read_by_cached_value(register_xlsx: Path) -> None:
    rows = by_number(register_xlsx)
    assert rows[6][5] == 2469.0  # H6 =G6*2, result cached as Excel would save it
    # H9 =G9/2 was saved by openpyxl, which does not calculate: no cached value, empty.
    assert rows[9][5] == ""


def test_blank_rows_can_be_kept(register_xlsx: Path) -> None:
    rows = by_number(register_xlsx, skip_blank=False)
    assert list(rows) == list(range(1, 10))
    assert rows[8] == [""] * 8


def test_whitespace_only_row_is_blank(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["B2"], ws["A3"] = "Code", "   ", "\u00a0 ", "B-1"
    ws["B3"] = 0  # a zero is a value, not a blank
    path = tmp_path / "w.xlsx"
    wb.save(path)
    assert [r.number for r in read_grid(path)] == [1, 3]
    assert read_grid(path).rows[1].values == ["B-1", 0.0]


def workbook_with_sheets(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    wb.active.sheet_state = "hidden"
    wb.active["A1"] = "hidden notes"
    wb.create_sheet("Benefits")["B2"] = "Code"
    wb.create_chartsheet("Chart")
    wb.create_sheet("Empty")
    wb.save(path)
    return path


def test_list_sheets(tmp_path: Path) -> None:
    path = workbook_with_sheets(tmp_path / "w.xlsx")
    assert list_sheets(path) == ["Read me", "Benefits", "Empty"]  # no chart sheet
    assert list_sheets(path, include_hidden=False) == ["Benefits", "Empty"]


def test_default_sheet_is_first_visible_and_names_forgive_case(tmp_path: Path) -> None:
    path = workbook_with_sheets(tmp_path / "w.xlsx")
    assert read_grid(path).sheet == "Benefits"
    grid = read_grid(path, " benefits ")
    assert grid.sheet == "Benefits"
    assert grid.rows[0].ref(0) == "B2"


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = workbook_with_sheets(tmp_path / "w.xlsx")
    with pytest.raises(ExchangeError) as info:
        read_grid(path, "Measurements")
    assert str(info.value) == (
        'w.xlsx: has no sheet "Measurements" (its sheets: Read me, Benefits, Empty)'
    )


def test_empty_sheet(tmp_path: Path) -> None:
    path = workbook_with_sheets(tmp_path / "w.xlsx")
    grid = read_grid(path, "Empty")
    assert grid.sheet == "Empty"
    assert len(grid) == 0


def test_read_grids_reads_every_worksheet(tmp_path: Path) -> None:
    path = workbook_with_sheets(tmp_path / "w.xlsx")
    assert [(g.sheet, len(g)) for g in read_grids(path)] == [
        ("Read me", 1),
        ("Benefits", 1),
        ("Empty", 0),
    ]


def test_iter_rows_refuses_before_the_first_row(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="file not found"):
        iter_rows(tmp_path / "nowhere.xlsx")  # no next() needed


def test_streaming_header_then_rest(register_xlsx: Path) -> None:
    """The pattern for big sheets: look at the first rows, then go on with the rest."""
    rows = iter_rows(register_xlsx)
    head = list(itertools.islice(rows, 3))
    assert head[-1].values[0] == "Benefit ID"
    rest = list(itertools.chain(head[3:], rows))
    assert [r.number for r in rest] == [5, 6, 7, 9]


def test_xlsx_saved_with_xls_name_is_read(tmp_path: Path, register_xlsx: Path) -> None:
    misnamed = tmp_path / "export.xls"
    shutil.copy(register_xlsx, misnamed)
    assert by_number(misnamed)[7][0] == "B-003"


def test_xlsm_is_read(tmp_path: Path, register_xlsx: Path) -> None:
    xlsm = tmp_path / "register.xlsm"
    shutil.copy(register_xlsx, xlsm)
    assert list_sheets(xlsm) == ["Benefits"]


def test_ods(tmp_path: Path) -> None:
    path = tmp_path / "register.ods"
    write_ods(
        path,
        "Measurements",
        [["Tracking log"], [None], ["Benefit", "Date", "Value"], ["B-1", "date:2025-03-31", 12.5]],
    )
    assert list_sheets(path) == ["Measurements"]
    grid = read_grid(path)
    assert [r.number for r in grid] == [1, 3, 4]
    assert grid.rows[2].values == ["B-1", dt.date(2025, 3, 31), 12.5]
    assert grid.rows[2].ref(2) == "C4"


def test_several_cached_formulas(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Benefit", "Q1", "Q2", "Total"])
    ws.append(["B-1", 10, 20, "=B2+C2"])
    ws.append(["B-2", 1.5, 2.5, "=SUM(B3:C3)"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    set_cached_values(path, "xl/worksheets/sheet1.xml", {"D2": 30, "D3": 4})
    assert [r.values[3] for r in read_grid(path)] == ["Total", 30.0, 4.0]


def test_row_helpers(register_xlsx: Path) -> None:
    row = read_grid(register_xlsx).rows[5]
    assert row.get(None) == ""
    assert row.get(99) == ""
    assert row.get(0) == "B-003"
    problem = row.problem(5, '"abc" is not a number')
    assert str(problem) == 'Benefits!H7: "abc" is not a number'
    assert str(row.problem(None, "row rejected", "warning")) == "Benefits!C7: row rejected"
