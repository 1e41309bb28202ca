"""Opening the large portfolio, as whole processes, against a bare PySide6 window process.

Targets (README "Performance"): from the moment the process is started to the register
painted with every benefit of the 10,000-benefit portfolio, within 1.5× of a bare
PySide6 window process (started to painted) when the start-up cache is warm, and within
3× on a first open with no cache; fully interactive (dashboard figures and charts
drawn, the selected benefit's chart drawn) within 2 s more; quitting (a close request
to the process gone) under 0.5 s; resident memory under 600 MB.

Each run starts the real app (``python -m benefitdesk PORTFOLIO``, offscreen) as users
run it: the wheels of this checkout installed in an environment of their own
(``common.shipped_builds``). The targets stand for the compiled build, which the bundle
ships; the pure build (the default wheel) is measured too, as information. The app runs
with ``BENEFITDESK_MILESTONES`` set, so it writes its milestones to stderr with
``time.monotonic()`` (one clock for every process): the figures are measured from
before the process was started here. Warm, cold and bare runs are interleaved, five
of each; the medians are reported.

    .venv/bin/python benchmarks/bench_startup.py [RUNS]
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Builds, large_portfolio, shipped_builds

BENEFITS = 10_000
BARE = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
def painted():
    print("milestone register", time.monotonic(), flush=True)
    app.quit()
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, painted)
        return False
app = QApplication([])
window = QMainWindow(); label = QLabel("hello"); window.setCentralWidget(label)
window.resize(1366, 768); probe = Painted(); label.installEventFilter(probe)
window.show(); app.exec()
"""


def bare_run(python: Path, env: dict[str, str]) -> float:
    started = time.monotonic()
    out = subprocess.run(
        [str(python), "-c", BARE], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.split()[2]) - started


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> dict[str, float]:
    """Resident (VmRSS) and peak resident (VmHWM) memory of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def app_run(
    python: Path, portfolio: Path, env: dict[str, str], settle: float = 1.0
) -> dict[str, float]:
    """Start the app, read its milestones until it is interactive, then ask it to quit.

    After "interactive" it runs ``settle`` seconds more (the memory of an app at rest),
    then gets SIGTERM, which closes the window as File › Quit does.
    """
    started = time.monotonic()
    process = subprocess.Popen(
        [str(python), "-m", "benefitdesk", str(portfolio)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    marks: dict[str, float] = {}
    log = []
    while "interactive" not in marks:
        line = process.stderr.readline()
        if not line:
            raise RuntimeError("the app ended before it was interactive:\n" + "".join(log))
        log.append(line)
        parts = line.split()
        if parts[:1] == ["milestone"]:
            marks[parts[1]] = float(parts[2]) - started
            marks[f"{parts[1]} CPU"] = cpu_seconds(process.pid)
            if parts[1] == "register" and int(parts[3]) != BENEFITS:
                raise RuntimeError(f"the register was painted with {parts[3]} benefits")
    time.sleep(settle)
    marks.update(memory(process.pid))
    quitting = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    marks["quit"] = time.monotonic() - quitting
    if process.returncode != 0:
        raise RuntimeError(f"the app exited with {process.returncode}")
    return marks


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    portfolio = large_portfolio()
    builds = shipped_builds()
    for build in ("compiled", "pure"):
        measure(builds, build, portfolio, repeat)


def measure(builds: Builds, build: str, portfolio: Path, repeat: int) -> None:
    """Five interleaved bare, warm and cold runs of one build; the targets stand for
    the compiled build."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            **builds.env(build),
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_CACHE_HOME": f"{home}/cache",
            "BENEFITDESK_MILESTONES": "1",
        }
        cache = Path(home) / "cache" / "BenefitDesk"
        python = builds.python
        app_run(python, portfolio, env, settle=0)  # the day's backup, and the start-up cache
        bare, warm, cold = [], [], []
        for _ in range(repeat):
            bare.append(bare_run(python, env))
            warm.append(app_run(python, portfolio, env))
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(app_run(python, portfolio, env))
    base = statistics.median(bare)

    def verdict(ok: bool) -> str:
        return "no target" if build == "pure" else ("met" if ok else "MISSED")

    print(f"\n== the {build} build ({builds.label})")
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores here: the machine is shared)")
    print(f"bare PySide6 window process, started to painted: {base:.3f} s (median of {repeat})")
    for name, runs, target in (("warm", warm, 1.5), ("cold", cold, 3.0)):
        register, interactive = median(runs, "register"), median(runs, "interactive")
        ratio = register / base
        cpu = median(runs, "interactive CPU") - median(runs, "register CPU")
        print(
            f"{name} start: register of {BENEFITS:,} benefits painted {register:.3f} s, "
            f"ratio {ratio:.2f}× (target ≤ {target}×: {verdict(ratio <= target)}); "
            f"interactive {interactive:.2f} s, {interactive - register:.2f} s after the "
            f"register (target ≤ 2 s: {verdict(interactive - register <= 2.0)}), "
            f"the process's CPU meanwhile {cpu:.2f} s"
        )
    runs = warm + cold
    quit_ = median(runs, "quit")
    peak = max(run["VmHWM"] for run in runs)
    print(f"quit (SIGTERM to process gone): {quit_:.3f} s (target < 0.5 s: {verdict(quit_ < 0.5)})")
    print(
        f"memory: resident {median(runs, 'VmRSS'):.0f} MB at rest, peak {peak:.0f} MB "
        f"(target < 600 MB: {verdict(peak < 600)})"
    )


if __name__ == "__main__":
    main()
