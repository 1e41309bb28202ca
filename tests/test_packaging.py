"""Packaging: licence and metadata, icons, Linux desktop integration, the About dialog,
the wheel installed into a fresh virtual environment, and the PyInstaller bundle.

The wheel and the bundle are built once per session (fixtures below) and are marked
``slow`` (and ``bundle``), so ``pytest -m "not slow"`` skips them; CI runs them all.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import time
import tomllib
import zipfile
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree

import pytest

import benefitdesk
from benefitdesk.cli import run as cli_run

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SHARE = PACKAGING / "linux" / "share"
DESKTOP = SHARE / "applications" / "benefitdesk.desktop"
APP_ID = "io.github.benefitdesk.BenefitDesk"
METAINFO = SHARE / "metainfo" / f"{APP_ID}.metainfo.xml"
MIME_XML = SHARE / "mime" / "packages" / "benefitdesk.xml"
PORTFOLIO_TYPE = "application/x-benefitdesk-portfolio"
LINUX = sys.platform.startswith("linux")
AS_OF = "2026-06-30"
# Test and development tools that must stay out of the bundle.
DEV_PACKAGES = {
    "pytest", "_pytest", "pytestqt", "hypothesis", "ruff", "importlinter", "grimp",
    "PyInstaller", "pip", "setuptools", "PIL", "rich", "pygments",
}  # fmt: skip


def run(command: list[str | Path], timeout: float = 300, **kwargs: object) -> str:
    """Run ``command``; its stdout, or a failure that shows what it printed."""
    result = subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, command))} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
        )
    return result.stdout


def clean_env(home: Path) -> dict[str, str]:
    """An environment that sees neither the checkout nor the user's files."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def checkout_report(portfolio: Path) -> dict[str, object]:
    out = run(
        [sys.executable, "-m", "benefitdesk", "report", portfolio, "--as-of", AS_OF, "--json"]
    )
    return json.loads(out)


def source_modules() -> set[str]:
    """Every BenefitDesk module in ``src/``, as a dotted name."""
    src = ROOT / "src"
    names = set()
    for path in (src / "benefitdesk").rglob("*.py"):
        parts = path.relative_to(src).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_source_folder_is_a_package() -> None:
    """setuptools packs only folders with an ``__init__.py``; a folder without one works
    from the checkout and is silently left out of the wheel (ui/register once was)."""
    folders = {p.parent for p in (ROOT / "src" / "benefitdesk").rglob("*.py")}
    missing = sorted(
        f.relative_to(ROOT).as_posix() for f in folders if not (f / "__init__.py").is_file()
    )
    assert not missing, f"folders without __init__.py (left out of the wheel): {missing}"


# --- licence and metadata -----------------------------------------------------------


def test_the_licence_is_mit_in_the_metadata_and_the_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "BenefitDesk contributors" in text


