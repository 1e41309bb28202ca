"""Detect: what a sheet holds (its kind, header row, layout and columns), or why it is
skipped.

A sheet's kind comes from the mapping, else from its headers: every kind is tried, and
the one whose header row matches best wins, provided it can be read as that kind — its
required columns are there (a benefits register without a title column may take its
titles from its KPI or description column, and its codes are generated), and it has a
column that only that kind of register has (a list of item codes and prices is not a
benefits register). A name such as "Benefits Register" adds weight. When no kind fits,
the sheet is skipped and the reason says what was seen and what is missing, naming the
closest candidates (`explain`).

The columns found are then completed from the mapping (`columns` by header or letter,
`also`, `constants`) and the way values are read is settled (`options`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from benefitdesk.exchange.canonical import CONTEXT_KEYS, IMPORT_ORDER, NON_DATA_SHEETS
from benefitdesk.exchange.errors import Problem, Severity, column_letter
from benefitdesk.exchange.grid import Row
from benefitdesk.exchange.headers import (
    ColumnMatch,
    HeaderRow,
    find_header_row,
    guess_kind,
    header_text,
    label,
    letter_index,
    normalise,
)
from benefitdesk.exchange.periods import header_period, relative_years
from benefitdesk.exchange.synonyms import EVIDENCE, FALLBACKS, GENERATED, REQUIRED, SYNONYMS
from benefitdesk.exchange.wide import WideHeader, find_wide_header
from benefitdesk.services.importing.explain import NEAR, candidate_for, content_fields, explain
from benefitdesk.services.importing.mapping import WIDE_KINDS, Layout, SheetMapping, is_letter
from benefitdesk.services.importing.options import sheet_options
from benefitdesk.services.importing.parse import ReadOptions

#: Rows read to find the header.
HEAD_ROWS = 30
#: Weight of a sheet name that says the kind ("Benefits Register").
_NAME_WEIGHT = 1.5


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
    derived: dict[str, str] = field(default_factory=dict)  # field → field whose column feeds it
    generated: tuple[str, ...] = ()  # fields made up for every row (codes)
    options: ReadOptions = field(default_factory=ReadOptions)
    notes: tuple[Problem, ...] = ()  # what detection decided, for the user to know
    plan_cols: dict[int, dt.date] = field(default_factory=dict)  # a benefit's plan by period
    near: SheetLayout | None = None  # skipped: the kind it came closest to, to suggest
    guesses: dict[str, int] = field(default_factory=dict)  # near: missing field → column

    @property
    def header_row(self) -> int | None:
        """The Excel row number of the header."""
        return self.header.number if self.header is not None else None

    @property
    def fields(self) -> dict[str, int]:
        """Field → column index, with the columns that feed two fields."""
        if self.columns is None:
            return {}
        found = dict(self.columns.fields)
        for name, source in self.derived.items():
            found[name] = found[source]
        return found

    def problems(self) -> list[Problem]:
        """Header-level problems: missing columns (errors); unknown, repeated or
        missing recommended columns (warnings); what detection decided (warnings)."""
        if self.kind is None:
            if self.skip_reason:
                return [Problem(self.sheet, None, self.skip_reason, self.skip_severity)]
            return []
        assert self.header is not None
        if self.columns is not None:
            return [*self.notes, *self.columns.problems(self.header)]
        assert self.wide is not None
        found = [*self.notes, *self.wide.layout.problems(self.header)]
        context = CONTEXT_KEYS.get(self.kind, frozenset())
        for index, text in self.wide.layout.other_cols.items():
            if normalise(text) not in context:
                message = f'column "{text}" is not a period and will be ignored'
                found.append(self.header.problem(index, message, "warning"))
        return found


def _without_context(columns: ColumnMatch, kind: str, header: Row) -> ColumnMatch:
    """Template columns such as "Title" or "Last Value" are read by people, not imported:
    they are not listed as unknown, nor as a second candidate for a field."""
    context = CONTEXT_KEYS.get(kind)
    if not context or not (columns.unknown or columns.duplicates):
        return columns
    unknown = {i: t for i, t in columns.unknown.items() if normalise(t) not in context}
    duplicates = {
        i: f
        for i, f in columns.duplicates.items()
        if normalise(header_text(header.values[i])) not in context
    }
    return dataclasses.replace(columns, unknown=unknown, duplicates=duplicates)


def _long(head: Sequence[Row], kind: str, mapping: SheetMapping | None) -> HeaderRow | None:
    # A mapping without a kind is tried on every kind: only its fields of this one count.
    columns = (
        {h: f for h, f in mapping.columns.items() if f is None or f in SYNONYMS[kind]}
        if mapping
        else None
    )
    if mapping and mapping.header_row is not None:
        rows = [r for r in head if r.number in (mapping.header_row - 1, mapping.header_row)]
        if not rows or rows[-1].number != mapping.header_row:
            return None
        any_field = tuple(SYNONYMS[kind])  # a mapped header row may be keyed by any column
        found = find_header_row(rows, kind, mapping=columns, min_matches=1, keys=any_field)
        if found is not None and found.row.number != mapping.header_row:  # the group row won
            found = find_header_row(rows[-1:], kind, mapping=columns, min_matches=1, keys=any_field)
        return None if found is None else HeaderRow(head.index(rows[-1]), found.row, found.columns)
    scan = max(HEAD_ROWS, mapping.header_row or 0) if mapping else HEAD_ROWS
    return find_header_row(head, kind, scan, mapping=columns)


def _wide(head: Sequence[Row], kind: str, mapping: SheetMapping | None) -> WideHeader | None:
    values = mapping.values if mapping else None
    find = partial(
        find_wide_header,
        kind=kind,
        day_first=values.day_first if values and values.day_first is not None else True,
        fy_start_month=(values.fiscal_year_start if values else None) or 1,
        start_year=values.start_year if values else None,
    )
    if mapping and mapping.header_row is not None:
        rows = [r for r in head if r.number == mapping.header_row]
        found = find(rows, min_periods=1) if rows else None
        return None if found is None else WideHeader(head.index(rows[0]), found.row, found.layout)
    return find(head)


@dataclass(frozen=True, slots=True)
class _Fit:
    """A sheet read as one kind: how well, and what it still lacks."""

    layout: SheetLayout
    score: float
    missing: tuple[str, ...]  # required fields no column gives
    evidence: bool  # a column only this kind of register has

    @property
    def ok(self) -> bool:
        return not self.missing and self.evidence


def _complete(
    sheet: str,
    kind: str,
    found: HeaderRow,
    head: Sequence[Row],
    mapping: SheetMapping | None,
) -> _Fit:
    columns = _without_context(found.columns, kind, found.row)
    data = head[found.index + 1 :]
    fields = dict(columns.fields)
    notes: list[Problem] = []
    for name, index, why in content_fields(kind, found.row, columns, data):
        fields[name] = index
        notes.append(found.row.problem(index, why, "warning"))
    plan_cols, said = _plan_columns(kind, found.row, columns, mapping)
    notes += [Problem(sheet, None, s, "warning") for s in said]
    derived, generated = _derive(kind, fields, mapping)
    constants = mapping.constants if mapping else {}
    have = set(fields) | set(derived) | set(constants)
    missing = tuple(f for f in REQUIRED[kind] if f not in have)
    unknown = {
        i: t for i, t in columns.unknown.items() if i not in fields.values() and i not in plan_cols
    }
    planned = {"target"} if plan_cols else set()
    recommended = tuple(f for f in columns.missing_recommended if f not in have | planned)
    columns = dataclasses.replace(
        columns, fields=fields, missing=missing, unknown=unknown, missing_recommended=recommended
    )
    mapped = {n for extra in (mapping.also if mapping else {}).values() for n in extra}
    for name, source in derived.items():
        if name in mapped:  # the user's own word: nothing to tell
            continue
        text = header_text(found.row.values[fields[source]])
        what = label(kind, name)
        message = f'no {what} column: the {what.lower()}s are read from "{text}"'
        notes.append(Problem(sheet, None, message, "warning"))
    if generated:
        message = f"no {label(kind, 'code')} column: codes are made up for new rows"
        notes.append(Problem(sheet, None, message, "warning"))
    layout = SheetLayout(
        sheet,
        kind,
        "long",
        found.row,
        found.index,
        columns=columns,
        derived=derived,
        generated=generated,
        notes=tuple(notes),
        plan_cols=plan_cols,
    )
    named = guess_kind(sheet_title(sheet)) == kind
    evidence = named or kind not in EVIDENCE or any(f in have for f in EVIDENCE[kind])
    weight = _NAME_WEIGHT if named else 0.0
    return _Fit(layout, columns.score + weight, missing, evidence)


def _plan_columns(
    kind: str, header: Row, columns: ColumnMatch, mapping: SheetMapping | None
) -> tuple[dict[int, dt.date], list[str]]:
    """Unrecognised columns of a benefits register whose headers are periods: the
    benefit's plan (targets by year). What was assumed to read them is said."""
    if kind != "benefits":
        return {}, []
    values = mapping.values if mapping else None
    fy = values.fiscal_year_start if values else None
    start = values.start_year if values else None
    found: dict[int, dt.date] = {}
    assumed: set[str] = set()
    for index in columns.unknown:
        period = header_period(header.values[index], fy_start=fy, start_year=start)
        if period is not None and period.end not in found.values():
            found[index] = period.end
            assumed |= {period.assumed} if period.assumed else set()
    if len(found) < 2:
        found = {}
    said = (
        [f"columns {_span(header, found)} are read as the plan (targets by period)"]
        if found
        else []
    )
    said += [f"plan headers: {a}; set fiscal_year_start in a mapping if not" for a in assumed]
    unread = [header.values[i] for i in columns.unknown if i not in found]
    if start is None and relative_years(unread):
        said.append(
            'columns such as "Y1" look like the years of a plan: give start_year in a '
            "mapping to read them"
        )
    return found, said


