"""Find bundled resources by name: from a checkout, an installed wheel or a frozen build.

Resources ship as the package ``benefitdesk.resources`` (the top-level ``resources/``
folder, mapped in setup.py), so importlib.resources finds them in every case. An
unknown name raises at once instead of giving a blank icon.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files
from pathlib import Path


class UnknownResource(LookupError):
    pass


@cache
def resource_path(name: str) -> Path:
    """The file ``name`` (e.g. ``icons/sync.svg``) as a real path on disk."""
    entry = files("benefitdesk.resources").joinpath(*name.split("/"))
    if not entry.is_file():
        raise UnknownResource(f"No resource named {name!r}")
    with as_file(entry) as path:  # a real file already, except in a zipped install
        return Path(path)


def icon_path(name: str) -> Path:
    return resource_path(f"icons/{name}.svg")
