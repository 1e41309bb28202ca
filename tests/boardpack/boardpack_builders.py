"""A portfolio that exercises every part of the board pack, and readers for the pack.

Readers go through openpyxl: the pack is checked the way another program sees it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from benefitdesk.model import (
    ActionStatus,
    Benefit,
    BenefitKind,
    Category,
    CorrectiveAction,
    Frequency,
    Indicator,
    IndicatorMeasurement,
    Lifecycle,
    Measurement,
    Person,
    PlanPoint,
    PlanVersion,
    PortfolioSettings,
    Project,
    ProjectStatus,
    Rag,
    VarianceCause,
    VarianceNote,
)
from benefitdesk.store import Store

AS_OF = date(2026, 6, 30)
SINCE = date(2026, 5, 31)  # a month before AS_OF: the default previous pack
DRAFTS = frozenset({"B-004"})  # left out of a pack unless drafts are asked for
INJECTED_TITLE = '=HYPERLINK("http://evil.example","click")'


def month_ends(first: date, count: int) -> list[date]:
    days = []
    year, month = first.year, first.month
    for _ in range(count):
        following = date(year + (month == 12), month % 12 + 1, 1)
        days.append(following - timedelta(days=1))
        year, month = following.year, following.month
    return days


def _benefit(s: Any, code: str, title: str, defaults: dict[str, Any], **fields: Any) -> Benefit:
    row = Benefit(code=code, title=title, **{**defaults, **fields})
    s.add(row)
    s.flush()
    return row


def build_portfolio(store: Store) -> None:
    """Eight benefits that between them show every part of the pack.

    B-001 on track with a leading indicator, re-baselined long ago; B-002 behind plan
    (dipping in June) with notes and an overdue action; B-003 a cost saving re-baselined
    in June (after the previous pack); B-004 a draft whose title tries formula
    injection; B-005 a dis-benefit; B-006 realised while still tracking (proposed for
    closure); B-007 past its tracking end (proposed for closure); B-008 in project
    P-200, overdue (no figure since January).
    """
    with store.transaction() as s:
        settings = s.get(PortfolioSettings, 1)
        assert settings is not None
        settings.name, settings.currency = "Northwind & Co", "GBP"
        alice, bob, carol = (Person(name=n) for n in ("Alice Chen", "@Bob Smith", "Carol Jones"))
        s.add_all([alice, bob, carol])
        s.flush()
        crm = Project(
            code="P-100",
            name="CRM",
            manager_id=carol.id,
            status=ProjectStatus.LIVE,
            approval_date=date(2024, 11, 1),
            planned_go_live=date(2025, 6, 30),
            actual_go_live=date(2025, 7, 15),
            budget=1_200_000.0,
            actual_cost=900_000.0,
            delivery_rag=Rag.GREEN,
        )
        ap = Project(
            code="P-200",
            name="AP automation",
            status=ProjectStatus.IN_DELIVERY,
            planned_go_live=date(2026, 3, 31),
            budget=400_000.0,
            actual_cost=380_000.0,
            delivery_rag=Rag.RED,
        )
        s.add_all([crm, ap])
        s.flush()
        defaults: dict[str, Any] = {
            "project_id": crm.id,
            "owner_id": alice.id,
            "measure": "Conversion rate",
            "unit": "%",
            "baseline": 20.0,
            "baseline_date": date(2025, 1, 1),
            "target": 30.0,
            "target_date": date(2026, 12, 31),
            "realisation_start": date(2025, 7, 1),
            "frequency": Frequency.MONTHLY,
            "financial_value": 1_000_000.0,
            "status": Lifecycle.TRACKING,
            "data_source": "CRM report",
            "category": Category.REVENUE,
        }
        b1 = _benefit(s, "B-001", "Lead conversion rate", defaults)
        b2 = _benefit(
            s, "B-002", "Revenue per rep", defaults, owner_id=bob.id, baseline=60.0, target=80.0
        )
        b3 = _benefit(
            s,
            "B-003",
            "AP cost per invoice",
            defaults,
            project_id=ap.id,
            measure="Cost per invoice",
            unit="£",
            baseline=5.0,
            target=2.0,
            realisation_start=date(2025, 4, 1),
            financial_value=300_000.0,
            category=Category.COST_SAVING,
        )
        _benefit(
            s,
            "B-004",
            INJECTED_TITLE,
            defaults,
            status=Lifecycle.DRAFT,
            data_source="+cmd|' /C calc'!A0",
        )
        b5 = _benefit(
            s,
            "B-005",
            "Helpdesk calls (accepted increase)",
            defaults,
            kind=BenefitKind.DIS_BENEFIT,
            measure="Calls a week",
            unit="calls",
            baseline=100.0,
            target=130.0,
            financial_value=50_000.0,
            category=Category.CUSTOMER,
        )
        b6 = _benefit(
            s,
            "B-006",
            "Paper costs",
            defaults,
            baseline=10.0,
            target=4.0,
            financial_value=20_000.0,
            category=Category.COST_SAVING,
        )
        b7 = _benefit(
            s,
            "B-007",
            "Print room closed",
            defaults,
            baseline=10.0,
            target=4.0,
            financial_value=10_000.0,
            status=Lifecycle.REALISED,
            tracking_end=date(2026, 3, 31),
            category=Category.COST_SAVING,
        )
        b8 = _benefit(
            s,
            "B-008",
            "Supplier self-service",
            defaults,
            project_id=ap.id,
            owner_id=carol.id,
            category=Category.PRODUCTIVITY,
        )

        rows: list[Measurement] = []
        for index, day in enumerate(month_ends(date(2025, 7, 1), 12)):  # Jul 2025 - Jun 2026
            rows.append(Measurement(benefit_id=b1.id, date=day, value=20.0 + 0.45 * (index + 1)))
            dip = -3.0 if index == 11 else 0.0  # B-002 falls behind in June
            rows.append(Measurement(benefit_id=b2.id, date=day, value=61.0 + 1.0 * index + dip))
            rows.append(Measurement(benefit_id=b5.id, date=day, value=100.0 + 1.2 * (index + 1)))
            rows.append(Measurement(benefit_id=b6.id, date=day, value=10.0 - 0.6 * (index + 1)))
            rows.append(Measurement(benefit_id=b7.id, date=day, value=10.0 - 0.6 * (index + 1)))
            if index < 7:  # Jul 2025 - Jan 2026, then nothing
                rows.append(Measurement(benefit_id=b8.id, date=day, value=20.0 + 0.5 * index))
        for index, day in enumerate(month_ends(date(2025, 4, 1), 14)):  # to May 2026
            rows.append(Measurement(benefit_id=b3.id, date=day, value=5.0 - 0.1 * (index + 1)))
        s.add_all(rows)

        def plan(
            benefit: Benefit,
            version: int,
            reason: str,
            saved: datetime,
            points: list[tuple[date, float]],
        ) -> None:
            row = PlanVersion(
                benefit_id=benefit.id, version=version, reason=reason, created_at=saved
            )
            s.add(row)
            s.flush()
            s.add_all(PlanPoint(plan_version_id=row.id, date=d, value=v) for d, v in points)

        plan(
            b3,
            1,
            "business case",
            datetime(2024, 12, 1, tzinfo=UTC),
            [(date(2025, 4, 1), 5.0), (date(2026, 6, 30), 2.0)],
        )
        plan(
            b3,
            2,
            "go-live slipped",
            datetime(2026, 6, 10, 9, 30, tzinfo=UTC),
            [(date(2025, 7, 1), 5.0), (date(2026, 3, 31), 3.5), (date(2026, 12, 31), 2.0)],
        )
        plan(
            b1,
            1,
            "business case",
            datetime(2024, 12, 1, tzinfo=UTC),
            [(date(2025, 7, 1), 20.0), (date(2026, 12, 31), 30.0)],
        )
        plan(
            b1,
            2,
            "scope grew",
            datetime(2026, 1, 15, tzinfo=UTC),
            [(date(2025, 7, 1), 20.0), (date(2027, 3, 31), 30.0)],
        )

        adoption = Indicator(
            code="I-001",
            benefit_id=b1.id,
            name="Weekly active users",
            unit="% of reps",
            baseline=0.0,
            baseline_date=date(2025, 7, 1),
            target=90.0,
            target_date=date(2026, 6, 30),
            frequency=Frequency.MONTHLY,
        )
        s.add(adoption)
        s.flush()
        s.add(IndicatorMeasurement(indicator_id=adoption.id, date=date(2026, 5, 31), value=80.0))
        s.add_all(
            [
                VarianceNote(
                    benefit_id=b2.id,
                    period=date(2026, 3, 31),
                    cause=VarianceCause.ADOPTION,
                    explanation="-Reps still log deals late; coaching started.",
                ),
                VarianceNote(
                    benefit_id=b2.id,
                    period=date(2026, 5, 31),
                    cause=VarianceCause.MARKET_PRICING,
                    explanation="Competitors cut list prices by 8 %.",
                ),
                VarianceNote(
                    benefit_id=b2.id,
                    period=date(2026, 9, 30),  # after as-of
                    cause=VarianceCause.OTHER,
                    explanation="A note from the future.",
                ),
                CorrectiveAction(
                    benefit_id=b2.id,
                    title="@Weekly pipeline coaching",
                    owner_id=alice.id,
                    due_date=date(2026, 5, 15),
                    status=ActionStatus.IN_PROGRESS,
                ),
                CorrectiveAction(
                    benefit_id=b2.id,
                    title="Tighten discount approval",
                    owner_id=bob.id,
                    due_date=date(2026, 8, 31),
                    status=ActionStatus.OPEN,
                ),
                CorrectiveAction(
                    benefit_id=b8.id,
                    title="Chase the supplier portal figures",
                    owner_id=carol.id,
                    due_date=date(2026, 6, 1),
                    status=ActionStatus.OPEN,
                ),
                CorrectiveAction(
                    benefit_id=b3.id,
                    title="Onboard suppliers to e-invoicing",
                    due_date=date(2026, 1, 31),
                    status=ActionStatus.DONE,
                    outcome="=1+1 suppliers onboarded",
                ),
            ]
        )


# -- reading the pack --------------------------------------------------------------------


def workbook(path: Path) -> Any:
    return load_workbook(path)


def summary_figures(path: Path) -> dict[str, tuple[Any, Any, Any]]:
    """Label → (now, at the previous pack, change) from the Summary sheet."""
    ws = load_workbook(path)["Summary"]
    return {
        row[0]: tuple(row[1:4])
        for row in ws.iter_rows(min_col=1, max_col=4, values_only=True)
        if isinstance(row[0], str)
    }


def exception_blocks(path: Path) -> list[tuple[str, Any]]:
    """(code, value at risk) of each block of the Exceptions sheet, top to bottom."""
    ws = load_workbook(path)["Exceptions"]
    blocks = []
    for row in ws.iter_rows(min_row=4):
        first, risk = row[0], row[5]
        is_band = risk.value == "Not valued" or "Value at risk" in str(risk.number_format)
        if isinstance(first.value, str) and is_band:
            match = re.match(r"^(\S+) · ", first.value)
            assert match, first.value
            blocks.append((match.group(1), risk.value))
    return blocks


def register_rows(path: Path) -> dict[str, dict[str, Any]]:
    ws = load_workbook(path)["Register"]
    header = [c.value for c in ws[4]]
    return {
        cells[0].value: dict(zip(header, cells, strict=True))
        for cells in ws.iter_rows(min_row=5)
        if cells[0].value
    }


def table_rows(path: Path, sheet: str, title: str) -> list[list[Any]]:
    """The rows of the table titled ``title`` (its section bar) on ``sheet``."""
    ws = load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith(title))
    if rows[start + 1][0] in ("None.",) or str(rows[start + 1][0]).startswith("None"):
        return []
    found = []
    for row in rows[start + 2 :]:
        if row[0] is None or (isinstance(row[0], str) and row[0].startswith(title)):
            if row[0] is None:
                break
            continue  # a repeated title on a new page, then its header
        if row[0] == "Benefit":
            continue
        found.append(list(row))
    return found
