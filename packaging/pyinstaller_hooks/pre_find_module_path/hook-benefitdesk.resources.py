"""Tell PyInstaller where ``benefitdesk.resources`` lives.

setup.py maps the top-level ``resources/`` folder into the package, so in a checkout
(an editable install) it is not under ``src/benefitdesk/``. PyInstaller's module finder
only walks directories, not setuptools' editable finder; without this hook it misses
the package and ``importlib.resources.files("benefitdesk.resources")`` fails in the
bundle. For an ordinary (non-editable) install this points at the usual place.
"""

import importlib.util
from pathlib import Path


def pre_find_module_path(api):  # PyInstaller's hook protocol
    spec = importlib.util.find_spec("benefitdesk.resources")
    if spec is not None and spec.origin:
        api.search_dirs = [str(Path(spec.origin).parent.parent)]
