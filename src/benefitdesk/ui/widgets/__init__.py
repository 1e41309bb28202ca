"""The UI's toolkit: widgets, table models and dialogs that more than one feature uses.

Nothing here knows a feature: record tables and their models, form fields and the
form dialog, the reason dialog, the audit history table, saving a workbook. Features
import the toolkit, never each other (docs/architecture.md, "UI").
"""