def _span(header: Row, columns: dict[int, dt.date]) -> str:
    indexes = sorted(columns)
    first, last = column_name(header, indexes[0]), column_name(header, indexes[-1])
    return f"{first} to {last}"


def _derive(
    kind: str, fields: dict[str, int], mapping: SheetMapping | None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Fields fed by another field's column (the mapping's `also`, else a fallback) and
    fields generated (codes)."""
    derived: dict[str, str] = {}
    for header, extra in (mapping.also if mapping else {}).items():
        primary = mapping.columns.get(header) if mapping else None
        if primary in fields:
            derived.update(
                {name: primary for name in extra if name not in fields and name in SYNONYMS[kind]}
            )
    for (k, name), sources in FALLBACKS.items():
        if k == kind and name not in fields and name not in derived:
            source = next((s for s in sources if s in fields), None)
            if source is not None:
                derived[name] = source
    generated = GENERATED.get(kind)
    constants = mapping.constants if mapping else {}
    made = (
        (generated,) if generated and generated not in fields and generated not in constants else ()
    )
    return derived, made


def _fit(sheet: str, head: Sequence[Row], kind: str, mapping: SheetMapping | None) -> _Fit | None:
    """The sheet read as `kind`, or None when no header row for it is found."""
    wanted = mapping.layout if mapping else None
    long = None if wanted == "wide" else _long(head, kind, mapping)
    fit = _complete(sheet, kind, long, head, mapping) if long is not None else None
    if fit is not None and (fit.ok or kind not in WIDE_KINDS or wanted == "long"):
        return fit
    if kind in WIDE_KINDS and wanted != "long":
        wide = _wide(head, kind, mapping)
        if wide is not None:
            layout = SheetLayout(sheet, kind, "wide", wide.row, wide.index, wide=wide)
            return _Fit(layout, 2 + min(len(wide.layout.period_cols), 1), (), True)
    return fit


def _settled(
    layout: SheetLayout, head: Sequence[Row], mapping: SheetMapping | None, decimal: str
) -> SheetLayout:
    """The layout chosen, with how its values are read (worked out for it alone)."""
    assert layout.kind is not None and layout.header is not None
    data = head[layout.header_index + 1 :]
    options = sheet_options(layout.kind, layout.header, layout.columns, data, mapping, decimal)
    return dataclasses.replace(layout, options=options)


def detect_sheet(
    sheet: str, head: Sequence[Row], mapping: SheetMapping | None, default_decimal: str = "."
) -> SheetLayout:
    """Decide how to read a sheet from its first rows (`head`, up to `HEAD_ROWS`);
    `default_decimal` is the file's (a comma in a semicolon-separated CSV)."""
    if mapping is not None and mapping.ignored:
        return SheetLayout(sheet, None)
    if mapping is not None and mapping.kind:
        fit = _fit(sheet, head, mapping.kind, mapping)
        if fit is not None and not fit.missing:
            return _settled(fit.layout, head, mapping, default_decimal)
        return SheetLayout(
            sheet, None, skip_reason=explain(sheet, head, [fit] if fit else [], mapping),
            skip_severity="error",
        )  # fmt: skip
    if normalise(sheet_title(sheet)) in NON_DATA_SHEETS:
        return SheetLayout(sheet, None)
    fits = [f for kind in IMPORT_ORDER if (f := _fit(sheet, head, kind, mapping)) is not None]
    named = [f for f in fits if f.layout.kind == guess_kind(sheet_title(sheet))]
    good = [f for f in named if f.ok] or [f for f in fits if f.ok]
    if good:  # a sheet named "Measurements" that reads as measurements is measurements
        return _settled(max(good, key=lambda f: f.score).layout, head, mapping, default_decimal)
    if named:  # a "Measurements" sheet without a Value column: the name says what it is
        kind = SheetMapping(kind=named[0].layout.kind)
        reason = explain(sheet, head, named, kind, "the sheet's name")
        return SheetLayout(sheet, None, skip_reason=reason, skip_severity="error")
    reason = explain(sheet, head, fits, mapping)
    near = max((f for f in fits if f.evidence), key=lambda f: f.score, default=None)
    if near is None or near.score < NEAR:
        return SheetLayout(sheet, None, skip_reason=reason)
    data = head[near.layout.header_index + 1 :]
    guesses = {}
    for name in near.missing:
        found = candidate_for(near, name, data)
        if found is not None:
            guesses[name] = found
    return SheetLayout(sheet, None, skip_reason=reason, near=near.layout, guesses=guesses)


