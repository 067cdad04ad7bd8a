"""The feedback department's worklist with the real engine on Kamailio, the real API
on PostgreSQL and a bare pjsua2 citizen's phone: sign in, claim, click to call,
record the outcome; the round carries the call's Call-ID and its metrics."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt

from kc1551_demo.embedded import ApiServerThread
from kc1551_demo.local_pbx import LocalPbx
from operator_app.api_client import ApiClient, ApiError
from operator_app.config import AppConfig
from operator_app.telephony.config import PASSWORD_ENV, SipConfig
from operator_app.telephony.facade import Phone
from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.models import CallStatus, RegistrationStatus
from operator_app.ui.shell import DesktopShell
from operator_app.ui.worklist_window import WorklistWindow
from tests.operator_app.ui.conftest import new_phone, signed_in

pytestmark = [pytest.mark.sip, pytest.mark.postgres]

TIMEOUT_MS = 15_000


def awaiting_verification(operator_api: ApiClient, lead: ApiClient, building: dict[str, Any],
                          problem: dict[str, Any], phone: str) -> dict[str, Any]:
    """An appeal its executor has reported done: what the feedback department calls about."""
    appeal = operator_api.create_appeal(
        {"phone": phone, "full_name": "Гнатюк Степан", "channel": "call",
         "problem_code": problem["code"], "building_id": building["id"],
         "description": "Не працює ліфт у під'їзді"}, str(uuid.uuid4()))
    lead.request("POST", f"/appeals/{appeal['id']}/transition", json={"to": "in_work"})
    lead.request("POST", f"/appeals/{appeal['id']}/transition",
                 json={"to": "awaiting_verification", "comment": "Ліфт відремонтовано"})
    return appeal


def citizen_phone(pbx: LocalPbx) -> JsonLineProcess:
    """The city network's side: every number dialled out reaches this bare pjsua2 phone."""
    return JsonLineProcess([sys.executable, "-m", "tests.fixtures.bare_callee", "--registrar",
                            pbx.registrar_uri, "--user", "gateway"],
                           env={PASSWORD_ENV: pbx.users["gateway"]})


@pytest.fixture
def worklist(qtbot: Any, pbx: LocalPbx, api_server: ApiServerThread,
             tmp_path: Path) -> Iterator[WorklistWindow]:
    phone = Phone()
    shell = DesktopShell(AppConfig(data_dir=tmp_path), phone)
    client, user = signed_in(api_server, "feedback")
    window = shell.start(client, user)
    assert isinstance(window, WorklistWindow)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(phone.sig_registration_changed, timeout=TIMEOUT_MS,
                          check_params_cb=lambda s: s.account != "queue"
                          and s.status is RegistrationStatus.REGISTERED):
        phone.start(SipConfig(registrar=pbx.registrar_uri, user="op1002",
                              password=pbx.users["op1002"], null_audio=True))
    try:
        yield window
    finally:
        window.sessions.current_id = None
        phone.shutdown()
        window.close()
        window.runner.wait_done()


def row_of(window: WorklistWindow, appeal_id: int) -> int:
    ids = [int(item["appeal_id"]) for item in window._rows]
    assert appeal_id in ids, "the appeal awaiting verification is not on the worklist"
    return ids.index(appeal_id)


def show_list(qtbot: Any, window: WorklistWindow) -> None:
    with qtbot.waitSignal(window.sig_list_shown, timeout=TIMEOUT_MS):
        window.refresh(page=1)


