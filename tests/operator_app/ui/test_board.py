"""The shift lead's board against the real API on PostgreSQL and real engines on
Kamailio: the lead sees two operators change state and take calls, forces one to
Not ready (pending until their call is over), sends a message that appears on the
operator's window, publishes an outage that appears in the operator's open pop;
a surge alert's one-click outage; a lost connection said and caught up."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from kc1551_demo.embedded import ApiServerThread
from kc1551_demo.local_pbx import LocalPbx
from operator_app.api_client import ApiClient
from operator_app.config import AppConfig
from operator_app.live_reporter import CallEventTracker, LiveReporter
from operator_app.telephony.config import PASSWORD_ENV, SipConfig
from operator_app.telephony.facade import Phone
from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.models import (
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
    HoldSegment,
    MonitorMode,
    MonitorStatus,
    RegistrationStatus,
)
from operator_app.ui.board_window import CALLER, PENDING, BoardWindow
from operator_app.ui.main_window import Workspace
from operator_app.ui.shell import BOARD, WORKSPACE, DesktopShell
from tests.operator_app.ui.conftest import new_phone, open_workspace, signed_in

pytestmark = [pytest.mark.postgres]

TIMEOUT_MS = 20_000


def open_board(qtbot: Any, server: ApiServerThread, tmp_path: Path) -> BoardWindow:
    """The lead signs in: the shell opens the board first."""
    shell = DesktopShell(AppConfig(data_dir=tmp_path / "lead"))
    client, user = signed_in(server, "lead")
    window = shell.start(client, user)
    assert shell.allowed[0] == BOARD
    assert WORKSPACE in shell.allowed
    assert isinstance(window, BoardWindow)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_board_changed, timeout=TIMEOUT_MS,
                          check_params_cb=lambda part: part == "snapshot"):
        window.show()
    return window


def row(board: BoardWindow, username: str) -> dict[str, Any]:
    return board.board.operators.get(username) or {}


def shows(board: BoardWindow, username: str, state: str) -> bool:
    return row(board, username).get("display_state") == state


@pytest.fixture
def board(qtbot: Any, api_server: ApiServerThread, tmp_path: Path) -> Iterator[BoardWindow]:
    window = open_board(qtbot, api_server, tmp_path)
    yield window
    window.close()


def summary_from(event: dict[str, Any]) -> CallSummary:
    data = dict(event["summary"])
    data["direction"] = CallDirection(data["direction"])
    data["disposition"] = Disposition(data["disposition"])
    data["hold_segments"] = tuple(HoldSegment(**s) for s in data.get("hold_segments") or ())
    return CallSummary(**data)


class ConsoleDesk:
    """The second operator: the console softphone (a real engine on Kamailio, in its
    own process: pjsua2 allows one per process) with operator2's desk reporter fed
    from its events, as the workspace feeds it from the phone's signals."""

    def __init__(self, process: JsonLineProcess, api: ApiClient) -> None:
        self.process = process
        self.api = api
        self.reporter = LiveReporter(api.desk_event, api.desk_heartbeat)
        self.tracker = CallEventTracker(self.reporter)
        self.calls: dict[str, CallInfo] = {}

    def relay(self, event: dict[str, Any]) -> dict[str, Any]:
        kind, call_id = event["event"], event.get("call", "")
        if kind == "incoming":
            info = CallInfo(call_id=call_id, sip_call_id=event["sip_call_id"],
                            direction=CallDirection.INCOMING, status=CallStatus.RINGING,
                            remote_number=event.get("number"), remote_display="",
                            remote_uri="", started_at=event["t"])
            self.calls[call_id] = info
            self.tracker.on_ringing(info)
        elif kind in ("connected", "held", "resumed"):
            before = self.calls[call_id]
            status = CallStatus.HELD if kind == "held" else CallStatus.CONNECTED
            info = CallInfo(call_id=call_id, sip_call_id=before.sip_call_id,
                            direction=before.direction, status=status,
                            remote_number=before.remote_number, remote_display="",
                            remote_uri="", started_at=before.started_at,
                            answered_at=before.answered_at or event["t"])
            self.calls[call_id] = info
            self.tracker.on_call_changed(info)
        elif kind == "ended":
            self.calls.pop(call_id, None)
            self.tracker.on_call_ended(summary_from(event))
        return event

    def wait(self, kind: str) -> dict[str, Any]:
        return self.relay(self.process.wait_for(kind, TIMEOUT_MS / 1000))


