"""The board pack at scale: two targets, each against a baseline measured in the same run.

1. The 10,000-benefit portfolio (1,000,000 measurements) without appendix: under 30 s,
   and within 3× its ``report`` (README "Performance") — the report is the baseline.
2. A 1,000-benefit portfolio (36,000 measurements) with the appendix (1,000 benefit
   sheets and charts): under 20 s.

Prints each export's wall and CPU time (the machines here are shared: CPU time shows
what the export needs when the wall clock is inflated by others' work), where the
time goes (loading and evaluating both reports, the pack's figures, writing), and the
ratios.

    .venv/bin/python benchmarks/bench_board_pack.py [--repeat N] [--only small|large]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import best_of, large_portfolio

from benefitdesk.exchange.boardpack import write_board_pack
from benefitdesk.services.board_pack import (
    BoardPackOptions,
    BoardPackResult,
    board_pack_data,
    export_board_pack,
    load_reports,
)
from benefitdesk.services.report import build_report
from benefitdesk.store import Store

AS_OF = date.today()
CASES = {
    "large": (10_000, 1_000_000, False, 30.0),
    "small": (1_000, 36_000, True, 20.0),
}


def phases(store: Store, options: BoardPackOptions, folder: Path) -> list[tuple[str, float]]:
    """One run split into its phases (the export's work, minus the rename)."""
    timings: list[tuple[str, float]] = []
    started = time.perf_counter()
    reports = load_reports(store, options)
    timings.append(("load + 2 reports", time.perf_counter() - started))
    started = time.perf_counter()
    data = board_pack_data(reports.now, reports.previous, reports.options)
    timings.append(("pack figures", time.perf_counter() - started))
    started = time.perf_counter()
    write_board_pack(data, folder / "phases.xlsx")
    timings.append(("write workbook", time.perf_counter() - started))
    return timings


def run_case(name: str, repeat: int) -> None:
    benefits, measurements, appendix, target = CASES[name]
    path = large_portfolio(benefits, measurements)
    options = BoardPackOptions(as_of=AS_OF, appendix=appendix)
    with Store(path) as store, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / "board-pack.xlsx"
        cpu: list[float] = []

        def export() -> BoardPackResult:
            started = time.process_time()
            result = export_board_pack(store, out, options, max_sheets=None)
            cpu.append(time.process_time() - started)
            return result

        baseline, _ = best_of(lambda: build_report(store, AS_OF), repeat=repeat)
        seconds, result = best_of(export, repeat=repeat)
        size = out.stat().st_size
        split = phases(store, options, folder)
    verdict = "OK" if seconds < target else "SLOW"
    print(
        f"{name}: {result.benefits:,} benefits, {result.exceptions:,} need attention, "
        f"{result.sheets:,} sheets ({'with' if appendix else 'without'} appendix), "
        f"{size / 1e6:.1f} MB"
    )
    for phase, spent in split:
        print(f"  {phase:<18} {spent:6.2f} s")
    print(
        f"  board pack {seconds:.2f} s (CPU {min(cpu):.2f} s), target {target:.0f} s: "
        f"{seconds / target:.2f} of target ({verdict}); report {baseline:.2f} s, "
        f"ratio {seconds / baseline:.2f}× the report"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best one counts")
    parser.add_argument("--only", choices=sorted(CASES), help="run one case")
    args = parser.parse_args()
    for name in [args.only] if args.only else ["large", "small"]:
        run_case(name, args.repeat)


if __name__ == "__main__":
    main()
