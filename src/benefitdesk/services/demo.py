"""The demo portfolio: the first thing a new user sees, so it must look lived in.

Northwind Group's portfolio (``demo_cast``) is written through the ORM in one audited
transaction, so the demo also shows a real audit trail. Every date is placed relative to
*today*, so the demo always looks current, and all randomness comes from one
``random.Random(seed)``: the same seed and the same *today* give the same portfolio.
"""

from __future__ import annotations

import calendar
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session, select

from benefitdesk.analysis.evaluate import indicator_vertices
from benefitdesk.analysis.periods import period_end, period_ends_between
from benefitdesk.analysis.plan import PlanCurve, plan_vertices, s_curve_profile
from benefitdesk.analysis.types import BenefitInput, IndicatorInput, Point
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
from benefitdesk.services import demo_cast as cast
from benefitdesk.store import Store

ONE_DAY = timedelta(days=1)
DAYS_PER_MONTH = 30.4375


class DemoError(Exception):
    """The demo cannot be created where asked; the message is fit to show a user."""


def create_demo(path: Path | str, *, today: date | None = None, seed: int = 7) -> Store:
    """Create Northwind Group's demo portfolio at ``path`` and return it open.

    Refuses to touch an existing non-empty file: a demo must never replace someone's
    real portfolio. If building fails the half-made file is removed again.
    """
    path = Path(path)
    refuse_existing(path)
    store = Store(path, create=True)
    try:
        with store.transaction() as session:
            DemoBuilder(session, today or date.today(), seed).build()
    except BaseException:
        store.close()
        remove_portfolio(path)
        raise
    return store


def refuse_existing(path: Path) -> None:
    """Raise DemoError when ``path`` is a folder or a non-empty file."""
    if path.is_dir():
        raise DemoError(f"{path} is a folder; give a file name for the demo portfolio")
    if path.exists() and path.stat().st_size > 0:
        raise DemoError(
            f"{path} already exists; the demo never overwrites a file. "
            "Choose a new file name or remove the old file first."
        )


def remove_portfolio(path: Path) -> None:
    """Remove a portfolio file with its WAL side files (after a failed build)."""
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def user_name(person: str) -> str:
    """A plausible login name: ``Alice Chen`` → ``achen``."""
    first, *rest = person.lower().split()
    return first[0] + "".join(rest).replace("'", "")


def email(person: str) -> str:
    return ".".join(person.lower().split()) + "@" + cast.EMAIL_DOMAIN


