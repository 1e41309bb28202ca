"""Workbooks whose few bytes describe billions of cells are refused before they are read.

python-calamine allocates a sheet's whole used range and aborts the process (SIGABRT,
no Python error) when it cannot: these files used to take the app down.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile_tools import GB, fingerprint, run_cli
from workbooks import BILLION_LAUGHS, dense_xlsx, far_cell_xlsx, ods, raw_xlsx, xls, xlsb

from benefitdesk.exchange import extent as extent_module
from benefitdesk.exchange.extent import Extent, sheet_extent
from benefitdesk.exchange.grid import iter_rows, read_grids
from benefitdesk.exchange.limits import FileRefused, Limits


def extent_of(path: Path, sheet: str = "Measurements") -> Extent | None:
    with zipfile.ZipFile(path) as archive:
        return sheet_extent(archive, sheet)


def refused_import(portfolio: Path, workbook: Path) -> str:
    """Import through the real command line: refused in one clean message, under 1 GB,
    with the portfolio untouched."""
    before = fingerprint(portfolio)
    outcome = run_cli("import", portfolio, workbook)
    outcome.assert_clean_failure()
    assert outcome.peak_bytes < GB, outcome.peak_bytes
    assert fingerprint(portfolio) == before
    return outcome.err


@pytest.mark.slow
@pytest.mark.parametrize(
    ("far", "span"),
    [("XFD1048576", "A1:XFD1048576 (17,179,869,184 cells)"), ("CV1000000", "A1:CV1000000")],
)
def test_a_stray_far_cell_is_refused_not_fatal(
    tmp_path: Path, empty_portfolio: Path, far: str, span: str
) -> None:
    workbook = far_cell_xlsx(tmp_path / "log.xlsx", far)
    assert workbook.stat().st_size < 10_000
    err = refused_import(empty_portfolio, workbook)
    assert f'log.xlsx: sheet "Measurements" spans {span}' in err
    assert "Ctrl+End" in err


@pytest.mark.slow
def test_repeated_ods_cells_are_counted(tmp_path: Path, empty_portfolio: Path) -> None:
    err = refused_import(empty_portfolio, ods(tmp_path / "log.ods", 100_000, 1_000))
    assert 'sheet "Measurements" spans A1:ALL100000 (100,000,000 cells)' in err


@pytest.mark.slow
def test_entity_payload_in_the_workbook_part_is_refused(
    tmp_path: Path, empty_portfolio: Path
) -> None:
    workbook = raw_xlsx(
        tmp_path / "lol.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>', doctype=BILLION_LAUGHS
    )
    assert "XML entity declarations; it is refused as unsafe" in refused_import(
        empty_portfolio, workbook
    )


@pytest.mark.slow
def test_entity_payload_in_a_sheet_is_not_expanded(tmp_path: Path, empty_portfolio: Path) -> None:
    path = tmp_path / "lol.xlsx"
    raw_xlsx(path, '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("?>", "?>" + BILLION_LAUGHS, 1).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    outcome = run_cli("import", empty_portfolio, path)
    outcome.assert_no_traceback()
    assert outcome.code == 1 and outcome.peak_bytes < GB


def test_prefixed_elements_and_cells_without_references_are_placed(tmp_path: Path) -> None:
    """The byte scan cannot read these; the streaming parse places them as readers do."""
    far = '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
    prefixed = raw_xlsx(
        tmp_path / "p.xlsx", '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>' + far, prefix="x"
    )
    assert extent_of(prefixed) == Extent(0, 0, 1048575, 16383)
    cells = "<c><v>1</v></c>" * 20
    unreferenced = raw_xlsx(
        tmp_path / "u.xlsx", f'<row r="1">{cells}</row><row r="999999">{cells}</row>'
    )
    assert extent_of(unreferenced) == Extent(0, 0, 999998, 19)
    with pytest.raises(FileRefused, match=r"spans A1:T999999 \(19,999,980 cells\)"):
        list(iter_rows(unreferenced))


def test_a_reference_split_between_chunks_is_still_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 200))
    path = raw_xlsx(tmp_path / "s.xlsx", rows + '<row r="70000"><c r="ZZ70000"><v>1</v></c></row>')
    for chunk in (7, 13, 64, 1 << 20):
        monkeypatch.setattr(extent_module, "CHUNK", chunk)
        assert extent_of(path) == Extent(0, 0, 69999, 701), chunk


def test_ordinary_workbooks_pass_and_the_budget_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "normal.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Measurements"
    for r in range(1, 1001):
        ws.append([f"B-{r:03d}", "2025-03-31", r])
    wb.save(path)
    assert extent_of(path) == Extent(0, 0, 999, 25)  # A:Z bounds single-letter columns
    assert len(read_grids(path)[0].rows) == 1000
    with pytest.raises(FileRefused, match="more than the 20,000 cells"):
        read_grids(path, limits=Limits(max_cells=20_000))
    assert len(ods_rows := read_grids(ods(tmp_path / "ok.ods", 3, 4))[0].rows) == 3
    assert ods_rows[0].values == [1.0, 1.0, 1.0, 1.0]


@pytest.mark.slow
def test_legacy_xls_sheets_are_measured_before_opening(
    tmp_path: Path, empty_portfolio: Path
) -> None:
    """python-calamine reads every sheet of an .xls as it opens it, each up to 512 MB:
    a 6 KB file of four sheets with a cell at A1 and one at IV65536 took 2 GB."""
    corners = [(0, 0, 1.0), (65535, 255, 2.0)]
    workbook = xls(tmp_path / "log.xls", {f"S{i}": corners for i in range(4)})
    assert workbook.stat().st_size < 10_000
    err = refused_import(empty_portfolio, workbook)
    assert 'log.xls: sheet "S0" spans A1:IV65536 (16,777,216 cells)' in err
    small = xls(tmp_path / "ok.xls", {"A": [(0, 0, 1.0), (2, 3, 2.0)], "B": [(0, 0, 3.0)]})
    assert [g.rows[-1].values for g in read_grids(small)] == [["", "", "", 2.0], [3.0]]


@pytest.mark.slow
def test_a_dense_sheet_at_the_budget_stays_under_1_gb(
    tmp_path: Path, empty_portfolio: Path
) -> None:
    """Measured: 9,000,000 cells take ~780 MB through the whole import (python-calamine's
    rectangle, the rows, and one problem a row); 11,000,000 are refused up front."""
    workbook = dense_xlsx(tmp_path / "dense.xlsx", 200_000, 45)
    outcome = run_cli("import", empty_portfolio, workbook)
    outcome.assert_no_traceback()
    assert outcome.code == 1 and outcome.peak_bytes < GB, outcome.peak_bytes
    too_big = dense_xlsx(tmp_path / "denser.xlsx", 200_000, 55)
    assert "more than the 10,000,000 cells" in refused_import(empty_portfolio, too_big)


def test_binary_xlsb_records_are_measured(tmp_path: Path) -> None:
    small = xlsb(tmp_path / "small.xlsb", [(0, 0, 1.0), (2, 3, 2.0)])
    assert extent_of(small) == Extent(0, 0, 2, 3)
    far = xlsb(tmp_path / "far.xlsb", [(0, 0, 1.0), (1048575, 16383, 2.0)])
    with pytest.raises(FileRefused, match=r'"Measurements" spans A1:XFD1048576'):
        read_grids(far)


@pytest.mark.slow
def test_a_csv_line_of_millions_of_columns_is_refused_under_1_gb(
    tmp_path: Path, empty_portfolio: Path
) -> None:
    """8 MB of commas on one line took 1.4 GB through the import before this check."""
    path = tmp_path / "oneline.csv"
    path.write_text("Benefit,Date,Value," + "x," * 4_000_000 + "\n", encoding="utf-8")
    err = refused_import(empty_portfolio, path)
    assert "oneline.csv: line 1 has 4,000,004 columns, more than the 16,384" in err


def test_a_pipe_is_not_called_a_folder(tmp_path: Path) -> None:
    import os

    from benefitdesk.exchange.limits import check_file

    os.mkfifo(tmp_path / "feed.csv")
    with pytest.raises(FileRefused, match="is not a regular file"):
        check_file(tmp_path / "feed.csv")


@pytest.mark.slow
def test_zip_bombs_are_refused_from_their_directory(tmp_path: Path, empty_portfolio: Path) -> None:
    """One 400 MB member of zeros (400 KB on disk), and a valid workbook hiding 200
    members of 3 MB: refused from the zip directory, without inflating a byte."""
    single = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(single, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(400):
                member.write(bytes(1024 * 1024))
    assert single.stat().st_size < 2 * 1024 * 1024
    assert "(a zip bomb?); it is refused as unsafe" in refused_import(empty_portfolio, single)
    many = far_cell_xlsx(tmp_path / "many.xlsx", "B3")
    with zipfile.ZipFile(many, "a", zipfile.ZIP_DEFLATED) as z:
        for i in range(200):  # each compressed ~60 to 1: under the ratio, not the total
            padding = random.Random(i).randbytes(50_000) + bytes(3 * 1024 * 1024 - 50_000)
            z.writestr(f"xl/media/pad{i}.bin", padding)
    assert "would expand to more than 500 MB" in refused_import(empty_portfolio, many)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("register.xlsx", b"%PDF-1.7\n" + bytes(500), "is not a spreadsheet"),
        ("register.xlsx", b"SQLite format 3\x00" + bytes(4000), "is not a spreadsheet"),
        ("log.xls", b"<html><table><tr><td>1</td></tr></table></html>", "web page or XML"),
        ("log.csv", bytes(range(256)) * 40, "log.csv"),
        ("log.ods", b"PK\x03\x04" + bytes(300), "is damaged"),
        ("log.xlsb", b"PK\x05\x06" + bytes(18), "is not a spreadsheet"),
    ],
)
def test_files_of_the_wrong_kind_are_named_for_what_they_are(
    tmp_path: Path, empty_portfolio: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = fingerprint(empty_portfolio)
    outcome = run_cli("import", empty_portfolio, path)
    outcome.assert_no_traceback()
    assert outcome.code == 1 and words in outcome.err, outcome
    assert fingerprint(empty_portfolio) == before
