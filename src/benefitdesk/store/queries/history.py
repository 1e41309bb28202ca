"""The audit trail of one benefit: its own edits and those of everything it holds.

Rows that were deleted are found too: a delete entry keeps the row's values as JSON,
including the benefit (or indicator, or plan version) it belonged to.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from benefitdesk.model import (
    Activity,
    AuditEntry,
    BenefitReview,
    ChaseRecord,
    CorrectiveAction,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    PlanPoint,
    PlanVersion,
    Stakeholder,
    VarianceNote,
)
from benefitdesk.store import Store

#: Tables whose rows carry the benefit id directly.
DIRECT: dict[str, Any] = {
    model.__tablename__: model
    for model in (
        Measurement,
        Indicator,
        PlanVersion,
        VarianceNote,
        CorrectiveAction,
        Activity,
        Stakeholder,
        ChaseRecord,
        BenefitReview,
    )
}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    at: datetime
    user: str | None
    action: str  # insert | update | delete
    entity: str
    entity_id: int | None
    label: str | None
    field: str | None
    old: str | None
    new: str | None
    person: str | None = None  # who the user chose to be ("Me"); ``user`` is the OS login
    db_user: str | None = None  # on a server: the database user, set by the server

    @property
    def who(self) -> str:
        """``Alice Chen (login root)``, or the login alone when no person was chosen; on
        a server the database user too: ``Alice Chen (login alice, database alice)``."""
        login = self.user or "unknown"
        logins = f"login {login}, database {self.db_user}" if self.db_user else f"login {login}"
        if self.person:
            return f"{self.person} ({logins})"
        return f"{login} (database {self.db_user})" if self.db_user else login


def _deleted_ids(
    session: Session, entities: list[str], column: str, owners: set[int]
) -> dict[str, set[int]]:
    """Ids of deleted rows of ``entities`` whose ``column`` was one of ``owners``."""
    found: dict[str, set[int]] = {e: set() for e in entities}
    if not owners:
        return found
    query = select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.old).where(
        col(AuditEntry.entity).in_(entities),
        AuditEntry.action == "delete",
    )
    for entity, entity_id, old in session.exec(query):
        try:
            owner = json.loads(old or "{}").get(column)
        except ValueError:
            continue
        if owner is not None and int(owner) in owners and entity_id is not None:
            found[entity].add(entity_id)
    return found


def _live_ids(session: Session, model: Any, column: str, owners: set[int]) -> set[int]:
    if not owners:
        return set()
    query = select(model.id).where(getattr(model, column).in_(owners))
    return set(session.exec(query).all())


def _stored_id(value: int | None) -> int:
    """A stored row's id (the model allows None only before the row is inserted)."""
    assert value is not None
    return value


def benefit_history(store: Store, *, benefit_id: int, limit: int = 5000) -> list[HistoryEntry]:
    """Audit entries about the benefit and its records, newest first."""
    with store.reading() as session:
        ids: dict[str, set[int]] = {"benefit": {benefit_id}}
        deleted = _deleted_ids(session, list(DIRECT), "benefit_id", {benefit_id})
        for name, model in DIRECT.items():
            ids[name] = _live_ids(session, model, "benefit_id", {benefit_id}) | deleted[name]
        indicators = ids["indicator"]
        ids["indicator_measurement"] = (
            _live_ids(session, IndicatorMeasurement, "indicator_id", indicators)
            | _deleted_ids(session, ["indicator_measurement"], "indicator_id", indicators)[
                "indicator_measurement"
            ]
        )
        versions = ids["plan_version"]
        ids["plan_point"] = (
            _live_ids(session, PlanPoint, "plan_version_id", versions)
            | _deleted_ids(session, ["plan_point"], "plan_version_id", versions)["plan_point"]
        )
        clauses = [
            and_(col(AuditEntry.entity) == name, col(AuditEntry.entity_id).in_(sorted(members)))
            for name, members in ids.items()
            if members
        ]
        query = (
            select(AuditEntry)
            .where(or_(*clauses))
            .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
            .limit(limit)
        )
        return [
            HistoryEntry(
                _stored_id(e.id),
                e.at,
                e.user,
                e.action,
                e.entity,
                e.entity_id,
                e.label,
                e.field,
                e.old,
                e.new,
                e.person,
                e.db_user,
            )
            for e in session.exec(query)
        ]


def newest_entry_of(session: Session, rows: Sequence[tuple[str, int]]) -> AuditEntry | None:
    """The newest audit entry about any of ``rows`` (entity, id)."""
    same_row = (and_(col(AuditEntry.entity) == e, col(AuditEntry.entity_id) == i) for e, i in rows)
    query = select(AuditEntry).where(or_(*same_row)).order_by(col(AuditEntry.id).desc())
    return session.exec(query).first()
