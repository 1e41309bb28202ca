"""Text that looks like a formula is written as text in every workbook BenefitDesk
writes: a payload typed into any text field of a portfolio never becomes a formula."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import Enum
from sqlmodel import AutoString, SQLModel

import benefitdesk.model  # noqa: F401  (the tables, in SQLModel.metadata)
from benefitdesk.demo import create_demo

PAYLOADS = (
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A9)",
    '=HYPERLINK("http://example.invalid","click")',
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    " =1+1",
    "=1+1\n=2+2",
    "｜=1+1",
)
SKIPPED_TABLES = {"alembic_version", "audit_entry", "import_profile"}


def poison(path: Path) -> int:
    """Put a payload (kept unique with a suffix) into every free-text column of every
    row; returns how many cells were poisoned."""
    con = sqlite3.connect(path)
    count = 0
    try:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            for column in table.columns:
                if isinstance(column.type, Enum) or not isinstance(column.type, AutoString):
                    continue
                if column.name.endswith(("currency", "_by")) or column.name == "sha256":
                    continue
                ids = [r[0] for r in con.execute(f'SELECT rowid FROM "{table.name}"')]
                for i, rowid in enumerate(ids):
                    text = f"{PAYLOADS[i % len(PAYLOADS)]} {column.name} {rowid}"
                    con.execute(
                        f'UPDATE "{table.name}" SET "{column.name}" = ? WHERE rowid = ?',
                        (text, rowid),
                    )
                    count += 1
        con.commit()
    finally:
        con.close()
    return count


def formulas(workbook: Path) -> list[str]:
    """Every formula in the workbook's sheets (`<f>`) and charts (`<c:f>`, where a series
    or title name starting with "=" becomes a reference): none may come from our text."""
    found = []
    with zipfile.ZipFile(workbook) as archive:
        for name in archive.namelist():
            if name.startswith(("xl/worksheets/", "xl/charts/")) and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += [f"{name}: {m}" for m in re.findall(r"<(?:c:)?f[ >].*?</(?:c:)?f>", xml)]
    return found


@pytest.mark.slow
def test_no_text_field_becomes_a_formula_in_any_workbook(tmp_path: Path) -> None:
    path = tmp_path / "poisoned.sqlite"
    create_demo(path).close()
    assert poison(path) > 500
    outputs = {
        "export": tmp_path / "export.xlsx",
        "board-pack": tmp_path / "board.xlsx",
        "template": tmp_path / "template.xlsx",
    }
    for command, out in outputs.items():
        done = subprocess.run(
            [sys.executable, "-m", "benefitdesk", command, str(path), str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, (command, done.stderr)
        injected = [f for f in formulas(out) if any(p.strip()[1:6] in f for p in PAYLOADS)]
        assert not injected, (command, injected[:5])
    with zipfile.ZipFile(outputs["export"]) as archive:
        xml = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if "worksheets/" in n
        )
    # every payload is there, as text (each is followed by its column's name)
    assert [p for p in PAYLOADS if f"{escape(p)} " in xml] == list(PAYLOADS)
