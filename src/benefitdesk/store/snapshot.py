"""Load what a screen or report needs in a constant number of queries.

Rows come back as SQLAlchemy ``Row`` objects (attribute access, no ORM identity map):
measured on 10k benefits, ORM objects add ~0.3 s for nothing a reader needs.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Row, Table, and_, func, literal, select
from sqlalchemy.orm import Session

from benefitdesk.analysis.types import make_point
from benefitdesk.model import (
    Activity,
    Benefit,
    CorrectiveAction,
    ImportProfile,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    Person,
    PlanPoint,
    PlanVersion,
    PortfolioSettings,
    Project,
    Stakeholder,
    VarianceNote,
)
from benefitdesk.store.figures import Series, _Days


def table(model: Any) -> Table:
    """The Core table of a SQLModel class (its ``__table__``, which SQLModel leaves untyped)."""
    found: Table = model.__table__
    return found


@dataclass
class Snapshot:
    """A consistent read of a whole portfolio (or of the figures a report needs)."""

    settings: Any
    people: dict[int, Row[Any]]
    projects: dict[int, Row[Any]]
    benefits: list[Row[Any]]  # in code order
    plans: dict[int, dict[int, Series]]  # benefit id -> version -> points by date
    plan_reasons: dict[tuple[int, int], str | None]
    measurements: dict[int, Series]  # benefit id -> (date, value) by date
    indicators: dict[int, list[Row[Any]]]  # benefit id -> indicators in code order
    indicator_measurements: dict[int, Series]
    notes: list[Row[Any]]
    actions: list[Row[Any]]
    activities: list[Row[Any]]
    stakeholders: list[Row[Any]]
    automated_codes: set[str] = field(default_factory=set)
    #: (benefit id, version) -> when that plan version was saved (re-baselines by date).
    plan_created: dict[tuple[int, int], datetime] = field(default_factory=dict)

    def person_name(self, person_id: int | None) -> str | None:
        person = self.people.get(person_id) if person_id is not None else None
        return person.name if person else None

    def project_of(self, benefit: Row[Any]) -> Row[Any] | None:
        return self.projects.get(benefit.project_id) if benefit.project_id else None


def _driver_rows(session: Session, query: Any) -> list[Any]:
    """Run a Core query at the driver level: no per-value type processing.

    The bulk series (plan points, measurements) are the largest reads of a report;
    SQLAlchemy's result processing would double their cost. Dates come as the driver
    gives them: ISO text from SQLite (``_as_date`` makes them dates).
    """
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    sqlite = connection.dialect.name == "sqlite"

    def bind(value: Any) -> Any:
        return value.isoformat() if sqlite and isinstance(value, date) else value

    params = compiled.params
    arguments: Any = (
        tuple(bind(params[k]) for k in compiled.positiontup)
        if compiled.positiontup
        else {k: bind(v) for k, v in params.items()}
    )
    # The DB-API cursor itself: SQLAlchemy's Result would add 40 % to 200,000 rows.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), arguments)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _as_date(sample: Any) -> Callable[[Any], date]:
    """How the driver's dates like ``sample`` become dates: SQLite's ISO text parsed
    once per distinct day (200,000 dated rows hold a few hundred), PostgreSQL's dates
    as they are."""
    return _Days().__getitem__ if isinstance(sample, str) else _as_it_is


def _series(session: Session, query: Any) -> dict[int, Series]:
    """(owner, date, value) rows in owner order as each owner's list of Points, the
    form the evaluation takes (services/inputs.points) and a (date, value) pair too."""
    rows = _driver_rows(session, query)
    day = _as_date(rows[0][1]) if rows else _as_it_is
    return defaultdict(
        list,
        {
            owner: [make_point((day(when), value)) for _, when, value in group]
            for owner, group in groupby(rows, key=itemgetter(0))
        },
    )


Read = TypeVar("Read")
Owned = TypeVar("Owned")

#: One owner's dated values as two columns, oldest first: its days and its values.
Columns = tuple[list[date], list[float]]


def _columns(session: Session, query: Any) -> dict[int, Columns]:
    """(owner, date, value) rows in owner order as each owner's days and values, what
    a sweep over dates needs: split by slicing, with no Point made per row."""
    rows = _driver_rows(session, query)
    if not rows:
        return {}
    owners = list(map(itemgetter(0), rows))
    days = list(map(_as_date(rows[0][1]), map(itemgetter(1), rows)))
    values = list(map(itemgetter(2), rows))
    out: dict[int, Columns] = {}
    start = 0
    for owner in dict.fromkeys(owners):  # ascending: the rows are in owner id order
        end = bisect_right(owners, owner, start)
        out[owner] = (days[start:end], values[start:end])
        start = end
    return out


def _recent_series(
    session: Session,
    values: Table,
    owner_col: str,
    owners: Table,
    as_of: date | None,
    recent: int | None,
    only: Any,
    read: Callable[[Session, Any], Read],
) -> Read:
    """Per owner, the measurements up to ``as_of``: all of them, or the last ``recent``.

    The last-N form drives from the owners table so that each owner costs one seek
    in the (owner, date) unique index rather than a scan of every value.
    """
    owner = values.c[owner_col]
    conditions: list[Any] = [values.c.date <= as_of] if as_of else []
    if only is not None:
        conditions.append(owner.in_(only))
    if recent is None:
        query = (
            select(owner, values.c.date, values.c.value)
            .where(*conditions)
            .order_by(owner, values.c.date)
        )
        return read(session, query)
    if session.get_bind().dialect.name == "postgresql":
        query = _recent_lateral(values, owner, owners, as_of, recent, only)
        return read(session, query)
    inner = values.alias("inner_values")
    cutoff = (
        select(inner.c.date)
        .where(inner.c[owner_col] == owners.c.id, *([inner.c.date <= as_of] if as_of else []))
        .order_by(inner.c.date.desc())
        .limit(1)
        .offset(recent - 1)
        .scalar_subquery()
    )
    # Driven from the owners: one index seek for the cutoff and one range scan per
    # owner (0.25 s for 10k benefits × 100 values, where scanning every value and
    # evaluating the cutoff per row took 2.4 s).
    query = (
        select(owners.c.id, values.c.date, values.c.value)
        .select_from(owners)
        .join(
            values,
            and_(
                owner == owners.c.id,
                values.c.date >= func.coalesce(cutoff, literal(date.min)),
                *conditions,
            ),
        )
        .order_by(owners.c.id, values.c.date)
    )
    return read(session, query)


def _recent_lateral(
    values: Table, owner: Any, owners: Table, as_of: date | None, recent: int, only: Any
) -> Any:
    """PostgreSQL's form of the last-N read: per owner, a backward index scan that stops
    after N rows (LATERAL). PostgreSQL would evaluate the cutoff form above once per
    value instead — 5 s where this takes 0.3 s on 10k benefits × 100 values."""
    last = (
        select(values.c.date, values.c.value)
        .where(owner == owners.c.id, *([values.c.date <= as_of] if as_of else []))
        .order_by(values.c.date.desc())
        .limit(recent)
        .lateral("recent_values")
    )
    return (
        select(owners.c.id, last.c.date, last.c.value)
        .select_from(owners)
        .join(last, literal(True))
        .where(*([owners.c.id.in_(only)] if only is not None else []))
        .order_by(owners.c.id, last.c.date)
    )


def _since(
    session: Session,
    values: Table,
    owner_col: str,
    owners: Table,
    as_of: date | None,
    recent: int,
    only: Any,
    since: date,
    read: Callable[[Session, Any], dict[int, Owned]],
    join: Callable[[Owned | None, Owned], Owned],
) -> dict[int, Owned]:
    """Per owner, every value after ``since`` (up to ``as_of``) and the last ``recent``
    on or before it: what reports at any date from ``since`` on need, without the
    years of history before it. ``read`` shapes an owner's rows (Points, or columns);
    ``join`` puts the values before ``since`` (if any) ahead of the later ones."""
    found = _recent_series(session, values, owner_col, owners, since, recent, only, read)
    for key, after in read(session, _later(values, owner_col, owners, as_of, only, since)).items():
        found[key] = join(found.get(key), after)
    return found


def _join_points(before: Series | None, after: Series) -> Series:
    return before + after if before else after


def _join_columns(before: Columns | None, after: Columns) -> Columns:
    return (before[0] + after[0], before[1] + after[1]) if before else after


def _later(
    values: Table, owner_col: str, owners: Table, as_of: date | None, only: Any, since: date
) -> Any:
    """The query of each owner's values after ``since`` up to ``as_of``, in owner order."""
    owner = values.c[owner_col]
    conditions: list[Any] = [values.c.date > since]
    if as_of:
        conditions.append(values.c.date <= as_of)
    if only is not None:
        conditions.append(owners.c.id.in_(only))
    # Driven from the owners, as above: one range scan per owner in the (owner, date)
    # index, where a filter on the date alone scanned all of it (0.16 s for 230,000 of
    # 1,000,000 values, 0.25 s that way).
    return (
        select(owners.c.id, values.c.date, values.c.value)
        .select_from(owners)
        .join(values, and_(owner == owners.c.id, *conditions))
        .order_by(owners.c.id, values.c.date)
    )