def test_lead_watches_two_operators_forces_not_ready_messages_and_publishes_an_outage(
        qtbot: Any, pbx: LocalPbx, api_server: ApiServerThread, board: BoardWindow,
        operator_api: ApiClient, building: dict[str, Any], problem: dict[str, Any],
        tmp_path: Path) -> None:
    # Operator 1: the workspace with the real engine.
    phone = Phone()
    window = open_workspace(qtbot, api_server, tmp_path / "op1", phone)
    second_api, _ = signed_in(api_server, "operator2")
    console = JsonLineProcess(
        [sys.executable, "-m", "operator_app.telephony", "--registrar", pbx.registrar_uri,
         "--user", "op1002", "--join-queue", "1551", "--null-audio"],
        env={PASSWORD_ENV: pbx.users["op1002"]})
    caller = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator", "--registrar", pbx.registrar_uri,
        "--user", "trunk", "--control"], env={PASSWORD_ENV: pbx.users["trunk"]})
    second = ConsoleDesk(console, second_api)
    try:
        with qtbot.waitSignal(phone.sig_registration_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda s: s.account != "queue"
                              and s.status is RegistrationStatus.REGISTERED):
            phone.start(SipConfig(registrar=pbx.registrar_uri, user="op1001",
                                  password=pbx.users["op1001"], null_audio=True))
        with qtbot.waitSignal(phone.sig_registration_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda s: s.account == "queue"
                              and s.status is RegistrationStatus.REGISTERED):
            window.go_ready()
        qtbot.waitUntil(lambda: shows(board, "operator", "available"), timeout=TIMEOUT_MS)

        # Operator 2 signs in to the queue and says Ready.
        console.wait_for(lambda e: e["event"] == "registered" and e["account"] == "queue",
                         TIMEOUT_MS / 1000)
        second_api.set_agent_state("available")
        second.reporter.start()
        qtbot.waitUntil(lambda: shows(board, "operator2", "available"), timeout=TIMEOUT_MS)
        answered_before = int(board.board.line.get("answered") or 0)

        # A citizen whose building is on file calls: both desktops ring, operator 1 answers.
        citizen = new_phone()
        operator_api.create_appeal(
            {"phone": citizen, "full_name": "Коваль Ірина", "channel": "call",
             "problem_code": problem["code"], "building_id": building["id"],
             "description": "Немає гарячої води"}, str(uuid.uuid4()))
        caller.wait_for("ready", TIMEOUT_MS / 1000)
        with qtbot.waitSignal(window.sig_pop_rendered, timeout=TIMEOUT_MS):
            caller.send({"cmd": "call", "to": "1551", "from_number": citizen,
                         "display": "Коваль", "withheld": False})
        second.wait("incoming")
        qtbot.waitUntil(lambda: shows(board, "operator2", "ringing"), timeout=TIMEOUT_MS)
        with qtbot.waitSignal(phone.sig_call_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda i: i.status is CallStatus.CONNECTED):
            window.actions_by_name["answer"].trigger()
        second.wait("ended")  # its branch is cancelled: answered elsewhere
        qtbot.waitUntil(lambda: shows(board, "operator", "on_call")
                        and (row(board, "operator").get("call") or {}).get("phase") == "talking",
                        timeout=TIMEOUT_MS)
        table_row = board.table.row_of("operator")
        caller_cell = board.table.item(table_row, CALLER).text()
        assert caller_cell.endswith(citizen[-2:])
        assert citizen not in caller_cell  # masked
        qtbot.waitUntil(lambda: int(board.board.line.get("answered") or 0)
                        == answered_before + 1, timeout=TIMEOUT_MS)

        # The lead publishes an outage at that building: the open pop shows it at once.
        dialog = board.publish_outage(None)
        assert dialog is not None
        dialog.scope_box.setCurrentIndex(dialog.scope_box.findData("building"))
        dialog.service_box.setCurrentIndex(dialog.service_box.findData("hot_water"))
        words = f"Аварія на тепломережі {uuid.uuid4().hex[:6]}"
        dialog.description_edit.setPlainText(words)
        dialog.place_edit.setText(f"{building['street']} {building['house']}")
        dialog.place_edit.returnPressed.emit()
        qtbot.waitUntil(lambda: dialog.building_box.findData(building["id"]) >= 0,
                        timeout=TIMEOUT_MS)
        dialog.building_box.setCurrentIndex(dialog.building_box.findData(building["id"]))
        with qtbot.waitSignal(board.sig_lever_done, timeout=TIMEOUT_MS,
                              check_params_cb=lambda name, _a: name == "outage"):
            dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: words in window.pop.outage_text(), timeout=TIMEOUT_MS)
        assert window.work_tabs.currentWidget() is window.consultation

        # A second citizen: operator 1 is on a call (out of the queue), operator 2 takes it.
        qtbot.waitUntil(lambda: any(s.account == "queue"
                                    and s.status is RegistrationStatus.UNREGISTERED
                                    for s in phone.registration_states()), timeout=TIMEOUT_MS)
        caller.send({"cmd": "call", "to": "1551", "from_number": new_phone(),
                     "display": "Бондар", "withheld": False})
        second.wait("incoming")
        console.send({"cmd": "answer"})
        second.wait("connected")
        second_api.set_agent_state("on_call")
        qtbot.waitUntil(lambda: shows(board, "operator2", "on_call")
                        and (row(board, "operator2").get("call") or {}).get("phase") == "talking",
                        timeout=TIMEOUT_MS)

        # Operator 1 is forced to Not ready: pending on both sides while the call lasts.
        board.table.selectRow(board.table.row_of("operator"))
        board.actions_by_name["not_ready"].trigger()
        assert board.dialog is not None
        reasons = board.dialog.findChild(QComboBox, "forceReason")
        reasons.setCurrentIndex(reasons.findData("break"))
        with qtbot.waitSignal(board.sig_lever_done, timeout=TIMEOUT_MS,
                              check_params_cb=lambda name, _a: name == "not_ready"):
            board.dialog.accept()
        qtbot.waitUntil(lambda: "Не готовий" in board.table.item(
            board.table.row_of("operator"), PENDING).text(), timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: not window.state_bar.pending_label.isHidden(), timeout=TIMEOUT_MS)
        assert "після дзвінка" in window.state_bar.pending_label.text()
        assert window.agent.state.value == "on_call"

        # A message to operator 1: a banner on their window until they mark it read.
        with qtbot.waitSignal(board.sig_lever_done, timeout=TIMEOUT_MS,
                              check_params_cb=lambda name, _a: name == "message") as sent:
            board.send_message("Після дзвінка — коротка нарада", "operator")
        message_id = sent.args[1]["id"]
        qtbot.waitUntil(lambda: not window.lead_banner.isHidden(), timeout=TIMEOUT_MS)
        assert "коротка нарада" in window.lead_banner.text_label.text()
        window.lead_banner.read_button.click()
        assert window.lead_banner.isHidden()
        qtbot.waitUntil(lambda: bool(board.board.messages.get(message_id, {}).get("read")),
                        timeout=TIMEOUT_MS)

        # The call ends, the wrap-up is done: Not ready applied, the board sees it.
        with qtbot.waitSignal(phone.sig_call_ended, timeout=TIMEOUT_MS):
            window.actions_by_name["hangup"].trigger()
        assert window.agent.state.value == "wrap_up"
        window.go_ready()  # the operator ends the wrap-up; the lead's order wins
        assert window.agent.state.value == "not_ready"
        assert window.agent.reason == "break"
        qtbot.waitUntil(lambda: shows(board, "operator", "not_ready")
                        and row(board, "operator").get("forced") is None, timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: window.state_bar.pending_label.isHidden(),
                        timeout=TIMEOUT_MS)
        assert board.table.item(board.table.row_of("operator"), PENDING).text() == ""
    finally:
        window.current_call_id = None
        caller.close()
        console.close()
        second.reporter.stop()
        phone.shutdown()
        window.runner.wait_done()
        second_api.close()


