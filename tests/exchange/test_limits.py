"""Unsafe and broken files are refused before a parser sees them, in one clear line."""

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from benefitdesk.exchange.grid import read_grid
from benefitdesk.exchange.limits import (
    FileRefused,
    Limits,
    check_file,
    openpyxl_is_defused,
    require_defused_openpyxl,
)


def refusal(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(FileRefused) as info:
        check_file(path, limits) if limits else check_file(path)
    assert len(info.value.problems) == 1
    return str(info.value)


def small_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Code"
    wb.save(path)
    return path


def test_normal_files_pass(tmp_path: Path, register_xlsx: Path) -> None:
    assert check_file(register_xlsx) == "workbook"
    csv_file = tmp_path / "m.csv"
    csv_file.write_text("Benefit,Date,Value\nB-1,2025-03-31,1\n")
    assert check_file(csv_file) == "text"


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("x,y\n" * 1000)  # 4,000 bytes
    assert refusal(path, Limits(max_file_bytes=2048)) == (
        "big.csv: the file is 4 KB, above the 2 KB limit"
    )


def test_default_size_limit_is_50_mb(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024 + 1)  # sparse: no 50 MB written to disk
    assert refusal(path) == "huge.xlsx: the file is 50 MB, above the 50 MB limit"


def zip_bomb(path: Path, size: int) -> Path:
    """An .xlsx-shaped zip whose sheet is `size` zero bytes: tiny on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", bytes(size))
    return path


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "bomb.xlsx", 20 * 1024 * 1024)
    assert path.stat().st_size < 100_000
    message = refusal(path)
    assert message.startswith("bomb.xlsx: is compressed ")
    assert message.endswith(" to 1 (a zip bomb?); it is refused as unsafe")


def test_total_uncompressed_size(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "bomb.xlsx", 3 * 1024 * 1024)
    limits = Limits(max_uncompressed_bytes=2 * 1024 * 1024, max_ratio=10**9)
    assert refusal(path, limits) == (
        "bomb.xlsx: would expand to more than 2.0 MB when opened; it is refused as unsafe"
    )


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(20):
            z.writestr(f"part{i}.xml", "<x/>")
    assert refusal(path, Limits(max_members=10)) == (
        "many.xlsx: holds 20 parts; this is not a normal workbook"
    )


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"this is not a workbook")
    assert refusal(path) == "fake.xlsx: is not a spreadsheet (damaged, or not a workbook at all)"


def test_truncated_zip(tmp_path: Path) -> None:
    good = small_workbook(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    assert refusal(path) == "cut.xlsx: is damaged: it is not a valid zip-based workbook"


def test_web_page_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>Code</td></tr></table></body></html>")
    assert refusal(path) == (
        "export.xls: is a web page or XML file with a spreadsheet name; "
        "open it in Excel and save it as .xlsx"
    )


def test_password_protected_workbook(tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE compound file holding an "EncryptedPackage" stream.
    path = tmp_path / "locked.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    assert "locked.xlsx: is password-protected" in refusal(path)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("notes.pdf", "notes.pdf: is not a file type BenefitDesk reads; use Excel"),
        ("missing.xlsx", "missing.xlsx: file not found"),
    ],
)
def test_unsupported_or_missing(tmp_path: Path, name: str, message: str) -> None:
    assert refusal(tmp_path / name).startswith(message)


def test_empty_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").touch()
    assert refusal(tmp_path / "empty.csv") == "empty.csv: the file is empty"
    (tmp_path / "dir.xlsx").mkdir()
    assert refusal(tmp_path / "dir.xlsx") == "dir.xlsx: is a folder, not a file"


def test_member_larger_than_declared_is_caught_by_the_reader(tmp_path: Path) -> None:
    """The size checks trust the zip directory; this shows that is safe: a member that
    inflates past its declared size is stopped (by the extent scan's zip reader, which
    reads no more than declared, or else by python-calamine's)."""
    src = small_workbook(tmp_path / "src.xlsx")
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(src) as z_in, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z_out:
        for info in z_in.infolist():
            data = z_in.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 5_000_000)
            z_out.writestr(info.filename, data)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", raw, info.header_offset + 22, 1000)  # local header size
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len(info.filename)] != info.filename.encode():
        central = raw.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", raw, central + 24, 1000)  # central directory size
    path.write_bytes(bytes(raw))
    assert check_file(path) == "workbook"  # declares 1,000 bytes: passes the checks
    with pytest.raises(FileRefused, match=r"larger than its declared|is damaged"):
        read_grid(path)


def test_workbook_with_csv_name_is_read_as_workbook(tmp_path: Path) -> None:
    path = tmp_path / "really.csv"
    path.write_bytes(small_workbook(tmp_path / "w.xlsx").read_bytes())
    assert check_file(path) == "workbook"
    assert read_grid(path).rows[0].values == ["Code"]


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl_is_defused()
    require_defused_openpyxl()


def test_openpyxl_without_defusedxml_is_detected() -> None:
    code = (
        "from benefitdesk.exchange.limits import openpyxl_is_defused, require_defused_openpyxl\n"
        "assert not openpyxl_is_defused()\n"
        "try:\n    require_defused_openpyxl()\nexcept RuntimeError as e:\n    print(e)\n"
    )
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "openpyxl is not using defusedxml" in out.stdout


def test_entity_expansion_is_refused_or_ignored(tmp_path: Path) -> None:
    """A "billion laughs" sheet: openpyxl (defusedxml) refuses it, calamine does not
    expand entities at all."""
    src = small_workbook(tmp_path / "src.xlsx")
    path = tmp_path / "laughs.xlsx"
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    with zipfile.ZipFile(src) as z_in, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z_out:
        for info in z_in.infolist():
            data = z_in.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = doctype + data[data.index(b"<worksheet") :]
            z_out.writestr(info.filename, data)
    with path.open("rb") as f, pytest.raises(ValueError) as info:
        openpyxl.load_workbook(f)
    assert type(info.value.__cause__).__name__ == "EntitiesForbidden"
    assert read_grid(path).rows[0].values == ["Code"]
