"""The demo portfolio: the first thing a new user sees, so it must look lived in.

Northwind Group's portfolio (``cast``) is written through the ORM in one audited
transaction, so the demo also shows a real audit trail. Every date is placed relative to
*today*, so the demo always looks current, and all randomness comes from one
``random.Random(seed)``: the same seed and the same *today* give the same portfolio.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from benefitdesk.analysis.evaluate import indicator_vertices
from benefitdesk.analysis.periods import period_end
from benefitdesk.analysis.plan import PlanCurve, plan_vertices, s_curve_profile
from benefitdesk.analysis.types import BenefitInput, IndicatorInput, Point
from benefitdesk.demo import cast
from benefitdesk.demo.common import ONE_DAY, Calendar, email, user_name
from benefitdesk.demo.file import DemoError, built_atomically
from benefitdesk.model import (
    Activity,
    BatchKind,
    Benefit,
    BenefitKind,
    CorrectiveAction,
    Frequency,
    ImportBatch,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    MeasurementSource,
    Person,
    PlanPoint,
    PlanVersion,
    PortfolioSettings,
    Project,
    Raci,
    Stakeholder,
    VarianceNote,
)

__all__ = ["DemoError", "create_demo"]
from benefitdesk.services.inputs import realisation_start
from benefitdesk.store import Store

#: Benefit columns copied unchanged from the cast.
COPIED_FIELDS = (
    "code", "title", "description", "kind", "category", "classification", "measure", "unit",
    "baseline", "target", "data_source", "frequency", "financial_value", "confidence",
    "objective", "sustainment", "notes",
)  # fmt: skip


def create_demo(path: Path | str, *, today: date | None = None, seed: int = 7) -> Store:
    """Create Northwind Group's demo portfolio at ``path`` and return it open.

    Refuses to touch an existing non-empty file: a demo must never replace someone's
    real portfolio. The file appears only once complete (`file.built_atomically`).
    """
    path = Path(path)
    with built_atomically(path) as building:
        store = Store(building, create=True)
        try:
            with store.transaction() as session:
                DemoBuilder(session, today or date.today(), seed).build()
        finally:
            store.close()
    return Store(path)


#: The PMO lead runs the monthly imports and the syncs.
PMO_USER = user_name(cast.PMO_LEAD)


def interpolate(knots: Sequence[tuple[float, float]], x: float) -> float:
    """Piecewise-linear through ``knots`` (sorted by x), flat outside them."""
    if x <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in pairwise(knots):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


@dataclass(frozen=True, slots=True)
class Figure:
    """One generated measurement before it becomes a row."""

    owner: tuple[str, str]  # ("benefit" | "indicator", code)
    date: date
    value: float
    source: MeasurementSource
    recorded_at: datetime
    recorded_by: str
    batch: str | None  # workbook or sync run that brought it in


@dataclass
class DemoBuilder:
    """Writes the cast into one session; ``build`` is the only entry point."""

    session: Session
    today: date
    seed: int
    cal: Calendar = field(init=False)
    rng: random.Random = field(init=False)
    people: dict[str, Person] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    benefits: dict[str, Benefit] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    curves: dict[str, PlanCurve] = field(default_factory=dict)  # by benefit/indicator code

    def __post_init__(self) -> None:
        self.cal = Calendar(self.today)
        self.rng = random.Random(self.seed)

    def build(self) -> None:
        """Write the cast table by table, flushing where later rows need the ids."""
        self.settings()
        self.add_people()
        self.add_projects()
        self.add_benefits()
        self.add_plans()
        self.add_indicators()
        self.add_figures()
        self.add_notes_actions_activities()
        self.restate_one_figure()

    def settings(self) -> None:
        """Name the portfolio and file the whole demo under one ``demo`` batch."""
        settings = self.session.get(PortfolioSettings, 1) or PortfolioSettings()
        settings.name, settings.currency = cast.ORGANISATION, cast.CURRENCY
        self.session.add(settings)
        demo = ImportBatch(
            kind=BatchKind.DEMO,
            source=f"BenefitDesk demo generator (seed {self.seed})",
            created_at=self.cal.stamp(self.today, 7),
        )
        self.session.add(demo)
        self.session.flush()
        self.session.info["batch_id"] = demo.id  # audit rows point at the demo batch

    def add_people(self) -> None:
        for name, role in cast.PEOPLE:
            self.people[name] = Person(name=name, email=email(name), role=role)
        self.session.add_all(self.people.values())
        self.session.flush()

    def benefit_id(self, code: str) -> int:
        """A benefit's id, once it is flushed."""
        found = self.benefits[code].id
        assert found is not None
        return found

    def indicator_id(self, code: str) -> int:
        found = self.indicators[code].id
        assert found is not None
        return found

    def person_id(self, name: str | None) -> int | None:
        return None if name is None else self.people[name].id

    def add_projects(self) -> None:
        cal = self.cal
        for spec in cast.PROJECTS:
            self.projects[spec.code] = Project(
                code=spec.code,
                name=spec.name,
                sponsor_id=self.person_id(spec.sponsor),
                manager_id=self.person_id(spec.manager),
                status=spec.status,
                approval_date=cal.start_or_none(spec.approval, 17),
                planned_go_live=cal.start_or_none(spec.planned_go_live),
                actual_go_live=cal.start_or_none(spec.actual_go_live),
                budget=spec.budget,
                actual_cost=spec.actual_cost,
                percent_complete=spec.percent_complete,
                delivery_rag=spec.rag,
            )
        self.session.add_all(self.projects.values())
        self.session.flush()

    def add_benefits(self) -> None:
        cal = self.cal
        for spec in cast.BENEFITS:
            project = self.projects[spec.project] if spec.project else None
            approved = project.approval_date if project else None
            frequency = spec.frequency.value
            self.benefits[spec.code] = Benefit(
                **{name: getattr(spec, name) for name in COPIED_FIELDS},
                project_id=project.id if project else None,
                baseline_date=period_end(cal.month_end(spec.baseline_at), frequency),
                target_date=period_end(cal.month_end(spec.target_at), frequency),
                realisation_start=cal.start_or_none(spec.realisation_start),
                tracking_end=None
                if spec.tracking_end is None
                else cal.month_end(spec.tracking_end),
                owner_id=self.person_id(spec.owner),
                status=spec.lifecycle,
                defined_on=(approved or cal.day(-20)) + timedelta(days=spec.defined),
            )
        self.session.add_all(self.benefits.values())
        self.session.flush()
        for spec in cast.BENEFITS:
            benefit_id = self.benefit_id(spec.code)
            assert benefit_id is not None
            team = [(spec.owner, Raci.ACCOUNTABLE)] if spec.owner else []
            for name, role in [*team, *spec.team]:
                person_id = self.person_id(name)
                assert person_id is not None
                self.session.add(Stakeholder(benefit_id=benefit_id, person_id=person_id, role=role))

    def plan_version(
        self, benefit: Benefit, version: int, points: Sequence[Point], reason: str, at: date
    ) -> None:
        plan = PlanVersion(
            benefit_id=self.benefit_id(benefit.code),
            version=version,
            reason=reason,
            created_at=self.cal.stamp(at, 9),
        )
        self.session.add(plan)
        self.session.flush()
        assert plan.id is not None
        self.session.add_all(
            PlanPoint(plan_version_id=plan.id, date=p.date, value=p.value) for p in points
        )

    def add_plans(self) -> None:
        """Explicit plans where the cast asks for them; default ramps elsewhere.

        The plan each benefit's figures follow is kept in ``curves``, built by the same
        function the report uses, so the generated statuses are the reported ones.
        """
        cal = self.cal
        for spec in cast.BENEFITS:
            b = self.benefits[spec.code]
            assert b.baseline_date is not None and b.target_date is not None
            assert b.defined_on is not None
            project = self.projects.get(spec.project or "")
            start, frequency = realisation_start(b, project), spec.frequency.value
            ramp = partial(s_curve_profile, spec.baseline, b.baseline_date, spec.target)
            points: list[Point] = []
            if spec.plan == "s-curve":
                points = ramp(b.target_date, start, frequency)
                self.plan_version(b, 1, points, "Business case: S-curve ramp-up", b.defined_on)
            elif spec.plan == "custom":
                points = [Point(cal.month_end(k), v) for k, v in spec.custom_plan]
                self.plan_version(b, 1, points, "Business case: licences phased in", b.defined_on)
            elif spec.plan == "rebaselined":  # v1 followed the planned go-live
                assert project is not None and project.planned_go_live is not None
                original_target = cal.month_end(spec.target_at - 6)
                original = ramp(original_target, project.planned_go_live, frequency)
                self.plan_version(b, 1, original, "Business case: S-curve ramp-up", b.defined_on)
                points = ramp(b.target_date, start, frequency)
                decided = cal.month_start(cast.REBASELINE_DECIDED_AT) + timedelta(days=9)
                self.plan_version(b, 2, points, cast.REBASELINE_REASON, decided)
            self.curves[spec.code] = PlanCurve(
                plan_vertices(
                    BenefitInput(
                        code=spec.code,
                        dis_benefit=spec.kind is BenefitKind.DIS_BENEFIT,
                        baseline=spec.baseline,
                        baseline_date=b.baseline_date,
                        target=spec.target,
                        target_date=b.target_date,
                        realisation_start=start,
                        frequency=frequency,
                        financial_value=spec.financial_value,
                        lifecycle=spec.lifecycle.value,
                        plan=tuple(points),
                    )
                )
            )

    def add_indicators(self) -> None:
        """Leading indicators; each one's plan is the line from its baseline to its target."""
        cal = self.cal
        for spec in cast.INDICATORS:
            indicator = Indicator(
                code=spec.code,
                benefit_id=self.benefit_id(spec.benefit),
                name=spec.name,
                unit=spec.unit,
                baseline=spec.baseline,
                baseline_date=cal.month_start(spec.baseline_at),
                target=spec.target,
                target_date=cal.month_end(spec.target_at),
                frequency=Frequency.MONTHLY,
                data_source=spec.data_source,
            )
            self.indicators[spec.code] = indicator
            line = IndicatorInput(
                code=spec.code,
                name=spec.name,
                baseline=spec.baseline,
                baseline_date=indicator.baseline_date,
                target=spec.target,
                target_date=indicator.target_date,
            )
            self.curves[spec.code] = PlanCurve(indicator_vertices(line))
        self.session.add_all(self.indicators.values())
        self.session.flush()

    def series(
        self,
        owner: tuple[str, str],
        curve: PlanCurve,
        dates: Sequence[date],
        spec: cast.BenefitSpec | cast.IndicatorSpec,
        person: str | None,
        sign: int,
    ) -> list[Figure]:
        """The figures of one benefit or indicator, with where each came from.

        Each figure is the planned value moved by the story's gap plus clipped noise. The
        latest figure's noise is held within one point, so the status the cast intends
        cannot be tipped over a threshold by chance.
        """
        figures: list[Figure] = []
        span = spec.target - spec.baseline
        for i, d in enumerate(dates):
            bound = min(1.0, spec.noise) if i == len(dates) - 1 else 2 * spec.noise
            jitter = max(-bound, min(bound, self.rng.gauss(0.0, spec.noise)))
            gap = interpolate(spec.gaps, self.cal.months_from_last(d)) + jitter
            planned = (curve.at(d) - spec.baseline) / span
            value = round(spec.baseline + span * (planned + sign * gap / 100), spec.decimals)
            by, batch = PMO_USER, None
            if spec.source is MeasurementSource.MANUAL:  # typed in a few days after
                typed = d + self.rng.randint(1, 9) * ONE_DAY
                at = self.cal.stamp(typed, self.rng.randint(8, 17), self.rng.randint(0, 59))
                by = user_name(person or cast.PMO_LEAD)
            elif spec.source is MeasurementSource.IMPORT:  # the PMO's monthly workbook
                at = self.cal.stamp(d + 6 * ONE_DAY, 10, 15)
                batch = f"Northwind benefits return {d:%Y-%m}.xlsx"
            else:  # a nightly sync run per operational source
                at = self.cal.stamp(d + ONE_DAY, 2, 30)
                batch = f"{spec.data_source} {d:%Y-%m}"
            figures.append(Figure(owner, d, value, spec.source, at, by, batch))
        return figures

    def add_figures(self) -> None:
        """Measurements of benefits and indicators, filed under their import/sync runs."""
        figures: list[Figure] = []
        for spec in cast.BENEFITS:
            if spec.measured is not None:
                dates = self.cal.periods(spec.frequency.value, spec.measured)
                sign = -1 if spec.kind is BenefitKind.DIS_BENEFIT else 1
                owner = ("benefit", spec.code)
                figures += self.series(owner, self.curves[spec.code], dates, spec, spec.owner, sign)
        owners = {spec.code: spec.owner for spec in cast.BENEFITS}
        for ind in cast.INDICATORS:
            if ind.measured is not None:
                dates = self.cal.periods("monthly", ind.measured)
                owner = ("indicator", ind.code)
                curve = self.curves[ind.code]
                figures += self.series(owner, curve, dates, ind, owners[ind.benefit], 1)
        batch_ids = self.add_batches(figures)
        for f in figures:
            kind, code = f.owner
            common: dict[str, Any] = {
                "date": f.date,
                "value": f.value,
                "source": f.source,
                "recorded_at": f.recorded_at,
                "recorded_by": f.recorded_by,
                "batch_id": batch_ids.get(f.batch or ""),
            }
            if kind == "benefit":
                self.session.add(Measurement(benefit_id=self.benefit_id(code), **common))
            else:
                self.session.add(
                    IndicatorMeasurement(indicator_id=self.indicator_id(code), **common)
                )
        self.session.flush()

    def add_batches(self, figures: Sequence[Figure]) -> dict[str, int]:
        """One ImportBatch per workbook or sync run, created with its final row counts."""
        runs: dict[str, list[Figure]] = {}
        for f in figures:
            if f.batch is not None:
                runs.setdefault(f.batch, []).append(f)
        batches: dict[str, ImportBatch] = {}
        for name, rows in sorted(runs.items(), key=lambda item: (item[1][0].recorded_at, item[0])):
            imported = rows[0].source is MeasurementSource.IMPORT
            system = name.rsplit(" ", 1)[0]  # a sync run is named "<source> <month>"
            batches[name] = ImportBatch(
                kind=BatchKind.IMPORT if imported else BatchKind.SYNC,
                file_name=name if imported else None,
                sha256=hashlib.sha256(name.encode()).hexdigest() if imported else None,
                profile=None if imported else system,
                source=f"PMO shared drive/Benefits/{name}" if imported else system,
                created_at=rows[0].recorded_at,
                created_by=PMO_USER,
                rows_read=len(rows),
                rows_added=len(rows),
            )
        self.session.add_all(batches.values())
        self.session.flush()
        return {name: batch.id for name, batch in batches.items() if batch.id is not None}

    def add_notes_actions_activities(self) -> None:
        cal = self.cal
        for code, period, cause, explanation in cast.VARIANCE_NOTES:
            self.session.add(
                VarianceNote(
                    benefit_id=self.benefit_id(code),
                    period=cal.month_end(period),
                    cause=cause,
                    explanation=explanation,
                )
            )
        for code, title, owner, due, status, outcome in cast.ACTIONS:
            self.session.add(
                CorrectiveAction(
                    benefit_id=self.benefit_id(code),
                    title=title,
                    owner_id=self.person_id(owner),
                    due_date=cal.day(due),
                    status=status,
                    outcome=outcome,
                )
            )
        for code, title, kind, owner, due, done, status in cast.ACTIVITIES:
            self.session.add(
                Activity(
                    benefit_id=self.benefit_id(code),
                    title=title,
                    kind=kind,
                    owner_id=self.person_id(owner),
                    due_date=cal.day(due),
                    done_date=None if done is None else cal.day(done),
                    status=status,
                )
            )
        self.session.flush()

    def restate_one_figure(self) -> None:
        """Correct one figure after it was entered, so the audit log has a story to show."""
        benefit = self.benefits["B-002"]
        period = self.cal.month_end(-3)
        figure = self.session.exec(
            select(Measurement).where(
                Measurement.benefit_id == benefit.id, Measurement.date == period
            )
        ).one()
        figure.value = round(figure.value - 0.8, 1)
        figure.note = f"Restated after Finance validated the {period:%B} close"
        self.session.flush()