def measurement_history(session: Session, benefit_ids: set[int], as_of: date) -> dict[int, Series]:
    """Every measurement up to ``as_of`` of ``benefit_ids`` (charts and tables of them)."""
    m = table(Measurement)
    return _recent_series(
        session, m, "benefit_id", table(Benefit), as_of, None, sorted(benefit_ids), _series
    )


def indicator_history(session: Session, indicator_ids: set[int], as_of: date) -> dict[int, Series]:
    """Every measurement up to ``as_of`` of the indicators ``indicator_ids``."""
    i = table(IndicatorMeasurement)
    return _recent_series(
        session, i, "indicator_id", table(Indicator), as_of, None, sorted(indicator_ids), _series
    )


def measurements_since(
    session: Session, since: date, as_of: date, benefit_ids: set[int] | None = None
) -> dict[int, Columns]:
    """Per benefit, the days and values of its measurements after ``since`` up to
    ``as_of`` and of the last one on or before ``since``: all that its values at dates
    from ``since`` on depend on (the dashboard's value over time reads a quarter of the
    history this way)."""
    m, only = table(Measurement), sorted(benefit_ids) if benefit_ids is not None else None
    return _since(
        session, m, "benefit_id", table(Benefit), as_of, 1, only, since, _columns, _join_columns
    )


