"""Softphone panel: registration, the call, timers, hold, mute, transfer, keypads.

The panel shows CallInfo snapshots and emits requests; the window passes them
to the telephony facade. Hold time is added up here for display only: the
engine's CallSummary carries the measured hold segments to the API.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kc1551_common.phones import format_phone
from operator_app.telephony.models import (
    CallInfo,
    CallStatus,
    MonitorMode,
    MonitorSide,
    MonitorState,
    RegistrationState,
    RegistrationStatus,
)
from operator_app.ui.labels import mm_ss

KEYPAD = "123456789*0#"


def _coloured_button(colour: str) -> str:
    # A disabled button must look disabled: no call, nothing to answer or hang up.
    return (f"QPushButton {{ background: {colour}; color: white; font-weight: bold; }}"
            " QPushButton:disabled { background: #dadce0; color: #80868b; }")


class SoftphonePanel(QWidget):
    sig_answer = Signal()
    sig_hangup = Signal()
    sig_hold_toggled = Signal(bool)  # True = put on hold
    sig_mute_toggled = Signal(bool)
    sig_dtmf = Signal(str)
    sig_dial = Signal(str)
    sig_transfer_blind = Signal(str)
    sig_transfer_attended = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Софтфон"))
        layout = QVBoxLayout(self)
        self.registration_label = QLabel()
        self.registration_label.setObjectName("registrationLabel")
        layout.addWidget(self.registration_label)
        # Never hidden while a shift lead is in the call: the operator must know.
        self.monitor_label = QLabel()
        self.monitor_label.setObjectName("monitorLabel")
        self.monitor_label.setStyleSheet(
            "background: #fce8e6; color: #a50e0e; font-weight: bold; padding: 4px;")
        self.monitor_label.setVisible(False)
        layout.addWidget(self.monitor_label)

        call_box = QGroupBox(self.tr("Дзвінок"))
        call_layout = QVBoxLayout(call_box)
        self.call_label = QLabel()
        self.call_label.setStyleSheet("font-weight: bold;")
        self.call_label.setWordWrap(True)
        self.timer_label = QLabel()
        self.hold_label = QLabel()
        call_layout.addWidget(self.call_label)
        call_layout.addWidget(self.timer_label)
        call_layout.addWidget(self.hold_label)
        row = QHBoxLayout()
        self.answer_button = QPushButton(self.tr("Відповісти"))
        self.answer_button.setStyleSheet(_coloured_button("#1e8e3e"))
        self.answer_button.clicked.connect(self.sig_answer)
        self.hold_button = QPushButton(self.tr("Утримання"))
        self.hold_button.setCheckable(True)
        self.hold_button.clicked.connect(self.sig_hold_toggled)
        self.mute_button = QPushButton(self.tr("Мікрофон вимк."))
        self.mute_button.setCheckable(True)
        self.mute_button.clicked.connect(self.sig_mute_toggled)
        self.hangup_button = QPushButton(self.tr("Завершити"))
        self.hangup_button.setStyleSheet(_coloured_button("#d93025"))
        self.hangup_button.clicked.connect(self.sig_hangup)
        for button in (self.answer_button, self.hold_button, self.mute_button,
                       self.hangup_button):
            button.setAccessibleName(button.text())
            row.addWidget(button)
        call_layout.addLayout(row)

        # The target has a row of its own: beside two buttons its placeholder was cut.
        self.transfer_edit = QLineEdit()
        self.transfer_edit.setPlaceholderText(self.tr("Кому переадресувати"))
        self.transfer_edit.setAccessibleName(self.tr("Номер для переадресації"))
        self.blind_button = QPushButton(self.tr("Переадресувати"))
        self.blind_button.clicked.connect(
            lambda: self.sig_transfer_blind.emit(self.transfer_edit.text().strip()))
        self.attended_button = QPushButton(self.tr("З консультацією"))
        self.attended_button.clicked.connect(
            lambda: self.sig_transfer_attended.emit(self.transfer_edit.text().strip()))
        call_layout.addWidget(self.transfer_edit)
        transfer_row = QHBoxLayout()
        transfer_row.addWidget(self.blind_button, 1)
        transfer_row.addWidget(self.attended_button, 1)
        call_layout.addLayout(transfer_row)
        layout.addWidget(call_box)

        pad_box = QGroupBox(self.tr("Набір номера / DTMF"))
        pad_layout = QVBoxLayout(pad_box)
        dial_row = QHBoxLayout()
        self.dial_edit = QLineEdit()
        self.dial_edit.setPlaceholderText(self.tr("Номер для вихідного дзвінка"))
        self.dial_edit.setAccessibleName(self.tr("Номер для вихідного дзвінка"))
        self.dial_button = QPushButton(self.tr("Подзвонити"))
        self.dial_button.clicked.connect(self._dial)
        self.dial_edit.returnPressed.connect(self._dial)
        dial_row.addWidget(self.dial_edit, 1)
        dial_row.addWidget(self.dial_button)
        pad_layout.addLayout(dial_row)
        grid = QGridLayout()
        for index, key in enumerate(KEYPAD):
            button = QPushButton(key)
            button.setAccessibleName(self.tr("Клавіша {0}").format(key))
            button.setFixedWidth(44)
            button.clicked.connect(lambda _c=False, k=key: self._key(k))
            grid.addWidget(button, index // 3, index % 3)
        pad_layout.addLayout(grid)
        layout.addWidget(pad_box)
        layout.addStretch(1)

        self._registrations: dict[str, RegistrationState] = {}
        self._call: CallInfo | None = None
        self._hold_started: float | None = None
        self._hold_total = 0.0
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._update_timers)
        self.set_registration(None)
        self.set_call(None)

    def set_registration(self, state: RegistrationState | None) -> None:
        # The operator's own account and the 1551 queue binding report separately;
        # leaving the queue (Not ready) is normal, not an error.
        if state is None:
            self._registrations.clear()
        else:
            self._registrations[state.account] = state
        own = next((s for a, s in self._registrations.items() if a != "queue"), None)
        queue = self._registrations.get("queue")
        if own is None and queue is None:
            text, colour = self.tr("SIP: не підключено"), "#5f6368"
        elif own is not None and own.status == RegistrationStatus.FAILED:
            text = self.tr("SIP: помилка {0} {1}").format(own.code or "", own.reason)
            colour = "#d93025"
        elif own is not None and own.status == RegistrationStatus.REGISTERING:
            text, colour = self.tr("SIP: реєстрація…"), "#b06000"
        elif own is not None and own.status == RegistrationStatus.UNREGISTERED:
            text, colour = self.tr("SIP: не зареєстровано"), "#5f6368"
        elif queue is not None and queue.status == RegistrationStatus.REGISTERED:
            text, colour = self.tr("SIP: зареєстровано, у черзі 1551"), "#1e8e3e"
        elif queue is not None and queue.status == RegistrationStatus.FAILED:
            text = self.tr("SIP: черга 1551 недоступна ({0} {1})").format(
                queue.code or "", queue.reason)
            colour = "#d93025"
        else:
            text, colour = self.tr("SIP: зареєстровано, поза чергою"), "#1e8e3e"
        self.registration_label.setText(text)
        self.registration_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def set_monitor(self, state: MonitorState) -> None:
        """A shift lead in this operator's call (the engine's monitor events)."""
        if state.side is not MonitorSide.OPERATOR:
            return  # this desktop's own listening is the board's to show
        if not state.active:
            self.monitor_label.setVisible(False)
            return
        words = {
            MonitorMode.LISTEN: self.tr("Старший зміни слухає"),
            MonitorMode.WHISPER: self.tr("Старший зміни підказує"),
            MonitorMode.BARGE: self.tr("Старший зміни в розмові"),
        }
        self.monitor_label.setText(words[state.mode])
        self.monitor_label.setAccessibleName(words[state.mode])
        self.monitor_label.setVisible(True)

    def current_call(self) -> CallInfo | None:
        return self._call

    def set_call(self, call: CallInfo | None) -> None:
        if call is not None and call.status == CallStatus.ENDED:
            call = None
        if call is None or self._call is None or call.call_id != self._call.call_id:
            self._hold_total = 0.0
            self._hold_started = None
        self._call = call
        if call is not None:
            if call.status == CallStatus.HELD and self._hold_started is None:
                self._hold_started = time.time()
            elif call.status != CallStatus.HELD and self._hold_started is not None:
                self._hold_total += time.time() - self._hold_started
                self._hold_started = None
        ringing = call is not None and call.status == CallStatus.RINGING
        active = call is not None and not ringing
        self.answer_button.setEnabled(ringing)
        self.hangup_button.setEnabled(call is not None)
        for widget in (self.hold_button, self.mute_button, self.blind_button,
                       self.attended_button):
            widget.setEnabled(active)
        self.hold_button.setChecked(call is not None and call.status == CallStatus.HELD)
        self.mute_button.setChecked(call is not None and call.muted)
        if call is None:
            self.call_label.setText(self.tr("Немає активного дзвінка"))
            self._tick.stop()
        else:
            number = format_phone(call.remote_number) if call.remote_number else (
                call.remote_display or self.tr("Номер приховано"))
            self.call_label.setText(self.tr("{0} — {1}").format(
                number, self._status_text(call.status)))
            if not self._tick.isActive():
                self._tick.start()
        self._update_timers()

    def _status_text(self, status: CallStatus) -> str:
        words = {
            CallStatus.RINGING: self.tr("вхідний дзвінок"),
            CallStatus.CALLING: self.tr("виклик"),
            CallStatus.EARLY: self.tr("гудки"),
            CallStatus.CONNECTING: self.tr("з'єднання"),
            CallStatus.CONNECTED: self.tr("розмова"),
            CallStatus.HELD: self.tr("на утриманні"),
        }
        return words.get(status, str(status))

    def _update_timers(self) -> None:
        call = self._call
        if call is None:
            self.timer_label.setText(self.tr("Тривалість: --:--"))
            self.hold_label.setText("")
            return
        now = time.time()
        since = call.answered_at or call.started_at or now
        self.timer_label.setText(self.tr("Тривалість: {0}").format(mm_ss(now - since)))
        held_now = now - self._hold_started if self._hold_started is not None else 0.0
        if held_now or self._hold_total:
            self.hold_label.setText(self.tr("Утримання: {0} (всього {1})").format(
                mm_ss(held_now), mm_ss(self._hold_total + held_now)))
        else:
            self.hold_label.setText("")

    def _dial(self) -> None:
        number = self.dial_edit.text().strip()
        if number:
            self.sig_dial.emit(number)

    def _key(self, key: str) -> None:
        if self._call is not None and self._call.status in (CallStatus.CONNECTED,
                                                            CallStatus.HELD):
            self.sig_dtmf.emit(key)
        else:
            self.dial_edit.insert(key)
