"""Export → import into an empty portfolio gives the same portfolio, for portfolios
built as the app builds them: through the services (benefits, plans and re-baselines,
figures, indicators, notes, actions, activities, roles), with edge values — maintain
KPIs, dis-benefits, drafts, repeated action titles, done dates, formula-like and
accented text, tiny and huge numbers, every enumeration.

Compared: every table the canonical workbook holds, rows by their natural keys, every
column but ids, row versions and the moments of recording (who typed a figure and
when is the audit's, not the portfolio's). Not in the workbook, so not compared: the
audit log, import batches, import profiles (exported as TOML), the monthly cycle's
chase and review records, team-mode proposals and members, and a person's OS login.
"""

from __future__ import annotations

import contextlib
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import SQLModel

from benefitdesk.model import (
    ActionStatus,
    ActivityKind,
    Benefit,
    BenefitKind,
    Category,
    Classification,
    Confidence,
    Frequency,
    Lifecycle,
    MeasurementSource,
    Person,
    PortfolioSettings,
    Project,
    ProjectStatus,
    Raci,
    Rag,
    VarianceCause,
)
from benefitdesk.services.benefits import BenefitFields, save_benefit, set_lifecycle
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.exporting import export_portfolio
from benefitdesk.services.importing import apply_import
from benefitdesk.services.measurements import log_measurement
from benefitdesk.services.plans import rebaseline, save_plan
from benefitdesk.services.records import (
    ActionFields,
    ActivityFields,
    IndicatorFields,
    NoteFields,
    StakeholderFields,
    add_action,
    add_activity,
    add_indicator,
    add_note,
    add_stakeholder,
)
from benefitdesk.store import Store

D0 = date(2024, 1, 31)
SKIPPED_TABLES = {
    "audit_entry",
    "import_batch",
    "import_reject",
    "import_profile",
    "server_member",
    "benefit_proposal",
    "benefit_review",
    "chase_record",
}
SKIPPED_COLUMNS = {"id", "row_version", "recorded_at", "recorded_by", "batch_id"}
SKIPPED_COLUMNS |= {"created_at", "user_name"}

TEXTS = ["Faster invoices", "=SUM(A1)", "Ünïcödé café", "+44 line", "-minus", "@at", "R&D"]
words = st.sampled_from([*TEXTS, "x", "Two  spaces", " padded "])
numbers = st.sampled_from([0.0, 1.0, -2.5, 0.1 + 0.2, 1e-9, 123456789.125, 1e12, 99.5])
days = st.integers(0, 3000).map(lambda k: D0 + timedelta(days=k))
people = st.sampled_from(["Ann Lee", "Bob Day", "Chloé Brûlé", None])
action_titles = st.sampled_from(["Chase supplier", "Train"])
statuses = st.sampled_from(list(ActionStatus))
activity_kinds = st.sampled_from(list(ActivityKind))
causes = st.sampled_from(list(VarianceCause))
holders = st.sampled_from(["Ann Lee", "Bob Day"])
roles = st.sampled_from(list(Raci))


