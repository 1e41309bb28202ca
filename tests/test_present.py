"""One way of writing figures and one vocabulary, for the app, the CLI and the board pack."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from benefitdesk.analysis.types import BenefitResult, IndicatorResult, RiskReason, Status
from benefitdesk.present.attention import AttentionItem, AttentionKind, Urgency, attention_summary
from benefitdesk.present.formats import (
    compact_number,
    currency_prefix,
    day,
    excel_money_format,
    moment,
    money,
    money_tick,
    month,
    number,
    pct,
    quantity,
)
from benefitdesk.present.vocabulary import (
    STATUS_LABELS,
    glossary,
    need_attention,
    reason_phrases,
    reasons_text,
    status_label,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "benefitdesk"


@pytest.mark.parametrize(
    ("value", "currency", "compact", "expected"),
    [
        (4_920_800, "GBP", True, "£4.92m"),
        (4_920_800, "GBP", False, "£4,920,800"),
        (5_000, "GBP", True, "£5,000"),  # small amounts in full, never "£5.00k"
        (9_999.6, "GBP", True, "£10,000"),
        (12_345, "USD", True, "$12.3k"),
        (816_562.5, "GBP", True, "£817k"),
        (999_999, "GBP", True, "£1m"),  # rounds into the next scale, not "£1000k"
        (1_234_000_000, "EUR", True, "€1.23bn"),
        (-12_500, "GBP", True, "−£12.5k"),  # the sign before the symbol
        (-0.4, "GBP", False, "£0"),  # no "−£0"
        (4_920_800, "CHF", True, "CHF 4.92m"),  # an ISO code goes before, as a symbol
        (830, "chf", False, "CHF 830"),
        (-830, "CHF", False, "−CHF 830"),
        (None, "GBP", False, "—"),
    ],
)
def test_money(value: float | None, currency: str, compact: bool, expected: str) -> None:
    assert money(value, currency, compact=compact) == expected


def test_currency_prefix_and_excel_format_agree() -> None:
    assert currency_prefix("gbp") == "£" and currency_prefix("CHF") == "CHF "
    assert currency_prefix("") == ""
    assert excel_money_format("GBP") == '"£"#,##0;"−£"#,##0;"£"0'
    assert excel_money_format("CHF") == '"CHF "#,##0;"−CHF "#,##0;"CHF "0'


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [(70.45, False, "70.5%"), (5.5, True, "+5.5%"), (-17.7, True, "−17.7%"),
     (-0.04, True, "+0.0%"), (-0.04, False, "0.0%"), (None, True, "—")],
)  # fmt: skip
def test_percentages(value: float | None, signed: bool, expected: str) -> None:
    assert pct(value, signed=signed) == expected


def test_a_percentage_setting_keeps_its_digits() -> None:
    assert pct(10, digits=None) == "10%" and pct(7.5, digits=None) == "7.5%"


def test_numbers_and_units() -> None:
    assert [number(v) for v in (1250, 173.1, 0.1234, 1234.56, 12345.6, -5)] == [
        "1,250", "173.1", "0.1234", "1,234.6", "12,346", "−5",
    ]  # fmt: skip
    assert number(None, none="") == ""
    # a currency unit goes first, "%" follows, any other unit after a space
    assert quantity(7.8, "£") == "£7.8"
    assert quantity(4.46, "£") == "£4.46"
    assert quantity(67.4, "£k per month") == "£67.4k per month"
    assert quantity(12, "GBP") == "£12"
    assert quantity(-3, "$") == "−$3"
    assert quantity(23.4, "%") == "23.4%"
    assert quantity(1250, "hours") == "1,250 hours"
    assert quantity(3, "GBPx") == "3 GBPx"  # not a currency code
    assert quantity(None, "£") == "—"
    assert compact_number(1_250_000) == "1.25m" and compact_number(12.5) == "12.5"
    assert money_tick(250_000, "GBP") == "£250k" and money_tick(-2000, "GBP") == "−£2k"


def test_dates_are_english_whatever_the_locale() -> None:
    assert day(date(2026, 6, 5)) == "5 Jun 2026"
    assert month(date(2026, 12, 31)) == "Dec 2026"
    utc = datetime(2026, 6, 5, 14, 5, tzinfo=UTC)
    local = utc.astimezone()
    assert moment(utc) == f"{local.day} Jun 2026 {local:%H:%M}"
    assert moment(datetime(2026, 6, 5, 14, 5)) == moment(utc)  # naive: UTC, as stored
    assert day(None) == "—" and day(None, none="") == ""


def result(status: Status, reasons: tuple[RiskReason, ...], **figures: object) -> BenefitResult:
    values: dict[str, object] = dict.fromkeys(BenefitResult._fields)
    values.update(
        code="B-1", status=status, at_risk=bool(reasons), risk_reasons=reasons,
        overdue=RiskReason.OVERDUE in reasons, counted=True, indicators=(), lifecycle="tracking",
    )  # fmt: skip
    values.update(figures)
    return BenefitResult(**values)  # type: ignore[arg-type]


def test_the_status_and_the_flag_have_different_names() -> None:
    on_track_but_late = result(Status.ON_TRACK, (RiskReason.OVERDUE,), next_due=date(2026, 5, 31))
    assert STATUS_LABELS[on_track_but_late.status] == "On track"
    assert reason_phrases(on_track_but_late) == ["figure overdue (due 31 May 2026)"]
    behind = result(
        Status.AT_RISK,
        (RiskReason.BEHIND_PLAN, RiskReason.FORECAST, RiskReason.INDICATOR),
        variance_pct=-17.7,
        forecast_realisation_pct=66.4,
        indicators=(
            IndicatorResult("I-1", "Adoption", Status.OFF_TRACK, 1, None, None, None),
            IndicatorResult("I-2", "Training", Status.ON_TRACK, 1, None, None, None),
        ),
    )
    assert reason_phrases(behind, date(2026, 12, 31)) == [
        "behind plan (−17.7%)",
        "forecast short of target (66% by Dec 2026)",
        "leading indicator behind (Adoption)",
    ]
    assert reason_phrases(behind, skip=(RiskReason.BEHIND_PLAN,))[0].startswith("forecast")
    assert reasons_text(behind.risk_reasons) == (
        "behind plan, forecast short of target, leading indicator behind"
    )
    assert status_label(Status.ON_TRACK, "draft") == "On track (draft)"
    assert status_label(Status.AT_RISK, "tracking") == "At risk"
    assert need_attention(1) == "1 benefit needs attention"
    assert need_attention(6) == "6 benefits need attention"


def _item(kind: AttentionKind, benefit_id: int, ref: int = 0) -> AttentionItem:
    return AttentionItem(
        kind, Urgency.MEDIUM, benefit_id, f"B-{benefit_id}", "", "", "", None, "", ref
    )


def test_the_attention_summary_relates_its_benefits_to_the_cards_count() -> None:
    """The card counts flagged benefits; the list's summary says how many more it holds
    (overdue actions, definition errors on unflagged benefits)."""
    kind = AttentionKind
    assert attention_summary([]) == "Nothing needs attention."
    flagged = [
        _item(kind.AT_RISK, 1),
        _item(kind.OVERDUE_MEASUREMENT, 1),
        _item(kind.OVERDUE_MEASUREMENT, 2),
    ]
    assert attention_summary(flagged) == "3 items on 2 benefits: 2 benefits need attention."
    others = [
        _item(kind.OVERDUE_ACTION, 3, ref=7),
        _item(kind.DEFINITION_ERROR, 4),
        _item(kind.OVERDUE_ACTION, 1, ref=8),
    ]
    assert attention_summary(flagged + others) == (
        "6 items on 4 benefits: 2 benefits need attention, 2 more have an overdue action "
        "or a definition error."
    )
    assert attention_summary(others[:1]) == (
        "1 item on 1 benefit; none needs attention, but it has an overdue action or a "
        "definition error."
    )
    many = [_item(kind.AT_RISK, n) for n in range(1, 1235)]
    assert (
        attention_summary(many) == "1,234 items on 1,234 benefits: 1,234 benefits need attention."
    )


def test_the_glossary_explains_every_status_and_reason() -> None:
    terms = dict(glossary())
    for status in Status:
        assert f"Status: {STATUS_LABELS[status]}" in terms
    assert "Needs attention" in terms and "Value at risk" in terms
    assert len([t for t in terms if t.startswith("Needs attention: ")]) == len(RiskReason)


# -- one rule in one place -----------------------------------------------------------------

#: Writing money, percentages or dates by hand: the ways the app once disagreed with
#: itself (£4.9m / £4.92M, "7.8 £", CHF before and after the amount).
HAND_FORMATTING = re.compile(
    r"""strftime\(|:%d %b|:%b %Y|:,\.0f\}|:\+?[.0-9]*[fg]\} ?%|currency_symbol\("""
)
#: Reading dates, and stamps for file names: not figures shown to a person.
MACHINE_FORMATS = re.compile(r"strptime|%Y%m%d")
#: Modules not yet moved onto ``present`` (their owners adopt it as they land).
NOT_YET = ("exchange/boardpack/", "ui/importing/", "services/import", "exchange/")


def test_figures_are_written_only_by_present() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith(("present/", *NOT_YET)):
            continue
        for number_, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_FORMATTING.search(line) and not MACHINE_FORMATS.search(line):
                offenders.append(f"{relative}:{number_}: {line.strip()}")
    assert not offenders, "write figures with benefitdesk.present:\n" + "\n".join(offenders)
