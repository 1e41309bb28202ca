"""Rows of the small sheets (people, projects, benefits, …) as typed, located records.

Each present column is parsed by the type the canonical spec gives its field; a value
that cannot be read becomes a located problem and marks the record as failed, so the
import can report every bad cell and still say what the good rows would do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from benefitdesk.exchange.canonical import BY_KIND, Column
from benefitdesk.exchange.errors import CellError, Problem, Severity, show
from benefitdesk.exchange.grid import CellValue, Row
from benefitdesk.exchange.headers import label
from benefitdesk.exchange.synonyms import REQUIRED
from benefitdesk.exchange.values import (
    Choices,
    parse_date,
    parse_int,
    parse_number,
    parse_text,
)

#: Other words registers use for the enumerations' values, by (sheet kind, field).
#: Case, spaces and punctuation are forgiven anyway ("In-Delivery" is "in delivery").
ENUM_SYNONYMS: dict[tuple[str, str], dict[str, list[str]]] = {
    ("projects", "status"): {
        "proposed": ["idea", "pipeline", "draft", "business case"],
        "in delivery": ["delivery", "in progress", "active", "underway", "execution"],
        "live": ["go-live", "implemented", "operational", "bau"],
        "closed": ["complete", "completed", "done", "finished"],
        "cancelled": ["canceled", "stopped", "abandoned"],
    },
    ("projects", "delivery_rag"): {"red": ["r"], "amber": ["a", "yellow"], "green": ["g"]},
    ("benefits", "kind"): {"dis-benefit": ["disbenefit", "negative", "dis"]},
    ("benefits", "category"): {
        "cost saving": ["cost savings", "saving", "savings", "cost reduction", "cost"],
        "revenue": ["income", "revenue growth"],
        "productivity": ["efficiency", "time saving", "time savings"],
        "customer": ["customer experience", "customer satisfaction", "cx"],
        "risk/compliance": ["risk", "compliance", "regulatory", "risk reduction"],
    },
    ("benefits", "classification"): {
        "cash-releasing": ["cash", "cashable", "financial"],
        "non-cash-releasing": ["non-cash", "non cashable", "noncashable", "non-financial"],
    },
    ("benefits", "frequency"): {
        "weekly": ["week"],
        "monthly": ["month", "per month"],
        "quarterly": ["quarter", "per quarter"],
        "half-yearly": ["half year", "biannual", "six-monthly", "semi-annual", "semiannually"],
        "yearly": ["annual", "annually", "year", "per year"],
    },
    ("benefits", "confidence"): {"medium": ["med", "moderate"], "low": ["lo"], "high": ["hi"]},
    ("benefits", "status"): {
        "draft": ["proposed", "identified", "new"],
        "tracking": ["in tracking", "active", "realising", "realizing", "in progress"],
        "realised": ["achieved", "delivered", "realized"],
        "cancelled": ["canceled"],
    },
    ("variance_notes", "cause"): {
        "market/pricing": ["market", "pricing", "price"],
        "implementation delay": ["delay", "late delivery", "implementation"],
        "external economic": ["economic", "economy", "external"],
        "data quality": ["data", "data issue"],
        "scope change": ["scope"],
    },
    ("actions", "status"): {
        "open": ["not started", "new", "to do", "todo"],
        "in progress": ["ongoing", "started", "underway", "wip"],
        "done": ["complete", "completed", "closed", "finished"],
        "dropped": ["cancelled", "canceled", "abandoned", "withdrawn"],
    },
    ("activities", "kind"): {
        "adoption milestone": ["adoption", "milestone"],
        "process change": ["process"],
    },
    ("stakeholders", "role"): {
        "responsible": ["r"],
        "accountable": ["a"],
        "consulted": ["c"],
        "informed": ["i"],
    },
}
ENUM_SYNONYMS[("indicators", "frequency")] = ENUM_SYNONYMS[("benefits", "frequency")]
ENUM_SYNONYMS[("activities", "status")] = ENUM_SYNONYMS[("actions", "status")]

Parser = Callable[[CellValue], Any]


def _single_line(value: CellValue) -> str | None:
    return parse_text(value, single_line=True)


def _note(value: CellValue) -> str | None:
    return parse_text(value)


def column_parser(kind: str, column: Column) -> Parser:
    """How a column's cells are read."""
    if column.type == "enum":
        return Choices(column.choices, ENUM_SYNONYMS.get((kind, column.field))).parse
    if column.type in ("number", "money", "percent"):
        return parse_number
    if column.type == "int":
        return parse_int
    if column.type == "date":
        return parse_date
    if column.type == "note":
        return _note
    return _single_line


@dataclass(slots=True)
class Record:
    """One data row: the values of the columns present (None for a blank cell), where
    each came from, and whether any cell of it could not be read."""

    row: Row
    values: dict[str, Any]
    index: dict[str, int]
    failed: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.row.number

    @property
    def sheet(self) -> str:
        return self.row.sheet

    def ref(self, field_name: str | None = None) -> str:
        return self.row.ref(self.index.get(field_name, 0) if field_name else 0)

    def problem(
        self, field_name: str | None, message: str, severity: Severity = "error"
    ) -> Problem:
        index = self.index.get(field_name) if field_name else None
        return self.row.problem(index, message, severity)

    def has(self, field_name: str) -> bool:
        return field_name in self.values


def parse_records(
    kind: str,
    rows: Iterable[Row],
    fields: dict[str, int],
    problems: list[Problem],
    *,
    raw: frozenset[str] = frozenset(),
) -> list[Record]:
    """Every data row of a sheet of `kind`, its columns at `fields` (field → index).
    Fields in `raw` are kept as the cell values (the settings' Value column, whose type
    depends on the key)."""
    spec = BY_KIND[kind]
    parsers = {f: (None if f in raw else column_parser(kind, spec.column(f))) for f in fields}
    required = [f for f in REQUIRED[kind] if f in fields]
    records: list[Record] = []
    for row in rows:
        values: dict[str, Any] = {}
        record = Record(row, values, fields)
        for name, index in fields.items():
            cell = row.get(index)
            parser = parsers[name]
            if parser is None:
                values[name] = None if cell == "" else cell
                continue
            try:
                values[name] = parser(cell)
            except CellError as exc:
                problems.append(row.problem(index, str(exc)))
                values[name] = None
                record.failed = True
        for name in required:
            if values.get(name) is None and not record.failed:
                problems.append(row.problem(fields[name], f"{label(kind, name)} is required"))
                record.failed = True
        records.append(record)
    return records


def describe(value: Any) -> str:
    """A value for a message, as `errors.show` writes cell values."""
    if hasattr(value, "value") and isinstance(value.value, str):
        return show(value.value)
    return show(value)
