"""A benefit's plan as a write sees it: its current version and that version's points."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, func, select

from benefitdesk.model import PlanPoint, PlanVersion


def current_plan_version(session: Session, benefit_id: int) -> PlanVersion | None:
    """The benefit's highest plan version, None without a plan."""
    query = (
        select(PlanVersion)
        .where(PlanVersion.benefit_id == benefit_id)
        .order_by(col(PlanVersion.version).desc())
    )
    return session.exec(query).first()


def highest_plan_version(session: Session, benefit_id: int) -> int:
    """The benefit's highest plan version number, 0 without a plan."""
    query = select(func.max(PlanVersion.version)).where(PlanVersion.benefit_id == benefit_id)
    return session.exec(query).one() or 0


def plan_points_of(session: Session, version_id: int) -> Sequence[PlanPoint]:
    return session.exec(select(PlanPoint).where(PlanPoint.plan_version_id == version_id)).all()
