"""Small hostile workbooks, written byte by byte where no library would write them."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.utils

_OOXML = "http://schemas.openxmlformats.org"
_SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Types xmlns="{_OOXML}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SHEETML}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_SHEETML}.worksheet+xml"/>'
    "</Types>"
)


def _relationships(kind: str, target: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Relationships xmlns="{_OOXML}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_OOXML}/officeDocument/2006/relationships/{kind}" '
        f'Target="{target}"/></Relationships>'
    )


_ROOT_RELS = _relationships("officeDocument", "xl/workbook.xml")
_WORKBOOK_RELS = _relationships("worksheet", "worksheets/sheet1.xml")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_xlsx(path: Path, sheet_data: str, *, prefix: str = "", doctype: str = "") -> Path:
    """An .xlsx with one sheet named "Measurements" whose `<sheetData>` content is given
    as XML text (with ``prefix``, every main-namespace element carries it)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns{":" + prefix if prefix else ""}="{MAIN}"'
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<{p}workbook {xmlns} xmlns:r="{RELS}">'
        f'<{p}sheets><{p}sheet name="Measurements" sheetId="1" r:id="rId1"/></{p}sheets>'
        f"</{p}workbook>"
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>'
        f"<{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def far_cell_xlsx(path: Path, far: str = "XFD1048576") -> Path:
    """A measurement log with one stray value far away: a couple of KB on disk."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Measurements"
    ws.append(["Benefit", "Date", "Value"])
    ws.append(["B-001", "2025-03-31", 21])
    ws[far] = 1
    wb.save(path)
    return path


def ods(path: Path, rows: int, columns: int, sheet: str = "Measurements") -> Path:
    """An OpenDocument sheet of one row, repeated ``rows`` times, of one numeric cell
    repeated ``columns`` times: a few hundred bytes that mean rows × columns values."""
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
        f'xmlns:table="{table}" xmlns:text="{text}" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="{sheet}">'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return f"<!DOCTYPE lolz [{''.join(entities)}]>"


BILLION_LAUGHS = _laughs()  # one reference to &lol9; expands to 10^9 "lol"


# --- .xls: a BIFF8 workbook inside a minimal OLE compound file ----------------------------

_END, _FREE, _FAT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def _record(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def _bof(sheet_type: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, sheet_type, 0, 0, 0, 0))


def _biff(sheets: dict[str, list[tuple[int, int, float]]]) -> bytes:
    """Globals (BOF, one BOUNDSHEET a sheet, EOF), then each sheet's NUMBER records."""
    names = list(sheets)
    offset = len(_bof(5)) + sum(12 + len(n) for n in names) + 4
    bodies, boundsheets = [], []
    for name in names:
        cells = [_record(0x0203, struct.pack("<HHHd", r, c, 0, v)) for r, c, v in sheets[name]]
        body = _bof(0x10) + b"".join(cells) + _record(0x000A)
        boundsheets.append(
            _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name.encode())
        )
        bodies.append(body)
        offset += len(body)
    return _bof(5) + b"".join(boundsheets) + _record(0x000A) + b"".join(bodies)


def _ole(stream: bytes) -> bytes:
    """One "Workbook" stream in regular 512-byte sectors: header, FAT, directory, data."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    count = len(stream) // 512
    fat = [_FAT, _END] + [i + 3 for i in range(count - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<9I", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        fields = struct.pack("<HBBIII", len(raw), kind, 1, _FREE, _FREE, child)
        return raw.ljust(64, b"\0") + fields + bytes(36) + struct.pack("<IQ", start, size)

    directory = entry("Root Entry", 5, 1, _END, 0) + entry("Workbook", 2, _FREE, 2, len(stream))
    return header + struct.pack("<128I", *fat) + directory.ljust(512, b"\0") + stream


def xls(path: Path, sheets: dict[str, list[tuple[int, int, float]]]) -> Path:
    """A legacy .xls of numeric cells given as (row, column, value), 0-based."""
    path.write_bytes(_ole(_biff(sheets)))
    return path


def measurement_log(path: Path, codes: list[str], rows: int, value: float = 1.0) -> Path:
    """A long measurement log of ``rows`` new figures spread over the benefits ``codes``,
    one a month going back from December 2040 (after any demo figure)."""
    import datetime as dt

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Measurements")
    ws.append(["Benefit", "Date", "Value"])
    for i in range(rows):
        months = 2041 * 12 - i // len(codes)  # the month after the one wanted
        first_of_next = dt.date(months // 12, months % 12 + 1, 1)
        ws.append([codes[i % len(codes)], first_of_next - dt.timedelta(days=1), value + i])
    wb.save(path)
    return path


def dense_xlsx(path: Path, rows: int, columns: int) -> Path:
    """A measurement sheet of ``rows`` × ``columns`` numeric cells (headers Benefit,
    Date, Value, X3…): a dense sheet right at the edge of the memory budget."""
    letters = [openpyxl.utils.get_column_letter(c + 1) for c in range(columns)]
    names = ["Benefit", "Date", "Value"] + [f"X{c}" for c in range(3, columns)]
    head = '<row r="1">' + "".join(
        f'<c r="{letter}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for letter, name in zip(letters, names, strict=True)
    )
    template = '<row r="§">' + "".join(f'<c r="{letter}§"><v>7</v></c>' for letter in letters)
    body = "</row>".join(template.replace("§", str(r)) for r in range(2, rows + 2))
    return raw_xlsx(path, f"{head}</row>{body}</row>")


# --- .xlsb: BIFF12 records in a zip -------------------------------------------------------


def _varint(n: int, most: int) -> bytes:
    out = bytearray()
    for _ in range(most):
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            break
    return bytes(out)


def _brt(kind: int, data: bytes = b"") -> bytes:
    return _varint(kind, 2) + _varint(len(data), 4) + data


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb(path: Path, cells: list[tuple[int, int, float]]) -> Path:
    """An .xlsb whose sheet "Measurements" holds numeric cells (row, column, value),
    0-based: the records the extent scan reads (row headers, BrtCellReal)."""
    bundle = struct.pack("<II", 0, 1) + _wide("rId1") + _wide("Measurements")
    workbook = _brt(0x83) + _brt(0x8F) + _brt(0x9C, bundle) + _brt(0x90) + _brt(0x84)
    sheet = _brt(0x81) + _brt(0x91)
    for row in sorted({r for r, _c, _v in cells}):
        sheet += _brt(0x00, struct.pack("<I", row) + bytes(13))
        for _r, col, value in sorted(c for c in cells if c[0] == row):
            sheet += _brt(0x05, struct.pack("<IId", col, 0, value))
    sheet += _brt(0x92) + _brt(0x82)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _relationships("officeDocument", "xl/workbook.bin"))
        z.writestr("xl/workbook.bin", workbook)
        z.writestr(
            "xl/_rels/workbook.bin.rels", _relationships("worksheet", "worksheets/sheet1.bin")
        )
        z.writestr("xl/worksheets/sheet1.bin", sheet)
    return path
