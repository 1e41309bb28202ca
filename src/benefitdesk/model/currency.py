"""Currency symbols: the table lives with the other formatting rules, in
``benefitdesk.present.formats``; this name stays for the modules that import it here."""

from __future__ import annotations

from benefitdesk.present.formats import CURRENCY_SYMBOLS, currency_symbol

__all__ = ["CURRENCY_SYMBOLS", "currency_symbol"]
