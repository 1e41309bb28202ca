"""Resources by name: every bundled file resolves, unknown names fail loudly.

The same lookup serves a checkout (these tests), an installed wheel and the bundle
(tests/test_packaging.py runs it from both), and a zipped install (below).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from benefitdesk.resources_lookup import (
    UnknownResource,
    icon_path,
    resource_names,
    resource_path,
)

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
UI = ROOT / "src" / "benefitdesk" / "ui"


def checkout_files() -> list[str]:
    return sorted(
        p.relative_to(RESOURCES).as_posix()
        for p in RESOURCES.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith("_")
    )


def test_every_file_in_resources_is_found_by_name() -> None:
    assert resource_names() == checkout_files()
    for name in resource_names():
        path = resource_path(name)
        assert path.read_bytes() == (RESOURCES / name).read_bytes(), name


def test_icons_are_well_formed_svg() -> None:
    for name in resource_names():
        if name.endswith(".svg"):
            root = ElementTree.parse(resource_path(name)).getroot()
            assert root.tag == "{http://www.w3.org/2000/svg}svg", name


def test_the_application_icon_is_square() -> None:
    root = ElementTree.parse(icon_path("benefitdesk")).getroot()
    _x, _y, width, height = root.get("viewBox", "").split()
    assert width == height


def test_an_unknown_icon_fails_loudly_with_the_closest_names() -> None:
    with pytest.raises(UnknownResource, match=r"No resource named 'icons/sycn\.svg'.*sync\.svg"):
        icon_path("sycn")


@pytest.mark.parametrize(
    "name",
    ["", "icons", "/etc/passwd", "../pyproject.toml", "icons/../../setup.py", "icons\\sync.svg"],
)
def test_names_outside_the_resources_or_not_files_are_refused(name: str) -> None:
    with pytest.raises(UnknownResource):
        resource_path(name)


def literal_icon_names() -> set[tuple[str, str]]:
    """(module, name) of every ``icon("name")`` call with a literal name under ui/."""
    found = set()
    for module in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "icon"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add((module.relative_to(UI).as_posix(), node.args[0].value))
    return found


def test_every_icon_the_ui_names_exists() -> None:
    names = literal_icon_names()
    assert names, "the scan found no icon() calls: has the helper been renamed?"
    missing = sorted((m, n) for m, n in names if f"icons/{n}.svg" not in resource_names())
    assert not missing, f"icons named in the UI but not in resources/icons: {missing}"


def test_a_zipped_install_extracts_files_that_stay_on_disk(tmp_path: Path) -> None:
    """zipimport: the lookup copies a file out, and it must outlive the lookup."""
    archive = tmp_path / "benefitdesk.zip"
    src = ROOT / "src" / "benefitdesk"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(src / "__init__.py", "benefitdesk/__init__.py")
        zipped.write(src / "resources_lookup.py", "benefitdesk/resources_lookup.py")
        zipped.write(RESOURCES / "__init__.py", "benefitdesk/resources/__init__.py")
        zipped.write(RESOURCES / "icons" / "sync.svg", "benefitdesk/resources/icons/sync.svg")
    code = textwrap.dedent(
        f"""
        import gc, sys
        sys.path.insert(0, {str(archive)!r})
        import benefitdesk.resources_lookup as lookup
        assert lookup.__file__.startswith({str(archive)!r}), lookup.__file__
        path = lookup.icon_path("sync")
        gc.collect()
        assert path.is_file(), path
        assert path.read_bytes().startswith(b"<svg"), path
        assert lookup.resource_names() == ["icons/sync.svg"]
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, timeout=60)
