"""One call's working context, from the INVITE to the end of its wrap-up, with no Qt.

Every window (the operator workspace, the feedback worklist) keeps its calls
here. A session lives past the hang-up: what the operator registers during
wrap-up (where appeals are usually finished) is still the call's, with its SIP
Call-ID. The call summary is sent once, when the session closes (the wrap-up
is over, the feedback outcome recorded, or the window closes), carrying every
record made on the call; records still on their way to the API (sent but not
answered, or waiting in the outbox) are waited for or linked by their outbox
reference.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from operator_app.telephony.models import CallInfo, CallStatus, CallSummary

log = logging.getLogger(__name__)

RecordKind = Literal["appeal", "consultation", "verification"]
# The call summary's list field for each kind of record (POST /api/v1/calls).
LIST_FIELDS: dict[str, str] = {"appeal": "appeal_ids", "consultation": "consultation_ids",
                               "verification": "verification_round_ids"}
# The summary's older single-record fields, filled with the first of each kind.
SINGLE_FIELDS: dict[str, str] = {"appeal": "appeal_id", "consultation": "consultation_id"}

# States in which a call is being worked (and so needs a wrap-up when it ends).
_WORKING = (CallStatus.CALLING, CallStatus.CONNECTING, CallStatus.CONNECTED, CallStatus.HELD)


@dataclass(frozen=True, slots=True)
class RecordLink:
    """Something registered on a call: its API id, or its outbox reference while it waits."""

    kind: RecordKind
    remote_id: int | None = None
    local_ref: str | None = None


@dataclass
class CallSession:
    call: CallInfo
    purpose: dict[str, Any] = field(default_factory=dict)  # e.g. {"verification_appeal": 42}
    worked: bool = False  # answered, or an outgoing call placed: it gets a wrap-up
    summary: CallSummary | None = None  # set at hang-up
    records: list[RecordLink] = field(default_factory=list)
    in_flight: int = 0  # records handed to the API whose answer has not come yet
    citizen_name: str = ""
    attended_to: str | None = None  # the consultation call of an attended transfer
    closing: bool = False  # closed as soon as the records in flight are answered
    closed: bool = False

    @property
    def call_id(self) -> str:
        return self.call.call_id

    @property
    def sip_call_id(self) -> str:
        return self.call.sip_call_id

    @property
    def ended(self) -> bool:
        return self.summary is not None

    def remote_ids(self, kind: RecordKind) -> list[int]:
        return [r.remote_id for r in self.records if r.kind == kind and r.remote_id is not None]

    def summary_payload(self, summary: CallSummary | None = None
                        ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The POST /calls body and the outbox links of records still waiting there
        (`summary`: the hang-up's, before `CallSessions.ended` has stored it)."""
        summary = summary or self.summary
        assert summary is not None, "a call's summary exists only once it has ended"
        payload = summary.to_json()
        links: dict[str, Any] = {}
        for kind, list_field in LIST_FIELDS.items():
            payload[list_field] = self.remote_ids(kind)  # type: ignore[arg-type]
            waiting = [r.local_ref for r in self.records if r.kind == kind and r.local_ref]
            if waiting:
                links[list_field] = waiting
        for kind, single in SINGLE_FIELDS.items():
            ids = self.remote_ids(kind)  # type: ignore[arg-type]
            if ids:
                payload[single] = ids[0]
            elif list_field_refs := links.get(LIST_FIELDS[kind]):
                links[single] = list_field_refs[0]
        return payload, links


Closer = Callable[[CallSession], None]


class CallSessions:
    """The calls of one desktop: the one on the line, and those still in wrap-up.

    `on_close(session)` runs exactly once per session, when its summary is due
    (the window sends `session.summary_payload()`).
    """

    def __init__(self, on_close: Closer) -> None:
        self._on_close = on_close
        self._sessions: dict[str, CallSession] = {}
        self.current_id: str | None = None  # the call on the line, if any

    # -- call events ----------------------------------------------------------
    def ringing(self, call: CallInfo, **purpose: Any) -> CallSession:
        """A new call (incoming INVITE, or one we place): earlier wrap-ups are over."""
        self.finish_wrap_up()
        session = self._sessions.get(call.call_id)
        if session is None:
            session = self._sessions[call.call_id] = CallSession(call, purpose=dict(purpose))
        else:
            session.purpose.update(purpose)
        self.current_id = call.call_id
        return session

    def changed(self, call: CallInfo) -> tuple[CallSession, bool]:
        """A call's new state; True the first time it is being worked (answered or dialled)."""
        session = self._sessions.get(call.call_id)
        if session is None:  # an outgoing call placed without telling us first
            session = self.ringing(call)
        session.call = call
        started = False
        if not session.worked and call.status in _WORKING:
            session.worked = True  # an outgoing call counts from its INVITE, as the agent does
            started = True
        return session, started

    def ended(self, summary: CallSummary) -> CallSession | None:
        """Hang-up. An unanswered call closes now; an answered one waits for its wrap-up."""
        session = self._sessions.get(summary.call_id)
        if session is None:
            return None
        session.summary = summary
        if self.current_id == summary.call_id:
            self.current_id = None
        if not session.worked:
            self.close(session)
        return session

    # -- lookups --------------------------------------------------------------
    def get(self, call_id: str | None) -> CallSession | None:
        return self._sessions.get(call_id or "")

    @property
    def current(self) -> CallSession | None:
        return self.get(self.current_id)

    def in_wrap_up(self) -> list[CallSession]:
        return [s for s in self._sessions.values() if s.ended and not s.closing]

    def for_new_record(self) -> CallSession | None:
        """The call a record made now belongs to: the one on the line, else the one
        whose wrap-up is still open (the newest)."""
        if self.current is not None:
            return self.current
        waiting = self.in_wrap_up()
        return waiting[-1] if waiting else None

    def open_sessions(self) -> list[CallSession]:
        return list(self._sessions.values())

    # -- records --------------------------------------------------------------
    def record_started(self, session: CallSession) -> None:
        session.in_flight += 1

    def record_done(self, session: CallSession, kind: RecordKind, *,
                    remote_id: int | None = None, local_ref: str | None = None) -> None:
        """A record's delivery finished: sent (remote_id) or waiting in the outbox."""
        if remote_id is not None or local_ref is not None:
            link = RecordLink(kind, remote_id, local_ref)
            if link not in session.records:
                session.records.append(link)
        self._settled(session)

    def record_failed(self, session: CallSession) -> None:
        """The API refused the record (the form keeps it): nothing to link."""
        self._settled(session)

    def _settled(self, session: CallSession) -> None:
        session.in_flight = max(0, session.in_flight - 1)
        if session.closing and session.in_flight == 0:
            self._close_now(session)

    # -- closing --------------------------------------------------------------
    def finish_wrap_up(self) -> None:
        """The operator is done with the ended calls: send their summaries."""
        for session in self.in_wrap_up():
            self.close(session)

    def close(self, session: CallSession) -> None:
        if session.closed or session.closing:
            return
        if session.summary is None:
            log.warning("call %s closed before it ended: no summary", session.call_id)
            self._sessions.pop(session.call_id, None)
            session.closed = True
            return
        session.closing = True
        if session.in_flight == 0:
            self._close_now(session)

    def _close_now(self, session: CallSession) -> None:
        if session.closed:
            return
        session.closed = True
        self._sessions.pop(session.call_id, None)
        self._on_close(session)
