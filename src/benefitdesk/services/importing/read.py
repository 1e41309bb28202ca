"""Opening a workbook for import: every sheet detected, its data rows streamed.

Each sheet is read once: its first rows are examined to find the header, then the same
iterator goes on with the data rows (`grid.iter_rows` streams them; only python-
calamine's compact copy of the sheet is in memory, never a list of 100,000 rows).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

from benefitdesk.exchange.grid import Row, iter_rows, list_sheets
from benefitdesk.exchange.limits import DEFAULT_LIMITS, Limits, check_file
from benefitdesk.services.importing.detect import HEAD_ROWS, SheetLayout, detect_sheet
from benefitdesk.services.importing.mapping import ImportMapping, SheetMapping


@dataclass(slots=True)
class OpenSheet:
    """A detected sheet and its data rows (consumed once)."""

    layout: SheetLayout
    rows: Iterator[Row]


def open_sheets(
    path: str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[OpenSheet]:
    """Every worksheet of the file, detected, in workbook order."""
    check_file(path, limits)
    opened: list[OpenSheet] = []
    for name in list_sheets(path, limits=limits):
        sheet_mapping = mapping.for_sheet(name) if mapping else None
        if sheet_mapping is not None and sheet_mapping.ignored:  # not even loaded
            opened.append(OpenSheet(detect_sheet(name, [], sheet_mapping), iter(())))
            continue
        rows = iter_rows(path, name, limits=limits)
        head = list(itertools.islice(rows, _scan(sheet_mapping)))
        layout = detect_sheet(name, head, sheet_mapping)
        data = itertools.chain(head[layout.header_index + 1 :], rows) if layout.kind else iter(())
        opened.append(OpenSheet(layout, data))
    return opened


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in 1 MB pieces (an import batch records it)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _scan(mapping: SheetMapping | None) -> int:
    return max(HEAD_ROWS, (mapping.header_row or 0) if mapping else 0)


# --- sizes, for progress ----------------------------------------------------------------

_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]+\d+:?[A-Z]*(\d*)"')
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_sizes(path: str | os.PathLike[str]) -> dict[str, int]:
    """Rows per sheet as an .xlsx/.xlsm file declares them (its `<dimension>`), read
    without loading the sheets; {} for other formats or when the file does not say."""
    p = Path(path)
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with zipfile.ZipFile(p) as z:
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels}
            sizes: dict[str, int] = {}
            for sheet in book.iter():
                if not sheet.tag.endswith("}sheet"):
                    continue
                target = targets.get(sheet.get(_REL_NS), "")
                part = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else str(PurePosixPath("xl") / target)
                )
                with z.open(part) as member:
                    head = member.read(4096)
                found = _DIMENSION.search(head)
                if found and found.group(1):
                    sizes[sheet.get("name", "")] = int(found.group(1))
            return sizes
    except Exception:
        return {}
