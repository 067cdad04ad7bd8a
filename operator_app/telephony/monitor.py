"""Listen, whisper, barge: a shift lead in an operator's call.

The PBX is a SIP proxy that mixes no audio, so the lead's desktop calls the
operator's own AoR with an `X-KC1551-Monitor: listen|whisper|barge` header and
a token (`X-KC1551-Monitor-Token`), and the operator's desktop mixes the lead
into its conference bridge:

    mode      the lead hears          the operator hears    the citizen hears
    listen    citizen + operator      citizen               operator
    whisper   citizen + operator      citizen + lead        operator
    barge     citizen + operator      citizen + lead        operator + lead

Such a call is never a citizen's call: it is not offered as ringing, never
rings, never reaches the call summaries. The operator's engine answers it
itself only when the verifier the application injected accepts the token (403
otherwise) and the operator is in a call (480 otherwise). The lead switches the
mode in the dialog with a MESSAGE whose body is the mode (pjsua answers an
in-dialog MESSAGE itself, and the lead learns from its 200 that it applied).
The session follows the operator's conversation: on hold the citizen leaves
the mix (the lead and the operator still hear each other as the mode says);
when no answered call is left the operator's side ends the session (BYE).

Everything here runs on the engine's owner thread.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pjsua2 as pj

from kc1551_common.monitor_tokens import MonitorTokens
from operator_app.telephony.caller_id import split_name_addr, uri_user
from operator_app.telephony.models import (
    MonitorMode,
    MonitorSide,
    MonitorState,
    MonitorStatus,
)
from operator_app.telephony.owner import OwnerLoop

log = logging.getLogger(__name__)

__all__ = ["MonitorRequest", "MonitorTokens", "MonitorVerifier", "refuse_all"]

MONITOR_HEADER = "X-KC1551-Monitor"
MONITOR_TOKEN_HEADER = "X-KC1551-Monitor-Token"
MODE_CONTENT_TYPE = "application/x-kc1551-monitor"


def canonical_header(name: str) -> str:
    """The case `caller_id.parse_headers` gives a header name."""
    return "-".join(part.capitalize() for part in name.split("-"))


@dataclass(frozen=True, slots=True)
class MonitorRequest:
    """What the operator's desktop knows of a lead's request, for the verifier."""

    lead: str  # the user part of the INVITE's From (the lead's SIP user)
    operator: str  # this desktop's own SIP user
    mode: MonitorMode
    token: str
    sip_call_id: str


# Called on the owner thread while the INVITE waits: it must not block (no
# network); a signature check is what it is for.
MonitorVerifier = Callable[[MonitorRequest], bool]


def refuse_all(request: MonitorRequest) -> bool:
    """The verifier until the application injects one: nobody listens unannounced."""
    return False


def parse_mode(text: str | None) -> MonitorMode | None:
    try:
        return MonitorMode((text or "").strip().lower())
    except ValueError:
        return None


@dataclass
class MonitorSession:
    """One lead-to-operator call, on either side."""

    monitor_id: str
    side: MonitorSide
    mode: MonitorMode
    peer: str
    pj_call: Any = None  # PjMonitorCall; released a turn after DISCONNECTED returned
    sip_call_id: str = ""
    status: MonitorStatus = MonitorStatus.CONNECTING
    media: Any = None  # the call's AudioMedia once its stream runs
    end_reason: str = ""  # why this side ended it, told to its own listener

    def snapshot(self, code: int = 0, reason: str = "") -> MonitorState:
        return MonitorState(self.monitor_id, self.side, self.status, self.mode, self.peer,
                            code, reason)


class PjMonitorCall(pj.Call):
    """pjsua2's callbacks of a monitoring call, handed to `Monitors`, never raising."""

    def __init__(self, monitors: Monitors, session: MonitorSession, account: Any,
                 pj_id: int) -> None:
        super().__init__(account, pj_id)
        self._monitors = monitors
        self._session = session

    def onCallState(self, prm: Any) -> None:
        OwnerLoop.guarded(self._monitors.on_call_state, self._session)

    def onCallMediaState(self, prm: Any) -> None:
        OwnerLoop.guarded(self._monitors.on_media_state, self._session)

    def onInstantMessage(self, prm: Any) -> None:
        OwnerLoop.guarded(self._monitors.on_message, self._session, str(prm.contentType),
                          str(prm.msgBody))

    def onInstantMessageStatus(self, prm: Any) -> None:
        OwnerLoop.guarded(self._monitors.on_message_status, self._session, int(prm.code),
                          str(prm.reason), str(prm.msgBody))


