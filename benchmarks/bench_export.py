"""Which writer for the canonical workbook: the measurement behind docs/architecture.md.

The same rows of the large portfolio (the first ``--rows`` of each canonical sheet) are
written by

- BenefitDesk's writer (`exchange/workbook_writer.py`: openpyxl's public API around the
  data, the rows streamed as sheet XML by `exchange/sheet_rows.py`);
- openpyxl's write-only mode, public API only (a cell object per value);
- XlsxWriter's constant-memory mode (which refuses Excel tables: the output lacks them);

each timed as the best of ``--repeat`` runs and reported as a ratio to the baseline, the
same rows written as CSV by the standard library in the same run.

    .venv/bin/python benchmarks/bench_export.py [--rows 100000] [--repeat 2] [--portfolio P]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import best_of, large_portfolio

from benefitdesk.exchange.canonical import DATE_FORMAT, NUMBER_FORMATS, SHEETS
from benefitdesk.exchange.export import canonical_table
from benefitdesk.exchange.workbook_writer import TableSheet, write_workbook
from benefitdesk.store import Store
from benefitdesk.store.queries.workbook import canonical_rows


def sheets_of(portfolio: Path, rows: int) -> list[TableSheet]:
    """The canonical sheets with at most ``rows`` rows each, held in lists."""
    with Store(portfolio) as store, store.reading() as session:
        data = canonical_rows(session)
        tables = []
        for spec in SHEETS:
            kept = list(islice(data.get(spec.kind, (0, ()))[1], rows))
            tables.append(canonical_table(spec, kept, len(kept)))
    return tables


def with_csv(sheets: list[TableSheet], out: Path) -> None:
    for sheet in sheets:
        with (out.parent / f"{out.stem}-{sheet.table_name}.csv").open("w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([c.header for c in sheet.columns])
            writer.writerows(sheet.rows)


def with_openpyxl_write_only(sheets: list[TableSheet], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        formats = [NUMBER_FORMATS.get(c.type) for c in sheet.columns]
        ws.append([c.header for c in sheet.columns])
        for values in sheet.rows:
            row: list[Any] = []
            for value, number_format in zip(values, formats, strict=False):
                if number_format and value not in (None, ""):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = number_format
                    row.append(cell)
                else:
                    row.append(value if value != "" else None)
            ws.append(row)
    wb.save(out)


def with_xlsxwriter_constant_memory(sheets: list[TableSheet], out: Path) -> None:
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(str(out), options)
    date_format = wb.add_format({"num_format": DATE_FORMAT})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        formats = [
            wb.add_format({"num_format": NUMBER_FORMATS[c.type]})
            if c.type in NUMBER_FORMATS
            else None
            for c in sheet.columns
        ]
        ws.write_row(0, 0, [c.header for c in sheet.columns])
        for r, values in enumerate(sheet.rows, start=1):
            for c, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value, formats[c])
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, formats[c] or date_format)
                else:
                    ws.write_number(r, c, value, formats[c])
    wb.close()


def with_benefitdesk(sheets: list[TableSheet], out: Path) -> None:
    write_workbook(out, sheets)


WRITERS: dict[str, Callable[[list[TableSheet], Path], None]] = {
    "BenefitDesk (openpyxl public API + streamed rows)": with_benefitdesk,
    "XlsxWriter constant_memory (no tables)": with_xlsxwriter_constant_memory,
    "openpyxl write-only": with_openpyxl_write_only,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows per sheet at most")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--portfolio", type=Path, help="default: the large one, built once")
    args = parser.parse_args()
    sheets = sheets_of(args.portfolio or large_portfolio(), args.rows)
    total = sum(s.count for s in sheets)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        out = Path(folder) / "out.xlsx"
        baseline, _ = best_of(lambda: with_csv(sheets, out), args.repeat)
        print(f"{total:,} rows; baseline (csv module): {baseline:.2f} s")
        for name, writer in WRITERS.items():
            seconds, _ = best_of(partial(writer, sheets, out), args.repeat)
            per_row = seconds / total * 1e6
            print(f"{name}: {seconds:.2f} s, {per_row:.1f} µs a row, {seconds / baseline:.1f}×")


if __name__ == "__main__":
    main()
