"""Find bundled resources by name: from a checkout, an installed wheel or a frozen build.

Resources ship as the package ``benefitdesk.resources`` (the top-level ``resources/``
folder, mapped in setup.py), so importlib.resources finds them in every case: the
editable finder of a checkout, site-packages of a wheel, and the PyInstaller bundle
(packaging/benefitdesk.spec collects the files and the package). An unknown name raises
at once, naming the closest known ones, instead of giving a blank icon.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib import import_module
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PACKAGE = "benefitdesk.resources"

# Files extracted from a zipped install stay on disk until the interpreter exits: Qt
# reads an icon's file lazily, long after the lookup returned.
_extracted = ExitStack()
atexit.register(_extracted.close)


class UnknownResource(LookupError):
    """No resource of that name is bundled: a typo, or a file missing from the package."""


def _root() -> Traversable:
    from importlib.resources import files

    return files(PACKAGE)


@cache
def _folder() -> Path | None:
    """The resources as a folder on disk (a checkout, a wheel, the bundle); None in a
    zipped install. Looked up directly, the window's icons cost no importlib.resources
    (a few milliseconds of a start measured in tenths)."""
    location = getattr(import_module(PACKAGE), "__file__", None)
    folder = Path(location).parent if location else None
    return folder if folder is not None and folder.is_dir() else None


def _parts(name: str) -> tuple[str, ...]:
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or "\\" in name or ".." in parts or "." in parts:
        raise UnknownResource(f"{name!r} is not a resource name (use e.g. 'icons/sync.svg')")
    return parts


def resource_names() -> list[str]:
    """Every bundled resource file, as ``folder/file.ext`` names, sorted."""

    def walk(node: Traversable, prefix: str) -> list[str]:
        names = []
        for child in node.iterdir():
            if child.name.startswith(("_", ".")):  # __init__.py, __pycache__
                continue
            if child.is_dir():
                names += walk(child, f"{prefix}{child.name}/")
            else:
                names.append(f"{prefix}{child.name}")
        return names

    return sorted(walk(_root(), ""))


@cache
def resource_path(name: str) -> Path:
    """The file ``name`` (e.g. ``icons/sync.svg``) as a real path on disk."""
    parts, folder = _parts(name), _folder()
    if folder is not None and folder.joinpath(*parts).is_file():
        return folder.joinpath(*parts)
    entry = _root().joinpath(*parts)
    if not entry.is_file():
        import difflib

        close = difflib.get_close_matches(name, resource_names(), n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise UnknownResource(f"No resource named {name!r} in {PACKAGE}{hint}")
    from importlib.resources import as_file

    return Path(_extracted.enter_context(as_file(entry)))


def icon_path(name: str) -> Path:
    """The SVG icon ``name`` (e.g. ``sync``), from ``resources/icons/``."""
    return resource_path(f"icons/{name}.svg")
