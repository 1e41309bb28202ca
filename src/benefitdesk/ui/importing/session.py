"""One import as the dialog holds it, without widgets: the file, the user's choices,
what the service read, and the mapping they add up to.

Two mappings are kept apart on purpose:

- `choices` holds only what the user said (or a saved mapping said): a sheet's kind,
  header row, layout and the columns they assigned. Inspecting with it leaves every
  other column to detection, so an unrecognised column stays listed as unrecognised
  instead of silently becoming "ignored on purpose".
- `confirmed()` is the complete mapping the pages show: every sheet, every column. The
  dry run and the import use it and "Save mapping" writes it, so next month's file is
  read exactly as this one was confirmed, whatever detection would guess then.

Reading runs in a background job through `read_workbook`, which gets copies and
returns a new `Reading`; only the GUI thread changes an `ImportSession`.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from benefitdesk.exchange.errors import column_letter
from benefitdesk.exchange.grid import Row, iter_rows
from benefitdesk.exchange.headers import label, normalise
from benefitdesk.exchange.limits import TEXT_SUFFIXES
from benefitdesk.exchange.synonyms import REQUIRED, SYNONYMS
from benefitdesk.exchange.wide import detect_wide_layout
from benefitdesk.services.importing import (
    ENTITY_LABELS,
    ImportMapping,
    SheetMapping,
    WorkbookInspection,
    inspect_workbook,
)
from benefitdesk.services.importing.inspect import ColumnInfo, SheetInspection
from benefitdesk.services.importing.mapping import (
    ANY_SHEET,
    IGNORE,
    WIDE_KINDS,
    Layout,
    ValueOptions,
)

#: Raw rows read per sheet for the preview (more when the header sits lower).
HEAD_ROWS = 40
#: Rows shown below the header row at least.
ROWS_BELOW_HEADER = 15

#: The sheet kinds a user can choose, in the order an import applies them.
KINDS: tuple[str, ...] = tuple(k for k in ENTITY_LABELS if k in SYNONYMS)

OK, WARNING, ERROR, SKIPPED = "ok", "warning", "error", "skipped"


def kind_label(kind: str | None) -> str:
    """ "Indicator measurements" for "indicator_measurements"; "Skipped" for none."""
    if kind is None or kind == IGNORE:
        return "Skipped"
    return ENTITY_LABELS.get(kind, kind.replace("_", " ")).capitalize()


def field_label(kind: str, name: str) -> str:
    """The canonical column name of a field ("Baseline"), "(required)" when it is."""
    text = label(kind, name)
    return f"{text} (required)" if name in REQUIRED.get(kind, ()) else text


@dataclass(frozen=True)
class Reading:
    """What the service read from the file, and the first raw rows of every sheet."""

    inspection: WorkbookInspection
    heads: dict[str, tuple[Row, ...]]


def _head(path: Path, sheet: str, count: int) -> tuple[Row, ...]:
    rows = iter_rows(path, sheet, skip_blank=False, fill_merged=False)
    return tuple(itertools.islice(rows, count))


def read_workbook(
    path: Path,
    choices: ImportMapping,
    heads: Mapping[str, tuple[Row, ...]] | None = None,
    check: Callable[[], None] | None = None,
) -> Reading:
    """Inspect `path` with the user's `choices` and read the raw rows the preview needs
    (reusing `heads` already read). Raises ExchangeError for a file that cannot be read;
    `check()` is called between sheets and may raise to stop."""
    inspection = inspect_workbook(path, choices if choices.sheets else None)
    found: dict[str, tuple[Row, ...]] = {}
    for sheet in inspection.sheets:
        if check is not None:
            check()
        chosen = choices.for_sheet(sheet.name)
        lowest = max(sheet.header_row or 0, (chosen.header_row or 0) if chosen else 0)
        wanted = max(HEAD_ROWS, lowest + ROWS_BELOW_HEADER)
        have = (heads or {}).get(sheet.name)
        if have is not None and (len(have) >= wanted or len(have) < HEAD_ROWS):
            found[sheet.name] = have  # enough rows, or the whole sheet already
        else:
            found[sheet.name] = _head(path, sheet.name, wanted)
    return Reading(inspection, found)


def cell_text(value: object) -> str:
    """A cell as the user typed it: no needless ".0", dates in ISO form."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


