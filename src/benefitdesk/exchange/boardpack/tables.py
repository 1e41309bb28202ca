"""Tables of the pack: a header row, then one row per item, never cut across a page.

A table either fills its own sheet (its header repeats through the sheet's print
titles) or is one of several on a sheet (the Decisions): then its header is written
again at the top of each page it continues on, with "(continued)" after the title.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from benefitdesk.exchange.boardpack.looks import Sheet
from benefitdesk.exchange.boardpack.pages import DEFAULT_ROW, Pager
from benefitdesk.exchange.boardpack.textfit import row_points

Cells = Sequence[tuple[Any, str]]  # (value, look) per field
_HEADER_LOOKS = {"left": "header", "right": "header_right", "center": "header_c"}


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a table: its header and the sheet columns it spans."""

    header: str
    first: int
    last: int | None = None
    align: str = "left"  # of the header, to sit over its values
    wrap: bool = False  # long text: the row grows to show all of it

    @property
    def end(self) -> int:
        return self.first if self.last is None else self.last


def fields_in_a_row(columns: Sequence[tuple[str, str, bool]]) -> list[Field]:
    """One field per sheet column: ``(header, align, wrap)`` each."""
    return [Field(h, i, None, align, wrap) for i, (h, align, wrap) in enumerate(columns)]


class Table:
    """Writes a table's header and rows onto a :class:`Sheet`."""

    def __init__(
        self,
        sheet: Sheet,
        fields: Sequence[Field],
        pager: Pager | None = None,
        *,
        title: str | None = None,
        title_span: tuple[int, int] | None = None,
    ) -> None:
        self.sheet, self.fields, self.pager = sheet, list(fields), pager
        self.title = title
        self.title_span = title_span or (0, max(f.end for f in self.fields))

    def _cell(self, row: int, field: Field, value: Any, look: str) -> None:
        self.sheet.cell(row, field.first, field.end, value, look)

    def header_height(self) -> float:
        lines = max(
            self.sheet.lines(f.header, f.first, f.end, _HEADER_LOOKS[f.align]) for f in self.fields
        )
        return row_points(lines)

    def section(self, row: int, continued: bool = False) -> int:
        """The table's title bar (when it has one) and its header row; returns the next row."""
        if self.title:
            first, last = self.title_span
            text = f"{self.title} (continued)" if continued else self.title
            self.sheet.span(row, first, last, text, "section")
            self.sheet.height(row, 18)
            row += 1
        for field in self.fields:
            self._cell(row, field, field.header, _HEADER_LOOKS[field.align])
        self.sheet.height(row, self.header_height())
        return row + 1

    def start(self, row: int, first_row_height: float = DEFAULT_ROW) -> int:
        """Begin the table at ``row``, on a new page unless its title, header and first
        row fit on this one; returns the first data row."""
        if self.pager is not None:
            needed = (18 if self.title else 0) + self.header_height() + first_row_height
            self.pager.keep(row, needed)
        return self.section(row)

    def empty(self, row: int, text: str) -> int:
        """The table's title and ``text`` in place of a header and rows."""
        if self.pager is not None:
            self.pager.keep(row, 18 + DEFAULT_ROW)
        if self.title:
            first, last = self.title_span
            self.sheet.span(row, first, last, self.title, "section")
            self.sheet.height(row, 18)
            row += 1
        return self.note(row, text)

    def row_height(self, cells: Sequence[tuple[Any, str]]) -> float:
        height = DEFAULT_ROW
        for field, (value, look) in zip(self.fields, cells, strict=True):
            if field.wrap and value is not None:
                spec = self.sheet.styles.look(look)
                lines = self.sheet.lines(value, field.first, field.end, look)
                height = max(height, row_points(lines, spec.size))
        return height

    def row(self, row: int, cells: Sequence[tuple[Any, str]]) -> int:
        """Write one row of ``(value, look)`` per field; returns the next row."""
        height = self.row_height(cells)
        if self.pager is not None and self.pager.keep(row, height):
            row = self.section(row, continued=True)
        for field, (value, look) in zip(self.fields, cells, strict=True):
            self._cell(row, field, value, look)
        self.sheet.height(row, height)
        return row + 1

    def write(
        self, row: int, items: Sequence[Any], cells: Callable[[Any], Cells], empty: str
    ) -> int:
        """The whole table: a row of ``cells(item)`` per item, or ``empty`` when there
        are none; returns the next free row."""
        if not items:
            return self.empty(row, empty)
        row = self.start(row, self.row_height(cells(items[0])))
        for item in items:
            row = self.row(row, cells(item))
        return row

    def note(self, row: int, text: str, look: str = "note") -> int:
        """A line in place of rows (``"None."``), across the table's width."""
        first, last = self.title_span
        self.sheet.span(row, first, last, text, look)
        self.sheet.height(row, DEFAULT_ROW)
        return row + 1
