"""Plain value types that flow into and out of the computation contract.

Everything here is an immutable record of numbers, dates and strings so that the
analysis layer stays pure: no database rows, no Qt objects. What a report makes once
per benefit or indicator (inputs and results) is a named tuple: a frozen dataclass
sets each field through object.__setattr__, and 20,000 of them cost a 10,000-benefit
report 40 ms (README, "Performance").

Where a report makes them by the ten thousand (evaluate.py, status.py, forecast.py,
services/inputs.py), the tuples are made by :func:`record` from their values in field
order, each commented with its field: called with keywords, a named tuple's class packs
them into a dict and unpacks it again (a BenefitResult costs 1.2 µs instead of 0.4),
and called at all, it runs its generated ``__new__``, a Python function that the
compiled build cannot speed up (docs/architecture.md, "The compiled build").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, NamedTuple, TypeVar

from benefitdesk.enums import COUNTED_LIFECYCLES, DORMANT_LIFECYCLES, Frequency

# A module of their own: the register names them before its first paint, and this
# module's records cost that paint a few milliseconds.
from benefitdesk.verdicts import RiskReason, Status

__all__ = [
    "COUNTED_LIFECYCLES",
    "DORMANT_LIFECYCLES",
    "GRACE_DAYS",
    "PERIOD_DAYS",
    "ActionInput",
    "BenefitInput",
    "BenefitResult",
    "IndicatorInput",
    "IndicatorResult",
    "Point",
    "PortfolioTotals",
    "ProjectInput",
    "RiskReason",
    "Status",
    "Thresholds",
    "VarianceNoteInput",
    "make_point",
    "record",
]

_Record = TypeVar("_Record", bound=tuple[Any, ...])


def record(kind: type[_Record], values: tuple[Any, ...]) -> _Record:
    """The named tuple ``kind(*values)``, made in C: ``values`` in field order, all of
    them (no defaults are filled in). No Python frame runs, where ``kind(...)`` runs the
    class's generated ``__new__``: a BenefitResult 1,200 instructions instead of 4,000."""
    return tuple.__new__(kind, values)


#: Days in one reporting period, by frequency (docs/contract.md, overdue).
PERIOD_DAYS: dict[str, int] = {
    Frequency.DAILY: 1,
    Frequency.WEEKLY: 7,
    Frequency.MONTHLY: 31,
    Frequency.QUARTERLY: 92,
    Frequency.HALF_YEARLY: 183,
    Frequency.YEARLY: 366,
}
GRACE_DAYS = 7


class Point(NamedTuple):
    """A dated value: a measurement or a plan vertex (a tuple: cheap to make by the
    hundred thousand when a large portfolio is evaluated)."""

    date: date
    value: float


#: A Point from a (date, value) pair without the Python call that ``Point(day, value)``
#: makes: 0.13 µs instead of 0.22, for the 85,000 points of a large report.
make_point: Callable[[tuple[date, float]], Point] = partial(tuple.__new__, Point)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Portfolio tolerance settings."""

    amber_pct: float = 10.0
    red_pct: float = 25.0
    forecast_window: int = 6


class IndicatorInput(NamedTuple):
    """A leading indicator: its plan is the straight line baseline → target."""

    code: str
    name: str
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    frequency: str | None = None
    measurements: tuple[Point, ...] = ()  # any order; unique dates


class BenefitInput(NamedTuple):
    """Everything the contract needs to know about one benefit.

    ``realisation_start`` is the *effective* start: the caller has already applied the
    default chain (actual go-live, planned go-live, baseline date).
    ``plan`` is the current plan version's points; ``original_plan`` the first version's
    (equal to ``plan`` when never re-baselined).
    """

    code: str
    dis_benefit: bool
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    realisation_start: date | None
    frequency: str | None
    financial_value: float | None
    lifecycle: str
    plan: tuple[Point, ...] = ()
    measurements: tuple[Point, ...] = ()  # any order; unique dates
    indicators: tuple[IndicatorInput, ...] = ()
    original_plan: tuple[Point, ...] = ()  # for charts only; the contract uses ``plan``
    # A maintain KPI holds its level (the plan, flat at B = T) within ± ``band``: its
    # figures follow docs/contract.md, "Maintain KPIs". None: a benefit to realise.
    band: float | None = None


class IndicatorResult(NamedTuple):
    code: str
    name: str
    status: Status
    latest_value: float | None
    latest_date: date | None
    realisation_pct: float | None
    variance_pct: float | None


class BenefitResult(NamedTuple):
    """The contract's figures for one benefit at one as-of date.

    Percentages are percentages (70.0 means 70 %). ``None`` where not defined.
    Money fields are ``None`` when the benefit has no financial value.
    """

    code: str
    status: Status
    at_risk: bool
    risk_reasons: tuple[RiskReason, ...]
    overdue: bool
    counted: bool  # lifecycle approved/tracking/realised/closed: counts in totals
    latest_value: float | None
    latest_date: date | None
    realisation_pct: float | None
    planned_value: float | None  # planned(as_of)
    variance: float | None  # actual - planned(latest_date)
    variance_pct: float | None
    forecast_value: float | None
    forecast_realisation_pct: float | None
    next_due: date | None
    committed_value: float | None
    planned_to_date_value: float | None
    realised_value: float | None
    at_risk_value: float | None
    indicators: tuple[IndicatorResult, ...] = ()
    lifecycle: str = ""  # the benefit's lifecycle, so totals can report draft/cancelled apart


class ProjectInput(NamedTuple):
    code: str
    budget: float | None
    actual_cost: float | None
    delivery_rag: str | None  # "red" | "amber" | "green" | None
    planned_go_live: date | None
    actual_go_live: date | None
    status: str


class ActionInput(NamedTuple):
    benefit_code: str
    status: str  # open | in progress | done | dropped
    due_date: date | None


class VarianceNoteInput(NamedTuple):
    benefit_code: str
    period: date
    cause: str


@dataclass(frozen=True, slots=True)
class PortfolioTotals:
    """Portfolio figures (docs/contract.md, "The portfolio"); counted benefits only."""

    as_of: date
    investment: float
    actual_cost: float
    committed_value: float
    planned_to_date_value: float
    realised_value: float
    at_risk_value: float
    at_risk_count: int
    status_counts: dict[str, int]
    open_actions: int
    overdue_actions: int
    overdue_measurements: int
    benefit_count: int
    projects_by_rag: dict[str, int] = field(default_factory=dict)
    go_live: dict[str, int] = field(default_factory=dict)  # on_time, late, pending, overdue
    variance_by_cause: dict[str, int] = field(default_factory=dict)
    at_risk_value_by_cause: dict[str, float] = field(default_factory=dict)
    excluded_counts: dict[str, int] = field(default_factory=dict)  # draft, cancelled
    excluded_committed_value: dict[str, float] = field(default_factory=dict)
