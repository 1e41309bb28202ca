"""The board pack of a 1,000-benefit portfolio (36,000 measurements), charts included.

Target (README "Performance"): under 20 s. Prints the end-to-end time of ``export_board_pack``
(best of ``--repeat`` runs) with its CPU time (the machines here are shared: CPU time
shows what the export needs when the wall clock is inflated by others' work), its
ratio to the target, and where the time goes: loading and evaluating, computing the
pack's figures, building the sheets, saving the file.

    .venv/bin/python benchmarks/bench_board_pack.py [--repeat N]
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

from benefitdesk.exchange.boardpack.writer import build_workbook, save_workbook
from benefitdesk.services.board_pack import (
    BoardPackResult,
    board_pack_data,
    export_board_pack,
    load_report,
)
from benefitdesk.store import Store

BENEFITS = 1_000
MEASUREMENTS = 36_000
TARGET_SECONDS = 20.0
AS_OF = date.today()


def phases(store: Store, folder: Path) -> list[tuple[str, float]]:
    """One run split into its phases (same work as the export, minus the rename)."""
    timings: list[tuple[str, float]] = []
    started = time.perf_counter()
    report = load_report(store, AS_OF)
    timings.append(("load + evaluate", time.perf_counter() - started))
    started = time.perf_counter()
    data = board_pack_data(report)
    timings.append(("pack figures", time.perf_counter() - started))
    started = time.perf_counter()
    workbook = build_workbook(data)
    timings.append(("build sheets", time.perf_counter() - started))
    started = time.perf_counter()
    save_workbook(workbook, folder / "phases.xlsx")
    timings.append(("save", time.perf_counter() - started))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best one counts")
    args = parser.parse_args()

    path = large_portfolio(BENEFITS, MEASUREMENTS)
    with Store(path) as store, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / "board-pack.xlsx"
        steps: list[int] = []
        cpu: list[float] = []

        def run() -> BoardPackResult:
            started = time.process_time()
            result = export_board_pack(
                store, out, AS_OF, progress=lambda done, total: steps.append(total)
            )
            cpu.append(time.process_time() - started)
            return result

        seconds, result = best_of(run, repeat=args.repeat)
        size = out.stat().st_size
        split = phases(store, folder)

    verdict = "OK" if seconds < TARGET_SECONDS else "SLOW"
    print(
        f"{result.benefits} benefits, {result.sheets} sheets, {size / 1e6:.1f} MB, "
        f"{steps[-1] if steps else 0} progress steps"
    )
    for name, phase in split:
        print(f"  {name:<16} {phase:6.2f} s")
    print(
        f"board pack: {seconds:.2f} s (CPU {min(cpu):.2f} s), target {TARGET_SECONDS:.0f} s, "
        f"ratio {seconds / TARGET_SECONDS:.2f} of target ({verdict})"
    )


if __name__ == "__main__":
    main()
