"""Cell values as Python values, read the way people type them in registers.

Every `parse_*` function takes one raw cell value (see `grid.CellValue`) and returns
the value, or None for a blank cell, or raises `CellError` with a message for the user
(`"abc" is not a number`). `parse_cell` adds the place and collects the problem, so an
import can report every bad cell at once instead of stopping at the first.

Numbers: a float cell is returned as is, so a cell formatted as a percentage in Excel
arrives as its fraction (12% → 0.12), while the text "12%" reads as written (12.0):
the cell format is not visible to the reader and the text is taken literally.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from benefitdesk.exchange.dates import parse_date
from benefitdesk.exchange.errors import CellError, Problem, show
from benefitdesk.exchange.rows import PLACEHOLDERS, CellValue, Row

__all__ = [
    "Choices",
    "is_blank",
    "parse_bool",
    "parse_cell",
    "parse_date",
    "parse_enum",
    "parse_int",
    "parse_number",
    "parse_text",
]

T = TypeVar("T")

_EXCEL_ERRORS = frozenset(
    {"#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!"}
)
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009]+")
_SYMBOLS = ("US$", "NZ$", "HK$", "A$", "C$", "S$", "R$", "£", "$", "€", "¥", "₹", "₩", "₽")
_CODES = frozenset(
    {"GBP", "USD", "EUR", "JPY", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "INR"}
    | {"CNY", "HKD", "SGD", "ZAR", "PLN", "CZK", "HUF", "RON", "BRL", "MXN", "AED", "KRW"}
)
_MULTIPLIERS = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "million": 10**6,
    "bn": 10**9,
    "billion": 10**9,
}
_SUFFIX = re.compile(r"(?<=[\d.\s])(k|mn|mln|m|bn|thousands?|millions?|billions?)$", re.I)
_PLAIN = {
    ".": re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"),
    ",": re.compile(r"(?:\d+(?:,\d*)?|,\d+)"),
}
_GROUPED = {
    ".": re.compile(r"\d{1,3}(?P<sep>[, '’_])\d{3}(?:(?P=sep)\d{3})*(?:\.\d*)?"),
    ",": re.compile(r"\d{1,3}(?P<sep>[. '’_])\d{3}(?:(?P=sep)\d{3})*(?:,\d*)?"),
}
_TRUE = frozenset({"true", "yes", "y", "t", "1", "x", "✓", "✔", "on"})
_FALSE = frozenset({"false", "no", "n", "f", "0", "✗", "✘", "off"})


def is_blank(value: CellValue | None) -> bool:
    """Empty, None or only spaces."""
    return value is None or (type(value) is str and (value == "" or value.isspace()))


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _check_excel_error(text: str) -> None:
    if text.casefold() in _EXCEL_ERRORS:
        raise CellError(f"the cell shows the Excel error {text}; fix its formula")


def parse_number(value: CellValue | None, *, decimal: str = ".") -> float | None:
    """A number from a number cell or from text such as "£1,234.50", "GBP 1,200",
    "(1,200)" (negative), "1,200-", "12%" (→ 12.0), "1.2m", "3.5k", "2bn", "1.2E+05".

    `decimal=","` reads European text ("1.234,5"). Thousands separators must group by
    three, so "1,23" is refused rather than silently read as 123.
    """
    if type(value) is float:
        if not math.isfinite(value):
            raise CellError(f"{show(value)} is not a number")
        return value
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CellError(f"{show(value)} is not a number")
    if isinstance(value, int | float):
        return float(value)
    text = _squash(value)
    if not text or text.casefold() in PLACEHOLDERS:
        return None
    _check_excel_error(text)
    number = _number_from_text(text, decimal)
    if number is None:
        raise CellError(f"{show(value)} is not a number")
    return number


def _strip_currency(s: str) -> tuple[str, bool]:
    for sym in _SYMBOLS:
        if s.startswith(sym):
            return s[len(sym) :].lstrip(), True
        if s.endswith(sym):
            return s[: -len(sym)].rstrip(), True
    head, tail = s[:3].upper(), s[-3:].upper()
    if head in _CODES and (len(s) == 3 or not s[3].isalpha()):
        return s[3:].lstrip(), True
    if tail in _CODES and (len(s) == 3 or not s[-4].isalpha()):
        return s[:-3].rstrip(), True
    return s, False


def _number_from_text(s: str, decimal: str) -> float | None:
    """Peel signs, brackets, currency, % and multipliers off both ends, in any order
    people write them ("-£1,200", "£(1,200)", "(GBP 1.2m)"), then read the digits."""
    negative = bracket = currency = sign = False
    s = s.replace("−", "-")  # the Unicode minus sign some exports use
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
            break
    factor = 1
    if s.endswith("%"):
        s = s[:-1].rstrip()
    elif match := _SUFFIX.search(s):
        factor = _MULTIPLIERS[match.group(1).lower().rstrip("s")]
        s = s[: match.start()].rstrip()
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
    if not math.isfinite(number):
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


def parse_text(
    value: CellValue | None, *, single_line: bool = False, max_length: int | None = None
) -> str | None:
    """Text, trimmed. Numbers read as typed (a code 101 stored as 101.0 gives "101"),
    dates in ISO form. `single_line` folds runs of spaces and line breaks to one space,
    so "Alice  Chen" and "Alice Chen" are the same person."""
    if value is None:
        return None
    if isinstance(value, str):
        text = _squash(value) if single_line else value.strip()
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.15g}"
    else:
        text = show(value)
    if not text:
        return None
    if max_length is not None and len(text) > max_length:
        raise CellError(f"{show(text)} is longer than {max_length} characters")
    return text


def _choice_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


class Choices:
    """An enumeration's accepted spellings, built once and reused for every row.

    Matching ignores case, spaces and punctuation: "In Delivery", "in_delivery" and
    "IN-DELIVERY" all give "in delivery". `synonyms` maps a choice to other words
    people use for it, e.g. {"cost saving": ["savings", "cost reduction"]}.
    """

    def __init__(
        self, choices: Iterable[str], synonyms: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        self.choices = list(choices)
        self._lookup = {_choice_key(c): c for c in self.choices}
        for choice, words in (synonyms or {}).items():
            if choice not in self.choices:
                raise ValueError(f"synonyms given for unknown choice {choice!r}")
            for word in words:
                self._lookup.setdefault(_choice_key(word), choice)

    def parse(self, value: CellValue | None) -> str | None:
        text = parse_text(value)
        if text is None:
            return None
        found = self._lookup.get(_choice_key(text))
        if found is not None:
            return found
        message = f"{show(value)} is not one of: {', '.join(self.choices)}"
        close = difflib.get_close_matches(text.casefold(), self.choices, n=1, cutoff=0.75)
        raise CellError(message + (f' (did you mean "{close[0]}"?)' if close else ""))


def parse_enum(
    value: CellValue | None,
    choices: Iterable[str] | Choices,
    synonyms: Mapping[str, Iterable[str]] | None = None,
) -> str | None:
    """One of `choices`, forgiving case, spaces and punctuation. For many rows, build a
    `Choices` once and pass it instead of a list."""
    if not isinstance(choices, Choices):
        choices = Choices(choices, synonyms)
    return choices.parse(value)


def parse_bool(value: CellValue | None) -> bool | None:
    """TRUE/FALSE cells, 1/0, and yes/no, y/n, true/false, x/✓ in text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if is_blank(value):
        return None
    key = value.strip().casefold() if isinstance(value, str) else None
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(f"{show(value)} is not yes or no")


def parse_cell(
    row: Row,
    index: int | None,
    parser: Callable[..., T | None],
    problems: list[Problem],
    *,
    required: bool = False,
    label: str | None = None,
    **options: Any,
) -> T | None:
    """Parse `row.values[index]` with `parser`; on failure add a located problem to
    `problems` and return None. A missing column (index None) reads as blank."""
    value = row.get(index)
    try:
        result = parser(value, **options)
    except CellError as exc:
        problems.append(row.problem(index, str(exc)))
        return None
    if result is None and required and index is not None:
        problems.append(row.problem(index, f"{label or 'a value'} is required"))
    return result
