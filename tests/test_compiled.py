"""The compiled build (mypyc, ``BENEFITDESK_COMPILE=1``) gives exactly the pure build's
figures (docs/architecture.md, "The compiled build").

The compiled modules are built once per session, into a copy of the project in a
temporary folder (conftest.py: compiled_src; never beside the sources in ``src/``, where
they would hide edits to the ``.py`` files); the bundle's test uses the same build.
Then the same driver runs under both builds on the demo portfolio and on random
portfolios (those of the report equality test) at several dates, and what each writes
must be equal byte for byte: ``report --json``'s text from the lean read of the file and
from a whole Snapshot (the app's, the board pack's), and the board pack's cells.

Without a C compiler or the interpreter's headers these tests skip, naming what is
missing, except where ``BENEFITDESK_REQUIRE_COMPILED=1`` (scripts/test.sh, CI) makes
that a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from python_calamine import CalamineWorkbook

from benefitdesk.demo import create_demo
from benefitdesk.store import Store
from test_report_figures import portfolio_specs, write

pytestmark = pytest.mark.slow
RANDOM_PORTFOLIOS = 40
D0 = date(2024, 1, 1)
AS_OFS = [D0 + timedelta(days=k) for k in (-10, 45, 150, 260, 420)]

# Run under each build: every portfolio's report --json text at every date, from the
# lean read of the file and from a whole Snapshot, separated by a line of its own.
DRIVER = """
import sys
from datetime import date
from pathlib import Path

from benefitdesk.analysis import evaluate
from benefitdesk.services.report import build_report, file_figures, report_json_text
from benefitdesk.store import Store

out = sys.stdout.buffer
out.write(evaluate.__file__.encode() + b"\\n")
days = [date.fromisoformat(d) for d in sys.argv[2].split(",")]
for path in sys.argv[1].split(","):
    with Store(Path(path)) as store:
        for day in days:
            out.write(f"== {Path(path).name} {day}\\n".encode())
            out.write(report_json_text(file_figures(Path(path), day)))
            out.write(report_json_text(build_report(store, day)))
"""


def _env(src: Path | None) -> dict[str, str]:
    """The environment of a process of the pure build (None) or of the compiled one."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _drive(src: Path | None, portfolios: list[Path]) -> tuple[str, bytes]:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            DRIVER,
            ",".join(map(str, portfolios)),
            ",".join(d.isoformat() for d in AS_OFS),
        ],
        env=_env(src),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    module, _, figures = done.stdout.partition(b"\n")
    return module.decode(), figures


def _random_portfolios(folder: Path, count: int) -> list[Path]:
    """``count`` random portfolios, as the report equality test writes them."""
    template = folder / "template.sqlite"
    Store(template, create=True).close()
    paths: list[Path] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(spec=portfolio_specs())
    def write_one(spec: object) -> None:
        path = folder / f"random-{len(paths)}.sqlite"
        shutil.copyfile(template, path)
        write(path, spec)  # type: ignore[arg-type]
        paths.append(path)

    write_one()
    return paths


def test_the_compiled_build_is_really_compiled(compiled_src: Path) -> None:
    """Else the comparison below would compare the pure build with itself."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    built = sorted(p.relative_to(compiled_src).as_posix() for p in compiled_src.rglob(f"*{suffix}"))
    assert "benefitdesk/analysis/evaluate" + suffix in built
    assert "benefitdesk/store/figures" + suffix in built
    assert "benefitdesk__mypyc" + suffix in built  # the shared library the bundle names
    assert not any(p.startswith("benefitdesk/analysis/__init__") for p in built)


def test_compiled_and_pure_write_the_same_figures(compiled_src: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo.sqlite"
    create_demo(demo, today=D0 + timedelta(days=200)).close()
    portfolios = [demo, *_random_portfolios(tmp_path, RANDOM_PORTFOLIOS)]
    pure_module, pure = _drive(None, portfolios)
    compiled_module, compiled = _drive(compiled_src, portfolios)
    assert pure_module.endswith("evaluate.py")
    assert compiled_module.endswith(sysconfig.get_config_var("EXT_SUFFIX"))
    assert compiled.count(b"\n== ") == len(portfolios) * len(AS_OFS) - 1
    assert compiled == pure


def _benefitdesk(src: Path | None, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "benefitdesk", *map(str, args)],
        env=_env(src),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done


def _cells(path: Path) -> list[tuple[str, list[list[object]]]]:
    book = CalamineWorkbook.from_path(str(path))
    return [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]


def test_the_commands_write_the_same_report_and_board_pack(
    compiled_src: Path, tmp_path: Path
) -> None:
    demo = tmp_path / "demo.sqlite"
    create_demo(demo, today=D0 + timedelta(days=200)).close()
    as_of = (D0 + timedelta(days=190)).isoformat()
    outputs = []
    for build, src in (("pure", None), ("compiled", compiled_src)):
        copy = tmp_path / f"{build}.sqlite"
        shutil.copyfile(demo, copy)
        report = _benefitdesk(src, "report", copy, "--json", "--as-of", as_of).stdout
        pack = tmp_path / f"{build}.xlsx"
        _benefitdesk(src, "board-pack", copy, pack, "--as-of", as_of, "--yes")
        outputs.append((report, _cells(pack)))
    assert outputs[0][0].startswith(b"{")
    assert outputs[1] == outputs[0]
