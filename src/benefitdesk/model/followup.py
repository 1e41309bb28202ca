"""The monthly cycle's records: who was chased for what, and each benefits review.

Kept apart from ``tables.py`` because they describe the PMO's follow-up of a benefit,
not the benefit itself: deleting a benefit deletes them; deleting a person keeps the
chase with the name it was sent to.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from benefitdesk.model.tables import enum_type, now


class ReviewDecision(StrEnum):
    """What a benefits review decided (docs/monthly-cycle.md, "Benefits review")."""

    CLOSE_REALISED = "close as realised"
    CONTINUE = "continue tracking"
    CLOSE_NOT_REALISED = "close as not realised"


class ChaseRecord(SQLModel, table=True):
    """One item an owner was asked for, on one day (a chase lists several)."""

    __tablename__ = "chase_record"

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    person_id: int | None = Field(
        default=None, foreign_key="person.id", ondelete="SET NULL", index=True
    )
    person_name: str = Field(max_length=200)  # as it was when chased
    email: str | None = Field(default=None, max_length=320)
    chased_on: date
    what: str = Field(max_length=500)  # e.g. "monthly figure overdue since 31 Aug 2026"
    via: str = Field(default="e-mail", max_length=20)  # e-mail | marked
    created_at: datetime = Field(default_factory=now)
    created_by: str | None = Field(default=None, max_length=200)


class BenefitReview(SQLModel, table=True):
    """A post-implementation review of one benefit and the decision it reached."""

    __tablename__ = "benefit_review"

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    reviewed_on: date
    decision: ReviewDecision = Field(sa_type=enum_type(ReviewDecision))
    continue_until: date | None = None  # the new tracking end when tracking continues
    lessons: str | None = None
    note: str | None = None  # why this decision
    realisation_pct: float | None = None  # the figure the review saw
    created_at: datetime = Field(default_factory=now)
    created_by: str | None = Field(default=None, max_length=200)
