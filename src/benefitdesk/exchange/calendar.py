"""Calendar reminders as iCalendar (.ics) files, written with the ``icalendar`` library.

Owners live in Outlook, Google Calendar or Thunderbird, not in BenefitDesk: a calendar
file puts the monthly cycle there without any server. Each benefit is one all-day
event recurring at its reporting frequency from its next due date (a period end); each
open action is one all-day event on its due date; both remind at 09:00 on the day.

Month ends need care: ``FREQ=MONTHLY`` from 31 January skips every month without a
31st (RFC 5545 drops invalid dates), so monthly, quarterly and half-yearly rules add
``BYMONTHDAY=-1``, the last day of the month. UIDs depend only on the portfolio's
name and the benefit's code (or the action's id), so importing a regenerated file
again updates the events instead of adding copies.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Alarm, Calendar, Event

from benefitdesk.atomic import write_bytes_atomically

PRODID = "-//BenefitDesk//Calendar reminders//EN"
#: Marks the files BenefitDesk wrote, with the portfolio they belong to.
PORTFOLIO_PROPERTY = "X-BENEFITDESK-PORTFOLIO"
#: The reminder goes off at 09:00 on the day (relative to the all-day event's start).
ALARM_AT = timedelta(hours=9)
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)

#: RRULE parts per reporting frequency (period ends: see analysis/periods.py).
RRULES: dict[str, dict[str, Any]] = {
    "daily": {"FREQ": "DAILY"},
    "weekly": {"FREQ": "WEEKLY"},  # Sundays: ISO weeks end on Sunday
    "monthly": {"FREQ": "MONTHLY", "BYMONTHDAY": -1},
    "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3, "BYMONTHDAY": -1},
    "half-yearly": {"FREQ": "MONTHLY", "INTERVAL": 6, "BYMONTHDAY": -1},
    "yearly": {"FREQ": "YEARLY"},  # from 31 December: every 31 December
}


@dataclass(frozen=True, slots=True)
class FigureReminder:
    """A benefit whose figure falls due every period."""

    code: str
    title: str
    owner: str
    frequency: str
    first_due: date  # the next period end a figure is due for
    measure: str | None = None
    unit: str | None = None
    data_source: str | None = None
    indicators: tuple[str, ...] = ()  # "I-001 Weekly active users", collected alongside


@dataclass(frozen=True, slots=True)
class ActionReminder:
    """An open corrective action, due on a date."""

    action_id: int
    code: str  # its benefit's code
    benefit_title: str
    title: str
    owner: str
    due: date
    status: str


def slug(text: str) -> str:
    """Lower-case letters, digits and hyphens: a name fit for a UID."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "portfolio"


def figure_uid(portfolio: str, code: str) -> str:
    return f"figures-{slug(code)}@{slug(portfolio)}.benefitdesk"


def action_uid(portfolio: str, action_id: int) -> str:
    return f"action-{action_id}@{slug(portfolio)}.benefitdesk"


def _alarm(text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", ALARM_AT)
    return alarm


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", int((stamp - _EPOCH).total_seconds() // 60))  # newer wins
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
    event.add_component(_alarm(summary))
    return event


def figure_event(portfolio: str, r: FigureReminder, stamp: datetime) -> Event:
    what = r.measure or r.title
    unit = f" ({r.unit})" if r.unit else ""
    lines = [
        f"{portfolio}: the {r.frequency} figure of {r.code} {r.title} is due for the period "
        f"ending on this day.",
        f"Measure: {what}{unit}.",
    ]
    if r.data_source:
        lines.append(f"Source: {r.data_source}.")
    if r.indicators:
        lines.append("With the leading indicators " + ", ".join(r.indicators) + ".")
    lines.append(f"Owner: {r.owner or 'none yet'}.")
    lines.append("Log it in BenefitDesk (Ctrl+M) or in the collection workbook you were sent.")
    summary = f"{r.code} figure due: {r.title}"
    event = _event(figure_uid(portfolio, r.code), r.first_due, summary, "\n".join(lines), stamp)
    rule = RRULES.get(r.frequency)
    if rule is None:
        raise ValueError(f"no recurrence for the reporting frequency {r.frequency!r}")
    event.add("rrule", rule)
    return event


def action_event(portfolio: str, r: ActionReminder, stamp: datetime) -> Event:
    summary = f"Action due: {r.title} ({r.code})"
    description = (
        f'{portfolio}: the corrective action "{r.title}" on {r.code} {r.benefit_title} is '
        f"due on this day ({r.status}). Owner: {r.owner or 'none yet'}.\n"
        "Record its outcome in BenefitDesk (Variance & actions)."
    )
    return _event(action_uid(portfolio, r.action_id), r.due, summary, description, stamp)


def calendar_bytes(portfolio: str, name: str, events: Iterable[bytes]) -> bytes:
    """A calendar named ``name`` holding ``events``, each already serialised: an event
    in an owner's file and in the PMO's is serialised once (most of the cost)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add(PORTFOLIO_PROPERTY, slug(portfolio))
    head = bytes(calendar.to_ical())
    end = b"END:VCALENDAR\r\n"
    if not head.endswith(end):  # pragma: no cover - icalendar always ends so
        raise RuntimeError("icalendar wrote a calendar without its end line")
    return head[: -len(end)] + b"".join(events) + end


def write_calendar(path: str | os.PathLike[str], content: bytes) -> None:
    """Write a calendar's bytes to ``path``, replacing it only once complete."""
    write_bytes_atomically(path, content)


def written_for(path: str | os.PathLike[str], portfolio: str) -> bool:
    """Whether ``path`` is a calendar BenefitDesk wrote for ``portfolio`` (its header says)."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    marker = f"{PORTFOLIO_PROPERTY}:{slug(portfolio)}"
    return PRODID in head and any(line.strip() == marker for line in head.splitlines())
