"""Undoable commands for the records around a benefit.

The undo of an add is a delete, the undo of a delete re-creates the rows with their
ids (so later commands on the stack still find them), the undo of an edit applies
the old values again. Every step is a service call: one saved transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from benefitdesk.services.benefits import BenefitFields, save_benefit
from benefitdesk.services.changes import Change
from benefitdesk.services.plans import rebaseline, save_plan
from benefitdesk.services.records import Removed, delete_record, restore_records
from benefitdesk.ui.commands import ServiceCommand
from benefitdesk.ui.context import PortfolioContext


def add_command(context: PortfolioContext, text: str, add: Callable[[], Change]) -> ServiceCommand:
    """Run ``add`` once; undo deletes what it made, redo puts it back (same ids)."""
    state: dict[str, Any] = {}

    def do() -> Change:
        if "removed" in state:
            return restore_records(context.store, removed=state.pop("removed"))
        change = add()
        state["entity"], state["id"] = change.entity, change.ids[0]
        return change

    def undo() -> Change:
        removed = delete_record(context.store, entity=state["entity"], record_id=state["id"])
        state["removed"] = removed
        return removed.change

    return ServiceCommand(context, text, do, undo)


def edit_command(
    context: PortfolioContext,
    text: str,
    after: Callable[..., Change],
    before: Callable[..., Change],
    *,
    row_version: int | None = None,
) -> ServiceCommand:
    """Edit a row; undo puts the old values back.

    With ``row_version`` (the version the user's copy had), ``after`` and ``before``
    take a ``row_version`` argument: each step passes the version the previous one
    left, so a change someone else made meanwhile is refused, never overwritten.
    """
    if row_version is None:
        return ServiceCommand(context, text, after, before)
    version: dict[str, int | None] = {"now": row_version}

    def step(call: Callable[..., Change]) -> Callable[[], Change]:
        def run() -> Change:
            change = call(row_version=version["now"])
            version["now"] = change.row_version
            return change

        return run

    return ServiceCommand(context, text, step(after), step(before))


def delete_command(
    context: PortfolioContext, text: str, entity: str, record_id: int
) -> ServiceCommand:
    state: dict[str, Removed] = {}

    def do() -> Change:
        state["removed"] = delete_record(context.store, entity=entity, record_id=record_id)
        return state["removed"].change

    def undo() -> Change:
        return restore_records(context.store, removed=state["removed"])

    return ServiceCommand(context, text, do, undo)


def create_benefit_command(context: PortfolioContext, data: BenefitFields) -> ServiceCommand:
    """A new benefit; undo deletes it, redo restores it with the same id."""
    return add_command(
        context, f"New benefit {data.code}", lambda: save_benefit(context.store, data)
    )


def delete_benefit_command(context: PortfolioContext, benefit_id: int, code: str) -> ServiceCommand:
    """Delete a benefit with everything recorded about it; undo restores all of it."""
    return delete_command(context, f"Delete {code}", "benefit", benefit_id)


def save_plan_command(
    context: PortfolioContext,
    benefit_id: int,
    code: str,
    points: Sequence[tuple[date, float]],
    before: Sequence[tuple[date, float]] | None,
) -> ServiceCommand:
    """Save the current plan in place, or create version 1 when ``before`` is None."""
    points = list(points)
    if before is None:
        return add_command(
            context,
            f"Plan {code}",
            lambda: save_plan(context.store, benefit_id=benefit_id, points=points),
        )
    old = list(before)  # each step checks the plan is still the one the other left
    return edit_command(
        context,
        f"Edit plan {code}",
        lambda: save_plan(context.store, benefit_id=benefit_id, points=points, based_on=old),
        lambda: save_plan(context.store, benefit_id=benefit_id, points=old, based_on=points),
    )


def rebaseline_command(
    context: PortfolioContext,
    benefit_id: int,
    code: str,
    points: Sequence[tuple[date, float]],
    reason: str,
) -> ServiceCommand:
    """A new plan version; undo removes just that version, the older ones stay."""
    points = list(points)
    return add_command(
        context,
        f"Re-baseline {code}",
        lambda: rebaseline(context.store, benefit_id=benefit_id, points=points, reason=reason),
    )
