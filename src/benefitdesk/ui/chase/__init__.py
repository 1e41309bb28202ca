"""Portfolio › Chase Owners…: who owes what, an e-mail draft each, and the record of it."""

from benefitdesk.ui.chase.dialog import ChaseDialog, open_chase_dialog

__all__ = ["ChaseDialog", "open_chase_dialog"]
