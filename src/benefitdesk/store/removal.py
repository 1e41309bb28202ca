"""Deleting a row with everything that belongs to it, and putting it all back.

The rows are kept exactly as they were, ids and row versions included, so an undo
restores them where they were and the undo/redo chain keeps pointing at the same rows.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, select

from benefitdesk.model import (
    Activity,
    Benefit,
    CorrectiveAction,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    PlanPoint,
    PlanVersion,
    Stakeholder,
    VarianceNote,
)
from benefitdesk.store.row_versions import put_back_version

#: The tables whose rows this module deletes and restores, by table name.
TABLES: dict[str, type[SQLModel]] = {
    model.__tablename__: model
    for model in (
        Benefit,
        Measurement,
        Indicator,
        IndicatorMeasurement,
        PlanVersion,
        PlanPoint,
        VarianceNote,
        CorrectiveAction,
        Activity,
        Stakeholder,
    )
}
#: Rows that go with their parent: captured and deleted first, restored after it.
CHILDREN: dict[str, tuple[tuple[type[SQLModel], str], ...]] = {
    "benefit": (
        (Measurement, "benefit_id"),
        (Indicator, "benefit_id"),
        (PlanVersion, "benefit_id"),
        (VarianceNote, "benefit_id"),
        (CorrectiveAction, "benefit_id"),
        (Activity, "benefit_id"),
        (Stakeholder, "benefit_id"),
    ),
    "indicator": ((IndicatorMeasurement, "indicator_id"),),
    "plan_version": ((PlanPoint, "plan_version_id"),),
}
_NAMES = {model: name for name, model in TABLES.items()}
#: Deleted rows, parents first: (table name, the row's values by column).
RemovedRows = tuple[tuple[str, dict[str, Any]], ...]


def _values(row: Any) -> dict[str, Any]:
    return {key: getattr(row, key) for key in type(row).model_fields}


def _with_children(session: Session, entity: str, row: Any) -> list[tuple[str, Any]]:
    """``row`` and everything that belongs to it, parents before children."""
    found: list[tuple[str, Any]] = [(entity, row)]
    for model, column in CHILDREN.get(entity, ()):
        query = select(model).where(getattr(model, column) == row.id)
        # Every table here has an id column; SQLModel's base class declares none.
        for child in session.exec(query.order_by(model.id)):  # type: ignore[attr-defined]
            found += _with_children(session, _NAMES[model], child)
    return found


def delete_with_children(session: Session, entity: str, row: Any) -> RemovedRows:
    """Delete ``row`` (of table ``entity``) and its children, children first; return
    them all as they were."""
    found = _with_children(session, entity, row)
    rows = tuple((name, _values(obj)) for name, obj in found)
    for _name, obj in reversed(found):
        session.delete(obj)
        session.flush()
    return rows


def put_back(session: Session, rows: RemovedRows) -> None:
    """Insert deleted rows again, with their ids and row versions."""
    previous = None
    restored = []
    for name, values in rows:
        if previous is not None and name != previous:
            session.flush()  # parents exist before their children are inserted
        row = TABLES[name](**values)
        session.add(row)
        restored.append((row, values.get("row_version")))
        previous = name
    session.flush()
    for row, version in restored:
        put_back_version(session, row, version)
