"""The feedback department's window: verification callbacks, one claimed item at a time.

The list is the API's (most urgent first, only what may be called now); opening
an item claims it with a lease that is renewed while it stays open (and while
its call lasts), so no two people ring the same citizen. The call goes through
the same telephony engine and call-session core as the operator's, measured
the same way; its summary is linked to the verification round the outcome
creates. Nothing typed is lost: a refused outcome keeps the comment and grade.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kc1551_common.phones import format_phone
from operator_app.api_client import ApiClient, ApiError, ApiUnavailable
from operator_app.call_session import CallSession
from operator_app.config import AppConfig
from operator_app.telephony.models import CallInfo, CallSummary, RegistrationState
from operator_app.ui import labels
from operator_app.ui.background import BackgroundRunner
from operator_app.ui.decisions_panel import DecisionsPanel
from operator_app.ui.delivery import Delivery
from operator_app.ui.scripts_panel import ScriptsPanel
from operator_app.ui.softphone import SoftphonePanel

log = logging.getLogger(__name__)

PAGE_SIZE = 50
LEASE_RENEW_MS = 120_000  # the lease is 10 minutes by default: renewed well before
LEAD_ROLES = ("shift_lead", "admin")
COLUMNS = 5
PROBLEM_COLUMN = 3


def _local(iso: str | None, fmt: str = "%d.%m %H:%M") -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime(fmt)
    except ValueError:
        return iso


def _address(item: dict[str, Any]) -> str:
    building = item.get("building") or {}
    text = f"{building.get('street', '')}, {building.get('house', '')}".strip(", ")
    if item.get("flat"):
        text += f", кв. {item['flat']}"
    return text


class WorklistWindow(QMainWindow):
    sig_list_shown = Signal(int)  # total matching the filters
    sig_item_opened = Signal(dict)  # the claimed item with its history
    sig_outcome_recorded = Signal(dict)  # the API's answer: appeal, round, item
    sig_call_posted = Signal(dict)
    sig_refused = Signal(str)  # why the API said no (claim, outcome), in words

    def __init__(self, cfg: AppConfig, *, phone: Any = None, outbox: Any = None,
                 scripts: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cfg = cfg
        self.phone: Any = None
        self.api: ApiClient | None = None
        self.user: dict[str, Any] = {}
        self.runner = BackgroundRunner(self)
        self.delivery = Delivery(self.runner, outbox, lambda: self.api, self)
        self.delivery.sig_call_posted.connect(self.sig_call_posted.emit)
        self.delivery.sig_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.sessions = self.delivery.sessions
        self.item: dict[str, Any] | None = None  # the claimed item on show
        self.page = 1
        self._total = 0
        self._rows: list[dict[str, Any]] = []
        self._counts: dict[str, Any] = {}  # the last counts per filter, as the API sent them
        self._sphere_names: dict[Any, str] = {}
        self._dialled: dict[str, int] = {}  # engine call id -> appeal id it rings about
        self._last_call: dict[int, CallSession] = {}  # appeal id -> its latest callback
        self.setWindowTitle(self.tr("Контакт-центр 1551 — перевірка виконання"))
        self.resize(1440, 900)
        self._build_widgets(scripts or {})
        self._build_actions()
        self._renew_timer = QTimer(self, interval=LEASE_RENEW_MS)
        self._renew_timer.timeout.connect(self.renew_lease)
        self.attach_phone(phone)
        self._show_item(None)

    def _client(self) -> ApiClient:
        if self.api is None:
            raise ApiUnavailable(self.tr("Не виконано вхід до системи"))
        return self.api

    # -- layout -----------------------------------------------------------------
    def _build_widgets(self, scripts: dict[str, Any]) -> None:
        filters = QHBoxLayout()
        self.district_box = QComboBox()
        self.sphere_box = QComboBox()
        self.executor_box = QComboBox()
        for box, label in ((self.district_box, self.tr("Усі райони")),
                           (self.sphere_box, self.tr("Усі сфери")),
                           (self.executor_box, self.tr("Усі виконавці"))):
            box.addItem(label, None)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _i: self.refresh(page=1))
        self.reported_from = QDateTimeEdit(calendarPopup=True)
        self.reported_from.setDisplayFormat("dd.MM.yyyy")
        self.reported_from.setSpecialValueText(self.tr("з будь-якої дати"))
        self.reported_from.setMinimumDateTime(QDateTime.fromSecsSinceEpoch(0))
        self.reported_from.setDateTime(self.reported_from.minimumDateTime())
        self.reported_from.dateTimeChanged.connect(lambda _d: self.refresh(page=1))
        filters.addWidget(QLabel(self.tr("Район:")))
        filters.addWidget(self.district_box)
        filters.addWidget(QLabel(self.tr("Сфера:")))
        filters.addWidget(self.sphere_box)
        filters.addWidget(QLabel(self.tr("Виконавець:")))
        filters.addWidget(self.executor_box, 1)
        filters.addWidget(QLabel(self.tr("Виконано від:")))
        filters.addWidget(self.reported_from)

        self.hours_label = QLabel()
        self.hours_label.setObjectName("callingHours")
        self.counts_label = QLabel()
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels([
            self.tr("№ звернення"), self.tr("Перевірити до"), self.tr("Спроб"),
            self.tr("Проблема, адреса"), self.tr("Стан")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PROBLEM_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.cellActivated.connect(lambda row, _c: self.open_row(row))
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_row(row))
        self.prev_button = QPushButton(self.tr("◀ Попередня"))
        self.next_page_button = QPushButton(self.tr("Наступна ▶"))
        self.page_label = QLabel()
        # It takes the room between the buttons and wraps when that is too narrow: laid
        # out at its own width it was cut off, and "усього 10" read "усього 1".
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setWordWrap(True)
        self.prev_button.clicked.connect(lambda: self.refresh(page=self.page - 1))
        self.next_page_button.clicked.connect(lambda: self.refresh(page=self.page + 1))
        pager = QHBoxLayout()
        pager.addWidget(self.prev_button)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.next_page_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.hours_label)
        left_layout.addWidget(self.counts_label)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(pager)

        # The claimed item: who to call, about what, what the executor said.
        self.item_box = QGroupBox(self.tr("Перевірка"))
        item_layout = QVBoxLayout(self.item_box)
        self.item_label = QLabel()
        self.item_label.setObjectName("itemLabel")
        self.item_label.setWordWrap(True)
        self.item_label.setTextFormat(Qt.TextFormat.PlainText)
        self.item_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lease_label = QLabel()
        self.lease_label.setObjectName("leaseLabel")
        self.history_list = QListWidget()
        self.history_list.setWordWrap(True)
        self.call_button = QPushButton(self.tr("Зателефонувати"))
        self.call_button.setStyleSheet(
            "QPushButton { background: #188038; color: white; font-weight: bold; }"
            " QPushButton:disabled { background: #dadce0; color: #80868b; }")
        self.call_button.clicked.connect(self.call_citizen)
        self.release_button = QPushButton(self.tr("Звільнити"))
        self.release_button.clicked.connect(self.release)
        buttons = QHBoxLayout()
        buttons.addWidget(self.call_button, 1)
        buttons.addWidget(self.release_button)
        item_layout.addWidget(self.item_label)
        item_layout.addWidget(self.lease_label)
        item_layout.addLayout(buttons)
        item_layout.addWidget(QLabel(self.tr("Історія звернення і попередні спроби:")))
        item_layout.addWidget(self.history_list, 1)

        self.outcome_box = QGroupBox(self.tr("Результат дзвінка"))
        form = QFormLayout(self.outcome_box)
        self.outcome_error = QLabel()
        self.outcome_error.setObjectName("outcomeError")
        self.outcome_error.setWordWrap(True)
        self.outcome_error.setStyleSheet("color: #b3261e;")
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setPlaceholderText(self.tr("Що сказав заявник (обов'язково)"))
        self.comment_edit.setFixedHeight(70)
        self.comment_edit.textChanged.connect(lambda: self.outcome_error.setText(""))
        grades = QHBoxLayout()
        self.grade_group = QButtonGroup(self)
        for grade in range(1, 6):
            grade_button = QRadioButton(str(grade))
            self.grade_group.addButton(grade_button, grade)
            grades.addWidget(grade_button)
        grades.addStretch(1)
        self.outcome_buttons: dict[str, QPushButton] = {}
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for outcome, text, row in (
                ("confirmed", self.tr("Підтверджено"), row1),
                ("not_solved", self.tr("Не вирішено"), row1),
                ("no_answer", self.tr("Не відповідає"), row2),
                ("busy", self.tr("Зайнято"), row2),
                ("wrong_number", self.tr("Хибний номер"), row2)):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, o=outcome: self.record_outcome(o))
            self.outcome_buttons[outcome] = button
            row.addWidget(button)
        self.schedule_edit = QDateTimeEdit(calendarPopup=True)
        self.schedule_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.schedule_button = QPushButton(self.tr("Передзвонити пізніше"))
        self.schedule_button.clicked.connect(self.schedule_callback)
        schedule = QHBoxLayout()
        schedule.addWidget(self.schedule_edit)
        schedule.addWidget(self.schedule_button)
        form.addRow(self.tr("Коментар:"), self.comment_edit)
        form.addRow(self.tr("Оцінка роботи (1–5):"), grades)
        form.addRow(row1)
        form.addRow(row2)
        form.addRow(self.tr("Домовились на:"), schedule)
        form.addRow(self.outcome_error)

        self.softphone = SoftphonePanel()
        self.softphone.sig_hangup.connect(self.hangup)
        self.softphone.sig_answer.connect(lambda: None)  # callbacks are outgoing only
        self.softphone.sig_hold_toggled.connect(lambda _on: self.toggle_hold())
        self.softphone.sig_mute_toggled.connect(self._set_mute)
        self.scripts_panel = ScriptsPanel()
        feedback = {name: script for name, script in scripts.items()
                    if name == "feedback_callback"}
        self.scripts_panel.set_scripts(feedback or scripts)
        self.scripts_panel.set_stage("feedback_callback")

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(self.item_box, 1)
        middle_layout.addWidget(self.outcome_box)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.softphone)
        right.addWidget(self.scripts_panel)
        # Shift leads also get their decision list (set_session adds the tab).
        self.decisions = DecisionsPanel(self.runner, self._client)
        self.list_tabs = QTabWidget()
        self.list_tabs.addTab(left, self.tr("Зворотні дзвінки"))
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.list_tabs)
        main.addWidget(middle)
        main.addWidget(right)
        main.setSizes([640, 440, 360])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(main, 1)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        self.work_menu = self.menuBar().addMenu(self.tr("&Перевірка"))
        self.actions_by_name: dict[str, QAction] = {}

        def make(name: str, text: str, sequence: str, slot: Any) -> None:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(sequence))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _c=False: slot())
            self.work_menu.addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action

        make("next", self.tr("Наступне звернення"), "Ctrl+N", self.claim_next)
        make("call", self.tr("Зателефонувати"), "Ctrl+D", self.call_citizen)
        make("hangup", self.tr("Завершити дзвінок"), "Ctrl+E", self.hangup)
        make("confirmed", self.tr("Підтверджено"), "Ctrl+1",
             lambda: self.record_outcome("confirmed"))
        make("not_solved", self.tr("Не вирішено"), "Ctrl+2",
             lambda: self.record_outcome("not_solved"))
        make("no_answer", self.tr("Не відповідає"), "Ctrl+3",
             lambda: self.record_outcome("no_answer"))
        make("busy", self.tr("Зайнято"), "Ctrl+4", lambda: self.record_outcome("busy"))
        make("wrong_number", self.tr("Хибний номер"), "Ctrl+5",
             lambda: self.record_outcome("wrong_number"))
        make("schedule", self.tr("Передзвонити пізніше"), "Ctrl+L", self.schedule_callback)
        make("release", self.tr("Звільнити звернення"), "Ctrl+R", self.release)
        make("refresh", self.tr("Оновити список"), "F5", lambda: self.refresh())
        for name, button in (("call", self.call_button), ("release", self.release_button),
                             *self.outcome_buttons.items(),
                             ("schedule", self.schedule_button)):
            action = self.actions_by_name[name]
            button.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
        self.quit_action = QAction(self.tr("Вийти"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.work_menu.addSeparator()
        self.work_menu.addAction(self.quit_action)
        self.addAction(self.quit_action)

    # -- phone ------------------------------------------------------------------
    def attach_phone(self, phone: Any) -> None:
        if phone is None or phone is self.phone:
            return
        self.phone = phone
        phone.sig_registration_changed.connect(self._on_registration)
        phone.sig_call_changed.connect(self.on_call_changed)
        phone.sig_call_ended.connect(self.on_call_ended)
        phone.sig_error.connect(self._phone_error)
        for state in getattr(phone, "registration_states", list)():
            self._on_registration(state)

    def detach_phone(self) -> None:
        phone, self.phone = self.phone, None
        if phone is None:
            return
        phone.sig_registration_changed.disconnect(self._on_registration)
        phone.sig_call_changed.disconnect(self.on_call_changed)
        phone.sig_call_ended.disconnect(self.on_call_ended)
        phone.sig_error.disconnect(self._phone_error)

    def _phone_error(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _on_registration(self, state: RegistrationState) -> None:
        if state.account != "queue":
            self.softphone.set_registration(state)

    def on_call_changed(self, call: CallInfo) -> None:
        if self.sessions.get(call.call_id) is None:
            appeal_id = self._dialled.pop(call.call_id, None)
            if appeal_id is None:
                return  # not a callback placed from here
            self._last_call[appeal_id] = self.sessions.ringing(
                call, verification_appeal=appeal_id)
        self.sessions.changed(call)
        self.softphone.set_call(call)
        self._update_buttons()

    def on_call_ended(self, summary: CallSummary) -> None:
        session = self.delivery.call_ended(summary)
        if session is None:
            return
        self.softphone.set_call(None)
        if summary.disposition.value == "failed":
            self.statusBar().showMessage(self.tr(
                "Дзвінок не відбувся: {0}. Оберіть результат (не відповідає, зайнято, "
                "хибний номер)").format(summary.end_reason or summary.end_code), 10000)
        self._update_buttons()

    def call_citizen(self) -> None:
        if self.item is None or self.phone is None:
            if self.phone is None:
                self.statusBar().showMessage(self.tr("Телефон не підключено"), 8000)
            return
        if self.sessions.current is not None:
            return  # one call at a time
        number = str(self.item.get("callback_phone") or "")
        try:
            call_id = self.phone.call(number)
        except Exception as exc:  # the engine reports in words
            self.statusBar().showMessage(str(exc), 8000)
            return
        self._dialled[call_id] = int(self.item["appeal_id"])
        self.renew_lease()  # the call may be long: the lease starts its ten minutes anew

    def hangup(self) -> None:
        current = self.sessions.current
        if current is not None and self.phone is not None:
            try:
                self.phone.hangup(current.call_id)
            except Exception as exc:
                self.statusBar().showMessage(str(exc), 8000)

    def toggle_hold(self) -> None:
        current = self.sessions.current
        if current is None or self.phone is None:
            return
        held = current.call.status.value == "held"
        (self.phone.resume if held else self.phone.hold)(current.call_id)

    def _set_mute(self, on: bool) -> None:
        current = self.sessions.current
        if current is not None and self.phone is not None:
            self.phone.set_mute(current.call_id, on)

    # -- sign-in and the list ---------------------------------------------------------
    def set_session(self, api: ApiClient, user: dict[str, Any]) -> None:
        self.api = api
        self.user = user
        self.setWindowTitle(self.tr("Перевірка виконання — {0}").format(
            user.get("full_name") or user.get("username", "")))
        self.runner.run(lambda: self._client().classifier(), self._fill_spheres,
                        lambda _e: None)
        self.refresh()
        if user.get("role") in LEAD_ROLES and self.list_tabs.indexOf(self.decisions) < 0:
            self.list_tabs.addTab(self.decisions, self.tr("Рішення старшого зміни"))
            self.decisions.refresh()
        self.delivery.drain()

    def _fill_spheres(self, spheres: list[dict[str, Any]]) -> None:
        self.sphere_box.blockSignals(True)
        for sphere in spheres:
            name = str(sphere.get("name", ""))
            self._sphere_names[sphere.get("code")] = name
            self.sphere_box.addItem(name, sphere.get("code"))
        self.sphere_box.blockSignals(False)
        self._count_spheres()

    def _count_spheres(self) -> None:
        """Every sphere of the classifier stays on the list (one may be chosen before
        anything in it awaits), each with its count under the filters."""
        counted = {entry.get("key"): entry.get("count", 0)
                   for entry in self._counts.get("by_sphere") or []}
        for index in range(1, self.sphere_box.count()):
            code = self.sphere_box.itemData(index)
            name = self._sphere_names.get(code, str(code))
            self.sphere_box.setItemText(index, f"{name} ({counted.get(code, 0)})")

    def filters(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {"district": self.district_box.currentData(),
                                  "sphere": self.sphere_box.currentData(),
                                  "executor_id": self.executor_box.currentData()}
        if self.reported_from.dateTime() != self.reported_from.minimumDateTime():
            chosen["reported_from"] = self.reported_from.date().toString(Qt.DateFormat.ISODate)
        return {key: value for key, value in chosen.items() if value is not None}

    def refresh(self, page: int | None = None) -> None:
        if self.api is None:
            return
        self.page = max(1, page or self.page)
        filters, page_no = self.filters(), self.page
        self.runner.run(lambda: (self._client().worklist(page_no, PAGE_SIZE, **filters),
                                 self._client().worklist_counts(**filters)),
                        self._show_list, self._list_failed, channel="list")

    def _list_failed(self, error: object) -> None:
        self.statusBar().showMessage(self.tr("Список не оновлено: {0}").format(error), 10000)

    def _show_list(self, answer: tuple[dict[str, Any], dict[str, Any]]) -> None:
        listing, counts = answer
        self._rows = list(listing.get("items") or [])
        self._total = int(listing.get("total") or 0)
        self.table.setRowCount(len(self._rows))
        for row, item in enumerate(self._rows):
            lease = item.get("lease") or {}
            state = {"available": self.tr("вільне"), "mine": self.tr("ваше"),
                     "taken": self.tr("зайняте: {0}").format(
                         lease.get("full_name") or lease.get("username", "")),
                     "reserved": self.tr("обіцяний дзвінок: {0}").format(
                         (item.get("scheduled") or {}).get("by", ""))
                     }.get(str(item.get("state")), str(item.get("state", "")))
            problem = str((item.get("problem") or {}).get("name", ""))
            cells = [str(item.get("number") or item.get("appeal_id")),
                     _local(item.get("due_at")), str(item.get("attempts", 0)),
                     f"{problem}\n{_address(item)}", state]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        pages = max(1, -(-self._total // PAGE_SIZE))
        # The API counts a long list only so far: then there are more pages than shown.
        capped = bool(listing.get("total_capped"))
        label = (self.tr("Сторінка {0} з понад {1} · усього понад {2}") if capped
                 else self.tr("Сторінка {0} з {1} · усього {2}"))
        self.page_label.setText(label.format(self.page, pages, self._total))
        self.prev_button.setEnabled(self.page > 1)
        self.next_page_button.setEnabled(self.page < pages or capped)
        self._show_hours(listing.get("calling_hours") or {})
        self._show_counts(counts)
        self.sig_list_shown.emit(self._total)

    def _show_hours(self, hours: dict[str, Any]) -> None:
        window = f"{hours.get('window', '')} ({hours.get('timezone', '')})"
        if hours.get("open", True):
            self.hours_label.setText(self.tr("Години дзвінків: {0}").format(window))
            self.hours_label.setStyleSheet("")
        else:
            self.hours_label.setText(self.tr(
                "Поза годинами дзвінків {0}: громадянам не телефонуємо. Наступні — {1}"
            ).format(window, _local(hours.get("next_open_at"), "%d.%m о %H:%M")))
            self.hours_label.setStyleSheet("color: #7f1d1d; font-weight: bold;")
        self.actions_by_name["next"].setEnabled(bool(hours.get("open", True)))

    def _show_counts(self, counts: dict[str, Any]) -> None:
        self._counts = counts
        self._count_spheres()
        totals = counts.get("totals") or {}
        self.counts_label.setText(self.tr(
            "Можна дзвонити: {0} · зайняті: {1} · чекають повтору: {2} · обіцяні дзвінки: {3}"
        ).format(totals.get("available", 0), totals.get("taken", 0),
                 totals.get("waiting_retry", 0), totals.get("scheduled", 0)))
        for box, key, everything in ((self.district_box, "by_district", self.tr("Усі райони")),
                                     (self.executor_box, "by_executor",
                                      self.tr("Усі виконавці"))):
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for entry in counts.get(key) or []:
                box.addItem(f"{entry.get('name') or entry.get('key')} ({entry.get('count', 0)})",
                            entry.get("key"))
            index = box.findData(chosen)
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)

    # -- claiming ---------------------------------------------------------------------
    def open_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.claim(int(self._rows[row]["appeal_id"]))

    # A claim frees the person's earlier lease on the server, in the same transaction.
    def claim(self, appeal_id: int) -> None:
        if self._may_switch_item():
            self._open(lambda client: client.worklist_claim(appeal_id))

    def claim_next(self) -> None:
        if self._may_switch_item():
            filters = self.filters()
            self._open(lambda client: client.worklist_next(**filters))

    def _open(self, claim: Any) -> None:
        """Claim (`claim(client)` returns the item), then show it with its history."""
        def work() -> dict[str, Any]:
            client = self._client()
            claimed = claim(client)
            return client.worklist_item(int(claimed["appeal_id"]))

        self.runner.run(work, self._opened, self._refused, channel="item")

    @staticmethod
    def _release_quietly(client: ApiClient, appeal_id: int) -> None:
        try:
            client.worklist_release(appeal_id)
        except (ApiError, ApiUnavailable) as exc:  # the lease lapses by itself anyway
            log.info("release of %s failed: %s", appeal_id, exc)

    def _may_switch_item(self) -> bool:
        if self.sessions.current is not None:
            self.statusBar().showMessage(self.tr(
                "Спершу завершіть дзвінок і запишіть його результат"), 8000)
            return False
        if self.item is not None and self._last_call.get(int(self.item["appeal_id"])):
            self.statusBar().showMessage(self.tr(
                "Запишіть результат дзвінка за цим зверненням, перш ніж брати інше"), 8000)
            return False
        return True

    def _opened(self, item: dict[str, Any]) -> None:
        self._show_item(item)
        self._renew_timer.start()
        self.sig_item_opened.emit(item)
        self.refresh()

    def _refused(self, error: object) -> None:
        text = error.message if isinstance(error, ApiError) else str(error)
        self.statusBar().showMessage(text, 10000)
        self.sig_refused.emit(text)
        self.refresh()

    def renew_lease(self) -> None:
        if self.item is None or self.api is None:
            return
        appeal_id = int(self.item["appeal_id"])
        self.runner.run(lambda: self._client().worklist_renew(appeal_id), self._renewed,
                        self._renew_failed)

    def _renewed(self, item: dict[str, Any]) -> None:
        if self.item is not None and item.get("appeal_id") == self.item.get("appeal_id"):
            self.item["lease"] = item.get("lease")
            self._show_lease()

    def _renew_failed(self, error: object) -> None:
        if isinstance(error, ApiError):
            self._lease_lost(error.message)
        # API away: the next tick tries again; the lease has minutes left

    def _lease_lost(self, reason: str) -> None:
        self.lease_label.setText(self.tr("Звернення вже не за вами: {0}").format(reason))
        self.lease_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.sig_refused.emit(reason)

    def release(self) -> None:
        if self.item is None or not self._may_switch_item():
            return
        appeal_id = int(self.item["appeal_id"])
        self._show_item(None)
        self.runner.run(lambda: self._release_quietly(self._client(), appeal_id),
                        lambda _r: self.refresh(), lambda _e: self.refresh())

    # -- the item -------------------------------------------------------------------
    def _show_item(self, item: dict[str, Any] | None) -> None:
        self.item = item
        self.history_list.clear()
        self.comment_edit.clear()
        self.outcome_error.setText("")
        checked = self.grade_group.checkedButton()
        if checked is not None:
            self.grade_group.setExclusive(False)
            checked.setChecked(False)
            self.grade_group.setExclusive(True)
        if item is None:
            self._renew_timer.stop()
            self.item_label.setText(self.tr(
                "Оберіть звернення у списку (Enter) або візьміть наступне (Ctrl+N)."))
            self.lease_label.setText("")
            self.scripts_panel.reset_values(operator_name=self.user.get("full_name", ""))
            self._update_buttons()
            return
        citizen = (item.get("citizen") or {}).get("full_name") or self.tr("(ім'я не вказано)")
        problem = item.get("problem") or {}
        executor = (item.get("executor") or {}).get("name") or self.tr("не визначено")
        report = item.get("report") or {}
        lines = [
            f"{item.get('number', '')} · {problem.get('name', '')}",
            self.tr("Заявник: {0}").format(citizen),
            self.tr("Телефон для зворотного дзвінка: {0}").format(
                format_phone(str(item.get("callback_phone") or ""))),
            self.tr("Адреса: {0}").format(_address(item)),
            self.tr("Виконавець: {0}").format(executor),
            self.tr("Звіт виконавця ({0}): {1}").format(
                _local(report.get("at")), report.get("comment") or self.tr("без коментаря")),
            self.tr("Перевірити до: {0} · спроб: {1} · повернень на доопрацювання: {2}").format(
                _local(item.get("due_at")), item.get("attempts", 0), item.get("rework_count", 0)),
        ]
        self.item_label.setText("\n".join(lines))
        for change in item.get("history") or []:
            self.history_list.addItem(self.tr("{0} · {1} → {2} · {3}{4}").format(
                _local(change.get("at")),
                labels.appeal_status(change["from_status"]) if change.get("from_status")
                else "—", labels.appeal_status(str(change.get("to_status", ""))),
                change.get("by", ""),
                f": {change['comment']}" if change.get("comment") else ""))
        for attempt in item.get("rounds") or item.get("previous_attempts") or []:
            call = attempt.get("call") or {}
            talk = f", {int(call['talk_ms']) // 1000} с" if call.get("talk_ms") else ""
            self.history_list.addItem(self.tr("{0} · дзвінок: {1}{2} · {3}{4}").format(
                _local(attempt.get("at")),
                labels.verification_outcome(str(attempt.get("outcome", ""))), talk,
                attempt.get("by", ""),
                f": {attempt['comment']}" if attempt.get("comment") else ""))
        self.schedule_edit.setDateTime(QDateTime.currentDateTime().addSecs(2 * 3600))
        self.scripts_panel.reset_values(
            operator_name=self.user.get("full_name", ""), citizen_name=citizen,
            appeal_number=item.get("number"), problem_name=problem.get("name"))
        self._show_lease()
        self._update_buttons()

    def _show_lease(self) -> None:
        lease = (self.item or {}).get("lease") or {}
        self.lease_label.setStyleSheet("color: #188038;")
        self.lease_label.setText(self.tr("Зарезервовано за вами до {0}").format(
            _local(lease.get("until"), "%H:%M")) if lease else "")

    def _update_buttons(self) -> None:
        has_item = self.item is not None
        on_call = self.sessions.current is not None
        self.call_button.setEnabled(has_item and not on_call and self.phone is not None)
        self.release_button.setEnabled(has_item and not on_call)
        self.outcome_box.setEnabled(has_item)  # its outcome and schedule buttons with it

    # -- outcomes ---------------------------------------------------------------------
    def record_outcome(self, outcome: str) -> None:
        if self.item is None:
            return
        comment = self.comment_edit.toPlainText().strip()
        grade = self.grade_group.checkedId()
        if not comment:
            self._outcome_refused(self.tr("Напишіть коментар: що сказав заявник"))
            self.comment_edit.setFocus()
            return
        if outcome == "confirmed" and grade < 1:
            self._outcome_refused(self.tr("Оберіть оцінку роботи від 1 до 5"))
            return
        if self.sessions.current is not None:
            self._outcome_refused(self.tr("Спершу завершіть дзвінок"))
            return
        appeal_id = int(self.item["appeal_id"])
        session = self._last_call.get(appeal_id)
        sip_call_id = session.sip_call_id if session is not None else None
        grade_sent = grade if outcome == "confirmed" else None
        self._send_result(appeal_id, lambda client: client.worklist_outcome(
            appeal_id, outcome, comment, grade=grade_sent, sip_call_id=sip_call_id),
            lambda answer: self._outcome_words(outcome, answer))

    def _send_result(self, appeal_id: int, request: Any, words: Any) -> None:
        """An outcome or a scheduled callback: the round it makes is linked to the
        item's last call, whose summary then goes (the call's work is done)."""
        session = self._last_call.get(appeal_id)
        if session is not None:
            self.sessions.record_started(session)

        def sent(answer: dict[str, Any]) -> None:
            if session is not None:
                round_id = (answer.get("round") or {}).get("id")
                self.sessions.record_done(session, "verification",
                                          remote_id=int(round_id) if round_id else None)
                self.sessions.close(session)
            self._last_call.pop(appeal_id, None)
            self.statusBar().showMessage(words(answer), 10000)
            self._show_item(None)
            self.sig_outcome_recorded.emit(answer)
            self.refresh()

        def failed(error: object) -> None:
            if session is not None:
                self.sessions.record_failed(session)
            if isinstance(error, ApiError) and error.code in ("lease_held", "lease_expired",
                                                               "not_claimed"):
                self._lease_lost(error.message)
            self._outcome_refused(error.message if isinstance(error, ApiError) else str(error))

        self.runner.run(lambda: request(self._client()), sent, failed)

    def _outcome_words(self, outcome: str, answer: dict[str, Any]) -> str:
        item = answer.get("item") or {}
        if outcome == "confirmed":
            return self.tr("Звернення закрито: заявник підтвердив виконання")
        if outcome == "not_solved":
            if item.get("escalated"):
                return self.tr("Повернень забагато: рішення прийме старший зміни")
            return self.tr("Звернення повернуто виконавцю на доопрацювання")
        if item.get("escalated"):
            return self.tr("Спроб вичерпано: звернення передано старшому зміни")
        return self.tr("Спробу записано; повторний дзвінок — після {0}").format(
            _local(item.get("next_attempt_at"), "%d.%m %H:%M"))

    def _outcome_refused(self, text: str) -> None:
        # The comment and grade stay as typed: the person fixes and presses again.
        self.outcome_error.setText(text)
        self.sig_refused.emit(text)

    def schedule_callback(self) -> None:
        if self.item is None:
            return
        comment = self.comment_edit.toPlainText().strip()
        if not comment:
            self._outcome_refused(self.tr("Напишіть коментар: про що домовились"))
            return
        at = datetime.fromtimestamp(
            self.schedule_edit.dateTime().toSecsSinceEpoch()).astimezone().isoformat()
        appeal_id = int(self.item["appeal_id"])
        when = self.schedule_edit.dateTime().toString("dd.MM HH:mm")
        self._send_result(appeal_id,
                          lambda client: client.worklist_schedule(appeal_id, at, comment),
                          lambda _answer: self.tr("Домовились передзвонити {0}").format(when))

    # -- closing ----------------------------------------------------------------------
    def closeEvent(self, event: Any) -> None:
        if self.sessions.current is not None:
            self.statusBar().showMessage(self.tr("Спершу завершіть дзвінок"), 8000)
            event.ignore()
            return
        self._renew_timer.stop()
        if self.item is not None and self.api is not None:
            appeal_id, client = int(self.item["appeal_id"]), self.api
            self.runner.run(lambda: self._release_quietly(client, appeal_id))
        self.sessions.finish_wrap_up()
        self.delivery.stop()
        self.runner.wait_done(3000)
        event.accept()