def test_a_surge_alert_publishes_its_outage_in_one_click_and_the_pop_shows_it(
        qtbot: Any, api_server: ApiServerThread, board: BoardWindow, operator_api: ApiClient,
        building: dict[str, Any], tmp_path: Path) -> None:
    sphere = next(s for s in operator_api.classifier()
                  if len([p for p in s["problems"] if not p["emergency"]]) >= 1)
    problem = next(p for p in sphere["problems"] if not p["emergency"])
    window: Workspace = open_workspace(qtbot, api_server, tmp_path / "op")
    citizen = new_phone()
    for index in range(int(board.board.settings.get("surge_calls") or 5)):
        operator_api.create_appeal(
            {"phone": citizen if index == 0 else new_phone(), "channel": "call",
             "full_name": "Мешканець Будинку", "problem_code": problem["code"],
             "building_id": building["id"], "sip_call_id": f"{uuid.uuid4()}@surge",
             "description": f"Немає води, дзвінок {index + 1}"}, str(uuid.uuid4()))
    qtbot.waitUntil(lambda: any((s.get("place") or {}).get("building_id") == building["id"]
                                for s in board.board.surges.values()), timeout=TIMEOUT_MS)
    item = next(board.surge_list.item(i) for i in range(board.surge_list.count())
                if building["label"] in board.surge_list.item(i).text())
    board.surge_list.setCurrentItem(item)
    assert board.surge_button.isEnabled()

    # The citizen calls back while the lead acts: their pop is open.
    from tests.operator_app.ui.conftest import ringing_call

    with qtbot.waitSignal(window.sig_pop_rendered, timeout=TIMEOUT_MS):
        window.on_ringing(ringing_call(citizen))
    try:
        board.surge_button.click()
        dialog = board.dialog
        assert dialog is not None
        assert dialog.scope_box.currentData() == "building"
        assert dialog.building_box.currentData() == building["id"]
        assert dialog.surge_key is not None
        assert dialog.payload()["building_id"] == building["id"]
        with qtbot.waitSignal(board.sig_lever_done, timeout=TIMEOUT_MS,
                              check_params_cb=lambda name, _a: name == "outage") as done:
            dialog.buttons.accepted.emit()
        outage = done.args[1]["outages"][0]
        assert outage["building"]["id"] == building["id"]
        qtbot.waitUntil(lambda: outage["description"] in window.pop.outage_text()
                        and "⚠" in window.pop.outage_text(), timeout=TIMEOUT_MS)
    finally:
        window.current_call_id = None
        window.runner.wait_done()


