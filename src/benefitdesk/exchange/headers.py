"""Finding the header row of a hand-kept register and what each column holds.

Registers start with title rows ("Benefits Register — Q1 review"), logos, notes; the
header row is somewhere below. It is found by scoring rows on how many cells are known
headers for the kind of sheet, requiring the key column (e.g. the benefit code). Columns
are then matched by `SYNONYMS`, forgiving case, spaces, punctuation and spelling, and a
user-confirmed `mapping` (from the import dialog or a saved profile) comes first.

Measurements also come "wide": one row per benefit and one column per period
(`Jan-2025`, `2025-02`, `Q1 2025` or real date cells) — see `detect_wide_layout`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from benefitdesk.exchange.dates import parse_date
from benefitdesk.exchange.errors import CellError, Problem, column_letter
from benefitdesk.exchange.grid import CellValue, Grid, Row
from benefitdesk.exchange.synonyms import RECOMMENDED, REQUIRED, SHEET_NAMES, SYNONYMS

__all__ = [
    "RECOMMENDED",
    "REQUIRED",
    "SYNONYMS",
    "ColumnMatch",
    "HeaderRow",
    "WideHeader",
    "WideLayout",
    "detect_wide_layout",
    "find_header_row",
    "find_wide_header",
    "guess_kind",
    "label",
    "match_columns",
    "normalise",
]

_WIDE_KEY = {"measurements": "benefit", "indicator_measurements": "indicator"}
_PLAUSIBLE_YEARS = range(1950, 2151)


def normalise(text: str) -> str:
    """A header reduced to what identifies it: "Realization Start (£)" and
    "realisation_start £" both give "realisationstart"."""
    t = text.casefold().replace("&", " and ").replace("%", " percent ").replace("#", " number ")
    t = re.sub(r"[\W_]+", "", t)
    # Both sides go through this, so a rare over-match ("size" → "sise") is harmless.
    return re.sub(r"iz(?=e|ing|ation)", "is", t)


def _without_brackets(text: str) -> str:
    """ "Baseline (£k)" → "Baseline": units in brackets are common and not part of the name."""
    return re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)


def label(kind: str, field: str) -> str:
    """The canonical column name of a field, as used in messages."""
    return SYNONYMS[kind][field][0]


@cache
def _lookup(kind: str) -> dict[str, str]:
    if kind not in SYNONYMS:
        raise ValueError(f"unknown sheet kind {kind!r}; known: {', '.join(SYNONYMS)}")
    table: dict[str, str] = {}
    for field, spellings in SYNONYMS[kind].items():
        for spelling in spellings:
            table.setdefault(normalise(spelling), field)
    return table


def _header_text(cell: CellValue) -> str:
    if isinstance(cell, str):
        return " ".join(cell.split())
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """Which column holds which field. Indexes are positions in the header row's values."""

    kind: str
    fields: dict[str, int]
    unknown: dict[int, str]  # index → header as written, to list to the user
    duplicates: dict[int, str]  # index → field already read from an earlier column
    missing: tuple[str, ...]  # required fields without a column
    missing_recommended: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.missing

    def problems(self, header: Row) -> list[Problem]:
        """Located messages: errors for missing required columns, warnings otherwise."""
        found = [
            Problem(header.sheet, None, f'required column "{label(self.kind, f)}" not found')
            for f in self.missing
        ]
        found += [
            Problem(
                header.sheet,
                None,
                f'no "{label(self.kind, f)}" column; that field will be left empty',
                "warning",
            )
            for f in self.missing_recommended
        ]
        for i, text in self.unknown.items():
            message = f'column "{text}" is not recognised and will be ignored'
            found.append(header.problem(i, message, "warning"))
        for i, field in self.duplicates.items():
            first = column_letter(header.first_column - 1 + self.fields[field])
            message = (
                f'column "{_header_text(header.values[i])}" repeats '
                f'"{label(self.kind, field)}" (column {first}); only column {first} is read'
            )
            found.append(header.problem(i, message, "warning"))
        return found


def match_columns(
    header_cells: Sequence[CellValue],
    kind: str,
    *,
    mapping: Mapping[str, str | None] | None = None,
) -> ColumnMatch:
    """Match header cells to the fields of `kind`. `mapping` (header → field, or None
    to ignore a column on purpose) overrides the synonyms, so a user's confirmed choice
    sticks."""
    table = _lookup(kind)
    chosen = {normalise(k): v for k, v in (mapping or {}).items()}
    fields: dict[str, int] = {}
    unknown: dict[int, str] = {}
    duplicates: dict[int, str] = {}
    for i, cell in enumerate(header_cells):
        if cell == "" or (isinstance(cell, str) and cell.isspace()):
            continue
        text = _header_text(cell)
        key = normalise(text)
        if key in chosen:
            field = chosen[key]
            if field is None:
                continue
            if field not in SYNONYMS[kind]:
                raise ValueError(f"mapping names unknown field {field!r} for {kind}")
        else:
            field = table.get(key) or table.get(normalise(_without_brackets(text)))
        if field is None:
            unknown[i] = text
        elif field in fields:
            duplicates[i] = field
        else:
            fields[field] = i
    return ColumnMatch(
        kind=kind,
        fields=fields,
        unknown=unknown,
        duplicates=duplicates,
        missing=tuple(f for f in REQUIRED[kind] if f not in fields),
        missing_recommended=tuple(f for f in RECOMMENDED.get(kind, ()) if f not in fields),
    )


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """The header found: its position in the rows scanned, the row, and its columns.
    Data rows are those after `index`."""

    index: int
    row: Row
    columns: ColumnMatch


