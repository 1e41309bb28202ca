"""How much room a text needs when printed: column widths and row heights.

Neither Excel nor LibreOffice grows a row to fit wrapped text on opening a file, and a
column narrower than its longest word splits that word ("measuremen|t"). So the pack
measures its text itself, with the glyph widths of Arial (the pack's font; Liberation
Sans and Helvetica share its metrics), and errs a little on the wide side: a row a
little too tall is better than text cut off.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def _widths(table: str) -> tuple[int, ...]:
    return tuple(int(n) for n in table.split())


#: Advance widths of printable ASCII (32..126) in Arial, per 1000 units of the em.
_REGULAR = _widths(
    """
    278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278
    556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556
    1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778
    667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556
    333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556
    556 556 333 500 278 556 500 722 500 500 500 334 260 334 584
    """
)
_BOLD = _widths(
    """
    278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278
    556 556 556 556 556 556 556 556 556 556 333 333 584 584 584 611
    975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778
    667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556
    333 556 611 556 611 556 333 611 611 278 278 556 278 889 611 611
    611 611 389 556 333 611 556 778 556 556 500 389 280 389 584
    """
)
_NARROW = {"·": 278, "–": 556, "—": 1000, "−": 584, "…": 1000, "’": 222, "‘": 222}
#: Room inside a cell that text cannot use (padding on both sides), in pixels.
CELL_PADDING_PX = 6
#: Allowance for renderers that lay text out a little wider than the metrics say.
SLACK = 1.03
PX_PER_PT = 96 / 72
#: One printed line of text, in points, by font size (Excel's own row heights).
_LINE_POINTS = {8: 11.25, 9: 12.0, 10: 12.75, 11: 15.0, 12: 15.75, 14: 18.75, 16: 21.0}


@lru_cache(maxsize=4096)
def _glyph(char: str, bold: bool) -> int:
    code = ord(char)
    if 32 <= code <= 126:
        return (_BOLD if bold else _REGULAR)[code - 32]
    if char in _NARROW:
        return _NARROW[char]
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFD", char)[0]  # é is as wide as e
    if base != char and 32 <= ord(base) <= 126:
        return _glyph(base, bold)
    return 667


def text_px(text: str, size: float = 10, bold: bool = False) -> float:
    """Printed width of ``text`` in pixels (96 per inch)."""
    units = sum(_glyph(c, bold) for c in text)
    return units * size / 1000 * PX_PER_PT * SLACK


def column_px(width: float) -> int:
    """Pixels of a column ``width`` characters wide (Excel's rule for a 7-pixel digit)."""
    return int(width * 7 + 0.5) + 5 if width > 1 else int(width * 12 + 0.5)


def lines_needed(text: object, width_px: float, size: float = 10, bold: bool = False) -> int:
    """Printed lines of ``text`` wrapped at word boundaries in ``width_px`` of cell."""
    if text is None or text == "":
        return 1
    room = max(1.0, width_px - CELL_PADDING_PX)
    space = text_px(" ", size, bold)
    total = 0
    for paragraph in str(text).splitlines() or [""]:
        lines, used = 1, 0.0
        for word in paragraph.split():
            width = text_px(word, size, bold)
            if used and used + space + width <= room:
                used += space + width
                continue
            if used:
                lines += 1
            whole, rest = divmod(width, room)  # a word longer than a line breaks
            lines += int(whole) if rest else max(0, int(whole) - 1)
            used = rest or room
        total += lines
    return total


def line_points(size: float = 10) -> float:
    """Height of one line of text of ``size`` points, as Excel spaces it."""
    return _LINE_POINTS.get(round(size), size * 1.3)


def row_points(lines: int, size: float = 10) -> float:
    """A row tall enough for ``lines`` lines of wrapped text."""
    return round(line_points(size) * max(1, lines) + (2.0 if lines > 1 else 0.0), 2)
