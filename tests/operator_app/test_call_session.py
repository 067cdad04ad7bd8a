"""The Qt-free call-session core: a call's context lives through its wrap-up and its
summary goes once, carrying every record made on it, before or after hang-up."""

from __future__ import annotations

import time
from dataclasses import replace

from operator_app.call_session import CallSession, CallSessions
from operator_app.telephony.models import (
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
)


def incoming(call_id: str = "c1") -> CallInfo:
    return CallInfo(call_id=call_id, sip_call_id=f"{call_id}@pbx",
                    direction=CallDirection.INCOMING, status=CallStatus.RINGING,
                    remote_number="+380671234567", remote_display="", remote_uri="sip:x@pbx",
                    started_at=time.time())


def summary(call: CallInfo, answered: bool = True) -> CallSummary:
    now = time.time()
    return CallSummary(call_id=call.call_id, sip_call_id=call.sip_call_id,
                       direction=call.direction, remote_number=call.remote_number,
                       local_user="op", started_at=now - 10,
                       answered_at=now - 8 if answered else None, ended_at=now,
                       ring_ms=2000 if answered else 0, connect_ms=30, early_ms=None,
                       hold_segments=(), hold_ms=0, talk_ms=8000 if answered else 0,
                       disposition=Disposition.ANSWERED if answered else Disposition.MISSED,
                       mos=4.2, jitter_ms=1.0, loss_pct=0.0, rtt_ms=5.0)


class Closed(list[CallSession]):
    def __call__(self, session: CallSession) -> None:
        self.append(session)


def answered_session(sessions: CallSessions, call: CallInfo) -> CallSession:
    sessions.ringing(call)
    session, started = sessions.changed(replace(call, status=CallStatus.CONNECTED,
                                                answered_at=time.time()))
    assert started
    return session


def test_record_made_in_wrap_up_belongs_to_the_ended_call_and_the_summary_waits() -> None:
    closed = Closed()
    sessions = CallSessions(closed)
    call = incoming()
    session = answered_session(sessions, call)
    sessions.record_started(session)
    sessions.record_done(session, "consultation", remote_id=7)  # during the call
    sessions.ended(summary(call))
    assert closed == []  # answered: the wrap-up is still open
    assert sessions.current is None

    late = sessions.for_new_record()  # the operator finishes the appeal after hang-up
    assert late is session
    assert late.sip_call_id == "c1@pbx"
    sessions.record_started(late)
    sessions.record_done(late, "appeal", remote_id=41)
    sessions.finish_wrap_up()

    assert closed == [session]
    payload, links = session.summary_payload()
    assert payload["sip_call_id"] == "c1@pbx"
    assert payload["appeal_ids"] == [41]
    assert payload["appeal_id"] == 41
    assert payload["consultation_ids"] == [7]
    assert payload["consultation_id"] == 7
    assert payload["verification_round_ids"] == []
    assert links == {}
    assert sessions.for_new_record() is None  # closed: later records are the call's no more


def test_summary_is_sent_once_even_when_closed_twice() -> None:
    closed = Closed()
    sessions = CallSessions(closed)
    call = incoming()
    session = answered_session(sessions, call)
    sessions.ended(summary(call))
    sessions.finish_wrap_up()
    sessions.finish_wrap_up()
    sessions.close(session)
    sessions.finish_wrap_up()
    assert closed == [session]


def test_close_waits_for_a_record_still_in_flight() -> None:
    closed = Closed()
    sessions = CallSessions(closed)
    call = incoming()
    session = answered_session(sessions, call)
    sessions.ended(summary(call))
    sessions.record_started(session)  # "Register" pressed; the API has not answered
    sessions.finish_wrap_up()  # and the operator went Ready at once
    assert closed == []
    sessions.record_done(session, "appeal", local_ref="outbox-ref-1")  # queued: API away
    assert closed == [session]
    payload, links = session.summary_payload()
    assert payload["appeal_ids"] == []
    assert links == {"appeal_ids": ["outbox-ref-1"], "appeal_id": "outbox-ref-1"}


def test_a_rejected_record_releases_the_summary_without_a_link() -> None:
    closed = Closed()
    sessions = CallSessions(closed)
    call = incoming()
    session = answered_session(sessions, call)
    sessions.ended(summary(call))
    sessions.record_started(session)
    sessions.close(session)
    sessions.record_failed(session)
    assert closed == [session]
    assert session.summary_payload()[0]["appeal_ids"] == []


def test_missed_call_closes_at_once_and_a_new_call_ends_the_previous_wrap_up() -> None:
    closed = Closed()
    sessions = CallSessions(closed)
    missed = incoming("m1")
    sessions.ringing(missed)
    sessions.ended(summary(missed, answered=False))
    assert [s.call_id for s in closed] == ["m1"]

    first = incoming("a1")
    answered_session(sessions, first)
    sessions.ended(summary(first))
    assert len(closed) == 1
    second = incoming("a2")
    sessions.ringing(second)  # a new call: the first one's wrap-up is over
    assert [s.call_id for s in closed] == ["m1", "a1"]
    assert sessions.for_new_record() is sessions.get("a2")


def test_outgoing_call_is_worked_from_its_invite_and_keeps_its_purpose() -> None:
    closed = Closed()
    sessions = CallSessions(closed)
    call = replace(incoming("o1"), direction=CallDirection.OUTGOING, status=CallStatus.CALLING)
    sessions.ringing(call, verification_appeal=42)
    session, started = sessions.changed(call)
    assert started
    assert session.worked
    assert session.purpose == {"verification_appeal": 42}
    sessions.ended(replace(summary(call), disposition=Disposition.FAILED))
    assert closed == []  # a failed callback still gets its outcome recorded first
    sessions.record_started(session)
    sessions.record_done(session, "verification", remote_id=5)
    sessions.close(session)
    assert session.summary_payload()[0]["verification_round_ids"] == [5]
