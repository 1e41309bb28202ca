"""Realisation plans: save the current profile, re-baseline to a new version.

Re-baselining never overwrites: the old plan stays as a numbered version with the
reason for the change, so the board can compare the original baseline with the
current plan. Undoing a re-baseline deletes the new version through
``records.delete_record`` (and ``restore_records`` brings it back).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from math import isfinite

from benefitdesk.model import Benefit, PlanPoint, PlanVersion, flushed_id
from benefitdesk.present import formats
from benefitdesk.services.changes import Change
from benefitdesk.services.conflicts import changed_by, locked
from benefitdesk.services.errors import NotFound, StaleEdit, ValidationError
from benefitdesk.store import Session, Store

# Read by the store; named here for the app's detail view and the benefits review.
from benefitdesk.store.queries.benefits import PlanVersionRecord as PlanVersionRecord
from benefitdesk.store.queries.benefits import plan_versions as plan_versions
from benefitdesk.store.queries.plans import (
    current_plan_version,
    highest_plan_version,
    plan_points_of,
)

PlanPoints = Sequence[tuple[date, float]]


def validate_points(points: PlanPoints) -> dict[str, str]:
    """A plan needs points, each on its own date, each a finite number."""
    if not points:
        return {"points": "A plan needs at least one point"}
    seen: set[date] = set()
    for day, value in points:
        if day in seen:
            return {"points": f"Two points on {formats.day(day)}: keep one per date"}
        if not isfinite(value):
            return {"points": f"The value on {formats.day(day)} is not a number"}
        seen.add(day)
    return {}


def validate_reason(reason: str | None) -> dict[str, str]:
    if reason is None or not reason.strip():
        return {"reason": "Say why the plan changes: the board will ask"}
    return {}


def _check(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError("; ".join(problems.values()), problems)


def _require_benefit(session: Session, benefit_id: int) -> None:
    if session.get(Benefit, benefit_id) is None:
        raise NotFound("That benefit no longer exists")


def save_plan(
    store: Store,
    *,
    benefit_id: int,
    points: PlanPoints,
    based_on: PlanPoints | None = None,
) -> Change:
    """Make ``points`` the current plan: edits the current version in place.

    With no plan yet this creates version 1 (``structural`` is then true and ``ids``
    holds the new version's id, which is what an undo deletes). ``based_on`` is the
    plan the editor started from: when the saved plan differs from it, someone else
    changed it meanwhile and the save is refused (StaleEdit) rather than overwriting.
    """
    _check(validate_points(points))
    with store.transaction() as session:
        benefit = locked(session, Benefit, benefit_id, "benefit")
        version = current_plan_version(session, benefit_id)
        created = version is None
        if version is None:
            version = PlanVersion(benefit_id=benefit_id, version=1)
            session.add(version)
            session.flush()
        version_id = flushed_id(version)
        wanted = dict(points)
        existing = plan_points_of(session, version_id)
        if based_on is not None and not created:
            _refuse_if_changed(session, benefit.code, version, existing, based_on)
        for point in existing:
            if point.date not in wanted:
                session.delete(point)
            elif point.value != wanted[point.date]:
                point.value = wanted[point.date]
                session.add(point)
        session.flush()
        have = {p.date for p in existing}
        for day, value in sorted(wanted.items()):
            if day not in have:
                session.add(PlanPoint(plan_version_id=version_id, date=day, value=value))
        session.flush()
        return Change("plan_version", (version_id,), frozenset({benefit_id}), created)


def _refuse_if_changed(
    session: Session,
    code: str,
    version: PlanVersion,
    existing: Sequence[PlanPoint],
    based_on: PlanPoints,
) -> None:
    if sorted((p.date, p.value) for p in existing) == sorted(based_on):
        return
    points = (("plan_point", p.id or 0) for p in existing)
    who = changed_by(session, "plan_version", version.id or 0, *points)
    raise StaleEdit(f"The plan of {code} was {who} — reload to see it; nothing was overwritten")


def rebaseline(store: Store, *, benefit_id: int, points: PlanPoints, reason: str) -> Change:
    """Save ``points`` as a new plan version; the previous ones are kept unchanged."""
    _check({**validate_points(points), **validate_reason(reason)})
    with store.transaction() as session:
        _require_benefit(session, benefit_id)
        latest = highest_plan_version(session, benefit_id)
        version = PlanVersion(benefit_id=benefit_id, version=latest + 1, reason=reason.strip())
        session.add(version)
        session.flush()
        version_id = flushed_id(version)
        for day, value in sorted(dict(points).items()):
            session.add(PlanPoint(plan_version_id=version_id, date=day, value=value))
        session.flush()
        return Change("plan_version", (version_id,), frozenset({benefit_id}), True)
