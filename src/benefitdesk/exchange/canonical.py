"""The canonical workbook: its sheets, their columns and what each column holds.

One table serves the export (headers, formats, widths, drop-downs), the import (which
parser reads each column, which fields a sheet kind has) and the collection template.
The sheets and columns are those of docs/workbook.md, in that order (a test keeps the
page and this table alike); the
header of a column is the first spelling in `synonyms.SYNONYMS`, so the import matches
an exported workbook without a mapping. One sheet is added after the original list:
"Stakeholders" (the RACI roles on a benefit), which the portfolio holds and a round
trip must not lose.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from benefitdesk.exchange.headers import label, normalise
from benefitdesk.model import (
    ActionStatus,
    ActivityKind,
    BenefitKind,
    Category,
    Classification,
    Confidence,
    Frequency,
    Lifecycle,
    MeasurementSource,
    ProjectStatus,
    Raci,
    Rag,
    VarianceCause,
)

#: How a column is read and written.
#: text: a short single-line text; note: free text (kept as typed, line breaks too);
#: key: the row's own code or name; ref: a code of another entity (benefit, project,
#: indicator); person: a person's name (added to the portfolio when new); number: a
#: measured value; money: a currency amount; percent: 0-100; int: a whole number;
#: date: a day; enum: one of `choices`.
ColumnType = Literal[
    "text", "note", "key", "ref", "person", "number", "money", "percent", "int", "date", "enum"
]


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    type: ColumnType
    width: float
    choices: tuple[str, ...] = ()

    def header(self, kind: str) -> str:
        return label(kind, self.field)


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """A canonical sheet: its name, the kind of rows it holds, and its columns."""

    name: str
    kind: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header(self.kind) for c in self.columns]

    @property
    def table_name(self) -> str:
        """The Excel table's name: letters only, unique in the workbook."""
        return "".join(part.capitalize() for part in self.name.split())

    def column(self, field: str) -> Column:
        for column in self.columns:
            if column.field == field:
                return column
        raise KeyError(f"{self.kind} has no field {field!r}")


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _c(field: str, type_: ColumnType, width: float, enum: type[StrEnum] | None = None) -> Column:
    return Column(field, type_, width, values(enum) if enum else ())


