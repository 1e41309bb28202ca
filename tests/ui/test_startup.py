"""The window paints its register before it pays for the portfolio's machinery.

What the window needs before its first paint is Qt, its frame and the register; the
store (SQLAlchemy, SQLModel, pydantic), the charts (pyqtgraph, numpy) and the workbook
readers load in the background once the register shows (ui/main_window/opening.py).
A module-level import of one of them in the window's modules costs every start a
third of a second or more (README, "Performance": bench_startup.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "openpyxl", "python_calamine",
         "xlsxwriter", "numpy", "pyqtgraph", "psycopg", "icalendar", "portalocker")  # fmt: skip


def test_the_main_window_module_imports_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "import benefitdesk.ui.app, benefitdesk.ui.main_window\n"
        f"heavy = {{m.split('.')[0] for m in sys.modules if m.startswith({HEAVY!r})}}\n"
        "print(' '.join(sorted(heavy)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == []
