"""Server passwords in the system keyring (optional: ``pip install keyring``).

BenefitDesk never writes a password to a settings file. libpq already reads
``~/.pgpass`` and ``PGPASSWORD``; this adds the desktop's keyring (GNOME Keyring,
KWallet, macOS Keychain, Windows Credential Locker) for passwords typed into the app
with "Remember" ticked. Without the keyring package, or without a keyring service,
nothing is remembered and the app asks again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

SERVICE = "BenefitDesk"


def account(target: str) -> str:
    """The keyring account of a server URL: ``user@host:port/database``."""
    url = make_url(target.replace("postgres://", "postgresql://", 1))
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _keyring() -> Any | None:
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def keyring_available() -> bool:
    """True when passwords can be remembered on this machine."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        from keyring.backends.fail import Keyring as FailKeyring

        return not isinstance(keyring.get_keyring(), FailKeyring)
    except Exception:  # a broken keyring configuration: behave as if there were none
        return False


def saved_password(target: str) -> str | None:
    """The remembered password for ``target``, or None (never an error)."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        password: str | None = keyring.get_password(SERVICE, account(target))
    except Exception:  # no keyring service, locked, or denied: ask the user instead
        return None
    return password


def remember_password(target: str, password: str) -> bool:
    """Store ``password`` in the keyring; False when there is no keyring to use."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(SERVICE, account(target), password)
    except Exception:
        return False
    return True


def forget_password(target: str) -> None:
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(SERVICE, account(target))
    except Exception:
        return
