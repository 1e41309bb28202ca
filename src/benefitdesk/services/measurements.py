"""Logging figures: one value per benefit (or indicator) per period-end date.

Entering a date again replaces the value; the audit log keeps the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import isfinite
from typing import Any

from benefitdesk.exchange.text import tidy_notes
from benefitdesk.model import (
    IndicatorMeasurement,
    Measurement,
    MeasurementSource,
    flushed_id,
    table_of,
)
from benefitdesk.services.benefits import benefit_by_code
from benefitdesk.services.changes import Change
from benefitdesk.services.errors import NotFound, ValidationError
from benefitdesk.store import IntegrityError, Session, Store

# Read by the store; named here for the app's detail view.
from benefitdesk.store.queries.benefits import MeasurementRecord as MeasurementRecord
from benefitdesk.store.queries.benefits import (
    indicator_measurement_records as indicator_measurement_records,
)
from benefitdesk.store.queries.benefits import measurement_records as measurement_records
from benefitdesk.store.queries.lookups import FigureModel, figure_on, indicator_by_code


@dataclass(frozen=True)
class Logged:
    """What ``log_measurement`` did: enough for the GUI to undo it."""

    change: Change
    previous: tuple[float, str | None] | None  # (value, note) replaced, if any


def _check_value(value: float) -> None:
    if not isfinite(value):
        raise ValidationError("The value must be a finite number", {"value": "Not a number"})


@dataclass(frozen=True)
class _Owner:
    """Where the figures of a benefit or indicator code go, and the benefit they concern."""

    model: FigureModel
    column: str  # the owner column: benefit_id or indicator_id
    owner_id: int
    benefit_id: int


def _owner(session: Session, code: str) -> _Owner:
    indicator = indicator_by_code(session, code)
    if indicator is not None:
        return _Owner(
            IndicatorMeasurement, "indicator_id", flushed_id(indicator), indicator.benefit_id
        )
    benefit_id = flushed_id(benefit_by_code(session, code))
    return _Owner(Measurement, "benefit_id", benefit_id, benefit_id)


def log_measurement(
    store: Store,
    code: str,
    day: date,
    value: float,
    note: str | None = None,
    *,
    source: MeasurementSource = MeasurementSource.MANUAL,
) -> Logged:
    """Record ``value`` for benefit or indicator ``code`` at period end ``day``.

    On a server two people may log the same period at the same moment: the one whose
    insert loses the race tries again, as a replacement (the audit keeps both).
    """
    _check_value(value)
    try:
        return _log(store, code, day, value, note, source)
    except IntegrityError:
        return _log(store, code, day, value, note, source)


def _log(
    store: Store,
    code: str,
    day: date,
    value: float,
    note: str | None,
    source: MeasurementSource,
) -> Logged:
    note = tidy_notes({"note": note})["note"]
    with store.transaction() as session:
        owner = _owner(session, code)
        row = figure_on(session, owner.model, owner.column, owner.owner_id, day)
        previous = None
        if row is None:
            of_owner: dict[str, Any] = {owner.column: owner.owner_id}
            row = owner.model(**of_owner, date=day, value=value, note=note, source=source)
        else:
            previous = (row.value, row.note)
            row.value, row.note, row.source = value, note, source
        session.add(row)
        session.flush()
        change = Change(
            table_of(owner.model).name,
            (flushed_id(row),),
            frozenset({owner.benefit_id}),
            previous is None,
        )
        return Logged(change, previous)


def delete_measurement(store: Store, code: str, day: date) -> Logged:
    """Remove the value of ``code`` at ``day`` (the audit log keeps it)."""
    with store.transaction() as session:
        owner = _owner(session, code)
        row = figure_on(session, owner.model, owner.column, owner.owner_id, day)
        if row is None:
            raise NotFound(f"{code} has no measurement on {day.isoformat()}")
        previous = (row.value, row.note)
        session.delete(row)
        change = Change(
            table_of(owner.model).name, (flushed_id(row),), frozenset({owner.benefit_id}), True
        )
        return Logged(change, previous)
