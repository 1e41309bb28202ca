"""Golden comparison: report, export and board pack before and after a restructuring.

A change that only moves code must not change a figure. This script runs the command
line of two versions of the source (a git revision, ``main`` by default, and this
checkout) on the same portfolio files and compares what they write:

- ``report --json``: the parsed objects, equal;
- ``export`` (the canonical workbook) and ``board-pack``: every sheet's cell values, read
  with python-calamine, equal sheet by sheet (names and order of the sheets too).

The portfolios are the demo and the large generated one (10,000 benefits, 1,000,000
measurements; ``--small`` makes it 1,000 and 36,000), each built once by this checkout
into ``benchmarks/.cache`` and copied before each run (opening one may write to it).

    .venv/bin/python benchmarks/golden.py [--base main] [--small] [--only demo|large]
                                          [--compiled]

``--compiled`` runs this checkout as its compiled build (benchmarks/common.py:
shipped_builds), the base revision as pure Python.

Exit code 0 when every output is equal, 1 otherwise (each difference is printed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from itertools import zip_longest
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
#: Differences printed per output before the rest are only counted.
SHOWN = 10


def build_portfolio(name: str, small: bool) -> Path:
    """The demo (``demo``) or the generated large portfolio, built once by this checkout."""
    sizes = (1_000, 36_000) if small else (10_000, 1_000_000)
    stem = "golden-demo" if name == "demo" else f"golden-large-{sizes[0]}-{sizes[1]}"
    path = CACHE / f"{stem}-{date.today().isoformat()}.sqlite"
    if path.exists():
        return path
    CACHE.mkdir(exist_ok=True)
    for old in CACHE.glob(f"{stem}-*.sqlite"):  # another day's demo: its dates moved on
        old.unlink()
    print(f"building {path.name} (once)…", flush=True)
    script = (
        "import sys; from pathlib import Path\n"
        "try:\n"
        "    from benefitdesk.demo import create_demo, create_large_demo\n"
        "except ImportError:\n"
        "    from benefitdesk.services.demo import create_demo\n"
        "    from benefitdesk.services.demo_large import create_large_demo\n"
        "path = Path(sys.argv[1])\n"
        f"if {name == 'demo'!r}:\n"
        "    create_demo(path).close()\n"
        "else:\n"
        f"    create_large_demo(path, benefits={sizes[0]}, measurements={sizes[1]}).close()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, cwd=ROOT)
    return path


def source_tree(revision: str, folder: Path) -> Path:
    """``src/`` of a git revision, unpacked into ``folder``; returns its ``src``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "src"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    tar_path = folder / "src.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def capture(
    portfolio: Path, out: Path, src: Path | None, as_of: date, python: str = sys.executable
) -> dict[str, float]:
    """Run report, export and board pack of ``src`` (None: this checkout, or whatever
    ``python`` has installed) into ``out``."""
    out.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    when = as_of.isoformat()
    commands = {
        "report": ["report", "{p}", "--as-of", when, "--json"],
        "export": ["export", "{p}", str(out / "export.xlsx")],
        "board-pack": ["board-pack", "{p}", str(out / "board-pack.xlsx"), "--as-of", when, "--yes"],
    }
    seconds: dict[str, float] = {}
    for name, arguments in commands.items():
        copy = out / f"{name}.sqlite"
        shutil.copyfile(portfolio, copy)
        argv = [a.replace("{p}", str(copy)) for a in arguments]
        started = time.perf_counter()
        result = subprocess.run(
            [python, "-m", "benefitdesk", *argv],
            env=env,
            cwd=out,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds[name] = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"{name} failed ({result.returncode}):\n{result.stderr}")
        if name == "report":
            (out / "report.json").write_text(result.stdout, encoding="utf-8")
        copy.unlink()
    return seconds


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b) and type(a) is type(b)


def _json_differences(a: Any, b: Any, where: str = "") -> Iterator[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                yield f"{where}.{key}: only in {'after' if key in b else 'before'}"
            else:
                yield from _json_differences(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{where}: {len(a)} items before, {len(b)} after"
        for n, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from _json_differences(x, y, f"{where}[{n}]")
    elif not _same(a, b):
        yield f"{where}: {a!r} before, {b!r} after"


def _workbook_differences(before: Path, after: Path) -> Iterator[str]:
    """Each sheet name or cell value that differs, read with python-calamine."""
    a, b = CalamineWorkbook.from_path(str(before)), CalamineWorkbook.from_path(str(after))
    if a.sheet_names != b.sheet_names:
        yield f"sheets: {a.sheet_names} before, {b.sheet_names} after"
    for name in a.sheet_names:
        if name not in b.sheet_names:
            continue
        rows_a = a.get_sheet_by_name(name).iter_rows()
        rows_b = b.get_sheet_by_name(name).iter_rows()
        for n, (x, y) in enumerate(zip_longest(rows_a, rows_b), start=1):
            if x is None or y is None or len(x) != len(y):
                if x != y:
                    yield f"{name}!row {n}: {x!r} before, {y!r} after"
                continue
            for column, (u, v) in enumerate(zip(x, y, strict=True), start=1):
                if not _same(u, v):
                    yield f"{name}!R{n}C{column}: {u!r} before, {v!r} after"


def compare(before: Path, after: Path) -> int:
    """Print the differences between two captures; return how many there are."""
    total = 0
    checks = {
        "report --json": _json_differences(
            json.loads((before / "report.json").read_text(encoding="utf-8")),
            json.loads((after / "report.json").read_text(encoding="utf-8")),
        ),
        "export": _workbook_differences(before / "export.xlsx", after / "export.xlsx"),
        "board-pack": _workbook_differences(before / "board-pack.xlsx", after / "board-pack.xlsx"),
    }
    for name, differences in checks.items():
        count = 0
        for count, line in enumerate(differences, start=1):
            if count <= SHOWN:
                print(f"  {name}: {line}")
        print(f"  {name}: {'equal' if count == 0 else f'{count} differences'}")
        total += count
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git revision to compare with")
    parser.add_argument("--small", action="store_true", help="1,000 benefits, not 10,000")
    parser.add_argument("--only", choices=["demo", "large"])
    parser.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    parser.add_argument("--compiled", action="store_true", help="this checkout compiled")
    args = parser.parse_args()
    python = sys.executable
    if args.compiled:
        from common import shipped_builds

        python = str(shipped_builds().python)
    as_of = date.today()
    differences = 0
    with tempfile.TemporaryDirectory(prefix="golden-") as temporary:
        work = args.keep or Path(temporary)
        base_src = source_tree(args.base, Path(temporary))
        for name in ("demo", "large"):
            if args.only and name != args.only:
                continue
            portfolio = build_portfolio(name, args.small)
            print(f"{name}: {portfolio.name}, as of {as_of}", flush=True)
            before = capture(portfolio, work / name / "before", base_src, as_of)
            after = capture(portfolio, work / name / "after", None, as_of, python)
            for step in before:
                print(f"  {step}: {before[step]:.1f} s before, {after[step]:.1f} s after")
            differences += compare(work / name / "before", work / name / "after")
    print("equal" if differences == 0 else f"{differences} differences")
    return 0 if differences == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
