"""Sign-in against the API; SIP and API passwords kept by CredentialStore.

Where the machine has no system keyring the store is not persistent: the
dialog says so and the passwords are asked for each session (never written
to a file).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from operator_app.api_client import ApiClient, ApiError, ApiUnavailable
from operator_app.ui.background import BackgroundRunner


class LoginDialog(QDialog):
    def __init__(self, api_url: str, credentials: Any, *, username: str = "",
                 sip_user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Вхід до системи 1551"))
        self.api_url = api_url
        self.credentials = credentials
        self.client: ApiClient | None = None
        self.user: dict[str, Any] = {}
        self.runner = BackgroundRunner(self)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username_edit = QLineEdit(username)
        self.username_edit.setAccessibleName(self.tr("Ім'я користувача"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Пароль"))
        self.sip_user_edit = QLineEdit(sip_user)
        self.sip_user_edit.setAccessibleName(self.tr("Користувач SIP"))
        self.sip_password_edit = QLineEdit()
        self.sip_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.sip_password_edit.setAccessibleName(self.tr("Пароль SIP"))
        form.addRow(self.tr("Користувач:"), self.username_edit)
        form.addRow(self.tr("Пароль:"), self.password_edit)
        form.addRow(self.tr("Користувач SIP:"), self.sip_user_edit)
        form.addRow(self.tr("Пароль SIP:"), self.sip_password_edit)
        layout.addLayout(form)
        self.remember_box = QCheckBox(self.tr("Запам'ятати паролі в системному сховищі"))
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        if credentials is not None and credentials.persistent:
            self.remember_box.setChecked(True)
            self.keyring_note.hide()
        else:
            self.remember_box.setChecked(False)
            self.remember_box.setEnabled(False)
            self.keyring_note.setText(self.tr(
                "На цьому комп'ютері немає системного сховища паролів: паролі не зберігаються "
                "і їх потрібно вводити на початку кожного сеансу."))
        layout.addWidget(self.remember_box)
        layout.addWidget(self.keyring_note)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Увійти"))
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._prefill()

    def _prefill(self) -> None:
        if self.credentials is None:
            return
        username = self.username_edit.text().strip()
        if username:
            self.password_edit.setText(self.credentials.get("api", username) or "")
        sip_user = self.sip_user_edit.text().strip()
        if sip_user:
            self.sip_password_edit.setText(self.credentials.get("sip", sip_user) or "")

    def sip_password(self) -> str:
        return self.sip_password_edit.text()

    def sign_in(self) -> None:
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.error_label.setText(self.tr("Введіть ім'я користувача та пароль"))
            return
        self.error_label.setText(self.tr("Перевіряємо…"))
        self.buttons.setEnabled(False)
        client = ApiClient(self.api_url)
        self.runner.run(lambda: client.login(username, password),
                        lambda answer: self._signed_in(client, answer), self._failed)

    def _signed_in(self, client: ApiClient, answer: dict[str, Any]) -> None:
        self.buttons.setEnabled(True)
        self.client = client
        self.user = dict(answer.get("user") or {})
        if self.credentials is not None:
            # Not persistent: the store keeps them in memory for this session only.
            self.credentials.set("api", self.username_edit.text().strip(),
                                 self.password_edit.text())
            sip_user = self.sip_user_edit.text().strip()
            if sip_user and self.sip_password_edit.text():
                self.credentials.set("sip", sip_user, self.sip_password_edit.text())
        self.accept()

    def _failed(self, error: object) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ApiError):
            self.error_label.setText(error.message)
        elif isinstance(error, ApiUnavailable):
            self.error_label.setText(self.tr("Сервер недоступний: {0}").format(error.message))
        else:
            self.error_label.setText(str(error))
