"""The benefits review: its workbook, recording the decision through the audited
lifecycle, undoing it, and the forecast accuracy of finished benefits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from benefitdesk.exchange.review_workbook import Proposal
from benefitdesk.model import AuditEntry, Benefit, BenefitReview, Lifecycle, ReviewDecision
from benefitdesk.services.accuracy import forecast_accuracy
from benefitdesk.services.errors import ValidationError
from benefitdesk.services.report import build_report
from benefitdesk.services.review import (
    record_review,
    reviews_of,
    suggested_decision,
    withdraw_review,
    write_review,
)
from benefitdesk.store import Store
from monthly_helpers import AS_OF


def benefit(store: Store, code: str) -> Benefit:
    with store.reading() as session:
        found = session.exec(select(Benefit).where(Benefit.code == code)).one()
        session.expunge(found)
        return found


def test_closing_moves_the_lifecycle_in_one_audited_transaction(store: Store) -> None:
    b = benefit(store, "B-002")
    assert b.status is Lifecycle.TRACKING
    recorded = record_review(
        store,
        b.id,
        ReviewDecision.CLOSE_NOT_REALISED,
        on=AS_OF,
        lessons="Benchmarks from the vendor were optimistic.",
        note="Price pressure is structural.",
        realisation_pct=53.3,
    )
    after = benefit(store, "B-002")
    assert after.status is Lifecycle.CLOSED
    with store.reading() as session:
        review = session.get(BenefitReview, recorded.review_id)
        audit = session.exec(
            select(AuditEntry).where(AuditEntry.entity.in_(["benefit", "benefit_review"]))  # type: ignore[attr-defined]
        ).all()
    assert review is not None and review.created_by == store.user
    assert review.decision is ReviewDecision.CLOSE_NOT_REALISED
    status = [a for a in audit if a.entity == "benefit" and a.field == "status"]
    assert status and (status[-1].old, status[-1].new) == ("tracking", "closed")
    assert status[-1].user == store.user
    assert any(a.entity == "benefit_review" and a.action == "insert" for a in audit)
    assert [r.decision for r in reviews_of(store, b.id)] == ["close as not realised"]
    # a closed benefit is no longer overdue or at risk: the report follows the lifecycle
    result = build_report(store, AS_OF).result_for("B-002")
    assert result is not None and not result.at_risk and not result.overdue

    withdraw_review(store, recorded)  # undo
    assert benefit(store, "B-002").status is Lifecycle.TRACKING
    assert reviews_of(store, b.id) == []


def test_continuing_needs_a_new_date_and_sets_the_tracking_end(store: Store) -> None:
    b = benefit(store, "B-005")  # realised, still tracked
    with pytest.raises(ValidationError, match="new date"):
        record_review(store, b.id, ReviewDecision.CONTINUE, on=AS_OF)
    with pytest.raises(ValidationError, match="new date"):
        record_review(
            store, b.id, ReviewDecision.CONTINUE, on=AS_OF, continue_until=date(2026, 1, 1)
        )
    recorded = record_review(
        store, b.id, ReviewDecision.CONTINUE, on=AS_OF, continue_until=date(2027, 12, 31)
    )
    after = benefit(store, "B-005")
    assert after.status is Lifecycle.TRACKING and after.tracking_end == date(2027, 12, 31)
    withdraw_review(store, recorded)
    restored = benefit(store, "B-005")
    assert restored.status is b.status and restored.tracking_end == b.tracking_end


def test_a_draft_cannot_be_reviewed(store: Store) -> None:
    draft = benefit(store, "B-020")
    with pytest.raises(ValidationError, match="draft"):
        record_review(store, draft.id, ReviewDecision.CLOSE_REALISED, on=AS_OF)


def test_suggested_decision(store: Store) -> None:
    report = build_report(store, AS_OF)
    assert suggested_decision(report.result_for("B-005")) is ReviewDecision.CLOSE_REALISED
    assert suggested_decision(report.result_for("B-002")) is ReviewDecision.CONTINUE
    assert suggested_decision(None) is ReviewDecision.CONTINUE


def test_review_workbook_of_a_rebaselined_benefit(store: Store, tmp_path: Path) -> None:
    b = benefit(store, "B-014")
    record_review(
        store,
        b.id,
        ReviewDecision.CONTINUE,
        on=date(2026, 6, 30),
        continue_until=date(2027, 3, 31),
        note="Wave 3 goes live in February.",
    )
    out = write_review(
        store,
        tmp_path / "review.xlsx",
        [b.id],
        as_of=AS_OF,
        proposals={"B-014": Proposal("close as realised", None, "=HYPERLINK(1)")},
        lessons="-Phase benefits by roll-out wave.",
        reviewer="Priya Shah",
    )
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["B-014"]
    ws = wb["B-014"]
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Benefits review — B-014 Nurse administration time" in text
    assert "Close as realised" in text and "=HYPERLINK(1)" in text  # text, not a formula
    assert "-Phase benefits by roll-out wave." in text
    assert "1 (original)" in text and "2 (current)" in text
    assert any(t.startswith("Go-live moved four months") for t in text)  # the reason
    assert "implementation delay" in text  # the variance cause
    assert "continue tracking" in text and "Wave 3 goes live in February." in text  # earlier
    formulas = [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    (chart,) = ws._charts
    assert len(chart.series) == 4
    refs = [s.yVal.numRef.f for s in chart.series]
    assert refs[0].startswith("'B-014'!$B$") and refs[3].startswith("'B-014'!$E$")
    assert ws.page_setup.orientation == "landscape"


def test_a_project_review_has_a_summary_page(store: Store, tmp_path: Path) -> None:
    report = build_report(store, AS_OF)
    first = report.snapshot.benefits[0]
    ids = [b.id for b in report.snapshot.benefits if b.project_id == first.project_id]
    out = write_review(
        store,
        tmp_path / "project.xlsx",
        ids,
        as_of=AS_OF,
        proposals={"B-001": Proposal("close as realised")},
        lessons="Adoption drove everything.",
    )
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Summary" and wb.sheetnames[1:] == sorted(
        b.code for b in report.snapshot.benefits if b.id in set(ids)
    )
    summary = [str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value]
    assert "Close as realised" in summary and "Adoption drove everything." in summary
    assert summary[0].startswith("Benefits review — P-")


def test_forecast_accuracy_by_category_and_owner(store: Store) -> None:
    before = forecast_accuracy(build_report(store, AS_OF))
    assert before.overall.benefits == 2  # the demo's two realised benefits
    b2 = benefit(store, "B-002")
    record_review(store, b2.id, ReviewDecision.CLOSE_NOT_REALISED, on=AS_OF)
    report = build_report(store, AS_OF)
    tables = forecast_accuracy(report)
    realised = report.result_for("B-002").realisation_pct  # type: ignore[union-attr]
    alice = next(a for a in tables.by_owner if a.group == "Alice Chen")
    assert alice.benefits == 1 and alice.met == 0
    assert alice.mean_error_pct == pytest.approx(realised - 100.0)
    revenue = next(a for a in tables.by_category if a.group == "revenue")
    assert revenue.mean_abs_error_pct == pytest.approx(100.0 - realised)
    assert tables.overall.benefits == 3


def test_review_command(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from monthly_helpers import run_cli

    path = store.path
    store.close()
    out = tmp_path / "p100.xlsx"
    argv = ["review", path, "P-100", out, "--as-of", AS_OF.isoformat()]
    code, text, err = run_cli([*argv, "--decide", "continue"], capsys)
    assert code == 1 and "--until" in err and not out.exists()
    code, text, err = run_cli(
        [*argv, "--decide", "continue", "--until", "2027-12-31", "--lessons", "Adoption first."],
        capsys,
    )
    assert code == 0, err
    assert "B-001, B-002, B-003" in text and "Recorded: continue tracking (3 benefits)" in text
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"
    with Store(path) as again:
        assert benefit(again, "B-003").tracking_end == date(2027, 12, 31)
        assert [r.decision for r in reviews_of(again, benefit(again, "B-003").id)] == [
            "continue tracking"
        ]
    code, _text, err = run_cli(["review", path, "X-1", out], capsys)
    assert code == 1 and "no benefit or project X-1" in err