def test_outage_dialog_refuses_what_the_api_would_refuse(qtbot: Any,
                                                       board: BoardWindow) -> None:
    dialog = board.publish_outage(None)
    assert dialog is not None
    dialog.scope_box.setCurrentIndex(dialog.scope_box.findData("district"))
    dialog.buttons.accepted.emit()
    assert "район" in dialog.error_label.text()
    assert dialog.isVisible()
    dialog.place_edit.setText("Неіснуючий")
    dialog.scope_box.setCurrentIndex(dialog.scope_box.findData("street"))
    with qtbot.waitSignal(board.sig_lever_failed, timeout=TIMEOUT_MS) as failed:
        dialog.buttons.accepted.emit()
    assert failed.args[0] == "outage"
    assert dialog.error_label.text() == failed.args[1]  # the API's words, the dialog kept
    assert dialog.isVisible()


def test_a_lost_connection_is_said_and_the_board_catches_up(
        qtbot: Any, api_server: ApiServerThread, board: BoardWindow) -> None:
    other, _ = signed_in(api_server, "operator2")
    try:
        with qtbot.waitSignal(board.sig_connection_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda up: not up):
            api_server.stop()
        assert board.connection_banner.isVisible()
        assert "перепідключення" in board.connection_banner.text()
        # What changes meanwhile comes with the snapshot that opens the new stream.
        with qtbot.waitSignal(board.sig_board_changed, timeout=TIMEOUT_MS * 2,
                              check_params_cb=lambda part: part == "snapshot"):
            api_server.start()
            other.desk_heartbeat()
            other.set_agent_state("not_ready", "training")
    finally:
        api_server.start()
    qtbot.waitUntil(lambda: row(board, "operator2").get("state") == "not_ready"
                    and row(board, "operator2").get("reason") == "training",
                    timeout=TIMEOUT_MS * 2)
    assert not board.connection_banner.isVisible()
    other.set_agent_state("offline")
    other.close()


