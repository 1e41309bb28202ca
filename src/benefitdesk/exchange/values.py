"""Cell values as Python values, read the way people type them in registers.

Every `parse_*` function takes one raw cell value (see `grid.CellValue`) and returns
the value, or None for a blank cell, or raises `CellError` with a message for the user
(`"abc" is not a number`). `parse_cell` adds the place and collects the problem, so an
import can report every bad cell at once instead of stopping at the first.

Numbers are read by `numbers.parse_number` (re-exported here), dates by
`dates.parse_date`, text is normalised by `text.clean_text`: the one parser of each,
used by the import, sync and the forms alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from benefitdesk.exchange.dates import parse_date
from benefitdesk.exchange.errors import CellError, Problem, show
from benefitdesk.exchange.numbers import parse_int, parse_number
from benefitdesk.exchange.rows import CellValue, Row
from benefitdesk.exchange.text import clean_text

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

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009]+")
_TRUE = frozenset({"true", "yes", "y", "t", "1", "x", "✓", "✔", "on"})
_FALSE = frozenset({"false", "no", "n", "f", "0", "✗", "✘", "off"})


def is_blank(value: CellValue | None) -> bool:
    """Empty, None or only spaces."""
    return value is None or (type(value) is str and (value == "" or value.isspace()))


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def parse_text(
    value: CellValue | None, *, single_line: bool = False, max_length: int | None = None
) -> str | None:
    """Text, normalised (`text.clean_text`: control characters, entities, spaces).
    Numbers read as typed (a code 101 stored as 101.0 gives "101"), dates in ISO form.
    `single_line` folds runs of spaces and line breaks to one space, so "Alice  Chen"
    and "Alice Chen" are the same person."""
    if value is None:
        return None
    if isinstance(value, str):
        text = clean_text(value, single_line=single_line)
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e16 else f"{value:.15g}"
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
