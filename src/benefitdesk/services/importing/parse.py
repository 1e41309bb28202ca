"""Parse values: the rows of the small sheets (people, projects, benefits, …) as typed,
located records.

Each present column is parsed by the type the canonical spec gives its field, with the
sheet's `ReadOptions` (decimal mark, extra blank words, multipliers from the headers or
the mapping, enumeration maps). What the parsers forgive is said once per sheet, not
once per cell (`ValueNotes`): words read as empty, units and comparators dropped,
free-text enumerations read as one of ours.

A value that cannot be read is an error at its cell, except in the descriptive fields
of a register (`LENIENT`): there it is a warning, the field is left as it was (empty
for a new row), and the row comes in, so a register adopted as it is keeps every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benefitdesk.exchange.canonical import BY_KIND, Column
from benefitdesk.exchange.errors import CellError, Problem, Severity, show
from benefitdesk.exchange.frequencies import frequency_from_text
from benefitdesk.exchange.grid import CellValue, Row
from benefitdesk.exchange.header_words import stem
from benefitdesk.exchange.headers import label
from benefitdesk.exchange.synonyms import REQUIRED
from benefitdesk.exchange.values import Choices, parse_date, parse_int, parse_number, parse_text
from benefitdesk.services.importing.skip import blank_rows, is_total, only_numbers_the_row
from benefitdesk.services.importing.words import ENUM_SYNONYMS

if TYPE_CHECKING:
    from benefitdesk.services.importing.plan import Ledger, Tally

#: Fields whose unreadable cells are left empty with a warning rather than stop the
#: import: what describes a register's row, never what identifies it or its status.
LENIENT: dict[str, frozenset[str]] = {
    "benefits": frozenset(c.field for c in BY_KIND["benefits"].columns)
    - {"code", "title", "status", "kind"},
    "projects": frozenset(c.field for c in BY_KIND["projects"].columns)
    - {"code", "name", "status"},
    "indicators": frozenset(c.field for c in BY_KIND["indicators"].columns)
    - {"code", "benefit", "name"},
}
#: Fields whose cell names the row: a total row says "Total" in one of them.
_IDENTIFYING = ("code", "title", "name", "benefit", "indicator")
_WORD = re.compile(r"[^\W_]+")
_SKIP = object()  # a lenient cell that could not be read: the field is left out
_FIGURE_TYPES = frozenset({"number", "money", "percent", "int", "date"})


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How one sheet's values are read (decided by `detect` from the file and mapping)."""

    decimal: str = "."
    day_first: bool = True
    fiscal_year_start: int = 1
    blank: frozenset[str] = frozenset()  # more words meaning "no value", case-folded
    multipliers: Mapping[str, float] = field(default_factory=dict)  # field → factor
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field → text → choice
    constants: Mapping[str, CellValue] = field(default_factory=dict)  # field → value
    lenient: frozenset[str] = frozenset()


