"""SQLModel tables: the persistent vocabulary of a portfolio.

Enumerations are stored by their lower-case *values* (``in delivery``), the same words
the canonical workbook uses, so that bulk paths and other tools can read the file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from benefitdesk.enums import (
    ActionStatus,
    ActivityKind,
    BatchKind,
    BenefitKind,
    Category,
    Classification,
    Confidence,
    Frequency,
    Lifecycle,
    MeasurementSource,
    ProjectStatus,
    Raci,
    Rag,
    VarianceCause,
)

#: Named constraints let Alembic's batch mode (SQLite) and PostgreSQL alter them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_type(enum: type[StrEnum]) -> SAEnum:
    """A portable VARCHAR enum that stores values, not member names."""
    return SAEnum(
        enum,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=24,
        name=enum.__name__.lower(),
    )


def row_version_field() -> Any:
    """The row version: 1 when inserted, one more at every update through the ORM.

    The server also bumps it when bulk SQL updates a row (see store/server), so a form
    holding an older version knows its copy is stale.
    """
    return Field(default=1, sa_column_kwargs={"server_default": text("1")})


class Versioned:
    """Every UPDATE checks the version it read: an edit made on a stale copy fails
    instead of overwriting (SQLAlchemy's optimistic concurrency, ``version_id_col``)."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # A mixin: ``__table__`` is the mapped subclass's, unknown to the type checker here.
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]


def now() -> datetime:
    """The current time, timezone-aware in UTC (how timestamps are stored)."""
    return datetime.now(UTC).replace(microsecond=0)


class PortfolioSettings(Versioned, SQLModel, table=True):
    """Exactly one row (id 1): the portfolio's name, currency and tolerances."""

    __tablename__ = "portfolio_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("amber_pct >= 0 AND red_pct >= amber_pct", name="thresholds"),
        CheckConstraint("forecast_window >= 3", name="forecast_window_min"),
    )

    id: int = Field(default=1, primary_key=True)
    name: str = Field(default="New portfolio", max_length=200)
    currency: str = Field(default="GBP", max_length=3)
    amber_pct: float = 10.0
    red_pct: float = 25.0
    forecast_window: int = 6
    row_version: int = row_version_field()


