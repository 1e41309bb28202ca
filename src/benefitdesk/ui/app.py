"""Start-up: check the platform, open the last (or demo) portfolio, run the window."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from benefitdesk.places import data_folder

XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
}


def platform_problem() -> str | None:
    """One line saying what to install when Qt's xcb plugin would abort, else None."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "BenefitDesk needs a screen: no DISPLAY is set "
            "(on a server, run it under xvfb-run, or use the command line: benefitdesk --help)"
        )
    if getattr(sys, "frozen", False):
        return None  # the bundle carries its own xcb libraries
    import ctypes.util  # here: a hundredth of a second that an offscreen start never pays

    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        return (
            "BenefitDesk's window needs libraries Qt loads for X11: "
            f"sudo apt-get install {' '.join(missing)}"
        )
    return None


def demo_path() -> Path:
    return data_folder() / "Demo portfolio.sqlite"


def choose_portfolio(requested: Path | str | None, last: Path | None) -> Path | str:
    """The requested file (or server URL), else the last one that still exists, else
    the demo."""
    if requested is not None:
        return requested
    if last is not None and last.exists():
        return last
    demo = demo_path()
    if not demo.exists():
        from benefitdesk.demo import create_demo

        demo.parent.mkdir(parents=True, exist_ok=True)
        create_demo(demo).close()
    return demo


def run_app(portfolio: Path | str | None = None) -> int:
    problem = platform_problem()
    if problem:
        print(f"benefitdesk: {problem}", file=sys.stderr)
        return 1
    # No cycle collection while the window is made: the modules, classes and widgets of
    # a start are no garbage, and walking them was 2 % of the start to the first paint.
    gc.disable()
    from PySide6.QtWidgets import QApplication

    skip_pyside_feature_scan()
    # Background jobs (loading, charts, imports) are Python threads: a short switch
    # interval keeps the GUI thread from waiting 5 ms for the GIL at every turn.
    sys.setswitchinterval(0.001)

    from benefitdesk.ui.main_window import MainWindow
    from benefitdesk.ui.resources import app_icon
    from benefitdesk.ui.settings import APPLICATION, ORGANISATION, AppSettings

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("BenefitDesk")
    app.setDesktopFileName("benefitdesk")
    app.setWindowIcon(app_icon())
    settings = AppSettings()
    window = MainWindow(settings)
    path = choose_portfolio(portfolio, settings.last_portfolio)
    window.show()
    window.open_portfolio(path, background=True)
    close_on_signals(window)
    gc.freeze()  # they live as long as the process: later collections skip them
    gc.enable()
    return leave(app.exec())


def skip_pyside_feature_scan() -> None:
    """Stop PySide6 reading the source of every module imported after it.

    PySide6 does so to find the modules that opt into ``from __feature__ import
    snake_case``; BenefitDesk never does, and with no feature chosen anywhere the
    answer changes nothing. Measured here it was a tenth of the app's import time,
    and it kept the text of every module in memory.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        # a private hook of PySide6, not in its type stubs
        feature._mod_uses_pyside = lambda _module: False  # type: ignore[attr-defined]


def leave(code: int) -> NoReturn:
    """Exit at once when the window has closed (under half a second, where waiting took
    five).

    The window's close saved the layout, the settings and the register cache, and
    closed the portfolio. What may still run is background work nobody waits for: a
    chart or the value history being read, a load just begun. Each is cancelled and
    given a moment to stop; then the process ends without Python's teardown (freeing a
    large portfolio's millions of objects one by one). SQLite keeps the file whole
    whatever a stopped reader or writer was doing: a transaction is all or nothing.
    """
    from benefitdesk.ui.jobs import Job, wait_for_workers

    for job in list(Job.active):
        job.cancel()
    wait_for_workers(200)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def close_on_signals(window: Any) -> None:
    """SIGTERM (a logout, ``kill``) and SIGINT (Ctrl+C in the terminal) close the window
    as File › Quit does: the layout is saved and the portfolio closed.

    Python runs a signal handler only when the GUI thread next runs Python, which in
    Qt's event loop may be never; the wake-up pipe makes the loop notice at once.
    """
    import signal

    from PySide6.QtCore import QSocketNotifier

    reader, writer, drain, keep = wake_up_pipe()
    signal.set_wakeup_fd(writer)
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read, window)

    def woken() -> None:
        drain()
        window.close()

    notifier.activated.connect(woken)
    window._signal_sockets = (keep, notifier)  # live as long as the window
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_args: None)  # the pipe does the work


def wake_up_pipe() -> tuple[int, int, Callable[[], object], object]:
    """(read end, non-blocking write end, a function that empties the read end, what
    must be kept alive). A pipe where the system allows it: the socket module is
    a few milliseconds of a start measured in tenths; Windows wants a socket."""
    if sys.platform == "win32":
        import socket

        reader, writer = socket.socketpair()
        writer.setblocking(False)
        return reader.fileno(), writer.fileno(), lambda: reader.recv(64), (reader, writer)
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    return read_end, write_end, lambda: os.read(read_end, 64), None
