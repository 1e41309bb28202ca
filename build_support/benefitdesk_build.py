"""setuptools' build backend with BenefitDesk's compile switch (docs/architecture.md,
"The compiled build").

``BENEFITDESK_COMPILE=1`` compiles the report's hot path with mypyc when a wheel is
built, and only then: only that build asks for mypy (which carries mypyc), the metadata
and the sdist are the pure build's, and an editable install stays pure Python, since a
compiled module beside its ``.py`` would hide a developer's edits to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from setuptools import build_meta
from setuptools.build_meta import (  # noqa: F401  (hooks passed through as they are)
    get_requires_for_build_sdist,
)

SWITCH = "BENEFITDESK_COMPILE"
#: mypyc ships with mypy; the same major version type-checks the code (pyproject.toml).
MYPYC = "mypy>=2.0,<3"


def compiling() -> bool:
    return os.environ.get(SWITCH, "0") == "1"


def missing_compiler() -> str | None:
    """What a compiled build lacks here (a C compiler, the interpreter's headers), or
    None. On Windows setuptools finds Visual C++ itself, so only a build can tell."""
    if sys.platform == "win32":
        return None
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"a C compiler ({compiler}: not found; on Debian or Ubuntu: apt install gcc)"
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not headers.is_file():
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        return f"Python's headers ({headers}: not found; apt install libpython{version}-dev)"
    return None


@contextmanager
def _pure() -> Iterator[None]:
    """Run setup.py with the switch off (the requirements, an editable install)."""
    saved = os.environ.get(SWITCH)
    os.environ[SWITCH] = "0"
    try:
        yield
    finally:
        if saved is None:
            del os.environ[SWITCH]
        else:
            os.environ[SWITCH] = saved


#: What a compiled build is made from (setup.py's inputs), copied by compiled_tree.
BUILD_FILES = ("setup.py", "pyproject.toml", "README.md", "LICENSE", "MANIFEST.in")
BUILD_FOLDERS = ("src", "resources", "build_support")


def compiled_tree(root: Path, folder: Path) -> Path:
    """A copy of the project at ``root`` in ``folder`` with its compiled modules built
    in place, beside their sources there (never in ``root``, where they would hide
    edits to the ``.py`` files); returns the copy's ``src``, for ``PYTHONPATH`` or
    PyInstaller. Raises CalledProcessError, with the build's output, on a failure."""
    for name in BUILD_FILES:
        shutil.copy2(root / name, folder / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "*.egg-info")
    for name in BUILD_FOLDERS:
        shutil.copytree(root / name, folder / name, ignore=ignore, dirs_exist_ok=True)
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
        cwd=folder,
        env={**os.environ, SWITCH: "1"},
        check=True,
        capture_output=True,
        text=True,
    )
    return folder / "src"


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    with _pure():
        required = build_meta.get_requires_for_build_wheel(config_settings)
    return [*required, MYPYC] if compiling() else required


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    with _pure():
        return build_meta.get_requires_for_build_editable(config_settings)


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: dict[str, Any] | None = None
) -> str:
    with _pure():  # the same metadata; compiling here would only cost time
        return build_meta.prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def prepare_metadata_for_build_editable(
    metadata_directory: str, config_settings: dict[str, Any] | None = None
) -> str:
    with _pure():
        return build_meta.prepare_metadata_for_build_editable(metadata_directory, config_settings)


def build_sdist(sdist_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    with _pure():  # the source, from which either build can be made
        return build_meta.build_sdist(sdist_directory, config_settings)


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    return build_meta.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    if compiling():
        print(
            f"benefitdesk: an editable install is pure Python ({SWITCH}=1 ignored): "
            "compiled modules would hide edits to their .py files",
            file=sys.stderr,
        )
    with _pure():
        return build_meta.build_editable(wheel_directory, config_settings, metadata_directory)
