"""The same migrations on both engines (tests/test_store.py checks the schema they make
matches the models on each); here every revision runs up and down on PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from benefitdesk.store.engine import make_engine
from benefitdesk.store.migrate import alembic_config, current_revision, upgrade


def test_every_migration_runs_up_and_down_on_postgresql(empty_pg_database: str) -> None:
    """Each revision, one at a time, then all the way down and up again."""
    engine = make_engine(empty_pg_database)
    config = alembic_config()
    try:
        script = ScriptDirectory.from_config(config)
        for revision in reversed([r.revision for r in script.walk_revisions()]):
            upgrade(engine, revision)
            assert current_revision(engine) == revision
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        config.attributes.pop("connection")
        assert current_revision(engine) is None
        upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == []
    finally:
        engine.dispose()