def _rows(grid: Grid | Sequence[Row]) -> Sequence[Row]:
    return grid.rows if isinstance(grid, Grid) else grid


def find_header_row(
    grid: Grid | Sequence[Row],
    kind: str,
    max_scan: int = 30,
    *,
    mapping: Mapping[str, str | None] | None = None,
    min_matches: int = 2,
) -> HeaderRow | None:
    """The row among the first `max_scan` that matches most known headers for `kind`,
    provided it has the key column and at least `min_matches` known headers (fewer
    when the kind has fewer fields). None when no row qualifies."""
    key = REQUIRED[kind][0]
    needed = min(min_matches, len(SYNONYMS[kind]))
    best: HeaderRow | None = None
    for index, row in enumerate(_rows(grid)[:max_scan]):
        columns = match_columns(row.values, kind, mapping=mapping)
        score = len(columns.fields)
        if (
            key in columns.fields
            and score >= needed
            and (best is None or score > len(best.columns.fields))
        ):
            best = HeaderRow(index, row, columns)
    return best


def guess_kind(sheet_name: str) -> str | None:
    """The sheet kind its name suggests ("Benefits Register" → "benefits"), if any."""
    key = normalise(sheet_name)
    for kind, names in SHEET_NAMES.items():
        if key in {normalise(n) for n in names}:
            return kind
    return None


@dataclass(frozen=True, slots=True)
class WideLayout:
    """One row per benefit (the key column), one column per period (its END date)."""

    key_col: int
    period_cols: dict[int, dt.date]
    other_cols: dict[int, str]  # e.g. Title, Unit: not read as measurements
    repeated: dict[int, dt.date]  # columns whose period an earlier column already has

    def problems(self, header: Row) -> list[Problem]:
        first = {d: i for i, d in reversed(self.period_cols.items())}
        return [
            header.problem(
                i,
                f"period {d.isoformat()} repeats column "
                f"{column_letter(header.first_column - 1 + first[d])}",
            )
            for i, d in self.repeated.items()
        ]


def _period(cell: CellValue, day_first: bool, fy_start_month: int) -> dt.date | None:
    if cell == "" or isinstance(cell, bool):
        return None
    try:
        day = parse_date(cell, allow_year=True, day_first=day_first, fy_start_month=fy_start_month)
    except CellError:
        return None
    return day if day is not None and day.year in _PLAUSIBLE_YEARS else None


def detect_wide_layout(
    header_cells: Sequence[CellValue],
    kind: str = "measurements",
    *,
    min_periods: int = 2,
    day_first: bool = True,
    fy_start_month: int = 1,
) -> WideLayout | None:
    """A wide header: a key column (benefit code, or indicator code for indicator
    measurements) and at least `min_periods` columns whose headers are periods."""
    key_field, table = _WIDE_KEY[kind], _lookup(kind)
    key_col: int | None = None
    periods: dict[int, dt.date] = {}
    others: dict[int, str] = {}
    repeated: dict[int, dt.date] = {}
    for i, cell in enumerate(header_cells):
        day = _period(cell, day_first, fy_start_month)
        if day is not None:
            if day in periods.values():
                repeated[i] = day
            else:
                periods[i] = day
        elif key_col is None and isinstance(cell, str) and table.get(normalise(cell)) == key_field:
            key_col = i
        elif cell != "":
            others[i] = _header_text(cell)
    if key_col is None or len(periods) < min_periods:
        return None
    return WideLayout(key_col, periods, others, repeated)


@dataclass(frozen=True, slots=True)
class WideHeader:
    index: int
    row: Row
    layout: WideLayout


def find_wide_header(
    grid: Grid | Sequence[Row],
    kind: str = "measurements",
    max_scan: int = 30,
    *,
    min_periods: int = 2,
    day_first: bool = True,
    fy_start_month: int = 1,
) -> WideHeader | None:
    """The row among the first `max_scan` that is a wide header with the most periods."""
    best: WideHeader | None = None
    for index, row in enumerate(_rows(grid)[:max_scan]):
        layout = detect_wide_layout(
            row.values,
            kind,
            min_periods=min_periods,
            day_first=day_first,
            fy_start_month=fy_start_month,
        )
        if layout and (best is None or len(layout.period_cols) > len(best.layout.period_cols)):
            best = WideHeader(index, row, layout)
    return best
