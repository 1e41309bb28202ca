"""`report --json` on the large portfolio (10,000 benefits, 1,000,000 measurements).

Targets (issue 16): within 2× of a raw read of the rows the report needs, measured in
the same run, both in process and as whole processes; the command under 400 MB
resident. The baseline reads exactly those rows with sqlite3 alone and does nothing
with them: the same SQL as `store/figures.py` (the report's settings, projects,
benefits, indicators, actions and notes; the current plan's points around as-of and
the latest measurement; the last N measurements of each benefit and indicator), in one
read transaction, `fetchall()` and nothing more.

- in process: `report --json`'s work (read, evaluate, JSON text) against the raw read;
  and, for the app, the dashboard, the board pack and the chase list, `build_report`
  (a whole Snapshot: titles, owners, every plan version) against the same read;
- whole process: `benefitdesk report PORTFOLIO --json > /dev/null` against a
  `python -c` process doing the raw read (the same interpreter), and the command's
  peak resident memory.

Each figure is the median of 5 runs, baseline and command interleaved (the process's
peak memory: that of its median run).

What is measured is what users run (docs/architecture.md, "The compiled build"): the
compiled wheel, installed in a virtual environment of its own (benchmarks/common.py:
shipped_builds), against whose figures the targets stand; then, as information, the
pure wheel in the same environment. This script runs itself once under each.

    .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import large_portfolio, shipped_builds

from benefitdesk.services.report import (
    build_report,
    collector_paused,
    evaluate_figures,
    report_json_text,
)
from benefitdesk.store import Store
from benefitdesk.store.figures import (
    PLAN_SQL,
    RECENT_SQL,
    ActionRow,
    BenefitRow,
    IndicatorRow,
    NoteRow,
    ProjectRow,
    SettingsRow,
    read_portfolio_file,
)

AS_OF = date.today()
#: Set in the process that measures one build: "compiled" (the targets) or "pure".
BUILD = "BENEFITDESK_BENCH_BUILD"
RUNS = 5
RATIO, MEMORY_MB = 2.0, 400
TABLES = {
    "portfolio_settings": SettingsRow,
    "project": ProjectRow,
    "benefit": BenefitRow,
    "indicator": IndicatorRow,
    "corrective_action": ActionRow,
    "variance_note": NoteRow,
}
QUERIES = [
    *(f"select {', '.join(row._fields)} from {name}" for name, row in TABLES.items()),
    PLAN_SQL,
    RECENT_SQL.format(values="measurement", owner="benefit_id", owners="benefit"),
    RECENT_SQL.format(values="indicator_measurement", owner="indicator_id", owners="indicator"),
]
# The whole-process baseline: nothing but sqlite3 and the queries, as `python -c`.
RAW_READ = f"""
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN")
params = {{"as_of": sys.argv[2], "skip": 5, "first_day": "0001-01-01", "last_day": "9999-12-31"}}
print(sum(len(connection.execute(sql, params).fetchall()) for sql in {QUERIES!r}))
"""


def raw_read(path: Path) -> int:
    """The rows the report needs, read with sqlite3 and nothing else (as RAW_READ)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN")
        params = {
            "as_of": AS_OF.isoformat(),
            "skip": 5,
            "first_day": date.min.isoformat(),
            "last_day": date.max.isoformat(),
        }
        return sum(len(connection.execute(sql, params).fetchall()) for sql in QUERIES)
    finally:
        connection.close()


def json_report(path: Path) -> tuple[float, float, float]:
    """What `report --json` does once its process has started (cli/commands.py and
    services/report.py: file_figures), timed step by step: read, evaluate, write; the
    cycle collector paused throughout, as the command pauses it."""
    with collector_paused():
        started = time.perf_counter()
        found = read_portfolio_file(path, AS_OF)
        assert found is not None, "the benchmark portfolio is not at the current schema"
        read = time.perf_counter()
        figures = evaluate_figures(found[0], AS_OF)
        evaluated = time.perf_counter()
        report_json_text(figures)
        written = time.perf_counter()
        del found, figures  # freed before the collector resumes, as in the command
    return read - started, evaluated - read, written - evaluated


