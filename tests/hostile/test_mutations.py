"""Seeded random damage to real workbooks and to a real portfolio: every variant is
imported or opened by the real command line, which must answer each one with a result
or a clear refusal (exit 0 or 1), never a traceback or an abort, and stay under 1 GB."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hostile_tools import GB
from workbooks import measurement_log, xls

from benefitdesk.demo import create_demo
from benefitdesk.services.exporting import export_portfolio
from benefitdesk.store import Store

SEED = 20261206

RUNNER = """
import contextlib, io, json, resource, shutil, sys, traceback
from benefitdesk.cli.main import main
portfolio, cases = sys.argv[1], json.loads(sys.argv[2])
faults = []
for command, path in cases:
    target = portfolio + ".case"
    shutil.copy(portfolio if command == "import" else path, target)
    args = [command, target, path] if command == "import" else [command, target]
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(args)
    except BaseException:
        faults.append([path, traceback.format_exc()])
        continue
    if code not in (0, 1) or "Traceback" in err.getvalue():
        faults.append([path, f"exit {code}: {err.getvalue()}"])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"faults": faults, "peak": peak}))
"""


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    if rng.random() < 0.2:
        del out[rng.randrange(len(out)) :]
    return bytes(out)


def mutate_inside(path: Path, rng: random.Random, target: Path) -> Path:
    """Damage one XML part and zip it again with valid checksums, so the damage gets
    past the zip layer to the XML parsers."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    victim = rng.choice([n for n in parts if n.endswith(".xml")])
    text = bytearray(parts[victim])
    for _ in range(rng.randint(1, 12)):
        i = rng.randrange(len(text))
        text[i : i + rng.randint(0, 4)] = rng.choice(
            [b"", b"<", b">", b"&", b'"', b"99999999", b"XFD", b"\x00", b"\xff", b'<c r="A1">']
        )
    parts[victim] = bytes(text)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def originals(folder: Path, portfolio: Path) -> list[Path]:
    export = folder / "export.xlsx"
    with Store(portfolio) as store:
        export_portfolio(store, export)
    register = folder / "register.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Benefits"
    ws.append(["Benefits register"])
    ws.append(["Ref", "Benefit", "Accountable", "As-is", "To-be", "Target date", "Frequency"])
    for i in range(1, 30):
        ws.append([f"B-1{i:02d}", f"Benefit {i}", "Ann Owner", i, i * 2, "2027-03-31", "monthly"])
    ws.merge_cells("A1:G1")
    wb.save(register)
    log = measurement_log(folder / "log.xlsx", ["B-001", "B-002", "B-003"], 300)
    legacy = xls(folder / "legacy.xls", {"Measurements": [(0, 0, 1.0), (1, 0, 2.0), (1, 2, 3.0)]})
    return [export, register, log, legacy]


@pytest.mark.slow
def test_damaged_workbooks_and_portfolios_get_an_answer_not_a_crash(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    portfolio = tmp_path / "demo.sqlite"
    create_demo(portfolio).close()
    sources = originals(tmp_path, portfolio)
    cases: list[list[str]] = []
    for i in range(90):
        source = sources[i % len(sources)]
        target = tmp_path / f"case{i:03d}{source.suffix}"
        if i % 3 == 0 or source.suffix == ".xls":
            target.write_bytes(mutate_bytes(source.read_bytes(), rng))
        else:
            mutate_inside(source, rng, target)
        cases.append(["import", str(target)])
    for i in range(30):
        damaged = tmp_path / f"portfolio{i:02d}.sqlite"
        data = portfolio.read_bytes()
        damaged.write_bytes(data[:100] + mutate_bytes(data[100:], rng))
        cases += [["report", str(damaged)], ["check", str(damaged)]]
    shutil.copy(portfolio, tmp_path / "pristine.sqlite")
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(tmp_path / "pristine.sqlite"), json.dumps(cases)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for path, fault in result["faults"]:
        print("FAULT", path, fault[-1500:])
    assert not result["faults"], result["faults"][:3]
    assert result["peak"] < GB
