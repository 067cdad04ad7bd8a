"""The agent state bar: Ready / Not ready (with a reason) / On call / Wrap-up / Offline.

It only shows a state and asks for changes; the AgentStateMachine in the core
decides, and the window forwards each change to the API and to the phone.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

_COLOURS = {
    "available": "#1e8e3e",
    "not_ready": "#b06000",
    "on_call": "#1a73e8",
    "wrap_up": "#8430ce",
    "offline": "#5f6368",
}


class AgentStateBar(QWidget):
    sig_ready_requested = Signal()
    sig_not_ready_requested = Signal(str)  # reason key
    sig_wrap_up_done = Signal()

    def __init__(self, reasons: dict[str, str], parent: QWidget | None = None) -> None:
        """`reasons`: reason key -> Ukrainian label (core's NOT_READY_REASONS)."""
        super().__init__(parent)
        self.setAccessibleName(self.tr("Стан оператора"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.state_label = QLabel()
        self.state_label.setObjectName("agentState")
        self.state_label.setAccessibleName(self.tr("Поточний стан"))
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("wrapUpCountdown")
        self.ready_button = QPushButton(self.tr("Готовий"))
        self.ready_button.setAccessibleName(self.tr("Готовий приймати дзвінки"))
        self.ready_button.clicked.connect(self.sig_ready_requested)
        # A push button with the reasons as its menu: its size counts the menu arrow
        # (a tool button's instant popup drew the arrow over the last letter).
        self.not_ready_button = QPushButton(self.tr("Не готовий"))
        self.not_ready_button.setAccessibleName(self.tr("Не готовий, з причиною"))
        self.reason_menu = QMenu(self)
        for key, label in reasons.items():
            action = self.reason_menu.addAction(self.reason_text(key, label))
            action.setData(key)
            action.triggered.connect(lambda _c=False, k=key: self.sig_not_ready_requested.emit(k))
        self.not_ready_button.setMenu(self.reason_menu)
        self.done_button = QPushButton(self.tr("Завершити обробку"))
        self.done_button.setAccessibleName(self.tr("Завершити післядзвінкову обробку"))
        self.done_button.clicked.connect(self.sig_wrap_up_done)
        # Ready is still allowed without SIP (the queue binding follows once the phone
        # registers), but the operator must see that no call can reach them meanwhile.
        self.sip_warning_label = QLabel()
        self.sip_warning_label.setObjectName("sipWarning")
        self.sip_warning_label.setStyleSheet(
            "background: #fde7e9; color: #7f1d1d; font-weight: bold; padding: 3px 8px;")
        self.sip_warning_label.hide()
        # What the shift lead asked for, until this desktop applies it after the call.
        self.pending_label = QLabel()
        self.pending_label.setObjectName("leadPending")
        self.pending_label.setStyleSheet(
            "background: #fff3cd; color: #5c3c00; font-weight: bold; padding: 3px 8px;")
        self.pending_label.hide()
        self._ready_tip = ""
        for widget in (self.state_label, self.countdown_label, self.ready_button,
                       self.not_ready_button, self.done_button, self.sip_warning_label,
                       self.pending_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._reasons = reasons
        self.show_state("offline")

    def reason_text(self, key: str, fallback: str) -> str:
        words = {
            "break": self.tr("Перерва"),
            "training": self.tr("Навчання"),
            "technical": self.tr("Технічна проблема"),
            "meeting": self.tr("Нарада"),
            "callbacks": self.tr("Зворотні дзвінки"),
        }
        return words.get(key, fallback)

    def state_text(self, state: str, reason: str | None) -> str:
        if state == "available":
            return self.tr("Готовий")
        if state == "not_ready":
            label = self._reasons.get(reason or "", "")
            if not label:
                return self.tr("Не готовий")
            return self.tr("Не готовий: {0}").format(self.reason_text(reason or "", label))
        if state == "on_call":
            return self.tr("Розмова")
        if state == "wrap_up":
            return self.tr("Обробка після дзвінка")
        return self.tr("Не в мережі")

    def show_state(self, state: str, reason: str | None = None,
                   wrap_up_left_s: float | None = None) -> None:
        colour = _COLOURS.get(state, "#5f6368")
        self.state_label.setText(self.state_text(state, reason))
        self.state_label.setStyleSheet(
            f"background: {colour}; color: white; font-weight: bold; padding: 3px 10px;"
            " border-radius: 3px;")
        self.done_button.setVisible(state == "wrap_up")
        self.ready_button.setEnabled(state in ("not_ready", "wrap_up", "offline"))
        self.ready_button.setVisible(state != "available")  # the label already says Ready
        self.not_ready_button.setEnabled(state != "offline")
        self.show_countdown(wrap_up_left_s if state == "wrap_up" else None)

    def show_pending(self, text: str) -> None:
        """The lead's pending order in words; '' hides it."""
        self.pending_label.setText(text)
        self.pending_label.setVisible(bool(text))

    def sip_warning(self) -> str:
        return self.tr("SIP не зареєстровано: дзвінки не надходитимуть")

    def set_ready_tooltip(self, tip: str) -> None:
        """The Ready action's tooltip (with its shortcut); the SIP warning is added to it."""
        self._ready_tip = tip
        self._refresh_ready_tooltip()

    def set_sip_registered(self, registered: bool, reason: str = "") -> None:
        """Warn while the phone is not registered: Ready would bring no calls."""
        if registered:
            self.sip_warning_label.hide()
            self.sip_warning_label.setToolTip("")
        else:
            self.sip_warning_label.setText(self.sip_warning())
            self.sip_warning_label.setToolTip(reason)
            self.sip_warning_label.show()
        self._refresh_ready_tooltip()

    def sip_registered(self) -> bool:
        return self.sip_warning_label.isHidden()

    def _refresh_ready_tooltip(self) -> None:
        tip = self._ready_tip or self.tr("Готовий")
        if not self.sip_registered():
            tip = f"{tip}\n{self.sip_warning()}"
        self.ready_button.setToolTip(tip)

    def show_countdown(self, seconds_left: float | None) -> None:
        if seconds_left is None:
            self.countdown_label.clear()
            self.countdown_label.hide()
            return
        self.countdown_label.setText(self.tr("залишилось {0} с").format(int(seconds_left + 0.999)))
        self.countdown_label.show()
