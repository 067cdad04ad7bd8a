"""The call summary has one definition: what the desktop sends is what the API reads."""

from __future__ import annotations

import time

from pydantic import TypeAdapter

from kc1551_common.call_summary import REPORT_FIELDS, CallReport
from operator_app.call_session import CallSessions
from operator_app.telephony.models import (
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
)
from server_api.calls.service import CallCreate


def test_the_apis_request_model_is_the_shared_report() -> None:
    assert CallCreate is CallReport
    assert issubclass(CallReport, CallSummary)


def test_a_desktop_session_payload_validates_as_the_apis_body_field_for_field() -> None:
    now = time.time()
    call = CallInfo(call_id="c1", sip_call_id="c1@pbx", direction=CallDirection.OUTGOING,
                    status=CallStatus.CONNECTED, remote_number="+380671234567",
                    remote_display="", remote_uri="sip:x@pbx", started_at=now - 60)
    sessions = CallSessions(lambda _s: None)
    sessions.ringing(call)
    session, _ = sessions.changed(call)
    sessions.record_started(session)
    sessions.record_done(session, "verification", remote_id=12)
    summary = CallSummary(call_id="c1", sip_call_id="c1@pbx", direction=CallDirection.OUTGOING,
                          local_user="op1002", started_at=now - 60, ended_at=now, ring_ms=3000,
                          hold_ms=0, talk_ms=57000, disposition=Disposition.ANSWERED,
                          answered_at=now - 57, mos=4.1)
    sessions.ended(summary)
    payload, links = session.summary_payload()
    assert set(payload) <= REPORT_FIELDS  # nothing the API would not read
    assert REPORT_FIELDS - set(payload) == {"appeal_id", "consultation_id"}  # none made
    assert links == {}
    report = TypeAdapter(CallReport).validate_python(payload)
    assert report.verification_round_ids == (12,)
    assert report.links()["verification_round"] == [12]
    assert report.talk_ms == 57000
