"""Maps the top-level ``resources/`` folder into the package as ``benefitdesk.resources``.

Everything else is configured in pyproject.toml; pyproject alone cannot combine package
discovery under ``src/`` with one package that lives elsewhere.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "benefitdesk.resources"],
    package_dir={"": "src", "benefitdesk.resources": "resources"},
    package_data={"benefitdesk.resources": ["**/*.svg", "**/*.png", "**/*.qss", "**/*.ico"]},
)