def test_the_wheel_ships_the_icons() -> None:
    """pyproject's package-data replaces setup.py's: the resources must be listed there."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "**/*.svg" in config["tool"]["setuptools"]["package-data"]["benefitdesk.resources"]


def test_version_flag() -> None:
    out = run([sys.executable, "-m", "benefitdesk", "--version"])
    assert out.strip() == f"BenefitDesk {benefitdesk.__version__}"


# --- icons ---------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_rendered_icons_come_from_the_current_svg() -> None:
    """Changed the SVG? Run ``python packaging/make_icons.py`` and commit its output."""
    svg = ROOT / "resources" / "icons" / "benefitdesk.svg"
    stamp = (PACKAGING / "icons" / "benefitdesk.svg.sha256").read_text(encoding="utf-8")
    assert stamp.split()[0] == hashlib.sha256(svg.read_bytes()).hexdigest(), (
        "resources/icons/benefitdesk.svg changed: run python packaging/make_icons.py"
    )
    hicolor = SHARE / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / "benefitdesk.svg").read_bytes() == svg.read_bytes()
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert png_size(hicolor / f"{size}x{size}" / "apps" / "benefitdesk.png") == (size, size)


def test_the_windows_and_macos_icons_hold_every_size() -> None:
    ico = (PACKAGING / "icons" / "benefitdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}  # a 0 byte means 256
    assert sizes == {16, 24, 32, 48, 64, 128, 256}
    icns = (PACKAGING / "icons" / "benefitdesk.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, offset = set(), 8
    while offset < len(icns):
        kind, length = struct.unpack(">4sI", icns[offset : offset + 8])
        kinds.add(kind.decode())
        offset += length
    # 128, 256, 512, 1024 px, and 16, 32, 128, 256 pt at 2x (Pillow's set; Finder scales)
    assert {"ic07", "ic08", "ic09", "ic10", "ic11", "ic12", "ic13", "ic14"} <= kinds


# --- Linux desktop integration -------------------------------------------------------


def desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_opens_portfolios_in_the_app() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "benefitdesk %f"  # one file: `benefitdesk PORTFOLIO` opens it
    assert entry["Icon"] == "benefitdesk"
    assert entry["Terminal"] == "false"
    assert entry["MimeType"].split(";")[:2] == [PORTFOLIO_TYPE, "application/vnd.sqlite3"]
    if shutil.which("desktop-file-validate"):
        assert run(["desktop-file-validate", DESKTOP]) == ""


def test_the_desktop_file_is_named_as_the_app_announces_itself() -> None:
    """Wayland and GNOME match a window to its launcher by this name (app.py)."""
    source = (ROOT / "src" / "benefitdesk" / "ui" / "app.py").read_text(encoding="utf-8")
    names = re.findall(r'setDesktopFileName\("([^"]+)"\)', source)
    assert names and all((SHARE / "applications" / f"{n}.desktop").is_file() for n in names)


def test_the_appstream_metainfo_is_valid_and_current() -> None:
    root = ElementTree.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("project_license") == "MIT"
    assert (SHARE / "applications" / root.findtext("launchable", "")).is_file()
    assert root.findtext("provides/mediatype") == PORTFOLIO_TYPE
    release = root.find("releases/release")
    assert release is not None and release.get("version") == benefitdesk.__version__, (
        "add a <release> for the new version to the metainfo"
    )
    if shutil.which("appstreamcli"):
        run(["appstreamcli", "validate", "--no-net", METAINFO])


def test_the_mime_type_is_a_kind_of_sqlite_with_its_own_extension() -> None:
    root = ElementTree.parse(MIME_XML).getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = root.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == PORTFOLIO_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.benefitdesk"]
    assert mime.find("m:sub-class-of", ns).get("type") == "application/vnd.sqlite3"  # type: ignore[union-attr]


def mime_types(data_home: Path, *files: Path) -> list[tuple[str, bool]]:
    """(MIME type, is SQLite) of each file as a desktop sees it, via Qt's database."""
    code = (
        "import sys\nfrom PySide6.QtCore import QMimeDatabase\ndb = QMimeDatabase()\n"
        "for f in sys.argv[1:]:\n"
        "    t = db.mimeTypeForFile(f)\n"
        "    print(t.name(), t.inherits('application/vnd.sqlite3'))\n"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    out = run([sys.executable, "-c", code, *files], env=env, timeout=60)
    return [(name, flag == "True") for name, flag in (line.split() for line in out.splitlines())]


@pytest.mark.skipif(
    not (LINUX and shutil.which("update-mime-database")), reason="needs shared-mime-info"
)
def test_install_desktop_registers_the_app_and_its_file_type(tmp_path: Path) -> None:
    data = tmp_path / "data"
    program = tmp_path / "My Apps" / "benefitdesk"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    env = {**clean_env(tmp_path), "XDG_DATA_HOME": str(data)}
    script = PACKAGING / "linux" / "install-desktop.sh"
    run([script, "--exec", program], env=env)

    entry = desktop_entry(data / "applications" / "benefitdesk.desktop")
    assert entry["Exec"] == f'"{program}" %f'
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / "benefitdesk.png").is_file()
    assert (data / "metainfo" / METAINFO.name).is_file()
    cli_run(["demo", str(tmp_path / "p.benefitdesk")])
    cli_run(["demo", str(tmp_path / "p.sqlite")])
    assert mime_types(data, tmp_path / "p.benefitdesk", tmp_path / "p.sqlite") == [
        (PORTFOLIO_TYPE, True),
        ("application/vnd.sqlite3", True),  # not claimed: any SQLite file looks like this
    ]
    if shutil.which("xdg-mime"):
        assert f"{PORTFOLIO_TYPE}=benefitdesk.desktop" in (
            tmp_path / "config" / "mimeapps.list"
        ).read_text(encoding="utf-8")

    run([script, "--uninstall"], env=env)
    assert not (data / "applications" / "benefitdesk.desktop").exists()
    assert not list((data / "icons").rglob("benefitdesk.*"))
    assert mime_types(data, tmp_path / "p.benefitdesk")[0][0] != PORTFOLIO_TYPE