def test_the_lead_listens_whispers_and_barges_from_the_board(
        qtbot: Any, pbx: LocalPbx, api_server: ApiServerThread, tmp_path: Path) -> None:
    """The board's buttons: the API grants the token, the lead's own phone calls the
    operator's desktop, which checks it with the key the API gave it at sign-in."""
    lead_phone = Phone()
    shell = DesktopShell(AppConfig(data_dir=tmp_path / "lead"), lead_phone)
    client, user = signed_in(api_server, "lead")
    board = shell.start(client, user)
    assert isinstance(board, BoardWindow)
    qtbot.addWidget(board)
    second_api, _ = signed_in(api_server, "operator2")
    key = second_api.desk_monitor_key("op1002")["key"]
    console = JsonLineProcess(
        [sys.executable, "-m", "operator_app.telephony", "--registrar", pbx.registrar_uri,
         "--user", "op1002", "--join-queue", "1551", "--null-audio"],
        env={PASSWORD_ENV: pbx.users["op1002"], "KC1551_MONITOR_KEY": key})
    caller = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator", "--registrar", pbx.registrar_uri,
        "--user", "trunk", "--control"], env={PASSWORD_ENV: pbx.users["trunk"]})
    second = ConsoleDesk(console, second_api)
    try:
        with qtbot.waitSignal(board.sig_board_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda part: part == "snapshot"):
            board.show()
        with qtbot.waitSignal(lead_phone.sig_registration_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda s: s.account != "queue"
                              and s.status is RegistrationStatus.REGISTERED):
            lead_phone.start(SipConfig(registrar=pbx.registrar_uri, user="op1003",
                                       password=pbx.users["op1003"], null_audio=True))
        with qtbot.waitSignal(shell.sig_monitoring_armed, timeout=TIMEOUT_MS,
                              check_params_cb=bool):
            shell.arm_monitoring("op1003")
        console.wait_for(lambda e: e["event"] == "registered" and e["account"] == "queue",
                         TIMEOUT_MS / 1000)
        second_api.set_agent_state("available")
        second.reporter.start()
        qtbot.waitUntil(lambda: shows(board, "operator2", "available"), timeout=TIMEOUT_MS)

        # Nobody to listen to yet: the button stays off and the API would say why.
        board.table.selectRow(board.table.row_of("operator2"))
        assert not board.monitor_buttons[MonitorMode.LISTEN].isEnabled()

        caller.wait_for("ready", TIMEOUT_MS / 1000)
        caller.send({"cmd": "call", "to": "1551", "from_number": new_phone(),
                     "display": "Гнатюк", "withheld": False})
        second.wait("incoming")
        console.send({"cmd": "answer"})
        second.wait("connected")
        second_api.set_agent_state("on_call")
        qtbot.waitUntil(lambda: board.monitor_buttons[MonitorMode.LISTEN].isEnabled(),
                        timeout=TIMEOUT_MS)

        def lead_is(mode: MonitorMode) -> Any:
            return lambda s: s.status is MonitorStatus.ACTIVE and s.mode is mode

        with qtbot.waitSignal(board.sig_monitor_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lead_is(MonitorMode.LISTEN)):
            board.monitor_buttons[MonitorMode.LISTEN].click()
        operator_side = console.wait_for(
            lambda e: e["event"] == "monitor" and e["status"] == "active", TIMEOUT_MS / 1000)
        assert (operator_side["side"], operator_side["mode"]) == ("operator", "listen")
        assert "operator2" in board.monitor_label.text()

        with qtbot.waitSignal(board.sig_monitor_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lead_is(MonitorMode.BARGE)):
            board.actions_by_name["barge"].trigger()
        console.wait_for(lambda e: e["event"] == "monitor" and e["mode"] == "barge",
                         TIMEOUT_MS / 1000)

        with qtbot.waitSignal(lead_phone.sig_monitor, timeout=TIMEOUT_MS,
                              check_params_cb=lambda s: s.status is MonitorStatus.ENDED):
            board.actions_by_name["stop_monitor"].trigger()
        console.wait_for(lambda e: e["event"] == "monitor" and e["status"] == "ended",
                         TIMEOUT_MS / 1000)
        assert board.monitoring is None
        assert board.monitor_label.isHidden()
        console.send({"cmd": "hangup"})
        second.wait("ended")
    finally:
        caller.close()
        console.close()
        second.reporter.stop()
        board.close()
        lead_phone.shutdown()
        second_api.close()
