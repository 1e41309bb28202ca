"""The rows a report's figures need, read at the driver level in a few queries.

`benefitdesk report --json` reads these instead of a whole Snapshot: only the columns
the figures use, the last N measurements of each benefit and indicator, and the current
plan's points around as-of and around the latest measurement (planned() at those two
days is the same over them as over the whole plan). A portfolio file at the current
schema is read through sqlite3 alone: importing SQLAlchemy and SQLModel would cost the
command more than the read itself (README, "Performance").

Anything else (a server portfolio, a file to upgrade) is read as a Snapshot by its
store, with the same figures; the SQL here is for SQLite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import groupby
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from benefitdesk.analysis.types import make_point
from benefitdesk.store.revisions import head_revision

Series = list[tuple[date, float]]  # FigureRows' are Points (a Point is such a tuple)
#: Runs one query with named parameters and returns its rows.
Query = Callable[[str, Mapping[str, Any]], Iterable[tuple[Any, ...]]]


class SettingsRow(NamedTuple):
    amber_pct: float
    red_pct: float
    forecast_window: int


class ProjectRow(NamedTuple):
    id: int
    code: str
    budget: float | None
    actual_cost: float | None
    delivery_rag: str | None
    planned_go_live: date | None
    actual_go_live: date | None
    status: str


class BenefitRow(NamedTuple):
    id: int
    code: str
    project_id: int | None
    kind: str
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    realisation_start: date | None
    frequency: str | None
    financial_value: float | None
    status: str
    tolerance: float | None


BENEFIT_DATES = ("baseline_date", "target_date", "realisation_start")
PROJECT_DATES = ("planned_go_live", "actual_go_live")


class IndicatorRow(NamedTuple):
    id: int
    code: str
    benefit_id: int
    name: str
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    frequency: str | None


class ActionRow(NamedTuple):
    id: int
    benefit_id: int
    status: str
    due_date: date | None


class NoteRow(NamedTuple):
    id: int
    benefit_id: int
    period: date
    cause: str


class BenefitLabel(NamedTuple):
    """What a person reads beside a benefit's figures (the text report)."""

    title: str
    owner: str | None
    unit: str | None
    lifecycle: str


class Labels(NamedTuple):
    """The portfolio's name and currency, and each benefit's label by its code."""

    name: str
    currency: str
    benefits: dict[str, BenefitLabel]


LABELS_SQL = """
select b.code, b.title, p.name, b.unit, b.status from benefit b
left join person p on p.id = b.owner_id
"""


class FigureSource(Protocol):
    """What the figures are computed from: a Snapshot or FigureRows (services/inputs.py)."""

    @property
    def settings(self) -> Any: ...
    @property
    def projects(self) -> Mapping[int, Any]: ...
    @property
    def benefits(self) -> list[Any]: ...
    @property
    def plans(self) -> Mapping[int, Mapping[int, Series]]: ...
    @property
    def measurements(self) -> Mapping[int, Series]: ...
    @property
    def indicators(self) -> Mapping[int, list[Any]]: ...
    @property
    def indicator_measurements(self) -> Mapping[int, Series]: ...
    @property
    def actions(self) -> list[Any]: ...
    @property
    def notes(self) -> list[Any]: ...

    def project_of(self, benefit: Any) -> Any: ...


@dataclass(frozen=True)
class FigureRows:
    """Exactly what the figures at one as-of date need, as plain tuples."""

    settings: SettingsRow | None
    projects: dict[int, ProjectRow]
    benefits: list[BenefitRow]  # in code order
    plans: dict[int, dict[int, Series]]  # the current version's points that matter
    measurements: dict[int, Series]  # the last N on or before as-of, by date
    indicators: dict[int, list[IndicatorRow]]  # by benefit id, in code order
    indicator_measurements: dict[int, Series]
    actions: list[ActionRow]  # by benefit, then id
    notes: list[NoteRow]  # by benefit, period, then id

    def project_of(self, row: BenefitRow) -> ProjectRow | None:
        return self.projects.get(row.project_id) if row.project_id else None


# The window of the last N values on or before as-of, driven from the owners: one index
# seek for the cutoff and one range scan per owner (snapshot.py's _recent_series reads
# the same rows, written in SQLAlchemy for any database; this is its SQLite text).
RECENT_SQL = """
select o.id, v.date, v.value from {owners} o
join {values} v on v.{owner} = o.id and v.date <= :as_of and v.date >= coalesce(
  (select w.date from {values} w where w.{owner} = o.id and w.date <= :as_of
   order by w.date desc limit 1 offset :skip), :first_day)
order by o.id, v.date
"""

# The current plan version's points from the last one on or before the latest
# measurement (as-of without one) to the first one after as-of.
PLAN_SQL = """
select v.benefit_id, v.version, p.date, p.value
from plan_version v join plan_point p on p.plan_version_id = v.id
where v.version = (select max(w.version) from plan_version w where w.benefit_id = v.benefit_id)
and p.date >= coalesce((select max(q.date) from plan_point q where q.plan_version_id = v.id
  and q.date <= coalesce((select max(m.date) from measurement m
    where m.benefit_id = v.benefit_id and m.date <= :as_of), :as_of)), :first_day)
and p.date <= coalesce((select min(q.date) from plan_point q where q.plan_version_id = v.id
  and q.date > :as_of), :last_day)
order by v.benefit_id, p.date
"""


