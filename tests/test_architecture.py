"""Layering (Qt only under benefitdesk.ui, analysis pure, arrows point downwards) and
sizes (no module over 500 lines, no function over 80)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_cli_and_services_run_without_qt() -> None:
    code = (
        "import sys, benefitdesk.cli, benefitdesk.services.report, benefitdesk.services.checks\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph')]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- sizes: small modules, short functions (docs/architecture.md) ----------------------

SRC = ROOT / "src" / "benefitdesk"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules(inside_ui: bool) -> list[Path]:
    """The source modules inside or outside ``ui/``; migrations are generated
    schema steps, excepted from the limits."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "migrations" in parts:
            continue
        if (parts[0] == "ui") == inside_ui:
            found.append(path)
    return found


def _oversized(paths: list[Path], root: Path = SRC) -> list[str]:
    """Each module over MAX_MODULE_LINES and function over MAX_FUNCTION_LINES, named."""
    found = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(root).as_posix()
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source, filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    return found


def test_the_size_check_finds_what_is_too_long(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(MAX_FUNCTION_LINES))
    long = tmp_path / "long.py"
    long.write_text(f"def long():\n{body}\n" + "\n" * MAX_MODULE_LINES, encoding="utf-8")
    short = tmp_path / "short.py"
    short.write_text("def short():\n    return 1\n", encoding="utf-8")
    assert _oversized([long, short], root=tmp_path) == [
        f"long.py: {MAX_FUNCTION_LINES + MAX_MODULE_LINES + 2} lines",
        f"long.py:1 long(): {MAX_FUNCTION_LINES + 1} lines",
    ]


def test_no_module_or_function_outside_ui_is_too_long() -> None:
    assert _oversized(_modules(inside_ui=False)) == []


def test_no_module_or_function_in_ui_is_too_long() -> None:
    assert _oversized(_modules(inside_ui=True)) == []


# --- type: ignore comments: each with its code and its reason ---------------------------

_IGNORE = re.compile(r"#\s*type:\s*ignore(?P<code>\[[a-z, -]+\])?(?P<after>.*)$")


def _unjustified_ignores(path: Path, root: Path = SRC) -> list[str]:
    """``# type: ignore`` comments without an error code, or without a reason: a comment
    after it on the same line, or a comment line just above."""
    found = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        match = _IGNORE.search(line)
        if match is None:
            continue
        above = lines[number - 2].strip() if number > 1 else ""
        reason = match["after"].strip().startswith("#") or above.startswith("#")
        if match["code"] is None or not reason:
            found.append(f"{path.relative_to(root).as_posix()}:{number}: {line.strip()}")
    return found


def test_the_ignore_check_wants_a_code_and_a_reason(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "a = f()  # type: ignore\n"
        "b = f()  # type: ignore[misc]\n"
        "c = f()  # type: ignore[misc]  # the stubs lack f\n"
        "# the stubs lack f\n"
        "d = f()  # type: ignore[attr-defined]\n",
        encoding="utf-8",
    )
    assert [line.split(":")[1] for line in _unjustified_ignores(sample, tmp_path)] == ["1", "2"]


def test_every_type_ignore_outside_ui_has_a_code_and_a_reason() -> None:
    found = [line for path in _modules(inside_ui=False) for line in _unjustified_ignores(path)]
    assert found == []
