"""CSV files from Excel's many "Save as" choices read without asking the user."""

from pathlib import Path

import pytest

from benefitdesk.exchange.delimited import sniff_delimiter
from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.exchange.grid import list_sheets, read_grid
from benefitdesk.exchange.values import parse_number


def test_semicolon_cp1252_with_pound_signs(tmp_path: Path) -> None:
    path = tmp_path / "benefits.csv"
    text = (
        "Benefits register;;\r\n"
        ";;\r\n"
        "Ref;Baseline;Target\r\n"
        "B-001;£1,234.50;£2,000\r\n"
        "B-002;(£1,200);12%\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    assert b"\xa3" in path.read_bytes()  # £ is one byte in Windows-1252, invalid UTF-8
    grid = read_grid(path)
    assert grid.sheet == "benefits.csv"
    assert [r.number for r in grid] == [1, 3, 4, 5]
    assert grid.rows[2].values == ["B-001", "£1,234.50", "£2,000"]
    assert grid.rows[2].ref(1) == "B4"
    assert parse_number(grid.rows[3].values[1]) == -1200.0


def test_utf8_bom_and_quoted_commas(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes('Benefit,Date,Value\nB-1,Mar-2025,"1,234.5"\n'.encode("utf-8-sig"))
    grid = read_grid(path)
    assert grid.rows[0].values == ["Benefit", "Date", "Value"]  # no BOM in the first header
    assert grid.rows[1].values == ["B-1", "Mar-2025", "1,234.5"]


def test_utf16_tab_separated(tmp_path: Path) -> None:
    """Excel's "Unicode text" export."""
    path = tmp_path / "m.tsv"
    path.write_bytes("Benefit\tValue\r\nB-1\t€5\r\n".encode("utf-16"))
    assert read_grid(path).rows[1].values == ["B-1", "€5"]


def test_utf8_text_is_not_misread_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name,Role\nZoë Brontë,Head of Nursing\n", encoding="utf-8")
    assert read_grid(path).rows[1].values[0] == "Zoë Brontë"


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Name,Note\nA,caf\xe9 \x81\n")
    assert read_grid(path).rows[1].values == ["A", "café \x81"]


def test_ragged_rows_and_row_helpers(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("a,b,c\n1\n2,3,4,5\n")
    rows = read_grid(path).rows
    assert [len(r.values) for r in rows] == [3, 1, 4]
    assert rows[1].get(2) == ""


def test_list_sheets_of_csv(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("a,b\n")
    assert list_sheets(path) == ["m.csv"]


def test_unreadable_line_is_located(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("a,b\n1," + "x" * 200_000 + "\n")  # beyond the csv module's field limit
    with pytest.raises(ExchangeError) as info:
        list(read_grid(path))
    assert str(info.value).startswith("m.csv: line 2: cannot be read (field larger than")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2;3\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ("Code;Value\nB-1;£1,234.50\nB-2;£5,000.00\n", ";"),  # commas inside values
        ('Code,Value\nB-1,"1;2"\n', ","),
        ("title only\n", ","),
        ("", ","),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter
