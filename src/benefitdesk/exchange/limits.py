"""Safety checks made before any parser opens a file.

A register arrives by e-mail from anyone; a 2 KB zip that inflates to 10 GB (a "zip
bomb") or a 2 GB export would freeze or kill the app. The checks here look only at the
file size and the zip directory, so they cost milliseconds. The declared member sizes
can be trusted: python-calamine's zip reader stops with an error when a member inflates
past its declared size (tested in `tests/exchange/test_limits.py`).

XML safety: python-calamine parses with quick-xml, which expands no custom entities.
openpyxl, used to write workbooks, parses with defusedxml when that package is
installed; `require_defused_openpyxl` proves it at start-up and in the tests.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from benefitdesk.exchange.errors import ExchangeError, Problem

if TYPE_CHECKING:
    from benefitdesk.exchange.extent import Extent

MB = 1024 * 1024

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".tsv"})
SUPPORTED = "Excel (.xlsx, .xlsm, .xlsb, .xls), OpenDocument (.ods) or CSV (.csv, .tsv)"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE file holding a stream of this name (UTF-16 in the directory).
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")

FileKind = Literal["workbook", "text"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Thresholds for `check_file`. Defaults fit any real register with room to spare:
    a 100,000-row sheet is ~3 MB zipped, ~20 MB inflated, ratio ~16."""

    max_file_bytes: int = 50 * MB
    max_uncompressed_bytes: int = 500 * MB
    max_ratio: float = 100.0
    ratio_floor_bytes: int = MB  # smaller members cannot hurt, whatever their ratio
    max_members: int = 10_000
    # python-calamine holds a sheet as a rectangle of ~32 bytes a cell: 10 million cells
    # is ~320 MB, which keeps a whole import under 1 GB (tests/hostile/test_memory.py).
    max_cells: int = 10_000_000
    max_columns: int = 16_384  # a worksheet's width (XFD), for the rows of a CSV file


DEFAULT_LIMITS = Limits()


class FileRefused(ExchangeError):
    """The file was not opened; the one-line message says why and what to do."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        super().__init__(Problem(Path(path).name, None, message))

    @property
    def message(self) -> str:
        return self.problems[0].message


def _size(size: int) -> str:
    if size >= 10 * MB:
        return f"{size / MB:.0f} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def check_file(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> FileKind:
    """Refuse a file that is missing, too large, of an unknown type, damaged or a zip
    bomb; otherwise say whether to read it as a workbook or as delimited text."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES and suffix not in TEXT_SUFFIXES:
        raise FileRefused(p, f"is not a file type BenefitDesk reads; use {SUPPORTED}")
    if not p.exists():
        raise FileRefused(p, "file not found")
    if p.is_dir():
        raise FileRefused(p, "is a folder, not a file")
    if not p.is_file():
        raise FileRefused(p, "is not a regular file (a device, a pipe or a socket)")
    size = p.stat().st_size
    if size > limits.max_file_bytes:
        raise FileRefused(
            p, f"the file is {_size(size)}, above the {_size(limits.max_file_bytes)} limit"
        )
    if size == 0:
        raise FileRefused(p, "the file is empty")
    with p.open("rb") as f:
        head = f.read(8)
    if suffix in TEXT_SUFFIXES and not head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return "text"  # a workbook saved with a .csv name is read as the workbook it is
    if head.startswith(_ZIP_MAGIC):
        _check_zip(p, limits)
    elif head.startswith(_OLE_MAGIC):
        _check_ole(p)
        _check_all_extents(p, limits)
    elif head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise FileRefused(
            p,
            "is a web page or XML file with a spreadsheet name; "
            "open it in Excel and save it as .xlsx",
        )
    else:
        raise FileRefused(p, "is not a spreadsheet (damaged, or not a workbook at all)")
    return "workbook"


def _check_zip(p: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(p) as archive:
            members = archive.infolist()
            _check_members(p, members, limits)
            if "content.xml" in archive.NameToInfo:
                _check_all_extents(p, limits, archive)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError):
        raise FileRefused(p, "is damaged: it is not a valid zip-based workbook") from None


