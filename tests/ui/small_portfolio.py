"""The small portfolio most main-window tests open: three tracking benefits in two
projects (B-001 and B-002 Alice Chen's in P-1, B-003 Bob Stone's in P-2), only B-001
with a figure. Each benefit is the one valid benefit of tests/builders.py, changed only
where these tests need it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from benefitdesk.model import Lifecycle, Person, Project
from benefitdesk.services.benefits import set_lifecycle
from benefitdesk.services.measurements import log_measurement
from benefitdesk.store import Store
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.settings import AppSettings
from builders import add_benefit

AS_OF = date(2026, 11, 25)
BENEFITS = (
    ("B-001", "Alice Chen", "P-1"),
    ("B-002", "Alice Chen", "P-1"),
    ("B-003", "Bob Stone", "P-2"),
)


def make_portfolio(path: Path) -> Path:
    with Store(path, create=True) as store:
        with store.transaction() as session:
            session.add(Project(code="P-1", name="CRM rollout"))
            session.add(Project(code="P-2", name="AP automation"))
            session.add(Person(name="Bob Stone"))
        for code, owner, project in BENEFITS:
            add_benefit(
                store,
                code,
                owner=owner,
                project_code=project,
                measure="Rate",
                baseline=10.0,
                target=20.0,
                financial_value=None,
            )
            set_lifecycle(store, code, Lifecycle.TRACKING)
        log_measurement(store, "B-001", date(2026, 10, 31), 18.0)
    return path


def open_window(qtbot, settings: AppSettings, path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The window on ``path``, opened at once (not in the background), for a fixture."""
    win = MainWindow(settings, as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_portfolio(path)
    win.show()
    yield win
    win.close()


def visible_codes(win: MainWindow) -> list[str]:
    assert win.register is not None
    model = win.register.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]
