"""Immutable snapshots the telephony engine hands out.

Nothing here touches pjsua2: these frozen dataclasses are the only shapes
that leave `operator_app.telephony`, carried by the facade's Qt signals and
printed by the console softphone.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class RegistrationStatus(enum.StrEnum):
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"
    UNREGISTERED = "unregistered"


class CallDirection(enum.StrEnum):
    INCOMING = "in"
    OUTGOING = "out"


class CallStatus(enum.StrEnum):
    RINGING = "ringing"  # incoming INVITE arrived, not answered yet
    CALLING = "calling"  # outgoing INVITE sent
    EARLY = "early"  # outgoing, 180/183 received
    CONNECTING = "connecting"  # answered, waiting for ACK / media
    CONNECTED = "connected"
    HELD = "held"
    ENDED = "ended"


class Disposition(enum.StrEnum):
    ANSWERED = "answered"
    MISSED = "missed"  # caller hung up while ringing
    REJECTED = "rejected"  # we declined (not ready, busy)
    TRANSFERRED = "transferred"
    FAILED = "failed"  # outgoing call that never connected


@dataclass(frozen=True, slots=True)
class RegistrationState:
    account: str  # "operator" (own AoR) or "queue" (the 1551 ring-group binding)
    status: RegistrationStatus
    code: int = 0  # last SIP status code, 0 when none
    reason: str = ""  # in words, for the operator / IT
    expires_s: int = 0


@dataclass(frozen=True, slots=True)
class CallInfo:
    call_id: str  # the engine's own id, stable for the whole call
    sip_call_id: str  # the SIP Call-ID header, stored with the appeal
    direction: CallDirection
    status: CallStatus
    remote_number: str | None  # E.164, None when withheld or not a phone number
    remote_display: str  # display name or raw user part as received
    remote_uri: str
    headers: dict[str, str] = field(default_factory=dict)  # e.g. X-Queue
    started_at: float = 0.0  # time.time() of INVITE sent / received
    answered_at: float | None = None
    muted: bool = False


@dataclass(frozen=True, slots=True)
class MediaStats:
    call_id: str
    jitter_ms: float
    loss_pct: float
    rtt_ms: float
    mos: float  # E-model (ITU-T G.107, simplified) estimate, 1.0 .. 4.5


@dataclass(frozen=True, slots=True)
class HoldSegment:
    start: float  # time.time()
    end: float
    ms: int


@dataclass(frozen=True, slots=True)
class CallSummary:
    """Everything measured locally for one call, ready for POST /api/v1/calls."""

    call_id: str
    sip_call_id: str
    direction: CallDirection
    remote_number: str | None
    local_user: str
    started_at: float  # INVITE received / sent
    answered_at: float | None
    ended_at: float
    ring_ms: int  # INVITE -> answer (0 when never answered)
    connect_ms: int | None  # incoming: answer -> ACK/media; outgoing: INVITE -> 200
    early_ms: int | None  # outgoing only: INVITE -> first 180/183
    hold_segments: tuple[HoldSegment, ...]
    hold_ms: int
    talk_ms: int  # answer -> end, minus nothing (hold is part of talk time)
    disposition: Disposition
    mos: float | None
    jitter_ms: float | None
    loss_pct: float | None
    rtt_ms: float | None
    end_code: int = 0
    end_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["direction"] = self.direction.value
        data["disposition"] = self.disposition.value
        return data


@dataclass(frozen=True, slots=True)
class AudioDevice:
    name: str
    driver: str
    inputs: int  # capture channels, 0 for a playback-only device
    outputs: int
