"""Translate store rows into the analysis layer's plain inputs.

The rows come from a Snapshot (the app, the board pack) or from the leaner FigureRows
(the command line's report): both are a ``FigureSource``, so both go through the same
translation. Nothing here imports SQLAlchemy or the model: the command line's report
must not pay for them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from benefitdesk.analysis.types import (
    ActionInput,
    BenefitInput,
    IndicatorInput,
    Point,
    ProjectInput,
    Thresholds,
    VarianceNoteInput,
    make_point,
    record,
)
from benefitdesk.store.figures import FigureSource, Series

if TYPE_CHECKING:
    from benefitdesk.analysis.checks import DefinitionInput
    from benefitdesk.store.snapshot import Snapshot

#: ``BenefitKind.DIS_BENEFIT`` and ``MAINTAIN`` as stored (tests/test_report_figures.py
#: checks them).
DIS_BENEFIT = "dis-benefit"
MAINTAIN = "maintain"


def value_of(enum_or_none: Any) -> str | None:
    """A stored word as text: FigureRows hold it as text already, a Snapshot as its enum."""
    if type(enum_or_none) is str or enum_or_none is None:
        return enum_or_none
    # An enum member's ``_value_`` is a plain attribute; ``value`` is a property, several
    # times slower (the attention list asks 26,000 times on 10,000 benefits).
    value = getattr(enum_or_none, "_value_", None)
    return str(getattr(enum_or_none, "value", enum_or_none) if value is None else value)


def points(series: Series) -> tuple[Point, ...]:
    """The series as Points: FigureRows' already are; a Snapshot's are (date, value)."""
    # Looked at as stored: typed (date, value), the compiled build would rebuild the
    # first item as a plain tuple and never find a Point (docs/architecture.md).
    stored: list[Any] = series
    if stored and type(stored[0]) is Point:
        return tuple(stored)
    return tuple(map(make_point, series))


def thresholds(snapshot: FigureSource) -> Thresholds:
    s = snapshot.settings
    if s is None:
        return Thresholds()
    return Thresholds(amber_pct=s.amber_pct, red_pct=s.red_pct, forecast_window=s.forecast_window)


class StartDates(Protocol):
    """A benefit's dates that say when its realisation starts."""

    @property
    def realisation_start(self) -> date | None: ...
    @property
    def baseline_date(self) -> date | None: ...


class GoLiveDates(Protocol):
    @property
    def actual_go_live(self) -> date | None: ...
    @property
    def planned_go_live(self) -> date | None: ...


def realisation_start(benefit: StartDates, project: GoLiveDates | None) -> date | None:
    """Explicit start, else the project's actual go-live, planned go-live, baseline date."""
    if benefit.realisation_start:
        return benefit.realisation_start
    if project is not None:
        if project.actual_go_live:
            return project.actual_go_live
        if project.planned_go_live:
            return project.planned_go_live
    return benefit.baseline_date


def current_plan(snapshot: FigureSource, benefit_id: int) -> tuple[int | None, Series]:
    versions = snapshot.plans.get(benefit_id)
    if not versions:
        return None, []
    latest = max(versions)
    return latest, versions[latest]


def original_plan(snapshot: FigureSource, benefit_id: int) -> Series:
    versions = snapshot.plans.get(benefit_id) or {}
    return versions[min(versions)] if versions else []


def indicator_inputs(snapshot: FigureSource, benefit_id: int) -> tuple[IndicatorInput, ...]:
    found = snapshot.indicators.get(benefit_id)
    if not found:  # most benefits have none
        return ()
    return tuple(
        [
            record(
                IndicatorInput,
                (  # see analysis/types.py
                    i.code,  # code
                    i.name,  # name
                    i.baseline,  # baseline
                    i.baseline_date,  # baseline_date
                    i.target,  # target
                    i.target_date,  # target_date
                    value_of(i.frequency),  # frequency
                    points(snapshot.indicator_measurements.get(i.id, [])),  # measurements
                ),
            )
            for i in found
        ]
    )


