"""Calendar reminders: the .ics files parse with icalendar and hold one recurring event
per benefit with the RRULE of its frequency, and a dated event per open action."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from benefitdesk.exchange.calendar import RRULES, figure_uid
from benefitdesk.model import Frequency
from benefitdesk.services import inputs
from benefitdesk.services.records import ActionFields, add_action, close_action
from benefitdesk.services.reminders import PMO_FILE, write_reminders
from benefitdesk.services.report import build_report
from benefitdesk.store import Store
from monthly_helpers import AS_OF, run_cli

STAMP = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)


def events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def occurrences(event: object, count: int) -> list[date]:
    start = event.decoded("DTSTART")  # type: ignore[attr-defined]
    rule = event["RRULE"].to_ical().decode()  # type: ignore[index]
    dates = rrulestr(rule, dtstart=datetime(start.year, start.month, start.day))
    return [d.date() for d in list(dates[:count])]


def test_one_recurring_event_per_benefit_with_its_frequency(store: Store, tmp_path: Path) -> None:
    report = build_report(store, AS_OF)
    written = write_reminders(report, tmp_path / "cal", now=STAMP)
    snap = report.snapshot
    tracked = [
        (b, r)
        for b, r in zip(snap.benefits, report.benefits, strict=True)
        if inputs.value_of(b.status) in ("approved", "tracking", "realised") and r.next_due
    ]
    by_owner: dict[str, list] = {}
    for b, r in tracked:
        by_owner.setdefault(snap.person_name(b.owner_id) or "", []).append((b, r))
    for owner, owned in by_owner.items():
        if not owner:
            continue
        found = events(tmp_path / "cal" / f"{owner}.ics")
        figures = {uid: e for uid, e in found.items() if uid.startswith("figures-")}
        assert len(figures) == len(owned), owner
        for b, r in owned:
            event = figures[figure_uid("Northwind Group", b.code)]
            frequency = inputs.value_of(b.frequency)
            assert (
                event["RRULE"].to_ical().decode()
                == {
                    "weekly": "FREQ=WEEKLY",
                    "monthly": "FREQ=MONTHLY;BYMONTHDAY=-1",
                    "quarterly": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
                    "half-yearly": "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
                    "yearly": "FREQ=YEARLY",
                }[frequency]
            )
            assert event.decoded("DTSTART") == r.next_due
            assert event.walk("VALARM"), "each event reminds"
            assert b.code in str(event["SUMMARY"])
    pmo = events(tmp_path / "cal" / PMO_FILE)
    assert sum(1 for uid in pmo if uid.startswith("figures-")) == len(tracked)
    assert {f.path.name for f in written.files} >= {"Alice Chen.ics", PMO_FILE}


def test_recurrences_land_on_period_ends() -> None:
    from benefitdesk.exchange.calendar import FigureReminder, figure_event

    def first(frequency: str, start: date, count: int = 4) -> list[date]:
        reminder = FigureReminder("B-1", "T", "A", frequency, start)
        return occurrences(figure_event("P", reminder, STAMP), count)

    assert first("monthly", date(2027, 1, 31)) == [
        date(2027, 1, 31),
        date(2027, 2, 28),  # not skipped for lacking a 31st
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
    assert first("quarterly", date(2026, 12, 31)) == [
        date(2026, 12, 31),
        date(2027, 3, 31),
        date(2027, 6, 30),
        date(2027, 9, 30),
    ]
    assert first("half-yearly", date(2027, 6, 30), 3) == [
        date(2027, 6, 30),
        date(2027, 12, 31),
        date(2028, 6, 30),
    ]
    assert first("yearly", date(2026, 12, 31), 2) == [date(2026, 12, 31), date(2027, 12, 31)]
    assert first("weekly", date(2027, 1, 17), 2) == [date(2027, 1, 17), date(2027, 1, 24)]
    assert set(RRULES) >= {f.value for f in Frequency}


def test_open_actions_on_their_due_date_and_stable_uids(store: Store, tmp_path: Path) -> None:
    report = build_report(store, AS_OF)
    benefit = report.snapshot.benefits[0]
    add_action(
        store,
        benefit_id=benefit.id,
        data=ActionFields(
            title="Re-train the sales team", owner="Emma Lawson", due_date=date(2027, 2, 15)
        ),
    )
    write_reminders(build_report(store, AS_OF), tmp_path, now=STAMP)
    emma = events(tmp_path / "Emma Lawson.ics")
    action = next(e for e in emma.values() if "Re-train" in str(e["SUMMARY"]))
    assert action.decoded("DTSTART") == date(2027, 2, 15) and "RRULE" not in action
    uids = set(emma)

    # regenerated after a change: same UIDs (an update, not a copy), a later SEQUENCE
    later = datetime(2027, 1, 20, tzinfo=UTC)
    write_reminders(build_report(store, AS_OF), tmp_path, now=later)
    again = events(tmp_path / "Emma Lawson.ics")
    assert set(again) == uids
    assert all(int(again[u]["SEQUENCE"]) > int(emma[u]["SEQUENCE"]) for u in uids)

    # Emma's actions all done: her calendar empties instead of reminding her of them
    snap = build_report(store, AS_OF).snapshot
    people = {p.id: p.name for p in snap.people.values()}
    for a in snap.actions:
        owner = people.get(a.owner_id)
        if owner == "Emma Lawson" and inputs.value_of(a.status) in ("open", "in progress"):
            close_action(store, action_id=a.id, outcome="done")
    result = write_reminders(build_report(store, AS_OF), tmp_path, now=later)
    assert tmp_path / "Emma Lawson.ics" in result.emptied
    assert events(tmp_path / "Emma Lawson.ics") == {}


def test_reminders_command(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = store.path
    store.close()
    code, out, err = run_cli(["reminders", path, tmp_path / "ics"], capsys)
    assert code == 0, err
    assert "Alice Chen.ics: 3 figure reminders" in out and PMO_FILE in out
    assert (tmp_path / "ics" / "Alice Chen.ics").exists()
