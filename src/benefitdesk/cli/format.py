"""Plain-text rendering for the terminal: aligned tables, money and percentages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from benefitdesk.model.currency import currency_symbol


def money(value: float | None, currency: str = "GBP") -> str:
    if value is None:
        return "—"
    symbol = currency_symbol(currency)
    sign = "-" if value < 0 else ""
    amount = f"{abs(value):,.0f}"
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


def pct(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}%" if signed else f"{value:.1f}%"


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.1f}"


def day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int] = frozenset()
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
