"""The workspace against the real API on PostgreSQL: pop, appeal, repeats,
validation, consultation, outbox, agent states, drafts."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from kc1551_common.phones import format_phone
from kc1551_demo.embedded import ApiServerThread
from operator_app.api_client import ApiClient
from operator_app.telephony.models import (
    CallDirection,
    CallSummary,
    Disposition,
    RegistrationState,
    RegistrationStatus,
)
from operator_app.ui import labels
from operator_app.ui.main_window import Workspace
from tests.operator_app.ui.conftest import new_phone, open_workspace, ringing_call


def register(api: ApiClient, phone: str, building: dict[str, Any], problem: dict[str, Any],
             full_name: str = "Коваленко Марія") -> dict[str, Any]:
    return api.create_appeal({"phone": phone, "full_name": full_name, "channel": "call",
                              "problem_code": problem["code"], "building_id": building["id"],
                              "description": "Немає гарячої води з ранку"}, str(uuid.uuid4()))


def summary_of(call_id: str, sip_call_id: str, phone: str) -> CallSummary:
    now = time.time()
    return CallSummary(call_id=call_id, sip_call_id=sip_call_id,
                       direction=CallDirection.INCOMING, remote_number=phone,
                       local_user="operator", started_at=now - 30, answered_at=now - 28,
                       ended_at=now, ring_ms=2000, connect_ms=40, early_ms=None,
                       hold_segments=(), hold_ms=0, talk_ms=28000,
                       disposition=Disposition.ANSWERED, mos=4.3, jitter_ms=2.0, loss_pct=0.0,
                       rtt_ms=12.0)


def fill_appeal(workspace: Workspace, qtbot: Any, problem: dict[str, Any],
                building: dict[str, Any]) -> None:
    form = workspace.appeal_form
    assert form.choose_problem(problem["code"])
    form.choose_building(building)
    form.description_edit.setPlainText("Не працює ліфт у під'їзді")
    qtbot.waitUntil(lambda: "Виконавець" in form.preview_label.text(), timeout=10000)


def test_pop_shows_callers_appeals_and_outage_before_answer(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient, lead: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    phone = new_phone()
    appeal = register(operator_api, phone, building, problem, "Петренко Іван")
    now = datetime.now(UTC)
    lead.request("POST", "/outages", json={
        "kind": "outage", "service": "hot_water", "building_id": building["id"],
        "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(hours=5)).isoformat(),
        "description": "Аварія на тепломережі"})

    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(ringing_call(phone))

    pop = workspace.pop
    assert format_phone(phone) in pop.caller_label.text()
    assert "Петренко Іван" in pop.caller_label.text()
    assert pop.appeals_table.appeal_count() == 1
    assert pop.appeals_table.item(0, 0).text() == appeal["number"]
    assert "Гаряча вода" in pop.outage_text()
    assert "Аварія на тепломережі" in pop.outage_text()
    # A caller in a known outage gets a consultation: the workspace turns to it.
    qtbot.waitUntil(lambda: workspace.work_tabs.currentWidget() is workspace.consultation,
                    timeout=5000)
    assert workspace.appeal_form.name_edit.text() == "Петренко Іван"


def test_stale_pop_for_a_previous_call_is_ignored(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    first, second = new_phone(), new_phone()
    register(operator_api, first, building, problem, "Перший Абонент")
    workspace.on_ringing(ringing_call(first))
    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000) as shown:
        workspace.on_ringing(ringing_call(second))
    qtbot.waitUntil(lambda: not workspace.runner.busy(), timeout=10000)
    assert shown.args[0] == workspace.current_call_id
    assert "Перший" not in workspace.pop.caller_label.text()
    assert workspace.pop.appeals_table.appeal_count() == 0


def test_appeal_registered_with_call_id_and_summary_linked(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    phone = new_phone()
    call = ringing_call(phone)
    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(call)
    fill_appeal(workspace, qtbot, problem, building)
    with qtbot.waitSignal(workspace.sig_appeal_registered, timeout=10000) as registered:
        qtbot.mouseClick(workspace.appeal_form.submit_button, Qt.MouseButton.LeftButton)
    appeal = registered.args[0]
    stored = operator_api.get_appeal(appeal["id"])
    assert stored["sip_call_id"] == call.sip_call_id
    assert stored["citizen"]["phones"] == [phone]
    assert appeal["number"] in workspace.appeal_form.result_label.text()
    # the closing script tells the citizen the number, the deadline and who executes
    assert workspace.scripts_panel.current_stage() == "closing"
    closing = workspace.scripts_panel.rendered_text()
    assert appeal["number"] in closing
    assert stored["executor"]["name"] in closing
    assert labels.short_date(stored["deadline"]) in closing  # 08.12.2026, as everywhere
    assert stored["deadline"][:10] not in closing
    # the number on its own line, unbroken: it is read aloud to the citizen
    assert f"№&nbsp;{appeal['number']}" in workspace.appeal_form.result_label.text()

    with qtbot.waitSignal(workspace.sig_call_posted, timeout=10000) as posted:
        workspace.on_call_ended(summary_of(call.call_id, call.sip_call_id, phone))
    assert posted.args[0]["sip_call_id"] == call.sip_call_id
    assert posted.args[0]["appeal_id"] == appeal["id"]


def test_repeat_warning_offers_to_join_the_open_appeal(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    existing = register(operator_api, new_phone(), building, problem)
    phone = new_phone()
    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(ringing_call(phone))
    form = workspace.appeal_form
    with qtbot.waitSignal(form.sig_preview_shown, timeout=10000):
        form.choose_problem(problem["code"])
        form.choose_building(building)
    assert form.repeat_warning_shown()
    assert existing["number"] in form.repeat_list.item(0).text()
    form.description_edit.setPlainText("Теж немає води")
    with qtbot.waitSignal(workspace.sig_appeal_registered, timeout=10000) as joined:
        qtbot.mouseClick(form.link_button, Qt.MouseButton.LeftButton)
    assert joined.args[0]["id"] == existing["id"]
    assert operator_api.get_appeal(existing["id"])["co_applicants"] == 1
    assert operator_api.list_appeals(phone=phone)["total"] == 0


def test_validation_messages_next_to_fields_and_nothing_typed_is_lost(
        workspace: Workspace, qtbot: Any, building: dict[str, Any]) -> None:
    form = workspace.appeal_form
    form.phone_edit.setText("12")
    form.callback_edit.setText("abc")
    form.submit()
    assert "довжина" in form.error_text("phone")
    assert form.error_text("problem_code") == "Оберіть проблему з класифікатора"
    assert form.error_text("building_id") == "Оберіть будинок зі списку адрес"
    assert form.error_text("description") == "Опишіть проблему словами заявника"
    assert "символи" in form.error_text("callback_phone")
    assert form.phone_edit.text() == "12"

    # The server's 422 lands on its field; the form keeps every character typed.
    form.phone_edit.setText("0671234567")
    form.description_edit.setPlainText("Опис, який не можна загубити")
    with qtbot.waitSignal(form.sig_submit_requested, timeout=1000, raising=False):
        workspace._submit_appeal({"phone": "+380671234567", "problem_code": "99.99",
                                  "building_id": building["id"], "channel": "call",
                                  "description": "Опис, який не можна загубити"})
    qtbot.waitUntil(lambda: bool(form.error_text("problem_code")), timeout=10000)
    assert form.description_edit.toPlainText() == "Опис, який не можна загубити"


def test_consultation_logged_with_articles_and_linked_to_call(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient) -> None:
    phone = new_phone()
    call = ringing_call(phone)
    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(call)
    panel = workspace.consultation
    workspace.focus_kb_search()
    with qtbot.waitSignal(panel.sig_results_shown, timeout=10000):
        panel.search_now("гаряча вода")
    expected = [a["title"] for a in operator_api.kb_search("гаряча вода", 10)]
    assert panel.result_titles() == expected
    panel.topic_edit.setText("Графік гідравлічних випробувань")
    with qtbot.waitSignal(workspace.sig_consultation_logged, timeout=10000) as logged:
        qtbot.mouseClick(panel.log_button, Qt.MouseButton.LeftButton)
    consultation = logged.args[0]
    assert consultation["phone"] == phone
    assert consultation["sip_call_id"] == call.sip_call_id
    with qtbot.waitSignal(workspace.sig_call_posted, timeout=10000) as posted:
        workspace.on_call_ended(summary_of(call.call_id, call.sip_call_id, phone))
    assert posted.args[0]["consultation_id"] == consultation["id"]


def test_outbox_keeps_appeal_while_api_down_then_sends_it_once(
        workspace: Workspace, qtbot: Any, api_server: ApiServerThread,
        operator_api: ApiClient, building: dict[str, Any], problem: dict[str, Any]) -> None:
    phone = new_phone()
    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(ringing_call(phone))
    fill_appeal(workspace, qtbot, problem, building)
    api_server.stop()
    try:
        qtbot.mouseClick(workspace.appeal_form.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "збережене" in workspace.appeal_form.result_label.text(),
                        timeout=15000)
        assert workspace.outbox.pending_count() == 1
        assert not workspace.banner.isHidden()
        assert "Не надіслано на сервер: 1" in workspace.banner.text()
    finally:
        api_server.start()
    with qtbot.waitSignal(workspace.sig_outbox_changed, timeout=15000,
                          check_params_cb=lambda pending: pending == 0):
        workspace.drain_outbox()
    assert workspace.banner.isHidden()
    workspace.drain_outbox()  # nothing left: a second drain sends nothing again
    qtbot.waitUntil(lambda: not workspace.runner.busy(), timeout=10000)
    assert operator_api.list_appeals(phone=phone)["total"] == 1


def test_agent_state_changes_reach_the_api(workspace: Workspace, qtbot: Any,
                                           lead: ApiClient) -> None:
    def operator_state() -> dict[str, Any]:
        agents = lead.request("GET", "/agents")
        return next(a for a in agents if a["username"] == "operator")

    with qtbot.waitSignal(workspace.sig_agent_state_sent, timeout=10000):
        workspace.go_ready()
    assert operator_state()["state"] == "available"
    assert workspace.state_bar.state_label.text() == "Готовий"
    with qtbot.waitSignal(workspace.sig_agent_state_sent, timeout=10000):
        workspace.state_bar.sig_not_ready_requested.emit("training")
    assert operator_state() | {"since": None} == {
        "username": "operator", "state": "not_ready", "reason": "training", "since": None}
    assert workspace.state_bar.state_label.text() == "Не готовий: Навчання"


def test_draft_survives_a_crash(qtbot: Any, api_server: ApiServerThread, tmp_path: Path,
                                building: dict[str, Any]) -> None:
    first = open_workspace(qtbot, api_server, tmp_path)
    form = first.appeal_form
    form.phone_edit.setText("0671112233")
    form.choose_building(building)
    with qtbot.waitSignal(form.sig_draft_saved, timeout=5000):
        form.description_edit.setPlainText("Почали записувати і програма впала")
    first.runner.wait_done()

    # A new process would start from the same data directory.
    second = open_workspace(qtbot, api_server, tmp_path)
    restored = second.appeal_form
    assert restored.description_edit.toPlainText() == "Почали записувати і програма впала"
    assert restored.phone_edit.text() == "0671112233"
    assert restored.building_edit.text() == building["label"]
    second.runner.wait_done()


def test_form_of_a_dropped_call_comes_back_when_the_caller_rings_again(
        workspace: Workspace, qtbot: Any) -> None:
    phone, other = new_phone(), new_phone()
    dropped = ringing_call(phone)
    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(dropped)
    workspace.appeal_form.description_edit.setPlainText("Дзвінок обірвався посеред опису")
    with qtbot.waitSignal(workspace.sig_call_posted, timeout=10000):
        workspace.on_call_ended(summary_of(dropped.call_id, dropped.sip_call_id, phone))

    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(ringing_call(other))
    assert workspace.appeal_form.description_edit.toPlainText() == ""

    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(ringing_call(phone))
    assert workspace.appeal_form.description_edit.toPlainText() == \
        "Дзвінок обірвався посеред опису"


def test_banner_shows_what_the_server_rejected_with_its_reason(
        workspace: Workspace, qtbot: Any, building: dict[str, Any]) -> None:
    workspace.outbox.submit("appeal", {"phone": new_phone(), "problem_code": "99.99",
                                       "building_id": building["id"], "channel": "call",
                                       "description": "Класифікатор змінився, поки чекали"})
    with qtbot.waitSignal(workspace.sig_outbox_changed, timeout=10000,
                          check_params_cb=lambda pending: pending == 0):
        workspace.drain_outbox()
    assert not workspace.banner.isHidden()
    assert workspace.banner.text().startswith("Сервер відхилив звернення: ")
    assert len(workspace.banner.text()) > len("Сервер відхилив звернення: ")


def test_ready_without_sip_registration_warns_that_no_calls_arrive(
        workspace: Workspace, qtbot: Any) -> None:
    """Issue 13: Ready was offered with SIP unregistered and nothing said calls cannot come."""
    bar = workspace.state_bar
    warning = "SIP не зареєстровано: дзвінки не надходитимуть"
    assert not bar.sip_warning_label.isHidden()
    assert bar.sip_warning_label.text() == warning
    assert warning in bar.ready_button.toolTip()
    with qtbot.waitSignal(workspace.sig_agent_state_sent, timeout=10000):
        workspace.go_ready()  # still allowed: the queue binding follows the registration
    assert workspace.statusBar().currentMessage() == warning

    workspace.on_registration(RegistrationState("operator", RegistrationStatus.REGISTERED,
                                                200, "Зареєстровано", 300))
    assert bar.sip_warning_label.isHidden()
    assert warning not in bar.ready_button.toolTip()
    assert "Готовий" in bar.ready_button.toolTip()
    # Leaving the queue (Not ready) is not a lost registration.
    workspace.on_registration(RegistrationState("queue", RegistrationStatus.UNREGISTERED,
                                                200, "Реєстрацію знято"))
    assert bar.sip_warning_label.isHidden()
    workspace.on_registration(RegistrationState("operator", RegistrationStatus.FAILED,
                                                408, "АТС недоступна"))
    assert not bar.sip_warning_label.isHidden()
    assert bar.sip_warning_label.toolTip() == "АТС недоступна"


def test_not_ready_promise_follows_the_call_and_goes_when_applied(
        workspace: Workspace, qtbot: Any) -> None:
    """Issue 13: "Not ready will apply after the call" stayed after the call had ended."""
    status = workspace.statusBar()
    with qtbot.waitSignal(workspace.sig_agent_state_sent, timeout=10000):
        workspace.go_ready()
    workspace.agent.call_started("c1")
    workspace.go_not_ready("break")
    assert status.currentMessage() == "«Не готовий» буде застосовано після завершення дзвінка"
    workspace.agent.call_ended("c1")  # wrap-up: the call is over, the promise says so
    assert status.currentMessage() == "«Не готовий» буде застосовано після обробки дзвінка"
    with qtbot.waitSignal(workspace.sig_agent_state_sent, timeout=10000,
                          check_params_cb=lambda state: state == "not_ready"):
        workspace.go_ready()  # "Done" with the wrap-up: the pending Not ready applies
    assert workspace.agent.state.value == "not_ready"
    assert status.currentMessage() == ""

    # Asked for during wrap-up: after the wrap-up, not "after the call".
    with qtbot.waitSignal(workspace.sig_agent_state_sent, timeout=10000):
        workspace.go_ready()
    workspace.agent.call_started("c2")
    workspace.agent.call_ended("c2")
    workspace.go_not_ready("meeting")
    assert status.currentMessage() == "«Не готовий» буде застосовано після обробки дзвінка"


def test_quit_action_ctrl_q_closes_the_window_going_offline(
        workspace: Workspace, qtbot: Any, lead: ApiClient) -> None:
    """Issue 13: there was no Quit; it closes as the window's close button does."""
    workspace.show()
    qtbot.waitExposed(workspace)
    with qtbot.waitSignal(workspace.sig_agent_state_sent, timeout=10000):
        workspace.go_ready()
    quit_action = workspace.quit_action
    assert quit_action.shortcut() == QKeySequence("Ctrl+Q")
    first_menu = workspace.menuBar().actions()[0].menu()
    assert quit_action in first_menu.actions()
    assert quit_action.text() == "Вийти"
    with qtbot.waitSignal(workspace.sig_agent_state_sent, timeout=10000,
                          check_params_cb=lambda state: state == "offline"):
        quit_action.trigger()
    assert not workspace.isVisible()
    agents = lead.request("GET", "/agents")
    assert next(a for a in agents if a["username"] == "operator")["state"] == "offline"


