"""The benefit detail area: header, chart and the tabs that edit one benefit."""

from benefitdesk.ui.detail.panel import BenefitDetail

__all__ = ["BenefitDetail"]
