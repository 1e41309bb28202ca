"""Plain-text layout for the terminal: aligned tables and clipped text.

How each figure is written (money, percentages, dates) is ``benefitdesk.present``'s.
"""

from __future__ import annotations

from collections.abc import Sequence, Set


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Set[int] = frozenset()
) -> str:
    """An aligned text table; columns in ``right`` are right-aligned (numbers)."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def clip(text: str | None, width: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
