"""Per-user application state kept in QSettings: window layout, recent files, "me"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION, APPLICATION = "BenefitDesk", "BenefitDesk"
MAX_RECENT = 8


class AppSettings:
    """Typed access to QSettings; injected into widgets so tests can isolate it."""

    def __init__(self, qsettings: QSettings | None = None):
        self._q = qsettings or QSettings(ORGANISATION, APPLICATION)

    def _get(self, key: str, default: object = None) -> object:
        return self._q.value(key, default)

    @property
    def me(self) -> str:
        return str(self._get("user/me", "") or "")

    @me.setter
    def me(self, name: str) -> None:
        self._q.setValue("user/me", name)

    @property
    def last_portfolio(self) -> Path | None:
        value = self._get("files/last", "")
        return Path(str(value)) if value else None

    @last_portfolio.setter
    def last_portfolio(self, path: Path | None) -> None:
        self._q.setValue("files/last", str(path) if path else "")

    def recent(self) -> list[Path]:
        return paths(self._get("files/recent", []))

    def add_recent(self, path: Path) -> None:
        items = [p for p in self.recent() if p != path]
        self._q.setValue("files/recent", [str(p) for p in [path, *items][:MAX_RECENT]])
        self.last_portfolio = path

    def remove_recent(self, path: Path) -> None:
        self._q.setValue("files/recent", [str(p) for p in self.recent() if p != path])

    def save_state(self, key: str, state: QByteArray) -> None:
        self._q.setValue(f"layout/{key}", state)

    def state(self, key: str) -> QByteArray | None:
        value = self._get(f"layout/{key}")
        return value if isinstance(value, QByteArray) else None

    def value(self, key: str, default: object = None) -> object:
        return self._get(key, default)

    def set_value(self, key: str, value: object) -> None:
        self._q.setValue(key, value)

    def sync(self) -> None:
        self._q.sync()


def paths(value: object) -> list[Path]:
    """A list of paths as QSettings gives it back: a list, one text (a list of one in an
    INI file), or nothing."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [Path(str(p)) for p in items if p]