@st.composite
def benefit_specs(draw: st.DrawFn, code: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(BenefitKind)))
    baseline = draw(numbers)
    step = draw(st.sampled_from([1, -3.5, 1e6]))
    target = baseline if kind is BenefitKind.MAINTAIN else baseline + step
    start = draw(days)
    return {
        "fields": BenefitFields(
            code=code,
            title=draw(words),
            project_code=draw(st.sampled_from([None, "P-1", "P-2"])),
            description=draw(st.sampled_from([None, "Two\nlines", "=1+1"])),
            kind=kind,
            category=draw(st.sampled_from(list(Category))),
            classification=draw(st.sampled_from([None, *Classification])),
            measure=draw(st.sampled_from([None, "Conversion rate"])),
            unit=draw(st.sampled_from([None, "%", "£k"])),
            baseline=draw(st.sampled_from([None, baseline])),
            baseline_date=start,
            target=target,
            target_date=start + timedelta(days=draw(st.integers(1, 2000))),
            tolerance=draw(st.sampled_from([None, 0.5])) if kind is BenefitKind.MAINTAIN else None,
            realisation_start=draw(st.sampled_from([None, start + timedelta(days=30)])),
            tracking_end=draw(st.sampled_from([None, start + timedelta(days=4000)])),
            owner=draw(people),
            data_source=draw(st.sampled_from([None, "CRM"])),
            frequency=draw(st.sampled_from([None, *Frequency])),
            financial_value=draw(st.sampled_from([None, 250000.0, 0.5])),
            confidence=draw(st.sampled_from([None, *Confidence])),
            status=Lifecycle.DRAFT,
            defined_on=draw(st.sampled_from([None, start])),
            objective=draw(st.sampled_from([None, "Grow"])),
            sustainment=draw(st.sampled_from([None, "Keep it up"])),
            notes=draw(st.sampled_from([None, "+1+2"])),
        ),
        "status": draw(st.sampled_from(list(Lifecycle))),
        "figures": draw(st.lists(st.tuples(days, numbers), max_size=4, unique_by=lambda f: f[0])),
        "plan": draw(st.lists(st.tuples(days, numbers), max_size=3, unique_by=lambda f: f[0])),
        "rebaseline": draw(st.booleans()),
        "actions": draw(st.lists(st.tuples(action_titles, days, statuses), max_size=3)),
        "activities": draw(st.lists(st.tuples(words, activity_kinds, days), max_size=2)),
        "notes": draw(st.lists(st.tuples(days, causes, words), max_size=2)),
        "roles": draw(st.lists(st.tuples(holders, roles), max_size=2, unique=True)),
        "indicator": draw(st.booleans()),
    }


