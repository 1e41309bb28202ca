"""Start-up: check the platform, open the last (or demo) portfolio, run the window."""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

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
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        return (
            "BenefitDesk's window needs libraries Qt loads for X11: "
            f"sudo apt-get install {' '.join(missing)}"
        )
    return None


def data_folder() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    if sys.platform == "win32":
        base = os.environ.get("APPDATA", base)
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    return Path(base) / "BenefitDesk"


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
    from PySide6.QtWidgets import QApplication

    # Background jobs (loading, charts, imports) are Python threads: a short switch
    # interval keeps the GUI thread from waiting 5 ms for the GIL at every turn.
    sys.setswitchinterval(0.001)

    from benefitdesk.ui.main_window import MainWindow
    from benefitdesk.ui.resources import app_icon
    from benefitdesk.ui.settings import APPLICATION, ORGANISATION, AppSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
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
    code = app.exec()
    from benefitdesk.ui.jobs import Job

    Job.wait_all()
    return code