def mapping_problems(layout: SheetLayout, mapping: SheetMapping | None) -> list[Problem]:
    """Columns a mapping names that the sheet's header row does not have: an error,
    never ignored silently."""
    if mapping is None or layout.header is None:
        return []
    header = layout.header
    headers = {normalise(header_text(v)) for v in header.values if v != ""}
    problems = []
    for key in [*mapping.columns, *mapping.multipliers]:
        if normalise(key) in headers:
            continue
        if is_letter(key) and letter_index(key) >= header.first_column - 1:
            continue
        shown = ", ".join(f'"{header_text(v)}"' for v in header.values if v != "")
        where = f"row {header.number}"
        problems.append(
            Problem(
                layout.sheet,
                None,
                f'the mapping names column "{key}", which is not in the header ({where}: {shown})',
            )
        )
    return problems


def sheet_title(name: str) -> str:
    """A sheet's name without the numbering workbooks put in front ("5. Benefits DB")."""
    return re.sub(r"^\s*[\dA-Za-z]{1,3}[.)]\s+|^\s*\d+\s*[-–:]\s*", "", name) or name


def column_name(header: Row, index: int) -> str:
    """ "C ("Budget (£m)")": a column as the user finds it."""
    text = header_text(header.values[index]) if index < len(header.values) else ""
    letter = column_letter(header.first_column - 1 + index)
    return f'{letter} ("{text}")' if text else letter