def _rows(session: Session, model: Any, where: list[Any], order: str) -> list[Row[Any]]:
    """Rows of a per-benefit table, by benefit, ``order``, then id (ties read the same
    on every run and every database: the latest note by period is the latest entered)."""
    query = select(table(model)).where(*where).order_by("benefit_id", order, "id")
    return list(session.execute(query))


#: Per (benefit id, plan version): why it was made, and when.
VersionReasons = dict[tuple[int, int], str | None]
VersionTimes = dict[tuple[int, int], datetime]


def _plans(
    session: Session, where: list[Any]
) -> tuple[dict[int, dict[int, Series]], VersionReasons, VersionTimes]:
    """Every plan version's points by benefit and version, with its reason and time."""
    plans: dict[int, dict[int, Series]] = defaultdict(dict)
    reasons: VersionReasons = {}
    created: VersionTimes = {}
    versions: dict[int, tuple[int, int]] = {}  # a version's id → (benefit id, version)
    pv, pp = table(PlanVersion), table(PlanPoint)
    for row in session.execute(
        select(pv.c.id, pv.c.benefit_id, pv.c.version, pv.c.reason, pv.c.created_at).where(
            *where
        )
    ):
        key = versions[row.id] = (row.benefit_id, row.version)
        plans[row.benefit_id][row.version] = []
        reasons[key] = row.reason
        created[key] = row.created_at
    query = select(pp.c.plan_version_id, pp.c.date, pp.c.value).order_by(
        pp.c.plan_version_id, pp.c.date  # index order: no sort step
    )
    if where:
        query = query.where(pp.c.plan_version_id.in_(select(pv.c.id).where(*where)))
    # One pass over the points (170,000 on the large demo), grouped by version as read,
    # each version found by its id (a join to the versions cost a tenth of the read).
    rows = _driver_rows(session, query)
    day = _as_date(rows[0][1]) if rows else _as_it_is
    for version_id, group in groupby(rows, key=itemgetter(0)):
        benefit_id, version = versions[version_id]
        plans[benefit_id][version] = [make_point((day(when), value)) for _, when, value in group]
    return dict(plans), reasons, created


def _as_it_is(day: date) -> date:
    """A date the driver already gave as ``date`` (PostgreSQL's)."""
    return day


def _indicators(session: Session, where: list[Any]) -> dict[int, list[Any]]:
    """Indicator rows by benefit, in code order."""
    indicators: dict[int, list[Any]] = defaultdict(list)
    query = select(table(Indicator)).where(*where)
    for row in sorted(session.execute(query), key=lambda row: row.code):
        indicators[row.benefit_id].append(row)
    return dict(indicators)


