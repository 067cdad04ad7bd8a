"""The operator workspace: pop, appeal form, consultation, softphone, scripts.

The window wires the core (agent state machine, API client, outbox, drafts,
scripts) and the telephony facade to the widgets. Every API call runs on the
BackgroundRunner; every answer comes back in the GUI thread.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kc1551_common.phones import mask_phone
from operator_app.agent_state import (
    NOT_READY_REASONS,
    AgentStateMachine,
    StateChange,
    TransitionNotAllowedError,
)
from operator_app.api_client import ApiClient, ApiUnavailable
from operator_app.call_session import CallSession
from operator_app.config import AppConfig
from operator_app.telephony.models import (
    CallInfo,
    CallStatus,
    CallSummary,
    MediaStats,
    RegistrationState,
    RegistrationStatus,
)
from operator_app.ui.appeal_form import AppealForm
from operator_app.ui.background import BackgroundRunner
from operator_app.ui.consultation import ConsultationPanel
from operator_app.ui.delivery import Delivery
from operator_app.ui.screen_pop import ScreenPopPanel
from operator_app.ui.scripts_panel import ScriptsPanel
from operator_app.ui.softphone import SoftphonePanel
from operator_app.ui.state_bar import AgentStateBar

log = logging.getLogger(__name__)

WRAP_UP_TICK_MS = 250


def dropped_call_draft(phone: str) -> str:
    """Draft id of an appeal typed during a call from `phone` that ended unregistered."""
    return f"appeal-call-{phone}"


class Workspace(QMainWindow):
    sig_pop_rendered = Signal(str, float)  # call id, ms from INVITE arrival to drawn pop
    sig_appeal_registered = Signal(dict)
    sig_consultation_logged = Signal(dict)
    sig_call_posted = Signal(dict)
    sig_agent_state_sent = Signal(str)
    sig_outbox_changed = Signal(int)  # pending items

    def __init__(self, cfg: AppConfig, *, phone: Any = None, outbox: Any = None,
                 drafts: Any = None, scripts: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cfg = cfg
        self.phone: Any = None
        self.outbox = outbox
        self.credentials: Any = None
        self.api: ApiClient | None = None
        self.user: dict[str, Any] = {}
        self.runner = BackgroundRunner(self)
        self.agent = AgentStateMachine(cfg.wrap_up_limit_s)
        # Per-call state lives in the Qt-free core; a call's context outlives the
        # hang-up until its wrap-up ends, then its summary goes once.
        self.delivery = Delivery(self.runner, outbox, lambda: self.api, self)
        self.delivery.before_summary = self._park_unregistered_form
        self.delivery.sig_call_posted.connect(self.sig_call_posted.emit)
        self.delivery.sig_outbox_changed.connect(self._refresh_outbox_banner)
        self.delivery.sig_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.sessions = self.delivery.sessions
        self._pending_message = ""  # the "Not ready after the call" promise on show
        self.setWindowTitle(self.tr("Контакт-центр 1551 — робоче місце оператора"))
        self.resize(1440, 900)
        self._build_widgets(drafts, scripts or {})
        self._build_actions()
        # Until the phone says it is registered no call can arrive: say so (no phone
        # at all means no calls either).
        self.state_bar.set_sip_registered(False)
        self._build_lead_link()  # before the phone: its call events go to the lead's board
        self.attach_phone(phone)
        self.agent.add_listener(self._agent_changed)
        # After the window's own listener: the lead's order follows the state it reported.
        self.agent.add_listener(lambda _change: self._apply_lead_order())

        self._wrap_timer = QTimer(self, interval=WRAP_UP_TICK_MS)
        self._wrap_timer.timeout.connect(self._tick_wrap_up)
        self._refresh_outbox_banner()

    @property
    def current_call_id(self) -> str | None:
        """The call on the line (None during wrap-up)."""
        return self.sessions.current_id

    @current_call_id.setter
    def current_call_id(self, call_id: str | None) -> None:
        self.sessions.current_id = call_id

    def _api(self) -> ApiClient:
        if self.api is None:
            raise ApiUnavailable(self.tr("Не виконано вхід до системи"))
        return self.api

    # -- layout ---------------------------------------------------------------
    def _build_widgets(self, drafts: Any, scripts: dict[str, Any]) -> None:
        self.state_bar = AgentStateBar(NOT_READY_REASONS)
        self.state_bar.sig_ready_requested.connect(self.go_ready)
        self.state_bar.sig_not_ready_requested.connect(self.go_not_ready)
        self.state_bar.sig_wrap_up_done.connect(self._finish_wrap_up)
        toolbar = QToolBar(self.tr("Стан оператора"))
        toolbar.setObjectName("stateToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.state_bar)
        self.addToolBar(toolbar)

        self.pop = ScreenPopPanel()
        self.pop.sig_open_article.connect(self._open_article)
        self.appeal_form = AppealForm(self.runner, self._api)
        self.appeal_form.set_draft_store(drafts)
        self.appeal_form.sig_submit_requested.connect(self._submit_appeal)
        self.consultation = ConsultationPanel(self.runner, self._api)
        self.consultation.sig_log_requested.connect(self._log_consultation)
        self.work_tabs = QTabWidget()
        self.work_tabs.addTab(self.appeal_form, self.tr("Звернення"))
        self.work_tabs.addTab(self.consultation, self.tr("Консультація"))
        self.softphone = SoftphonePanel()
        self.scripts_panel = ScriptsPanel()
        self.scripts_panel.set_scripts(scripts)
        self.scripts_panel.set_stage("greeting")

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.softphone)
        right.addWidget(self.scripts_panel)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.pop)
        main.addWidget(self.work_tabs)
        main.addWidget(right)
        main.setSizes([580, 560, 380])

        self.banner = QLabel()
        self.banner.setObjectName("outboxBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fde7e9; color: #7f1d1d; padding: 4px; font-weight: bold;")
        self.banner.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(main, 1)
        self.setCentralWidget(central)

        self.quality_label = QLabel()
        self.quality_label.setObjectName("qualityLabel")
        self.statusBar().addPermanentWidget(self.quality_label)
        self._rtt_ms: float | None = None
        self._mos: float | None = None

    def _build_actions(self) -> None:
        keys = self.cfg.hotkeys
        app_menu = self.menuBar().addMenu(self.tr("&Програма"))
        call_menu = self.menuBar().addMenu(self.tr("&Дзвінок"))
        state_menu = self.menuBar().addMenu(self.tr("&Стан"))
        work_menu = self.menuBar().addMenu(self.tr("&Робота"))
        settings_menu = self.menuBar().addMenu(self.tr("&Налаштування"))
        self.actions_by_name: dict[str, QAction] = {}

        def make(name: str, text: str, slot: Callable[[], object], menu: Any,
                 buttons: tuple[Any, ...] = ()) -> QAction:
            action = QAction(text, self)
            sequence = keys.get(name)
            if sequence:
                action.setShortcut(QKeySequence(sequence))
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
                tip = f"{text} ({QKeySequence(sequence).toString()})"
            else:
                tip = text
            action.setToolTip(tip)
            action.triggered.connect(lambda _c=False: slot())
            menu.addAction(action)
            self.addAction(action)
            for button in buttons:
                button.setToolTip(tip)
            if name == "ready":
                self.state_bar.set_ready_tooltip(tip)
            self.actions_by_name[name] = action
            return action

        make("answer", self.tr("Відповісти"), self.answer, call_menu,
             (self.softphone.answer_button,))
        make("hold", self.tr("Утримання / зняти з утримання"), self.toggle_hold, call_menu,
             (self.softphone.hold_button,))
        make("hangup", self.tr("Завершити дзвінок"), self.hangup, call_menu,
             (self.softphone.hangup_button,))
        make("ready", self.tr("Готовий"), self.go_ready, state_menu,
             (self.state_bar.ready_button,))
        make("not_ready", self.tr("Не готовий (перерва)"), lambda: self.go_not_ready("break"),
             state_menu, (self.state_bar.not_ready_button,))
        make("new_appeal", self.tr("Нове звернення"), self.new_appeal, work_menu)
        make("kb_search", self.tr("Пошук у базі знань"), self.focus_kb_search, work_menu)
        make("consultation", self.tr("Консультація"), self.show_consultation, work_menu)
        self.settings_action = QAction(self.tr("Параметри…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        settings_menu.addAction(self.settings_action)
        # Quit closes the window the way its close button does (the draft saved, the
        # state Offline, a call in progress asked about); the app then shuts the
        # phone down as it ends.
        self.quit_action = QAction(self.tr("Вийти"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        app_menu.addAction(self.quit_action)
        self.addAction(self.quit_action)

        self.softphone.sig_answer.connect(self.answer)
        self.softphone.sig_hangup.connect(self.hangup)
        self.softphone.sig_hold_toggled.connect(lambda _on: self.toggle_hold())
        self.softphone.sig_mute_toggled.connect(self._set_mute)
        self.softphone.sig_dtmf.connect(self._dtmf)
        self.softphone.sig_dial.connect(self._dial)
        self.softphone.sig_transfer_blind.connect(self._transfer_blind)
        self.softphone.sig_transfer_attended.connect(self._transfer_attended)

    def _phone_signals(self) -> list[tuple[Any, Callable[..., None]]]:
        phone = self.phone
        return [(phone.sig_registration_changed, self.on_registration),
                (phone.sig_ringing, self.on_ringing),
                (phone.sig_call_changed, self.on_call_changed),
                (phone.sig_call_ended, self.on_call_ended),
                (phone.sig_media_stats, self.on_media_stats),
                (phone.sig_options_rtt, self.on_options_rtt),
                (phone.sig_error, self._phone_error),
                (phone.sig_monitor, self.softphone.set_monitor),  # a shift lead listens
                # The lead's board hears of each call as it happens.
                (phone.sig_ringing, self.lead_link.calls.on_ringing),
                (phone.sig_call_changed, self.lead_link.calls.on_call_changed),
                (phone.sig_call_ended, self.lead_link.calls.on_call_ended),
                (phone.sig_call_ended, self._lead_call_over)]

    def attach_phone(self, phone: Any) -> None:
        """Calls come to this window (the one on show) from now on."""
        if phone is None or phone is self.phone:
            return
        self.phone = phone
        for signal, slot in self._phone_signals():
            signal.connect(slot)
        for state in getattr(phone, "registration_states", list)():
            self.on_registration(state)

    def detach_phone(self) -> None:
        if self.phone is None:
            return
        for signal, slot in self._phone_signals():
            signal.disconnect(slot)
        self.phone = None

    def _phone_error(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    # -- sign-in --------------------------------------------------------------
    def set_session(self, api: ApiClient, user: dict[str, Any]) -> None:
        """Signed in: load the classifier, restore a draft, go Ready."""
        self.api = api
        self.user = user
        self.setWindowTitle(self.tr("Контакт-центр 1551 — {0}").format(
            user.get("full_name") or user.get("username", "")))
        self.scripts_panel.reset_values(operator_name=user.get("full_name", ""))
        self.appeal_form.load_classifier()
        if self.appeal_form.restore_draft():
            self.work_tabs.setCurrentWidget(self.appeal_form)
            self.statusBar().showMessage(self.tr("Відновлено незавершене звернення"), 10000)
        self.drain_outbox()
        self.lead_link.start(api)

    # -- the shift lead's link: messages, forced states, outages ---------------------------
    def _build_lead_link(self) -> None:
        from operator_app.ui.lead_link import LeadLink, LeadMessageBanner

        self.lead_link = LeadLink(self)
        self.lead_banner = LeadMessageBanner()
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.lead_banner)
        self._reported_state = ""  # the last state the API confirmed
        self.lead_banner.sig_read.connect(self._lead_message_read)
        self.lead_link.sig_message.connect(self.lead_banner.add)
        self.lead_link.sig_forced.connect(lambda _forced: self._apply_lead_order())
        self.lead_link.sig_outage.connect(self._lead_outage)
        self.sig_agent_state_sent.connect(self._state_reported)

    def _lead_message_read(self, message: dict[str, Any]) -> None:
        message_id = message.get("id")
        self.lead_link.message_read(message_id)
        if self.api is not None and message_id is not None:
            api = self.api
            self.runner.run(lambda: api.desk_message_read(int(message_id)))

    def _lead_outage(self, outage: dict[str, Any]) -> None:
        if self.pop.add_outage(outage):
            self.statusBar().showMessage(self.tr(
                "Нове відключення за адресою абонента — надайте консультацію"), 10000)
            if self.current_call_id is not None:
                self.work_tabs.setCurrentWidget(self.consultation)

    def _apply_lead_order(self) -> None:
        """The lead's Not ready or log-out: at once when no call is in progress, else
        promised on the state bar and applied as the wrap-up ends (through the state
        machine's own pending Not ready, so the queue never rings in between)."""
        forced = self.lead_link.forced
        if forced is None:
            self.state_bar.show_pending("")
            return
        action = forced.get("action")
        reason = str(forced.get("reason") or "")
        if reason not in NOT_READY_REASONS:
            reason = "meeting"  # the lead's own words are on the board; ours must be a key
        state = self.agent.state.value
        busy = state in ("on_call", "wrap_up") or self.current_call_id is not None
        self.state_bar.show_pending(
            (self.tr("Старший зміни: «Не готовий» після дзвінка") if action == "not_ready"
             else self.tr("Старший зміни: вихід із системи після дзвінка")) if busy else "")
        if busy:
            if state in ("on_call", "wrap_up") and self.agent.pending_not_ready != reason:
                self.agent.go_not_ready(reason)  # deferred by the machine to the wrap-up's end
            return
        if action == "not_ready" and (state, self.agent.reason) != ("not_ready", reason):
            with contextlib.suppress(TransitionNotAllowedError):
                self.agent.go_not_ready(reason)
        elif action == "logout" and state != "offline":
            # Offline only once the wrap-up's Not ready has reached the API (the two
            # reports could pass each other on the runner's threads otherwise).
            if state == "not_ready" and self._reported_state != "not_ready":
                return
            with contextlib.suppress(TransitionNotAllowedError):
                self.agent.go_offline()
            self.statusBar().showMessage(self.tr("Старший зміни завершив ваш сеанс"), 0)
            QTimer.singleShot(0, self.close)  # signed out: the draft is kept, as on quitting

    def _lead_call_over(self, _summary: CallSummary) -> None:
        self._apply_lead_order()  # a call that rang unanswered changes no agent state

    def _state_reported(self, state: str) -> None:
        self._reported_state = state
        self._apply_lead_order()

    # -- agent state ----------------------------------------------------------
    def go_ready(self) -> None:
        try:
            if self.agent.state.value == "wrap_up":
                self.agent.finish_wrap_up()
            else:
                self.agent.go_available()
        except TransitionNotAllowedError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return
        if self.agent.should_ring and not self.state_bar.sip_registered():
            self.statusBar().showMessage(self.state_bar.sip_warning(), 10000)

    def go_not_ready(self, reason: str) -> None:
        try:
            self.agent.go_not_ready(reason)
        except TransitionNotAllowedError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return
        if self.agent.pending_not_ready:
            self._pending_message = (
                self.tr("«Не готовий» буде застосовано після завершення дзвінка")
                if self.agent.state.value == "on_call" else
                self.tr("«Не готовий» буде застосовано після обробки дзвінка"))
            self.statusBar().showMessage(self._pending_message, 5000)

    def go_offline(self) -> None:
        try:
            self.agent.go_offline()
        except TransitionNotAllowedError as exc:
            self.statusBar().showMessage(str(exc), 5000)

    def _finish_wrap_up(self) -> None:
        try:
            self.agent.finish_wrap_up()
        except TransitionNotAllowedError as exc:
            self.statusBar().showMessage(str(exc), 5000)

    def _tick_wrap_up(self) -> None:
        self.agent.tick()
        if self.agent.state.value == "wrap_up":
            self.state_bar.show_countdown(self.agent.wrap_up_remaining_s())

    def _agent_changed(self, change: StateChange) -> None:
        state = change.state.value
        if self._pending_message and state not in ("on_call", "wrap_up"):
            # Applied (or overtaken by another choice): the promise is stale now.
            if self.statusBar().currentMessage() == self._pending_message:
                self.statusBar().clearMessage()
            self._pending_message = ""
        elif (self._pending_message and state == "wrap_up"
              and self.statusBar().currentMessage() == self._pending_message):
            # The call is over: say what is still to come, not "after the call".
            self._pending_message = self.tr("«Не готовий» буде застосовано після обробки дзвінка")
            self.statusBar().showMessage(self._pending_message, 5000)
        if state not in ("on_call", "wrap_up"):
            self.sessions.finish_wrap_up()  # the operator is done: the summaries go
        self.state_bar.show_state(state, change.reason,
                                  self.agent.wrap_up_remaining_s() if state == "wrap_up" else None)
        if state == "wrap_up":
            self._wrap_timer.start()
        else:
            self._wrap_timer.stop()
        if self.phone is not None:
            self.phone.set_ready(self.agent.should_ring)
        if self.api is not None:
            reason = change.reason
            self.runner.run(lambda: self._api().set_agent_state(state, reason),
                            lambda _r: self.sig_agent_state_sent.emit(state),
                            self._agent_state_not_sent)

    def _agent_state_not_sent(self, error: object) -> None:
        self.statusBar().showMessage(
            self.tr("Стан не передано на сервер: {0}").format(error), 5000)

    # -- telephony events -----------------------------------------------------
    def on_registration(self, state: RegistrationState) -> None:
        self.softphone.set_registration(state)
        if state.account != "queue":  # the operator's own binding, as the softphone sees it
            self.state_bar.set_sip_registered(
                state.status is RegistrationStatus.REGISTERED, state.reason)
        failure = self.tr("Помилка реєстрації SIP: {0}")
        if state.status is RegistrationStatus.FAILED:
            self.statusBar().showMessage(failure.format(state.reason), 10000)
        elif (state.status is RegistrationStatus.REGISTERED
              and self.statusBar().currentMessage().startswith(failure.format(""))):
            self.statusBar().clearMessage()  # registered now: the failure is history

    def on_ringing(self, call: CallInfo) -> None:
        """INVITE arrived: show the number now, the pop as soon as the API answers."""
        self.sessions.ringing(call)
        self.request_pop(call)  # first: the API works while the widgets below are reset
        self.softphone.set_call(call)
        self.pop.show_loading(call.remote_number, call.remote_display)
        self.appeal_form.set_caller(call.remote_number)
        if call.remote_number and self.appeal_form.restore_draft(
                dropped_call_draft(call.remote_number)):
            self.statusBar().showMessage(self.tr(
                "Абонент передзвонив: відновлено звернення з перерваного дзвінка"), 10000)
        self.consultation.reset()
        self.scripts_panel.reset_values(operator_name=self.user.get("full_name", ""))
        self.scripts_panel.set_stage("greeting")
        log.info("ringing: %s", mask_phone(call.remote_number or ""))

    def request_pop(self, call: CallInfo) -> None:
        if not call.remote_number:
            self.pop.show_pop({"phone": None, "citizens": [], "appeals": [],
                               "building_appeals": [], "outages": [], "kb_suggestions": []})
            return
        number = call.remote_number
        self.runner.run(lambda: self._api().screen_pop(number),
                        lambda pop: self._show_pop(call, pop),
                        lambda _e: self.pop.show_unavailable(number), channel="pop")

    def _show_pop(self, call: CallInfo, pop: dict[str, Any]) -> None:
        if call.call_id != self.current_call_id:
            return  # an answer for a call that is gone
        self.pop.show_pop(pop)
        started = call.started_at or time.time()
        self.sig_pop_rendered.emit(call.call_id, (time.time() - started) * 1000.0)
        # The form and scripts can wait for the next turn of the event loop: the pop
        # is what the operator reads before answering.
        QTimer.singleShot(0, lambda: self._prefill_from_pop(call, pop))

    def _prefill_from_pop(self, call: CallInfo, pop: dict[str, Any]) -> None:
        if call.call_id != self.current_call_id:
            return
        citizens = pop.get("citizens") or []
        context = self.sessions.get(call.call_id)
        if citizens:
            name = str(citizens[0].get("full_name", ""))
            if not self.appeal_form.name_edit.text():
                self.appeal_form.name_edit.setText(name)
            buildings = citizens[0].get("buildings") or []
            if len(buildings) == 1 and not self.appeal_form.building_edit.text():
                self.appeal_form.choose_building(buildings[0])
            if context is not None:
                context.citizen_name = name
            self.scripts_panel.update_values(citizen_name=name)
        if pop.get("outages"):
            self.work_tabs.setCurrentWidget(self.consultation)

    def on_call_changed(self, call: CallInfo) -> None:
        _session, started = self.sessions.changed(call)
        self.softphone.set_call(call)
        if started:
            try:
                self.agent.call_started(call.call_id)
            except TransitionNotAllowedError as exc:
                self.statusBar().showMessage(str(exc), 5000)
            if self.scripts_panel.current_stage() == "greeting" and call.answered_at:
                self.scripts_panel.set_stage("appeal_registration")

    def on_call_ended(self, summary: CallSummary) -> None:
        session = self.sessions.get(summary.call_id)
        if session is None:
            return
        if self.current_call_id == summary.call_id:
            self.softphone.set_call(None)
            self.runner.cancel_channel("pop")
            if not session.worked:
                # Nobody talked: the pop of a call that is gone would stand under
                # "no active call" as if it were the caller on the line.
                self.pop.clear()
                if not self.appeal_form.description_edit.toPlainText().strip():
                    self.appeal_form.reset()  # nor the missed caller's number in the form
                self.statusBar().showMessage(self.tr(
                    "Пропущений дзвінок: абонент поклав слухавку до відповіді"), 10000)
        self.appeal_form.save_draft()
        self.delivery.call_ended(summary)
        if session.worked:
            self.agent.call_ended(summary.call_id)

    def _park_unregistered_form(self, session: CallSession) -> None:
        """A call closes with no appeal registered on it: what was typed waits for
        the caller's next call."""
        phone = session.call.remote_number
        if phone and not any(r.kind == "appeal" for r in session.records):
            self.appeal_form.park_draft(dropped_call_draft(phone))

    def on_media_stats(self, stats: MediaStats) -> None:
        self._mos = stats.mos
        self._show_quality(stats)

    def on_options_rtt(self, rtt_ms: float) -> None:
        self._rtt_ms = rtt_ms
        self._show_quality(None)

    def _show_quality(self, stats: MediaStats | None) -> None:
        parts = []
        if self._rtt_ms is not None:
            parts.append(self.tr("АТС: {0:.0f} мс").format(self._rtt_ms))
        if stats is not None:
            parts.append(self.tr("RTT медіа: {0:.0f} мс, втрати {1:.1f}%, джитер {2:.0f} мс")
                         .format(stats.rtt_ms, stats.loss_pct, stats.jitter_ms))
        if self._mos is not None:
            parts.append(self.tr("MOS {0:.2f}").format(self._mos))
        self.quality_label.setText(" · ".join(parts))

    # -- call controls --------------------------------------------------------
    def _with_call(self, what: Callable[[str], object]) -> None:
        if self.phone is None or self.current_call_id is None:
            return
        try:
            what(self.current_call_id)
        except Exception as exc:  # the engine reports in words; show them, keep going
            self.statusBar().showMessage(str(exc), 8000)

    def answer(self) -> None:
        self._with_call(self.phone.answer if self.phone else print)

    def hangup(self) -> None:
        self._with_call(self.phone.hangup if self.phone else print)

    def toggle_hold(self) -> None:
        call = self.softphone.current_call()
        if call is None or self.phone is None:
            return
        self._with_call(self.phone.resume if call.status is CallStatus.HELD else self.phone.hold)

    def _set_mute(self, on: bool) -> None:
        if self.phone is not None:
            self._with_call(lambda call_id: self.phone.set_mute(call_id, on))

    def _dtmf(self, digits: str) -> None:
        if self.phone is not None:
            self._with_call(lambda call_id: self.phone.send_dtmf(call_id, digits))

    def _transfer_blind(self, target: str) -> None:
        if self.phone is not None and target:
            self._with_call(lambda call_id: self.phone.transfer_blind(call_id, target))

    def _transfer_attended(self, target: str) -> None:
        if self.phone is None or not target:
            return
        def consult_then_transfer(call_id: str) -> None:
            other = self.phone.call(target)
            session = self.sessions.get(call_id)
            if session is not None:
                session.attended_to = other
            self.statusBar().showMessage(self.tr(
                "Консультаційний дзвінок на {0}; після розмови натисніть «З консультацією» ще раз"
            ).format(target), 8000)
        call_id = self.current_call_id
        pending = self.sessions.get(call_id)
        if pending is not None and pending.attended_to:
            consult = pending.attended_to
            self._with_call(lambda cid: self.phone.transfer_attended(cid, consult))
        else:
            self._with_call(consult_then_transfer)

    def _dial(self, number: str) -> None:
        if self.phone is None:
            return
        try:
            self.phone.call(number)
        except Exception as exc:
            self.statusBar().showMessage(str(exc), 8000)

    # -- work -----------------------------------------------------------------
    def new_appeal(self) -> None:
        self.work_tabs.setCurrentWidget(self.appeal_form)
        self.appeal_form.problem_edit.setFocus()

    def focus_kb_search(self) -> None:
        self.work_tabs.setCurrentWidget(self.consultation)
        self.consultation.focus_search()

    def show_consultation(self) -> None:
        self.work_tabs.setCurrentWidget(self.consultation)
        self.scripts_panel.set_stage("consultation")

    def _open_article(self, article_id: int) -> None:
        self.show_consultation()
        self.consultation.open_article(article_id)

    def _submit_appeal(self, payload: dict[str, Any]) -> None:
        session = self.delivery.session_for_record(payload)

        def sent(appeal: dict[str, Any]) -> None:
            self.appeal_form.show_registered(appeal)
            self.scripts_panel.show_appeal(appeal)  # number, deadline, executor
            self.scripts_panel.set_stage("closing")
            self.sig_appeal_registered.emit(appeal)

        self.delivery.send_record(
            session, "appeal", payload, sent, self.appeal_form.show_queued,
            lambda exc: self.appeal_form.show_api_errors(exc.message, exc.field, exc.errors))

    def _log_consultation(self, payload: dict[str, Any]) -> None:
        session = self.delivery.session_for_record(payload)
        if session is not None and session.call.remote_number:
            payload["phone"] = session.call.remote_number

        def sent(consultation: dict[str, Any]) -> None:
            self.consultation.show_logged(queued=False)
            self.sig_consultation_logged.emit(consultation)

        self.delivery.send_record(session, "consultation", payload, sent,
                                  lambda _ref: self.consultation.show_logged(queued=True),
                                  lambda exc: self.consultation.show_log_error(exc.message))

    # -- the outbox -----------------------------------------------------------
    def drain_outbox(self) -> None:
        self.delivery.drain()

    def _refresh_outbox_banner(self) -> None:
        if self.outbox is None:
            self.sig_outbox_changed.emit(0)
            self.banner.hide()
            return
        pending = self.outbox.pending_count()
        rejected = list(self.outbox.rejected())
        parts = []
        if pending:
            parts.append(self.tr(
                "Не надіслано на сервер: {0}. Дані збережено на цьому комп'ютері і будуть "
                "надіслані, щойно сервер стане доступним.").format(pending))
        kinds = {"appeal": self.tr("звернення"), "consultation": self.tr("консультацію"),
                 "call": self.tr("дані дзвінка")}
        for item in rejected[:3]:
            parts.append(self.tr("Сервер відхилив {0}: {1}").format(
                kinds.get(item.kind, item.kind), item.last_error or ""))
        self.banner.setText("\n".join(parts))
        self.banner.setVisible(bool(parts))
        self.sig_outbox_changed.emit(pending)

    def open_settings(self) -> None:
        from operator_app.ui.settings_dialog import SettingsDialog

        devices: tuple[list[str], list[str]] = ([], [])
        if self.phone is not None:
            try:
                found = list(self.phone.audio_devices())
                devices = ([d.name for d in found if d.inputs],
                           [d.name for d in found if d.outputs])
            except Exception as exc:  # no sound system: the list stays empty
                log.info("audio devices unavailable: %s", exc)
        running = self.phone is not None and self.phone.running
        dialog = SettingsDialog(self.cfg, credentials=self.credentials, audio_devices=devices,
                                sound_check=self.phone if running else None, parent=self)
        if dialog.exec() and dialog.result_config is not None:
            self.cfg = dialog.result_config
            self.agent.wrap_up_limit_s = self.cfg.wrap_up_limit_s
            for name, action in self.actions_by_name.items():
                action.setShortcut(QKeySequence(self.cfg.hotkeys.get(name, "")))
            capture, playback, ring = dialog.selected_audio()
            if self.phone is not None:
                self._with_any(lambda: self.phone.set_audio_devices(capture, playback, ring))
            self.statusBar().showMessage(self.tr(
                "Налаштування збережено. Адреса сервера, обліковий запис SIP і мова "
                "застосовуються після перезапуску."), 10000)

    def _with_any(self, what: Callable[[], object]) -> None:
        try:
            what()
        except Exception as exc:  # the engine reports in words; show them
            self.statusBar().showMessage(str(exc), 8000)

    # -- closing --------------------------------------------------------------
    def closeEvent(self, event: Any) -> None:
        if self.current_call_id is not None and self.phone is not None:
            answer = QMessageBox.question(self, self.tr("Дзвінок триває"), self.tr(
                "Дзвінок ще триває. Завершити роботу?"))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.appeal_form.save_draft()
        self.sessions.finish_wrap_up()  # ended calls' summaries go now (held ones wait safely)
        self.delivery.stop()
        self._wrap_timer.stop()
        if self.agent.state.value != "offline" and self.api is not None:
            with contextlib.suppress(TransitionNotAllowedError):
                self.agent.go_offline()
        self.runner.wait_done(3000)
        self.lead_link.stop()
        event.accept()
