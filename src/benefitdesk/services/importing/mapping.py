"""Import mappings: which sheet holds what, which column is which field, how to read values.

A mapping is a TOML file a person can read and write (docs/mapping.md describes every
option with an example); `benefitdesk import FILE --suggest-mapping OUT.toml` writes
the detected one to start from, and the import dialog saves the one the user confirmed.
One table per sheet; `"*"` stands for any sheet not named (a CSV export whose file name
changes every month):

    version = 1

    [sheets."Benefit Register"]
    kind = "benefits"      # "ignore" skips the sheet
    header_row = 4         # the Excel row of the headers
    [sheets."Benefit Register".columns]
    "Benefit ID" = "code"
    "kpi_name" = ["measure", "title"]   # one column feeding two fields
    "RAG (old)" = "ignore"
    "H" = "baseline"       # a column letter, for a column whose header repeats another
    [sheets."Benefit Register".constants]
    project = "P-100"      # a field no column gives, the same on every row
    [sheets."Benefit Register".values]
    decimal = ","          # or "."; inferred from the file when not given
    blank = ["Pending", "No target"]    # more words that mean "no value"
    multiplier = 1000      # every number of the sheet is in thousands
    fiscal_year_start = 4  # the month a fiscal year starts (FY2026/27, Q1 FY26)
    start_year = 2026      # the calendar year of "Y1" in headers such as y1..y5
    day_first = true       # 03/04/2026 is 3 April
    [sheets."Benefit Register".multipliers]
    "Budget" = 1000000     # one column in millions
    [sheets."Benefit Register".choices.frequency]
    "After every two years" = "yearly"  # a register's word for one of ours

A mapped sheet or column that is not in the file is an error, never ignored silently.
Mapping files are small: larger than `MAX_BYTES` or nested deeper than `MAX_DEPTH` is
refused before it is parsed.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import tomli_w

from benefitdesk.atomic import write_text_atomically
from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.headers import normalise
from benefitdesk.exchange.synonyms import SYNONYMS

Layout = Literal["long", "wide"]
ANY_SHEET = "*"
IGNORE = "ignore"
FORMAT_VERSION = 1
WIDE_KINDS = frozenset({"measurements", "indicator_measurements"})
MAX_BYTES = 256 * 1024
MAX_DEPTH = 8
_LETTERS = re.compile(r"[A-Z]{1,3}")


@dataclass(slots=True)
class ValueOptions:
    """How a sheet's values are read, when detection should not decide."""

    decimal: str | None = None  # "." or ","
    day_first: bool | None = None
    blank: tuple[str, ...] = ()
    multiplier: float | None = None
    fiscal_year_start: int | None = None  # 1-12
    start_year: int | None = None

    def is_empty(self) -> bool:
        return self == ValueOptions()


