"""Builders for real files: workbooks written with openpyxl, edited at the XML level
where openpyxl cannot produce what Excel would (cached formula results), and .ods files
written by hand."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path


def set_cached_values(path: Path, sheet_xml: str, values: Mapping[str, float]) -> None:
    """Write the results Excel would have cached into formula cells.

    openpyxl does not calculate, so it saves `<c r="D7"><f>D6*2</f><v /></c>`; Excel
    saves the result in `<v>`. Rewriting the XML gives the file Excel would have saved.
    """
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    xml = parts[sheet_xml].decode()
    for ref, value in values.items():
        pattern = rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>[^<]*</v>)?'
        xml, count = re.subn(pattern, rf"\g<1><v>{value}</v>", xml)
        assert count == 1, f"no formula cell {ref} in {sheet_xml}"
    parts[sheet_xml] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="{sheet}">{rows}</table:table>
</office:spreadsheet></office:body></office:document-content>"""

ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def write_ods(path: Path, sheet: str, rows: list[list[object]]) -> None:
    """A minimal OpenDocument spreadsheet (no library here writes .ods)."""
    xml_rows = []
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("<table:table-cell/>")
            elif isinstance(value, float):
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>"
                )
            elif isinstance(value, str) and value.startswith("date:"):
                iso = value[5:]
                cells.append(
                    f'<table:table-cell office:value-type="date" office:date-value="{iso}">'
                    f"<text:p>{iso}</text:p></table:table-cell>"
                )
            else:
                cells.append(
                    f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
                    "</table:table-cell>"
                )
        xml_rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        z.writestr(
            "content.xml",
            ODS_CONTENT.format(sheet=sheet, rows="".join(xml_rows)),
            zipfile.ZIP_DEFLATED,
        )
