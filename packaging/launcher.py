"""Entry point of the bundled program: the same dispatch as the ``benefitdesk`` command.

No arguments, or a portfolio file (a double click in the file manager), opens the
desktop app; ``report``, ``demo``, ``--version`` and the other subcommands run the CLI.
"""

import sys

from benefitdesk.launcher import main

if __name__ == "__main__":
    sys.exit(main())
