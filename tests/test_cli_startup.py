"""The command line starts fast: parsing loads no services, database or workbook code,
and a mistyped command is a usage error, never a portfolio name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benefitdesk.cli.main import parse

ROOT = Path(__file__).resolve().parents[1]
#: What takes tenths of a second to import (the services and the store pull them in).
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "openpyxl", "python_calamine", "numpy",
         "PySide6", "pyqtgraph")  # fmt: skip


def loaded_after(code: str) -> list[str]:
    """The heavy modules loaded by a fresh interpreter running ``code``."""
    probe = (
        f"import sys\n{code}\nprint('\\n'.join(m for m in sys.modules if m.startswith({HEAVY!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return out.split()


def test_building_the_parser_loads_nothing_heavy() -> None:
    """Every command module imports what its handlers need inside them: a new module
    with a heavy import at its top makes --help and --version slow (this fails)."""
    assert loaded_after("from benefitdesk.cli.main import build_parser; build_parser()") == []


def test_version_and_help_load_nothing_heavy() -> None:
    code = (
        "import contextlib, io\n"
        "from benefitdesk.launcher import main\n"
        "for flags in (['--version'], ['--help'], ['report', '--help'], ['reprot']):\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):\n"
        "        with contextlib.suppress(SystemExit):\n"
        "            main(flags)\n"
    )
    assert loaded_after(code) == []


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["reprot", "d.sqlite"], "did you mean 'report'?"),
        (["reprot"], "did you mean 'report'?"),
        (["bord-pack", "d.sqlite", "out.xlsx"], "did you mean 'board-pack'?"),
        (["exprot"], "did you mean 'export'?"),
        (["zzz"], "unknown command 'zzz', and no portfolio file"),
    ],
)
def test_an_unknown_command_is_a_usage_error(
    argv: list[str],
    suggestion: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        parse(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert suggestion in err and "usage: benefitdesk" in err


def test_a_folder_is_not_a_portfolio(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        parse([str(tmp_path)])
    assert exited.value.code == 2
    assert "is a folder" in capsys.readouterr().err


OPENS_THE_APP = [
    [], ["open"], ["open", "x.sqlite"], ["x.sqlite"], ["New.benefitdesk"], ["old.DB"],
    ["postgresql://pmo@server/portfolio"],
]  # fmt: skip


@pytest.mark.parametrize("argv", OPENS_THE_APP)
def test_what_opens_the_app(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert parse(argv).command == "open"


def test_an_existing_file_opens_the_app_whatever_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "programme").write_bytes(b"")
    args = parse(["programme"])
    assert args.command == "open" and args.portfolio == Path("programme")


def test_the_app_opens_one_portfolio(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse(["a.sqlite", "b.sqlite"])
    assert exited.value.code == 2


def test_the_launcher_opens_the_app_only_for_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from benefitdesk import launcher

    opened: list[Path | None] = []
    monkeypatch.setattr(launcher, "open_app", lambda p: opened.append(p) or 0)
    assert launcher.main(["x.sqlite"]) == 0
    assert launcher.main([]) == 0
    assert opened == [Path("x.sqlite"), None]


def test_a_desktop_start_skips_the_command_line_parser(tmp_path: Path) -> None:
    """``benefitdesk`` alone or with an existing portfolio file opens the window without
    importing the parser and its command modules (a start is measured in tenths)."""
    portfolio = tmp_path / "Programme.sqlite"
    portfolio.write_bytes(b"")
    for args in ([], [str(portfolio)], [str(tmp_path / "missing.sqlite")]):
        code = (
            "import sys\nfrom benefitdesk import launcher\n"
            "launcher.open_app = lambda path: print('opened', path) or 0\n"
            f"launcher.main({args!r})\n"
            "print('parser' if 'benefitdesk.cli.main' in sys.modules else 'no parser')\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split("\n")
        assert out[0] == f"opened {args[0] if args else None}"
        assert out[1] == ("parser" if "missing" in str(args) else "no parser")


def test_report_json_on_a_current_file_loads_nothing_heavy(tmp_path: Path) -> None:
    """``report --json`` reads a current portfolio file with sqlite3 alone: SQLAlchemy
    (imported, for one, by recognising a server URL) would cost it a tenth of a second."""
    from benefitdesk.store import Store

    portfolio = tmp_path / "p.sqlite"
    Store(portfolio, create=True).close()
    code = (
        "import contextlib, io\n"
        "from benefitdesk.launcher import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['report', {str(portfolio)!r}, '--json']) == 0\n"
    )
    assert loaded_after(code) == []


def test_each_command_is_listed_with_the_module_that_adds_it() -> None:
    """A command line naming a command builds only its module's parser, found by
    COMMAND_MODULES: a command added to a module but not listed there would be taken
    for a portfolio's name."""
    from benefitdesk.cli.main import COMMAND_MODULES, build_parser, command_names

    for module, listed in COMMAND_MODULES.items():
        assert tuple(command_names(build_parser([module]))) == listed, module


def test_a_command_parses_alike_with_its_module_alone(tmp_path: Path) -> None:
    portfolio = str(tmp_path / "p.sqlite")
    args = parse(["report", portfolio, "--json", "--as-of", "2026-01-31"])
    assert (args.command, args.json, str(args.as_of)) == ("report", True, "2026-01-31")
    assert args.handler.__name__ == "report"