SETTING_KEYS = ("name", "currency", "amber_pct", "red_pct", "forecast_window")

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("Settings", "settings", (_c("key", "key", 18), _c("value", "text", 36))),
    SheetSpec(
        "People",
        "people",
        (_c("name", "key", 24), _c("email", "text", 32), _c("role", "text", 28)),
    ),
    SheetSpec(
        "Projects",
        "projects",
        (
            _c("code", "key", 10),
            _c("name", "text", 34),
            _c("sponsor", "person", 20),
            _c("manager", "person", 20),
            _c("status", "enum", 13, ProjectStatus),
            _c("approval_date", "date", 14),
            _c("planned_go_live", "date", 15),
            _c("actual_go_live", "date", 15),
            _c("budget", "money", 14),
            _c("actual_cost", "money", 14),
            _c("percent_complete", "percent", 17),
            _c("delivery_rag", "enum", 14, Rag),
        ),
    ),
    SheetSpec(
        "Benefits",
        "benefits",
        (
            _c("code", "key", 10),
            _c("title", "text", 36),
            _c("project", "ref", 10),
            _c("objective", "text", 30),
            _c("kind", "enum", 12, BenefitKind),
            _c("category", "enum", 16, Category),
            _c("classification", "enum", 19, Classification),
            _c("description", "note", 48),
            _c("measure", "text", 30),
            _c("unit", "text", 14),
            _c("baseline", "number", 12),
            _c("baseline_date", "date", 14),
            _c("target", "number", 12),
            _c("target_date", "date", 13),
            _c("tolerance", "number", 12),
            _c("realisation_start", "date", 18),
            _c("tracking_end", "date", 14),
            _c("owner", "person", 20),
            _c("data_source", "text", 30),
            _c("frequency", "enum", 13, Frequency),
            _c("financial_value", "money", 16),
            _c("confidence", "enum", 12, Confidence),
            _c("status", "enum", 11, Lifecycle),
            _c("defined_on", "date", 13),
            _c("sustainment", "note", 40),
            _c("notes", "note", 40),
        ),
    ),
    SheetSpec(
        "Plan",
        "plan",
        (
            _c("benefit", "ref", 10),
            _c("version", "int", 9),
            _c("date", "date", 12),
            _c("planned_value", "number", 18),
            _c("reason", "note", 40),
        ),
    ),
    SheetSpec(
        "Measurements",
        "measurements",
        (
            _c("benefit", "ref", 10),
            _c("date", "date", 12),
            _c("value", "number", 12),
            _c("source", "enum", 10, MeasurementSource),
            _c("note", "note", 48),
        ),
    ),
    SheetSpec(
        "Indicators",
        "indicators",
        (
            _c("code", "key", 10),
            _c("benefit", "ref", 10),
            _c("name", "text", 34),
            _c("unit", "text", 12),
            _c("baseline", "number", 11),
            _c("baseline_date", "date", 14),
            _c("target", "number", 11),
            _c("target_date", "date", 13),
            _c("frequency", "enum", 13, Frequency),
            _c("data_source", "text", 30),
        ),
    ),
    SheetSpec(
        "Indicator Measurements",
        "indicator_measurements",
        (
            _c("indicator", "ref", 11),
            _c("date", "date", 12),
            _c("value", "number", 12),
            _c("source", "enum", 10, MeasurementSource),
            _c("note", "note", 48),
        ),
    ),
    SheetSpec(
        "Variance Notes",
        "variance_notes",
        (
            _c("benefit", "ref", 10),
            _c("period", "date", 12),
            _c("cause", "enum", 21, VarianceCause),
            _c("explanation", "note", 70),
        ),
    ),
    SheetSpec(
        "Actions",
        "actions",
        (
            _c("benefit", "ref", 10),
            _c("title", "key", 44),
            _c("owner", "person", 20),
            _c("due_date", "date", 12),
            _c("done_date", "date", 12),
            _c("status", "enum", 12, ActionStatus),
            _c("outcome", "note", 48),
        ),
    ),
    SheetSpec(
        "Activities",
        "activities",
        (
            _c("benefit", "ref", 10),
            _c("title", "key", 44),
            _c("kind", "enum", 19, ActivityKind),
            _c("owner", "person", 20),
            _c("due_date", "date", 12),
            _c("done_date", "date", 12),
            _c("status", "enum", 12, ActionStatus),
        ),
    ),
    # Not in the original list of sheets: added after it so that a round trip keeps RACI roles.
    SheetSpec(
        "Stakeholders",
        "stakeholders",
        (_c("benefit", "ref", 10), _c("person", "person", 24), _c("role", "enum", 13, Raci)),
    ),
)

BY_KIND: dict[str, SheetSpec] = {spec.kind: spec for spec in SHEETS}

#: Fields of free text that keep their line breaks (every other text is one line).
NOTE_FIELDS = frozenset(c.field for spec in SHEETS for c in spec.columns if c.type == "note")

#: The order an import applies sheets in: what a row refers to is written before it.
IMPORT_ORDER: tuple[str, ...] = (
    "settings",
    "people",
    "projects",
    "benefits",
    "indicators",
    "stakeholders",
    "plan",
    "measurements",
    "indicator_measurements",
    "variance_notes",
    "actions",
    "activities",
)

#: Sheets a workbook may carry that hold no data (the template's instructions).
NON_DATA_SHEETS = frozenset(
    normalise(n) for n in ("Instructions", "Read Me", "README", "About", "Help", "Guidance")
)

#: Columns a collection template adds beside the figures, for the owner to read; the
#: import passes over them silently instead of listing them as unknown.
CONTEXT_HEADERS: dict[str, tuple[str, ...]] = {
    "measurements": (
        "Title", "Benefit Title", "Measure", "Unit", "Owner", "Frequency", "Last Value",
        "Last Date", "Baseline", "Target", "Target Date", "Due",
    ),
    "indicator_measurements": (
        "Name", "Indicator Name", "Benefit", "Unit", "Frequency", "Last Value", "Last Date",
        "Baseline", "Target", "Target Date", "Due",
    ),
}  # fmt: skip

#: The column a rejects workbook adds to say what was wrong; an import passes over it.
REJECTS_HEADER = "Error"

CONTEXT_KEYS: dict[str, frozenset[str]] = {
    spec.kind: frozenset(
        normalise(h) for h in (*CONTEXT_HEADERS.get(spec.kind, ()), REJECTS_HEADER)
    )
    for spec in SHEETS
}

#: Number formats by column type (dates ISO: the same in every locale).
DATE_FORMAT = "yyyy-mm-dd"
NUMBER_FORMATS: dict[str, str] = {
    "date": DATE_FORMAT,
    "money": "#,##0",
    "int": "0",
    "number": "#,##0.00##",  # display only: the cell keeps every digit
}
