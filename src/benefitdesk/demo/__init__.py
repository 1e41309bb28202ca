"""The demo portfolios: Northwind Group's (``builder`` over ``cast``) and the large
generated one for performance work (``large``).

Seed data, not a use case: it sits above the services (it writes through the store
like any of them) and only the command line, the app, the benchmarks and the tests
import it (the import-linter contracts in ``pyproject.toml`` say so).
"""

from benefitdesk.demo.builder import DemoBuilder, create_demo
from benefitdesk.demo.file import DemoError
from benefitdesk.demo.large import create_large_demo

__all__ = ["DemoBuilder", "DemoError", "create_demo", "create_large_demo"]
