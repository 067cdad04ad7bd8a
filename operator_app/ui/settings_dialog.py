"""Settings: API URL, SIP account, audio devices, wrap-up limit, language, hotkeys.

Saved with `save_config` (no secrets there); the SIP password goes to the
CredentialStore. A language change takes effect on the next start.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from operator_app.config import (
    DEFAULT_HOTKEYS,
    LANGUAGES,
    TRANSPORTS,
    AppConfig,
    ConfigError,
    save_config,
)


class SettingsDialog(QDialog):
    def __init__(self, cfg: AppConfig, *, credentials: Any = None,
                 audio_devices: tuple[list[str], list[str]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Параметри"))
        self.cfg = cfg
        self.credentials = credentials
        layout = QVBoxLayout(self)

        general = QGroupBox(self.tr("Сервер і телефонія"))
        form = QFormLayout(general)
        self.api_url_edit = QLineEdit(cfg.api_url or "")
        self.api_url_edit.setPlaceholderText(self.tr("порожньо — вбудована демонстрація"))
        form.addRow(self.tr("Адреса API:"), self.api_url_edit)
        self.registrar_edit = QLineEdit(cfg.sip.registrar or "")
        self.registrar_edit.setPlaceholderText("sip:pbx.example:5060")
        form.addRow(self.tr("SIP-реєстратор:"), self.registrar_edit)
        self.sip_user_edit = QLineEdit(cfg.sip.user or "")
        form.addRow(self.tr("Користувач SIP:"), self.sip_user_edit)
        self.sip_password_edit = QLineEdit()
        self.sip_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.sip_password_edit.setPlaceholderText(self.tr("не змінювати"))
        form.addRow(self.tr("Пароль SIP:"), self.sip_password_edit)
        self.transport_box = QComboBox()
        self.transport_box.addItems(list(TRANSPORTS))
        self.transport_box.setCurrentText(cfg.sip.transport)
        form.addRow(self.tr("Транспорт:"), self.transport_box)
        captures, playbacks = audio_devices or ([], [])
        self.capture_box = QComboBox()
        self.capture_box.addItems([self.tr("Типовий"), *captures])
        self.playback_box = QComboBox()
        self.playback_box.addItems([self.tr("Типовий"), *playbacks])
        # The saved choice stays selected; an unplugged device is still shown, so
        # saving the dialog does not silently forget it.
        for box, saved in ((self.capture_box, cfg.audio.capture),
                           (self.playback_box, cfg.audio.playback)):
            if saved and box.findText(saved) < 0:
                box.addItem(saved)
            if saved:
                box.setCurrentText(saved)
        form.addRow(self.tr("Мікрофон:"), self.capture_box)
        form.addRow(self.tr("Навушники:"), self.playback_box)
        self.wrap_up_spin = QSpinBox()
        self.wrap_up_spin.setRange(0, 3600)
        self.wrap_up_spin.setSuffix(self.tr(" с"))
        self.wrap_up_spin.setValue(cfg.wrap_up_limit_s)
        form.addRow(self.tr("Обробка після дзвінка:"), self.wrap_up_spin)
        self.language_box = QComboBox()
        for code in LANGUAGES:
            self.language_box.addItem({"uk": "Українська", "en": "English"}[code], code)
        self.language_box.setCurrentIndex(LANGUAGES.index(cfg.language))
        form.addRow(self.tr("Мова інтерфейсу:"), self.language_box)
        form.addRow("", QLabel(self.tr("Зміна мови набуде чинності після перезапуску.")))
        layout.addWidget(general)

        keys = QGroupBox(self.tr("Гарячі клавіші"))
        keys_form = QFormLayout(keys)
        self.hotkey_edits: dict[str, QKeySequenceEdit] = {}
        titles = {
            "answer": self.tr("Відповісти"), "hold": self.tr("Утримання"),
            "hangup": self.tr("Завершити дзвінок"), "ready": self.tr("Готовий"),
            "not_ready": self.tr("Не готовий"), "new_appeal": self.tr("Нове звернення"),
            "kb_search": self.tr("Пошук у базі знань"), "consultation": self.tr("Консультація"),
        }
        for name in DEFAULT_HOTKEYS:
            edit = QKeySequenceEdit(QKeySequence(cfg.hotkeys.get(name, DEFAULT_HOTKEYS[name])))
            edit.setAccessibleName(titles.get(name, name))
            self.hotkey_edits[name] = edit
            keys_form.addRow(titles.get(name, name) + ":", edit)
        layout.addWidget(keys)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_config: AppConfig | None = None

    def selected_audio(self) -> tuple[str, str]:
        capture = "" if self.capture_box.currentIndex() == 0 else self.capture_box.currentText()
        playback = "" if self.playback_box.currentIndex() == 0 else self.playback_box.currentText()
        return capture, playback

    def collect(self) -> AppConfig:
        url = self.api_url_edit.text().strip() or None
        if url is not None and not url.startswith(("http://", "https://")):
            raise ConfigError(self.tr("Адреса API має починатися з http:// або https://"))
        hotkeys = {name: edit.keySequence().toString() or DEFAULT_HOTKEYS[name]
                   for name, edit in self.hotkey_edits.items()}
        sip = replace(self.cfg.sip, registrar=self.registrar_edit.text().strip() or None,
                      user=self.sip_user_edit.text().strip() or None,
                      transport=self.transport_box.currentText())
        capture, playback = self.selected_audio()
        audio = replace(self.cfg.audio, capture=capture, playback=playback)
        return replace(self.cfg, api_url=url, sip=sip, audio=audio,
                       wrap_up_limit_s=self.wrap_up_spin.value(),
                       language=str(self.language_box.currentData()), hotkeys=hotkeys)

    def _save(self) -> None:
        try:
            cfg = self.collect()
        except ConfigError as exc:
            self.error_label.setText(str(exc))
            return
        try:
            save_config(cfg)
        except OSError as exc:
            self.error_label.setText(self.tr("Не вдалося зберегти налаштування: {0}").format(exc))
            return
        password = self.sip_password_edit.text()
        if password and cfg.sip.user and self.credentials is not None:
            self.credentials.set("sip", cfg.sip.user, password)
        self.result_config = cfg
        self.accept()
