"""The command line's start-up: `--version`, `--help` and `report` on the demo.

Targets (issue 12): `--version` and `--help` under 0.15 s, `report` on the small demo
portfolio under 0.5 s, each a whole process as a user runs it. Baseline, measured in
the same run: `python -c pass` with the same interpreter, so the ratio shows what
BenefitDesk adds to a bare Python start.

    .venv/bin/python benchmarks/bench_cli.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import best_of, report_line

COMMAND = [sys.executable, "-m", "benefitdesk"]


def run(*args: str) -> None:
    subprocess.run([*args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.sqlite"
        run(*COMMAND, "demo", str(demo))
        baseline, _ = best_of(lambda: run(sys.executable, "-c", "pass"), repeat=7)
        cases = [
            ("--version", [*COMMAND, "--version"], 0.15),
            ("--help", [*COMMAND, "--help"], 0.15),
            ("report (demo)", [*COMMAND, "report", str(demo)], 0.5),
        ]
        for name, command, target in cases:
            seconds, _ = best_of(lambda c=command: run(*c), repeat=7)
            verdict = "met" if seconds < target else "MISSED"
            print(report_line(name, seconds, baseline, f"target < {target} s: {verdict}"))


if __name__ == "__main__":
    main()
