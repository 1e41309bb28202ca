"""Audit trail: every ORM change is recorded with who, when, what, old and new.

A session listener turns the unit of work into audit rows, so no service can forget
to audit. Bulk paths that bypass the ORM (imports, sync) call ``audit_rows`` directly.
"Who" is both the OS login (``user``) and the person the user chose to be in the app's
*Me* (``person``; without a choice, the person whose login name is the OS login).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from benefitdesk.model import AuditEntry
from benefitdesk.model.tables import now

#: Columns that describe bookkeeping, not content; changing them alone is not audited.
IGNORED = frozenset({"id", "recorded_at", "created_at", "last_run_at", "row_version"})


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers, services)
        return "unknown"


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):  # enum
        return value.value
    return str(value)


def label_of(obj: Any) -> str | None:
    """A short human reference, e.g. ``B-001`` or ``benefit 3 @ 2026-03-31``."""
    for attr in ("code", "name", "title"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)[:200]
    if hasattr(obj, "date"):
        owner = getattr(obj, "benefit_id", None) or getattr(obj, "indicator_id", None)
        return f"{owner} @ {obj.date.isoformat()}"
    return None


def audit_rows(
    session: Session, rows: Iterable[dict[str, Any]], *, batch_id: int | None = None
) -> None:
    """Insert audit rows from a bulk path (keys: action, entity, entity_id, field, old, new)."""
    stamp, user = now(), session.info.get("user") or os_user()
    person = session.info.get("person")
    payload = [
        {"at": stamp, "user": user, "person": person, "batch_id": batch_id, "label": None, **row}
        for row in rows
    ]
    if payload:
        session.execute(insert(AuditEntry), payload)


def _entries(session: Session) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(action: str, obj: Any, field: str | None, old: Any, new: Any) -> None:
        rows.append(
            {
                "action": action,
                "entity": obj.__tablename__,
                "entity_id": getattr(obj, "id", None),
                "label": label_of(obj),
                "field": field,
                "old": as_text(old),
                "new": as_text(new),
            }
        )

    for obj in session.new:
        if isinstance(obj, SQLModel) and not isinstance(obj, AuditEntry):
            add("insert", obj, None, None, label_of(obj))
    for obj in session.dirty:
        if not isinstance(obj, SQLModel) or isinstance(obj, AuditEntry):
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key in IGNORED:
                continue
            history = state.attrs[attr.key].history
            if history.has_changes() and history.deleted != history.added:
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                if old != new:
                    add("update", obj, attr.key, old, new)
    for obj in session.deleted:
        if isinstance(obj, SQLModel) and not isinstance(obj, AuditEntry):
            state = inspect(obj)
            values = {
                a.key: as_text(getattr(obj, a.key))
                for a in state.mapper.column_attrs
                if a.key not in IGNORED
            }
            add("delete", obj, None, json.dumps(values), None)
    return rows


def install_audit(session_class: type[Session]) -> None:
    """Record audit rows for every flush of sessions of ``session_class``."""

    @event.listens_for(session_class, "before_flush")
    def stamp_author(session: Session, _context: Any, _instances: Any) -> None:
        user = session.info.get("person") or session.info.get("user")
        for obj in session.new:
            for attr in ("recorded_by", "created_by"):
                if hasattr(obj, attr) and getattr(obj, attr) is None:
                    setattr(obj, attr, user)

    @event.listens_for(session_class, "after_flush")
    def after_flush(session: Session, _context: Any) -> None:
        if session.info.get("audit", True):
            audit_rows(session, _entries(session), batch_id=session.info.get("batch_id"))
