"""row versions, audit database user, server members, definition proposals

Every editable row gets ``row_version`` (optimistic concurrency: a stale edit is
refused, never overwritten); the audit log records the database user on a server;
``server_member`` maps database users to roles and people; ``benefit_proposal`` holds
definition changes proposed by owners for a PMO to approve (docs/team-mode.md).

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-06 12:35:07.167435
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = (
    "activity",
    "benefit",
    "corrective_action",
    "import_profile",
    "indicator",
    "indicator_measurement",
    "measurement",
    "person",
    "plan_point",
    "plan_version",
    "portfolio_settings",
    "project",
    "stakeholder",
    "variance_note",
)


def _row_version() -> sa.Column:
    return sa.Column("row_version", sa.Integer(), server_default=sa.text("1"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "server_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("db_user", sqlmodel.sql.sqltypes.AutoString(length=63), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "pmo",
                "owner",
                "viewer",
                name="teamrole",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("granted_by", sqlmodel.sql.sqltypes.AutoString(length=63), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_server_member_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_member")),
        sa.UniqueConstraint("db_user", name=op.f("uq_server_member_db_user")),
    )
    op.create_table(
        "benefit_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("benefit_id", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("changes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "approved",
                "rejected",
                "withdrawn",
                name="proposalstatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("proposed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("proposed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("decision_note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        _row_version(),
        sa.ForeignKeyConstraint(
            ["benefit_id"],
            ["benefit.id"],
            name=op.f("fk_benefit_proposal_benefit_id_benefit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_proposal")),
    )
    with op.batch_alter_table("benefit_proposal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_benefit_proposal_benefit_id"), ["benefit_id"], unique=False
        )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("db_user", sqlmodel.sql.sqltypes.AutoString(length=63), nullable=True)
        )
    for table in VERSIONED:  # SQLite adds a column with a constant default in place
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(_row_version())


def downgrade() -> None:
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("row_version")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("db_user")
    with op.batch_alter_table("benefit_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_benefit_proposal_benefit_id"))
    op.drop_table("benefit_proposal")
    op.drop_table("server_member")
