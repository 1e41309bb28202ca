"""Dialogs: small, focused forms."""
