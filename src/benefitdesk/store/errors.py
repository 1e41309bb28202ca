"""Errors a user can cause by pointing BenefitDesk at the wrong file."""

from __future__ import annotations


class PortfolioError(Exception):
    """A portfolio file cannot be used; the message is fit to show a user."""


class PortfolioMissing(PortfolioError):
    pass


class NotAPortfolio(PortfolioError):
    pass


class SchemaTooNew(PortfolioError):
    pass


class ReadOnlyPortfolio(PortfolioError):
    pass
