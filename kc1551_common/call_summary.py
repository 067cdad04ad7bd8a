"""One call as the operator's machine measured it: the wire shape of POST /api/v1/calls.

Defined once, here: the desktop's engine builds `CallSummary` at hang-up, the
desktop sends a `CallReport` (the summary plus every record made on the call),
and the API validates that same class as its request body (pydantic reads the
`Annotated` limits below), so the two sides cannot drift apart.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from typing import Annotated, Any

from annotated_types import Ge, Gt, Le, MaxLen, MinLen

# time.time() values; anything past year 5000 is garbage that datetime cannot hold.
LATEST_TIMESTAMP = 95_000_000_000
MAX_LINKS = 50

Timestamp = Annotated[float, Gt(0), Le(LATEST_TIMESTAMP)]
Millis = Annotated[int, Ge(0)]


class CallDirection(enum.StrEnum):
    INCOMING = "in"
    OUTGOING = "out"


class Disposition(enum.StrEnum):
    ANSWERED = "answered"
    MISSED = "missed"  # caller hung up while ringing
    REJECTED = "rejected"  # we declined (not ready, busy)
    TRANSFERRED = "transferred"
    FAILED = "failed"  # outgoing call that never connected


@dataclass(frozen=True, slots=True)
class HoldSegment:
    start: float  # time.time()
    end: float
    ms: Millis


@dataclass(frozen=True, slots=True)
class CallSummary:
    """Everything measured locally for one call."""

    call_id: Annotated[str, MinLen(1), MaxLen(100)]  # the engine's own id
    sip_call_id: Annotated[str, MinLen(1), MaxLen(200)]  # the SIP Call-ID header
    direction: CallDirection
    local_user: Annotated[str, MaxLen(100)]
    started_at: Timestamp  # INVITE received / sent
    ended_at: Timestamp
    ring_ms: Millis  # INVITE -> answer (0 when never answered)
    hold_ms: Millis
    talk_ms: Millis  # answer -> end, minus nothing (hold is part of talk time)
    disposition: Disposition
    # What a call may lack (never answered, no media, withheld number): optional.
    remote_number: Annotated[str, MaxLen(40)] | None = None
    answered_at: Timestamp | None = None
    connect_ms: int | None = None  # incoming: answer -> ACK/media; outgoing: INVITE -> 200
    early_ms: int | None = None  # outgoing only: INVITE -> first 180/183
    hold_segments: Annotated[tuple[HoldSegment, ...], MaxLen(500)] = ()
    mos: float | None = None
    jitter_ms: float | None = None
    loss_pct: float | None = None
    rtt_ms: float | None = None
    end_code: int = 0
    end_reason: Annotated[str, MaxLen(200)] = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["direction"] = self.direction.value
        data["disposition"] = self.disposition.value
        return data


Links = Annotated[tuple[int, ...], MaxLen(MAX_LINKS)]


@dataclass(frozen=True, slots=True)
class CallReport(CallSummary):
    """The summary plus the records made on the call, before or after hang-up (the
    older single `appeal_id` / `consultation_id` count as members of the lists)."""

    appeal_id: int | None = None
    consultation_id: int | None = None
    appeal_ids: Links = ()
    consultation_ids: Links = ()
    verification_round_ids: Links = ()

    def links(self) -> dict[str, list[int]]:
        """Record kind -> ids."""
        appeals = {*self.appeal_ids, *([self.appeal_id] if self.appeal_id is not None else [])}
        consultations = {*self.consultation_ids, *(
            [self.consultation_id] if self.consultation_id is not None else [])}
        return {"appeal": sorted(appeals), "consultation": sorted(consultations),
                "verification_round": sorted(set(self.verification_round_ids))}


REPORT_FIELDS = frozenset(CallReport.__dataclass_fields__)
