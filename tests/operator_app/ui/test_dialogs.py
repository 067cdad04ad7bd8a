"""Sign-in and settings dialogs: secrets only in the CredentialStore, never in a file."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import null
from PySide6.QtWidgets import QDialog, QLabel

from kc1551_demo.embedded import ApiServerThread
from operator_app.config import AppConfig, SipSettings, load_config, user_config_path
from operator_app.credentials import CredentialStore
from operator_app.ui.login_dialog import LoginDialog
from operator_app.ui.settings_dialog import SettingsDialog


def test_sign_in_without_system_keyring_says_so_and_keeps_secrets_in_memory(
        qtbot: Any, api_server: ApiServerThread) -> None:
    store = CredentialStore(null.Keyring())
    dialog = LoginDialog(api_server.url, store, username="operator", sip_user="op1001")
    qtbot.addWidget(dialog)
    assert not dialog.keyring_note.isHidden()
    assert "немає системного сховища" in dialog.keyring_note.text()
    assert not dialog.remember_box.isEnabled()

    dialog.password_edit.setText("не той пароль")
    dialog.sign_in()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10000)
    assert dialog.error_label.text() not in ("", "Перевіряємо…")
    assert dialog.result() != QDialog.DialogCode.Accepted

    dialog.password_edit.setText("demo1551")
    dialog.sip_password_edit.setText("sip-secret")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.sign_in()
    assert dialog.user["username"] == "operator"
    assert store.get("api", "operator") == "demo1551"
    assert store.get("sip", "op1001") == "sip-secret"


def test_settings_saved_to_the_users_file_and_the_sip_password_to_the_store(
        qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    store = CredentialStore(null.Keyring())
    cfg = AppConfig(sip=SipSettings(registrar="sip:pbx.example:5060", user="op1001"),
                    data_dir=tmp_path / "data")
    dialog = SettingsDialog(cfg, credentials=store, audio_devices=(["Гарнітура"], ["Гарнітура"]))
    qtbot.addWidget(dialog)
    dialog.api_url_edit.setText("ftp://wrong")
    dialog._save()
    assert "http://" in dialog.error_label.text()

    dialog.api_url_edit.setText("https://api.1551.example/")
    dialog.wrap_up_spin.setValue(45)
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    dialog.sip_password_edit.setText("sip-secret")
    assert not dialog.tls_ca_edit.isEnabled()  # only a TLS line has a CA to name
    dialog.transport_box.setCurrentText("tls")
    assert dialog.tls_ca_edit.isEnabled()
    assert dialog.tls_verify_box.isChecked()  # verification is on unless IT says no
    dialog.tls_ca_edit.setText("/etc/kc1551/pbx-ca.pem")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog._save()
    saved = load_config(user_config_path())
    assert (saved.api_url, saved.wrap_up_limit_s, saved.language) == (
        "https://api.1551.example/", 45, "en")
    assert (saved.sip.transport, saved.sip.tls_ca_file, saved.sip.tls_verify,
            saved.sip.srtp) == ("tls", "/etc/kc1551/pbx-ca.pem", True, True)
    assert "sip-secret" not in user_config_path().read_text(encoding="utf-8")
    assert store.get("sip", "op1001") == "sip-secret"


def test_cycles_are_collected_on_the_gui_thread(qtbot: Any) -> None:
    """Automatic collection is off; the GUI thread's timer collects what is due."""
    assert not gc.isenabled()
    freed_on: list[str] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            freed_on.append(threading.current_thread().name)

    def make_garbage() -> None:  # on another thread, as the API's workers allocate
        for _ in range(gc.get_threshold()[0] + 10):
            Cycle()

    worker = threading.Thread(target=make_garbage, name="api-worker")
    worker.start()
    worker.join()
    assert freed_on == []
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    assert set(freed_on) == {threading.main_thread().name}


def test_keys_it_locked_or_provisions_are_read_only_and_never_saved(
        qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    machine = tmp_path / "etc" / "desktop.ini"
    machine.parent.mkdir()
    machine.write_text("[policy]\nlocked = api.url, sip.transport\n[api]\n"
                       "url = https://api.1551.example/\n[sip]\ntransport = tls\n",
                       encoding="utf-8")
    from operator_app import config as settings_files

    settings_files.save_provisioning(tmp_path / "data" / "kc1551",
                                     {"desktop.wrap_up_limit_s": "40"})
    user = tmp_path / "user.ini"
    cfg = load_config(search_paths=(machine, user), environ={})
    dialog = SettingsDialog(cfg)
    qtbot.addWidget(dialog)
    for widget in (dialog.api_url_edit, dialog.transport_box, dialog.wrap_up_spin):
        assert not widget.isEnabled()
    assert dialog.sip_user_edit.isEnabled()
    assert dialog.fixed == {"api.url": "встановлено ІТ", "sip.transport": "встановлено ІТ",
                            "desktop.wrap_up_limit_s": "встановлено централізовано"}
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Адреса API (встановлено ІТ):" in texts
    assert dialog.tls_verify_box.isEnabled()  # TLS is IT's choice; its details are not locked
    dialog.sip_user_edit.setText("op1001")
    monkeypatch.setattr("operator_app.ui.settings_dialog.save_config",
                        lambda chosen: settings_files.save_config(chosen, user))
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog._save()
    text = user.read_text(encoding="utf-8")
    assert "user = op1001" in text
    assert "url" not in text
    assert "transport" not in text
    assert "wrap_up_limit_s" not in text
