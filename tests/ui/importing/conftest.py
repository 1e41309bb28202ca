"""Fixtures of the import dialog's tests: the demo portfolio copied per test, the
register file, the dialog, and every message box and file dialog recorded instead of
shown."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from import_steps import TODAY, Said, register_file
from PySide6.QtWidgets import QFileDialog, QMessageBox

from benefitdesk.store import Store
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.importing import ImportDialog
from benefitdesk.ui.settings import AppSettings


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benefitdesk.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=TODAY).close()
    return path


@pytest.fixture
def demo_store(demo_file: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    with Store(copy) as store:
        yield store


@pytest.fixture
def context(demo_store: Store) -> PortfolioContext:
    return PortfolioContext(demo_store, as_of=TODAY)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return register_file(tmp_path / "Northwind return 2026-11.xlsx")


@pytest.fixture(autouse=True)
def said(monkeypatch: pytest.MonkeyPatch) -> Said:
    record = Said()

    def exec_box(box: QMessageBox) -> int:
        record.boxes.append((box.windowTitle(), box.text(), box.detailedText()))
        return 0

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        record.questions.append(text)
        return record.answer

    def information(_parent: Any, title: str, text: str, *_args: Any) -> Any:
        record.boxes.append((title, text, ""))
        return QMessageBox.StandardButton.Ok

    def save_file(*_args: Any) -> tuple[str, str]:
        assert record.save_as is not None, "a save dialog was not expected"
        return str(record.save_as), ""

    def open_file(*_args: Any) -> tuple[str, str]:
        raise AssertionError("an open dialog was not expected")

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(information))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    return record


@pytest.fixture
def dialog(qtbot: Any, context: PortfolioContext, app_settings: AppSettings) -> ImportDialog:
    made = ImportDialog(context, app_settings)
    qtbot.addWidget(made)
    made.show()
    return made
