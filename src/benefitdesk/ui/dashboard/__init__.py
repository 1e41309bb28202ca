"""The portfolio dashboard and the "needs attention" list."""

from benefitdesk.ui.dashboard.page import DashboardPage

__all__ = ["DashboardPage"]
