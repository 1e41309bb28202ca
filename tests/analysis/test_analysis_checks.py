"""The ten definition checks and the approval gate."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from benefitdesk.analysis.checks import (
    RULES,
    DefinitionInput,
    Finding,
    Severity,
    approval_errors,
    check_definition,
)

SOUND = DefinitionInput(
    code="B-001",
    owner="Alice Chen",
    project_manager="Bob Patel",
    baseline=2.5,
    baseline_date=date(2024, 1, 31),
    target=3.5,
    target_date=date(2025, 6, 30),
    defined_on=date(2024, 1, 10),
    project_approval_date=date(2024, 1, 15),
    indicator_count=2,
    data_source="CRM opportunity report",
    automated=False,
    frequency="monthly",
    measure="Lead-to-order conversion",
    unit="%",
)


def findings(**changes: object) -> list[Finding]:
    return check_definition(replace(SOUND, **changes))


def only(**changes: object) -> tuple[str, Severity, str]:
    """The single finding the change provokes, as (rule, severity, field)."""
    (finding,) = findings(**changes)
    return finding.rule, finding.severity, finding.field


def test_a_sound_definition_has_no_findings() -> None:
    assert check_definition(SOUND) == []
    assert approval_errors([]) == []


def test_the_rules_table() -> None:
    assert RULES == {
        "no_owner": Severity.ERROR,
        "owner_is_project_manager": Severity.WARNING,
        "no_baseline": Severity.ERROR,
        "no_target": Severity.ERROR,
        "no_tolerance": Severity.ERROR,
        "defined_late": Severity.WARNING,
        "no_leading_indicator": Severity.WARNING,
        "no_data_source": Severity.WARNING,
        "no_frequency": Severity.ERROR,
        "not_measurable": Severity.WARNING,
    }


@pytest.mark.parametrize("owner", [None, "", "   "])
def test_no_owner(owner: str | None) -> None:
    assert only(owner=owner) == ("no_owner", Severity.ERROR, "owner")
    (finding,) = findings(owner=owner)
    assert finding.message == "No named owner: accountability needs a business leader"


@pytest.mark.parametrize("manager", ["Alice Chen", "alice  CHEN ", " Alice Chen"])
def test_owner_is_project_manager(manager: str) -> None:
    assert only(project_manager=manager) == (
        "owner_is_project_manager",
        Severity.WARNING,
        "owner",
    )


def test_owner_without_project_manager_is_fine() -> None:
    assert findings(project_manager=None) == []


@pytest.mark.parametrize(
    ("changes", "missing"),
    [({"baseline": None}, "value"), ({"baseline_date": None}, "date")],
)
def test_no_baseline(changes: dict[str, object], missing: str) -> None:
    assert only(**changes) == ("no_baseline", Severity.ERROR, "baseline")
    assert f"No baseline {missing}" in findings(**changes)[0].message


def test_no_baseline_at_all() -> None:
    (finding,) = findings(baseline=None, baseline_date=None)
    assert finding.message.startswith("No baseline value and date")


@pytest.mark.parametrize("changes", [{"target": None}, {"target_date": None}, {"target": 2.5}])
def test_no_target(changes: dict[str, object]) -> None:
    assert only(**changes) == ("no_target", Severity.ERROR, "target")


def test_missing_baseline_does_not_make_target_equal() -> None:
    assert [f.rule for f in findings(baseline=None)] == ["no_baseline"]


def test_defined_late() -> None:
    assert only(defined_on=date(2024, 2, 1)) == ("defined_late", Severity.WARNING, "defined_on")
    (finding,) = findings(defined_on=date(2024, 2, 1))
    assert "2024-02-01" in finding.message
    assert "2024-01-15" in finding.message
    # Defined on the approval day is in time; unknown dates cannot be judged.
    assert findings(defined_on=date(2024, 1, 15)) == []
    assert findings(defined_on=None) == []
    assert findings(project_approval_date=None, defined_on=date(2030, 1, 1)) == []


def test_no_leading_indicator() -> None:
    assert only(indicator_count=0) == ("no_leading_indicator", Severity.WARNING, "indicators")


def test_no_data_source_unless_a_sync_feeds_it() -> None:
    assert only(data_source=None) == ("no_data_source", Severity.WARNING, "data_source")
    assert only(data_source=" ") == ("no_data_source", Severity.WARNING, "data_source")
    assert findings(data_source=None, automated=True) == []


def test_no_frequency() -> None:
    assert only(frequency=None) == ("no_frequency", Severity.ERROR, "frequency")


def test_not_measurable() -> None:
    assert only(measure=None) == ("not_measurable", Severity.WARNING, "measure")
    assert only(unit="") == ("not_measurable", Severity.WARNING, "unit")
    assert only(measure="", unit=None) == ("not_measurable", Severity.WARNING, "measure")


def test_everything_wrong_is_reported_in_table_order() -> None:
    wrong = DefinitionInput(
        code="B-002",
        owner=None,
        project_manager="Bob Patel",
        baseline=None,
        baseline_date=None,
        target=None,
        target_date=None,
        defined_on=date(2024, 3, 1),
        project_approval_date=date(2024, 1, 1),
        indicator_count=0,
        data_source=None,
        automated=False,
        frequency=None,
        measure=None,
        unit=None,
    )
    found = check_definition(wrong)
    assert [f.rule for f in found] == [
        "no_owner",
        "no_baseline",
        "no_target",
        "defined_late",
        "no_leading_indicator",
        "no_data_source",
        "no_frequency",
        "not_measurable",
    ]
    assert [f.rule for f in approval_errors(found)] == [
        "no_owner",
        "no_baseline",
        "no_target",
        "no_frequency",
    ]
    assert all(f.message and f.message[0].isupper() for f in found)


def test_warnings_alone_do_not_block_approval() -> None:
    found = findings(indicator_count=0, data_source=None, project_manager="Alice Chen")
    assert len(found) == 3
    assert approval_errors(found) == []


def test_a_maintain_kpi_holds_its_baseline_within_a_tolerance() -> None:
    maintain = {"maintain": True, "target": SOUND.baseline, "tolerance": 0.5}
    assert findings(**maintain) == []
    assert only(**{**maintain, "tolerance": None}) == ("no_tolerance", Severity.ERROR, "tolerance")
    assert only(**{**maintain, "tolerance": 0.0}) == ("no_tolerance", Severity.ERROR, "tolerance")
    assert only(**{**maintain, "target": 9.0}) == ("no_target", Severity.ERROR, "target")
    (finding,) = findings(target=SOUND.baseline)  # a benefit: target = baseline
    assert "make it a maintain KPI" in finding.message
