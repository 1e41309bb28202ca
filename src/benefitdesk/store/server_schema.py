"""A portfolio's schema on a PostgreSQL server: checked on open, made by ``server init``.

The tables come from the same Alembic migrations as a portfolio file. On top of them
the server carries what only a server needs (installed again, idempotently, by every
``server init``):

* a trigger that bumps ``row_version`` when any SQL (an import's bulk update, a
  hand-written statement) updates a row without doing so itself, so a form holding
  the old version sees that its copy is stale;
* a trigger that writes the session's database user into every audit entry, so the
  log names who did it whatever the client claims;
* statement triggers that announce each change with ``NOTIFY benefitdesk`` and the ids
  of the benefits concerned, so other clients refresh just those (store/notify.py).

Opening a server portfolio never migrates it: that is the administrator's deliberate
step (``benefitdesk server init URL`` again, after a BenefitDesk upgrade).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from benefitdesk.store.errors import NotAPortfolio, PortfolioError, SchemaTooNew
from benefitdesk.store.migrate import current_revision, upgrade
from benefitdesk.store.revisions import head_revision, known_revisions

#: Channel of the change notices.
CHANNEL = "benefitdesk"
#: More benefits than this in one statement: the notice says "everything".
NOTICE_MAX_IDS = 400


#: How a table's changed rows lead to benefit ids (``changed`` is the statement's
#: transition table), where it has no ``benefit_id`` column; None: the change may
#: concern every benefit (people, projects, settings).
BENEFITS_OF: dict[str, str | None] = {
    "benefit": "SELECT id FROM changed",
    "indicator_measurement": (
        "SELECT i.benefit_id FROM changed c JOIN indicator i ON i.id = c.indicator_id"
    ),
    "plan_point": (
        "SELECT v.benefit_id FROM changed c JOIN plan_version v ON v.id = c.plan_version_id"
    ),
}
#: Bookkeeping nobody needs to hear about (imports announce the figures they write).
SILENT = frozenset(
    {"alembic_version", "audit_entry", "server_member", "import_batch", "import_profile"}
    | {"import_reject"}
)


def _tables() -> dict[str, Any]:
    from sqlmodel import SQLModel

    import benefitdesk.model  # noqa: F401  (registers the tables)

    return dict(SQLModel.metadata.tables)


def versioned() -> set[str]:
    """The tables whose rows carry ``row_version``."""
    return {name for name, table in _tables().items() if "row_version" in table.columns}


def announced() -> dict[str, str | None]:
    """Every portfolio table whose changes are announced, with its benefit-id query."""
    found: dict[str, str | None] = {}
    for name, table in _tables().items():
        if name in SILENT:
            continue
        default = "SELECT benefit_id FROM changed" if "benefit_id" in table.columns else None
        found[name] = BENEFITS_OF.get(name, default)
    return found


FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION bd_bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.row_version = OLD.row_version THEN
        NEW.row_version := OLD.row_version + 1;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION bd_audit_db_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.db_user := session_user;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION bd_announce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids integer[];
BEGIN
    IF TG_ARGV[0] <> '' THEN
        EXECUTE 'SELECT array_agg(DISTINCT b) FROM (' || TG_ARGV[0] || ') AS t(b)' INTO ids;
        IF ids IS NULL THEN
            RETURN NULL;
        END IF;
        IF cardinality(ids) > {NOTICE_MAX_IDS} THEN
            ids := NULL;
        END IF;
    END IF;
    PERFORM pg_notify(
        '{CHANNEL}', json_build_object('table', TG_TABLE_NAME, 'benefits', ids)::text);
    RETURN NULL;
END $$;
"""


def _triggers(table: str, benefits: dict[str, str | None], bumped: set[str]) -> list[str]:
    statements = []
    if table in bumped:
        statements.append(
            f"CREATE OR REPLACE TRIGGER bd_row_version BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION bd_bump_row_version()"
        )
    if table in benefits:
        query = (benefits[table] or "").replace("'", "''")
        for event, transition in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            statements.append(
                f"CREATE OR REPLACE TRIGGER bd_announce_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transition} TABLE AS changed "
                f"FOR EACH STATEMENT EXECUTE FUNCTION bd_announce('{query}')"
            )
    return statements


def install_server_objects(connection: Connection) -> None:
    """(Re)create the server-only functions and triggers; safe to run again."""
    connection.exec_driver_sql(FUNCTIONS)
    benefits, bumped = announced(), versioned()
    for table in sorted(bumped | set(benefits)):
        for statement in _triggers(table, benefits, bumped):
            connection.exec_driver_sql(statement)
    connection.exec_driver_sql(
        "CREATE OR REPLACE TRIGGER bd_audit_db_user BEFORE INSERT ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION bd_audit_db_user()"
    )


def create_or_upgrade(engine: Engine) -> str | None:
    """Bring the server's schema to the current one; returns the revision it had."""
    revision = current_revision(engine)
    if revision is None and _has_foreign_tables(engine):
        raise NotAPortfolio(
            "The database already holds tables that are not a BenefitDesk portfolio; "
            "use an empty database"
        )
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNew(_too_new(revision))
    upgrade(engine)
    with engine.begin() as connection:
        install_server_objects(connection)
    return revision


def check_server_schema(engine: Engine, shown: str) -> None:
    """Refuse a server database that is not a portfolio at this BenefitDesk's schema."""
    revision = current_revision(engine)
    if revision is None:
        raise NotAPortfolio(
            f"{shown} holds no BenefitDesk portfolio yet: an administrator sets it up with "
            f"'benefitdesk server init {shown}' (then 'benefitdesk publish FILE {shown}' "
            "to copy a portfolio file there)"
        )
    if revision not in known_revisions():
        raise SchemaTooNew(_too_new(revision))
    if revision != head_revision():
        raise PortfolioError(
            f"{shown} has an older schema ({revision}): an administrator upgrades it with "
            f"'benefitdesk server init {shown}'"
        )


def _too_new(revision: str) -> str:
    return (
        f"The server portfolio was set up by a newer BenefitDesk (schema {revision}); "
        "update BenefitDesk to open it"
    )


def _has_foreign_tables(engine: Engine) -> bool:
    return bool(set(inspect(engine).get_table_names()) - {"alembic_version"})


def is_table_owner(connection: Connection) -> bool:
    """True when the session may change the schema (owner of the tables, or superuser)."""
    row = connection.execute(
        text(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'benefit'"
        )
    ).first()
    return bool(row and row[0])
