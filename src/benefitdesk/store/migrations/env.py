"""Alembic environment: run in code by benefitdesk.store.migrate, never by hand.

The connection is handed in through ``config.attributes["connection"]`` so migrations
run inside the caller's engine (with its pragmas) and transaction.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import benefitdesk.model  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copy-and-move
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
