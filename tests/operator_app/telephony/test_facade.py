"""`Phone` delivers the engine's snapshots as Qt signals on the GUI thread."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kc1551_demo.local_pbx import LocalPbx
from operator_app.telephony.config import PASSWORD_ENV, SipConfig
from operator_app.telephony.facade import Phone
from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.models import (
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
    RegistrationState,
    RegistrationStatus,
)

pytestmark = pytest.mark.sip

CITIZEN = "+380931234567"
SIGNAL_TIMEOUT_MS = 10_000


@pytest.fixture
def phone(qtbot: QtBot, pbx: LocalPbx) -> Iterator[Phone]:
    phone = Phone()
    with qtbot.waitSignal(
        phone.sig_registration_changed, timeout=SIGNAL_TIMEOUT_MS,
        check_params_cb=lambda s: s.account == "queue"
        and s.status is RegistrationStatus.REGISTERED,
    ):
        phone.start(SipConfig(registrar=pbx.registrar_uri, user="op1004",
                              password=pbx.users["op1004"], ready=True,
                              null_audio=True))
    try:
        yield phone
    finally:
        phone.shutdown()


def test_ringing_answer_and_summary_arrive_as_signals_on_gui_thread(
        qtbot: QtBot, pbx: LocalPbx, phone: Phone) -> None:
    threads: list[threading.Thread] = []
    phone.sig_ringing.connect(lambda _info: threads.append(threading.current_thread()))
    caller = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator", "--registrar", pbx.registrar_uri,
        "--user", "trunk", "--control",
    ], env={PASSWORD_ENV: pbx.users["trunk"]})
    with caller:
        caller.wait_for("ready", SIGNAL_TIMEOUT_MS / 1000)
        with qtbot.waitSignal(phone.sig_ringing, timeout=SIGNAL_TIMEOUT_MS) as ringing:
            caller.send({"cmd": "call", "to": "1551", "from_number": CITIZEN,
                         "display": "Коваль", "withheld": False})
        info: CallInfo = ringing.args[0]
        assert info.remote_number == CITIZEN
        assert threads == [threading.main_thread()]

        with qtbot.waitSignal(phone.sig_call_changed, timeout=SIGNAL_TIMEOUT_MS,
                              check_params_cb=lambda i: i.status is CallStatus.CONNECTED):
            phone.answer(info.call_id)
        with qtbot.waitSignal(phone.sig_call_changed, timeout=SIGNAL_TIMEOUT_MS,
                              check_params_cb=lambda i: i.muted):
            phone.set_mute(info.call_id, True)
        with qtbot.waitSignal(phone.sig_call_ended, timeout=SIGNAL_TIMEOUT_MS) as ended:
            phone.hangup(info.call_id)
    summary: CallSummary = ended.args[0]
    assert summary.disposition is Disposition.ANSWERED
    assert summary.call_id == info.call_id


def test_not_ready_unregisters_the_queue_binding(qtbot: QtBot, phone: Phone) -> None:
    with qtbot.waitSignal(phone.sig_registration_changed, timeout=SIGNAL_TIMEOUT_MS,
                          check_params_cb=lambda s: s.account == "queue") as changed:
        phone.set_ready(False)
    state: RegistrationState = changed.args[0]
    assert state.status is RegistrationStatus.UNREGISTERED
    assert state.code == 200


def test_audio_devices_list_and_bad_choice_falls_back_with_error(
        qtbot: QtBot, phone: Phone) -> None:
    devices = phone.audio_devices()
    assert isinstance(devices, list)
    with qtbot.waitSignal(phone.sig_error, timeout=SIGNAL_TIMEOUT_MS) as error:
        phone.set_audio_devices("Мікрофон, якого немає", "Навушники, яких немає")
    assert "не знайдено" in error.args[0]


def test_commands_after_shutdown_report_an_error(qtbot: QtBot, pbx: LocalPbx) -> None:
    phone = Phone()
    with qtbot.waitSignal(phone.sig_error, timeout=SIGNAL_TIMEOUT_MS) as error:
        phone.hangup("c1")
    assert error.args[0] == "Телефон не запущено"
