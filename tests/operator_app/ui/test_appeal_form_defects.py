"""Issue 13: defects of the appeal form, against the real API on PostgreSQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from operator_app.api_client import ApiClient
from operator_app.ui.main_window import Workspace
from tests.operator_app.ui.conftest import new_phone, ringing_call

TIMEOUT_MS = 10_000


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
