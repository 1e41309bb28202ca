"""What was decided and asked about benefits: proposals, reviews, chases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from benefitdesk.model import (
    Benefit,
    BenefitProposal,
    BenefitReview,
    ChaseRecord,
    ProposalStatus,
)


def proposals_with_codes(
    session: Session, *, benefit_id: int | None, open_only: bool
) -> Sequence[tuple[BenefitProposal, str]]:
    """Proposals with their benefit's code, oldest first: of one benefit or of every
    one, the open ones only or all."""
    query = select(BenefitProposal, Benefit.code).join(
        Benefit, col(Benefit.id) == BenefitProposal.benefit_id
    )
    if benefit_id is not None:
        query = query.where(BenefitProposal.benefit_id == benefit_id)
    if open_only:
        query = query.where(BenefitProposal.status == ProposalStatus.OPEN)
    return session.exec(query.order_by(col(BenefitProposal.id))).all()


def reviews_of_benefit(session: Session, benefit_id: int) -> Sequence[BenefitReview]:
    """The reviews recorded about a benefit, oldest first."""
    query = select(BenefitReview).where(BenefitReview.benefit_id == benefit_id)
    return session.exec(query.order_by(col(BenefitReview.reviewed_on))).all()


def last_chase_by_name(session: Session) -> Sequence[tuple[str, date]]:
    """Each chased name (as written) with the last day it was chased."""
    query = select(ChaseRecord.person_name, func.max(ChaseRecord.chased_on)).group_by(
        ChaseRecord.person_name
    )
    return session.exec(query).all()


def chases_of_benefit(session: Session, benefit_id: int) -> Sequence[ChaseRecord]:
    """Every chase about one benefit, newest first."""
    query = (
        select(ChaseRecord)
        .where(ChaseRecord.benefit_id == benefit_id)
        .order_by(col(ChaseRecord.chased_on).desc(), col(ChaseRecord.id).desc())
    )
    return session.exec(query).all()
