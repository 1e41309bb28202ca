"""The post-implementation benefits review: what it shows, and recording its decision.

A review looks back over a benefit (or every benefit of a project) reaching its target
date or being closed: planned against realised over time, the original baseline
against the current plan with every re-baseline and its reason, the variance causes,
the actions and their outcomes, then lessons and a recommendation. Recording the
decision writes a review record and moves the lifecycle in the same audited
transaction: closing (as realised or not) stops tracking; continuing sets the new
tracking end (docs/monthly-cycle.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benefitdesk.analysis.plan import PlanCurve, plan_vertices
from benefitdesk.analysis.types import BenefitResult, Point
from benefitdesk.exchange.review_workbook import (
    ActionRow,
    NoteRow,
    PastReview,
    Proposal,
    ReviewSheet,
    VersionRow,
    write_review_workbook,
)
from benefitdesk.model import Benefit, BenefitReview, Lifecycle, ReviewDecision, flushed_id
from benefitdesk.services import inputs
from benefitdesk.services.benefits import move_lifecycle
from benefitdesk.services.changes import Change
from benefitdesk.services.errors import NotFound, ValidationError
from benefitdesk.services.plans import plan_versions
from benefitdesk.services.report import evaluate_snapshot
from benefitdesk.store import Store
from benefitdesk.store.queries.decisions import reviews_of_benefit
from benefitdesk.store.snapshot import Snapshot, load_snapshot

#: Benefits a review can decide on: drafts are not approved yet, cancelled ones never ran.
REVIEWABLE = frozenset({"approved", "tracking", "realised", "closed"})


def suggested_decision(result: BenefitResult | None) -> ReviewDecision:
    """Close as realised once the target is reached; otherwise keep tracking (the
    reviewers decide whether a shortfall is final)."""
    if result is not None and result.realisation_pct is not None and result.realisation_pct >= 100:
        return ReviewDecision.CLOSE_REALISED
    return ReviewDecision.CONTINUE


# -- what the workbook shows --------------------------------------------------------------


def _timeline(benefit: Any, snap: Snapshot) -> list[tuple[Any, ...]]:
    """(date, actual, current plan, original plan, target) at every date anything
    happened: measurements, plan vertices, baseline and target dates."""
    current = inputs.benefit_input(snap, benefit)
    original = current._replace(plan=inputs.points(inputs.original_plan(snap, benefit.id)))
    now_curve = plan_vertices(current)
    first_curve = plan_vertices(original)
    measured = dict(snap.measurements.get(benefit.id, []))
    days = set(measured) | {p.date for p in (*now_curve, *first_curve)}
    days |= {d for d in (benefit.baseline_date, benefit.target_date) if d}
    plan_now = PlanCurve(now_curve) if now_curve else None
    plan_then = PlanCurve(first_curve) if first_curve else None
    return [
        (
            day,
            measured.get(day),
            plan_now.at(day) if plan_now else None,
            plan_then.at(day) if plan_then else None,
            benefit.target,
        )
        for day in sorted(days)
    ]


def _versions(store: Store, snap: Snapshot, benefit: Any) -> list[VersionRow]:
    """Every plan version, with what it planned for the target date (the contract's
    plan curve through that version's points)."""
    current = inputs.benefit_input(snap, benefit)
    rows = []
    for v in plan_versions(store, benefit_id=benefit.id):
        points = tuple(Point(d, value) for d, value in v.points)
        vertices = plan_vertices(current._replace(plan=points)) if points else []
        at_target = None
        if vertices and benefit.target_date:
            at_target = PlanCurve(vertices).at(benefit.target_date)
        reason = v.reason or ("the plan approved with the benefit" if v.version == 1 else None)
        created = v.created_at.date() if v.created_at else None
        rows.append(VersionRow(v.version, created, reason, len(points), at_target))
    return rows


def reviews_of(store: Store, benefit_id: int) -> list[PastReview]:
    """The decisions recorded about a benefit, oldest first."""
    with store.reading() as session:
        found = reviews_of_benefit(session, benefit_id)
    return [
        PastReview(r.reviewed_on, str(r.decision.value), r.continue_until, r.created_by, r.note)
        for r in found
    ]


def review_sheet(store: Store, snap: Snapshot, result: BenefitResult, benefit: Any) -> ReviewSheet:
    """One benefit's page of the review workbook."""
    project = snap.project_of(benefit)
    notes = [
        NoteRow(n.period, inputs.value_of(n.cause) or "other", n.explanation)
        for n in sorted(snap.notes, key=lambda n: n.period)
        if n.benefit_id == benefit.id
    ]
    actions = [
        ActionRow(
            a.title,
            snap.person_name(a.owner_id),
            a.due_date,
            inputs.value_of(a.status) or "open",
            a.done_date,
            a.outcome,
        )
        for a in snap.actions
        if a.benefit_id == benefit.id
    ]
    return ReviewSheet(
        code=benefit.code,
        title=benefit.title,
        project=f"{project.code} {project.name}" if project else None,
        owner=snap.person_name(benefit.owner_id),
        kind=inputs.value_of(benefit.kind) or "benefit",
        measure=benefit.measure,
        unit=benefit.unit,
        baseline=benefit.baseline,
        baseline_date=benefit.baseline_date,
        target=benefit.target,
        target_date=benefit.target_date,
        financial_value=benefit.financial_value,
        lifecycle=inputs.value_of(benefit.status) or "draft",
        result=result,
        timeline=_timeline(benefit, snap),
        versions=_versions(store, snap, benefit),
        notes=notes,
        actions=actions,
        past_reviews=reviews_of(store, benefit.id),
    )


def review_sheets(store: Store, benefit_ids: list[int], as_of: date) -> list[ReviewSheet]:
    """The pages of a review of ``benefit_ids`` at ``as_of``, in code order, each with its
    whole measurement history."""
    with store.reading() as session:
        snap = load_snapshot(session, as_of=as_of, benefit_ids=set(benefit_ids))
    if not snap.benefits:
        raise NotFound("Those benefits no longer exist")
    report = evaluate_snapshot(snap, as_of)
    return [
        review_sheet(store, snap, result, benefit)
        for benefit, result in zip(snap.benefits, report.benefits, strict=True)
    ]


def write_review(
    store: Store,
    path: str | os.PathLike[str],
    benefit_ids: list[int],
    *,
    as_of: date,
    proposals: dict[str, Proposal],
    lessons: str = "",
    reviewer: str | None = None,
) -> Path:
    """Write the review workbook of ``benefit_ids`` with ``proposals`` (by code)."""
    sheets = review_sheets(store, benefit_ids, as_of)
    settings = store.settings()
    return write_review_workbook(
        path,
        portfolio=settings.name or "Portfolio",
        currency=settings.currency or "GBP",
        as_of=as_of,
        sheets=sheets,
        proposals=proposals,
        lessons=lessons,
        reviewer=reviewer,
    )


# -- recording the decision --------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """A recorded decision and what it replaced, so that it can be withdrawn (undo)."""

    change: Change
    review_id: int
    benefit_id: int
    previous_status: Lifecycle
    previous_tracking_end: date | None


def validate_decision(
    decision: ReviewDecision, continue_until: date | None, on: date
) -> dict[str, str]:
    if decision is ReviewDecision.CONTINUE and (continue_until is None or continue_until <= on):
        return {"continue_until": "Continuing needs a new date, after the review"}
    return {}


def record_review(
    store: Store,
    benefit_id: int,
    decision: ReviewDecision,
    *,
    on: date,
    continue_until: date | None = None,
    lessons: str | None = None,
    note: str | None = None,
    realisation_pct: float | None = None,
) -> Recorded:
    """Record the review's decision and move the benefit's lifecycle accordingly."""
    problems = validate_decision(decision, continue_until, on)
    if problems:
        raise ValidationError("; ".join(problems.values()), problems)
    with store.transaction() as session:
        benefit = session.get(Benefit, benefit_id)
        if benefit is None:
            raise NotFound("That benefit no longer exists")
        if benefit.status.value not in REVIEWABLE:
            raise ValidationError(
                f"{benefit.code} is {benefit.status.value}: only a benefit that was approved "
                "can be reviewed"
            )
        previous, previous_end = benefit.status, benefit.tracking_end
        review = BenefitReview(
            benefit_id=benefit_id,
            reviewed_on=on,
            decision=decision,
            continue_until=continue_until if decision is ReviewDecision.CONTINUE else None,
            lessons=(lessons or "").strip() or None,
            note=(note or "").strip() or None,
            realisation_pct=realisation_pct,
        )
        session.add(review)
        if decision is ReviewDecision.CONTINUE:
            benefit.tracking_end = continue_until
            target = Lifecycle.TRACKING
        else:
            target = Lifecycle.CLOSED
        if benefit.status is not target:
            move_lifecycle(session, benefit, target)
        session.add(benefit)
        session.flush()
        change = Change("benefit", (benefit_id,), frozenset({benefit_id}), structural=True)
        return Recorded(change, flushed_id(review), benefit_id, previous, previous_end)


def withdraw_review(store: Store, recorded: Recorded) -> Change:
    """Undo a recorded decision: remove the review, put the lifecycle and end back."""
    with store.transaction() as session:
        review = session.get(BenefitReview, recorded.review_id)
        if review is not None:
            session.delete(review)
        benefit = session.get(Benefit, recorded.benefit_id)
        if benefit is None:
            raise NotFound("That benefit no longer exists")
        benefit.tracking_end = recorded.previous_tracking_end
        session.add(benefit)
        if benefit.status is not recorded.previous_status:
            move_lifecycle(session, benefit, recorded.previous_status)
        session.flush()
    return Change("benefit", (recorded.benefit_id,), frozenset({recorded.benefit_id}), True)
