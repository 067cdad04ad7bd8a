"""The whole flow with the real engine on Kamailio and the real API on PostgreSQL:
ringing -> pop -> answer -> appeal -> call summary linked to it."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kc1551_demo.embedded import ApiServerThread
from kc1551_demo.local_pbx import LocalPbx
from operator_app.api_client import ApiClient
from operator_app.telephony.config import PASSWORD_ENV, SipConfig
from operator_app.telephony.facade import Phone
from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.models import CallStatus, RegistrationStatus
from operator_app.ui.main_window import Workspace
from tests.operator_app.ui.conftest import new_phone, open_workspace

pytestmark = [pytest.mark.sip, pytest.mark.postgres]

TIMEOUT_MS = 15_000


def queue_bound(state: Any) -> bool:
    return state.account == "queue" and state.status is RegistrationStatus.REGISTERED


@pytest.fixture
def sip_workspace(qtbot: Any, pbx: LocalPbx, api_server: ApiServerThread,
                  tmp_path: Path) -> Iterator[Workspace]:
    phone = Phone()
    window = open_workspace(qtbot, api_server, tmp_path, phone)
    with qtbot.waitSignal(phone.sig_registration_changed, timeout=TIMEOUT_MS,
                          check_params_cb=lambda s: s.account != "queue"
                          and s.status is RegistrationStatus.REGISTERED):
        phone.start(SipConfig(registrar=pbx.registrar_uri, user="op1001",
                              password=pbx.users["op1001"], null_audio=True))
    # Ready in the state bar is what binds the operator to the 1551 queue.
    with qtbot.waitSignal(phone.sig_registration_changed, timeout=TIMEOUT_MS,
                          check_params_cb=queue_bound):
        window.go_ready()
    try:
        yield window
    finally:
        window.current_call_id = None
        phone.shutdown()
        window.runner.wait_done()


def test_ringing_pop_answer_appeal_and_linked_call_summary(
        qtbot: Any, pbx: LocalPbx, sip_workspace: Workspace, operator_api: ApiClient,
        building: dict[str, Any]) -> None:
    window = sip_workspace
    citizen = new_phone()
    problems = [p for s in operator_api.classifier() for p in s["problems"]
                if not p["emergency"]]
    earlier = operator_api.create_appeal(
        {"phone": citizen, "full_name": "Шевченко Оксана", "channel": "call",
         "problem_code": problems[0]["code"], "building_id": building["id"],
         "description": "Не працює освітлення в під'їзді"}, str(uuid.uuid4()))
    caller = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator", "--registrar",
        pbx.registrar_uri, "--user", "trunk", "--control"],
        env={PASSWORD_ENV: pbx.users["trunk"]})
    with caller:
        caller.wait_for("ready", TIMEOUT_MS / 1000)
        with qtbot.waitSignal(window.sig_pop_rendered, timeout=TIMEOUT_MS):
            caller.send({"cmd": "call", "to": "1551", "from_number": citizen,
                         "display": "Шевченко", "withheld": False})
        call = window.softphone.current_call()
        assert call is not None
        assert call.status is CallStatus.RINGING
        assert "Шевченко Оксана" in window.pop.caller_label.text()
        assert window.pop.appeals_table.item(0, 0).text() == earlier["number"]

        with qtbot.waitSignal(window.phone.sig_call_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda i: i.status is CallStatus.CONNECTED):
            window.actions_by_name["answer"].trigger()
        assert window.agent.state.value == "on_call"
        with qtbot.waitSignal(window.phone.sig_call_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda i: i.status is CallStatus.HELD):
            window.actions_by_name["hold"].trigger()
        assert window.softphone.hold_label.text().startswith("Утримання: ")
        with qtbot.waitSignal(window.phone.sig_call_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda i: i.status is CallStatus.CONNECTED):
            window.actions_by_name["hold"].trigger()

        form = window.appeal_form
        # The caller's known address is filled in from the pop.
        qtbot.waitUntil(lambda: form.building_edit.text() == building["label"],
                        timeout=TIMEOUT_MS)
        assert form.choose_problem(problems[1]["code"])
        form.description_edit.setPlainText("Протікає дах над квартирою")
        qtbot.waitUntil(lambda: "Виконавець" in form.preview_label.text(), timeout=TIMEOUT_MS)
        with qtbot.waitSignal(window.sig_appeal_registered, timeout=TIMEOUT_MS) as registered:
            form.submit()
        appeal = registered.args[0]
        assert operator_api.get_appeal(appeal["id"])["sip_call_id"] == call.sip_call_id

        with qtbot.waitSignal(window.phone.sig_call_ended, timeout=TIMEOUT_MS):
            window.actions_by_name["hangup"].trigger()
    assert window.agent.state.value == "wrap_up"
    assert "залишилось" in window.state_bar.countdown_label.text()
    # The summary goes once, when the wrap-up ends, with what was made on the call.
    with qtbot.waitSignal(window.sig_call_posted, timeout=TIMEOUT_MS) as posted:
        window.go_ready()
    record = posted.args[0]
    assert record["sip_call_id"] == call.sip_call_id
    assert record["appeal_id"] == appeal["id"]
    assert record["appeal_ids"] == [appeal["id"]]
    assert record["disposition"] == "answered"
    assert record["talk_ms"] > 0
    assert len(record["hold_segments"]) == 1


def test_appeal_registered_in_wrap_up_after_the_caller_hung_up_is_linked_to_the_call(
        qtbot: Any, pbx: LocalPbx, sip_workspace: Workspace, operator_api: ApiClient,
        building: dict[str, Any]) -> None:
    """Issue 9: operators usually finish the appeal after hang-up; it used to lose
    its sip_call_id and the call summary its link."""
    window = sip_workspace
    problem = next(p for s in operator_api.classifier() for p in s["problems"]
                   if not p["emergency"])
    caller = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator", "--registrar",
        pbx.registrar_uri, "--user", "trunk", "--control"],
        env={PASSWORD_ENV: pbx.users["trunk"]})
    posted: list[dict[str, Any]] = []
    window.sig_call_posted.connect(posted.append)
    with caller:
        caller.wait_for("ready", TIMEOUT_MS / 1000)
        with qtbot.waitSignal(window.sig_pop_rendered, timeout=TIMEOUT_MS):
            caller.send({"cmd": "call", "to": "1551", "from_number": new_phone(),
                         "display": "Мельник", "withheld": False})
        call = window.softphone.current_call()
        assert call is not None
        with qtbot.waitSignal(window.phone.sig_call_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda i: i.status is CallStatus.CONNECTED):
            window.actions_by_name["answer"].trigger()
        form = window.appeal_form
        assert form.choose_problem(problem["code"])
        form.description_edit.setPlainText("Не вивозять сміття вже тиждень")
        with qtbot.waitSignal(window.phone.sig_call_ended, timeout=TIMEOUT_MS):
            caller.send({"cmd": "hangup"})  # the citizen hangs up first
    assert window.agent.state.value == "wrap_up"
    assert window.current_call_id is None
    assert posted == []  # not before the wrap-up ends

    form.choose_building(building)
    qtbot.waitUntil(lambda: "Виконавець" in form.preview_label.text(), timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.sig_appeal_registered, timeout=TIMEOUT_MS) as registered:
        form.submit()
    appeal = registered.args[0]
    assert operator_api.get_appeal(appeal["id"])["sip_call_id"] == call.sip_call_id
    with qtbot.waitSignal(window.sig_call_posted, timeout=TIMEOUT_MS):
        window.go_ready()
    assert len(posted) == 1
    assert posted[0]["sip_call_id"] == call.sip_call_id
    assert posted[0]["appeal_ids"] == [appeal["id"]]
    assert posted[0]["appeal_id"] == appeal["id"]


def test_answered_call_wrap_up_and_ready_show_no_readiness_error(
        qtbot: Any, pbx: LocalPbx, sip_workspace: Workspace) -> None:
    """Issue 13: after every answered call the status bar said "Не вдалося змінити
    готовність: Invalid operation (PJ_EINVALIDOP)" (a second un-REGISTER of the queue)."""
    window = sip_workspace
    errors: list[str] = []
    window.phone.sig_error.connect(errors.append)
    caller = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator", "--registrar",
        pbx.registrar_uri, "--user", "trunk", "--control"],
        env={PASSWORD_ENV: pbx.users["trunk"]})
    with caller:
        caller.wait_for("ready", TIMEOUT_MS / 1000)
        with qtbot.waitSignal(window.phone.sig_ringing, timeout=TIMEOUT_MS):
            caller.send({"cmd": "call", "to": "1551", "from_number": new_phone(),
                         "display": "Бойко", "withheld": False})
        with qtbot.waitSignal(window.phone.sig_registration_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda s: s.account == "queue"
                              and s.status is RegistrationStatus.UNREGISTERED):
            window.actions_by_name["answer"].trigger()  # on call: out of the queue
        with qtbot.waitSignal(window.phone.sig_call_ended, timeout=TIMEOUT_MS):
            window.actions_by_name["hangup"].trigger()
    assert window.agent.state.value == "wrap_up"
    with qtbot.waitSignal(window.phone.sig_registration_changed, timeout=TIMEOUT_MS,
                          check_params_cb=queue_bound):
        window.go_ready()  # done with the wrap-up: back in the queue
    assert window.agent.state.value == "available"
    assert errors == []
    assert "PJ_" not in window.statusBar().currentMessage()
