"""Skip: the one rule for rows that hold nothing to import. They are counted, never
rejected.

A data row is skipped when it is

- **blank**: every cell empty (counted from the gaps between the rows read);
- **a total**: its first identifying cell (code, title, name, benefit or indicator) says
  only that it totals others — "Total", "Subtotal", "Grand total", "Sum", or one of
  them followed by ":" or a dash and a label ("Total – Finance"). "Total cost of
  ownership" is a title, not a total;
- **empty but for its number**: its required fields and figures are all blank, a cell
  that only numbers the row ("4", "4.", "#4", "Item #4", "No. 4") aside — a template's
  placeholder row. A figure row without a value is such a row too.

Anything else that cannot be read is a rejected row, with its reason.
"""

from __future__ import annotations

import re

from benefitdesk.exchange.grid import CellValue

_TOTAL = re.compile(
    r"(?:grand |overall |sub ?-?|)(?:totals?|sum)(?:\s*(?::|-|–|—)\s*\S.*)?",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?:(?:item|row|no\.?|number|line)\s*)?#?\s*\d{1,5}\.?", re.IGNORECASE)


def is_total(value: CellValue | None) -> bool:
    """Whether an identifying cell marks a total or subtotal row."""
    return type(value) is str and _TOTAL.fullmatch(" ".join(value.split())) is not None


def only_numbers_the_row(value: CellValue) -> bool:
    """A cell that holds a row number and nothing else."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer() and 0 < value < 100_000
    return type(value) is str and _NUMBERED.fullmatch(value.strip()) is not None


def blank_rows(header_row: int, last_row: int, rows_read: int) -> int:
    """Blank rows between the header and the last row read (the reader leaves them out)."""
    return max(last_row - header_row - rows_read, 0) if rows_read else 0
