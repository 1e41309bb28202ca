"""File › Export Workbook… and File › Collection Template…: the files are written in
the background and read back with openpyxl; the owner defaults to "me"."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from benefitdesk.exchange.workbook_writer import Cancelled
from benefitdesk.store import Store
from benefitdesk.ui import workbooks
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.workbooks import (
    EVERYONE,
    OwnerDialog,
    collection_template,
    export_workbook,
    owners,
)

pytestmark = pytest.mark.gui

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benefitdesk.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=TODAY).close()
    return path


@pytest.fixture
def context(demo_file: Path, tmp_path: Path) -> Iterator[PortfolioContext]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    with Store(copy) as store:
        yield PortfolioContext(store, as_of=TODAY)


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


class Prompts:
    def __init__(self) -> None:
        self.save_as: Path | None = None
        self.suggested: list[str] = []
        self.boxes: list[str] = []


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    made = Prompts()

    def save_file(_parent: Any, _title: str, suggested: str, _filters: str) -> tuple[str, str]:
        made.suggested.append(suggested)
        return (str(made.save_as), "") if made.save_as else ("", "")

    def exec_box(box: QMessageBox) -> int:
        made.boxes.append(box.text())
        return 0

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file))
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    return made


def finish(qtbot: Any, job: Job | None) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: job not in Job.active, timeout=30_000)


def test_export_workbook_writes_the_canonical_workbook(
    qtbot: Any,
    window: QWidget,
    context: PortfolioContext,
    app_settings: AppSettings,
    prompts: Prompts,
    tmp_path: Path,
) -> None:
    prompts.save_as = tmp_path / "exports" / "northwind"
    prompts.save_as.parent.mkdir()
    finish(qtbot, export_workbook(window, context, app_settings))
    out = tmp_path / "exports" / "northwind.xlsx"
    book = openpyxl.load_workbook(out, read_only=True)
    assert {"Settings", "People", "Projects", "Benefits", "Measurements"} <= set(book.sheetnames)
    codes = [row[0] for row in book["Benefits"].iter_rows(min_row=2, values_only=True)]
    assert "B-001" in codes
    book.close()
    assert str(out) in prompts.boxes[-1]
    assert prompts.suggested[0].endswith(f"{TODAY:%Y-%m-%d}.xlsx")
    assert app_settings.value("files/export_folder") == str(out.parent)  # remembered


def test_a_cancelled_save_dialog_writes_nothing(
    window: QWidget, context: PortfolioContext, app_settings: AppSettings, prompts: Prompts
) -> None:
    assert export_workbook(window, context, app_settings) is None
    assert prompts.boxes == []


def test_a_cancelled_export_says_nothing(
    qtbot: Any,
    window: QWidget,
    context: PortfolioContext,
    app_settings: AppSettings,
    prompts: Prompts,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def cancelled(*_args: Any, **_kwargs: Any) -> Any:
        raise Cancelled

    monkeypatch.setattr("benefitdesk.services.exporting.export_portfolio", cancelled)
    prompts.save_as = tmp_path / "out.xlsx"
    finish(qtbot, export_workbook(window, context, app_settings))
    assert prompts.boxes == []  # no error box, no traceback: the user asked for it
    assert not prompts.save_as.exists()


def test_the_owner_defaults_to_me(
    qtbot: Any, context: PortfolioContext, app_settings: AppSettings
) -> None:
    listed = dict(owners(context))
    assert listed["Alice Chen"] >= 1
    dialog = OwnerDialog(context, "Alice Chen")
    qtbot.addWidget(dialog)
    assert dialog.chosen() == "Alice Chen"
    nobody = OwnerDialog(context, "")
    qtbot.addWidget(nobody)
    assert nobody.chosen() == EVERYONE


def test_collection_template_for_me(
    qtbot: Any,
    window: QWidget,
    context: PortfolioContext,
    app_settings: AppSettings,
    prompts: Prompts,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app_settings.me = "Alice Chen"
    monkeypatch.setattr(OwnerDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    prompts.save_as = tmp_path / "alice.xlsx"
    finish(qtbot, collection_template(window, context, app_settings))
    assert "Alice Chen" in prompts.suggested[0]
    book = openpyxl.load_workbook(prompts.save_as, read_only=True)
    assert "Measurements" in book.sheetnames
    codes = {
        row[0]
        for row in book["Measurements"].iter_rows(min_row=2, values_only=True)
        if row and row[0]
    }
    book.close()
    snapshot = context.report.snapshot
    alice = {
        b.code
        for b in snapshot.benefits
        if snapshot.person_name(b.owner_id) == "Alice Chen"
        and getattr(b.status, "value", b.status) in ("approved", "tracking")
    }
    assert codes and codes <= alice
    assert "for Alice Chen" in prompts.boxes[-1]


def test_collection_template_cancelled_at_the_owner_asks_nothing_more(
    window: QWidget,
    context: PortfolioContext,
    app_settings: AppSettings,
    prompts: Prompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workbooks, "choose_owner", lambda *_args: None)
    assert collection_template(window, context, app_settings) is None
    assert prompts.suggested == []
