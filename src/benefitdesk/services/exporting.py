"""Export a portfolio as the canonical workbook (docs/workbook.md).

The whole export reads one consistent snapshot (one read transaction) and streams the
large sheets (measurements, plan points) from the database into the file, so a
portfolio of a million measurements is exported without holding them in memory.
The file appears only when complete: a failed or cancelled export leaves the target
as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benefitdesk.exchange.export import SheetRows, write_canonical
from benefitdesk.exchange.template import Series as TemplateSeries
from benefitdesk.exchange.template import write_template
from benefitdesk.model import (
    Activity,
    Benefit,
    CorrectiveAction,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    Person,
    PlanPoint,
    PortfolioSettings,
    Project,
    Stakeholder,
    VarianceNote,
)
from benefitdesk.progress import CancelCheck, Cancelled, Progress
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.inputs import realisation_start
from benefitdesk.store import Store

__all__ = [
    "Cancelled",
    "ExportResult",
    "TemplateData",
    "TemplateResult",
    "collection_template",
    "export_portfolio",
    "portfolio_rows",
    "template_data",
]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: dict[str, int]  # sheet name → data rows
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _v(value: Any) -> Any:
    """An enumeration as its lower-case value; anything else as it is."""
    return value.value if hasattr(value, "value") else value


def _day(cache: dict[Any, date]) -> Callable[[Any], date | None]:
    """ISO text (what SQLite returns at the driver level) or a date, as a date."""

    def convert(value: Any) -> date | None:
        if value is None or isinstance(value, date):
            return value
        found = cache.get(value)
        if found is None:
            found = cache[value] = date.fromisoformat(value[:10])
        return found

    return convert


def _table(model: Any) -> Any:
    return model.__table__


class _Reader:
    """The rows of each canonical sheet, read in one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.people = {r.id: r.name for r in session.execute(select(_table(Person)))}
        self.projects = {r.id: r.code for r in session.execute(select(_table(Project)))}
        b = _table(Benefit)
        self.benefits = {r.id: r.code for r in session.execute(select(b.c.id, b.c.code))}
        i = _table(Indicator)
        self.indicators = {r.id: r.code for r in session.execute(select(i.c.id, i.c.code))}
        self.dates: dict[Any, date] = {}

    def name(self, person_id: int | None) -> str | None:
        return self.people.get(person_id) if person_id is not None else None

    def settings(self) -> list[tuple[Any, ...]]:
        s = self.session.execute(select(_table(PortfolioSettings))).first()
        if s is None:
            return []
        return [
            ("name", s.name),
            ("currency", s.currency),
            ("amber_pct", s.amber_pct),
            ("red_pct", s.red_pct),
            ("forecast_window", s.forecast_window),
        ]

    def people_rows(self) -> list[tuple[Any, ...]]:
        p = _table(Person)
        query = select(p.c.name, p.c.email, p.c.role).order_by(p.c.name)
        return [tuple(r) for r in self.session.execute(query)]

    def project_rows(self) -> list[tuple[Any, ...]]:
        query = select(_table(Project)).order_by(_table(Project).c.code)
        return [
            (
                r.code,
                r.name,
                self.name(r.sponsor_id),
                self.name(r.manager_id),
                _v(r.status),
                r.approval_date,
                r.planned_go_live,
                r.actual_go_live,
                r.budget,
                r.actual_cost,
                r.percent_complete,
                _v(r.delivery_rag),
            )
            for r in self.session.execute(query)
        ]

    def benefit_rows(self) -> list[tuple[Any, ...]]:
        query = select(_table(Benefit)).order_by(_table(Benefit).c.code)
        return [
            (
                r.code,
                r.title,
                self.projects.get(r.project_id) if r.project_id else None,
                r.objective,
                _v(r.kind),
                _v(r.category),
                _v(r.classification),
                r.description,
                r.measure,
                r.unit,
                r.baseline,
                r.baseline_date,
                r.target,
                r.target_date,
                r.tolerance,
                r.realisation_start,
                r.tracking_end,
                self.name(r.owner_id),
                r.data_source,
                _v(r.frequency),
                r.financial_value,
                _v(r.confidence),
                _v(r.status),
                r.defined_on,
                r.sustainment,
                r.notes,
            )
            for r in self.session.execute(query)
        ]

    def indicator_rows(self) -> list[tuple[Any, ...]]:
        query = select(_table(Indicator)).order_by(_table(Indicator).c.code)
        return [
            (
                r.code,
                self.benefits.get(r.benefit_id),
                r.name,
                r.unit,
                r.baseline,
                r.baseline_date,
                r.target,
                r.target_date,
                _v(r.frequency),
                r.data_source,
            )
            for r in self.session.execute(query)
        ]

    def _by_benefit(self, model: Any, order: str) -> list[Any]:
        """Rows of a table hanging off a benefit, in benefit-code order."""
        t, b = _table(model), _table(Benefit)
        query = select(t).join(b, b.c.id == t.c.benefit_id).order_by(b.c.code, t.c[order], t.c.id)
        return list(self.session.execute(query))

    def note_rows(self) -> list[tuple[Any, ...]]:
        return [
            (self.benefits[r.benefit_id], r.period, _v(r.cause), r.explanation)
            for r in self._by_benefit(VarianceNote, "period")
        ]

    def action_rows(self) -> list[tuple[Any, ...]]:
        return [
            (
                self.benefits[r.benefit_id],
                r.title,
                self.name(r.owner_id),
                r.due_date,
                r.done_date,
                _v(r.status),
                r.outcome,
            )
            for r in self._by_benefit(CorrectiveAction, "id")
        ]

    def activity_rows(self) -> list[tuple[Any, ...]]:
        return [
            (
                self.benefits[r.benefit_id],
                r.title,
                _v(r.kind),
                self.name(r.owner_id),
                r.due_date,
                r.done_date,
                _v(r.status),
            )
            for r in self._by_benefit(Activity, "id")
        ]

    def stakeholder_rows(self) -> list[tuple[Any, ...]]:
        return [
            (self.benefits[r.benefit_id], self.name(r.person_id), _v(r.role))
            for r in self._by_benefit(Stakeholder, "id")
        ]

    def _count(self, model: Any) -> int:
        return int(self.session.execute(select(func.count()).select_from(_table(model))).scalar())

    def _stream(self, sql: str, shape: Callable[[Sequence[Any]], tuple[Any, ...]]) -> Iterator:
        """Rows of a large sheet at the driver level, fetched in chunks (no per-value
        type processing: on a million rows it halves the export's reading time)."""
        result = self.session.connection().exec_driver_sql(sql)
        while chunk := result.fetchmany(10_000):
            for row in chunk:
                yield shape(row)

    def plan(self) -> SheetRows:
        day = _day(self.dates)
        sql = (
            "SELECT b.code, v.version, p.date, p.value, v.reason FROM plan_point p "
            "JOIN plan_version v ON v.id = p.plan_version_id "
            "JOIN benefit b ON b.id = v.benefit_id ORDER BY b.code, v.version, p.date"
        )
        return self._count(PlanPoint), self._stream(
            sql, lambda r: (r[0], r[1], day(r[2]), r[3], r[4])
        )

    def measurements(self) -> SheetRows:
        day = _day(self.dates)
        sql = (
            "SELECT b.code, m.date, m.value, m.source, m.note FROM benefit b "
            "JOIN measurement m ON m.benefit_id = b.id ORDER BY b.code, m.date"
        )
        return self._count(Measurement), self._stream(
            sql, lambda r: (r[0], day(r[1]), r[2], r[3], r[4])
        )

    def indicator_measurements(self) -> SheetRows:
        day = _day(self.dates)
        sql = (
            "SELECT i.code, m.date, m.value, m.source, m.note FROM indicator i "
            "JOIN indicator_measurement m ON m.indicator_id = i.id ORDER BY i.code, m.date"
        )
        return self._count(IndicatorMeasurement), self._stream(
            sql, lambda r: (r[0], day(r[1]), r[2], r[3], r[4])
        )


