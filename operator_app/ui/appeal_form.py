"""The appeal form: classifier, building, description, callback number.

The form validates what it can locally, asks the API (through the runner, in
the background) for building suggestions and for the executor, deadline and
repeats of the chosen problem at the chosen building, and emits
`sig_submit_requested(payload)`; the window sends it (directly or through the
outbox) and reports back with `show_registered`, `show_queued` or
`show_api_errors`. Nothing typed is ever cleared by an error.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kc1551_common.phones import InvalidPhoneError, format_phone, normalize_phone
from operator_app.api_client import FORM_KEY
from operator_app.ui import labels
from operator_app.ui.background import BackgroundRunner

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 4000
DRAFT_ID = "appeal"
_DRAFT_DELAY_MS = 300
_LOOKUP_DELAY_MS = 150
_ERROR_STYLE = "color: #b00020;"


class AppealForm(QWidget):
    sig_submit_requested = Signal(dict)
    sig_preview_shown = Signal(dict)
    sig_draft_saved = Signal()

    def __init__(
        self,
        runner: BackgroundRunner,
        api: Callable[[], Any],
        parent: QWidget | None = None,
    ) -> None:
        """`api()` returns the current ApiClient (it changes after sign-in)."""
        super().__init__(parent)
        self._runner = runner
        self._api = api
        self._problems: dict[str, dict[str, Any]] = {}  # "code name" -> problem
        self._problem: dict[str, Any] | None = None
        self._buildings: dict[str, dict[str, Any]] = {}  # label -> building
        self._building: dict[str, Any] | None = None
        self._link_to: dict[str, Any] | None = None
        self._repeats: list[dict[str, Any]] = []
        self._draft_store: Any = None
        self._parked: set[str] = set()  # drafts kept for dropped calls, by form id
        self._restoring = False
        # The Idempotency-Key of this form and the payload it was made for: sending the
        # same form again reuses it, so the API registers one appeal, not two.
        self._sent: tuple[str, dict[str, Any]] | None = None
        self._registered = False  # Register stays off until "New appeal" or the next call
        self._build()

    # -- layout ---------------------------------------------------------------
    def _error_label(self, lines: int = 1) -> QLabel:
        """Always there, `lines` high even when empty, so a message shifts nothing."""
        label = QLabel()
        label.setStyleSheet(_ERROR_STYLE)
        label.setWordWrap(lines > 1)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setFixedHeight(label.fontMetrics().lineSpacing() * lines + 2)
        return label

    def _build(self) -> None:
        self.setAccessibleName(self.tr("Форма звернення"))
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        self.errors: dict[str, QLabel] = {}

        def add_row(title: str, field: str, widget: QWidget) -> None:
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            self.errors[field] = self._error_label()
            box.addWidget(self.errors[field])
            form.addRow(title, box)

        self.phone_edit = QLineEdit()
        self.phone_edit.setAccessibleName(self.tr("Телефон заявника"))
        add_row(self.tr("Телефон:"), "phone", self.phone_edit)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Прізвище, ім'я заявника"))
        add_row(self.tr("ПІБ:"), "full_name", self.name_edit)

        self.problem_edit = QLineEdit()
        self.problem_edit.setPlaceholderText(self.tr("Почніть вводити код або назву проблеми"))
        self.problem_edit.setAccessibleName(self.tr("Проблема за класифікатором"))
        self._problem_model = QStringListModel(self)
        completer = QCompleter(self._problem_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._choose_problem_text)
        self.problem_edit.setCompleter(completer)
        self.classifier_tree = QTreeWidget()
        self.classifier_tree.setHeaderHidden(True)
        self.classifier_tree.setMaximumHeight(130)
        self.classifier_tree.setAccessibleName(self.tr("Класифікатор"))
        self.classifier_tree.itemActivated.connect(self._choose_tree_item)
        self.classifier_tree.itemClicked.connect(self._choose_tree_item)
        problem_box = QWidget()
        problem_layout = QVBoxLayout(problem_box)
        problem_layout.setContentsMargins(0, 0, 0, 0)
        problem_layout.addWidget(self.problem_edit)
        problem_layout.addWidget(self.classifier_tree)
        add_row(self.tr("Проблема:"), "problem_code", problem_box)

        self.building_edit = QLineEdit()
        self.building_edit.setPlaceholderText(self.tr("Вулиця та номер будинку"))
        self.building_edit.setAccessibleName(self.tr("Адреса будинку"))
        self._building_model = QStringListModel(self)
        b_completer = QCompleter(self._building_model, self)
        # The API's search already matched the text ("Хрещатик 22" finds "вул. Хрещатик,
        # 22"): show all it found, not only labels that contain the typed string.
        b_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        b_completer.activated.connect(self._choose_building_label)
        self.building_edit.setCompleter(b_completer)
        self.district_label = QLabel()
        building_box = QWidget()
        building_layout = QHBoxLayout(building_box)
        building_layout.setContentsMargins(0, 0, 0, 0)
        building_layout.addWidget(self.building_edit, 1)
        building_layout.addWidget(self.district_label)
        add_row(self.tr("Адреса:"), "building_id", building_box)

        self.flat_edit = QLineEdit()
        self.flat_edit.setAccessibleName(self.tr("Квартира"))
        self.entrance_edit = QLineEdit()
        self.entrance_edit.setAccessibleName(self.tr("Під'їзд"))
        flat_box = QWidget()
        flat_layout = QHBoxLayout(flat_box)
        flat_layout.setContentsMargins(0, 0, 0, 0)
        flat_layout.addWidget(QLabel(self.tr("Квартира:")))
        flat_layout.addWidget(self.flat_edit)
        flat_layout.addWidget(QLabel(self.tr("Під'їзд:")))
        flat_layout.addWidget(self.entrance_edit)
        add_row("", "flat", flat_box)

        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName(self.tr("Опис проблеми"))
        self.description_edit.setMaximumHeight(110)
        self.counter_label = QLabel()
        desc_box = QWidget()
        desc_layout = QVBoxLayout(desc_box)
        desc_layout.setContentsMargins(0, 0, 0, 0)
        desc_layout.addWidget(self.description_edit)
        desc_layout.addWidget(self.counter_label, 0, Qt.AlignmentFlag.AlignRight)
        add_row(self.tr("Опис:"), "description", desc_box)

        self.callback_edit = QLineEdit()
        self.callback_edit.setAccessibleName(self.tr("Номер для зворотного зв'язку"))
        add_row(self.tr("Номер для відповіді:"), "callback_phone", self.callback_edit)

        self.preview_label = QLabel()
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setWordWrap(True)
        outer.addWidget(self.preview_label)

        self.repeat_frame = QFrame()
        self.repeat_frame.setObjectName("repeatWarning")
        self.repeat_frame.setStyleSheet(
            "#repeatWarning { background: #fdecea; border: 2px solid #d93025;"
            " border-radius: 4px; }")
        repeat_layout = QVBoxLayout(self.repeat_frame)
        self.repeat_label = QLabel()
        self.repeat_label.setWordWrap(True)
        self.repeat_label.setStyleSheet("font-weight: bold; color: #7f1d1d;")
        self.repeat_list = QListWidget()
        self.repeat_list.setMaximumHeight(70)
        self.repeat_list.setAccessibleName(self.tr("Відкриті звернення з тією ж проблемою"))
        self.link_button = QPushButton(self.tr("Приєднати до існуючого"))
        self.link_button.setAccessibleName(self.tr("Приєднати заявника до існуючого звернення"))
        self.link_button.clicked.connect(self._link_to_selected)
        repeat_layout.addWidget(self.repeat_label)
        repeat_layout.addWidget(self.repeat_list)
        repeat_layout.addWidget(self.link_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.repeat_frame.hide()
        outer.addWidget(self.repeat_frame)

        self.general_error = self._error_label(lines=2)
        outer.addWidget(self.general_error)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setWordWrap(True)
        outer.addWidget(self.result_label)

        buttons = QHBoxLayout()
        self.submit_button = QPushButton(self.tr("Зареєструвати звернення"))
        self.submit_button.setAccessibleName(self.tr("Зареєструвати звернення"))
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.clear_button = QPushButton(self.tr("Нове звернення"))
        self.clear_button.clicked.connect(self.reset)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(1)

        self._building_timer = QTimer(self, singleShot=True, interval=_LOOKUP_DELAY_MS)
        self._building_timer.timeout.connect(self._lookup_buildings)
        self._draft_timer = QTimer(self, singleShot=True, interval=_DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.building_edit.textEdited.connect(self._building_typed)
        self.problem_edit.textEdited.connect(self._problem_typed)
        self.description_edit.textChanged.connect(self._update_counter)
        for edit in (self.phone_edit, self.name_edit, self.flat_edit, self.entrance_edit,
                     self.callback_edit, self.problem_edit, self.building_edit):
            edit.textChanged.connect(self._edited)
        self.description_edit.textChanged.connect(self._edited)
        for field, edit in (("phone", self.phone_edit), ("full_name", self.name_edit),
                            ("flat", self.flat_edit), ("flat", self.entrance_edit),
                            ("callback_phone", self.callback_edit)):
            edit.textChanged.connect(lambda _text, f=field: self._recheck(f))
        self.description_edit.textChanged.connect(lambda: self._recheck("description"))
        self._update_counter()

    # -- classifier -----------------------------------------------------------
    def set_classifier(self, spheres: list[dict[str, Any]]) -> None:
        self.classifier_tree.clear()
        self._problems.clear()
        for sphere in spheres:
            top = QTreeWidgetItem([f"{sphere['code']} {sphere['name']}"])
            self.classifier_tree.addTopLevelItem(top)
            for problem in sphere.get("problems") or []:
                text = f"{problem['code']} {problem['name']}"
                self._problems[text] = {**problem, "sphere_name": sphere["name"]}
                child = QTreeWidgetItem([text])
                child.setData(0, Qt.ItemDataRole.UserRole, text)
                top.addChild(child)
        self._problem_model.setStringList(sorted(self._problems))
        if self._problem is not None:  # a restored draft chose it before the list came
            self._choose_problem_text(self.problem_edit.text())

    def load_classifier(self) -> None:
        self._runner.run(lambda: self._api().classifier(), self.set_classifier,
                         self._lookup_failed, channel="classifier")

    def _choose_tree_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        text = item.data(0, Qt.ItemDataRole.UserRole)
        if text:
            self.problem_edit.setText(str(text))
            self._choose_problem_text(str(text))

    def _problem_typed(self, text: str) -> None:
        if text in self._problems:
            self._choose_problem_text(text)
        elif self._problem is not None:
            self._problem = None
            self._show_preview(None)

    def _choose_problem_text(self, text: str) -> None:
        problem = self._problems.get(text)
        if problem is None:
            return
        self._problem = problem
        # A chosen text longer than the field shows its beginning (the code, the
        # name), not its tail.
        QTimer.singleShot(0, lambda: self.problem_edit.setCursorPosition(0))
        self._set_error("problem_code", "")
        self._request_preview()

    def choose_problem(self, code: str) -> bool:
        for text, problem in self._problems.items():
            if problem["code"] == code:
                self.problem_edit.setText(text)
                self._choose_problem_text(text)
                return True
        return False

    # -- building -------------------------------------------------------------
    def _building_typed(self, text: str) -> None:
        if self._building is not None and text != self._building.get("label"):
            self._building = None
            self.district_label.setText("")
            self._show_preview(None)
        if text in self._buildings:
            self._choose_building_label(text)
        elif len(text.strip()) >= 2:
            self._building_timer.start()

    def _lookup_buildings(self) -> None:
        query = self.building_edit.text().strip()
        self._runner.run(lambda: self._api().buildings(query, 10), self.set_building_suggestions,
                         self._lookup_failed, channel="buildings")

    def set_building_suggestions(self, buildings: list[dict[str, Any]]) -> None:
        for building in buildings:
            self._buildings[str(building["label"])] = building
        self._building_model.setStringList([str(b["label"]) for b in buildings])
        completer = self.building_edit.completer()
        if self.building_edit.hasFocus() and buildings:
            completer.setCompletionPrefix(self.building_edit.text())
            completer.complete()

    def _choose_building_label(self, label: str) -> None:
        building = self._buildings.get(label)
        if building is not None:
            self.choose_building(building)

    def choose_building(self, building: dict[str, Any]) -> None:
        self._buildings[str(building["label"])] = building
        self._building = building
        if self.building_edit.text() != building["label"]:
            self.building_edit.setText(str(building["label"]))
        QTimer.singleShot(0, lambda: self.building_edit.setCursorPosition(0))
        self.district_label.setText(self.tr("{0} р-н").format(building.get("district", "")))
        self._set_error("building_id", "")
        self._request_preview()

    def _lookup_failed(self, error: object) -> None:
        log.info("lookup failed: %s", type(error).__name__)

    # -- preview & repeats ----------------------------------------------------
    def _request_preview(self) -> None:
        if self._problem is None or self._building is None:
            return
        code, building_id = self._problem["code"], int(self._building["id"])
        self.preview_label.setText(self.tr("Визначаємо виконавця…"))
        self._runner.run(lambda: self._api().appeal_preview(code, building_id),
                         self._show_preview, self._preview_failed, channel="preview")

    def _preview_failed(self, error: object) -> None:
        problem = self._problem or {}
        self.preview_label.setText(self.tr(
            "Виконавець: {0}; термін: {1} дн. (сервер недоступний, уточнення пізніше)").format(
                problem.get("executor_name", "—"), problem.get("term_days", "?")))

    def _show_preview(self, preview: dict[str, Any] | None) -> None:
        self._repeats = []
        self.repeat_list.clear()
        if preview is None:
            self.preview_label.setText("")
            self.repeat_frame.hide()
            return
        executor = (preview.get("executor") or {}).get("name", "—")
        text = self.tr("Виконавець: {0}. Термін виконання: до {1} ({2} дн.)").format(
            executor, labels.short_time(preview.get("deadline")), preview.get("term_days", "?"))
        if preview.get("emergency"):
            text += self.tr(" — АВАРІЙНА")
        self.preview_label.setText(text)
        self._repeats = list(preview.get("repeats") or [])
        if self._repeats:
            self.repeat_label.setText(self.tr(
                "Увага: за цією адресою вже є відкрите звернення з цієї проблеми ({0}). "
                "Краще приєднати заявника до існуючого, ніж створювати повторне.").format(
                    len(self._repeats)))
            for appeal in self._repeats:
                self.repeat_list.addItem(self.tr("№ {0} — {1}, до {2}").format(
                    appeal.get("number"), labels.appeal_status(str(appeal.get("status"))),
                    labels.short_time(appeal.get("deadline"))))
            self.repeat_list.setCurrentRow(0)
            self.repeat_frame.show()
        else:
            self.repeat_frame.hide()
        self.sig_preview_shown.emit(preview)

    def repeat_warning_shown(self) -> bool:
        return not self.repeat_frame.isHidden()

    def _link_to_selected(self) -> None:
        row = max(0, self.repeat_list.currentRow())
        if row < len(self._repeats):
            self._link_to = self._repeats[row]
            self.submit()

    # -- values, validation, submit ------------------------------------------
    def set_caller(self, phone: str | None, full_name: str = "") -> None:
        """A new call: prefill the caller, keep nothing from the previous one."""
        self.reset()
        if phone:
            self.phone_edit.setText(format_phone(phone))
        if full_name:
            self.name_edit.setText(full_name)

    def _update_counter(self) -> None:
        length = len(self.description_edit.toPlainText())
        self.counter_label.setText(f"{length} / {MAX_DESCRIPTION}")
        self.counter_label.setStyleSheet(_ERROR_STYLE if length > MAX_DESCRIPTION else "")

    def _set_error(self, field: str, message: str) -> None:
        label = self.errors.get(field, self.general_error)
        label.setText(message)
        label.setToolTip(message)  # the whole of a message longer than the line

    def _field_error(self, field: str) -> str:
        """The local check of one field's current value: its message, or "" when valid."""
        if field == "phone":
            try:
                normalize_phone(self.phone_edit.text())
            except InvalidPhoneError as exc:
                return str(exc)
        elif field == "callback_phone":
            callback = self.callback_edit.text().strip()
            if callback:
                try:
                    normalize_phone(callback)
                except InvalidPhoneError as exc:
                    return str(exc)
        elif field == "description":
            description = self.description_edit.toPlainText().strip()
            if not description:
                return self.tr("Опишіть проблему словами заявника")
            if len(description) > MAX_DESCRIPTION:
                return self.tr("Опис задовгий: {0} знаків, можна не більше {1}").format(
                    len(description), MAX_DESCRIPTION)
        return ""

    def _recheck(self, field: str) -> None:
        """An edit clears the field's error as soon as the value is valid (a server's
        message on a field with no local check goes with the first edit)."""
        if self.error_text(field) and not self._field_error(field):
            self._set_error(field, "")

    def error_text(self, field: str) -> str:
        return self.errors.get(field, self.general_error).text()

    def clear_errors(self) -> None:
        for field in self.errors:
            self._set_error(field, "")
        self._set_error("", "")

    def validate(self) -> dict[str, Any] | None:
        """The payload for POST /appeals, or None with the messages shown by the fields."""
        self.clear_errors()
        ok = True
        payload: dict[str, Any] = {"channel": "call"}
        for field in ("phone", "description", "callback_phone"):
            message = self._field_error(field)
            if message:
                self._set_error(field, message)
                ok = False
        if not self.error_text("phone"):
            payload["phone"] = normalize_phone(self.phone_edit.text())
        if self._problem is None:
            self._set_error("problem_code", self.tr("Оберіть проблему з класифікатора"))
            ok = False
        else:
            payload["problem_code"] = self._problem["code"]
        if self._building is None:
            self._set_error("building_id", self.tr("Оберіть будинок зі списку адрес"))
            ok = False
        else:
            payload["building_id"] = int(self._building["id"])
        payload["description"] = self.description_edit.toPlainText().strip()
        callback = self.callback_edit.text().strip()
        if callback and not self.error_text("callback_phone"):
            payload["callback_phone"] = normalize_phone(callback)
        for key, edit in (("full_name", self.name_edit), ("flat", self.flat_edit),
                          ("entrance", self.entrance_edit)):
            if edit.text().strip():
                payload[key] = edit.text().strip()
        if self._link_to is not None:
            payload["link_to"] = int(self._link_to["id"])
        return payload if ok else None

    def submit(self) -> None:
        payload = self.validate()
        if payload is None:
            self._link_to = None
            return
        if self._sent is None or self._sent[1] != payload:
            self._sent = (str(uuid.uuid4()), dict(payload))
        payload[FORM_KEY] = self._sent[0]
        self.submit_button.setEnabled(False)
        self.result_label.setText(self.tr("Надсилаємо…"))
        self.sig_submit_requested.emit(payload)

    def show_registered(self, appeal: dict[str, Any]) -> None:
        self._registered = True
        self.submit_button.setEnabled(False)
        linked = self._link_to is not None
        self._link_to = None
        self.repeat_frame.hide()
        if linked:
            head = self.tr("Заявника приєднано до звернення")
        else:
            head = self.tr("Звернення зареєстровано")
        # The number on a line of its own: read aloud to the citizen, it must not wrap.
        self.result_label.setText(
            f"{head}:<br><span style='font-size: 26pt; font-weight: bold;'>"
            f"№&nbsp;{appeal.get('number')}</span><br>" + self.tr("Термін: до {0}").format(
                labels.short_time(appeal.get("deadline"))))
        self.discard_draft()
        self._discard_parked()

    def show_queued(self, local_ref: str) -> None:
        self._registered = True
        self.submit_button.setEnabled(False)
        self._link_to = None
        self.result_label.setText(self.tr(
            "Сервер недоступний: звернення збережене на цьому комп'ютері ({0}) і буде "
            "надіслане автоматично. Номер повідомте заявнику у зворотному дзвінку.").format(
                local_ref))
        self.discard_draft()
        self._discard_parked()

    def show_api_errors(self, message: str, field: str | None,
                        errors: list[dict[str, Any]] | None) -> None:
        """Map the server's 4xx to the fields; everything typed stays."""
        self._sent = None  # the corrected form is a new request, with a new key
        self.submit_button.setEnabled(not self._registered)
        self._link_to = None
        self.result_label.setText("")
        shown = False
        for item in errors or []:
            name = str(item.get("field") or "").split(".")[-1]
            if name in self.errors:
                self._set_error(name, str(item.get("message", "")))
                shown = True
        if field and field in self.errors:
            self._set_error(field, message)
            shown = True
        if not shown:
            self._set_error("", message)

    # -- drafts ---------------------------------------------------------------
    def fields(self) -> dict[str, Any]:
        return {
            "phone": self.phone_edit.text(),
            "full_name": self.name_edit.text(),
            "problem_text": self.problem_edit.text(),
            "problem_code": (self._problem or {}).get("code"),
            "building": self._building,
            "building_text": self.building_edit.text(),
            "flat": self.flat_edit.text(),
            "entrance": self.entrance_edit.text(),
            "description": self.description_edit.toPlainText(),
            "callback_phone": self.callback_edit.text(),
        }

    def set_draft_store(self, store: Any) -> None:
        self._draft_store = store

    def has_content(self) -> bool:
        return bool(self.description_edit.toPlainText().strip() or self._problem
                    or self.building_edit.text().strip())

    def park_draft(self, form_id: str) -> None:
        """Keep what was typed for a call that dropped, to restore when the caller rings back."""
        if self._draft_store is not None and self.has_content():
            self._draft_store.save(form_id, self.fields())
            self._parked.add(form_id)

    def restore_draft(self, form_id: str = DRAFT_ID) -> bool:
        if self._draft_store is None:
            return False
        saved = self._draft_store.load(form_id)
        if not saved:
            return False
        self._restoring = True
        try:
            self.phone_edit.setText(saved.get("phone", ""))
            self.name_edit.setText(saved.get("full_name", ""))
            self.problem_edit.setText(saved.get("problem_text", ""))
            self.flat_edit.setText(saved.get("flat", ""))
            self.entrance_edit.setText(saved.get("entrance", ""))
            self.description_edit.setPlainText(saved.get("description", ""))
            self.callback_edit.setText(saved.get("callback_phone", ""))
            if saved.get("problem_text") in self._problems:
                self._choose_problem_text(saved["problem_text"])
            elif saved.get("problem_code"):
                self._problem = {"code": saved["problem_code"]}
            if saved.get("building"):
                self.choose_building(saved["building"])
            else:
                self.building_edit.setText(saved.get("building_text", ""))
        finally:
            self._restoring = False
        self.result_label.setText(self.tr("Відновлено незавершене звернення."))
        if form_id != DRAFT_ID:
            self._draft_store.discard(form_id)
            self._parked.discard(form_id)
            self.save_draft()
        return True

    def _edited(self) -> None:
        if not self._restoring and self._draft_store is not None:
            self._draft_timer.start()

    def save_draft(self) -> None:
        if self._draft_store is None:
            return
        fields = self.fields()
        if any(v for k, v in fields.items() if k not in ("building",)):
            self._draft_store.save(DRAFT_ID, fields)
            self.sig_draft_saved.emit()

    def discard_draft(self) -> None:
        self._draft_timer.stop()
        if self._draft_store is not None:
            self._draft_store.discard(DRAFT_ID)

    def _discard_parked(self) -> None:
        if self._draft_store is not None:
            for form_id in self._parked:
                self._draft_store.discard(form_id)
        self._parked.clear()

    def reset(self) -> None:
        self._restoring = True
        try:
            for edit in (self.phone_edit, self.name_edit, self.problem_edit, self.building_edit,
                         self.flat_edit, self.entrance_edit, self.callback_edit):
                edit.clear()
            self.description_edit.clear()
        finally:
            self._restoring = False
        self._problem = None
        self._building = None
        self._link_to = None
        self._sent = None
        self._registered = False
        self.district_label.setText("")
        self._show_preview(None)
        self.clear_errors()
        self.result_label.setText("")
        self.submit_button.setEnabled(True)
        self.discard_draft()
