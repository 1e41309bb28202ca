"""import review: batch counts by fate, rejected rows; maintain KPIs

An import batch keeps how many rows it skipped and rejected, and each rejected row
(sheet, row, reason, its cells) in ``import_reject``, shown in Import History. A
benefit may be of the kind ``maintain`` — hold its baseline level within a
``tolerance`` band — whose target equals its baseline (docs/contract.md). Additive:
every existing row stays valid.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("benefit", "dis-benefit")
NEW_KINDS = (*OLD_KINDS, "maintain")
OLD_TARGET = "baseline IS NULL OR target IS NULL OR baseline <> target"
NEW_TARGET = f"{OLD_TARGET} OR kind = 'maintain'"


def _benefit(kinds: tuple[str, ...], target_rule: str) -> None:
    with op.batch_alter_table("benefit", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_benefit_benefitkind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_benefit_benefitkind"), sa.column("kind").in_(kinds)
        )
        batch_op.drop_constraint(op.f("ck_benefit_target_differs_from_baseline"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_benefit_target_differs_from_baseline"), sa.text(target_rule)
        )


def upgrade() -> None:
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        for name in ("rows_skipped", "rows_rejected"):
            batch_op.add_column(
                sa.Column(name, sa.Integer(), server_default=sa.text("0"), nullable=False)
            )
    op.create_table(
        "import_reject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("sheet", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("cells", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("header", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_import_reject_batch_id_import_batch"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_reject")),
    )
    with op.batch_alter_table("import_reject", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_reject_batch_id"), ["batch_id"], unique=False)
    with op.batch_alter_table("benefit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tolerance", sa.Float(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_benefit_tolerance_not_negative"),
            sa.text("tolerance IS NULL OR tolerance >= 0"),
        )
    _benefit(NEW_KINDS, NEW_TARGET)


def downgrade() -> None:
    op.execute("UPDATE benefit SET kind = 'benefit' WHERE kind = 'maintain'")
    op.execute("UPDATE benefit SET target = NULL WHERE target = baseline")
    _benefit(OLD_KINDS, OLD_TARGET)
    with op.batch_alter_table("benefit", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_benefit_tolerance_not_negative"), type_="check")
        batch_op.drop_column("tolerance")
    with op.batch_alter_table("import_reject", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_reject_batch_id"))
    op.drop_table("import_reject")
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_column("rows_rejected")
        batch_op.drop_column("rows_skipped")
