"""Calendar reminders: ``OWNER NAME.ics`` per owner and one for the PMO, from a report.

Works from a :class:`Report` alone (no database), so the desktop app can rewrite the
folder in the background after every change without touching the portfolio file.
Figures are reminded for benefits being tracked (approved, tracking, realised) that
have a reporting frequency and an owner-facing next due date; actions while they are
open or in progress and have a due date. An owner who no longer owes anything gets an
empty calendar, so a subscribed calendar drops the old reminders (docs/monthly-cycle.md).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benefitdesk.analysis.types import DORMANT_LIFECYCLES
from benefitdesk.exchange.calendar import (
    RRULES,
    ActionReminder,
    FigureReminder,
    action_event,
    calendar_bytes,
    figure_event,
    write_calendar,
    written_for,
)
from benefitdesk.model import OPEN_ACTION_STATUSES
from benefitdesk.progress import CancelCheck, stop_if_cancelled
from benefitdesk.services import inputs
from benefitdesk.services.owner_files import output_folder, owner_stem, write_failed
from benefitdesk.services.report import Report

PMO_FILE = "PMO (all owners).ics"
#: Lifecycles whose figures are collected: drafts wait for approval, closed ones are done.
REMINDED = frozenset({"approved", "tracking", "realised"})


@dataclass
class Reminders:
    """Every reminder of a portfolio, by owner (the PMO file holds them all)."""

    portfolio: str
    figures: dict[str, list[FigureReminder]] = field(default_factory=lambda: defaultdict(list))
    actions: dict[str, list[ActionReminder]] = field(default_factory=lambda: defaultdict(list))

    def key(self) -> int:
        """Equal for equal reminders: a rewrite that would change nothing is skipped."""
        figures = tuple((o, tuple(v)) for o, v in sorted(self.figures.items()))
        actions = tuple((o, tuple(v)) for o, v in sorted(self.actions.items()))
        return hash((self.portfolio, figures, actions))

    @property
    def owners(self) -> list[str]:
        names = {n for n in (*self.figures, *self.actions) if n}
        return sorted(names, key=str.casefold)


@dataclass(frozen=True)
class ReminderFile:
    owner: str  # "" for the PMO's
    path: Path
    figures: int
    actions: int


@dataclass(frozen=True)
class ReminderSet:
    folder: Path
    files: list[ReminderFile]
    emptied: list[Path]  # calendars of owners who no longer owe anything


def collect_reminders(report: Report) -> Reminders:
    """The reminders the report's portfolio calls for, grouped by owner."""
    snap = report.snapshot
    portfolio = (snap.settings.name if snap.settings else "") or "Portfolio"
    found = Reminders(portfolio)
    benefits = {b.id: b for b in snap.benefits}
    for benefit, result in zip(snap.benefits, report.benefits, strict=True):
        frequency = inputs.value_of(benefit.frequency)
        lifecycle = inputs.value_of(benefit.status) or "draft"
        if lifecycle not in REMINDED or result.next_due is None or frequency not in RRULES:
            continue
        owner = snap.person_name(benefit.owner_id) or ""
        indicators = tuple(f"{i.code} {i.name}" for i in snap.indicators.get(benefit.id, []))
        found.figures[owner].append(
            FigureReminder(
                benefit.code,
                benefit.title,
                owner,
                frequency,
                result.next_due,
                benefit.measure,
                benefit.unit,
                benefit.data_source,
                indicators,
            )
        )
    for action in snap.actions:
        concerned = benefits.get(action.benefit_id)
        status = inputs.value_of(action.status) or "open"
        if concerned is None or action.due_date is None or status not in OPEN_ACTION_STATUSES:
            continue
        if (inputs.value_of(concerned.status) or "draft") in DORMANT_LIFECYCLES:
            continue
        owner = snap.person_name(action.owner_id) or snap.person_name(concerned.owner_id) or ""
        found.actions[owner].append(
            ActionReminder(
                action.id,
                concerned.code,
                concerned.title,
                action.title,
                owner,
                action.due_date,
                status,
            )
        )
    return found


def write_reminders(
    report: Report,
    folder: str | os.PathLike[str],
    *,
    now: datetime | None = None,
    cancelled: CancelCheck | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReminderSet:
    """Write ``OWNER NAME.ics`` for every owner and ``PMO (all owners).ics`` into ``folder``."""
    found = collect_reminders(report)
    return write_collected(found, folder, now=now, cancelled=cancelled, progress=progress)


def write_collected(
    found: Reminders,
    folder: str | os.PathLike[str],
    *,
    now: datetime | None = None,
    cancelled: CancelCheck | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReminderSet:
    """Write the calendars of reminders already collected (see ``write_reminders``)."""
    target = output_folder(folder, "calendar files")
    stamp = now or datetime.now(UTC).replace(microsecond=0)
    portfolio = found.portfolio
    figures = {
        owner: [figure_event(portfolio, r, stamp).to_ical() for r in owned]
        for owner, owned in found.figures.items()
    }
    stop_if_cancelled(cancelled, "Writing the calendars")
    actions = {
        owner: [action_event(portfolio, r, stamp).to_ical() for r in owned]
        for owner, owned in found.actions.items()
    }
    files: list[ReminderFile] = []
    owners = found.owners
    for n, owner in enumerate(owners):
        stop_if_cancelled(cancelled, "Writing the calendars")
        mine = figures.get(owner, []), actions.get(owner, [])
        name = f"BenefitDesk: {portfolio} — {owner}"
        path = target / f"{owner_stem(owner)}.ics"
        _write(path, calendar_bytes(portfolio, name, [*mine[0], *mine[1]]))
        files.append(ReminderFile(owner, path, len(mine[0]), len(mine[1])))
        if progress is not None:
            progress(n + 1, len(owners) + 1)
    every_figure = [e for owned in figures.values() for e in owned]
    every_action = [e for owned in actions.values() for e in owned]
    pmo = target / PMO_FILE
    name = f"BenefitDesk: {portfolio} — all owners"
    _write(pmo, calendar_bytes(portfolio, name, [*every_figure, *every_action]))
    files.append(ReminderFile("", pmo, len(every_figure), len(every_action)))
    return ReminderSet(target, files, _empty_stale(target, files, portfolio))


def _write(path: Path, content: bytes) -> None:
    try:
        write_calendar(path, content)
    except OSError as exc:
        raise write_failed(path, exc) from exc


def _empty_stale(folder: Path, files: list[ReminderFile], portfolio: str) -> list[Path]:
    """Empty this portfolio's calendars of owners who no longer owe anything."""
    current = {f.path.name for f in files}
    emptied = []
    for path in sorted(folder.glob("*.ics")):
        if path.name in current or not written_for(path, portfolio):
            continue
        if b"BEGIN:VEVENT" not in path.read_bytes():
            continue  # emptied before
        _write(path, calendar_bytes(portfolio, f"BenefitDesk: {portfolio} — {path.stem}", []))
        emptied.append(path)
    return emptied
