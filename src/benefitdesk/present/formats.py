"""The one way BenefitDesk writes money, percentages, numbers, units and dates.

Rules (docs/contract.md, "Words and how figures are written"):

- money: the currency symbol before the amount (``£4,920,800``); a currency without a
  symbol is written as its ISO code before the amount (``CHF 4,920,800``); compact
  money keeps three significant digits from ten thousand up (``£12.5k``, ``£4.92m``,
  ``£1.2bn``) and writes smaller amounts in full (``£5,000``);
- a negative figure starts with a true minus sign, before any symbol (``−£12.5k``);
- percentages have no space before the sign (``70.5%``, ``+5.5%``, ``−17.7%``);
- a value with a unit: currency units go first (``£7.80``, ``£7.8k``), ``%`` follows
  directly (``23.4%``), any other unit after a space (``1,250 hours``);
- dates in English whatever the system's language: ``5 Jun 2026``, ``Jun 2026``,
  ``5 Jun 2026 14:05``;
- no value is an em dash (``—``) unless the caller asks for something else.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹"}
MINUS = "\u2212"
NONE = "—"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Compact money and numbers: (from this size, divide by it, write this suffix).
SCALES = ((1e9, "bn"), (1e6, "m"), (1e3, "k"))
#: Below this, compact money is written in full (£5,000, not £5k).
COMPACT_FROM = 10_000


def _signed(text: str, negative: bool) -> str:
    return f"{MINUS}{text}" if negative else text


def currency_symbol(code: str | None) -> str | None:
    """The symbol written before amounts in ``code`` (None: write the ISO code)."""
    return CURRENCY_SYMBOLS.get((code or "").strip().upper())


def currency_prefix(code: str | None) -> str:
    """What goes before an amount: ``£``, ``$``; ``CHF `` for a code without a symbol."""
    code = (code or "").strip().upper()
    if not code:
        return ""
    return currency_symbol(code) or f"{code} "


def _significant(value: float, digits: int = 3) -> str:
    """``value`` (≥ 1) with ``digits`` significant digits and no trailing zeros."""
    decimals = max(0, digits - len(str(int(value))))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"


def _compact(size: float) -> str | None:
    """``size`` (≥ 0) scaled to k, m or bn with three significant digits; None below a
    thousand. Rounding up into the next scale moves to it (999,999 is 1m, not 1000k)."""
    for n, (limit, suffix) in enumerate(SCALES):  # largest first
        if size >= limit:
            text = _significant(size / limit)
            if float(text) >= 1000 and n > 0:
                bigger, bigger_suffix = SCALES[n - 1]
                return f"{_significant(size / bigger)}{bigger_suffix}"
            return f"{text}{suffix}"
    return None


def money(value: float | None, currency: str | None, *, compact: bool = False) -> str:
    """An amount of money in the portfolio's currency (see the module's rules)."""
    if value is None:
        return NONE
    size = abs(value)
    prefix = currency_prefix(currency)
    text = _compact(size) if compact and size >= COMPACT_FROM else None
    return _signed(prefix + (text or f"{size:,.0f}"), value < 0 and round(size) != 0)


def pct(
    value: float | None, *, signed: bool = False, digits: int | None = 1, none: str = NONE
) -> str:
    """A percentage (``value`` already in percent): ``70.5%``, ``+5.5%``, ``−17.7%``;
    ``digits=None`` writes it as a number (a setting: ``10%``, ``7.5%``)."""
    if value is None:
        return none
    size = f"{abs(value):.{digits}f}" if digits is not None else number(abs(value))
    text = f"{size}%"
    negative = value < 0 and float(size.replace(",", "")) != 0
    if signed and not negative:
        return f"+{text}"
    return _signed(text, negative)


def number(value: float | None, *, none: str = NONE) -> str:
    """A measured value without its unit: ``1,250``, ``173.1``, ``0.1234``, ``12,346``.

    Whole numbers in full; otherwise four significant digits below a thousand, one
    decimal below ten thousand, none above.
    """
    if value is None:
        return none
    size = abs(value)
    if size == int(size) and size < 1e15:
        text = f"{int(size):,}"
    elif size >= 10_000:
        text = f"{size:,.0f}"
    elif size >= 1000:
        text = f"{size:,.1f}"
    else:
        text = f"{size:.4g}"
    return _signed(text, value < 0 and text.strip("0.,") != "")


def compact_number(value: float) -> str:
    """A narrow number for chart axes: ``1.2m``, ``350k``, ``12.5``, ``0.25``."""
    short = _compact(abs(value))
    if short is None:
        return number(value)
    return _signed(short, value < 0)


def money_tick(value: float, currency: str | None) -> str:
    """A narrow amount for chart axes: ``£250k``, ``£2k``, ``−£1.5m``."""
    short = _compact(abs(value)) or number(abs(value))
    return _signed(f"{currency_prefix(currency)}{short}", value < 0)


def _currency_unit(unit: str) -> tuple[str, str] | None:
    """(symbol, rest) when ``unit`` is money: ``£``, ``£k``, ``£ per month``, ``GBP``."""
    if unit[0] in CURRENCY_SYMBOLS.values():
        return unit[0], unit[1:]
    code = unit[:3].upper()
    if code in CURRENCY_SYMBOLS and (len(unit) == 3 or not unit[3].isalpha()):
        return CURRENCY_SYMBOLS[code], unit[3:]
    return None


def quantity(value: float | None, unit: str | None, *, none: str = NONE) -> str:
    """A measured value with its unit: ``£7.8``, ``£7.8k``, ``23.4%``, ``1,250 hours``."""
    if value is None:
        return none
    text = number(value)
    unit = (unit or "").strip()
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    money_unit = _currency_unit(unit)
    if money_unit is not None:
        symbol, rest = money_unit
        digits = text.removeprefix(MINUS)
        return _signed(f"{symbol}{digits}{rest}", digits != text)
    return f"{text} {unit}"


def day(value: date | None, *, none: str = NONE) -> str:
    """``5 Jun 2026`` (English month names whatever the system's language)."""
    if value is None:
        return none
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month(value: date | None, *, none: str = NONE) -> str:
    """``Jun 2026``: a reporting period or a target month."""
    if value is None:
        return none
    return f"{MONTHS[value.month - 1]} {value.year}"


def moment(value: datetime | None, *, none: str = NONE) -> str:
    """``5 Jun 2026 14:05`` in the user's local time. A naive time is UTC: the store
    keeps every time in UTC and SQLite hands it back without its zone."""
    if value is None:
        return none
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone()
    return f"{day(local.date())} {local.hour:02d}:{local.minute:02d}"


def file_size(size: int) -> str:
    """``432 KB``, ``1.5 MB``: the size of a file a person chooses among."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB"


def excel_money_format(currency: str | None) -> str:
    """The Excel number format that writes money by the same rules (whole units)."""
    prefix = currency_prefix(currency or "GBP").replace('"', "")
    return f'"{prefix}"#,##0;"{MINUS}{prefix}"#,##0;"{prefix}"0'
