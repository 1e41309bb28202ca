"""Who may sign in to a server portfolio, as what, and which person they are.

``grant`` makes a login role a member of one of the portfolio's group roles (creating
the login when it does not exist yet) and records it in ``server_member``; ``revoke``
takes the membership away again. Run by the administrator (``benefitdesk server``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psycopg import sql
from sqlalchemy import Connection, text

from benefitdesk.model import TeamRole
from benefitdesk.model.tables import now
from benefitdesk.store.roles import database_name, group_role, run_sql


@dataclass(frozen=True)
class Member:
    db_user: str
    role: TeamRole
    person: str | None
    granted_at: datetime | None
    granted_by: str | None


def login_exists(connection: Connection, user: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :u"), {"u": user})
    return found.first() is not None


def grant(
    connection: Connection,
    user: str,
    role: TeamRole,
    person_id: int | None,
    *,
    password: str | None = None,
) -> bool:
    """Make ``user`` a ``role`` of this portfolio; True when the login was created."""
    database = database_name(connection)
    created = not login_exists(connection, user)
    if created:
        statement = sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(user))
        if password is not None:
            statement += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
        run_sql(connection, statement)
    elif password is not None:
        run_sql(
            connection,
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(user), sql.Literal(password)
            ),
        )
    _leave_groups(connection, database, user)
    run_sql(
        connection,
        sql.SQL("GRANT {} TO {}").format(
            sql.Identifier(group_role(database, role)), sql.Identifier(user)
        ),
    )
    connection.execute(text("DELETE FROM server_member WHERE db_user = :u"), {"u": user})
    connection.execute(
        text(
            "INSERT INTO server_member (db_user, role, person_id, granted_at, granted_by) "
            "VALUES (:u, :r, :p, :at, session_user)"
        ),
        {"u": user, "r": role.value, "p": person_id, "at": now()},
    )
    return created


def revoke(connection: Connection, user: str) -> bool:
    """Take ``user``'s role in this portfolio away; False when they had none."""
    database = database_name(connection)
    had = _leave_groups(connection, database, user)
    deleted = connection.execute(text("DELETE FROM server_member WHERE db_user = :u"), {"u": user})
    return had or bool(deleted.rowcount)


def _leave_groups(connection: Connection, database: str, user: str) -> bool:
    if not login_exists(connection, user):
        return False
    left = False
    for role in TeamRole:
        group = group_role(database, role)
        member = connection.execute(
            text(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :g AND u.rolname = :u"
            ),
            {"g": group, "u": user},
        ).first()
        if member is not None:
            run_sql(
                connection,
                sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(user)),
            )
            left = True
    return left


def members(connection: Connection) -> list[Member]:
    rows = connection.execute(
        text(
            "SELECT m.db_user, m.role, p.name, m.granted_at, m.granted_by FROM server_member m "
            "LEFT JOIN person p ON p.id = m.person_id ORDER BY m.db_user"
        )
    )
    return [Member(r[0], TeamRole(r[1]), r[2], r[3], r[4]) for r in rows]
