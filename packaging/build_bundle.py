"""Build BenefitDesk as a one-folder application for this machine (Linux, Windows, macOS).

    pip install -e ".[packaging]"          # once: PyInstaller (and Pillow for the icons)
    python packaging/build_bundle.py       # -> dist/BenefitDesk/ (macOS: dist/BenefitDesk.app)
    python packaging/build_bundle.py --archive    # and a .tar.gz (.zip on Windows) of it

Runs PyInstaller on packaging/benefitdesk.spec with the Python that runs this script
(the virtual environment BenefitDesk is installed in). The bundle is the compiled build
(docs/architecture.md, "The compiled build"): the report's hot path compiled with mypyc
in a copy of the sources under the work folder; without a C compiler (or with
``--pure``) it is pure Python, and says so. On Linux it then puts the desktop
integration beside the program (``install-desktop.sh`` and ``share/``), so that whoever
unpacks the folder can add BenefitDesk to their menu and file manager. Prints the size.
A Python script rather than a Makefile, so the one command is the same on Windows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "build_support"))
from benefitdesk_build import compiled_tree, missing_compiler  # noqa: E402

SPEC = HERE / "benefitdesk.spec"
LINUX = HERE / "linux"
APP = "BenefitDesk"


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files under ``folder``; symbolic links count as nothing."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def add_linux_desktop_files(bundle: Path) -> None:
    shutil.copytree(LINUX / "share", bundle / "share", dirs_exist_ok=True)
    script = bundle / "install-desktop.sh"
    shutil.copy2(LINUX / "install-desktop.sh", script)
    script.chmod(0o755)


def compiled_sources(work: Path) -> Path | None:
    """A copy of src/ with the hot path compiled, or None (pure) when this machine has no
    C compiler; a compiler that fails is an error, not a reason to ship slower code."""
    missing = missing_compiler()
    if missing:
        print(f"build_bundle: building the pure bundle: compiling needs {missing}", flush=True)
        return None
    folder = work / "compiled"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print("build_bundle: compiling the report's hot path with mypyc…", flush=True)
    try:
        return compiled_tree(ROOT, folder)
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"build_bundle: compiling failed:\n{error.stdout}{error.stderr}") from None


def build(dist: Path, work: Path, *, clean: bool, compiled: Path | None) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            'build_bundle: PyInstaller is not installed here: pip install -e ".[packaging]"'
        ) from None
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    if clean:
        command.append("--clean")
    env = {k: v for k, v in os.environ.items() if k != "BENEFITDESK_COMPILED_SRC"}
    if compiled is not None:
        env["BENEFITDESK_COMPILED_SRC"] = str(compiled)
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    if sys.platform == "darwin":
        return dist / f"{APP}.app"
    bundle = dist / APP
    if sys.platform.startswith("linux"):
        add_linux_desktop_files(bundle)
    return bundle


def archive(bundle: Path) -> Path:
    fmt = "zip" if os.name == "nt" else "gztar"
    name = shutil.make_archive(str(bundle), fmt, root_dir=bundle.parent, base_dir=bundle.name)
    return Path(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's cache"
    )
    parser.add_argument("--clean", action="store_true", help="ignore PyInstaller's cache")
    parser.add_argument("--archive", action="store_true", help="also pack the folder")
    parser.add_argument("--pure", action="store_true", help="do not compile (slower report)")
    parser.add_argument(
        "--compiled-src",
        type=Path,
        help="a copy of src/ compiled already (build_support/benefitdesk_build.py)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    work = args.work.resolve()
    if args.pure:
        compiled = None
    else:
        compiled = args.compiled_src.resolve() if args.compiled_src else compiled_sources(work)
    bundle = build(args.dist.resolve(), work, clean=args.clean, compiled=compiled)
    seconds = time.perf_counter() - started
    size, files = folder_size(bundle)
    kind = "compiled" if compiled else "pure Python"
    print(
        f"{APP}: {bundle} ({kind}) — {size / 1e6:.0f} MB in {files} files, built in {seconds:.0f} s"
    )
    if args.archive:
        packed = archive(bundle)
        print(f"{APP}: {packed} — {packed.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
