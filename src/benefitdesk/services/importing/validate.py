"""Validate: the rules a row must keep before it is planned, the same as the forms'.

A draft is a benefit still being defined: a register adopted as it is may say a target
equals its baseline ("maintain 100 %") or give dates in the wrong order. For a draft
these are warnings and the offending value is left out (the benefit comes in, with the
finding to fix before approval); for an approved, tracking or realised benefit they are
errors, as in the form. Settings values are checked here too, within sane bounds (a
20-digit forecast window is refused, never an overflow).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from benefitdesk.exchange.errors import CellError, show
from benefitdesk.exchange.headers import normalise
from benefitdesk.exchange.values import parse_int, parse_number, parse_text
from benefitdesk.model import Lifecycle
from benefitdesk.services.benefits import APPROVED_STATES
from benefitdesk.services.importing.parse import Record

#: Settings keys as people write them in the Key column.
SETTING_SPELLINGS: dict[str, tuple[str, ...]] = {
    "name": ("name", "portfolio", "portfolio name"),
    "currency": ("currency", "currency code"),
    "amber_pct": ("amber_pct", "amber", "amber threshold", "amber %", "amber tolerance"),
    "red_pct": ("red_pct", "red", "red threshold", "red %", "red tolerance"),
    "forecast_window": ("forecast_window", "forecast window", "forecast points"),
}
SETTING_KEYS = {
    normalise(s): key for key, spellings in SETTING_SPELLINGS.items() for s in spellings
}
_CURRENCY = re.compile(r"[A-Za-z]{3}")
#: Bounds of the whole-number settings and plan versions.
MAX_FORECAST_WINDOW = 120
MAX_VERSION = 10_000

Report = Callable[[Record, str | None, str], None]  # (record, field, message)


def setting_value(name: str, raw: Any) -> Any:
    """A settings value, checked; raises CellError with the reason."""
    if name == "name":
        text = parse_text(raw, single_line=True, max_length=200)
        if text is None:
            raise CellError("the portfolio needs a name")
        return text
    if name == "currency":
        text = parse_text(raw, single_line=True)
        if text is None or not _CURRENCY.fullmatch(text):
            raise CellError(f"{show(raw)} is not a currency code (three letters, e.g. GBP)")
        return text.upper()
    if name == "forecast_window":
        window = parse_int(raw)
        if window is None or not 3 <= window <= MAX_FORECAST_WINDOW:
            raise CellError(
                f"{show(raw)}: the forecast window is a whole number from 3 to "
                f"{MAX_FORECAST_WINDOW}"
            )
        return window
    number = parse_number(raw)
    if number is None or not 0 <= number <= 1000:
        raise CellError(f"{show(raw)} is not a percentage from 0 to 1,000")
    return number


def plan_version(record: Record) -> int | None:
    """A plan row's version (1 when none is given), or None when out of bounds."""
    version = record.values.get("version")
    version = 1 if version is None else version
    return version if 1 <= version <= MAX_VERSION else None


def benefit_dates_and_target(
    record: Record,
    values: dict[str, Any],
    get: Callable[[str], Any],
    error: Report,
    warn: Report,
) -> None:
    """Target ≠ baseline (but for a maintain KPI), target date after baseline date, a
    tolerance not below 0, tracking end after the baseline date: errors for a benefit
    past draft, warnings for a draft (the value is then left out of `values`)."""
    draft = (get("status") or Lifecycle.DRAFT) not in APPROVED_STATES

    def breach(field: str, message: str) -> None:
        if draft and field in values:
            values.pop(field)
            warn(record, field, f"{message}; left out, the benefit comes in as a draft to fix")
        else:
            error(record, field, message)

    baseline, target = get("baseline"), get("target")
    maintain = getattr(get("kind"), "value", get("kind")) == "maintain"
    if baseline is not None and target is not None and baseline == target and not maintain:
        where = "target" if record.has("target") else "baseline"
        breach(where, f"the target equals the baseline ({baseline:g})")
    start, end = get("baseline_date"), get("target_date")
    if start is not None and end is not None and end <= start:
        where = "target_date" if record.has("target_date") else "baseline_date"
        breach(where, "the target date must come after the baseline date")
    tolerance = get("tolerance")
    if tolerance is not None and tolerance < 0:
        breach("tolerance", f"the tolerance ({tolerance:g}) cannot be negative")
    tracking_end = get("tracking_end")
    if tracking_end is not None and start is not None and tracking_end < start:
        breach("tracking_end", "tracking cannot end before the baseline date")


def next_code(prefix: str, taken: set[str]) -> str:
    """The next free code `prefix-NNN` after the highest taken (B-001, B-002, …)."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d+)", re.I)
    numbers = [int(m[1]) for c in taken if (m := pattern.fullmatch(c))]
    number = max(numbers, default=0) + 1
    while f"{prefix}-{number:03d}".casefold() in taken:
        number += 1
    return f"{prefix}-{number:03d}"
