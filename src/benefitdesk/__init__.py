"""BenefitDesk: keep business value accountable after a project goes live."""

__version__ = "0.1.0"
