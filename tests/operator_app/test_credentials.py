from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from operator_app.credentials import SERVICE, CredentialStore


class DictKeyring(KeyringBackend):
    """An in-memory keyring backend standing in for the desktop's Secret Service."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class LockedKeyring(DictKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


def test_persistent_backend_keeps_secrets_between_sessions() -> None:
    backend = DictKeyring()
    store = CredentialStore(backend)
    assert store.persistent
    store.set("sip", "op1001", "s3cret")
    store.set("api", "op1001", "other")
    assert backend.store[(SERVICE, "sip:op1001")] == "s3cret"
    later = CredentialStore(backend)  # the next session
    assert later.get("sip", "op1001") == "s3cret"
    assert later.get("api", "op1001") == "other"
    assert later.get("api", "op2002") is None
    later.delete("sip", "op1001")
    later.delete("sip", "op1001")  # deleting what is gone is fine
    assert later.get("sip", "op1001") is None


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_no_system_keyring_means_session_only(
        backend: KeyringBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    store = CredentialStore(backend)
    assert not store.persistent
    store.set("api", "operator", "demo1551")
    assert store.get("api", "operator") == "demo1551"
    assert CredentialStore(backend).get("api", "operator") is None  # gone next session
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not any("demo1551" in p.read_text(errors="replace") for p in written)
    store.delete("api", "operator")
    assert store.get("api", "operator") is None


def test_locked_keyring_falls_back_to_memory() -> None:
    store = CredentialStore(LockedKeyring())
    store.set("sip", "op1", "pw")
    assert store.get("sip", "op1") == "pw"


def test_bad_kind_or_user_is_refused() -> None:
    store = CredentialStore(DictKeyring())
    with pytest.raises(ValueError, match="unknown credential kind"):
        store.set("ssh", "op1", "pw")
    with pytest.raises(ValueError, match="empty"):
        store.get("api", "")
