"""Maps the top-level ``resources/`` folder into the package as ``benefitdesk.resources``.

Everything else, package data included, is configured in pyproject.toml; pyproject
alone cannot combine package discovery under ``src/`` with packages that live elsewhere.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "benefitdesk.resources", "benefitdesk.resources.icons"],
    package_dir={
        "": "src",
        "benefitdesk.resources": "resources",
        "benefitdesk.resources.icons": "resources/icons",
    },
)
