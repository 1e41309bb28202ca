"""What a sheet's content says when its headers do not: columns recognised by their
values, and honest reasons for skipping a sheet.

A column headed "Suggested Timeline" whose cells say "Weekly (from Day 1)", "Monthly
(from Month 2)" holds frequencies, whatever its header. And a sheet that is skipped is
skipped with its reason, in the words a user can act on:

    kpis.csv: looks like a benefits register (baseline, target, unit found) but no
    column gives a title: map one, e.g. "kpi_name"
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benefitdesk.exchange.dates import parse_date
from benefitdesk.exchange.errors import CellError
from benefitdesk.exchange.frequencies import frequency_from_text
from benefitdesk.exchange.grid import CellValue, Row
from benefitdesk.exchange.headers import ColumnMatch, header_text, label, score_header
from benefitdesk.exchange.synonyms import EVIDENCE
from benefitdesk.services.importing.mapping import SheetMapping

_KIND_NAMES = {
    "indicator_measurements": "indicator measurements",
    "variance_notes": "variance notes",
}
#: Share of a column's filled cells that must say the same kind of thing.
_MOST = 0.6
#: How well a header must match a kind for the sheet to be said to look like it.
NEAR = 2.5


def kind_name(kind: str) -> str:
    return _KIND_NAMES.get(kind, kind)


def _column(data: Sequence[Row], index: int) -> list[CellValue]:
    return [r.values[index] for r in data if index < len(r.values) and r.values[index] != ""]


def content_fields(
    kind: str, header: Row, columns: ColumnMatch, data: Sequence[Row]
) -> list[tuple[str, int, str]]:
    """(field, index, why) for unrecognised columns whose values say what they are."""
    if kind not in ("benefits", "indicators") or "frequency" in columns.fields:
        return []
    for index, text in columns.unknown.items():
        cells = [c for c in _column(data, index) if isinstance(c, str)]
        if len(cells) < 2:
            continue
        named = sum(1 for c in cells if frequency_from_text(c) is not None)
        if named >= _MOST * len(cells):
            why = f'column "{text}" holds reporting frequencies: read as Frequency'
            return [("frequency", index, why)]
    return []


def _is_date(cell: CellValue) -> bool:
    try:
        return parse_date(cell, allow_year=True) is not None
    except CellError:
        return False


def candidate_for(fit: Any, field: str, data: Sequence[Row]) -> int | None:
    """The unrecognised column most likely to hold `field`: by its header's words,
    else (for a title or a name) the column of longest, most varied text."""
    columns: ColumnMatch = fit.layout.columns
    kind = fit.layout.kind
    best, best_score = None, 0.0
    for index, text in columns.unknown.items():
        score = next((s for s, f in score_header(text, kind) if f == field), 0.0)
        if score > best_score:
            best, best_score = index, score
    if best is not None or field not in ("title", "name"):
        return best
    for index in columns.unknown:
        cells = [c for c in _column(data, index) if isinstance(c, str) and not _is_date(c)]
        if len(cells) < max(2, len(data) // 2):
            continue
        score = len(set(cells)) / len(cells) * sum(len(c) for c in cells) / len(cells)
        if score > best_score:
            best, best_score = index, score
    return best


def _near_miss(fit: Any, data: Sequence[Row], said: str = "") -> str:
    """What a sheet read as `fit`'s kind lacks. `said`: who said the kind ("the
    mapping", "the sheet's name"), when the headers did not."""
    layout = fit.layout
    kind = layout.kind
    found = [label(kind, f).lower() for f in layout.columns.fields][:6]
    seen = f" ({', '.join(found)} found)" if found else ""
    lead = (
        f"{said} says {kind_name(kind)}, but"
        if said
        else f"looks like {_a(kind_name(kind))} register{seen} but"
    )
    if fit.missing:
        name = label(kind, fit.missing[0]).lower()
        index = candidate_for(fit, fit.missing[0], data)
        header: Row = layout.header
        candidate = header_text(header.values[index]) if index is not None else None
        hint = f': map one, e.g. "{candidate}"' if candidate else ": map one in a mapping file"
        return f"{lead} no column gives {_a(name)}{seen if said else ''}{hint}"
    wanted = ", ".join(label(kind, f).lower() for f in EVIDENCE.get(kind, ())[:6])
    register = _a(kind_name(kind))
    return f"looks like a list{seen} but has no column {register} register has ({wanted}, …)"


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _shape(head: Sequence[Row]) -> str:
    """Why a sheet without any recognised header row is no register."""
    filled = [v for row in head for v in row.values if v != ""]
    if not filled:
        return "the sheet is empty"
    texts = [v for v in filled if isinstance(v, str)]
    numbers = [v for v in filled if isinstance(v, int | float) and not isinstance(v, bool)]
    if texts and sum(len(t) for t in texts) / len(texts) > 40 and len(numbers) < len(texts):
        return "it holds text, not a table (instructions or notes)"
    periods = sum(1 for v in filled if _is_date(v) or str(v).casefold().startswith("year "))
    if numbers and len(numbers) > len(texts) and periods >= 3:
        return (
            "it holds figures by period without a benefit, project or indicator code "
            "(a calculation or a summary)"
        )
    first = next((r for r in head if sum(1 for v in r.values if v != "") >= 2), head[0])
    shown = ", ".join(f'"{header_text(v)}"' for v in first.values if v != "")
    if len(shown) > 120:
        shown = shown[:117] + "…"
    return f"no row names the columns of a register (row {first.number}: {shown})"


def explain(
    sheet: str,
    head: Sequence[Row],
    fits: Sequence[Any],
    mapping: SheetMapping | None,
    said: str = "the mapping",
) -> str:
    """The reason a sheet is skipped, naming what was seen and what is missing.
    `said`: who named the kind when `mapping.kind` is set."""
    wanted = mapping.kind if mapping is not None else None
    if wanted:
        where = f" in row {mapping.header_row}" if mapping and mapping.header_row else ""
        fit = fits[0] if fits else None
        if fit is None:
            return f"no {kind_name(wanted)} header row found{where}: {_shape(head)}"
        return _near_miss(fit, head[fit.layout.header_index + 1 :], said)
    if not head:
        return "the sheet is empty"
    fit = max(fits, key=lambda f: f.score, default=None)
    if fit is not None and fit.score >= NEAR:
        data = head[fit.layout.header_index + 1 :]
        return f"{_near_miss(fit, data)}; the sheet is skipped"
    return f"{_shape(head)}; the sheet is skipped"