def test_feedback_user_claims_calls_back_and_confirms_with_a_grade(
        qtbot: Any, pbx: LocalPbx, worklist: WorklistWindow, operator_api: ApiClient,
        lead: ApiClient, building: dict[str, Any], problem: dict[str, Any]) -> None:
    window = worklist
    number = new_phone()
    appeal = awaiting_verification(operator_api, lead, building, problem, number)
    with citizen_phone(pbx) as citizen:
        citizen.wait_for("registered", TIMEOUT_MS / 1000)
        qtbot.waitUntil(lambda: window.sphere_box.count() > 1, timeout=TIMEOUT_MS)
        show_list(qtbot, window)
        # Each sphere on the filter shows how many of its items may be called now.
        sphere = window._rows[row_of(window, appeal["id"])]["sphere"]["code"]
        counted = {entry["key"]: entry["count"] for entry in lead.worklist_counts()["by_sphere"]}
        assert counted[sphere] >= 1
        assert window.sphere_box.itemText(window.sphere_box.findData(sphere)) \
            .endswith(f"({counted[sphere]})")
        # The pager's text is all there to read ("усього 10" was cut to "усього 1").
        pager = window.page_label
        assert pager.text().endswith(f"усього {window._total}")
        needed = pager.fontMetrics().boundingRect(
            QRect(0, 0, pager.contentsRect().width(), 10_000),
            int(Qt.TextFlag.TextWordWrap), pager.text())
        assert needed.width() <= pager.contentsRect().width()
        assert needed.height() <= pager.contentsRect().height()
        with qtbot.waitSignal(window.sig_item_opened, timeout=TIMEOUT_MS) as opened:
            window.open_row(row_of(window, appeal["id"]))
        item = opened.args[0]
        assert item["lease"]["username"] == "feedback"
        assert appeal["number"] in window.item_label.text()
        assert "Ліфт відремонтовано" in window.item_label.text()  # the executor's report
        assert "Гнатюк Степан" in window.scripts_panel.rendered_text()
        assert appeal["number"] in window.scripts_panel.rendered_text()
        assert window.lease_label.text().startswith("Зарезервовано за вами до ")
        # Nobody else can ring this citizen meanwhile.
        with pytest.raises(ApiError) as taken:
            lead.worklist_claim(appeal["id"])
        assert taken.value.status == 409

        with qtbot.waitSignal(window.phone.sig_call_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda c: c.status is CallStatus.CONNECTED):
            window.actions_by_name["call"].trigger()
        answered = citizen.wait_for("connected", TIMEOUT_MS / 1000)
        call = window.sessions.current
        assert call is not None
        assert call.sip_call_id == answered["sip_call_id"]
        assert call.call.remote_number == number
        with qtbot.waitSignal(window.phone.sig_call_ended, timeout=TIMEOUT_MS):
            window.actions_by_name["hangup"].trigger()

    # "Confirmed" needs the citizen's grade: refused, and the comment stays.
    window.comment_edit.setPlainText("Заявник підтвердив: ліфт працює")
    window.actions_by_name["confirmed"].trigger()
    assert "оцінку" in window.outcome_error.text()
    assert window.comment_edit.toPlainText() == "Заявник підтвердив: ліфт працює"

    window.grade_group.button(5).setChecked(True)
    with qtbot.waitSignal(window.sig_call_posted, timeout=TIMEOUT_MS) as posted, \
            qtbot.waitSignal(window.sig_outcome_recorded, timeout=TIMEOUT_MS) as recorded:
        window.actions_by_name["confirmed"].trigger()
    answer = recorded.args[0]
    assert answer["appeal"]["status"] == "closed"
    assert answer["round"]["outcome"] == "confirmed"
    assert answer["round"]["grade"] == 5
    assert answer["round"]["sip_call_id"] == answered["sip_call_id"]
    summary = posted.args[0]
    assert summary["sip_call_id"] == answered["sip_call_id"]
    assert summary["direction"] == "out"
    assert summary["disposition"] == "answered"
    assert summary["talk_ms"] > 0
    assert summary["verification_round_ids"] == [answer["round"]["id"]]
    # The appeal's record shows the round with the measured call.
    rounds = lead.get_appeal(appeal["id"])["verifications"]
    assert [r["outcome"] for r in rounds] == ["confirmed"]
    assert rounds[0]["call"]["talk_ms"] == summary["talk_ms"]
    assert rounds[0]["call"]["mos"] == summary["mos"]
    assert window.item is None  # done: the next one is a keypress away


def test_no_answer_counts_an_attempt_and_the_item_waits_for_its_retry(
        qtbot: Any, worklist: WorklistWindow, operator_api: ApiClient, lead: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    window = worklist
    appeal = awaiting_verification(operator_api, lead, building, problem, new_phone())
    show_list(qtbot, window)
    with qtbot.waitSignal(window.sig_item_opened, timeout=TIMEOUT_MS):
        window.open_row(row_of(window, appeal["id"]))
    window.comment_edit.setPlainText("Не бере слухавку")
    with qtbot.waitSignal(window.sig_outcome_recorded, timeout=TIMEOUT_MS) as recorded:
        window.actions_by_name["no_answer"].trigger()
    item = recorded.args[0]["item"]
    assert item["attempts"] == 1
    assert item["next_attempt_at"] is not None
    assert recorded.args[0]["appeal"]["status"] == "awaiting_verification"
    # the list the window shows next leaves it out until its retry time
    qtbot.waitUntil(lambda: appeal["id"] not in [int(i["appeal_id"]) for i in window._rows],
                    timeout=TIMEOUT_MS)
    assert "повторний дзвінок" in window.statusBar().currentMessage()


def test_an_outcome_on_an_item_someone_else_holds_is_refused_and_keeps_the_comment(
        qtbot: Any, worklist: WorklistWindow, operator_api: ApiClient, lead: ApiClient,
        building: dict[str, Any], problem: dict[str, Any]) -> None:
    window = worklist
    appeal = awaiting_verification(operator_api, lead, building, problem, new_phone())
    show_list(qtbot, window)
    with qtbot.waitSignal(window.sig_item_opened, timeout=TIMEOUT_MS):
        window.open_row(row_of(window, appeal["id"]))
    # The lease is lost (say the PC slept past it) and a lead took the item over.
    assert window.api is not None
    window.api.worklist_release(appeal["id"])
    lead.worklist_claim(appeal["id"])
    window.comment_edit.setPlainText("Заявник каже: не відремонтовано")
    with qtbot.waitSignal(window.sig_refused, timeout=TIMEOUT_MS):
        window.actions_by_name["not_solved"].trigger()
    assert "lead" in window.outcome_error.text() or "Бондар" in window.outcome_error.text()
    assert window.comment_edit.toPlainText() == "Заявник каже: не відремонтовано"
    assert lead.get_appeal(appeal["id"])["status"] == "awaiting_verification"
