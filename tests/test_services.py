"""Services: the approval gate, measurement logging and the report's JSON contract."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from benefitdesk.model import (
    AuditEntry,
    Lifecycle,
    Measurement,
    Person,
    Project,
)
from benefitdesk.services.benefits import BenefitFields, save_benefit, set_lifecycle
from benefitdesk.services.errors import ApprovalRefused, NotFound, ValidationError
from benefitdesk.services.measurements import delete_measurement, log_measurement
from benefitdesk.services.report import build_report, refresh_report, report_json
from benefitdesk.store import Store
from builders import benefit_fields

pytestmark = pytest.mark.both_engines  # a file and a server database each

BENEFIT_KEYS = {
    "code",
    "status",
    "at_risk",
    "overdue",
    "latest_value",
    "latest_date",
    "realisation_pct",
    "planned_value",
    "variance_pct",
    "forecast_value",
    "forecast_realisation_pct",
    "realised_value",
    "at_risk_value",
}
PORTFOLIO_KEYS = {
    "investment",
    "actual_cost",
    "committed_value",
    "planned_to_date_value",
    "realised_value",
    "at_risk_value",
    "at_risk_count",
    "status_counts",
    "open_actions",
    "overdue_actions",
    "overdue_measurements",
}


def complete(code: str = "B-001", **changes: object) -> BenefitFields:
    return benefit_fields(code, **{"title": "Lead conversion rate", **changes})


def test_create_benefit_adds_the_named_owner(store: Store) -> None:
    change = save_benefit(store, complete())
    assert change.structural and change.entity == "benefit"
    with store.reading() as session:
        assert [p.name for p in session.exec(select(Person))] == ["Alice Chen"]


def test_invalid_benefit_is_refused_with_field_messages(store: Store) -> None:
    with pytest.raises(ValidationError) as refused:
        save_benefit(store, complete(title=" ", target=20.0))
    assert set(refused.value.problems) == {"title", "target"}
    assert "differ from the baseline" in str(refused.value)


def test_duplicate_code_is_refused(store: Store) -> None:
    save_benefit(store, complete())
    with pytest.raises(ValidationError, match="already used"):
        save_benefit(store, complete())


def test_approval_refused_names_the_errors_then_accepted_once_fixed(store: Store) -> None:
    save_benefit(store, complete(owner=None, frequency=None))
    with pytest.raises(ApprovalRefused) as refused:
        set_lifecycle(store, "B-001", Lifecycle.APPROVED)
    assert "owner" in str(refused.value).lower() and "frequency" in str(refused.value).lower()
    assert set(refused.value.problems) == {"owner", "frequency"}
    with store.reading() as session:
        assert session.exec(select(AuditEntry).where(AuditEntry.field == "status")).all() == []
    save_benefit(store, complete(), benefit_id=1)
    set_lifecycle(store, "B-001", Lifecycle.APPROVED)
    with store.reading() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.field == "status")).one()
    assert (entry.old, entry.new) == ("draft", "approved")


def test_creating_an_approved_benefit_with_errors_writes_nothing(store: Store) -> None:
    with pytest.raises(ApprovalRefused):
        save_benefit(store, complete(status=Lifecycle.TRACKING, owner=None))
    with store.reading() as session:
        assert session.exec(select(Person)).all() == []


def test_logging_a_date_again_replaces_and_audits_the_old_value(store: Store) -> None:
    save_benefit(store, complete())
    first = log_measurement(store, "B-001", date(2026, 3, 31), 22.0, "first")
    assert first.previous is None and first.change.structural
    again = log_measurement(store, "B-001", date(2026, 3, 31), 23.5)
    assert again.previous == (22.0, "first")
    with store.reading() as session:
        assert [m.value for m in session.exec(select(Measurement))] == [23.5]
        audit = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "measurement", AuditEntry.field == "value"
            )
        ).one()
    assert (audit.old, audit.new) == ("22.0", "23.5")
    delete_measurement(store, "B-001", date(2026, 3, 31))
    with pytest.raises(NotFound):
        delete_measurement(store, "B-001", date(2026, 3, 31))


def test_non_finite_values_are_refused(store: Store) -> None:
    save_benefit(store, complete())
    with pytest.raises(ValidationError):
        log_measurement(store, "B-001", date(2026, 3, 31), float("nan"))


def test_report_json_worked_example(store: Store) -> None:
    """Baseline 20 → 30 over 2026 (linear default plan from 2026-01-01).

    At 2026-07-02 (182 of 365 days): planned = 20 + 10·182/365 = 24.986...
    Measurements 21, 22, 23 at Mar/Apr/May end; latest 23 at 2026-05-31 (150 days):
    planned(2026-05-31) = 20 + 10·150/365 = 24.1096; variance = -1.1096 → -11.096 % → at_risk.
    """
    with store.transaction() as session:
        session.add(Project(code="P-1", name="CRM", budget=500_000.0, actual_cost=450_000.0))
    save_benefit(store, complete(project_code="P-1", realisation_start=date(2026, 1, 1)))
    set_lifecycle(store, "B-001", Lifecycle.TRACKING)
    for month, day, value in ((3, 31, 21.0), (4, 30, 22.0), (5, 31, 23.0)):
        log_measurement(store, "B-001", date(2026, month, day), value)
    payload = report_json(build_report(store, date(2026, 7, 2)))
    assert set(payload) == {"as_of", "portfolio", "benefits"}
    assert set(payload["portfolio"]) == PORTFOLIO_KEYS
    (benefit,) = payload["benefits"]
    assert set(benefit) == BENEFIT_KEYS
    assert payload["as_of"] == "2026-07-02"
    assert benefit["latest_date"] == "2026-05-31" and benefit["latest_value"] == 23.0
    assert benefit["planned_value"] == pytest.approx(20 + 10 * 182 / 365)
    assert benefit["variance_pct"] == pytest.approx(100 * (23 - (20 + 10 * 150 / 365)) / 10)
    assert benefit["status"] == "at_risk" and benefit["at_risk"] is True
    assert benefit["realisation_pct"] == pytest.approx(30.0)
    assert benefit["realised_value"] == pytest.approx(300_000.0)
    portfolio = payload["portfolio"]
    assert portfolio["investment"] == 500_000.0 and portfolio["actual_cost"] == 450_000.0
    assert portfolio["committed_value"] == 1_000_000.0
    assert portfolio["status_counts"]["at_risk"] == 1
    assert set(portfolio["status_counts"]) >= {
        "not_started",
        "no_data",
        "realised",
        "on_track",
        "at_risk",
        "off_track",
    }


def test_refresh_report_equals_a_full_rebuild(store: Store) -> None:
    for n in range(1, 4):
        save_benefit(store, complete(f"B-00{n}"))
        set_lifecycle(store, f"B-00{n}", Lifecycle.TRACKING)
        log_measurement(store, f"B-00{n}", date(2026, 3, 31), 21.0)
    as_of = date(2026, 7, 2)
    before = build_report(store, as_of)
    change = log_measurement(store, "B-002", date(2026, 4, 30), 29.0).change
    refreshed = refresh_report(store, before, set(change.benefit_ids))
    rebuilt = build_report(store, as_of)
    assert refreshed.benefits == rebuilt.benefits
    assert refreshed.totals == rebuilt.totals
    assert refreshed.benefits != before.benefits
