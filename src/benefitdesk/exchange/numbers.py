"""Numbers as people write them: the one number parser of BenefitDesk.

The import, sync and every form that takes a figure read numbers here, so `1,23`,
`£1,200`, `(1,200)`, `1.2m` mean the same wherever they are typed. What is accepted
(docs/import.md, "Values", lists it for users):

- a number cell as it is (a cell formatted as a percentage arrives as its fraction);
- text with currency (`£1,234.50`, `GBP 1,200`, `1,200 €`, `10 TZS`), thousands
  separators that group by three (`1,234,567`, `1 234`, `1'234`), signs (`-5`, `−5`,
  `1,200-`), brackets for negative (`(1,200)`), a percent sign (`12%` is 12), a
  multiplier (`1.2m`, `3.5k`, `2bn`, `752,886.79 Mlls`, `10 Billion`);
- a comparator before the number (`<21%`, `≤3%`, `± 5.2%`, `~40`), a unit after it
  (`8 days`, `20 MBps`) and a note in brackets after it (`92 (Q13-Q16)`): the number
  is kept and what was dropped is told to the caller (`dropped`), so an import can
  say so;
- words that mean "no value" (`N/A`, `TBC`, `Pending`, `-`, see `text.blank_like`) read
  as empty; `nil` is zero.

Refused with a message: ranges (`10-15`), a comma that is not a thousands separator
(`1,23` when the decimal mark is a point), text after a percent sign (`50% reduction`),
`NaN`, `INF` and any magnitude above `MAX_ABS` (`1e309`, `1e20`), which would break
every total.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from benefitdesk.exchange.errors import CellError, show
from benefitdesk.exchange.rows import CellValue
from benefitdesk.exchange.text import blank_like
from benefitdesk.model.figures import MAX_ABS, MAX_ABS_TEXT

_EXCEL_ERRORS = frozenset(
    {"#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!"}
)
_NON_FINITE = frozenset({"nan", "-nan", "inf", "+inf", "-inf", "infinity", "-infinity"})
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009]+")
_SIMPLE = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?")
_SYMBOLS = ("US$", "NZ$", "HK$", "A$", "C$", "S$", "R$", "£", "$", "€", "¥", "₹", "₩", "₽", "₦")
_CODES = frozenset(
    {"GBP", "USD", "EUR", "JPY", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "INR"}
    | {"CNY", "HKD", "SGD", "ZAR", "PLN", "CZK", "HUF", "RON", "BRL", "MXN", "AED", "KRW"}
    | {"TZS", "KES", "UGX", "NGN", "GHS", "EGP", "MAD", "XOF", "XAF", "PHP", "IDR", "MYR"}
)
_MULTIPLIERS = {
    "k": 10**3,
    "thousand": 10**3,
    "thousands": 10**3,
    "000s": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "mio": 10**6,
    "mill": 10**6,
    "mll": 10**6,
    "mlls": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "mrd": 10**9,
    "billion": 10**9,
    "billions": 10**9,
    "lakh": 10**5,
    "lakhs": 10**5,
    "crore": 10**7,
    "crores": 10**7,
}
_COMPARATOR = re.compile(
    r"^(<=|>=|=<|=>|≤|≥|<|>|±|\+/-|\+-|~|≈|approx\.?|approximately|circa|about|"
    r"c\.|up to|at least|at most|min\.?|max\.?)\s*",
    re.I,
)
_NOTE = re.compile(r"^(?P<head>.*\d.*?)\s*(?P<note>\([^()]*\))$")
# The number, then what follows it: a percent sign, or words (a multiplier, a unit).
_TAIL = re.compile(r"^(?P<num>.*?[\d.,])\s*(?P<tail>%|[^\W\d_][^\d%]{0,30})$")
_UNIT = re.compile(r"[^\W\d_][\w/. °²³·-]*")
_PLAIN = {
    ".": re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"),
    ",": re.compile(r"(?:\d+(?:,\d*)?|,\d+)"),
}
_GROUPED = {
    ".": re.compile(r"\d{1,3}(?P<sep>[, '’_])\d{3}(?:(?P=sep)\d{3})*(?:\.\d*)?"),
    ",": re.compile(r"\d{1,3}(?P<sep>[. '’_])\d{3}(?:(?P=sep)\d{3})*(?:,\d*)?"),
}
_COMMA_DECIMAL = re.compile(r"^[^\d,.]*\d{1,3}(?:[ .\u00a0'’]\d{3})*,(?:\d{1,2}|\d{4,})\D*$")
_POINT_DECIMAL = re.compile(r"^[^\d,.]*\d{1,3}(?:[ ,\u00a0'’]\d{3})*\.(?:\d{1,2}|\d{4,})\D*$")


def _finite(number: float, value: object) -> float:
    if not math.isfinite(number):
        raise CellError(f"{show(value)} is not a finite number")
    if abs(number) > MAX_ABS:
        raise CellError(f"{show(value)} is too large for a figure (more than {MAX_ABS_TEXT})")
    return number


def parse_number(
    value: CellValue | None, *, decimal: str = ".", dropped: list[str] | None = None
) -> float | None:
    """A number from a number cell or from text (see the module's docstring).

    `decimal=","` reads European text ("1.234,5"). What was dropped to read the number
    (a comparator, a unit, a note) is appended to `dropped` when a list is given.
    """
    if type(value) is float:
        return _finite(value, value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CellError(f"{show(value)} is not a number")
    if isinstance(value, int) and abs(value) > MAX_ABS:  # float() of a huge int overflows
        raise CellError(f"{show(value)} is too large for a figure (more than {MAX_ABS_TEXT})")
    if isinstance(value, int | float):
        return _finite(float(value), value)
    if decimal == "." and _SIMPLE.fullmatch(value):
        return float(value) or 0.0  # the common case: "1234.5"
    text = _SPACES.sub(" ", value).strip()
    if blank_like(text):
        return None
    key = text.casefold()
    if key in _EXCEL_ERRORS:
        raise CellError(f"the cell shows the Excel error {text}; fix its formula")
    if key in _NON_FINITE:
        raise CellError(f"{show(value)} is not a finite number")
    if key == "nil":
        return 0.0
    number = _number_from_text(text, decimal, dropped)
    if number is None:
        raise CellError(f"{show(value)} is not a number{_hint(text, decimal)}")
    if math.isinf(number):  # "1e309"
        raise CellError(f"{show(value)} is too large for a figure (more than {MAX_ABS_TEXT})")
    return _finite(number, value)


def _hint(text: str, decimal: str) -> str:
    if decimal == "." and re.fullmatch(r"[^\d]*\d+,\d{1,2}[^\d]*", text):
        return " (a comma before one or two digits is not a thousands separator)"
    if re.search(r"\d\s*[-–]\s*\d", text):
        return " (a range: give one figure)"
    if "%" in text and not text.rstrip().endswith("%"):
        return " (words after the percent sign)"
    return ""


def _strip_currency(s: str) -> tuple[str, bool]:
    for sym in _SYMBOLS:
        if s.startswith(sym):
            return s[len(sym) :].lstrip(), True
        if s.endswith(sym):
            return s[: -len(sym)].rstrip(), True
    head, tail = s[:3], s[-3:]
    if head.upper() in _CODES and (len(s) == 3 or not s[3].isalpha()):
        return s[3:].lstrip(), True
    if tail.upper() in _CODES and (len(s) == 3 or not s[-4].isalpha()):
        return s[:-3].rstrip(), True
    # Any ISO-looking code set apart by a space: "10 Billion TZS", "XYZ 40".
    if len(s) > 4 and head.isascii() and head.isupper() and head.isalpha() and s[3] == " ":
        return s[4:].lstrip(), True
    if len(s) > 4 and tail.isascii() and tail.isupper() and tail.isalpha() and s[-4] == " ":
        return s[:-4].rstrip(), True
    return s, False


def _peel(s: str) -> tuple[str, bool]:
    """Signs, brackets and currency off both ends, in any order people write them
    ("-£1,200", "£(1,200)", "(GBP 1.2m)"); True when the number is negative."""
    negative = bracket = currency = sign = False
    while True:
        before = s
        if not bracket and s.startswith("(") and s.endswith(")"):
            bracket, negative, s = True, not negative, s[1:-1].strip()
        if not currency:
            s, currency = _strip_currency(s)
        if not sign and s[:1] in ("-", "+"):
            sign, negative, s = True, negative ^ (s[0] == "-"), s[1:].lstrip()
        elif not sign and s.endswith("-"):
            sign, negative, s = True, not negative, s[:-1].rstrip()
        if s == before:
            return s, negative


def _tail(s: str, dropped: list[str] | None) -> tuple[str, int] | None:
    """The digits and the factor of a multiplier after them; a unit is dropped. None
    when what follows the number is not a percent sign, a multiplier or a unit."""
    match = _TAIL.fullmatch(s)
    if match is None:
        return s, 1
    tail = match["tail"].strip()
    if tail == "%":
        return match["num"].rstrip(), 1
    first, _, rest = tail.partition(" ")
    factor = _MULTIPLIERS.get(first.casefold().rstrip("."))
    unit, _currency = _strip_currency(rest if factor else tail)
    if unit and not _UNIT.fullmatch(unit):
        return None
    if unit and dropped is not None and unit.casefold() not in ("percent", "per cent", "pct"):
        dropped.append(f"unit {unit}")
    return match["num"].rstrip(), factor or 1


def _number_from_text(s: str, decimal: str, dropped: list[str] | None) -> float | None:
    s = s.replace("−", "-")  # the Unicode minus sign some exports use
    if (note := _NOTE.fullmatch(s)) and not s.startswith("("):
        s = note["head"]
        if dropped is not None:
            dropped.append(f"note {note['note']}")
    if comparator := _COMPARATOR.match(s):
        s = s[comparator.end() :]
        if dropped is not None:
            dropped.append(f"comparator {comparator[1]}")
    s, negative = _peel(s)
    found = _tail(s, dropped)
    if found is None:
        return None
    s, factor = found
    s, negative_inside = _peel(s)  # "£(1.2)m", "(-5) days"
    negative ^= negative_inside
    if _PLAIN[decimal].fullmatch(s):
        digits = s
    elif match := _GROUPED[decimal].fullmatch(s):
        digits = s.replace(match.group("sep"), "")
    else:
        return None
    if decimal == ",":
        digits = digits.replace(",", ".")
    try:
        number = float(Decimal(digits) * factor)
    except InvalidOperation:  # pragma: no cover - the patterns only admit valid digits
        return None
    return (-number if negative else number) or 0.0


def parse_int(value: CellValue | None, *, decimal: str = ".") -> int | None:
    """A whole number (a plan version, a count); "2.5" is refused, "3.0" is 3."""
    number = parse_number(value, decimal=decimal)
    if number is None:
        return None
    if not number.is_integer():
        raise CellError(f"{show(value)} is not a whole number")
    return int(number)


def infer_decimal(texts: Iterable[str], default: str = ".") -> str:
    """The decimal mark the texts of a file use: "," when more of them read as
    "22 340,00" or "12,5" than as "1,234.56" or "12.5", else `default`. Ambiguous texts
    ("1,234", "1.234") count for neither."""
    comma = point = 0
    for text in texts:
        if _COMMA_DECIMAL.match(text):
            comma += 1
        elif _POINT_DECIMAL.match(text):
            point += 1
    if comma > point:
        return ","
    return "." if point > comma else default
