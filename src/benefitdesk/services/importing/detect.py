"""What a sheet holds: its kind, its header row, its layout and its columns.

A sheet's kind comes from the mapping, else from its name ("Benefits Register"), else
from its headers: the kind whose header row matches best, with all its required
columns, wins. Measurement sheets are long (code, date, value) or wide (one row per
benefit, one column per period).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from benefitdesk.exchange.canonical import CONTEXT_KEYS, IMPORT_ORDER, NON_DATA_SHEETS
from benefitdesk.exchange.errors import Problem, Severity
from benefitdesk.exchange.grid import Row
from benefitdesk.exchange.headers import (
    ColumnMatch,
    HeaderRow,
    WideHeader,
    find_header_row,
    find_wide_header,
    guess_kind,
    label,
    normalise,
)
from benefitdesk.exchange.synonyms import REQUIRED, SYNONYMS
from benefitdesk.services.importing.mapping import WIDE_KINDS, Layout, SheetMapping

#: Rows read to find the header.
HEAD_ROWS = 30


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """How to read one sheet. `kind` None: the sheet is skipped (`skip_reason` says
    why, or is empty for sheets that never hold data, such as instructions)."""

    sheet: str
    kind: str | None
    layout: Layout | None = None
    header: Row | None = None
    header_index: int = -1  # position of the header among the rows scanned
    columns: ColumnMatch | None = None  # long layout
    wide: WideHeader | None = None  # wide layout
    skip_reason: str = ""
    skip_severity: Severity = "warning"

    @property
    def header_row(self) -> int | None:
        """The Excel row number of the header."""
        return self.header.number if self.header is not None else None

    def problems(self) -> list[Problem]:
        """Header-level problems: missing columns (errors); unknown, repeated or
        missing recommended columns (warnings)."""
        if self.kind is None:
            if self.skip_reason:
                return [Problem(self.sheet, None, self.skip_reason, self.skip_severity)]
            return []
        assert self.header is not None
        if self.columns is not None:
            return self.columns.problems(self.header)
        assert self.wide is not None
        found = self.wide.layout.problems(self.header)
        context = CONTEXT_KEYS.get(self.kind, frozenset())
        for index, text in self.wide.layout.other_cols.items():
            if normalise(text) not in context:
                message = f'column "{text}" is not a period and will be ignored'
                found.append(self.header.problem(index, message, "warning"))
        return found


def _without_context(columns: ColumnMatch, kind: str) -> ColumnMatch:
    """Template columns such as "Title" or "Last Value" are read by people, not imported:
    they are not listed as unknown."""
    context = CONTEXT_KEYS.get(kind)
    if not context or not columns.unknown:
        return columns
    unknown = {i: t for i, t in columns.unknown.items() if normalise(t) not in context}
    return dataclasses.replace(columns, unknown=unknown)


def _long(
    sheet: str, head: Sequence[Row], kind: str, mapping: SheetMapping | None
) -> HeaderRow | None:
    # A mapping without a kind is tried on every kind: only its fields of this one count.
    columns = (
        {h: f for h, f in mapping.columns.items() if f is None or f in SYNONYMS[kind]}
        if mapping
        else None
    )
    scan = max(HEAD_ROWS, mapping.header_row or 0) if mapping else HEAD_ROWS
    if mapping and mapping.header_row is not None:
        rows = [r for r in head if r.number == mapping.header_row]
        if not rows:
            return None
        index = head.index(rows[0])
        found = find_header_row([rows[0]], kind, mapping=columns, min_matches=1)
        return None if found is None else HeaderRow(index, found.row, found.columns)
    return find_header_row(head, kind, scan, mapping=columns)


def _wide(head: Sequence[Row], kind: str, mapping: SheetMapping | None) -> WideHeader | None:
    if mapping and mapping.header_row is not None:
        rows = [r for r in head if r.number == mapping.header_row]
        found = find_wide_header(rows, kind, min_periods=1) if rows else None
        return None if found is None else WideHeader(head.index(rows[0]), found.row, found.layout)
    return find_wide_header(head, kind)


def _layout_for(
    sheet: str, head: Sequence[Row], kind: str, mapping: SheetMapping | None
) -> SheetLayout | None:
    """The sheet read as `kind`, or None when no header row for it is found."""
    wanted = mapping.layout if mapping else None
    long = None if wanted == "wide" else _long(sheet, head, kind, mapping)
    if long is not None and (long.columns.ok or kind not in WIDE_KINDS or wanted == "long"):
        columns = _without_context(long.columns, kind)
        return SheetLayout(sheet, kind, "long", long.row, long.index, columns=columns)
    if kind in WIDE_KINDS and wanted != "long":
        wide = _wide(head, kind, mapping)
        if wide is not None:
            return SheetLayout(sheet, kind, "wide", wide.row, wide.index, wide=wide)
    if long is not None:
        columns = _without_context(long.columns, kind)
        return SheetLayout(sheet, kind, "long", long.row, long.index, columns=columns)
    return None


def _expected(kind: str) -> str:
    return ", ".join(label(kind, f) for f in REQUIRED[kind])


def detect_sheet(sheet: str, head: Sequence[Row], mapping: SheetMapping | None) -> SheetLayout:
    """Decide how to read a sheet from its first rows (`head`, up to `HEAD_ROWS`)."""
    if mapping is not None and mapping.ignored:
        return SheetLayout(sheet, None)
    kind = (mapping.kind if mapping else None) or guess_kind(sheet)
    if kind is not None:
        found = _layout_for(sheet, head, kind, mapping)
        if found is not None:
            return found
        if mapping is not None and mapping.kind:  # the user said what it is: an error
            where = f" in row {mapping.header_row}" if mapping.header_row else ""
            return SheetLayout(
                sheet,
                None,
                skip_reason=f"no {kind.replace('_', ' ')} header row found{where} "
                f"(expected columns such as {_expected(kind)})",
                skip_severity="error",
            )
    if normalise(sheet) in NON_DATA_SHEETS:
        return SheetLayout(sheet, None)
    best: SheetLayout | None = None
    for candidate in IMPORT_ORDER:
        found = _layout_for(sheet, head, candidate, mapping)
        if found is None or (found.columns is not None and not found.columns.ok):
            continue
        if best is None or _score(found) > _score(best):
            best = found
    if best is not None:
        return best
    if not head:
        return SheetLayout(sheet, None, skip_reason="the sheet is empty and is ignored")
    hint = f" (the name suggests {kind.replace('_', ' ')})" if kind else ""
    return SheetLayout(
        sheet,
        None,
        skip_reason=f"no recognised header row{hint}; the sheet is ignored "
        "(map its columns in the import dialog, or name its kind in a mapping file)",
    )


def _score(layout: SheetLayout) -> int:
    if layout.columns is not None:
        return len(layout.columns.fields)
    assert layout.wide is not None
    return 2 + min(len(layout.wide.layout.period_cols), 1)
