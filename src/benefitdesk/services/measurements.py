"""Logging figures: one value per benefit (or indicator) per period-end date.

Entering a date again replaces the value; the audit log keeps the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import isfinite

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from benefitdesk.exchange.canonical import NOTE_FIELDS
from benefitdesk.exchange.text import tidy
from benefitdesk.model import Indicator, IndicatorMeasurement, Measurement, MeasurementSource
from benefitdesk.services.benefits import benefit_by_code
from benefitdesk.services.changes import Change
from benefitdesk.services.errors import NotFound, ValidationError
from benefitdesk.store import Store

# Read by the store; named here for the app's detail view.
from benefitdesk.store.queries.benefits import MeasurementRecord as MeasurementRecord
from benefitdesk.store.queries.benefits import (
    indicator_measurement_records as indicator_measurement_records,
)
from benefitdesk.store.queries.benefits import measurement_records as measurement_records


@dataclass(frozen=True)
class Logged:
    """What ``log_measurement`` did: enough for the GUI to undo it."""

    change: Change
    previous: tuple[float, str | None] | None  # (value, note) replaced, if any


def _check_value(value: float) -> None:
    if not isfinite(value):
        raise ValidationError("The value must be a finite number", {"value": "Not a number"})


def _owner(session: Session, code: str) -> tuple[type, str, int]:
    """(table, owner column, owner id) for a benefit or indicator code."""
    indicator = session.exec(select(Indicator).where(Indicator.code == code)).first()
    if indicator is not None and indicator.id is not None:
        return IndicatorMeasurement, "indicator_id", indicator.id
    benefit = benefit_by_code(session, code)
    assert benefit.id is not None
    return Measurement, "benefit_id", benefit.id


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
    note = tidy({"note": note}, NOTE_FIELDS)["note"]
    with store.transaction() as session:
        model, column, owner_id = _owner(session, code)
        row = session.exec(
            select(model).where(getattr(model, column) == owner_id, model.date == day)
        ).first()
        previous = None
        if row is None:
            row = model(**{column: owner_id}, date=day, value=value, note=note, source=source)
        else:
            previous = (row.value, row.note)
            row.value, row.note, row.source = value, note, source
        session.add(row)
        session.flush()
        benefit_id = (
            owner_id if model is Measurement else session.get(Indicator, owner_id).benefit_id
        )
        change = Change(model.__tablename__, (row.id,), frozenset({benefit_id}), previous is None)
        return Logged(change, previous)


def delete_measurement(store: Store, code: str, day: date) -> Logged:
    """Remove the value of ``code`` at ``day`` (the audit log keeps it)."""
    with store.transaction() as session:
        model, column, owner_id = _owner(session, code)
        row = session.exec(
            select(model).where(getattr(model, column) == owner_id, model.date == day)
        ).first()
        if row is None:
            raise NotFound(f"{code} has no measurement on {day.isoformat()}")
        previous = (row.value, row.note)
        session.delete(row)
        benefit_id = (
            owner_id if model is Measurement else session.get(Indicator, owner_id).benefit_id
        )
        return Logged(
            Change(model.__tablename__, (row.id,), frozenset({benefit_id}), True), previous
        )
