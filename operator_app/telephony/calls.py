"""One call as the engine tracks it, and what is reported when it ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import pjsua2 as pj

from operator_app.telephony.caller_id import CallerId
from operator_app.telephony.models import (
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
    HoldSegment,
    MediaStats,
)
from operator_app.telephony.owner import OwnerLoop


@dataclass
class CallRecord:
    """Everything the engine tracks for one call; lives on the owner thread."""

    call_id: str
    direction: CallDirection
    account: str
    started_at: float
    caller: CallerId
    headers: dict[str, str] = field(default_factory=dict)
    pj_call: Any = None  # the PjCall; released only after DISCONNECTED returned
    sip_call_id: str = ""
    status: CallStatus = CallStatus.RINGING
    answered_at: float | None = None  # incoming: 200 sent; outgoing: 200 received
    connect_ms: int | None = None
    early_ms: int | None = None
    hold_start: float | None = None
    hold_segments: list[HoldSegment] = field(default_factory=list)
    muted: bool = False
    audio_connected: bool = False
    rejected: bool = False
    transferred: bool = False
    last_stats: MediaStats | None = None

    def snapshot(self) -> CallInfo:
        return CallInfo(
            call_id=self.call_id,
            sip_call_id=self.sip_call_id,
            direction=self.direction,
            status=self.status,
            remote_number=self.caller.number,
            remote_display=self.caller.display,
            remote_uri=self.caller.uri,
            headers=dict(self.headers),
            started_at=self.started_at,
            answered_at=self.answered_at,
            muted=self.muted,
        )


class CallEvents(Protocol):
    """Who handles a call's pjsua2 callbacks (the engine)."""

    def on_call_state(self, record: CallRecord) -> None: ...
    def on_call_media_state(self, record: CallRecord) -> None: ...
    def sample_stats(self, record: CallRecord, index: int | None = None) -> object: ...
    def on_transfer_status(self, record: CallRecord, prm: Any) -> None: ...
    def on_call_replaced(self, record: CallRecord, prm: Any) -> None: ...


class PjCall(pj.Call):
    """pjsua2's callbacks of one call, handed to the engine, never raising into C++."""

    def __init__(self, events: CallEvents, record: CallRecord, account: Any,
                 pj_id: int) -> None:
        super().__init__(account, pj_id)
        self._events = events
        self._record = record

    def onCallState(self, prm: Any) -> None:
        OwnerLoop.guarded(self._events.on_call_state, self._record)

    def onCallMediaState(self, prm: Any) -> None:
        OwnerLoop.guarded(self._events.on_call_media_state, self._record)

    def onStreamDestroyed(self, prm: Any) -> None:
        # Last chance to read RTCP figures: the stream is gone after this.
        OwnerLoop.guarded(self._events.sample_stats, self._record, prm.streamIdx)

    def onCallTransferStatus(self, prm: Any) -> None:
        OwnerLoop.guarded(self._events.on_transfer_status, self._record, prm)

    def onCallReplaced(self, prm: Any) -> None:
        OwnerLoop.guarded(self._events.on_call_replaced, self._record, prm)


def call_summary(record: CallRecord, local_user: str, now: float, code: int,
                 reason: str) -> CallSummary:
    """What the desktop reports of a call that ended (or never started)."""
    answered = record.answered_at
    if record.transferred:
        disposition = Disposition.TRANSFERRED
    elif answered is not None:
        disposition = Disposition.ANSWERED
    elif record.direction is CallDirection.OUTGOING:
        disposition = Disposition.FAILED
    else:
        disposition = Disposition.REJECTED if record.rejected else Disposition.MISSED
    stats = record.last_stats
    return CallSummary(
        call_id=record.call_id,
        sip_call_id=record.sip_call_id,
        direction=record.direction,
        remote_number=record.caller.number,
        local_user=local_user,
        started_at=record.started_at,
        answered_at=answered,
        ended_at=now,
        ring_ms=int((answered - record.started_at) * 1000) if answered is not None else 0,
        connect_ms=record.connect_ms,
        early_ms=record.early_ms,
        hold_segments=tuple(record.hold_segments),
        hold_ms=sum(s.ms for s in record.hold_segments),
        talk_ms=int((now - answered) * 1000) if answered is not None else 0,
        disposition=disposition,
        mos=stats.mos if stats else None,
        jitter_ms=stats.jitter_ms if stats else None,
        loss_pct=stats.loss_pct if stats else None,
        rtt_ms=stats.rtt_ms if stats else None,
        end_code=code,
        end_reason=reason,
    )
