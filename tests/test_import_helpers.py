"""Helpers for the exchange tests (no tests here): real workbooks, the CLI with the
exchange commands, and reading a workbook back as plain values."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

import builders
from benefitdesk.exchange.grid import read_grids
from benefitdesk.store import Store

TODAY = date(2026, 11, 25)


def workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[Any]]]) -> Path:
    """A workbook with one sheet per entry, rows written from A1 (None = empty)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def set_cached_values(path: Path, sheet_xml: str, values: Mapping[str, float]) -> None:
    """Give formula cells the result Excel would have cached (openpyxl saves none)."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    xml = parts[sheet_xml].decode()
    for ref, value in values.items():
        pattern = rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>[^<]*</v>)?'
        xml, count = re.subn(pattern, rf"\g<1><v>{value}</v>", xml)
        assert count == 1, ref
    parts[sheet_xml] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def values_of(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, as python-calamine reads them."""
    return {g.sheet: [list(r.values) for r in g.rows] for g in read_grids(path)}


def add_benefit(store: Store, code: str = "B-001", **changes: Any) -> int:
    """A valid benefit baselined in January 2025, as the import tests' files expect."""
    dates = {"baseline_date": date(2025, 1, 31), "target_date": date(2026, 12, 31)}
    return builders.add_benefit(store, code, financial_value=None, **{**dates, **changes})


def cli(argv: Iterable[str]) -> tuple[int, str, str]:
    """Run `benefitdesk ARGV`; (code, out, err)."""
    from benefitdesk.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run(list(argv))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()