#: ISO text → date, each text parsed once: a report's 100,000 dated rows hold a few
#: hundred distinct days, and a look-up costs a third of a parse. Looked up as
#: ``days.get(text) or _parsed(days, text)`` (a date is never false): a plain dict,
#: since compiled, a look-up in a dict subclass with ``__missing__`` costs five times as
#: much.
Days = dict[str, date]


def _parsed(days: Days, text: str) -> date:
    day = days[text] = date.fromisoformat(text)
    return day


class _Days(dict[Any, Any]):
    """The same, as a mapping where None stays None (store/snapshot.py maps its rows'
    dates through it)."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, text: str) -> date:
        return _parsed(self, text)


def _read(
    query: Query, kind: Any, table: str, days: Days, dates: tuple[str, ...] = ()
) -> list[Any]:
    """Every row of ``table`` as ``kind``, a NamedTuple named after its columns; the
    ``dates`` columns (ISO text in SQLite) as dates."""
    fields: tuple[str, ...] = kind._fields
    rows = list(query(f"select {', '.join(fields)} from {table}", {}))
    make = partial(tuple.__new__, kind)  # in C, where ``kind._make`` is a Python call
    if not rows or not dates:
        return list(map(make, rows))
    columns = list(zip(*rows, strict=True))  # column by column: the loops run in C
    for name in dates:
        i = fields.index(name)
        columns[i] = tuple(
            [None if t is None else days.get(t) or _parsed(days, t) for t in columns[i]]
        )
    return list(map(make, zip(*columns, strict=True)))


def _series(rows: Iterable[tuple[Any, ...]], days: Days) -> dict[int, Series]:
    """(owner, date, value) rows in owner order → each owner's Points (a figure's date
    is never empty)."""
    return {
        owner: [make_point((days.get(day) or _parsed(days, day), value)) for _, day, value in group]
        for owner, group in groupby(rows, key=itemgetter(0))
    }


def read_figure_rows(query: Query, as_of: date) -> FigureRows:
    """Read what the figures at ``as_of`` need, inside the caller's one read transaction.

    Dates are passed as ISO text, as SQLite keeps them (sqlite3's own date adapter is
    deprecated).
    """
    days: Days = {}
    settings = next(iter(_read(query, SettingsRow, "portfolio_settings", days)), None)
    window = settings.forecast_window if settings else 6
    params = {
        "as_of": as_of.isoformat(),
        "skip": max(window, 1) - 1,
        "first_day": date.min.isoformat(),
        "last_day": date.max.isoformat(),
    }

    def recent(values: str, owner: str, owners: str) -> dict[int, Series]:
        sql = RECENT_SQL.format(values=values, owner=owner, owners=owners)
        return _series(query(sql, params), days)

    plans: dict[int, dict[int, Series]] = {}
    for (benefit_id, version), group in groupby(query(PLAN_SQL, params), key=itemgetter(0, 1)):
        points: Series = [
            make_point((days.get(day) or _parsed(days, day), value)) for _, _, day, value in group
        ]
        plans[benefit_id] = {version: points}
    indicators: dict[int, list[IndicatorRow]] = {}
    found = _read(query, IndicatorRow, "indicator", days, ("baseline_date", "target_date"))
    for row in sorted(found, key=attrgetter("code")):
        indicators.setdefault(row.benefit_id, []).append(row)
    return FigureRows(
        settings=settings,
        projects={p.id: p for p in _read(query, ProjectRow, "project", days, PROJECT_DATES)},
        # Codes sorted here, not by the database, whose collation may differ.
        benefits=sorted(
            _read(query, BenefitRow, "benefit", days, BENEFIT_DATES), key=attrgetter("code")
        ),
        plans=plans,
        measurements=recent("measurement", "benefit_id", "benefit"),
        indicators=indicators,
        indicator_measurements=recent("indicator_measurement", "indicator_id", "indicator"),
        actions=sorted(
            _read(query, ActionRow, "corrective_action", days, ("due_date",)), key=itemgetter(1, 0)
        ),
        notes=sorted(
            _read(query, NoteRow, "variance_note", days, ("period",)), key=itemgetter(1, 2, 0)
        ),
    )


def read_labels(query: Query) -> Labels:
    """The words beside the figures: names, titles, owners and units."""
    found = next(iter(query("select name, currency from portfolio_settings", {})), None)
    name, currency = found if found else ("Portfolio", "GBP")
    benefits = {row[0]: BenefitLabel._make(row[1:]) for row in query(LABELS_SQL, {})}
    return Labels(name, currency, benefits)


def read_portfolio_file(
    path: Path, as_of: date, *, labelled: bool = False
) -> tuple[FigureRows, Labels | None] | None:
    """The figure rows (and, when ``labelled``, their labels) of a portfolio file at the
    current schema, read with sqlite3 alone in one read transaction.

    None when the file is anything else (missing, older or newer, damaged, unreadable
    here): the caller then opens it as a Store, which migrates, refuses or explains as
    for any other command.
    """
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return None
    try:
        connection.isolation_level = None  # one explicit read transaction: one snapshot
        connection.execute("BEGIN")
        if connection.execute("select version_num from alembic_version").fetchall() != [
            (head_revision(),)
        ]:
            return None
        rows = read_figure_rows(connection.execute, as_of)
        return rows, read_labels(connection.execute) if labelled else None
    except (sqlite3.Error, UnicodeDecodeError, ValueError):  # ValueError: a damaged date
        return None
    finally:
        connection.close()