class ValueNotes:
    """What was read in a forgiving way on one sheet, told once per kind of thing."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.counts: dict[tuple[str, str], list[Any]] = {}  # (what, key) → [n, ref, text]

    def note(self, what: str, key: str, row: Row, index: int, text: str) -> None:
        found = self.counts.get((what, key))
        if found is None:
            self.counts[(what, key)] = [1, row.ref(index), text]
        else:
            found[0] += 1

    def problems(self) -> list[Problem]:
        found = []
        for (what, key), (count, ref, text) in self.counts.items():
            unit = "row" if what in ("empty", "total") else "cell"
            cells = f"{count:,} {unit}{'s' if count > 1 else ''}, first {ref}"
            if what == "blank":
                message = f'"{key}" read as empty ({cells})'
            elif what == "choice":
                message = f"{key} ({cells})"
            elif what == "unreadable" and count == 1:
                found.append(Problem(self.sheet, ref, key, "warning"))
                continue
            elif what == "unreadable":
                message = f"{key} ({cells})"
            elif what == "empty":
                message = f"rows without a {key.lower()} or any figure were skipped ({cells})"
            elif what == "total":
                message = f"total and subtotal rows were skipped ({cells})"
            else:
                message = f"{key} dropped to read the figure: {text} ({cells})"
            found.append(Problem(self.sheet, None, message, "warning"))
        return found


def _choice_words(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(re.sub(r"\([^)]*\)", " ", text).casefold()))


class EnumReader:
    """One enumeration field: exact spellings and synonyms first, then the mapping's
    words, then (frequency) free text, then a choice whose words are all in the text
    ("UC Revenues (New)" is revenue)."""

    def __init__(self, kind: str, column: Column, extra: Mapping[str, str]) -> None:
        self.field = column.field
        self.exact = Choices(column.choices, ENUM_SYNONYMS.get((kind, column.field)))
        self.extra = {_key(k): v for k, v in extra.items()}
        words: dict[str, set[frozenset[str]]] = {}
        for choice in column.choices:
            for spelling in [choice, *ENUM_SYNONYMS.get((kind, column.field), {}).get(choice, ())]:
                words.setdefault(choice, set()).add(_choice_words(spelling))
        self.words = words

    def __call__(self, value: CellValue) -> tuple[str | None, str | None]:
        """(choice, how it was read when not exactly)."""
        text = parse_text(value, single_line=True)
        if text is None:
            return None, None
        try:
            return self.exact.parse(text), None
        except CellError as exc:
            error = exc
        if (found := self.extra.get(_key(text))) is not None:
            return found, None
        if self.field == "frequency":  # free text read by its own rules, or not at all
            found = frequency_from_text(text)
            if found is None:
                raise error
            return found, f'{self.field} "{text}" read as {found}'
        have = _choice_words(text)
        fits = {c for c, spellings in self.words.items() if any(s and s <= have for s in spellings)}
        if len(fits) == 1:
            found = fits.pop()
            return found, f'{self.field} "{text}" read as {found}'
        raise error


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


Reader = Callable[[CellValue, list[str]], Any]


def column_reader(kind: str, column: Column, options: ReadOptions) -> Reader:
    """How a column's cells are read: (cell, dropped) → value, raising CellError."""
    if column.type == "enum":
        enum = EnumReader(kind, column, options.choices.get(column.field, {}))
        return lambda v, dropped: _enum(enum, v, dropped)
    if column.type in ("number", "money", "percent", "int"):
        factor = options.multipliers.get(column.field, 1.0)
        whole = column.type == "int"
        return lambda v, dropped: _number(v, options.decimal, factor, whole, dropped)
    if column.type == "date":
        return lambda v, dropped: parse_date(
            v, day_first=options.day_first, fy_start_month=options.fiscal_year_start
        )
    single = column.type != "note"
    return lambda v, dropped: parse_text(v, single_line=single)


_CHOICE = "choice: "  # a `dropped` entry that tells how an enumeration was read


def _enum(enum: EnumReader, value: CellValue, dropped: list[str]) -> str | None:
    choice, how = enum(value)
    if how:
        dropped.append(_CHOICE + how)
    return choice


def _number(
    value: CellValue, decimal: str, factor: float, whole: bool, dropped: list[str]
) -> float | int | None:
    if whole:
        return parse_int(value, decimal=decimal)
    number = parse_number(value, decimal=decimal, dropped=dropped)
    if number is None or factor == 1.0:
        return number
    return parse_number(number * factor)  # still within the limits


@dataclass(slots=True)
class Record:
    """One data row: the values of the columns present (None for a blank cell), where
    each came from, and whether any cell of it could not be read."""

    row: Row
    values: dict[str, Any]
    index: dict[str, int]
    failed: bool = False
    skipped: bool = False  # nothing to import in it (see RecordParser.empty)

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


