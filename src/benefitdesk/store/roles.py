"""Roles on a server portfolio, enforced by PostgreSQL itself (grants and row-level
security), so that a hand-written SQL session has no more rights than the app gives.

Each portfolio database has three group roles, named after it (``benefits_pmo``,
``benefits_owner``, ``benefits_viewer``): roles are shared by every database of a
server, so the names keep one portfolio's PMO from being another's. People sign in
as their own login role, a member of one group. ``server_member`` says which person
a login is; an owner may write figures, variance notes, actions and activities only
where that person owns the benefit (policies over ``bd_owns_benefit``), and may
propose definition changes on those benefits. See docs/team-mode.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from benefitdesk.model import TeamRole
from benefitdesk.store.server_schema import is_table_owner

if TYPE_CHECKING:  # psycopg is imported on use: a portfolio file never pays for it
    from psycopg import sql

#: Tables every role reads (all of them) and the PMO writes (all but these).
NOT_PMO_WRITABLE = frozenset({"alembic_version", "server_member", "audit_entry"})
#: Benefit records an owner writes on their own benefits: table -> ownership test.
OWNER_RECORDS = {
    "measurement": "bd_owns_benefit(benefit_id)",
    "variance_note": "bd_owns_benefit(benefit_id)",
    "corrective_action": "bd_owns_benefit(benefit_id)",
    "activity": "bd_owns_benefit(benefit_id)",
    "indicator_measurement": "bd_owns_indicator(indicator_id)",
}

OWNERSHIP_FUNCTIONS = """
CREATE OR REPLACE FUNCTION bd_owns_benefit(benefit integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM benefit b JOIN server_member m ON m.person_id = b.owner_id
        WHERE b.id = benefit AND m.db_user = current_user AND m.role = 'owner')
$$;
CREATE OR REPLACE FUNCTION bd_owns_indicator(indicator integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT bd_owns_benefit(i.benefit_id) FROM indicator i WHERE i.id = indicator
$$;
"""


def group_role(database: str, role: TeamRole) -> str:
    """The group role of ``role`` in ``database`` (at most 63 characters)."""
    return f"{database[: 63 - len(role.value) - 1]}_{role.value}"


def _q(name: str) -> sql.Composable:
    from psycopg import sql

    return sql.Identifier(name)


def run_sql(connection: Connection, statement: sql.Composable) -> None:
    raw = connection.connection.driver_connection
    connection.exec_driver_sql(statement.as_string(raw))


def database_name(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_database()")).scalar())


def _tables(connection: Connection) -> list[str]:
    rows = connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    )
    return sorted(r[0] for r in rows)


def _ensure_group(connection: Connection, name: str) -> None:
    from psycopg import sql

    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    if exists.first() is None:
        run_sql(connection, sql.SQL("CREATE ROLE {} NOLOGIN").format(_q(name)))


def install_roles(connection: Connection) -> dict[TeamRole, str]:
    """Create the group roles, grants and policies of this database; safe to rerun."""
    from psycopg import sql

    database = database_name(connection)
    groups = {role: group_role(database, role) for role in TeamRole}
    for name in groups.values():
        _ensure_group(connection, name)
    pmo, owner, viewer = (_q(groups[r]) for r in (TeamRole.PMO, TeamRole.OWNER, TeamRole.VIEWER))
    everyone = sql.SQL(", ").join([pmo, owner, viewer])
    db = _q(database)
    for statement in (
        sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(db),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, everyone),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(everyone),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(everyone),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(everyone),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}, {}").format(
            pmo, owner
        ),
        sql.SQL("GRANT UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(pmo),
        sql.SQL("GRANT INSERT ON audit_entry TO {}, {}").format(pmo, owner),
        sql.SQL("GRANT INSERT ON person TO {}").format(owner),
        sql.SQL("GRANT INSERT, UPDATE ON benefit_proposal TO {}").format(owner),
    ):
        run_sql(connection, statement)
    for table in _tables(connection):
        if table not in NOT_PMO_WRITABLE:
            run_sql(
                connection,
                sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(_q(table), pmo),
            )
    for table in OWNER_RECORDS:
        run_sql(
            connection, sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(_q(table), owner)
        )
    connection.exec_driver_sql(OWNERSHIP_FUNCTIONS)
    _install_policies(connection, pmo, owner)
    return groups


def _policy(connection: Connection, table: str, name: str, body: sql.Composable) -> None:
    from psycopg import sql

    run_sql(connection, sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(_q(name), _q(table)))
    run_sql(connection, sql.SQL("CREATE POLICY {} ON {} ").format(_q(name), _q(table)) + body)


def _install_policies(connection: Connection, pmo: sql.Composable, owner: sql.Composable) -> None:
    """Everyone reads; the PMO writes anything; an owner writes only on their benefits."""
    from psycopg import sql

    for table, owns in {**OWNER_RECORDS, "benefit_proposal": "bd_owns_benefit(benefit_id)"}.items():
        run_sql(connection, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(_q(table)))
        _policy(connection, table, "bd_read", sql.SQL("FOR SELECT USING (true)"))
        _policy(
            connection,
            table,
            "bd_pmo",
            sql.SQL("FOR ALL TO {} USING (true) WITH CHECK (true)").format(pmo),
        )
        mine = sql.SQL(owns)  # a constant of this module, never user input
        if table == "benefit_proposal":
            insert = sql.SQL("FOR INSERT TO {} WITH CHECK ({} AND status = 'open')")
            update = sql.SQL(
                "FOR UPDATE TO {} USING ({} AND status = 'open') "
                "WITH CHECK ({} AND status IN ('open', 'withdrawn'))"
            )
            _policy(connection, table, "bd_owner_insert", insert.format(owner, mine))
            _policy(connection, table, "bd_owner_update", update.format(owner, mine, mine))
            continue
        _policy(
            connection,
            table,
            "bd_owner_write",
            sql.SQL("FOR ALL TO {} USING ({}) WITH CHECK ({})").format(owner, mine, mine),
        )


@dataclass(frozen=True)
class Access:
    """What the signed-in database user may do in this portfolio."""

    role: TeamRole
    db_user: str | None = None
    person_id: int | None = None
    administrator: bool = False  # owns the schema (runs server init)

    def may_edit_definitions(self) -> bool:
        return self.role is TeamRole.PMO

    def may_write_records(self, owner_id: int | None) -> bool:
        """Figures, notes, actions and activities of a benefit owned by ``owner_id``."""
        if self.role is TeamRole.PMO:
            return True
        return self.role is TeamRole.OWNER and owner_id is not None and owner_id == self.person_id


LOCAL = Access(TeamRole.PMO)


def session_access(connection: Connection) -> Access:
    """The role of the connection's user: administrator, PMO, owner or viewer."""
    database = database_name(connection)
    user = str(connection.execute(text("SELECT current_user")).scalar())
    member = connection.execute(
        text("SELECT person_id FROM server_member WHERE db_user = :u"), {"u": user}
    ).first()
    person_id = member[0] if member else None
    superuser = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if superuser or is_table_owner(connection):
        return Access(TeamRole.PMO, user, person_id, administrator=True)
    held = {
        r[0]
        for r in connection.execute(
            text(
                "SELECT rolname FROM pg_roles WHERE rolname = ANY(:names) "
                "AND pg_has_role(current_user, oid, 'USAGE')"
            ),
            {"names": [group_role(database, role) for role in TeamRole]},
        )
    }
    for role in TeamRole:  # in order of rights: PMO, owner, viewer
        if group_role(database, role) in held:
            return Access(role, user, person_id)
    return Access(TeamRole.VIEWER, user, person_id)