def _sized(rows: list[tuple[Any, ...]]) -> SheetRows:
    return len(rows), rows


def portfolio_rows(session: Session) -> dict[str, SheetRows]:
    """Every canonical sheet's rows, by sheet kind (large sheets streamed lazily)."""
    reader = _Reader(session)
    return {
        "settings": _sized(reader.settings()),
        "people": _sized(reader.people_rows()),
        "projects": _sized(reader.project_rows()),
        "benefits": _sized(reader.benefit_rows()),
        "plan": reader.plan(),
        "measurements": reader.measurements(),
        "indicators": _sized(reader.indicator_rows()),
        "indicator_measurements": reader.indicator_measurements(),
        "variance_notes": _sized(reader.note_rows()),
        "actions": _sized(reader.action_rows()),
        "activities": _sized(reader.activity_rows()),
        "stakeholders": _sized(reader.stakeholder_rows()),
    }


def _check_target(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise ServiceError(f"{path.name}: the canonical workbook is an .xlsx file")
    if path.is_dir():
        raise ServiceError(f"{path} is a folder; give a file name ending in .xlsx")
    if not path.parent.is_dir():
        raise ServiceError(f"{path.parent} does not exist")
    if path.exists() and not os.access(path, os.W_OK):
        raise ServiceError(f"{path} cannot be overwritten (read-only, or open in Excel?)")


def export_portfolio(
    store: Store,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write the canonical workbook of `store` to `path` (an .xlsx file).

    `progress(done, total)` counts rows; `cancelled()` is polled between chunks and a
    cancelled export raises `Cancelled`, leaving `path` as it was.
    """
    target = Path(path)
    _check_target(target)
    started = time.perf_counter()
    with store.reading() as session:
        data = portfolio_rows(session)
        total = sum(count for count, _rows in data.values())
        done = 0

        def tick(rows: int) -> None:
            nonlocal done
            done += rows
            if progress is not None:
                progress(done, total)

        settings = dict(data["settings"][1])
        name = settings.get("name") or "Portfolio"
        counts = write_canonical(
            target,
            data,
            title=f"{name} — BenefitDesk export",
            tick=tick,
            cancelled=cancelled,
        )
    return ExportResult(target, counts, time.perf_counter() - started)


# --- the collection template -------------------------------------------------------------


@dataclass(frozen=True)
class TemplateResult:
    path: Path
    owner: str | None
    benefit_rows: int  # benefit figures asked for
    indicator_rows: int  # indicator figures asked for
    seconds: float


def _latest(session: Session, model: Any, owner: str) -> dict[int, tuple[date, float]]:
    """The last figure of every benefit (or indicator): one GROUP BY over the index."""
    t = _table(model)
    last = (
        select(t.c[owner].label("owner"), func.max(t.c.date).label("day"))
        .group_by(t.c[owner])
        .subquery()
    )
    query = select(t.c[owner], t.c.date, t.c.value).join(
        last, (last.c.owner == t.c[owner]) & (last.c.day == t.c.date)
    )
    return {r[0]: (r[1], r[2]) for r in session.execute(query)}


def _owner_id(session: Session, owner: str) -> tuple[int, str]:
    wanted = " ".join(owner.split()).casefold()
    people = list(session.execute(select(_table(Person).c.id, _table(Person).c.name)))
    for person in people:
        if " ".join(person.name.split()).casefold() == wanted:
            return person.id, person.name
    close = get_close_matches(owner, [p.name for p in people], n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ServiceError(f'There is no person named "{owner}" in the portfolio{hint}')


@dataclass(frozen=True)
class TemplateData:
    """What collection templates ask for: each series with its owner's person id."""

    portfolio: str
    benefits: list[tuple[int | None, TemplateSeries]]
    indicators: list[tuple[int | None, TemplateSeries]]  # owned by their benefit's owner


def template_data(session: Session, owner_id: int | None = None) -> TemplateData:
    """The approved and tracking benefits (of ``owner_id``, or everyone's) and their
    indicators, with their last figures: one read for any number of templates."""
    settings = session.execute(select(_table(PortfolioSettings))).first()
    projects = {r.id: r for r in session.execute(select(_table(Project)))}
    b = _table(Benefit)
    query = select(b).where(b.c.status.in_(("approved", "tracking"))).order_by(b.c.code)
    if owner_id is not None:
        query = query.where(b.c.owner_id == owner_id)
    benefits = list(session.execute(query))
    latest = _latest(session, Measurement, "benefit_id")
    benefit_series = []
    for r in benefits:
        last = latest.get(r.id)
        series = TemplateSeries(
            r.code,
            r.title,
            r.measure,
            r.unit,
            _v(r.frequency),
            realisation_start(r, projects.get(r.project_id)),
            r.tracking_end,
            last[0] if last else None,
            last[1] if last else None,
            r.target,
        )
        benefit_series.append((r.owner_id, series))
    by_id = {r.id: r for r in benefits}
    i = _table(Indicator)
    indicators = session.execute(
        select(i).where(i.c.benefit_id.in_(sorted(by_id))).order_by(i.c.code)
    )
    latest_indicators = _latest(session, IndicatorMeasurement, "indicator_id")
    indicator_series = []
    for r in indicators:
        benefit = by_id[r.benefit_id]
        last = latest_indicators.get(r.id)
        series = TemplateSeries(
            r.code,
            r.name,
            benefit.code,
            r.unit,
            _v(r.frequency or benefit.frequency),
            r.baseline_date or realisation_start(benefit, projects.get(benefit.project_id)),
            benefit.tracking_end,
            last[0] if last else None,
            last[1] if last else None,
            r.target,
        )
        indicator_series.append((benefit.owner_id, series))
    name = settings.name if settings else "Portfolio"
    return TemplateData(name, benefit_series, indicator_series)


def collection_template(
    store: Store,
    path: str | os.PathLike[str],
    *,
    owner: str | None = None,
    as_of: date | None = None,
    cancelled: CancelCheck | None = None,
) -> TemplateResult:
    """Write the collection workbook for `owner` (or every owner): the approved and
    tracking benefits and their indicators, with the periods due up to `as_of`."""
    target = Path(path)
    _check_target(target)
    started = time.perf_counter()
    day = as_of or date.today()
    with store.reading() as session:
        owner_id, owner_name = _owner_id(session, owner) if owner else (None, None)
        data = template_data(session, owner_id)
    rows = write_template(
        target,
        portfolio=data.portfolio,
        owner=owner_name,
        as_of=day,
        benefits=[s for _owner, s in data.benefits],
        indicators=[s for _owner, s in data.indicators],
        cancelled=cancelled,
    )
    return TemplateResult(target, owner_name, rows[0], rows[1], time.perf_counter() - started)
