"""The console softphone as IT and the tests use it: JSON lines in, JSON lines out."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from kc1551_demo.local_pbx import LocalPbx
from operator_app.telephony.config import PASSWORD_ENV
from operator_app.telephony.jsonl_process import JsonLineProcess

pytestmark = pytest.mark.sip

EVENT_TIMEOUT_S = 10.0
CITIZEN = "+380671234567"


def softphone(pbx: LocalPbx, *extra: str, password: str | None = None) -> JsonLineProcess:
    return JsonLineProcess([
        sys.executable, "-m", "operator_app.telephony", "--null-audio",
            "--registrar", pbx.registrar_uri, "--user", "op1003", *extra,
    ], env={PASSWORD_ENV: pbx.users["op1003"] if password is None else password})


@pytest.fixture
def caller(pbx: LocalPbx) -> Iterator[JsonLineProcess]:
    process = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator", "--registrar", pbx.registrar_uri,
        "--user", "trunk", "--control",
    ], env={PASSWORD_ENV: pbx.users["trunk"]})
    try:
        process.wait_for("ready", EVENT_TIMEOUT_S)
        yield process
    finally:
        process.close()


def test_wrong_password_reports_registration_failed(pbx: LocalPbx) -> None:
    with softphone(pbx, password="wrong") as phone:
        failed = phone.wait_for("registration_failed", EVENT_TIMEOUT_S)
        assert failed["code"] in (401, 403)
        assert "пароль" in failed["reason"]
        phone.send({"cmd": "bogus"})
        assert "Невідома команда" in phone.wait_for("error", EVENT_TIMEOUT_S)["message"]
    assert phone.process.returncode == 0


def test_queue_call_answer_hold_resume_hangup(pbx: LocalPbx, caller: JsonLineProcess) -> None:
    with softphone(pbx, "--join-queue", "1551") as phone:
        phone.wait_for(lambda e: e["event"] == "registered" and e["account"] == "queue",
                       EVENT_TIMEOUT_S)
        phone.wait_for("options_rtt", EVENT_TIMEOUT_S)
        caller.send({"cmd": "call", "to": "1551", "from_number": CITIZEN, "display": "Іваненко",
                     "withheld": False})
        incoming = phone.wait_for("incoming", EVENT_TIMEOUT_S)
        assert incoming["number"] == CITIZEN
        assert incoming["display"] == "Іваненко"
        for command, event in (("answer", "connected"), ("hold", "held"),
                               ("unhold", "resumed")):
            phone.send({"cmd": command})
            phone.wait_for(event, EVENT_TIMEOUT_S)
        phone.send({"cmd": "dtmf", "digits": "15"})
        assert caller.wait_for("dtmf", EVENT_TIMEOUT_S)["digit"] == "1"
        phone.send({"cmd": "hangup"})
        summary = phone.wait_for("ended", EVENT_TIMEOUT_S)["summary"]
    assert summary["disposition"] == "answered"
    assert summary["remote_number"] == CITIZEN
    assert len(summary["hold_segments"]) == 1
    for key in ("ring_ms", "connect_ms", "hold_ms", "talk_ms", "mos"):
        assert key in summary
    caller.wait_for("ended", EVENT_TIMEOUT_S)