def snapshot_report(path: Path) -> Any:
    with Store(path) as store:
        return build_report(store, AS_OF)


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# Run in a small process of its own, so that the measured command's peak memory is not
# that of this benchmark, which a forked child starts with.
MEASURE = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
"""


def process(args: list[str]) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of one process, output discarded."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, check=True
    )
    seconds, megabytes, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(args[:2])} failed with exit code {code}")
    return float(seconds), float(megabytes)


def medians(cases: dict[str, Callable[[], Any]], key: Callable[[Any], float]) -> dict[str, Any]:
    """Each case run RUNS times, the cases interleaved; the median run of each by ``key``."""
    runs: dict[str, list[Any]] = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, fn in cases.items():
            runs[name].append(fn())
    return {name: sorted(values, key=key)[RUNS // 2] for name, values in runs.items()}


def line(name: str, seconds: float, baseline: float, target: float | None = RATIO) -> str:
    ratio = seconds / baseline
    verdict = (
        "no target"
        if target is None
        else (f"target ≤ {target:g}×: {'met' if ratio <= target else 'MISSED'}")
    )
    return f"{name}: {seconds:.2f} s, baseline {baseline:.2f} s, ratio {ratio:.2f}× ({verdict})"


def main() -> None:
    """Build the shipped wheels (once per source) and measure each in its own process."""
    builds = shipped_builds()
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores here: the machine is shared)")
    for build in ("compiled", "pure"):
        done = subprocess.run(
            [str(builds.python), __file__], env={**builds.env(build), BUILD: build}, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"measuring the {build} build failed")


def measure(build: str) -> None:
    """The figures of the build this process runs; the targets stand for the compiled."""
    import benefitdesk.analysis.evaluate as evaluate

    compiled = not evaluate.__file__.endswith(".py")
    if compiled != (build == "compiled"):
        raise SystemExit(f"asked to measure the {build} build, running {evaluate.__file__}")
    target = RATIO if build == "compiled" else None
    path = large_portfolio()
    command = [str(Path(sys.executable).with_name("benefitdesk")), "report", str(path), "--json"]
    baseline = [sys.executable, "-c", RAW_READ, str(path), AS_OF.isoformat()]
    print(f"\n== the {build} build: {Path(evaluate.__file__).parents[2]}")
    print(f"{raw_read(path)} rows read by the baseline; as of {AS_OF}; median of {RUNS} runs")
    print(f"load average {os.getloadavg()[0]:.1f}")
    whole = medians(
        {"raw": lambda: process(baseline), "report": lambda: process(command)},
        key=lambda run: run[0],  # by time
    )
    inside = medians(
        {
            "raw": lambda: timed(lambda: raw_read(path)),
            "report": lambda: json_report(path),
            "snapshot": lambda: timed(lambda: snapshot_report(path)),
        },
        key=lambda run: sum(run) if isinstance(run, tuple) else run,  # by total time
    )
    print(line("whole process: benefitdesk report --json", whole["report"][0], whole["raw"][0],
               target))  # fmt: skip
    read, evaluate_s, write = inside["report"]
    print(line("in process: report --json", read + evaluate_s + write, inside["raw"], target))
    print(
        f"  of which: reading the rows {read:.2f} s, evaluating {evaluate_s:.2f} s, "
        f"writing the JSON text {write:.2f} s"
    )
    print(line("in process: build_report (app, board pack, chase)", inside["snapshot"],
               inside["raw"], None))  # fmt: skip
    peak = whole["report"][1]
    verdict = "met" if peak < MEMORY_MB else "MISSED"
    print(
        f"peak resident memory of report --json: {peak:.0f} MB (baseline process "
        f"{whole['raw'][1]:.0f} MB; target < {MEMORY_MB} MB: {verdict})"
    )


if __name__ == "__main__":
    if os.environ.get(BUILD):
        measure(os.environ[BUILD])
    else:
        main()