def load_snapshot(
    session: Session,
    *,
    as_of: date | None = None,
    recent: int | None = None,
    benefit_ids: set[int] | None = None,
    since: date | None = None,
) -> Snapshot:
    """Read the portfolio in a fixed number of queries, whatever its size.

    ``as_of`` drops measurements after that date; ``recent`` keeps only the last
    ``recent`` measurements per benefit and indicator (what a report needs), or with
    ``since`` every measurement after that date and the last ``recent`` on or before
    it (reports at any date from ``since`` on); ``benefit_ids`` limits the
    benefit-level rows to those benefits (a partial refresh after an edit; people,
    projects and settings are always whole).
    """
    only = sorted(benefit_ids) if benefit_ids is not None else None

    def mine(model: Any, column: str = "benefit_id") -> list[Any]:
        return [table(model).c[column].in_(only)] if only is not None else []

    settings = session.execute(select(table(PortfolioSettings))).first()
    people = {r.id: r for r in session.execute(select(table(Person)))}
    projects = {r.id: r for r in session.execute(select(table(Project)))}
    # Sorted here, not by the database: a server's collation may order codes differently
    # from a file's, and a report must read the same wherever the portfolio lives.
    benefits = sorted(
        session.execute(select(table(Benefit)).where(*mine(Benefit, "id"))),
        key=lambda row: row.code,
    )

    plans, reasons, created = _plans(session, mine(PlanVersion))
    indicators = _indicators(session, mine(Indicator))
    indicator_ids = [i.id for rows in indicators.values() for i in rows] if only else None

    def series(values: Table, owner_col: str, owners: Table, ids: Any) -> dict[int, Series]:
        if since is not None and recent is not None:
            return _since(
                session, values, owner_col, owners, as_of, recent, ids, since, _series, _join_points
            )
        return _recent_series(session, values, owner_col, owners, as_of, recent, ids, _series)

    return Snapshot(
        settings=settings,
        people=people,
        projects=projects,
        benefits=benefits,
        plans=plans,
        plan_reasons=reasons,
        measurements=series(table(Measurement), "benefit_id", table(Benefit), only),
        indicators=indicators,
        indicator_measurements=series(
            table(IndicatorMeasurement), "indicator_id", table(Indicator), indicator_ids
        ),
        notes=_rows(session, VarianceNote, mine(VarianceNote), "period"),
        actions=_rows(session, CorrectiveAction, mine(CorrectiveAction), "id"),
        activities=_rows(session, Activity, mine(Activity), "id"),
        stakeholders=_rows(session, Stakeholder, mine(Stakeholder), "id"),
        automated_codes=automated_codes(session),
        plan_created=created,
    )


def automated_codes(session: Session) -> set[str]:
    """Codes of benefits and indicators that an import profile feeds."""
    codes: set[str] = set()
    for (config,) in session.execute(select(table(ImportProfile).c.config)):
        try:
            codes.update(str(code) for code in json.loads(config).get("keys", {}).values())
        except (ValueError, AttributeError):
            continue
    return codes


def load_series(session: Session, benefit_id: int) -> Series:
    """Every measurement of one benefit, for its chart and measurement table."""
    m = table(Measurement)
    query = select(m.c.date, m.c.value).where(m.c.benefit_id == benefit_id).order_by(m.c.date)
    return [(d, v) for d, v in session.execute(query)]


def merge_snapshot(whole: Snapshot, part: Snapshot, benefit_ids: set[int]) -> Snapshot:
    """``whole`` with the rows of ``benefit_ids`` replaced by those in ``part``.

    Benefits missing from ``part`` were deleted. People, projects and settings come
    from ``part`` (they are always loaded whole).
    """
    fresh = {b.id: b for b in part.benefits}
    benefits = [b for b in whole.benefits if b.id not in benefit_ids] + list(fresh.values())
    benefits.sort(key=lambda b: b.code)

    def patch(old: dict[int, Any], new: dict[int, Any]) -> dict[int, Any]:
        merged = {k: v for k, v in old.items() if k not in benefit_ids}
        merged.update({k: v for k, v in new.items() if k in benefit_ids})
        return merged

    stale = {i.id for b in benefit_ids for i in whole.indicators.get(b, [])}
    indicator_measurements = {
        k: v for k, v in whole.indicator_measurements.items() if k not in stale
    }
    indicator_measurements.update(part.indicator_measurements)

    def rows(old: list[Row[Any]], new: list[Row[Any]]) -> list[Row[Any]]:
        return [r for r in old if r.benefit_id not in benefit_ids] + list(new)

    return Snapshot(
        settings=part.settings,
        people=part.people,
        projects=part.projects,
        benefits=benefits,
        plans=patch(whole.plans, part.plans),
        plan_reasons={
            **{k: v for k, v in whole.plan_reasons.items() if k[0] not in benefit_ids},
            **part.plan_reasons,
        },
        measurements=patch(whole.measurements, part.measurements),
        indicators=patch(whole.indicators, part.indicators),
        indicator_measurements=indicator_measurements,
        notes=rows(whole.notes, part.notes),
        actions=rows(whole.actions, part.actions),
        activities=rows(whole.activities, part.activities),
        stakeholders=rows(whole.stakeholders, part.stakeholders),
        automated_codes=part.automated_codes,
        plan_created={
            **{k: v for k, v in whole.plan_created.items() if k[0] not in benefit_ids},
            **part.plan_created,
        },
    )
