"""One benefit's reads: its whole measurement history and its indicators', every figure
with who recorded it and how (the detail's tables), its plan's versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from benefitdesk.model import (
    IndicatorMeasurement,
    Measurement,
    MeasurementSource,
    PlanPoint,
    PlanVersion,
)
from benefitdesk.store.figures import Series
from benefitdesk.store.snapshot import (
    indicator_history,
    load_series,
    measurement_history,
)

if TYPE_CHECKING:
    from benefitdesk.store.store import Store


def benefit_series(store: Store, benefit_id: int) -> Series:
    """The full measurement history of one benefit (a report's snapshot keeps the last N)."""
    with store.reading() as session:
        return load_series(session, benefit_id)


def benefit_histories(
    store: Store, benefit_id: int, indicator_ids: set[int], as_of: date
) -> tuple[Series, dict[int, Series]]:
    """A benefit's measurements and its indicators' up to ``as_of``, in full (two
    queries: what a chart needs beyond the report's snapshot)."""
    with store.reading() as session:
        history = measurement_history(session, {benefit_id}, as_of)
        indicators = indicator_history(session, indicator_ids, as_of) if indicator_ids else {}
    return history.get(benefit_id, []), indicators


def _id(value: int | None) -> int:
    """A stored row's id (the model allows None only before the row is inserted)."""
    assert value is not None
    return value


@dataclass(frozen=True, slots=True)
class MeasurementRecord:
    id: int
    date: date
    value: float
    source: MeasurementSource
    note: str | None
    recorded_at: datetime | None
    recorded_by: str | None
    batch_id: int | None
    row_version: int | None = None


def _records(store: Store, model: Any, column: str, owner_id: int) -> list[MeasurementRecord]:
    with store.reading() as session:
        query = select(model).where(getattr(model, column) == owner_id).order_by(model.date)
        return [
            MeasurementRecord(
                _id(r.id),
                r.date,
                r.value,
                r.source,
                r.note,
                r.recorded_at,
                r.recorded_by,
                r.batch_id,
                r.row_version,
            )
            for r in session.exec(query)
        ]


def measurement_records(store: Store, *, benefit_id: int) -> list[MeasurementRecord]:
    """Every measurement of a benefit, oldest first, with who recorded it and how."""
    return _records(store, Measurement, "benefit_id", benefit_id)


def indicator_measurement_records(store: Store, *, indicator_id: int) -> list[MeasurementRecord]:
    """Every measurement of a leading indicator, oldest first."""
    return _records(store, IndicatorMeasurement, "indicator_id", indicator_id)


@dataclass(frozen=True, slots=True)
class PlanVersionRecord:
    id: int
    version: int
    reason: str | None
    created_at: datetime | None
    points: tuple[tuple[date, float], ...]


def plan_versions(store: Store, *, benefit_id: int) -> list[PlanVersionRecord]:
    """Every version of a benefit's plan, oldest first, with its points by date."""
    with store.reading() as session:
        versions = session.exec(
            select(PlanVersion)
            .where(PlanVersion.benefit_id == benefit_id)
            .order_by(col(PlanVersion.version))
        ).all()
        points: dict[int, list[tuple[date, float]]] = {_id(v.id): [] for v in versions}
        if points:
            query = (
                select(PlanPoint)
                .where(col(PlanPoint.plan_version_id).in_(points))
                .order_by(col(PlanPoint.date))
            )
            for point in session.exec(query):
                points[point.plan_version_id].append((point.date, point.value))
        return [
            PlanVersionRecord(
                _id(v.id), v.version, v.reason, v.created_at, tuple(points[_id(v.id)])
            )
            for v in versions
        ]
