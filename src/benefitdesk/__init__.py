"""BenefitDesk: keep business value accountable after a project goes live."""

__version__ = "0.1.0"

#: How a portfolio file's name ends (the command line and the launcher both ask).
PORTFOLIO_SUFFIXES = (".sqlite", ".benefitdesk", ".db")