def _link(source: Any, sink: Any, on: bool) -> None:
    """One direction of the bridge. Stopping a link that is not there is fine (the
    bridge applies its operations asynchronously, so it cannot be asked first)."""
    if on:
        source.startTransmit(sink)
    else:
        with contextlib.suppress(pj.Error):
            source.stopTransmit(sink)


class Monitors:
    """Owner-thread object: every monitoring session of one engine, both sides."""

    def __init__(self, *, new_id: Callable[[], str],
                 conversation: Callable[[], list[tuple[Any, bool]]],
                 in_conversation: Callable[[], bool],
                 sound: Callable[[], tuple[Any, Any]],
                 connect_headset: Callable[[Any], None],
                 emit: Callable[[MonitorState], None],
                 emit_error: Callable[[str], None]) -> None:
        """conversation: (AudioMedia, talking) of each citizen call with a stream;
        in_conversation: is any call answered; sound: the bridge's (capture,
        playback) ports; connect_headset: both ways through the headset (the lead's
        own ear and mouth)."""
        self._new_id = new_id
        self._conversation = conversation
        self._in_conversation = in_conversation
        self._sound = sound
        self._connect_headset = connect_headset
        self._emit = emit
        self._emit_error = emit_error
        self.verifier: MonitorVerifier = refuse_all
        self.sessions: dict[str, MonitorSession] = {}
        self._dead: list[MonitorSession] = []

    # ------------------------------------------------------------- the lead
    def start(self, monitor_id: str, account: Any, uri: str, target: str, mode: MonitorMode,
              token: str) -> None:
        session = MonitorSession(monitor_id, MonitorSide.LEAD, mode, target)
        session.pj_call = PjMonitorCall(self, session, account, pj.PJSUA_INVALID_ID)
        prm = pj.CallOpParam(True)
        for name, value in ((MONITOR_HEADER, mode.value), (MONITOR_TOKEN_HEADER, token)):
            header = pj.SipHeader()
            header.hName, header.hValue = name, value
            prm.txOption.headers.append(header)
        try:
            session.pj_call.makeCall(uri, prm)
        except pj.Error as exc:
            self._dead.append(session)
            session.status = MonitorStatus.REFUSED
            self._emit(session.snapshot(0, exc.reason))
            return
        session.sip_call_id = session.pj_call.getInfo().callIdString
        self.sessions[monitor_id] = session
        self._emit(session.snapshot())

    def set_mode(self, monitor_id: str, mode: MonitorMode) -> None:
        session = self._session(monitor_id)
        if session is None:
            return
        if session.side is not MonitorSide.LEAD:
            self._emit_error("Режим прослуховування змінює старший зміни")
            return
        prm = pj.SendInstantMessageParam()
        prm.contentType = MODE_CONTENT_TYPE
        prm.content = mode.value
        try:
            session.pj_call.sendInstantMessage(prm)
        except pj.Error as exc:
            self._emit_error(f"Не вдалося змінити режим прослуховування: {exc.reason}")

    def on_message_status(self, session: MonitorSession, code: int, reason: str,
                          body: str) -> None:
        mode = parse_mode(body)
        if not 200 <= code < 300 or mode is None:
            self._emit_error(f"Оператор не прийняв зміну режиму (SIP {code} {reason})")
            return
        if session.monitor_id in self.sessions:
            session.mode = mode
            self._emit(session.snapshot())

    def stop(self, monitor_id: str) -> None:
        session = self._session(monitor_id)
        if session is None:
            return
        self._hang_up(session, "")

    # --------------------------------------------------------- the operator
    def on_incoming(self, account: Any, account_is_own: bool, pj_id: int,
                    headers: dict[str, str], own_user: str) -> None:
        """An INVITE carrying the monitor header: answer it into the bridge, or refuse."""
        mode = parse_mode(headers.get(canonical_header(MONITOR_HEADER)))
        lead = uri_user(split_name_addr(headers.get("From", ""))[1])
        session = MonitorSession(self._new_id(), MonitorSide.OPERATOR, mode or MonitorMode.LISTEN,
                                 lead, sip_call_id=headers.get("Call-Id", ""))
        session.pj_call = PjMonitorCall(self, session, account, pj_id)
        self.sessions[session.monitor_id] = session
        request = MonitorRequest(lead, own_user, session.mode,
                                 headers.get(canonical_header(MONITOR_TOKEN_HEADER), ""),
                                 session.sip_call_id)
        refusal: tuple[int, str] | None = None
        if mode is None:
            refusal = 400, "Unknown monitor mode"
        elif not account_is_own or not self._verified(request):
            refusal = 403, "Monitoring not authorised"
        elif not self._in_conversation():
            refusal = 480, "No call to monitor"
        elif any(s.side is MonitorSide.OPERATOR and s.status is MonitorStatus.ACTIVE
                 for s in self.sessions.values()):
            refusal = 486, "Already monitored"
        prm = pj.CallOpParam(True)
        if refusal is not None:
            prm.statusCode, prm.reason = refusal
            log.warning("monitor request from %s refused: %s %s", lead or "?", *refusal)
            session.end_reason = refusal[1]
        else:
            prm.statusCode = 200
            log.info("lead %s monitors this desktop (%s)", lead, session.mode)
        if refusal is None:
            session.pj_call.answer(prm)
        else:
            session.pj_call.hangup(prm)

    def _verified(self, request: MonitorRequest) -> bool:
        try:
            return bool(self.verifier(request))
        except Exception:
            log.exception("monitor token verifier failed: request refused")
            return False

    def on_message(self, session: MonitorSession, content_type: str, body: str) -> None:
        if session.side is not MonitorSide.OPERATOR or content_type != MODE_CONTENT_TYPE:
            return
        mode = parse_mode(body)
        if mode is None or session.monitor_id not in self.sessions:
            log.warning("monitor mode %r ignored", body)
            return
        session.mode = mode
        self._wire(session)
        self._emit(session.snapshot())

    def conversation_changed(self) -> None:
        """A citizen call was answered, held, resumed, moved devices or ended."""
        if not self._in_conversation():
            for session in list(self.sessions.values()):
                if session.side is MonitorSide.OPERATOR:
                    self._hang_up(session, "Розмова оператора завершилась")
            return
        for session in self.sessions.values():
            if session.side is MonitorSide.OPERATOR and session.media is not None:
                self._wire(session)

    def devices_changed(self) -> None:
        """The bridge has other sound devices: the lead's ear and mouth go there."""
        for session in self.sessions.values():
            if session.media is not None:
                if session.side is MonitorSide.LEAD:
                    self._connect_headset(session.media)
                else:
                    self._wire(session)

    def _wire(self, session: MonitorSession) -> None:
        """The operator's bridge as the table in the module's docstring says."""
        lead = session.media
        capture, playback = self._sound()
        _link(capture, lead, True)  # the operator's voice, also when muted to the citizen
        _link(lead, playback, session.mode is not MonitorMode.LISTEN)
        for citizen, talking in self._conversation():
            _link(citizen, lead, talking)
            _link(lead, citizen, talking and session.mode is MonitorMode.BARGE)

    # ---------------------------------------------------------- both sides
    def on_call_state(self, session: MonitorSession) -> None:
        info = session.pj_call.getInfo()
        state = info.state
        if not session.sip_call_id:
            session.sip_call_id = info.callIdString
        if state == pj.PJSIP_INV_STATE_CONFIRMED and session.status is MonitorStatus.CONNECTING:
            session.status = MonitorStatus.ACTIVE
            self._emit(session.snapshot())
        elif state == pj.PJSIP_INV_STATE_DISCONNECTED:
            if self.sessions.pop(session.monitor_id, None) is None:
                return
            self._dead.append(session)
            session.media = None
            session.status = (MonitorStatus.ENDED if session.status is MonitorStatus.ACTIVE
                              else MonitorStatus.REFUSED)
            self._emit(session.snapshot(int(info.lastStatusCode),
                                        session.end_reason or str(info.lastReason)))

    def on_media_state(self, session: MonitorSession) -> None:
        if session.monitor_id not in self.sessions:
            return
        info = session.pj_call.getInfo()  # kept referenced: its media vector dies with it
        for index, media in enumerate(info.media):
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            if media.status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                session.media = session.pj_call.getAudioMedia(index)
                if session.side is MonitorSide.LEAD:
                    self._connect_headset(session.media)
                else:
                    self._wire(session)
            break

    def _hang_up(self, session: MonitorSession, reason: str) -> None:
        session.end_reason = reason
        prm = pj.CallOpParam(True)
        if session.status is not MonitorStatus.ACTIVE and session.side is MonitorSide.OPERATOR:
            prm.statusCode = 480  # still unanswered: a final answer, not a BYE
        try:
            session.pj_call.hangup(prm)
        except pj.Error as exc:
            log.info("monitor hangup: %s", exc.reason)

    def _session(self, monitor_id: str) -> MonitorSession | None:
        session = self.sessions.get(monitor_id)
        if session is None:
            self._emit_error(f"Сеансу прослуховування {monitor_id} вже немає")
        return session

    # --------------------------------------------------------------- lifecycle
    def release_dead(self) -> None:
        """Break session <-> PjMonitorCall so the Call is freed here, on the owner thread."""
        for session in self._dead:
            session.pj_call = None
        self._dead.clear()

    def release(self) -> None:
        """Before libDestroy."""
        self._dead.extend(self.sessions.values())
        self.sessions.clear()
        for session in self._dead:
            session.media = None
        self.release_dead()