@st.composite
def portfolios(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    return {
        "settings": (draw(st.sampled_from([10.0, 30.0])), draw(st.sampled_from([40.0, 55.5]))),
        "benefits": [draw(benefit_specs(f"B-{n:03d}")) for n in range(1, count + 1)],
    }


def base(store: Store, spec: dict[str, Any]) -> None:
    """Settings, people and projects: the app makes projects by import, written here as
    a transaction would."""
    amber, red = spec["settings"]
    with store.transaction() as session:
        settings_row = session.get(PortfolioSettings, 1) or PortfolioSettings(id=1)
        settings_row.amber_pct, settings_row.red_pct = amber, red
        settings_row.name, settings_row.currency = "Round trip", "EUR"
        session.add(settings_row)
        for name in ("Ann Lee", "Bob Day", "Chloé Brûlé"):
            session.add(Person(name=name, email=f"{name[:3].lower()}@example.org"))
        session.flush()
        session.add(Project(code="P-1", name="CRM", status=ProjectStatus.LIVE, budget=1e6,
                            percent_complete=100.0, delivery_rag=Rag.GREEN,
                            approval_date=D0, planned_go_live=D0 + timedelta(days=90)))  # fmt: skip
        session.add(Project(code="P-2", name="=AP automation", status=ProjectStatus.PROPOSED))


def build(store: Store, spec: dict[str, Any]) -> None:
    """The portfolio of `spec`, made through the services."""
    base(store, spec)
    for b in spec["benefits"]:
        fields: BenefitFields = b["fields"]
        benefit_id = save_benefit(store, fields).ids[0]
        if b["plan"]:
            save_plan(store, benefit_id=benefit_id, points=b["plan"])
            if b["rebaseline"]:
                moved = [(d, v + 1) for d, v in b["plan"]]
                rebaseline(store, benefit_id=benefit_id, points=moved, reason="Scope change")
        for day, value in b["figures"]:
            log_measurement(store, fields.code, day, value, note="=x" if value < 0 else None)
        if b["indicator"]:
            code = f"I-{fields.code}"
            data = IndicatorFields(code, "Adoption", "%", 1.0, D0, 50.0, D0 + timedelta(days=99))
            add_indicator(store, benefit_id=benefit_id, data=data)
            log_measurement(store, code, D0 + timedelta(days=31), 12.5, note="first")
        for title, due, status in b["actions"]:
            add_action(store, benefit_id=benefit_id,
                       data=ActionFields(title, "Bob Day", due, status, "done well"))  # fmt: skip
        for title, kind, due in b["activities"]:
            done = ActionStatus.DONE if kind is ActivityKind.TRAINING else ActionStatus.OPEN
            data = ActivityFields(title, kind, "Ann Lee", due, due if done else None, done)
            add_activity(store, benefit_id=benefit_id, data=data)
        for period, cause, text in b["notes"]:
            add_note(store, benefit_id=benefit_id, data=NoteFields(period, cause, text))
        for person, role in b["roles"]:
            add_stakeholder(store, benefit_id=benefit_id, data=StakeholderFields(person, role))
        _move_on(store, fields.code, b["status"])


def _move_on(store: Store, code: str, status: Lifecycle) -> None:
    """Any lifecycle, as the app allows once a definition is complete; a draft else."""
    with contextlib.suppress(ServiceError):
        set_lifecycle(store, code, status)


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every compared table as sorted rows, references by natural key."""
    tables = {t.name: t for t in SQLModel.metadata.sorted_tables}
    with store.reading() as session:
        keys = {
            "person": {r.id: r.name for r in session.execute(select(tables["person"]))},
            "project": {r.id: r.code for r in session.execute(select(tables["project"]))},
            "benefit": {r.id: r.code for r in session.execute(select(Benefit.__table__))},
            "indicator": {r.id: r.code for r in session.execute(select(tables["indicator"]))},
        }
        pv = tables["plan_version"]
        keys["plan_version"] = {
            r.id: (keys["benefit"][r.benefit_id], r.version) for r in session.execute(select(pv))
        }
        found = {}
        for name, table in tables.items():
            if name in SKIPPED_TABLES:
                continue
            rows = []
            for row in session.execute(select(table)):
                values = []
                for column in table.c:
                    if column.name in SKIPPED_COLUMNS:
                        continue
                    value = getattr(row, column.name)
                    fk = next(iter(column.foreign_keys), None)
                    if fk is not None and value is not None:
                        value = keys[fk.column.table.name][value]
                    values.append((column.name, getattr(value, "value", value)))
                rows.append(tuple(values))
            found[name] = sorted(rows, key=repr)
        return found


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=portfolios())
def test_export_then_import_gives_the_same_portfolio(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        with Store(here / "made.sqlite", create=True) as made:
            build(made, spec)
            export_portfolio(made, here / "out.xlsx")
            before = dump(made)
        with Store(here / "copy.sqlite", create=True) as copy:
            result = apply_import(copy, here / "out.xlsx")
            assert result.ok and not result.warnings, [str(p) for p in result.problems]
            after = dump(copy)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table


def test_a_portfolio_with_every_entity_round_trips() -> None:
    """One fixed portfolio with everything in it, so a failure reads easily."""
    spec = {
        "settings": (30.0, 40.0),
        "benefits": [
            {
                "fields": BenefitFields(
                    code="B-001",
                    title="Uptime held",
                    kind=BenefitKind.MAINTAIN,
                    baseline=99.5,
                    baseline_date=D0,
                    target=99.5,
                    target_date=date(2026, 12, 31),
                    tolerance=0.3,
                    owner="Ann Lee",
                    frequency=Frequency.MONTHLY,
                    measure="Uptime",
                    unit="%",
                    project_code="P-1",
                    data_source="NOC",
                ),
                "status": Lifecycle.TRACKING,
                "figures": [(D0 + timedelta(days=29), 99.6)],
                "plan": [(date(2025, 6, 30), 99.5)],
                "rebaseline": True,
                "actions": [("Chase supplier", D0, ActionStatus.DONE)] * 2,
                "activities": [("Train staff", ActivityKind.TRAINING, D0)],
                "notes": [(D0, VarianceCause.OTHER, "Fine")] * 2,
                "roles": [("Bob Day", Raci.CONSULTED)],
                "indicator": True,
            }
        ],
    }
    test_export_then_import_gives_the_same_portfolio.hypothesis.inner_test(spec)  # type: ignore[attr-defined]
    assert MeasurementSource.MANUAL.value == "manual"