def _check_members(p: Path, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.max_members:
        raise FileRefused(p, f"holds {len(members):,} parts; this is not a normal workbook")
    total = 0
    for info in members:
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise FileRefused(
                p,
                f"would expand to more than {_size(limits.max_uncompressed_bytes)} "
                "when opened; it is refused as unsafe",
            )
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise FileRefused(
                p,
                f"is compressed {info.file_size / max(info.compress_size, 1):,.0f} to 1 "
                "(a zip bomb?); it is refused as unsafe",
            )


def _check_ole(p: Path) -> None:
    """An OLE file is an old .xls, or a password-protected .xlsx (encrypted inside OLE)."""
    if _ENCRYPTED_MARK in p.read_bytes():
        raise FileRefused(
            p,
            "is password-protected; open it in Excel, remove the password "
            "(File › Info › Protect Workbook) and save it again",
        )


def check_sheet_extent(path: Path, sheet: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a sheet whose used range would not fit the memory budget, before
    python-calamine allocates it (it aborts the process when it cannot)."""
    from benefitdesk.exchange.extent import sheet_extent

    with path.open("rb") as f:
        if f.read(4) != _ZIP_MAGIC:
            return  # .xls: every sheet was measured by check_file
    with _scanning(path), zipfile.ZipFile(path) as archive:
        extent = sheet_extent(archive, sheet)
    _check_extent(path, sheet, extent, limits)


def _check_all_extents(p: Path, limits: Limits, archive: zipfile.ZipFile | None = None) -> None:
    """python-calamine loads every sheet of an OpenDocument or .xls file as it opens
    it, so all of them must fit the budget together."""
    from benefitdesk.exchange.extent import ods_extents, xls_extents

    with _scanning(p):
        extents = ods_extents(archive) if archive is not None else xls_extents(str(p))
    for name, extent in extents.items():
        _check_extent(p, name, extent, limits)
    total = sum(e.cells for e in extents.values() if e is not None)
    if total > limits.max_cells:
        raise FileRefused(p, _too_many_cells("its sheets span", total, limits))


def _check_extent(p: Path, sheet: str, extent: Extent | None, limits: Limits) -> None:
    if extent is not None and extent.cells > limits.max_cells:
        what = f'sheet "{sheet}" spans {extent.ref}'
        raise FileRefused(p, _too_many_cells(what, extent.cells, limits))


def _too_many_cells(what: str, cells: int, limits: Limits) -> str:
    return (
        f"{what} ({cells:,} cells), more than the {limits.max_cells:,} cells BenefitDesk "
        "reads at once; delete what lies outside the table (in Excel, Ctrl+End goes to "
        "the last used cell) and save again"
    )


@contextmanager
def _scanning(p: Path) -> Iterator[None]:
    """What a scan of a damaged or hostile file raises, as a refusal of the file."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException

    try:
        yield
    except DefusedXmlException:
        raise FileRefused(p, "holds XML entity declarations; it is refused as unsafe") from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        ParseError,
        OSError,
        ValueError,
        EOFError,
        struct.error,
        NotImplementedError,  # zipfile: "compression method not supported", "zip file version"
    ) as exc:
        raise FileRefused(p, f"is damaged and cannot be read ({exc})") from None


def openpyxl_is_defused() -> bool:
    """Whether openpyxl parses XML through defusedxml (it does when defusedxml is
    installed and OPENPYXL_DEFUSEDXML is not set to False)."""
    import openpyxl
    from openpyxl.xml import functions

    return bool(openpyxl.DEFUSEDXML) and functions.fromstring.__module__.startswith("defusedxml")


def require_defused_openpyxl() -> None:
    """Fail loudly at start-up rather than parse untrusted XML without protection."""
    if not openpyxl_is_defused():
        raise RuntimeError(
            "openpyxl is not using defusedxml: install defusedxml and do not set "
            "OPENPYXL_DEFUSEDXML=False"
        )
