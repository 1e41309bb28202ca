"""Definition checks: the common mistakes, caught before a benefit is approved.

A benefit that cannot be measured at approval will not be measured after go-live, so
each rule names the form field to fix and says in plain words why it matters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Severity(StrEnum):
    """Errors block approval; warnings are shown but do not."""

    ERROR = "error"
    WARNING = "warning"


#: Every rule and its severity, in the order findings are reported
#: (docs/contract.md, "Definition checks").
RULES: dict[str, Severity] = {
    "no_owner": Severity.ERROR,
    "owner_is_project_manager": Severity.WARNING,
    "no_baseline": Severity.ERROR,
    "no_target": Severity.ERROR,
    "no_tolerance": Severity.ERROR,
    "defined_late": Severity.WARNING,
    "no_leading_indicator": Severity.WARNING,
    "no_data_source": Severity.WARNING,
    "no_frequency": Severity.ERROR,
    "not_measurable": Severity.WARNING,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with a benefit's definition; ``field`` is the form field to fix."""

    rule: str
    severity: Severity
    message: str
    field: str


@dataclass(frozen=True, slots=True)
class DefinitionInput:
    """What the checks need to know about a benefit's definition.

    ``automated`` is true when a sync profile feeds the benefit: its figures do not
    depend on manual updates even without a named data source.
    """

    code: str
    owner: str | None
    project_manager: str | None
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    defined_on: date | None
    project_approval_date: date | None
    indicator_count: int
    data_source: str | None
    automated: bool
    frequency: str | None
    measure: str | None
    unit: str | None
    maintain: bool = False  # a maintain KPI: holds its baseline within ± tolerance
    tolerance: float | None = None


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _same_person(a: str, b: str) -> bool:
    """Names match ignoring case and spacing: "alice  chen" is Alice Chen."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _missing(what: dict[str, object]) -> str:
    """ "value and date" from the parts that are missing."""
    return " and ".join(name for name, value in what.items() if value is None)


def _problems(d: DefinitionInput) -> Iterable[tuple[str, str, str]]:
    """(rule, field, message) for each rule that fires, in table order."""
    if _blank(d.owner):
        yield "no_owner", "owner", "No named owner: accountability needs a business leader"
    elif not _blank(d.project_manager) and _same_person(d.owner or "", d.project_manager or ""):
        yield (
            "owner_is_project_manager",
            "owner",
            "The owner is the project's manager: ownership belongs to the business, "
            "not to the project",
        )
    if d.baseline is None or d.baseline_date is None:
        missing = _missing({"value": d.baseline, "date": d.baseline_date})
        yield "no_baseline", "baseline", f"No baseline {missing}: progress cannot be measured"
    yield from _target(d)
    if (
        d.defined_on is not None
        and d.project_approval_date is not None
        and d.defined_on > d.project_approval_date
    ):
        yield (
            "defined_late",
            "defined_on",
            f"Defined on {d.defined_on.isoformat()}, after the project was approved on "
            f"{d.project_approval_date.isoformat()}: benefits belong in the approval",
        )
    if d.indicator_count <= 0:
        yield (
            "no_leading_indicator",
            "indicators",
            "No leading indicator: a shortfall will only show once it has happened",
        )
    if not d.automated and _blank(d.data_source):
        yield (
            "no_data_source",
            "data_source",
            "No data source: tracking will rely on manual updates",
        )
    if _blank(d.frequency):
        yield (
            "no_frequency",
            "frequency",
            "No reporting frequency: nobody knows when a figure is due",
        )
    if _blank(d.measure):
        yield "not_measurable", "measure", "No measure name: say which figure shows the benefit"
    elif _blank(d.unit):
        yield "not_measurable", "unit", "No unit: a figure without a unit cannot be compared"


def _target(d: DefinitionInput) -> Iterable[tuple[str, str, str]]:
    """A target differs from the baseline; a maintain KPI's equals it, with a band."""
    if d.target is None or d.target_date is None:
        missing = _missing({"value": d.target, "date": d.target_date})
        yield "no_target", "target", f"No target {missing}: nobody can tell when it is achieved"
    elif d.maintain and d.target != d.baseline:
        yield (
            "no_target",
            "target",
            "A maintain KPI holds its baseline: its target must equal it (or make it a "
            "benefit to realise)",
        )
    elif not d.maintain and d.target == d.baseline:
        yield (
            "no_target",
            "target",
            "The target equals the baseline: there is nothing to realise (to hold a level, "
            "make it a maintain KPI with a tolerance)",
        )
    if d.maintain and (d.tolerance is None or not d.tolerance > 0):
        yield (
            "no_tolerance",
            "tolerance",
            "No tolerance: say how far the figure may move from its level before it is off",
        )


def check_definition(d: DefinitionInput) -> list[Finding]:
    """Every finding for one benefit definition, in the order of the rules table."""
    return [Finding(rule, RULES[rule], message, field) for rule, field, message in _problems(d)]


def approval_errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that stop a benefit moving to approved."""
    return [f for f in findings if f.severity is Severity.ERROR]
