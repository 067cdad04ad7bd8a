"""Passwords for the API and the PBX, kept by the system keyring (service "kc1551").

Where the machine has no real keyring (a headless Linux box: keyring falls
back to its "fail" or "null" backend) secrets live in this process's memory
for the session only, ``persistent`` is False so the UI can say so and ask
again next time, and nothing is ever written to a file.
"""

from __future__ import annotations

import logging
from typing import Literal

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, PasswordDeleteError

log = logging.getLogger(__name__)

SERVICE = "kc1551"
Kind = Literal["api", "sip"]
KINDS: tuple[Kind, ...] = ("api", "sip")


def is_persistent_backend(backend: KeyringBackend) -> bool:
    """True for a backend that keeps secrets safely between sessions."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(is_persistent_backend(b) for b in backend.backends)
    # keyrings.alt's plaintext and "encrypted" files are still files we refuse to trust.
    return not type(backend).__module__.startswith("keyrings.alt.file")


class CredentialStore:
    """``get/set/delete(kind, user)`` with kind "api" or "sip"."""

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE):
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._service = service
        self._persistent = is_persistent_backend(self._backend)
        self._session: dict[tuple[str, str], str] = {}
        if not self._persistent:
            log.info("no system keyring (%s): passwords are kept for this session only",
                     type(self._backend).__name__)

    @property
    def persistent(self) -> bool:
        return self._persistent

    @property
    def backend_name(self) -> str:
        return type(self._backend).__name__

    def _account(self, kind: str, user: str) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown credential kind {kind!r}")
        if not user:
            raise ValueError("credential user is empty")
        return f"{kind}:{user}"

    def get(self, kind: str, user: str) -> str | None:
        account = self._account(kind, user)
        if (kind, user) in self._session:
            return self._session[(kind, user)]
        if not self._persistent:
            return None
        try:
            return self._backend.get_password(self._service, account)
        except KeyringError as exc:  # a locked or broken keyring: ask the operator instead
            log.warning("keyring read failed (%s)", type(exc).__name__)
            return None

    def set(self, kind: str, user: str, secret: str) -> None:
        account = self._account(kind, user)
        if self._persistent:
            try:
                self._backend.set_password(self._service, account, secret)
                self._session.pop((kind, user), None)
                return
            except KeyringError as exc:
                log.warning("keyring write failed (%s): kept for this session only",
                            type(exc).__name__)
        self._session[(kind, user)] = secret

    def delete(self, kind: str, user: str) -> None:
        account = self._account(kind, user)
        self._session.pop((kind, user), None)
        if self._persistent:
            try:
                self._backend.delete_password(self._service, account)
            except PasswordDeleteError:
                pass  # nothing stored: already the wanted outcome
            except KeyringError as exc:
                log.warning("keyring delete failed (%s)", type(exc).__name__)
