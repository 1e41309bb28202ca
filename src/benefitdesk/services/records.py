"""The records around a benefit: indicators, variance notes, actions, activities,
stakeholders and edits of single measurements.

Each function is one audited transaction that returns the :class:`Change` it made,
with the benefit it concerns in ``benefit_ids`` so only that benefit is re-read.
Deleting returns a :class:`Removed`: the rows exactly as they were (ids included), so
``restore_records`` can put them back and undo/redo chains keep pointing at the same
rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from math import isfinite
from typing import Any

from benefitdesk.exchange.text import tidy, tidy_notes
from benefitdesk.model import (
    ActionStatus,
    Activity,
    ActivityKind,
    Benefit,
    CorrectiveAction,
    Frequency,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    MeasurementSource,
    PlanVersion,
    Raci,
    Stakeholder,
    VarianceCause,
    VarianceNote,
    flushed_id,
    table_of,
)
from benefitdesk.present import formats
from benefitdesk.services.benefits import person_by_name
from benefitdesk.services.changes import Change
from benefitdesk.services.conflicts import locked, refuse_if_stale
from benefitdesk.services.errors import NotFound, ValidationError
from benefitdesk.store import IntegrityError, Session, Store
from benefitdesk.store.queries.lookups import (
    FigureModel,
    Row,
    figure_on,
    indicator_by_code,
    indicator_codes,
    stakeholder_in_role,
)
from benefitdesk.store.removal import TABLES, RemovedRows, delete_with_children, put_back


# -- field sets, as forms edit them (people by name) ------------------------------------
@dataclass
class IndicatorFields:
    code: str
    name: str
    unit: str | None = None
    baseline: float | None = None
    baseline_date: date | None = None
    target: float | None = None
    target_date: date | None = None
    frequency: Frequency | None = None
    data_source: str | None = None


@dataclass
class NoteFields:
    period: date | None
    cause: VarianceCause = VarianceCause.OTHER
    explanation: str = ""


@dataclass
class ActionFields:
    title: str
    owner: str | None = None
    due_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    outcome: str | None = None


@dataclass
class ActivityFields:
    title: str
    kind: ActivityKind = ActivityKind.OTHER
    owner: str | None = None
    due_date: date | None = None
    done_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN


@dataclass
class StakeholderFields:
    person: str
    role: Raci = Raci.INFORMED


@dataclass(frozen=True)
class Removed:
    """What a delete took away: (table name, column values) parents first."""

    change: Change
    rows: RemovedRows


# -- validation: the same rules as the forms show while the user types -------------------
def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _finite(problems: dict[str, str], key: str, value: float | None) -> None:
    if value is not None and not isfinite(value):
        problems[key] = "Must be a finite number"


def validate_indicator(data: IndicatorFields) -> dict[str, str]:
    problems: dict[str, str] = {}
    if _blank(data.code):
        problems["code"] = "An indicator needs a code, e.g. I-011"
    if _blank(data.name):
        problems["name"] = "Name the signal, e.g. Weekly active users"
    _finite(problems, "baseline", data.baseline)
    _finite(problems, "target", data.target)
    if data.baseline is not None and data.target is not None and data.baseline == data.target:
        problems["target"] = "The target must differ from the baseline"
    if data.baseline_date and data.target_date and data.target_date <= data.baseline_date:
        problems["target_date"] = "The target date must come after the baseline date"
    return problems


def validate_note(data: NoteFields) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.period is None:
        problems["period"] = "Which period does the note explain?"
    if _blank(data.explanation):
        problems["explanation"] = "Explain the variance in a sentence or two"
    return problems


def validate_action(data: ActionFields) -> dict[str, str]:
    problems: dict[str, str] = {}
    if _blank(data.title):
        problems["title"] = "Say what will be done"
    return problems


def validate_activity(data: ActivityFields) -> dict[str, str]:
    problems: dict[str, str] = {}
    if _blank(data.title):
        problems["title"] = "Say what the activity is"
    if data.status is ActionStatus.DONE and data.done_date is None:
        problems["done_date"] = "A done activity needs the date it was done"
    return problems


def validate_stakeholder(data: StakeholderFields) -> dict[str, str]:
    return {"person": "Name the person"} if _blank(data.person) else {}


def _check(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError("; ".join(problems.values()), problems)


# -- helpers -----------------------------------------------------------------------------
def _get(session: Session, model: type[Row], record_id: int, what: str) -> Row:
    found = session.get(model, record_id)
    if found is None:
        raise NotFound(f"That {what} no longer exists")
    return found


def _benefit(session: Session, benefit_id: int) -> Benefit:
    benefit: Benefit = _get(session, Benefit, benefit_id, "benefit")
    return benefit


def _person_id(session: Session, name: str | None) -> int | None:
    person = person_by_name(session, name)
    return person.id if person else None


def _assign(row: Any, values: dict[str, Any]) -> None:
    """Set only what differs, so the audit log records real changes only."""
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


#: The records kept under a benefit, written by ``_save``.
BenefitRecord = Indicator | VarianceNote | CorrectiveAction | Activity | Stakeholder


def _save(
    store: Store,
    model: type[BenefitRecord],
    record_id: int | None,
    benefit_id: int | None,
    values: Callable[[Session], dict[str, Any]],
    what: str,
    row_version: int | None = None,
) -> Change:
    """Insert (``record_id`` None, under ``benefit_id``) or update one row.

    ``row_version`` is the version the editor read: an update of a row changed since
    is refused (StaleEdit) instead of overwriting the other person's change.
    """
    with store.transaction() as session:
        if record_id is None:
            assert benefit_id is not None
            _benefit(session, benefit_id)
            row = model(benefit_id=benefit_id, **values(session))
        else:
            row = locked(session, model, record_id, what)
            refuse_if_stale(session, row, row_version, f"This {what}")
            _assign(row, values(session))
        session.add(row)
        session.flush()
        return Change(
            table_of(model).name,
            (flushed_id(row),),
            frozenset({row.benefit_id}),
            structural=record_id is None,
            row_version=row.row_version,
        )


# -- indicators --------------------------------------------------------------------------
def next_indicator_code(store: Store) -> str:
    """The next free code in the I-001 series."""
    with store.reading() as session:
        codes = indicator_codes(session)
    numbers = [int(m.group(1)) for c in codes if (m := re.fullmatch(r"I-(\d+)", c))]
    return f"I-{max(numbers, default=0) + 1:03d}"


def _indicator_values(
    session: Session, data: IndicatorFields, indicator_id: int | None
) -> dict[str, Any]:
    _check(validate_indicator(data))
    code = data.code.strip()
    clash = indicator_by_code(session, code)
    if clash is not None and clash.id != indicator_id:
        raise ValidationError(f"Code {code} is already used", {"code": "Code already in use"})
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values.update(code=code, name=data.name.strip())
    return tidy(values)


def add_indicator(store: Store, *, benefit_id: int, data: IndicatorFields) -> Change:
    return _save(
        store,
        Indicator,
        None,
        benefit_id,
        lambda s: _indicator_values(s, data, None),
        "indicator",
    )


def update_indicator(
    store: Store, *, indicator_id: int, data: IndicatorFields, row_version: int | None = None
) -> Change:
    return _save(
        store,
        Indicator,
        indicator_id,
        None,
        lambda s: _indicator_values(s, data, indicator_id),
        "indicator",
        row_version,
    )


# -- variance notes, corrective actions, activities, stakeholders -------------------------
def _note_values(data: NoteFields) -> dict[str, Any]:
    _check(validate_note(data))
    explanation = tidy_notes({"explanation": data.explanation})["explanation"]
    return {"period": data.period, "cause": data.cause, "explanation": explanation or ""}


def add_note(store: Store, *, benefit_id: int, data: NoteFields) -> Change:
    return _save(store, VarianceNote, None, benefit_id, lambda _s: _note_values(data), "note")


def update_note(
    store: Store, *, note_id: int, data: NoteFields, row_version: int | None = None
) -> Change:
    return _save(
        store, VarianceNote, note_id, None, lambda _s: _note_values(data), "note", row_version
    )


def _action_values(session: Session, data: ActionFields) -> dict[str, Any]:
    _check(validate_action(data))
    values = {"title": data.title, "outcome": data.outcome}
    return {
        **tidy_notes(values),
        "owner_id": _person_id(session, data.owner),
        "due_date": data.due_date,
        "status": data.status,
    }


def add_action(store: Store, *, benefit_id: int, data: ActionFields) -> Change:
    return _save(
        store, CorrectiveAction, None, benefit_id, lambda s: _action_values(s, data), "action"
    )


def update_action(
    store: Store, *, action_id: int, data: ActionFields, row_version: int | None = None
) -> Change:
    return _save(
        store,
        CorrectiveAction,
        action_id,
        None,
        lambda s: _action_values(s, data),
        "action",
        row_version,
    )


def close_action(
    store: Store, *, action_id: int, outcome: str | None = None, row_version: int | None = None
) -> Change:
    """Mark an action done, recording what it achieved (kept when no outcome is given)."""

    def values(session: Session) -> dict[str, Any]:
        action = _get(session, CorrectiveAction, action_id, "action")
        text = (outcome or "").strip()
        return {"status": ActionStatus.DONE, "outcome": text or action.outcome}

    return _save(store, CorrectiveAction, action_id, None, values, "action", row_version)


def _activity_values(session: Session, data: ActivityFields) -> dict[str, Any]:
    _check(validate_activity(data))
    return {
        "title": tidy({"title": data.title})["title"],
        "kind": data.kind,
        "owner_id": _person_id(session, data.owner),
        "due_date": data.due_date,
        "done_date": data.done_date,
        "status": data.status,
    }


def add_activity(store: Store, *, benefit_id: int, data: ActivityFields) -> Change:
    return _save(store, Activity, None, benefit_id, lambda s: _activity_values(s, data), "activity")


def update_activity(
    store: Store, *, activity_id: int, data: ActivityFields, row_version: int | None = None
) -> Change:
    return _save(
        store,
        Activity,
        activity_id,
        None,
        lambda s: _activity_values(s, data),
        "activity",
        row_version,
    )


def _stakeholder_values(
    session: Session, data: StakeholderFields, benefit_id: int, stakeholder_id: int | None
) -> dict[str, Any]:
    _check(validate_stakeholder(data))
    person_id = _person_id(session, data.person)
    clash = stakeholder_in_role(session, benefit_id, person_id, data.role)
    if clash is not None and clash.id != stakeholder_id:
        message = f"{data.person.strip()} is already {data.role.value} on this benefit"
        raise ValidationError(message, {"role": "Already has this role"})
    return {"person_id": person_id, "role": data.role}


def add_stakeholder(store: Store, *, benefit_id: int, data: StakeholderFields) -> Change:
    return _save(
        store,
        Stakeholder,
        None,
        benefit_id,
        lambda s: _stakeholder_values(s, data, benefit_id, None),
        "stakeholder",
    )


def update_stakeholder(
    store: Store, *, stakeholder_id: int, data: StakeholderFields, row_version: int | None = None
) -> Change:
    def values(session: Session) -> dict[str, Any]:
        row = _get(session, Stakeholder, stakeholder_id, "stakeholder")
        return _stakeholder_values(session, data, row.benefit_id, stakeholder_id)

    return _save(store, Stakeholder, stakeholder_id, None, values, "stakeholder", row_version)


# -- single measurements -----------------------------------------------------------------
def update_measurement(
    store: Store,
    *,
    entity: str,
    record_id: int,
    day: date,
    value: float,
    note: str | None,
    source: MeasurementSource | None = None,
    row_version: int | None = None,
) -> Change:
    """Change the date, value or note of one benefit or indicator measurement.

    A date that another measurement already has is refused: one value per period. A
    figure corrected by hand becomes a manual one unless ``source`` says otherwise
    (an undo passes the source it had).
    """
    if not isfinite(value):
        raise ValidationError("The value must be a finite number", {"value": "Not a number"})
    model: FigureModel
    if entity == "measurement":
        model, owner_col = Measurement, "benefit_id"
    elif entity == "indicator_measurement":
        model, owner_col = IndicatorMeasurement, "indicator_id"
    else:
        raise ValueError(f"not a measurement table: {entity}")
    with store.transaction() as session:
        row = locked(session, model, record_id, "measurement")
        refuse_if_stale(session, row, row_version, "This measurement")
        clash = figure_on(session, model, owner_col, getattr(row, owner_col), day)
        if clash is not None and clash.id != record_id:
            raise ValidationError(
                f"There is already a value for {formats.day(day)}",
                {"date": "Another measurement has this date"},
            )
        _assign(row, {"date": day, "value": value, "note": (note or "").strip() or None})
        if source is not None:
            row.source = source
        elif session.is_modified(row):
            row.source = MeasurementSource.MANUAL
        session.add(row)
        session.flush()
        benefit_id = _benefit_of(session, entity, row)
        return Change(entity, (record_id,), frozenset({benefit_id}), row_version=row.row_version)


# -- delete and restore ------------------------------------------------------------------
def _benefit_of(session: Session, entity: str, row: Any) -> int:
    if entity == "benefit":
        return int(row.id)
    if entity == "indicator_measurement":
        return int(_get(session, Indicator, row.indicator_id, "indicator").benefit_id)
    if entity == "plan_point":
        return int(_get(session, PlanVersion, row.plan_version_id, "plan").benefit_id)
    return int(row.benefit_id)


def delete_record(
    store: Store, *, entity: str, record_id: int, row_version: int | None = None
) -> Removed:
    """Delete one row and what belongs to it; every deleted row is audited.

    With ``row_version``, a row changed by someone else since it was read is kept.
    """
    what = entity.replace("_", " ")
    with store.transaction() as session:
        row = locked(session, TABLES[entity], record_id, what)
        refuse_if_stale(session, row, row_version, f"This {what}")
        benefit_id = _benefit_of(session, entity, row)
        rows = delete_with_children(session, entity, row)
        return Removed(Change(entity, (record_id,), frozenset({benefit_id}), True), rows)


def restore_records(store: Store, *, removed: Removed) -> Change:
    """Put deleted rows back with their ids (the undo of a delete)."""
    try:
        with store.transaction() as session:
            put_back(session, removed.rows)
    except IntegrityError as exc:
        raise ValidationError(
            "The deleted record cannot be put back: something now takes its place"
        ) from exc
    change = removed.change
    return Change(change.entity, change.ids, change.benefit_ids, True)
