"""Settings: API URL, SIP account, audio devices, wrap-up limit, language, hotkeys.

Saved with `save_config` (no secrets there); the SIP password goes to the
CredentialStore. A language change takes effect on the next start.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
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

MIC_METER_INTERVAL_MS = 100


class SoundCheck(Protocol):
    """What the dialog needs of the phone to let the operator hear and be heard."""

    def play_test_tone(self, device: str = "") -> None: ...
    def start_mic_meter(self, device: str = "") -> None: ...
    def mic_level(self) -> float: ...
    def stop_mic_meter(self) -> None: ...


class SettingsDialog(QDialog):
    def __init__(self, cfg: AppConfig, *, credentials: Any = None,
                 audio_devices: tuple[list[str], list[str]] | None = None,
                 sound_check: SoundCheck | None = None,
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
        # TLS: what IT sets for an encrypted line (the calls carry personal data).
        self.tls_ca_edit = QLineEdit(cfg.sip.tls_ca_file)
        self.tls_ca_edit.setPlaceholderText(self.tr("порожньо — сертифікати системи"))
        form.addRow(self.tr("Файл CA для TLS:"), self.tls_ca_edit)
        self.tls_verify_box = QCheckBox(self.tr("Перевіряти сертифікат АТС"))
        self.tls_verify_box.setChecked(cfg.sip.tls_verify)
        self.srtp_box = QCheckBox(self.tr("Шифрувати звук (SRTP) через TLS"))
        self.srtp_box.setChecked(cfg.sip.srtp)
        form.addRow("", self.tls_verify_box)
        form.addRow("", self.srtp_box)
        self.transport_box.currentTextChanged.connect(self._show_tls_fields)
        self._show_tls_fields(self.transport_box.currentText())
        captures, playbacks = audio_devices or ([], [])
        self.sound_check = sound_check
        self.capture_box = QComboBox()
        self.capture_box.addItems([self.tr("Типовий"), *captures])
        self.playback_box = QComboBox()
        self.playback_box.addItems([self.tr("Типовий"), *playbacks])
        self.ring_box = QComboBox()
        self.ring_box.addItems([self.tr("Як навушники"), *playbacks])
        # The saved choice stays selected; an unplugged device is still shown, so
        # saving the dialog does not silently forget it.
        for box, saved in ((self.capture_box, cfg.audio.capture),
                           (self.playback_box, cfg.audio.playback),
                           (self.ring_box, cfg.audio.ring)):
            if saved and box.findText(saved) < 0:
                box.addItem(saved)
            if saved:
                box.setCurrentText(saved)
        self.mic_level_bar = QProgressBar()
        self.mic_level_bar.setRange(0, 100)
        self.mic_level_bar.setTextVisible(False)
        self.mic_level_bar.setMaximumHeight(10)
        self.mic_level_bar.setAccessibleName(self.tr("Рівень мікрофона"))
        self.playback_test_button = QPushButton(self.tr("Тестовий сигнал"))
        self.ring_test_button = QPushButton(self.tr("Тестовий сигнал"))
        for button, box in ((self.playback_test_button, self.playback_box),
                            (self.ring_test_button, self.ring_box)):
            button.setEnabled(sound_check is not None)
            button.clicked.connect(lambda _=False, b=box: self._play_test_tone(b))
        mic = QVBoxLayout()
        mic.addWidget(self.capture_box)
        mic.addWidget(self.mic_level_bar)
        form.addRow(self.tr("Мікрофон:"), mic)
        form.addRow(self.tr("Навушники:"), self._with_button(self.playback_box,
                                                              self.playback_test_button))
        form.addRow(self.tr("Дзвінок:"), self._with_button(self.ring_box,
                                                            self.ring_test_button))
        self.mic_timer = QTimer(self)
        self.mic_timer.setInterval(MIC_METER_INTERVAL_MS)
        self.mic_timer.timeout.connect(self._show_mic_level)
        self.capture_box.currentIndexChanged.connect(self._meter_selected_mic)
        self.finished.connect(self._stop_mic_meter)
        self._meter_selected_mic()
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
        self._show_fixed_keys({form: general, keys_form: keys})
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

    def _fields(self) -> dict[str, QWidget]:
        fields: dict[str, QWidget] = {
            "api.url": self.api_url_edit, "sip.registrar": self.registrar_edit,
            "sip.user": self.sip_user_edit, "sip.transport": self.transport_box,
            "sip.tls_ca_file": self.tls_ca_edit, "sip.tls_verify": self.tls_verify_box,
            "sip.srtp": self.srtp_box, "audio.capture": self.capture_box,
            "audio.playback": self.playback_box, "audio.ring": self.ring_box,
            "desktop.wrap_up_limit_s": self.wrap_up_spin,
            "desktop.language": self.language_box}
        fields.update({f"hotkeys.{name}": edit for name, edit in self.hotkey_edits.items()})
        return fields

    def _show_fixed_keys(self, forms: dict[QFormLayout, QGroupBox]) -> None:
        """What IT locked (or provisions centrally) is shown, read-only, saying so."""
        self.fixed: dict[str, str] = {}
        for key, widget in self._fields().items():
            why = self.cfg.fixed_by_it(key)
            if why is None:
                continue
            note = (self.tr("встановлено ІТ") if why == "locked by IT"
                    else self.tr("встановлено централізовано"))
            self.fixed[key] = note
            widget.setEnabled(False)
            widget.setToolTip(self.tr("Це значення {0}: змінити його тут не можна").format(note))
            for form in forms:
                label = form.labelForField(widget)
                if isinstance(label, QLabel):
                    label.setText(f"{label.text().rstrip(':')} ({note}):")

    def _show_tls_fields(self, transport: str) -> None:
        for key, widget in (("sip.tls_ca_file", self.tls_ca_edit),
                            ("sip.tls_verify", self.tls_verify_box),
                            ("sip.srtp", self.srtp_box)):
            widget.setEnabled(transport == "tls" and key not in getattr(self, "fixed", {}))

    @staticmethod
    def _with_button(box: QComboBox, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(box, 1)
        row.addWidget(button)
        return row

    @staticmethod
    def _chosen(box: QComboBox) -> str:
        return "" if box.currentIndex() == 0 else box.currentText()

    def _play_test_tone(self, box: QComboBox) -> None:
        if self.sound_check is None:
            return
        device = self._chosen(box)
        if box is self.ring_box and not device:
            device = self._chosen(self.playback_box)  # rings where the headset plays
        self.sound_check.play_test_tone(device)

    def _meter_selected_mic(self) -> None:
        """The level of the microphone chosen in the box, saved or not yet."""
        if self.sound_check is None:
            return
        try:
            self.sound_check.start_mic_meter(self._chosen(self.capture_box))
        except Exception as exc:  # the phone is not running: no level to show
            self.mic_level_bar.setToolTip(str(exc))
            return
        self.mic_timer.start()

    def _show_mic_level(self) -> None:
        if self.sound_check is None:
            return
        try:
            level = self.sound_check.mic_level()
        except Exception:
            self.mic_timer.stop()
            return
        self.mic_level_bar.setValue(round(level * 100))

    def _stop_mic_meter(self) -> None:
        self.mic_timer.stop()
        if self.sound_check is not None:
            try:
                self.sound_check.stop_mic_meter()
            except Exception:  # the phone already stopped
                return

    def selected_audio(self) -> tuple[str, str, str]:
        return (self._chosen(self.capture_box), self._chosen(self.playback_box),
                self._chosen(self.ring_box))

    def collect(self) -> AppConfig:
        url = self.api_url_edit.text().strip() or None
        if url is not None and not url.startswith(("http://", "https://")):
            raise ConfigError(self.tr("Адреса API має починатися з http:// або https://"))
        hotkeys = {name: edit.keySequence().toString() or DEFAULT_HOTKEYS[name]
                   for name, edit in self.hotkey_edits.items()}
        sip = replace(self.cfg.sip, registrar=self.registrar_edit.text().strip() or None,
                      user=self.sip_user_edit.text().strip() or None,
                      transport=self.transport_box.currentText(),
                      tls_ca_file=self.tls_ca_edit.text().strip(),
                      tls_verify=self.tls_verify_box.isChecked(),
                      srtp=self.srtp_box.isChecked())
        capture, playback, ring = self.selected_audio()
        audio = replace(self.cfg.audio, capture=capture, playback=playback, ring=ring)
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