@dataclass(slots=True)
class SheetMapping:
    """What one sheet holds. `kind` None means "detect"; `IGNORE` skips the sheet.
    `columns` maps a header as written (or a column letter) to a field, or to None to
    ignore the column; `also` lets one column feed more fields."""

    kind: str | None = None
    header_row: int | None = None
    layout: Layout | None = None
    columns: dict[str, str | None] = field(default_factory=dict)
    also: dict[str, tuple[str, ...]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    values: ValueOptions = field(default_factory=ValueOptions)
    multipliers: dict[str, float] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def ignored(self) -> bool:
        return self.kind == IGNORE


@dataclass(slots=True)
class ImportMapping:
    sheets: dict[str, SheetMapping] = field(default_factory=dict)

    def for_sheet(self, name: str) -> SheetMapping | None:
        """The mapping of sheet `name` (case and spacing forgiven), else the `*` one."""
        if name in self.sheets:
            return self.sheets[name]
        wanted = normalise(name)
        for key, sheet in self.sheets.items():
            if key != ANY_SHEET and normalise(key) == wanted:
                return sheet
        return self.sheets.get(ANY_SHEET)

    def named_sheets(self) -> list[str]:
        return [name for name in self.sheets if name != ANY_SHEET]


def is_letter(key: str) -> bool:
    """Whether a mapping key can be a column letter ("C", "AB")."""
    return bool(_LETTERS.fullmatch(key))


# --- checking ------------------------------------------------------------------------


def _check_fields(where: str, kind: str, sheet: SheetMapping) -> list[Problem]:
    problems = []
    known = SYNONYMS[kind]
    names = ", ".join(known)
    for header, target in sheet.columns.items():
        for name in (target, *sheet.also.get(header, ())):
            if name is not None and name not in known:
                message = f'column "{header}" maps to "{name}", which is not a field of {kind}'
                problems.append(Problem(where, None, f"{message} ({names})"))
    for name in [*sheet.constants, *sheet.choices]:
        if name not in known:
            problems.append(Problem(where, None, f'"{name}" is not a field of {kind} ({names})'))
    return problems


def _check_values(where: str, values: ValueOptions) -> list[Problem]:
    problems = []
    if values.decimal not in (None, ".", ","):
        problems.append(Problem(where, None, 'decimal must be "." or ","'))
    if values.fiscal_year_start is not None and not 1 <= values.fiscal_year_start <= 12:
        problems.append(Problem(where, None, "fiscal_year_start must be a month, 1 to 12"))
    if values.start_year is not None and not 1900 <= values.start_year <= 2200:
        problems.append(Problem(where, None, "start_year must be a year such as 2026"))
    if values.multiplier is not None and not 0 < values.multiplier <= 1e12:
        problems.append(Problem(where, None, "multiplier must be a positive number"))
    return problems


def check_mapping(mapping: ImportMapping, source: str = "mapping") -> list[Problem]:
    """Problems with a mapping's kinds, fields, layouts and options (each names its sheet)."""
    problems: list[Problem] = []
    for name, sheet in mapping.sheets.items():
        where = f"{source} [{name}]"
        if sheet.kind is not None and sheet.kind != IGNORE and sheet.kind not in SYNONYMS:
            known = ", ".join([*SYNONYMS, IGNORE])
            problems.append(Problem(where, None, f'kind "{sheet.kind}" is not one of: {known}'))
            continue
        if sheet.layout is not None and sheet.layout not in ("long", "wide"):
            problems.append(Problem(where, None, f'layout "{sheet.layout}" is not long or wide'))
        if sheet.layout == "wide" and sheet.kind not in WIDE_KINDS:
            problems.append(
                Problem(where, None, "only measurement sheets can have the wide layout")
            )
        if sheet.header_row is not None and not 1 <= sheet.header_row <= 1_048_576:
            problems.append(Problem(where, None, "header_row must be a row number, 1 or more"))
        if sheet.kind in SYNONYMS:
            problems += _check_fields(where, sheet.kind, sheet)
        problems += _check_values(where, sheet.values)
    return problems


# --- reading -------------------------------------------------------------------------


def _depth(text: str) -> int:
    """How deeply arrays and inline tables nest, strings and comments left out: read
    before parsing, since a parser recursing through 100,000 `[` would overflow."""
    depth = deepest = 0
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return deepest


def _read_text(p: Path) -> str:
    try:
        with p.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ExchangeError(Problem(p.name, None, "mapping file not found")) from None
    except IsADirectoryError:
        raise ExchangeError(Problem(p.name, None, "is a folder, not a mapping file")) from None
    except PermissionError:
        raise ExchangeError(Problem(p.name, None, "no permission to read it")) from None
    except OSError as exc:
        raise ExchangeError(Problem(p.name, None, f"cannot be read ({exc.strerror})")) from None
    if len(data) > MAX_BYTES:
        raise ExchangeError(
            Problem(p.name, None, f"is larger than {MAX_BYTES // 1024} KB: not a mapping file")
        )
    if b"\x00" in data:
        raise ExchangeError(Problem(p.name, None, "is not a text file"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeError(Problem(p.name, None, "is not UTF-8 text")) from None


def load_mapping(path: str | os.PathLike[str]) -> ImportMapping:
    """Read a mapping file (.toml, or .json with the same structure)."""
    p = Path(path)
    text = _read_text(p)
    if _depth(text) > MAX_DEPTH:
        raise ExchangeError(
            Problem(p.name, None, f"nests more than {MAX_DEPTH} levels deep: not a mapping file")
        )
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeError(Problem(p.name, None, f"is not a valid mapping file: {exc}")) from None
    if not isinstance(data, dict):
        raise ExchangeError(Problem(p.name, None, "is not a valid mapping file"))
    return mapping_from_dict(data, p.name)


def _table(entry: dict[str, Any], key: str, where: str, problems: list[Problem]) -> dict[str, Any]:
    found = entry.get(key, {})
    if not isinstance(found, dict):
        problems.append(Problem(where, None, f"{key} must be a table"))
        return {}
    return found


def _columns(
    raw: dict[str, Any], where: str, problems: list[Problem]
) -> tuple[dict[str, str | None], dict[str, tuple[str, ...]]]:
    columns: dict[str, str | None] = {}
    also: dict[str, tuple[str, ...]] = {}
    for header, target in raw.items():
        names = [target] if isinstance(target, str) else target
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            problems.append(
                Problem(where, None, f'column "{header}" must map to a field name or a list')
            )
            continue
        names = [n.strip() for n in names]
        first = names[0]
        columns[str(header)] = None if first in ("", IGNORE) else first
        if len(names) > 1:
            also[str(header)] = tuple(n for n in names[1:] if n not in ("", IGNORE))
    return columns, also


def _values(raw: dict[str, Any], where: str, problems: list[Problem]) -> ValueOptions:
    def get(name: str, kind: type | tuple[type, ...]) -> Any:
        value = raw.get(name)
        wrong = isinstance(value, bool) and kind is not bool
        if value is not None and (wrong or not isinstance(value, kind)):
            problems.append(Problem(where, None, f"values.{name} has the wrong type"))
            return None
        return value

    blank = raw.get("blank", [])
    if isinstance(blank, str):
        blank = [blank]
    if not isinstance(blank, list) or not all(isinstance(b, str) for b in blank):
        problems.append(Problem(where, None, "values.blank must be a list of words"))
        blank = []
    unknown = set(raw) - {"decimal", "day_first", "blank", "multiplier"}
    unknown -= {"fiscal_year_start", "start_year"}
    for name in sorted(unknown):
        problems.append(Problem(where, None, f'"{name}" is not a value option'))
    multiplier = get("multiplier", (int, float))
    return ValueOptions(
        decimal=get("decimal", str),
        day_first=get("day_first", bool),
        blank=tuple(blank),
        multiplier=float(multiplier) if multiplier is not None else None,
        fiscal_year_start=get("fiscal_year_start", int),
        start_year=get("start_year", int),
    )


def _sheet(entry: dict[str, Any], where: str, problems: list[Problem]) -> SheetMapping:
    columns, also = _columns(_table(entry, "columns", where, problems), where, problems)
    header_row = entry.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or isinstance(header_row, bool)):
        problems.append(Problem(where, None, "header_row must be a number"))
        header_row = None
    constants = {str(k): str(v) for k, v in _table(entry, "constants", where, problems).items()}
    multipliers: dict[str, float] = {}
    for header, factor in _table(entry, "multipliers", where, problems).items():
        if isinstance(factor, int | float) and not isinstance(factor, bool) and factor > 0:
            multipliers[str(header)] = float(factor)
        else:
            problems.append(Problem(where, None, f'multiplier of "{header}" must be a number'))
    choices: dict[str, dict[str, str]] = {}
    for name, words in _table(entry, "choices", where, problems).items():
        if isinstance(words, dict) and all(isinstance(v, str) for v in words.values()):
            choices[str(name)] = {str(k): v for k, v in words.items()}
        else:
            problems.append(Problem(where, None, f"choices.{name} must map words to choices"))
    kind = entry.get("kind") or None
    layout = entry.get("layout") or None
    return SheetMapping(
        kind=str(kind) if kind else None,
        header_row=header_row,
        layout=layout,
        columns=columns,
        also=also,
        constants=constants,
        values=_values(_table(entry, "values", where, problems), where, problems),
        multipliers=multipliers,
        choices=choices,
    )


def mapping_from_dict(data: dict[str, Any], source: str = "mapping") -> ImportMapping:
    """A mapping from parsed TOML or JSON; raises ExchangeError listing every problem."""
    sheets_data = data.get("sheets", {})
    problems: list[Problem] = []
    if not isinstance(sheets_data, dict):
        raise ExchangeError(Problem(source, None, '"sheets" must be a table of sheets'))
    mapping = ImportMapping()
    for name, entry in sheets_data.items():
        where = f"{source} [{name}]"
        if not isinstance(entry, dict):
            problems.append(Problem(where, None, "must be a table"))
            continue
        mapping.sheets[str(name)] = _sheet(entry, where, problems)
    problems += check_mapping(mapping, source)
    if problems:
        raise ExchangeError(problems)
    return mapping


# --- writing -------------------------------------------------------------------------


def _key(text: str) -> str:
    """A TOML key: bare when it can be, else quoted and escaped (by tomli-w)."""
    return tomli_w.dumps({text: 0}).removesuffix(" = 0\n")


def _value(value: Any) -> str:
    """A TOML value on one line (a list inline), escaped by tomli-w; a whole float is
    written as the integer it is."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return tomli_w.dumps({"v": value}).removeprefix("v = ").removesuffix("\n")


def _options(values: ValueOptions) -> dict[str, Any]:
    """The options set, as plain values (lists, not tuples)."""
    found = {k: getattr(values, k) for k in ValueOptions.__slots__}
    return {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in found.items()
        if v is not None and v != ()
    }


#: Characters TOML allows nowhere unescaped, comments included (all controls but tab).
_CONTROLS = dict.fromkeys([*range(0x20), 0x7F])


def _comment_text(text: str) -> str:
    """``text`` on one line, without the characters a TOML comment may not hold."""
    return " ".join(text.split()).translate(_CONTROLS)


def _comment(text: str | None) -> str:
    return f"  # {_comment_text(text)}" if text else ""


def _sheet_lines(name: str, sheet: SheetMapping, notes: dict[str, str]) -> list[str]:
    table = f"sheets.{_key(name)}"
    lines = ["", f"[{table}]", f"kind = {_value(sheet.kind or '')}{_comment(notes.get(''))}"]
    if sheet.header_row is not None:
        lines.append(f"header_row = {int(sheet.header_row)}")
    if sheet.layout is not None:
        lines.append(f"layout = {_value(sheet.layout)}")
    if sheet.columns:
        lines.append(f"[{table}.columns]")
        for header, target in sheet.columns.items():
            names = [target or IGNORE, *sheet.also.get(header, ())]
            shown = _value(names[0]) if len(names) == 1 else _value(names)
            lines.append(f"{_key(header)} = {shown}{_comment(notes.get(header))}")
    if sheet.constants:
        lines.append(f"[{table}.constants]")
        lines += [f"{_key(k)} = {_value(v)}" for k, v in sheet.constants.items()]
    if values := _options(sheet.values):
        lines.append(f"[{table}.values]")
        for k, v in values.items():
            lines.append(f"{k} = {_value(v)}{_comment(notes.get('values.' + k))}")
    if sheet.multipliers:
        lines.append(f"[{table}.multipliers]")
        lines += [f"{_key(k)} = {_value(v)}" for k, v in sheet.multipliers.items()]
    for name, words in sheet.choices.items():
        lines.append(f"[{table}.choices.{_key(name)}]")
        lines += [f"{_key(k)} = {_value(v)}" for k, v in words.items()]
    return lines


def dumps_mapping(
    mapping: ImportMapping,
    notes: dict[str, dict[str, str]] | None = None,
    heading: str = "",
) -> str:
    """The mapping as TOML; `notes[sheet][header]` are written as comments beside the
    columns (`""` beside the kind, `"values.decimal"` beside an option)."""
    lines = ["# BenefitDesk import mapping (docs/mapping.md describes the format)"]
    lines += [f"# {_comment_text(line)}" if line else "#" for line in heading.splitlines()]
    lines.append(f"version = {FORMAT_VERSION}")
    for name, sheet in mapping.sheets.items():
        lines += _sheet_lines(name, sheet, (notes or {}).get(name, {}))
    return "\n".join(lines) + "\n"


def _as_dict(sheet: SheetMapping) -> dict[str, Any]:
    found: dict[str, Any] = {"kind": sheet.kind or ""}
    if sheet.header_row is not None:
        found["header_row"] = sheet.header_row
    if sheet.layout:
        found["layout"] = sheet.layout
    found["columns"] = {
        k: [v or "", *sheet.also[k]] if k in sheet.also else v or ""
        for k, v in sheet.columns.items()
    }
    for name in ("constants", "multipliers", "choices"):
        if getattr(sheet, name):
            found[name] = getattr(sheet, name)
    if values := _options(sheet.values):
        found["values"] = values
    return found


def save_mapping(
    mapping: ImportMapping,
    path: str | os.PathLike[str],
    notes: dict[str, dict[str, str]] | None = None,
    heading: str = "",
) -> None:
    """Write `mapping` as TOML (as JSON when `path` ends in .json), replacing the file
    only once the new one is complete."""
    problems = check_mapping(mapping)
    if problems:
        raise ExchangeError(problems)
    p = Path(path)
    if p.suffix.lower() == ".json":
        data = {
            "version": FORMAT_VERSION,
            "sheets": {name: _as_dict(s) for name, s in mapping.sheets.items()},
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = dumps_mapping(mapping, notes, heading)
    try:
        write_text_atomically(p, text)
    except OSError as exc:
        raise ExchangeError(Problem(p.name, None, f"cannot be written ({exc.strerror})")) from None
