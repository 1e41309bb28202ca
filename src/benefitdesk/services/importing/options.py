"""Map: how one sheet's values are read, settled from the mapping, the headers and the
data itself.

- The decimal mark: the mapping's, else the one the sheet's numbers use ("22 340,00"
  is a decimal comma; see `numbers.infer_decimal`), else the file's default (a comma in a
  semicolon-separated CSV, as Excel writes where the decimal mark is a comma).
- Multipliers: a header's (`Budget (£m)`, `Cost '000`), a column's in the mapping, or
  the mapping's for the whole sheet (money and number fields; not percentages).
- Extra blank words, enumeration maps and constants come from the mapping as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from benefitdesk.exchange.canonical import BY_KIND
from benefitdesk.exchange.grid import CellValue, Row
from benefitdesk.exchange.headers import ColumnMatch, header_text, letter_index, normalise
from benefitdesk.exchange.numbers import infer_decimal
from benefitdesk.services.importing.mapping import SheetMapping, is_letter
from benefitdesk.services.importing.parse import LENIENT, ReadOptions

_SCALED = frozenset({"number", "money"})


def _field_of(key: str, header: Row, columns: ColumnMatch) -> str | None:
    """The field of the column a mapping key (header text or letter) names."""
    by_index = {i: f for f, i in columns.fields.items()}
    for i, cell in enumerate(header.values):
        if cell != "" and normalise(header_text(cell)) == normalise(key):
            return by_index.get(i)
    if is_letter(key):
        return by_index.get(letter_index(key) - (header.first_column - 1))
    return None


def _multipliers(
    kind: str, header: Row, columns: ColumnMatch | None, mapping: SheetMapping | None
) -> dict[str, float]:
    if columns is None:
        return {}
    spec = BY_KIND[kind]
    scaled = {f for f in columns.fields if spec.column(f).type in _SCALED}
    found: dict[str, float] = {}
    whole = mapping.values.multiplier if mapping else None
    for name in scaled:
        words = columns.words.get(columns.fields[name])
        if words is not None and words.multiplier != 1:
            found[name] = float(words.multiplier)
        elif whole:
            found[name] = whole
    for key, factor in (mapping.multipliers if mapping else {}).items():
        field = _field_of(key, header, columns)
        if field is not None:
            found[field] = factor
    return found


def _texts(rows: Sequence[Row], indexes: Sequence[int]) -> list[str]:
    values: list[CellValue] = [
        row.values[i] for row in rows for i in indexes if i < len(row.values)
    ]
    return [v for v in values if isinstance(v, str)]


def sheet_options(
    kind: str,
    header: Row,
    columns: ColumnMatch | None,
    data: Sequence[Row],
    mapping: SheetMapping | None,
    default_decimal: str = ".",
) -> ReadOptions:
    """How the values under `header` are read (`data`: the first rows below it)."""
    values = mapping.values if mapping else None
    decimal = values.decimal if values and values.decimal else None
    if decimal is None:
        numeric = [
            i
            for f, i in (columns.fields.items() if columns else ())
            if kind in BY_KIND and BY_KIND[kind].column(f).type in ("number", "money", "percent")
        ]
        indexes = numeric or range(len(header.values))
        decimal = infer_decimal(_texts(data, indexes), default_decimal)
    blank = frozenset(" ".join(b.split()).casefold() for b in (values.blank if values else ()))
    return ReadOptions(
        decimal=decimal,
        day_first=values.day_first if values and values.day_first is not None else True,
        fiscal_year_start=(values.fiscal_year_start or 1) if values else 1,
        blank=blank,
        multipliers=_multipliers(kind, header, columns, mapping),
        choices=dict(mapping.choices) if mapping else {},
        constants=dict(mapping.constants) if mapping else {},
        lenient=LENIENT.get(kind, frozenset()),
    )
