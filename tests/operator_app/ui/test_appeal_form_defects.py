"""Issue 13: defects of the appeal form, against the real API on PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from operator_app.api_client import ApiClient
from operator_app.scripts import BLANK, load_scripts
from operator_app.ui.main_window import Workspace
from tests.operator_app.ui.conftest import new_phone, ringing_call

TIMEOUT_MS = 10_000


def type_text(widget: QWidget, text: str) -> None:
    """Key presses with Cyrillic text (QTest's key clicks take ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def fill(workspace: Workspace, qtbot: Any, problem: dict[str, Any],
         building: dict[str, Any]) -> None:
    form = workspace.appeal_form
    assert form.choose_problem(problem["code"])
    form.choose_building(building)
    form.description_edit.setPlainText("Не працює ліфт у під'їзді")
    qtbot.waitUntil(lambda: "Виконавець" in form.preview_label.text(), timeout=TIMEOUT_MS)


def test_one_form_registers_one_appeal_however_often_it_is_sent(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    phone = new_phone()
    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=TIMEOUT_MS):
        workspace.on_ringing(ringing_call(phone))
    fill(workspace, qtbot, problem, building)
    form = workspace.appeal_form
    with qtbot.waitSignal(workspace.sig_appeal_registered, timeout=TIMEOUT_MS) as first:
        qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert not form.submit_button.isEnabled()
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)  # ignored: disabled
    # Sent again anyway (the form's own submit, past the button): the same key, one appeal.
    with qtbot.waitSignal(workspace.sig_appeal_registered, timeout=TIMEOUT_MS) as second:
        form.submit()
    assert second.args[0]["id"] == first.args[0]["id"]
    assert operator_api.list_appeals(phone=phone)["total"] == 1
    assert not form.submit_button.isEnabled()

    form.clear_button.click()  # "New appeal": a new form, Register back on
    assert form.submit_button.isEnabled()


def test_address_suggestions_are_what_the_api_found(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient) -> None:
    typed = "Хрещатик 22"
    found = [b["label"] for b in operator_api.buildings(typed, 10)]
    assert found
    assert typed not in found[0]  # the label reads "вул. Хрещатик, 22 ..."
    form = workspace.appeal_form
    workspace.show()
    qtbot.waitExposed(workspace)
    workspace.activateWindow()
    form.building_edit.setFocus()
    qtbot.waitUntil(form.building_edit.hasFocus, timeout=TIMEOUT_MS)
    type_text(form.building_edit, typed)
    completer = form.building_edit.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible(), timeout=TIMEOUT_MS)
    model = completer.completionModel()
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert shown == found
    completer.activated.emit(found[0])  # picking the suggestion chooses the building
    assert form.fields()["building"]["label"] == found[0]


def test_a_fields_error_goes_as_soon_as_its_value_is_valid(
        workspace: Workspace, qtbot: Any, building: dict[str, Any]) -> None:
    form = workspace.appeal_form
    form.phone_edit.setText("12")
    form.callback_edit.setText("abc")
    form.submit()
    assert form.error_text("phone")
    assert form.error_text("callback_phone")
    assert form.error_text("description")
    assert form.error_text("building_id")

    form.phone_edit.setText("067123")  # still too short: the message stays
    assert form.error_text("phone")
    form.phone_edit.setText("0671234567")
    assert form.error_text("phone") == ""
    form.callback_edit.clear()  # the callback number is optional
    assert form.error_text("callback_phone") == ""
    form.description_edit.setPlainText("Немає світла")
    assert form.error_text("description") == ""
    form.choose_building(building)
    assert form.error_text("building_id") == ""
    assert form.error_text("problem_code")  # untouched, still wrong


def test_errors_appearing_do_not_move_the_form(workspace: Workspace, qtbot: Any) -> None:
    form = workspace.appeal_form
    workspace.show()
    qtbot.waitExposed(workspace)

    def settled_y() -> int:
        QApplication.sendPostedEvents()
        for widget in (workspace, form):
            layout = widget.layout()
            if layout is not None:
                layout.activate()
        return form.submit_button.mapTo(form, form.submit_button.rect().topLeft()).y()

    before = settled_y()
    form.phone_edit.setText("12")
    form.callback_edit.setText("abc")
    form.submit()
    assert form.error_text("phone")
    assert form.error_text("description")
    assert settled_y() == before
    form.show_api_errors("Сервер відхилив звернення: такої проблеми немає в класифікаторі",
                         None, None)
    assert form.error_text("")
    assert settled_y() == before


def test_closing_script_names_the_appeals_executor(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    appeal = operator_api.create_appeal(
        {"phone": new_phone(), "channel": "call", "problem_code": problem["code"],
         "building_id": building["id"], "description": "Не працює ліфт"}, str(uuid.uuid4()))
    executor = appeal["executor"]["name"]
    panel = workspace.scripts_panel
    assert "executor_name" in load_scripts()["closing"].placeholders
    panel.set_stage("closing")
    panel.show_appeal(appeal)
    text = panel.rendered_text()
    assert f"виконавцю: {executor}." in text
    assert appeal["number"] in text
    assert BLANK not in text.split("Строк")[0]
