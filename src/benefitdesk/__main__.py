"""``python -m benefitdesk``: the same entry point as the ``benefitdesk`` command."""

import sys

from benefitdesk.launcher import main

sys.exit(main())
