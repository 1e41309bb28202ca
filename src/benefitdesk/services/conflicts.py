"""Edits made on a stale copy are refused, naming who changed the record and when.

Every editable row carries ``row_version``. A form remembers the version it showed;
saving passes it back, and when the row has moved on the save is refused with
"B-002 was changed by Alice Chen at 10:42 — reload" and nothing is overwritten. The
row is read ``FOR UPDATE`` on a server, so two saves racing each other queue up and
the second one sees the first one's version.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from benefitdesk.model import Person
from benefitdesk.present import formats as present
from benefitdesk.services.errors import NotFound, StaleEdit
from benefitdesk.store import Session, Store
from benefitdesk.store.queries.history import newest_entry_of
from benefitdesk.store.queries.lookups import Row, lock_row
from benefitdesk.store.queries.people import member_with_db_user, person_with_login


def locked(session: Session, model: type[Row], row_id: int, what: str) -> Row:
    """The row ``row_id`` as committed now, locked against other writers until the
    transaction ends (a copy read earlier in the session is set aside first)."""
    row = lock_row(session, model, row_id)
    if row is None:
        raise NotFound(f"That {what} no longer exists")
    return row


def author(session: Session, user: str | None, db_user: str | None) -> str:
    """The person behind an audit entry: their name when the portfolio knows it."""
    if db_user:
        member = member_with_db_user(session, db_user)
        person = session.get(Person, member.person_id) if member and member.person_id else None
        if person is not None:
            return person.name
    if user:
        person = person_with_login(session, user)
        if person is not None:
            return person.name
    return user or db_user or "someone"


def moment(at: datetime) -> str:
    """``10:42`` today, ``3 Mar 2026 10:42`` on another day (local time)."""
    text = present.moment(at)
    return text.removeprefix(present.day(date.today()) + " ")


def changed_by(session: Session, entity: str, entity_id: int, *more: tuple[str, int]) -> str:
    """The words 'changed by Alice Chen at 10:42', from the newest audit entry of the
    row (or of any of the ``more`` rows, e.g. a plan's points)."""
    entry = newest_entry_of(session, [(entity, entity_id), *more])
    if entry is None:
        return "changed by someone else"
    return f"changed by {author(session, entry.user, entry.db_user)} at {moment(entry.at)}"


def changed_by_text(store: Store, entity: str, entity_id: int | None) -> str:
    """The words 'changed by Alice Chen at 10:42' for a row, read on their own."""
    if entity_id is None:
        return "changed by someone else"
    with store.reading() as session:
        return changed_by(session, entity, entity_id)


def refuse_if_stale(session: Session, row: Any, expected: int | None, what: str) -> None:
    """Raise StaleEdit when ``row`` is no longer at the ``expected`` version."""
    if expected is None or row.row_version == expected:
        return
    raise StaleEdit(
        f"{what} was {changed_by(session, row.__tablename__, row.id)} — reload to see the "
        "change; nothing was overwritten",
        {"row_version": "Changed by someone else"},
    )