@dataclass
class ImportSession:
    """The file being imported and everything the user decided about it."""

    path: Path
    choices: ImportMapping = field(default_factory=ImportMapping)
    mapping_file: Path | None = None  # the saved mapping the choices came from
    reading: Reading | None = None

    # -- what was read --------------------------------------------------------------------
    @property
    def csv(self) -> bool:
        return self.path.suffix.lower() in TEXT_SUFFIXES

    @property
    def sheets(self) -> tuple[SheetInspection, ...]:
        return self.reading.inspection.sheets if self.reading else ()

    def sheet(self, name: str) -> SheetInspection:
        assert self.reading is not None
        return self.reading.inspection.sheet(name)

    def head(self, name: str) -> tuple[Row, ...]:
        return self.reading.heads.get(name, ()) if self.reading else ()

    def adopt(self, reading: Reading) -> None:
        self.reading = reading

    def snapshot(self) -> tuple[ImportMapping, dict[str, tuple[Row, ...]]]:
        """Copies for a background job: the choices and the raw rows read so far."""
        heads = dict(self.reading.heads) if self.reading else {}
        return copy.deepcopy(self.choices), heads

    # -- the user's choices ---------------------------------------------------------------
    def choice(self, name: str) -> SheetMapping | None:
        return self.choices.for_sheet(name)

    def header_row(self, name: str) -> int | None:
        """The header row in use: as read, else as chosen (when it was not found)."""
        chosen = self.choice(name)
        return self.sheet(name).header_row or (chosen.header_row if chosen else None)

    def chosen_kind(self, name: str) -> str | None:
        """The kind the sheet is read as, or was asked to be read as; IGNORE if skipped."""
        chosen = self.choice(name)
        if chosen is not None and chosen.kind:
            return chosen.kind
        return self.sheet(name).kind or IGNORE

    def _key(self, name: str) -> str:
        return ANY_SHEET if self.csv else name

    def _editable(self, name: str) -> SheetMapping:
        """The sheet's own entry in `choices`, made from what applies to it now."""
        current = self.choice(name)
        mine = copy.deepcopy(current) if current is not None else SheetMapping()
        self._forget(name)
        self.choices.sheets[self._key(name)] = mine
        return mine

    def _forget(self, name: str) -> None:
        wanted = normalise(name)
        for key in list(self.choices.sheets):
            if key == self._key(name) or (key != ANY_SHEET and normalise(key) == wanted):
                del self.choices.sheets[key]

    def set_kind(self, name: str, kind: str) -> None:
        """Read the sheet as `kind` (or IGNORE it): header and columns detected afresh."""
        self._forget(name)
        self.choices.sheets[self._key(name)] = SheetMapping(kind=kind)

    def set_header_row(self, name: str, row: int) -> None:
        mine = self._editable(name)
        mine.header_row = row
        mine.kind = mine.kind or self.sheet(name).kind

    def set_layout(self, name: str, layout: Layout) -> None:
        mine = self._editable(name)
        mine.kind = mine.kind or self.sheet(name).kind
        mine.layout, mine.header_row = layout, None
        if layout == "wide":
            mine.columns = {}

    def set_field(self, name: str, header: str, target: str | None) -> None:
        """Read column `header` as field `target` (None: ignore it). A column that held
        `target` until now is ignored instead: a field comes from one column."""
        columns = self.columns(name)
        mine = self._editable(name)
        mine.kind = mine.kind or self.sheet(name).kind
        mine.header_row = self.header_row(name)
        mine.layout = "long"
        if target is not None:
            for column in columns:
                if column.field == target and column.header != header:
                    mine.columns[column.header] = None
        mine.columns[header] = target

    def value_options(self, name: str) -> ValueOptions:
        choice = self.choice(name)
        return choice.values if choice is not None else ValueOptions()

    def set_values(self, name: str, options: ValueOptions) -> None:
        """Read the sheet's values as `options` say (its kind and header kept)."""
        mine = self._editable(name)
        mine.kind = mine.kind or self.sheet(name).kind
        mine.header_row = mine.header_row or self.header_row(name)
        mine.values = options

    def reset(self, name: str) -> None:
        """Forget what was chosen for the sheet: detect it again."""
        self._forget(name)

    # -- what the pages show ------------------------------------------------------------
    def columns(self, name: str) -> tuple[ColumnInfo, ...]:
        """The sheet's columns and their fields; when no header was recognised in the
        header row the user chose, that row's cells, so they can be assigned."""
        sheet = self.sheet(name)
        if sheet.columns:
            return sheet.columns
        chosen = self.choice(name)
        number = chosen.header_row if chosen else None
        if number is None:
            return ()
        for row in self.head(name):
            if row.number == number:
                return tuple(
                    ColumnInfo(
                        i,
                        column_letter(row.first_column - 1 + i),
                        cell_text(cell),
                        chosen.columns.get(cell_text(cell)) if chosen else None,
                    )
                    for i, cell in enumerate(row.values)
                    if cell_text(cell).strip()
                )
        return ()

    def periods(self, name: str) -> dict[int, dt.date]:
        """A wide sheet's period columns, or a register's plan columns (position in the
        header row → period end)."""
        sheet = self.sheet(name)
        if sheet.plan_columns:
            return dict(sheet.plan_columns)
        if sheet.layout != "wide" or sheet.kind is None:
            return {}
        for row in self.head(name):
            if row.number == sheet.header_row:
                wide = detect_wide_layout(row.values, sheet.kind, min_periods=1)
                return dict(wide.period_cols) if wide else {}
        return {}

    def status(self, name: str) -> str:
        """OK, WARNING, ERROR (the import would refuse it) or SKIPPED."""
        sheet = self.sheet(name)
        chosen = self.choice(name)
        if sheet.kind is None:
            asked = chosen is not None and chosen.kind not in (None, IGNORE)
            return ERROR if asked else SKIPPED
        if sheet.missing:
            return ERROR
        return WARNING if sheet.problems else OK

    def can_map_columns(self, name: str) -> bool:
        kind = self.chosen_kind(name)
        return kind not in (None, IGNORE) and self.sheet(name).layout != "wide"

    def confirmed(self) -> ImportMapping:
        """Every sheet as the pages show it: what to check, import and save."""
        mapping = ImportMapping()
        for sheet in self.sheets:
            key = self._key(sheet.name)
            chosen = self.choice(sheet.name)
            if chosen is not None and chosen.ignored:
                mapping.sheets[key] = SheetMapping(kind=IGNORE)
            elif sheet.kind is not None:
                plan = sheet.plan_columns  # left to detection, which reads them as the plan
                columns = (
                    {c.header: c.field for c in sheet.columns if c.index not in plan}
                    if sheet.layout == "long"
                    else {}
                )
                kept = copy.deepcopy(chosen) if chosen is not None else SheetMapping()
                mapping.sheets[key] = SheetMapping(
                    kind=sheet.kind,
                    header_row=sheet.header_row,
                    layout=sheet.layout,
                    columns=columns,
                    also=kept.also,  # what the pages do not edit is kept as chosen
                    constants=kept.constants,
                    values=kept.values,
                    multipliers=kept.multipliers,
                    choices=kept.choices,
                )
            elif chosen is not None and chosen.kind:
                mapping.sheets[key] = copy.deepcopy(chosen)  # the dry run says what is wrong
            else:
                mapping.sheets[key] = SheetMapping(kind=IGNORE)
        return mapping

    def imported_sheets(self) -> list[str]:
        return [s.name for s in self.sheets if s.kind is not None]


def layouts_for(kind: str | None) -> tuple[Layout, ...]:
    """The layouts a kind can be read in: measurements come long or wide."""
    return ("long", "wide") if kind in WIDE_KINDS else ("long",)