class Person(Versioned, SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    email: str | None = Field(default=None, max_length=320)
    role: str | None = Field(default=None, max_length=200)
    # The OS login that records figures (audit "who"); lets the app know who "me" is.
    user_name: str | None = Field(default=None, max_length=100, unique=True)
    row_version: int = row_version_field()


class Project(Versioned, SQLModel, table=True):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint(
            "percent_complete IS NULL OR (percent_complete >= 0 AND percent_complete <= 100)",
            name="percent_complete_range",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=100, unique=True)
    name: str = Field(max_length=300)
    sponsor_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    manager_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    status: ProjectStatus = Field(default=ProjectStatus.PROPOSED, sa_type=enum_type(ProjectStatus))
    approval_date: date | None = None
    planned_go_live: date | None = None
    actual_go_live: date | None = None
    budget: float | None = None
    actual_cost: float | None = None
    percent_complete: float | None = None
    delivery_rag: Rag | None = Field(default=None, sa_type=enum_type(Rag))
    row_version: int = row_version_field()


class Benefit(Versioned, SQLModel, table=True):
    __tablename__ = "benefit"
    __table_args__ = (
        CheckConstraint(
            "baseline IS NULL OR target IS NULL OR baseline <> target OR kind = 'maintain'",
            name="target_differs_from_baseline",
        ),
        CheckConstraint("tolerance IS NULL OR tolerance >= 0", name="tolerance_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=100, unique=True)
    project_id: int | None = Field(
        default=None, foreign_key="project.id", ondelete="SET NULL", index=True
    )
    title: str = Field(max_length=300)
    description: str | None = None
    kind: BenefitKind = Field(default=BenefitKind.BENEFIT, sa_type=enum_type(BenefitKind))
    category: Category = Field(default=Category.OTHER, sa_type=enum_type(Category))
    classification: Classification | None = Field(default=None, sa_type=enum_type(Classification))
    measure: str | None = Field(default=None, max_length=200)
    unit: str | None = Field(default=None, max_length=40)
    baseline: float | None = None
    baseline_date: date | None = None
    target: float | None = None
    target_date: date | None = None
    realisation_start: date | None = None
    tracking_end: date | None = None
    owner_id: int | None = Field(
        default=None, foreign_key="person.id", ondelete="SET NULL", index=True
    )
    data_source: str | None = Field(default=None, max_length=300)
    frequency: Frequency | None = Field(default=None, sa_type=enum_type(Frequency))
    financial_value: float | None = None
    # A maintain KPI's band either side of the level it holds, in its unit.
    tolerance: float | None = None
    confidence: Confidence | None = Field(default=None, sa_type=enum_type(Confidence))
    status: Lifecycle = Field(default=Lifecycle.DRAFT, sa_type=enum_type(Lifecycle))
    defined_on: date | None = None
    objective: str | None = Field(default=None, max_length=300)
    sustainment: str | None = None
    notes: str | None = None
    row_version: int = row_version_field()


class Stakeholder(Versioned, SQLModel, table=True):
    """A person's RACI role on a benefit."""

    __tablename__ = "stakeholder"
    __table_args__ = (UniqueConstraint("benefit_id", "person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    role: Raci = Field(sa_type=enum_type(Raci))
    row_version: int = row_version_field()


class PlanVersion(Versioned, SQLModel, table=True):
    """A numbered realisation profile; the highest version is the current plan."""

    __tablename__ = "plan_version"
    __table_args__ = (
        UniqueConstraint("benefit_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    version: int = 1
    reason: str | None = None
    created_at: datetime = Field(default_factory=now)
    row_version: int = row_version_field()


class PlanPoint(Versioned, SQLModel, table=True):
    __tablename__ = "plan_point"
    __table_args__ = (UniqueConstraint("plan_version_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id", ondelete="CASCADE")
    date: date
    value: float
    row_version: int = row_version_field()


class ImportBatch(SQLModel, table=True):
    """One import or sync run: what came in, from where, and whether it was undone."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: BatchKind = Field(default=BatchKind.IMPORT, sa_type=enum_type(BatchKind))
    file_name: str | None = Field(default=None, max_length=500)
    sha256: str | None = Field(default=None, max_length=64, index=True)
    profile: str | None = Field(default=None, max_length=200)
    source: str | None = None
    created_at: datetime = Field(default_factory=now)
    created_by: str | None = Field(default=None, max_length=200)
    rows_read: int = 0
    rows_added: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    rows_skipped: int = 0  # blank, total and placeholder rows
    rows_rejected: int = 0  # rows left out with an error (listed in import_reject)
    undone_at: datetime | None = None


class ImportReject(SQLModel, table=True):
    """A row an import left out: where it was, why, and its cells as written."""

    __tablename__ = "import_reject"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", ondelete="CASCADE", index=True)
    sheet: str = Field(max_length=200)
    row_number: int
    reason: str
    cells: str = "[]"  # JSON: the row's cells from column A, as text
    header: str = "[]"  # JSON: its sheet's header row, likewise


class Measurement(Versioned, SQLModel, table=True):
    """One value per benefit per period-end date."""

    __tablename__ = "measurement"
    __table_args__ = (UniqueConstraint("benefit_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE")
    date: date
    value: float
    source: MeasurementSource = Field(
        default=MeasurementSource.MANUAL, sa_type=enum_type(MeasurementSource)
    )
    note: str | None = None
    recorded_at: datetime = Field(default_factory=now)
    recorded_by: str | None = Field(default=None, max_length=200)
    batch_id: int | None = Field(
        default=None, foreign_key="import_batch.id", ondelete="SET NULL", index=True
    )
    row_version: int = row_version_field()


class Indicator(Versioned, SQLModel, table=True):
    """A leading indicator: an early signal that its benefit will (not) be achieved."""

    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint(
            "baseline IS NULL OR target IS NULL OR baseline <> target",
            name="indicator_target_differs",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=100, unique=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=200)
    unit: str | None = Field(default=None, max_length=40)
    baseline: float | None = None
    baseline_date: date | None = None
    target: float | None = None
    target_date: date | None = None
    frequency: Frequency | None = Field(default=None, sa_type=enum_type(Frequency))
    data_source: str | None = Field(default=None, max_length=300)
    row_version: int = row_version_field()


class IndicatorMeasurement(Versioned, SQLModel, table=True):
    __tablename__ = "indicator_measurement"
    __table_args__ = (UniqueConstraint("indicator_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", ondelete="CASCADE")
    date: date
    value: float
    source: MeasurementSource = Field(
        default=MeasurementSource.MANUAL, sa_type=enum_type(MeasurementSource)
    )
    note: str | None = None
    recorded_at: datetime = Field(default_factory=now)
    recorded_by: str | None = Field(default=None, max_length=200)
    batch_id: int | None = Field(
        default=None, foreign_key="import_batch.id", ondelete="SET NULL", index=True
    )
    row_version: int = row_version_field()


class VarianceNote(Versioned, SQLModel, table=True):
    __tablename__ = "variance_note"

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    period: date
    cause: VarianceCause = Field(sa_type=enum_type(VarianceCause))
    explanation: str = ""
    row_version: int = row_version_field()


class CorrectiveAction(Versioned, SQLModel, table=True):
    __tablename__ = "corrective_action"

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=300)
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    due_date: date | None = None
    status: ActionStatus = Field(default=ActionStatus.OPEN, sa_type=enum_type(ActionStatus))
    outcome: str | None = None
    done_date: date | None = None  # when it was completed or dropped
    row_version: int = row_version_field()


class Activity(Versioned, SQLModel, table=True):
    """A realisation activity or milestone (training, adoption milestone, ...)."""

    __tablename__ = "activity"

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=300)
    kind: ActivityKind = Field(default=ActivityKind.OTHER, sa_type=enum_type(ActivityKind))
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    due_date: date | None = None
    done_date: date | None = None
    status: ActionStatus = Field(default=ActionStatus.OPEN, sa_type=enum_type(ActionStatus))
    row_version: int = row_version_field()


class ImportProfile(Versioned, SQLModel, table=True):
    """A saved rule that pulls measurements from an operational source (sync)."""

    __tablename__ = "import_profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    config: str = "{}"  # JSON: source, path/url, columns, keys, aggregate, period
    last_run_at: datetime | None = None
    last_status: str | None = Field(default=None, max_length=20)
    last_message: str | None = None
    row_version: int = row_version_field()


class AuditEntry(SQLModel, table=True):
    """Who changed what, when: accountability is the point of the product."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=now, index=True)  # history views list by time
    user: str | None = Field(default=None, max_length=200)  # the OS login
    person: str | None = Field(default=None, max_length=200)  # who they said they are ("Me")
    # The database user on a server (set by the server itself, so it cannot be forged).
    db_user: str | None = Field(default=None, max_length=63)
    action: str = Field(max_length=10)  # insert | update | delete
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    label: str | None = Field(default=None, max_length=200)  # e.g. "B-001 2026-03-31"
    field: str | None = Field(default=None, max_length=60)
    old: str | None = None
    new: str | None = None
    batch_id: int | None = Field(default=None, index=True)
