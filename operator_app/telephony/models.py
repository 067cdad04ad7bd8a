"""Immutable snapshots the telephony engine hands out.

Nothing here touches pjsua2: these frozen dataclasses are the only shapes
that leave `operator_app.telephony`, carried by the facade's Qt signals and
printed by the console softphone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# The call summary's wire shape is shared with the API (kc1551_common): one definition.
from kc1551_common.call_summary import CallDirection, CallSummary, Disposition, HoldSegment

__all__ = ["AudioDevice", "CallDirection", "CallInfo", "CallStatus", "CallSummary",
           "Disposition", "HoldSegment", "MediaStats", "MonitorMode", "MonitorSide",
           "MonitorState", "MonitorStatus", "RegistrationState", "RegistrationStatus"]


class RegistrationStatus(enum.StrEnum):
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"
    UNREGISTERED = "unregistered"


class CallStatus(enum.StrEnum):
    RINGING = "ringing"  # incoming INVITE arrived, not answered yet
    CALLING = "calling"  # outgoing INVITE sent
    EARLY = "early"  # outgoing, 180/183 received
    CONNECTING = "connecting"  # answered, waiting for ACK / media
    CONNECTED = "connected"
    HELD = "held"
    ENDED = "ended"


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
class AudioDevice:
    name: str
    driver: str
    inputs: int  # capture channels, 0 for a playback-only device
    outputs: int


class MonitorMode(enum.StrEnum):
    """What a shift lead in an operator's call may do (the operator's bridge mixes it)."""

    LISTEN = "listen"  # the lead hears the citizen and the operator; nobody hears the lead
    WHISPER = "whisper"  # ... and the operator hears the lead; the citizen does not
    BARGE = "barge"  # everyone hears everyone


class MonitorSide(enum.StrEnum):
    LEAD = "lead"  # this desktop monitors an operator
    OPERATOR = "operator"  # a lead monitors this desktop's calls


class MonitorStatus(enum.StrEnum):
    CONNECTING = "connecting"  # lead: INVITE sent
    ACTIVE = "active"  # the lead is in the call, in `mode`
    ENDED = "ended"  # the session was active and is over
    REFUSED = "refused"  # it never became active (bad token, no call to monitor, ...)


@dataclass(frozen=True, slots=True)
class MonitorState:
    """One monitoring session as either desktop sees it; never a citizen's call."""

    monitor_id: str  # the engine's own id of the lead-to-operator call
    side: MonitorSide
    status: MonitorStatus
    mode: MonitorMode
    peer: str  # operator side: the lead's SIP user; lead side: the operator's target
    code: int = 0  # SIP status of a refusal or of the end, 0 when none
    reason: str = ""

    @property
    def active(self) -> bool:
        return self.status is MonitorStatus.ACTIVE
