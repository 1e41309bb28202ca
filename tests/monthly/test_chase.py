"""The chase list: exactly the report's overdue figures and actions per owner, plus what
falls due; the record of chasing; the e-mail drafted for each owner; ``chase``."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from benefitdesk.model import OPEN_ACTION_STATUSES
from benefitdesk.services import inputs
from benefitdesk.services.benefits import BenefitFields, save_benefit
from benefitdesk.services.chase import (
    NO_OWNER,
    OwedKind,
    build_chase_list,
    chase_history,
    chase_list,
    last_chased,
    record_chase,
)
from benefitdesk.services.chase_message import chase_mailto, chase_message
from benefitdesk.services.history import benefit_history
from benefitdesk.services.report import build_report
from benefitdesk.store import Store
from monthly_helpers import AS_OF, run_cli


def test_chase_list_equals_the_reports_overdue_figures_and_actions(store: Store) -> None:
    report = build_report(store, AS_OF)
    snap = report.snapshot
    chase = chase_list(report)

    overdue = {
        (snap.person_name(b.owner_id) or NO_OWNER, b.code)
        for b, r in zip(snap.benefits, report.benefits, strict=True)
        if r.counted and r.overdue
    }
    listed = {
        (o.owner, i.code)
        for o in chase.owners
        for i in o.items
        if i.kind is OwedKind.OVERDUE_FIGURE
    }
    assert listed == overdue and len(overdue) == report.totals.overdue_measurements > 5

    counted = {b.id for b, r in zip(snap.benefits, report.benefits, strict=True) if r.counted}
    benefits = {b.id: b for b in snap.benefits}
    late_actions = Counter(
        snap.person_name(a.owner_id) or snap.person_name(benefits[a.benefit_id].owner_id)
        for a in snap.actions
        if a.benefit_id in counted
        and a.status in OPEN_ACTION_STATUSES
        and a.due_date is not None
        and a.due_date < AS_OF
    )
    chased_actions = Counter(
        o.owner for o in chase.owners for i in o.items if i.kind is OwedKind.OVERDUE_ACTION
    )
    assert chased_actions == late_actions
    assert sum(chased_actions.values()) == report.totals.overdue_actions == 7


def test_due_figures_indicators_and_drafts_awaiting_their_owner(store: Store) -> None:
    save_benefit(
        store,
        BenefitFields(code="B-050", title="Faster onboarding", owner="Ben Clarke"),
    )
    chase = build_chase_list(store, AS_OF)
    owen = chase.owner("owen price")
    assert owen is not None and owen.email == "owen.price@northwind.example"
    kinds = {(i.kind, i.code) for i in owen.items}
    # the quarterly figure, last logged for September, is overdue since 7 January (a
    # quarter and 7 days of grace); the yearly one has been late since the year began
    assert (OwedKind.OVERDUE_FIGURE, "B-016") in kinds
    assert (OwedKind.OVERDUE_FIGURE, "B-017") in kinds
    assert (OwedKind.INDICATOR_FIGURE, "B-016") in kinds
    indicator = next(i for i in owen.items if i.kind is OwedKind.INDICATOR_FIGURE)
    assert indicator.indicator.startswith("I-010") and "Solar" in indicator.line()
    ben = chase.owner("Ben Clarke")
    assert ben is not None
    draft = next(i for i in ben.items if i.code == "B-050")
    assert draft.kind is OwedKind.DEFINITION and "baseline" in draft.what.lower()
    # every item's owner owns the benefit, or the overdue action
    report = build_report(store, AS_OF)
    owners = {b.code: report.snapshot.person_name(b.owner_id) for b in report.snapshot.benefits}
    for o in chase.owners:
        for item in o.items:
            if item.kind is not OwedKind.OVERDUE_ACTION:
                assert owners[item.code] == (o.owner or None)
    # items are listed in the order a message reads: overdue figures first
    alice = chase.owner("Alice Chen")
    assert alice is not None
    order = [i.kind for i in alice.items]
    assert order == sorted(order, key=list(OwedKind).index)


def test_a_figure_whose_period_ended_is_due_before_it_is_overdue(store: Store) -> None:
    chase = build_chase_list(store, date(2026, 12, 6))  # November ended six days ago
    alice = chase.owner("Alice Chen")
    assert alice is not None
    due = {i.code: i for i in alice.items if i.kind is OwedKind.DUE_FIGURE}
    assert set(due) == {"B-001", "B-002", "B-003"}
    assert due["B-001"].due == date(2026, 11, 30)
    assert "period ending 30 Nov 2026; last figure 31 Oct 2026" in due["B-001"].what
    assert not any(i.kind is OwedKind.OVERDUE_FIGURE for i in alice.items)


def test_nothing_owed_by_closed_or_cancelled_benefits(store: Store) -> None:
    report = build_report(store, AS_OF)
    dormant = {
        b.code
        for b in report.snapshot.benefits
        if inputs.value_of(b.status) in ("closed", "cancelled")
    }
    assert dormant  # the demo has a cancelled benefit
    codes = {i.code for o in chase_list(report).owners for i in o.items}
    assert not codes & dormant


def test_chasing_is_recorded_per_benefit_with_who_and_when(store: Store) -> None:
    chase = build_chase_list(store, AS_OF)
    alice = chase.owner("Alice Chen")
    assert alice is not None and alice.last_chased is None
    change = record_chase(store, [alice], on=date(2027, 1, 13))
    assert len(change.ids) == len(alice.items)
    assert last_chased(store) == {"alice chen": date(2027, 1, 13)}
    again = build_chase_list(store, AS_OF).owner("Alice Chen")
    assert again is not None and again.last_chased == date(2027, 1, 13)
    benefit_id = next(i.benefit_id for i in alice.items if i.code == "B-001")
    history = chase_history(store, benefit_id)
    assert history and all(h.owner == "Alice Chen" for h in history)
    assert history[0].by == store.user and history[0].via == "e-mail"
    assert any(h.what.startswith("I-001") for h in history)  # the indicator is named
    audited = benefit_history(store, benefit_id=benefit_id)
    assert any(e.entity == "chase_record" and e.action == "insert" for e in audited)


def test_message_lists_exactly_what_is_owed(store: Store) -> None:
    chase = build_chase_list(store, AS_OF)
    helen = chase.owner("Helen Carter")
    assert helen is not None
    message = chase_message(chase, helen, workbook="Helen Carter.xlsx", sender="Priya Shah")
    assert message.to == "helen.carter@northwind.example"
    assert message.subject.startswith(f"Northwind Group: {len(helen.items)} benefit items")
    assert message.body.startswith("Dear Helen,")
    assert helen.items
    for item in helen.items:
        assert f"- {item.line()}" in message.body
    assert '"Helen Carter.xlsx"' in message.body and message.body.rstrip().endswith("Priya Shah")

    url, listed = chase_mailto(chase, helen, workbook="Helen Carter.xlsx")
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and unquote(parts.path) == helen.email
    query = parse_qs(parts.query)
    assert query["subject"] == [listed.subject]
    assert query["body"] == [listed.body.replace("\n", "\r\n")]


def test_a_long_list_is_shortened_to_fit_a_mail_client(store: Store) -> None:
    chase = build_chase_list(store, AS_OF)
    helen = chase.owner("Helen Carter")
    assert helen is not None
    url, message = chase_mailto(chase, helen, limit=1200)
    assert len(url) <= 1200
    assert "more, left out here" in message.body
    full = chase_message(chase, helen)
    assert len(message.body) < len(full.body)


def test_chase_command(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    path = store.path
    store.close()
    code, out, err = run_cli(["chase", path, "--as-of", AS_OF.isoformat(), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    with Store(path) as again:
        expected = build_chase_list(again, AS_OF)
    assert [o["owner"] for o in data["owners"]] == [o.owner or None for o in expected.owners]
    alice = next(o for o in data["owners"] if o["owner"] == "Alice Chen")
    assert alice["email"] == "alice.chen@northwind.example"
    assert {i["kind"] for i in alice["items"]} >= {"overdue_figure", "indicator_figure"}

    code, out, _ = run_cli(["chase", path, "--as-of", AS_OF.isoformat(), "--mark"], capsys)
    assert code == 0 and "Overdue figures" in out and "Recorded as chased today" in out
    assert "Alice Chen <alice.chen@northwind.example>" in out
    with Store(path) as again:
        assert last_chased(again)["alice chen"] == date.today()
