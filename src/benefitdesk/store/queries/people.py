"""People and server members, as a write or the audit trail names them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from benefitdesk.model import Person, ServerMember


def all_people(session: Session) -> Sequence[Person]:
    return session.exec(select(Person)).all()


def person_with_login(session: Session, user_name: str) -> Person | None:
    """The person whose login name is ``user_name``, if any."""
    return session.exec(select(Person).where(Person.user_name == user_name)).first()


def member_with_db_user(session: Session, db_user: str) -> ServerMember | None:
    """The server member who logs in to the database as ``db_user``, if any."""
    return session.exec(select(ServerMember).where(ServerMember.db_user == db_user)).first()


def person_ids_by_name(connection: Connection) -> dict[str, int]:
    """Every person's id by exact name, read on a bare connection (server set-up)."""
    rows = connection.execute(core_select(col(Person.name), col(Person.id))).all()
    return {name: int(person_id) for name, person_id in rows if person_id is not None}
