"""Tables of team mode: who is who on a server, and definition changes proposed by
benefit owners for a PMO to approve (docs/team-mode.md)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from benefitdesk.enums import TeamRole
from benefitdesk.model.tables import Versioned, enum_type, now, row_version_field


class ProposalStatus(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ServerMember(SQLModel, table=True):
    """A database user of a server portfolio: their role and the person they are.

    Row-level security reads it: an owner may write to the benefits whose owner is
    their person. Written only by ``benefitdesk server grant`` (the administrator).
    """

    __tablename__ = "server_member"

    id: int | None = Field(default=None, primary_key=True)
    db_user: str = Field(max_length=63, unique=True)
    role: TeamRole = Field(sa_type=enum_type(TeamRole))
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    granted_at: datetime = Field(default_factory=now)
    granted_by: str | None = Field(default=None, max_length=63)


class BenefitProposal(Versioned, SQLModel, table=True):
    """A change to a benefit's definition proposed by its owner, awaiting a PMO.

    ``changes`` is JSON: field → [value when proposed, proposed value], the values as
    the canonical workbook writes them. ``base_version`` is the benefit's row version
    the owner saw, so approving a proposal made on a stale definition is refused.
    """

    __tablename__ = "benefit_proposal"

    id: int | None = Field(default=None, primary_key=True)
    benefit_id: int = Field(foreign_key="benefit.id", ondelete="CASCADE", index=True)
    base_version: int
    changes: str = "{}"
    reason: str | None = None
    status: ProposalStatus = Field(default=ProposalStatus.OPEN, sa_type=enum_type(ProposalStatus))
    proposed_at: datetime = Field(default_factory=now)
    proposed_by: str | None = Field(default=None, max_length=200)
    decided_at: datetime | None = None
    decided_by: str | None = Field(default=None, max_length=200)
    decision_note: str | None = None
    row_version: int = row_version_field()