def interpolate(knots: Sequence[tuple[float, float]], x: float) -> float:
    """Piecewise-linear through ``knots`` (sorted by x), flat outside them."""
    if x <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in zip(knots, knots[1:], strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


@dataclass(frozen=True, slots=True)
class Calendar:
    """Turns the cast's month and day offsets into dates around *today*."""

    today: date

    @property
    def last(self) -> date:
        """The last month end before today: the newest closed reporting month."""
        return self.today.replace(day=1) - ONE_DAY

    def month_end(self, offset: int) -> date:
        year, month = divmod(self.last.year * 12 + self.last.month - 1 + offset, 12)
        return date(year, month + 1, calendar.monthrange(year, month + 1)[1])

    def month_start(self, offset: int) -> date:
        return self.month_end(offset).replace(day=1)

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def months_from_last(self, d: date) -> float:
        return (d - self.last).days / DAYS_PER_MONTH

    def periods(self, frequency: str, span: tuple[int, int]) -> list[date]:
        """Period ends from the start of month ``span[0]`` to month ``span[1]``.

        A span ending at 0 runs to yesterday, so every closed period has a figure.
        """
        first, last = span
        end = self.today - ONE_DAY if last >= 0 else self.month_end(last)
        return period_ends_between(self.month_start(first), end, frequency)

    def stamp(self, d: date, hour: int, minute: int = 0) -> datetime:
        """A UTC timestamp on ``d`` (never after today)."""
        return datetime.combine(min(d, self.today), time(hour, minute), tzinfo=UTC)


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
    curves: dict[str, PlanCurve] = field(default_factory=dict)
    batches: dict[tuple[str, str], ImportBatch] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cal = Calendar(self.today)
        self.rng = random.Random(self.seed)

    def build(self) -> None:
        self.settings()
        self.add_people()
        self.add_projects()
        self.add_benefits()
        self.add_plans()
        self.add_measurements()
        self.add_indicators()
        self.add_notes_actions_activities()
        self.restate_one_figure()
        for batch in self.batches.values():
            batch.rows_read = batch.rows_added = batch.rows_added or 0

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
                approval_date=None
                if spec.approval is None
                else cal.month_start(spec.approval) + timedelta(days=17),
                planned_go_live=None
                if spec.planned_go_live is None
                else cal.month_start(spec.planned_go_live),
                actual_go_live=None
                if spec.actual_go_live is None
                else cal.month_start(spec.actual_go_live),
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
            benefit = Benefit(
                code=spec.code,
                project_id=project.id if project else None,
                title=spec.title,
                description=spec.description,
                kind=spec.kind,
                category=spec.category,
                classification=spec.classification,
                measure=spec.measure,
                unit=spec.unit,
                baseline=spec.baseline,
                baseline_date=period_end(cal.month_end(spec.baseline_at), frequency),
                target=spec.target,
                target_date=period_end(cal.month_end(spec.target_at), frequency),
                realisation_start=None
                if spec.realisation_start is None
                else cal.month_start(spec.realisation_start),
                tracking_end=None if spec.tracking_end is None else cal.month_end(spec.tracking_end),
                owner_id=self.person_id(spec.owner),
                data_source=spec.data_source,
                frequency=spec.frequency,
                financial_value=spec.financial_value,
                confidence=spec.confidence,
                status=spec.lifecycle,
                defined_on=(approved or cal.day(-20)) + timedelta(days=spec.defined),
                objective=spec.objective,
                sustainment=spec.sustainment,
                notes=spec.notes,
            )
            self.benefits[spec.code] = benefit
        self.session.add_all(self.benefits.values())
        self.session.flush()
        for spec in cast.BENEFITS:
            benefit_id = self.benefits[spec.code].id
            assert benefit_id is not None
            team = [(spec.owner, Raci.ACCOUNTABLE)] if spec.owner else []
            for name, role in [*team, *spec.team]:
                person_id = self.person_id(name)
                assert person_id is not None
                self.session.add(Stakeholder(benefit_id=benefit_id, person_id=person_id, role=role))

    def effective_start(self, benefit: Benefit) -> date | None:
        """The realisation start by DESIGN.md's default chain."""
        if benefit.realisation_start is not None:
            return benefit.realisation_start
        project = next((p for p in self.projects.values() if p.id == benefit.project_id), None)
        if project is not None and (project.actual_go_live or project.planned_go_live):
            return project.actual_go_live or project.planned_go_live
        return benefit.baseline_date

    def plan_version(
        self, benefit: Benefit, version: int, points: Sequence[Point], reason: str, at: date
    ) -> None:
        plan = PlanVersion(
            benefit_id=benefit.id, version=version, reason=reason, created_at=self.cal.stamp(at, 9)
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
            start, frequency = self.effective_start(b), spec.frequency.value
            points: list[Point] = []
            if spec.plan == "s-curve":
                points = s_curve_profile(
                    spec.baseline, b.baseline_date, spec.target, b.target_date, start, frequency
                )
                self.plan_version(b, 1, points, "Business case: S-curve ramp-up", b.defined_on)
            elif spec.plan == "custom":
                points = [Point(cal.month_end(k), v) for k, v in spec.custom_plan]
                self.plan_version(b, 1, points, "Business case: licences phased in", b.defined_on)
            elif spec.plan == "rebaselined":
                project = self.projects[spec.project or ""]
                assert project.planned_go_live is not None
                original_target = cal.month_end(spec.target_at - 6)
                original = s_curve_profile(
                    spec.baseline,
                    b.baseline_date,
                    spec.target,
                    original_target,
                    project.planned_go_live,
                    frequency,
                )
                self.plan_version(b, 1, original, "Business case: S-curve ramp-up", b.defined_on)
                points = s_curve_profile(
                    spec.baseline, b.baseline_date, spec.target, b.target_date, start, frequency
                )
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

    def figure(
        self,
        curve: PlanCurve,
        d: date,
        baseline: float,
        target: float,
        *,
        gaps: Sequence[tuple[float, float]],
        noise: float,
        decimals: int,
        sign: int,
        latest: bool,
    ) -> float:
        """Planned value at ``d`` moved by the story's gap plus clipped noise.

        The latest figure's noise is held within one point so that the status the cast
        intends cannot be tipped over a threshold by chance.
        """
        bound = min(1.0, noise) if latest else 2 * noise
        jitter = max(-bound, min(bound, self.rng.gauss(0.0, noise)))
        gap = interpolate(gaps, self.cal.months_from_last(d)) + jitter
        planned = (curve.at(d) - baseline) / (target - baseline)
        return round(baseline + (target - baseline) * (planned + sign * gap / 100.0), decimals)

    def batch_for(self, source: MeasurementSource, d: date, profile: str) -> ImportBatch | None:
        """The import or sync run that brought in a figure dated ``d``.

        The PMO imports one monthly returns workbook; syncs run nightly per source.
        """
        if source is MeasurementSource.MANUAL:
            return None
        month = f"{d:%Y-%m}"
        if source is MeasurementSource.IMPORT:
            key = (source.value, f"Northwind benefits return {month}.xlsx")
            kind, name, prof, at = BatchKind.IMPORT, key[1], None, self.cal.stamp(d + 6 * ONE_DAY, 10, 15)
        else:
            key = (source.value, f"{profile} {month}")
            kind, name, prof, at = BatchKind.SYNC, None, profile, self.cal.stamp(d + ONE_DAY, 2, 30)
        batch = self.batches.get(key)
        if batch is None:
            batch = ImportBatch(
                kind=kind,
                file_name=name,
                sha256=hashlib.sha256(key[1].encode()).hexdigest(),
                profile=prof,
                source=profile,
                created_at=at,
                created_by=user_name(cast.PMO_LEAD),
                rows_added=0,
            )
            self.session.add(batch)
            self.session.flush()
            self.batches[key] = batch
        batch.rows_added += 1
        return batch

    def provenance(
        self, source: MeasurementSource, d: date, owner: str | None, profile: str
    ) -> tuple[datetime, str, int | None]:
        """(recorded at, recorded by, batch id) for a figure dated ``d``."""
        batch = self.batch_for(source, d, profile)
        if batch is not None:
            assert batch.created_at is not None
            hour = 2 if source is MeasurementSource.SYNC else 10
            offset = 1 if source is MeasurementSource.SYNC else 6
            return self.cal.stamp(d + offset * ONE_DAY, hour, 30), user_name(cast.PMO_LEAD), batch.id
        typed = self.cal.stamp(
            d + self.rng.randint(1, 9) * ONE_DAY, self.rng.randint(8, 17), self.rng.randint(0, 59)
        )
        return typed, user_name(owner or cast.PMO_LEAD), None

    def add_measurements(self) -> None:
        for spec in cast.BENEFITS:
            if spec.measured is None:
                continue
            benefit = self.benefits[spec.code]
            dates = self.cal.periods(spec.frequency.value, spec.measured)
            sign = -1 if spec.kind is BenefitKind.DIS_BENEFIT else 1
            for i, d in enumerate(dates):
                value = self.figure(
                    self.curves[spec.code],
                    d,
                    spec.baseline,
                    spec.target,
                    gaps=spec.gaps,
                    noise=spec.noise,
                    decimals=spec.decimals,
                    sign=sign,
                    latest=i == len(dates) - 1,
                )
                at, by, batch_id = self.provenance(spec.source, d, spec.owner, spec.data_source or "")
                self.session.add(
                    Measurement(
                        benefit_id=benefit.id,
                        date=d,
                        value=value,
                        source=spec.source,
                        recorded_at=at,
                        recorded_by=by,
                        batch_id=batch_id,
                    )
                )
        self.session.flush()

    def add_indicators(self) -> None:
        cal = self.cal
        owners = {spec.code: spec.owner for spec in cast.BENEFITS}
        for spec in cast.INDICATORS:
            indicator = Indicator(
                code=spec.code,
                benefit_id=self.benefits[spec.benefit].id,
                name=spec.name,
                unit=spec.unit,
                baseline=spec.baseline,
                baseline_date=cal.month_start(spec.baseline_at),
                target=spec.target,
                target_date=cal.month_end(spec.target_at),
                frequency=Frequency.MONTHLY,
                data_source=spec.data_source,
            )
            self.session.add(indicator)
            self.session.flush()
            if spec.measured is None:
                continue
            curve = PlanCurve(
                indicator_vertices(
                    IndicatorInput(
                        code=spec.code,
                        name=spec.name,
                        baseline=spec.baseline,
                        baseline_date=indicator.baseline_date,
                        target=spec.target,
                        target_date=indicator.target_date,
                    )
                )
            )
            dates = cal.periods("monthly", spec.measured)
            for i, d in enumerate(dates):
                value = self.figure(
                    curve,
                    d,
                    spec.baseline,
                    spec.target,
                    gaps=spec.gaps,
                    noise=spec.noise,
                    decimals=spec.decimals,
                    sign=1,
                    latest=i == len(dates) - 1,
                )
                at, by, batch_id = self.provenance(
                    spec.source, d, owners[spec.benefit], spec.data_source
                )
                self.session.add(
                    IndicatorMeasurement(
                        indicator_id=indicator.id,
                        date=d,
                        value=value,
                        source=spec.source,
                        recorded_at=at,
                        recorded_by=by,
                        batch_id=batch_id,
                    )
                )
        self.session.flush()

    def add_notes_actions_activities(self) -> None:
        cal = self.cal
        for code, period, cause, explanation in cast.VARIANCE_NOTES:
            self.session.add(
                VarianceNote(
                    benefit_id=self.benefits[code].id,
                    period=cal.month_end(period),
                    cause=cause,
                    explanation=explanation,
                )
            )
        for code, title, owner, due, status, outcome in cast.ACTIONS:
            self.session.add(
                CorrectiveAction(
                    benefit_id=self.benefits[code].id,
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
                    benefit_id=self.benefits[code].id,
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
