"""Maps the top-level ``resources/`` folder into the package as ``benefitdesk.resources``,
and compiles the report's hot path with mypyc when ``BENEFITDESK_COMPILE=1``.

Everything else, package data included, is configured in pyproject.toml; pyproject
alone cannot combine package discovery under ``src/`` with packages that live elsewhere.
The default build is pure Python; the compiled build and why (docs/architecture.md,
"The compiled build") is what the bundle ships. An editable install is always pure: a
compiled module beside its ``.py`` would hide the developer's edits to it.
"""

import os
from pathlib import Path

from setuptools import find_packages, setup

#: The modules mypyc compiles: the computation (but its ``__init__``, whose module-level
#: ``__getattr__`` mypyc cannot compile), the report's read of a portfolio file and the
#: building of each benefit's inputs. Each is measured to pay (benchmarks/bench_report.py).
COMPILED = [
    *(
        path.as_posix()
        for path in sorted(Path("src/benefitdesk/analysis").glob("*.py"))
        if path.name != "__init__.py"
    ),
    "src/benefitdesk/store/figures.py",
    "src/benefitdesk/services/inputs.py",
]


def compiled_extensions() -> list:
    """mypyc's extension modules when ``BENEFITDESK_COMPILE=1``, else none (pure)."""
    if os.environ.get("BENEFITDESK_COMPILE", "0") != "1":
        return []
    from mypyc.build import mypycify  # only a compiled build needs mypy (build_support/)

    # One shared library with a fixed name, benefitdesk__mypyc (the bundle names it).
    return mypycify(COMPILED, opt_level="3", group_name="benefitdesk")


setup(
    packages=[*find_packages("src"), "benefitdesk.resources", "benefitdesk.resources.icons"],
    package_dir={
        "": "src",
        "benefitdesk.resources": "resources",
        "benefitdesk.resources.icons": "resources/icons",
    },
    ext_modules=compiled_extensions(),
)