class RecordParser:
    """Parses the rows of one sheet of `kind` whose columns are at `fields`."""

    def __init__(
        self,
        kind: str,
        fields: dict[str, int],
        problems: list[Problem],
        options: ReadOptions,
        notes: ValueNotes,
        raw: frozenset[str] = frozenset(),
    ) -> None:
        spec = BY_KIND[kind]
        self.kind, self.fields, self.problems = kind, fields, problems
        self.options, self.notes, self.raw = options, notes, raw
        self.readers = {
            f: column_reader(kind, spec.column(f), options)
            for f in [*fields, *options.constants]
            if f not in raw
        }
        constants = {}
        for name, value in options.constants.items():  # checked once, not per row
            constants[name] = self.readers[name](value, [])
        self.constants = constants
        self.required = [f for f in REQUIRED[kind] if f in fields]
        self.figures = [f for f in fields if spec.column(f).type in _FIGURE_TYPES]
        self.content = [*self.required, *(f for f in self.figures if f not in self.required)]
        self.identifying = [fields[f] for f in _IDENTIFYING if f in fields]

    def cell(self, row: Row, name: str, index: int) -> Any:
        value = row.get(index)
        if value == "":
            return None
        if name in self.raw:
            return value
        if type(value) is str and _key(value) in self.options.blank:
            self.notes.note("blank", value.strip(), row, index, value)
            return None
        dropped: list[str] = []
        try:
            result = self.readers[name](value, dropped)
        except CellError as exc:
            if name not in self.options.lenient:
                raise
            message = f"{exc}; {label(self.kind, name)} left as it was (empty for a new row)"
            self.notes.note("unreadable", message, row, index, "")
            return _SKIP
        if result is None and type(value) is str and not value.isspace():
            self.notes.note("blank", " ".join(value.split()), row, index, value)
        for what in dropped:
            if what.startswith(_CHOICE):
                self.notes.note("choice", what.removeprefix(_CHOICE), row, index, "")
            else:
                example = f"{show(value)} read as {result:g}" if result is not None else ""
                self.notes.note("dropped", what, row, index, example)
        return result

    def empty(self, record: Record) -> bool:
        """A row whose required fields and figures are all blank, but for a cell that
        only numbers the row, holds nothing to import (a template's placeholder "Item
        #4", a group's heading row): see `skip`."""
        if record.failed:
            return False
        for name in self.content:
            value = record.values.get(name)
            if value is None:
                continue
            if name in self.figures or not only_numbers_the_row(record.row.get(self.fields[name])):
                return False
        return True

    def total(self, row: Row) -> bool:
        return any(is_total(row.get(i)) for i in self.identifying)

    def parse(self, row: Row) -> Record:
        values: dict[str, Any] = dict(self.constants)
        record = Record(row, values, self.fields)
        if self.identifying and self.total(row):
            record.skipped = True
            self.notes.note("total", "total", row, 0, "")
            return record
        for name, index in self.fields.items():
            try:
                result = self.cell(row, name, index)
            except CellError as exc:
                self.problems.append(row.problem(index, str(exc)))
                values[name] = None
                record.failed = True
                continue
            if result is not _SKIP:
                values[name] = result
        if self.required and self.empty(record):
            record.skipped = True
            self.notes.note("empty", label(self.kind, self.required[0]), row, 0, "")
            return record
        for name in self.required:
            if values.get(name) is None and not record.failed:
                message = f"{label(self.kind, name)} is required"
                self.problems.append(row.problem(self.fields[name], message))
                record.failed = True
        return record


def parse_records(
    kind: str,
    rows: Iterable[Row],
    fields: dict[str, int],
    problems: list[Problem],
    *,
    raw: frozenset[str] = frozenset(),
    options: ReadOptions | None = None,
    notes: ValueNotes | None = None,
    tally: Tally | None = None,
    header_row: int = 0,
    ledger: Ledger | None = None,
) -> list[Record]:
    """Every data row of a sheet of `kind`, its columns at `fields` (field → index).
    Fields in `raw` are kept as the cell values (the settings' Value column, whose type
    depends on the key). Rows skipped (see `skip`) are counted in `tally`."""
    parser = RecordParser(
        kind, fields, problems, options or ReadOptions(), notes or ValueNotes(kind), raw
    )
    records, read, last = [], 0, header_row
    for row in rows:
        read, last = read + 1, row.number
        record = parser.parse(row)
        if not record.skipped:
            records.append(record)
        elif ledger is not None:
            from benefitdesk.services.importing.plan import RowChange  # (plan imports parse)

            why = "a total" if parser.identifying and parser.total(row) else "nothing to import"
            ledger.note(RowChange(kind, "", "skip", row.sheet, row.number, reason=why))
    if tally is not None:
        tally.skipped += read - len(records) + blank_rows(header_row, last, read)
    return records
