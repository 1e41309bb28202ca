"""The At risk status and the Needs attention flag keep their names everywhere: register,
its filters, the detail header, the dashboard and the command line; and the register and
the header colour a variance alike (a dis-benefit's once was red in one, green in the
other)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from benefitdesk.analysis.types import Status
from benefitdesk.cli import run
from benefitdesk.present.vocabulary import STATUS_LABELS, need_attention, reasons_text
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.register.model import RegisterModel
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.style import STATUS_COLOURS

pytestmark = pytest.mark.gui
AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benefitdesk.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=AS_OF).close()
    return path


@pytest.fixture
def window(qtbot, demo_file: Path, tmp_path: Path, app_settings: AppSettings):  # type: ignore[no-untyped-def]
    copy = tmp_path / "demo.sqlite"
    copy.write_bytes(demo_file.read_bytes())
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_portfolio(copy)
    win.show()
    win.navigate("all")
    yield win
    win.close()


def shown(win: MainWindow, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> dict[str, object]:
    model = win.register.model
    rows = range(model.rowCount())
    return {model.index(r, 0).data(): model.index(r, col).data(role) for r in rows}


def results(win: MainWindow) -> dict[str, object]:
    report = win.context.report  # type: ignore[union-attr]
    return {r.code: r for r in report.benefits}


def test_the_register_names_status_and_flag_apart(window: MainWindow) -> None:
    by_code = results(window)
    statuses = shown(window, RegisterModel.COL_STATUS)
    flags = shown(window, RegisterModel.COL_ATTENTION)
    assert RegisterModel.HEADERS[RegisterModel.COL_ATTENTION] == "Needs attention"
    assert by_code and statuses.keys() == by_code.keys() == flags.keys()
    for code, result in by_code.items():
        assert statuses[code].startswith(STATUS_LABELS[result.status])  # type: ignore[attr-defined,union-attr]
        assert flags[code] == reasons_text(result.risk_reasons)  # type: ignore[attr-defined]
    flagged_on_track = [
        c
        for c, r in by_code.items()
        if r.at_risk and r.status is Status.ON_TRACK  # type: ignore[attr-defined]
    ]
    assert flagged_on_track, "the demo has an on-track benefit that needs attention"

    window.register.needs_attention.setChecked(True)
    listed = set(shown(window, 0))
    assert listed == {c for c, r in by_code.items() if r.at_risk}  # type: ignore[attr-defined]
    assert set(flagged_on_track) <= listed  # the flag, not the status
    window.register.needs_attention.setChecked(False)

    combo = window.register.status_filter
    combo.setCurrentIndex(combo.findData(Status.AT_RISK))
    assert {shown(window, RegisterModel.COL_STATUS)[c] for c in shown(window, 0)} == {"At risk"}


def test_the_header_shows_the_status_then_the_flag(window: MainWindow) -> None:
    by_code = results(window)
    code = next(
        c
        for c, r in by_code.items()
        if r.at_risk and r.status is Status.ON_TRACK  # type: ignore[attr-defined]
    )
    window.show_benefit(window.context.benefit_by_code(code).id)  # type: ignore[union-attr]
    text = window.detail.header.text()
    assert " — On track · needs attention: " in text
    assert "at risk" not in text.lower()
    image = window.detail.header.dot.pixmap().toImage()
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre.name() == STATUS_COLOURS[Status.ON_TRACK]


def test_register_and_header_colour_a_variance_alike(window: MainWindow) -> None:
    """Every benefit, dis-benefits included: one rule (ui.style.variance_colour)."""
    colours = shown(window, RegisterModel.COL_VARIANCE, Qt.ItemDataRole.ForegroundRole)
    benefits = window.context.report.snapshot.benefits  # type: ignore[union-attr]
    assert "dis-benefit" in {b.kind.value for b in benefits}
    greyed = {b.code for b in benefits if b.status.value in ("draft", "cancelled")}
    assert colours.keys() == {b.code for b in benefits}
    for code, colour in colours.items():
        if code in greyed:
            continue  # the whole row is grey
        window.show_benefit(window.context.benefit_by_code(code).id)  # type: ignore[union-attr]
        header = window.detail.header.figures["variance"].value.styleSheet()
        if colour is None:
            assert "color" not in header, code
        else:
            assert f"color: {colour.name()}" in header, code  # type: ignore[attr-defined]


def test_the_dashboard_and_the_command_line_say_need_attention(
    window: MainWindow, demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    totals = window.context.report.totals  # type: ignore[union-attr]
    card = window.dashboard.cards.cards["at_risk_value"]
    assert card.title.text() == "Value at risk"
    assert card.detail.text() == need_attention(totals.at_risk_count)

    assert run(["report", str(demo_file), "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out
    assert f"Needs attention  {totals.at_risk_count} of {totals.benefit_count} benefits" in out
    assert "Value at risk" in out
    header = next(line for line in out.splitlines() if line.startswith("Code"))
    assert header.endswith("Value at risk  Needs attention")
