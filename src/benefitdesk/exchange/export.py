"""The canonical workbook written from plain rows: one Excel table per sheet.

The rows come from the service layer (the store is not read here); each sheet's rows
are values in the order of its `canonical` columns, with enumerations as their
lower-case values, people by name and other entities by code.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from benefitdesk.exchange.canonical import SHEETS, SheetSpec
from benefitdesk.exchange.workbook_writer import TableColumn, TableSheet, Tick, write_workbook

#: A sheet's rows: how many there are, and the rows themselves (consumed once).
SheetRows = tuple[int, Iterable[Sequence[Any]]]


def table_columns(spec: SheetSpec) -> list[TableColumn]:
    return [TableColumn(c.header(spec.kind), c.type, c.width, c.choices) for c in spec.columns]


def canonical_table(spec: SheetSpec, rows: Iterable[Sequence[Any]], count: int) -> TableSheet:
    return TableSheet(spec.name, spec.table_name, table_columns(spec), rows, count)


def write_canonical(
    path: str | os.PathLike[str],
    data: Mapping[str, SheetRows],
    *,
    title: str | None = None,
    tick: Tick | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Write every canonical sheet, in order, from `data` (sheet kind → rows); a kind
    missing from `data` gives an empty table. Returns the row count of each sheet."""
    tables = []
    counts: dict[str, int] = {}
    for spec in SHEETS:
        count, rows = data.get(spec.kind, (0, ()))
        tables.append(canonical_table(spec, rows, count))
        counts[spec.name] = count
    write_workbook(path, tables, title=title, tick=tick, cancelled=cancelled)
    return counts
