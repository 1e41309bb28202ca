"""`--suggest-mapping`: the mapping detection arrived at, written for a person to edit.

Every sheet is listed with its kind (or `ignore`, with the reason as a comment), its
header row and every column with the field it went to or `ignore`, a few of its values
beside it; then the value options in force (the decimal mark found, the words read as
empty, the multipliers taken from headers). The user corrects what is wrong, deletes
what is right if they like (a mapping needs only what detection would not find), and
passes the file back with `--mapping`.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from pathlib import Path

from benefitdesk.exchange.errors import show
from benefitdesk.exchange.grid import Row, iter_rows
from benefitdesk.exchange.headers import header_text, label
from benefitdesk.exchange.limits import TEXT_SUFFIXES
from benefitdesk.services.importing.detect import SheetLayout, column_name
from benefitdesk.services.importing.mapping import (
    ANY_SHEET,
    IGNORE,
    ImportMapping,
    SheetMapping,
    ValueOptions,
)
from benefitdesk.services.importing.options import sheet_options
from benefitdesk.services.importing.read import open_sheets

#: Values shown beside each column.
SAMPLES = 3


def _samples(rows: list[Row], index: int) -> str:
    values = [r.values[index] for r in rows if index < len(r.values) and r.values[index] != ""]
    shown = [show(v, 24) for v in values[:SAMPLES]]
    return ", ".join(shown)


def _sheet(layout: SheetLayout, rows: list[Row]) -> tuple[SheetMapping, dict[str, str]]:
    notes: dict[str, str] = {}
    header = layout.header
    assert header is not None and layout.kind is not None
    kind = layout.kind
    by_index = {i: f for f, i in (layout.columns.fields.items() if layout.columns else ())}
    extra: dict[int, list[str]] = {}
    for name, source in layout.derived.items():
        extra.setdefault(layout.fields[source], []).append(name)
    columns: dict[str, str | None] = {}
    also: dict[str, tuple[str, ...]] = {}
    for index, cell in enumerate(header.values):
        if cell == "" or index in layout.plan_cols:  # plan columns: left to detection
            continue
        text = header_text(cell)
        key = text if text not in columns else column_name(header, index).split(" ", 1)[0]
        field = by_index.get(index)
        if layout.wide is not None:
            field = "benefit" if index == layout.wide.layout.key_col else None
            field = field if kind == "measurements" else ("indicator" if field else None)
        columns[key] = field
        if index in extra:
            also[key] = tuple(extra[index])
        sample = _samples(rows, index)
        what = label(kind, field) if field else "not imported"
        notes[key] = f"{what}: {sample}" if sample else what
    if layout.plan_cols:
        first, last = min(layout.plan_cols), max(layout.plan_cols)
        span = f"{column_name(header, first)} to {column_name(header, last)}"
        notes[""] = f"columns {span} are read as the plan (not listed: detection finds them)"
    options = layout.options
    values = ValueOptions(decimal=options.decimal, day_first=options.day_first)
    notes["values.decimal"] = "the decimal mark of this sheet's numbers"
    notes["values.day_first"] = "03/04/2026 is 3 April"
    by_field = {f: k for k, f in columns.items() if f}
    multipliers = {by_field[f]: m for f, m in options.multipliers.items() if f in by_field}
    mapping = SheetMapping(
        kind=kind,
        header_row=header.number,
        layout=layout.layout if layout.layout == "wide" else None,
        columns=columns,
        also=also,
        values=values,
        multipliers=multipliers,
    )
    return mapping, notes


def opened_rows(path: Path, layout: SheetLayout) -> list[Row]:
    """The first data rows under a skipped sheet's closest header (for samples)."""
    near = layout.near
    assert near is not None and near.header is not None
    rows = iter_rows(path, layout.sheet)
    head = list(itertools.islice(rows, near.header_index + 1 + 20))
    return head[near.header_index + 1 :]


def _near(layout: SheetLayout, rows: list[Row], keep: bool) -> tuple[SheetMapping, dict[str, str]]:
    """A skipped sheet as the kind it came closest to, its missing field guessed. Kept
    (`keep`) when the file has nothing better; else written as ignored, to switch on."""
    near = layout.near
    assert near is not None and near.header is not None and near.columns is not None
    guessed = {index: name for name, index in layout.guesses.items()}
    columns = dict(near.columns.fields)
    for index, name in guessed.items():
        columns[name] = index
    matched = dataclasses.replace(near.columns, fields=columns)
    # A skipped sheet's values were never read, so its options are found here, as
    # detection finds them for a sheet it keeps ("22 340,00" is a decimal comma).
    options = sheet_options(near.kind or "", near.header, matched, rows, None)
    mapping, notes = _sheet(dataclasses.replace(near, columns=matched, options=options), rows)
    for index, name in guessed.items():
        key = header_text(near.header.values[index])
        notes[key] = (
            f"GUESSED as {label(near.kind or '', name)}: check it ({_samples(rows, index)})"
        )
    reason = f"skipped as it was: {layout.skip_reason}"
    if keep:
        notes[""] = f"header in row {near.header.number}; {reason}"
    else:
        notes[""] = f'to import it, write kind = "{near.kind}" and check the guess; {reason}'
        mapping.kind = IGNORE
    return mapping, notes


def suggest_mapping(
    path: str | os.PathLike[str], mapping: ImportMapping | None = None
) -> tuple[ImportMapping, dict[str, dict[str, str]], str]:
    """(mapping, comments by sheet and key, heading) for `path` as detection reads it
    (with `mapping` applied first, to refine an earlier one)."""
    p = Path(path)
    opened = open_sheets(p, mapping)
    csv = p.suffix.lower() in TEXT_SUFFIXES
    suggested = ImportMapping()
    notes: dict[str, dict[str, str]] = {}
    keep_near = not any(s.layout.kind for s in opened.sheets)  # the best the file offers
    for sheet in opened.sheets:
        layout = sheet.layout
        key = ANY_SHEET if csv else layout.sheet
        if layout.kind is None and layout.near is None:
            suggested.sheets[key] = SheetMapping(kind=IGNORE)
            notes[key] = {"": layout.skip_reason or "not a register"}
            continue
        rows = list(itertools.islice(sheet.rows, 20))
        if layout.near is not None:  # skipped, but close: what it lacks, guessed
            suggested.sheets[key], notes[key] = _near(layout, opened_rows(p, layout), keep_near)
            continue
        suggested.sheets[key], notes[key] = _sheet(layout, rows)
    heading = (
        f'Suggested for {p.name}. Change a field name, or write "ignore", then import with\n'
        f'  benefitdesk import PORTFOLIO "{p.name}" --mapping THIS_FILE\n'
        "Lines you leave out are detected as before; docs/mapping.md lists every option."
    )
    return suggested, notes, heading
