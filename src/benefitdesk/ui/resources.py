"""Icons as QIcons, looked up by name through benefitdesk.resources_lookup."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from benefitdesk.resources_lookup import icon_path


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(icon_path(name)))


def app_icon() -> QIcon:
    return icon("benefitdesk")
