"""daily frequency, codes up to 100 characters

Real registers report some KPIs daily (service uptime, recovery time) and identify rows
with long references (an item ID such as "O&N UC-7.4-Item #1", a KPI code plus its
objective). The frequency check constraints gain "daily"; the code columns of projects,
benefits and indicators grow from 40 to 100 characters. Both are additive: every
existing value stays valid.

(Revision 0004 follows 0005: migrations are chained in the order they reached main, so
that a portfolio already at 0005 still gains these changes.)

Revision ID: 0004
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("weekly", "monthly", "quarterly", "half-yearly", "yearly")
NEW = ("daily", *OLD)


def _frequencies(table: str, allowed: tuple[str, ...]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_frequency"), type_="check")
        batch_op.create_check_constraint(
            op.f(f"ck_{table}_frequency"), sa.column("frequency").in_(allowed)
        )


def _codes(length: int, before: int) -> None:
    for table in ("project", "benefit", "indicator"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "code",
                existing_type=sa.String(length=before),
                type_=sa.String(length=length),
                existing_nullable=False,
            )


def upgrade() -> None:
    for table in ("benefit", "indicator"):
        _frequencies(table, NEW)
    _codes(100, 40)


def downgrade() -> None:
    for table in ("benefit", "indicator"):
        op.execute(f"UPDATE {table} SET frequency = 'weekly' WHERE frequency = 'daily'")
        _frequencies(table, OLD)
    _codes(40, 100)