def test_missed_call_clears_its_pop_and_a_new_call_starts_without_old_kb_results(
        workspace: Workspace, qtbot: Any, operator_api: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    phone = new_phone()
    register(operator_api, phone, building, problem, "Пропущений Абонент")
    call = ringing_call(phone)
    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(call)
    assert "Пропущений" in workspace.pop.caller_label.text()
    panel = workspace.consultation
    panel.search_now("вода")
    qtbot.waitUntil(lambda: panel.results_list.count() > 0, timeout=10000)

    missed = replace(summary_of(call.call_id, call.sip_call_id, phone), answered_at=None,
                     talk_ms=0, disposition=Disposition.MISSED)
    workspace.on_call_ended(missed)
    assert "Пропущений" not in workspace.pop.caller_label.text()
    assert workspace.pop.appeals_table.appeal_count() == 0
    assert "Пропущений дзвінок" in workspace.statusBar().currentMessage()
    # nor is the missed caller's number left in the form for the next one
    assert workspace.appeal_form.phone_edit.text() == ""
    assert workspace.appeal_form.name_edit.text() == ""

    with qtbot.waitSignal(workspace.sig_pop_rendered, timeout=10000):
        workspace.on_ringing(ringing_call(new_phone()))
    assert panel.results_list.count() == 0
    assert panel.search_edit.text() == ""


def test_a_sip_failure_message_goes_once_registration_succeeds(workspace: Workspace) -> None:
    workspace.on_registration(RegistrationState("operator", RegistrationStatus.FAILED, 408,
                                                "АТС не відповідає"))
    assert workspace.statusBar().currentMessage().startswith("Помилка реєстрації SIP")
    workspace.on_registration(RegistrationState("operator", RegistrationStatus.REGISTERED, 200))
    assert workspace.statusBar().currentMessage() == ""


def test_a_chosen_long_address_and_problem_show_their_beginning(
        workspace: Workspace, qtbot: Any, building: dict[str, Any],
        problem: dict[str, Any]) -> None:
    form = workspace.appeal_form
    workspace.resize(1280, 800)
    form.choose_building(building)
    assert form.choose_problem(problem["code"])
    qtbot.waitUntil(lambda: form.building_edit.cursorPosition() == 0, timeout=2000)
    qtbot.waitUntil(lambda: form.problem_edit.cursorPosition() == 0, timeout=2000)
