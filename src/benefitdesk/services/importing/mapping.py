"""Import mappings: which sheet holds what, and which column is which field.

The import dialog detects a mapping, the user confirms or adjusts it, and it is saved
for next month's file. The file is TOML (the format of the saved sync profiles), one
table per sheet; `"*"` stands for any sheet not named, which suits a CSV export whose
file name (its only sheet's name) changes every month:

    # BenefitDesk import mapping
    version = 1

    [sheets."Benefit Register"]
    kind = "benefits"     # "ignore" skips the sheet
    header_row = 4        # optional: the Excel row of the headers
    [sheets."Benefit Register".columns]
    "Benefit ID" = "code"
    "Accountable" = "owner"
    "RAG (old)" = ""      # "" ignores a column on purpose

    [sheets."*"]
    kind = "measurements"
    layout = "wide"       # measurements only: "long" or "wide"
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.headers import normalise
from benefitdesk.exchange.synonyms import SYNONYMS

Layout = Literal["long", "wide"]
ANY_SHEET = "*"
IGNORE = "ignore"
FORMAT_VERSION = 1
WIDE_KINDS = frozenset({"measurements", "indicator_measurements"})


@dataclass(slots=True)
class SheetMapping:
    """What one sheet holds. `kind` None means "detect"; `IGNORE` skips the sheet.
    `columns` maps a header as written to a field, or to None to ignore the column."""

    kind: str | None = None
    header_row: int | None = None
    layout: Layout | None = None
    columns: dict[str, str | None] = field(default_factory=dict)

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


def check_mapping(mapping: ImportMapping, source: str = "mapping") -> list[Problem]:
    """Problems with a mapping's kinds, fields and layouts (each names its sheet)."""
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
        if sheet.header_row is not None and sheet.header_row < 1:
            problems.append(Problem(where, None, "header_row must be 1 or more"))
        if sheet.kind in SYNONYMS:
            for header, target in sheet.columns.items():
                if target is not None and target not in SYNONYMS[sheet.kind]:
                    fields = ", ".join(SYNONYMS[sheet.kind])
                    problems.append(
                        Problem(
                            where,
                            None,
                            f'column "{header}" maps to "{target}", which is not a field of '
                            f"{sheet.kind} ({fields})",
                        )
                    )
    return problems


def mapping_from_dict(data: dict[str, Any], source: str = "mapping") -> ImportMapping:
    """A mapping from parsed TOML or JSON; raises ExchangeError listing every problem."""
    sheets_data = data.get("sheets", {})
    problems: list[Problem] = []
    if not isinstance(sheets_data, dict):
        raise ExchangeError(Problem(source, None, '"sheets" must be a table of sheets'))
    mapping = ImportMapping()
    for name, entry in sheets_data.items():
        if not isinstance(entry, dict):
            problems.append(Problem(f"{source} [{name}]", None, "must be a table"))
            continue
        columns = entry.get("columns", {})
        if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
            problems.append(
                Problem(f"{source} [{name}]", None, "columns must map headers to field names")
            )
            columns = {}
        header_row = entry.get("header_row")
        if header_row is not None and not isinstance(header_row, int):
            problems.append(Problem(f"{source} [{name}]", None, "header_row must be a number"))
            header_row = None
        kind = entry.get("kind") or None
        layout = entry.get("layout") or None
        mapping.sheets[str(name)] = SheetMapping(
            kind=str(kind) if kind else None,
            header_row=header_row,
            layout=layout,
            columns={str(k): (v or None) for k, v in columns.items()},
        )
    problems += check_mapping(mapping, source)
    if problems:
        raise ExchangeError(problems)
    return mapping


def load_mapping(path: str | os.PathLike[str]) -> ImportMapping:
    """Read a mapping file (.toml, or .json with the same structure)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExchangeError(Problem(p.name, None, "mapping file not found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExchangeError(Problem(p.name, None, f"cannot be read ({exc})")) from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeError(Problem(p.name, None, f"is not a valid mapping file: {exc}")) from None
    return mapping_from_dict(data, p.name)


def _key(text: str) -> str:
    """A TOML key: bare when it can be, else a basic string (JSON escapes are TOML's)."""
    if text and all(c.isascii() and (c.isalnum() or c in "-_") for c in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def dumps_mapping(mapping: ImportMapping) -> str:
    lines = ["# BenefitDesk import mapping", f"version = {FORMAT_VERSION}"]
    for name, sheet in mapping.sheets.items():
        table = f"sheets.{_key(name)}"
        lines += ["", f"[{table}]"]
        lines.append(f"kind = {json.dumps(sheet.kind or '')}")
        if sheet.header_row is not None:
            lines.append(f"header_row = {int(sheet.header_row)}")
        if sheet.layout is not None:
            lines.append(f"layout = {json.dumps(sheet.layout)}")
        if sheet.columns:
            lines.append(f"[{table}.columns]")
            for header, target in sheet.columns.items():
                lines.append(f"{_key(header)} = {json.dumps(target or '', ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def save_mapping(mapping: ImportMapping, path: str | os.PathLike[str]) -> None:
    """Write `mapping` as TOML (as JSON when `path` ends in .json)."""
    problems = check_mapping(mapping)
    if problems:
        raise ExchangeError(problems)
    p = Path(path)
    if p.suffix.lower() == ".json":
        data = {
            "version": FORMAT_VERSION,
            "sheets": {
                name: {
                    "kind": s.kind or "",
                    **({"header_row": s.header_row} if s.header_row is not None else {}),
                    **({"layout": s.layout} if s.layout else {}),
                    "columns": {k: v or "" for k, v in s.columns.items()},
                }
                for name, s in mapping.sheets.items()
            },
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = dumps_mapping(mapping)
    partial = p.with_name(p.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(p)