def test_a_portfolio_may_use_the_benefitdesk_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portfolio = tmp_path / "Programme.benefitdesk"
    assert cli_run(["demo", str(portfolio)]) == 0
    capsys.readouterr()
    assert cli_run(["report", str(portfolio), "--as-of", AS_OF, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["benefits"]


# --- About dialog --------------------------------------------------------------------


@pytest.mark.gui
def test_the_about_dialog_shows_version_licence_and_folders(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from benefitdesk.ui.app import data_folder
    from benefitdesk.ui.help.about import AboutDialog, show_about

    portfolio = tmp_path / "Programme.sqlite"
    portfolio.touch()
    dialog = AboutDialog(None, portfolio)
    qtbot.addWidget(dialog)
    facts = dict(dialog.rows)
    assert facts["Version"] == benefitdesk.__version__
    assert facts["Licence"].startswith("MIT")
    assert facts["Data folder"] == str(data_folder())
    assert facts["Portfolio"] == str(portfolio)
    assert facts["Backups"] == str(tmp_path / "Programme.sqlite.backups")
    assert {"Qt", "PySide6", "Python"} <= facts.keys()
    assert "<a href=" in dialog.values["Portfolio"].text()  # its folder exists: a link

    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert all(value in copied for value in facts.values())

    dialog.show()
    dialog.licence_button.click()
    assert dialog.licence.isVisible()
    assert dialog.licence.toPlainText().startswith("MIT License")

    without = AboutDialog(None, None)
    qtbot.addWidget(without)
    assert dict(without.rows)["Portfolio"] == "none open" and "Backups" not in dict(without.rows)

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    show_about(None, portfolio)  # returns once closed


# --- the wheel, installed into a fresh virtual environment ---------------------------

OFFLINE_SIGNS = ("NewConnectionError", "Temporary failure in name resolution", "unreachable")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a clean copy of the sources (no stale build/ folder)."""
    from benefitdesk_build import BUILD_FILES, BUILD_FOLDERS  # build_support/ (conftest)

    source = tmp_path_factory.mktemp("source")
    for name in BUILD_FILES:
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for folder in BUILD_FOLDERS:
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", source, "-w", out]
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0 and any(sign in result.stderr for sign in OFFLINE_SIGNS):
        pytest.skip("no package index reachable for the build backend (setuptools)")
    assert result.returncode == 0, result.stderr[-4000:]
    (built,) = out.glob("benefitdesk-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_resources_migrations_and_licence(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zipped:
        names = set(zipped.namelist())
        metadata = zipped.read(f"benefitdesk-{benefitdesk.__version__}.dist-info/METADATA")
        entry_points = zipped.read(
            f"benefitdesk-{benefitdesk.__version__}.dist-info/entry_points.txt"
        ).decode()
    resources = ROOT / "resources"
    for path in resources.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            name = f"benefitdesk/resources/{path.relative_to(resources).as_posix()}"
            assert name in names, f"{name} is missing from the wheel"
    migrations = ROOT / "src" / "benefitdesk" / "store" / "migrations"
    for path in [
        *migrations.glob("*.py"),
        *migrations.glob("*.mako"),
        *migrations.glob("versions/*.py"),
    ]:
        name = f"benefitdesk/{path.relative_to(migrations.parents[1]).as_posix()}"
        assert name in names, f"{name} is missing from the wheel"
    assert f"benefitdesk-{benefitdesk.__version__}.dist-info/licenses/LICENSE" in names
    assert b"License-Expression: MIT" in metadata
    assert "benefitdesk = benefitdesk.launcher:main" in entry_points
    # the GUI launcher routes arguments like the command: no path taken on trust
    assert "benefitdesk-gui = benefitdesk.launcher:main" in entry_points
    assert not [n for n in names if n.startswith(("tests/", "packaging/", "benchmarks/"))]
    packed = {
        name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for name in names
        if name.endswith(".py")
    }
    missing = sorted(source_modules() - packed)
    assert not missing, f"modules of src/ missing from the wheel: {missing}"


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies installed."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", venv])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], timeout=900)
    return venv


@pytest.mark.slow
def test_the_installed_wheel_runs_demo_and_report(installed: Path, tmp_path: Path) -> None:
    bin_dir = installed / ("Scripts" if os.name == "nt" else "bin")
    env = clean_env(tmp_path)
    command = bin_dir / "benefitdesk"
    portfolio = tmp_path / "Demo portfolio.sqlite"

    assert run([command, "--version"], env=env, cwd=tmp_path).strip() == (
        f"BenefitDesk {benefitdesk.__version__}"
    )
    assert "Created demo portfolio" in run([command, "demo", portfolio], env=env, cwd=tmp_path)
    text = run([command, "report", portfolio, "--as-of", AS_OF], env=env, cwd=tmp_path)
    assert "benefits report as of 30 Jun 2026" in text
    report = json.loads(
        run([command, "report", portfolio, "--as-of", AS_OF, "--json"], env=env, cwd=tmp_path)
    )
    assert report == checkout_report(portfolio)

    probe = (
        "import benefitdesk, pathlib\n"
        "from benefitdesk.resources_lookup import icon_path\n"
        "from benefitdesk.ui.help.about import licence_text\n"
        "print(pathlib.Path(benefitdesk.__file__).resolve())\n"
        "print(icon_path('benefitdesk').resolve())\n"
        "print(licence_text().splitlines()[0])\n"
    )
    module, icon, licence = run([bin_dir / "python", "-c", probe], env=env, cwd=tmp_path).split(
        "\n"
    )[:3]
    assert Path(module).is_relative_to(installed.resolve()), "ran the checkout, not the wheel"
    assert Path(icon).is_relative_to(installed.resolve()) and Path(icon).is_file()
    assert licence == "MIT License"  # read from the installed metadata


# Opens the window the way the `benefitdesk PORTFOLIO` command does (launcher.main),
# waits until the portfolio has loaded, visits every page and a benefit's detail, and
# imports every module the wheel installed: what an installed user's first minute does.
# Then it closes the window, which ends the process at once (ui/app.py: leave), with
# the exit code the window gave.
WINDOW_PROBE = """
import importlib, pkgutil, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import benefitdesk
from benefitdesk.launcher import main
from benefitdesk.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])

def check():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    if not windows or windows[0].dashboard is None:
        QTimer.singleShot(100, check)
        return
    window = windows[0]
    for page in ("dashboard", "attention", "mine", "all"):
        window.navigate(page)
        app.processEvents()
    window.show_benefit(next(iter(window.context.report.snapshot.benefits)).id)
    app.processEvents()
    modules = []
    for info in pkgutil.walk_packages(benefitdesk.__path__, "benefitdesk."):
        # importing these runs them: the program, and Alembic's script for its context
        if info.name not in ("benefitdesk.__main__", "benefitdesk.store.migrations.env"):
            importlib.import_module(info.name)
        modules.append(info.name)
    print(window.register.model.rowCount(), window.isVisible())
    print(" ".join(modules), flush=True)
    window.close()

QTimer.singleShot(0, check)
QTimer.singleShot(60000, app.quit)
main([sys.argv[1]])
print("the window closed without ending the process")
"""


@pytest.mark.slow
@pytest.mark.gui
def test_the_installed_wheel_opens_the_desktop_app(installed: Path, tmp_path: Path) -> None:
    """The editable install and the bundle hide a module the wheel leaves out: only the
    installed wheel shows that the window can start."""
    bin_dir = installed / ("Scripts" if os.name == "nt" else "bin")
    env = clean_env(tmp_path)
    portfolio = tmp_path / "Demo portfolio.sqlite"
    run([bin_dir / "benefitdesk", "demo", portfolio], env=env, cwd=tmp_path)
    out = run([bin_dir / "python", "-c", WINDOW_PROBE, portfolio], env=env, cwd=tmp_path)
    opened, modules = out.strip().split("\n")[-2:]  # and it exited 0 (run checks)
    rows, visible = opened.split()
    assert visible == "True"
    assert int(rows) > 10  # the demo's register
    missing = sorted(source_modules() - {"benefitdesk", *modules.split()})
    assert not missing, f"modules that do not import from the installed wheel: {missing}"


# --- the PyInstaller bundle ----------------------------------------------------------


class Bundle(NamedTuple):
    folder: Path
    sources: frozenset[str]  # the BenefitDesk modules in src/ when the build started


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory, compiled_src: Path) -> Bundle:
    """The one-folder bundle, built once per session by packaging/build_bundle.py, as it
    builds it by default: compiled (from the compiled modules tests/test_compiled.py
    checks, so that they are built once)."""
    pytest.importorskip(
        "PyInstaller", reason="PyInstaller is not installed (pip install -e '.[packaging]')"
    )
    out = tmp_path_factory.mktemp("bundle")
    sources = frozenset(source_modules())
    started = time.perf_counter()
    printed = run(
        [
            sys.executable,
            PACKAGING / "build_bundle.py",
            "--dist",
            out / "dist",
            "--work",
            out / "work",
            "--compiled-src",
            compiled_src,
        ],
        timeout=1200,
    )
    print(f"bundle built in {time.perf_counter() - started:.0f} s: {printed.strip()}")
    return Bundle(out / "dist" / "BenefitDesk", sources)


def bundled_program(bundle: Bundle) -> Path:
    if sys.platform == "darwin":
        return bundle.folder.with_suffix(".app") / "Contents" / "MacOS" / "benefitdesk"
    return bundle.folder / ("benefitdesk.exe" if os.name == "nt" else "benefitdesk")


@pytest.mark.slow
@pytest.mark.bundle
def test_the_bundle_runs_version_demo_and_report(bundle: Bundle, tmp_path: Path) -> None:
    program, env = bundled_program(bundle), clean_env(tmp_path)
    portfolio = tmp_path / "Demo portfolio.sqlite"
    assert run([program, "--version"], env=env).strip() == f"BenefitDesk {benefitdesk.__version__}"
    run([program, "demo", portfolio], env=env)  # creates the schema: migrations read from disk
    text = run([program, "report", portfolio, "--as-of", AS_OF], env=env)
    assert "benefits report as of 30 Jun 2026" in text
    report = json.loads(run([program, "report", portfolio, "--as-of", AS_OF, "--json"], env=env))
    assert report == checkout_report(portfolio)


def bundled_modules(program: Path) -> set[str]:
    viewer = [sys.executable, "-m", "PyInstaller.utils.cliutils.archive_viewer", "-r", "-b"]
    listing = run([*viewer, program])
    return {line.strip() for line in listing.splitlines() if line.startswith(" ")}


@pytest.mark.slow
@pytest.mark.bundle
def test_the_bundle_holds_what_the_app_needs_and_no_dev_tools(bundle: Bundle) -> None:
    modules = bundled_modules(bundled_program(bundle))
    internal = bundle.folder / "_internal"
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    compiled = {
        ".".join(p.relative_to(internal).parts).removesuffix(suffix)
        for p in internal.glob(f"benefitdesk*/**/*{suffix}")
    }
    assert "benefitdesk.analysis.evaluate" in compiled  # the compiled build, as shipped
    assert (internal / f"benefitdesk__mypyc{suffix}").is_file()
    missing = sorted(bundle.sources - modules - compiled)
    assert not missing, f"BenefitDesk modules missing from the bundle: {missing}"
    assert "benefitdesk.resources" in modules
    dev = sorted(m for m in modules if m.split(".")[0] in DEV_PACKAGES)
    assert not dev, f"test or development packages in the bundle: {dev[:20]}"

    folder = bundle.folder
    internal = folder / "_internal"
    resources = ROOT / "resources"
    icons = list(resources.glob("icons/*"))
    assert icons
    for path in icons:
        assert (internal / "benefitdesk" / "resources" / "icons" / path.name).is_file(), path.name
    migrations = internal / "benefitdesk" / "store" / "migrations"
    for name in ("env.py", "script.py.mako", "versions/0001_initial_schema.py"):
        assert (migrations / name).is_file(), name
    assert (internal / "LICENSE").is_file()
    qt = internal / "PySide6" / "Qt"
    assert not (qt / "translations").exists()
    plugins = {p.relative_to(qt / "plugins").as_posix() for p in (qt / "plugins").rglob("*.*")}
    assert {
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "iconengines/libqsvgicon.so",
    } <= plugins
    assert not [p for p in plugins if "gtk3" in p or "eglfs" in p]
    assert not [p for p in folder.rglob("*") if p.is_symlink() and not p.exists()]
    assert (folder / "install-desktop.sh").is_file()
    assert (folder / "share" / "applications" / "benefitdesk.desktop").is_file()


@pytest.mark.slow
@pytest.mark.bundle
@pytest.mark.gui
@pytest.mark.skipif(not LINUX, reason="the offscreen start-up check is written for Linux")
def test_the_bundle_opens_the_desktop_app_on_a_portfolio(bundle: Bundle, tmp_path: Path) -> None:
    """No arguments but a portfolio: the window opens it (on the dashboard, with charts)."""
    program, env = bundled_program(bundle), clean_env(tmp_path)
    portfolio = tmp_path / "Demo portfolio.sqlite"
    run([program, "demo", portfolio], env=env)
    settings = tmp_path / "config" / "BenefitDesk" / "BenefitDesk.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[view]\npage=dashboard\n", encoding="utf-8")
    app = subprocess.Popen(
        [program, portfolio], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and app.poll() is None:
            if f"last={portfolio}" in settings.read_text(encoding="utf-8"):
                break  # the window opened the portfolio and saved it as the last one
            time.sleep(0.2)
        time.sleep(3)  # the dashboard imports and draws its charts after showing
        still_running = app.poll() is None
    finally:
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=30)
    assert still_running, f"the bundled app exited early:\n{err[-4000:]}"
    assert f"last={portfolio}" in settings.read_text(encoding="utf-8"), err[-4000:]
    assert "Traceback" not in err, err[-4000:]


@pytest.mark.slow
@pytest.mark.bundle
@pytest.mark.skipif(not LINUX, reason="Linux desktop integration")
def test_the_bundle_registers_itself_with_the_desktop(bundle: Bundle, tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    run([bundle.folder / "install-desktop.sh"], env=env)
    entry = desktop_entry(tmp_path / "data" / "applications" / "benefitdesk.desktop")
    assert entry["Exec"] == f'"{bundled_program(bundle)}" %f'