def benefit_input(snapshot: FigureSource, benefit: Any) -> BenefitInput:
    _, plan = current_plan(snapshot, benefit.id)
    kind = value_of(benefit.kind)
    return record(
        BenefitInput,
        (  # see analysis/types.py
            benefit.code,  # code
            kind == DIS_BENEFIT,  # dis_benefit
            benefit.baseline,  # baseline
            benefit.baseline_date,  # baseline_date
            benefit.target,  # target
            benefit.target_date,  # target_date
            realisation_start(benefit, snapshot.project_of(benefit)),  # realisation_start
            value_of(benefit.frequency),  # frequency
            benefit.financial_value,  # financial_value
            value_of(benefit.status) or "draft",  # lifecycle
            points(plan),  # plan
            points(snapshot.measurements.get(benefit.id, [])),  # measurements
            indicator_inputs(snapshot, benefit.id),  # indicators
            (),  # original_plan: for charts only
            benefit.tolerance if kind == MAINTAIN else None,  # band
        ),
    )


def project_inputs(snapshot: FigureSource) -> list[ProjectInput]:
    return [
        ProjectInput(
            code=p.code,
            budget=p.budget,
            actual_cost=p.actual_cost,
            delivery_rag=value_of(p.delivery_rag),
            planned_go_live=p.planned_go_live,
            actual_go_live=p.actual_go_live,
            status=value_of(p.status) or "proposed",
        )
        for p in snapshot.projects.values()
    ]


def benefit_codes(snapshot: FigureSource) -> dict[int, str]:
    return {b.id: b.code for b in snapshot.benefits}


def action_inputs(snapshot: FigureSource, codes: dict[int, str] | None = None) -> list[ActionInput]:
    """Each corrective action by its benefit's code (``codes``: benefit_codes, when the
    caller has them already)."""
    codes = benefit_codes(snapshot) if codes is None else codes
    return [
        ActionInput(codes[a.benefit_id], value_of(a.status) or "open", a.due_date)
        for a in snapshot.actions
    ]


def note_inputs(
    snapshot: FigureSource, codes: dict[int, str] | None = None
) -> list[VarianceNoteInput]:
    """Each variance note by its benefit's code (``codes`` as for action_inputs)."""
    codes = benefit_codes(snapshot) if codes is None else codes
    return [
        VarianceNoteInput(codes[n.benefit_id], n.period, value_of(n.cause) or "other")
        for n in snapshot.notes
    ]


def definition_input(snapshot: Snapshot, benefit: Any) -> DefinitionInput:
    # Asked as a FigureSource, whose rows are Any: a Snapshot's are SQLAlchemy Rows, which
    # its annotations call tuples, and the compiled build checks what it is told
    # (docs/architecture.md, "The compiled build").
    source: FigureSource = snapshot
    project = source.project_of(benefit)
    return make_definition_input(
        benefit,
        owner=snapshot.person_name(benefit.owner_id),
        project_manager=snapshot.person_name(project.manager_id) if project else None,
        project_approval_date=project.approval_date if project else None,
        indicator_count=len(snapshot.indicators.get(benefit.id, [])),
        automated=benefit.code in snapshot.automated_codes,
    )


def make_definition_input(
    benefit: Any,
    *,
    owner: str | None,
    project_manager: str | None,
    project_approval_date: date | None,
    indicator_count: int,
    automated: bool,
) -> DefinitionInput:
    """The checks' view of a benefit row or object, given its related facts."""
    # Imported here: the report's path (the command line's report) needs no checks.
    from benefitdesk.analysis.checks import DefinitionInput

    return DefinitionInput(
        code=benefit.code,
        owner=owner,
        project_manager=project_manager,
        baseline=benefit.baseline,
        baseline_date=benefit.baseline_date,
        target=benefit.target,
        target_date=benefit.target_date,
        defined_on=benefit.defined_on,
        project_approval_date=project_approval_date,
        indicator_count=indicator_count,
        data_source=benefit.data_source,
        automated=automated,
        frequency=value_of(benefit.frequency),
        measure=benefit.measure,
        unit=benefit.unit,
        maintain=value_of(benefit.kind) == MAINTAIN,
        tolerance=benefit.tolerance,
    )
