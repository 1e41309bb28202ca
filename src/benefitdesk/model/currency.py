"""Currency symbols for the portfolio's ISO currency code: one table for every view."""

from __future__ import annotations

CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹"}


def currency_symbol(code: str | None) -> str | None:
    """The symbol written before amounts in ``code`` (None: write the ISO code)."""
    return CURRENCY_SYMBOLS.get((code or "").strip().upper())
