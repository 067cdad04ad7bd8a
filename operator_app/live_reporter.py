"""Live call events and heartbeats to the API, for the shift lead's board; no Qt here.

The telephony listener's snapshots (ringing, answered, held, resumed, ended) become
small events stamped with the moment they happened on this desktop. They wait in a
bounded queue and go from one daemon thread, so the GUI thread never waits on the
network, and the API being away never touches a call: events are kept and retried
(their own timestamps keep the line's figures right when they arrive late), and only
the oldest are dropped when a long outage overfills the queue. Heartbeats go on
their own clock so the board can tell a desktop that died from one that is idle;
the heartbeat's answer (the lead's messages, a forced state) is handed to
``on_heartbeat`` on the reporter's thread — a Qt caller re-emits it as a signal.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from operator_app.api_client import ApiError, ApiUnavailable
from operator_app.telephony.models import (
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
)

log = logging.getLogger(__name__)

# Event kinds, as the API's live-board endpoint names them.
RINGING = "ringing"
ANSWERED = "answered"
HELD = "held"
RESUMED = "resumed"
ENDED = "ended"
ABANDONED = "abandoned"

SendEvent = Callable[[dict[str, Any]], Any]
SendHeartbeat = Callable[[], Any]

DEFAULT_HEARTBEAT_S = 10.0  # a third of the API's default 30 s offline timeout
MAX_QUEUED = 5000  # hours of one operator's events; past it the oldest go
RETRY_DELAYS_S = (0.5, 1.0, 2.0, 5.0, 10.0)


class LiveReporter:
    """Queues events and sends them (and heartbeats) from its own thread.

    ``send_event`` gets one event at a time, oldest first, and raises ``ApiUnavailable``
    to have it kept and retried, ``ApiError`` when the API refuses it for good (it is
    dropped and logged: one bad event must not hold up the rest).
    """

    def __init__(self, send_event: SendEvent, send_heartbeat: SendHeartbeat | None = None,
                 *, heartbeat_s: float = DEFAULT_HEARTBEAT_S, max_queued: int = MAX_QUEUED,
                 on_heartbeat: Callable[[Any], None] | None = None,
                 on_sent: Callable[[dict[str, Any], Any], None] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 retry_delays_s: tuple[float, ...] = RETRY_DELAYS_S) -> None:
        self._send_event = send_event
        self._send_heartbeat = send_heartbeat
        self.heartbeat_s = heartbeat_s
        self.on_heartbeat = on_heartbeat
        self.on_sent = on_sent
        self._clock = clock
        self._retry_delays_s = retry_delays_s
        self._queue: collections.deque[dict[str, Any]] = collections.deque(maxlen=max_queued)
        self._wake = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._next_heartbeat = 0.0  # the first goes at once: "this desktop is up"
        self._in_flight = 0
        self.sent = 0
        self.dropped = 0  # refused by the API, or pushed out of a full queue
        self.connected: bool | None = None  # unknown until the first answer
        self.last_error = ""

    # -- the GUI thread's side (never blocks) ----------------------------------------
    def report(self, kind: str, sip_call_id: str, at: float | None = None, *,
               remote_number: str | None = None, direction: str | None = None) -> None:
        """Queue one event (POST /desk/events' body); `at`: when it happened (epoch s)."""
        moment = datetime.fromtimestamp(at or time.time(), UTC)
        event: dict[str, Any] = {"type": kind, "sip_call_id": sip_call_id,
                                 "at": moment.isoformat(timespec="milliseconds")}
        if remote_number:
            event["remote_number"] = remote_number
        if direction:
            event["direction"] = direction
        with self._wake:
            if len(self._queue) == self._queue.maxlen:
                self.dropped += 1
            self._queue.append(event)
            self._wake.notify()

    def pending(self) -> int:
        with self._wake:
            return len(self._queue) + self._in_flight

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="live-reporter", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stops after one last try to send what is queued (bounded by `timeout`)."""
        thread = self._thread
        if thread is None:
            return
        with self._wake:
            self._stopping = True
            self._wake.notify()
        thread.join(timeout)
        self._thread = None

    def wait_sent(self, timeout: float) -> bool:
        """Until nothing is queued or in flight (tests and shutdown), or `timeout`."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while self._queue or self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(left)
        return True

    # -- the reporter's thread --------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopping and not self._queue and not self._heartbeat_due():
                    self._wake.wait(self._until_heartbeat())
                if self._stopping and (not self._queue or self._failures):
                    return
                event = self._queue.popleft() if self._queue else None
                self._in_flight = 0 if event is None else 1
            ok = self._beat() if event is None else self._deliver(event)
            if not ok:
                self._back_off()

    def _heartbeat_due(self) -> bool:
        return self._send_heartbeat is not None and self._clock() >= self._next_heartbeat

    def _until_heartbeat(self) -> float | None:
        if self._send_heartbeat is None:
            return None
        return max(0.01, self._next_heartbeat - self._clock())

    def _deliver(self, event: dict[str, Any]) -> bool:
        try:
            answer = self._send_event(event)
        except ApiUnavailable as exc:
            with self._wake:
                self._queue.appendleft(event)  # kept in order, retried
                self._in_flight = 0
            self._failed(exc.message)
            return False
        except ApiError as exc:
            # e.g. 409 call_finished: a late "held" of a call the API closed already.
            log.info("live event %s refused: %s", event.get("type"), exc)
            self._settled(dropped=True)
            self._answered()
            return True
        except Exception as exc:  # a bug must not kill the thread: drop, say so, go on
            log.exception("live event not sent")
            self._settled(dropped=True)
            self._failed(str(exc))
            return False
        self._settled(dropped=False)
        self._answered()
        if self.on_sent is not None:
            self.on_sent(event, answer)
        return True

    def _settled(self, *, dropped: bool) -> None:
        with self._wake:
            if dropped:
                self.dropped += 1
            else:
                self.sent += 1
            self._in_flight = 0
            self._wake.notify_all()

    def _beat(self) -> bool:
        assert self._send_heartbeat is not None
        try:
            answer = self._send_heartbeat()
        except (ApiUnavailable, ApiError) as exc:
            self._failed(getattr(exc, "message", str(exc)))
            return False
        except Exception as exc:
            log.exception("heartbeat not sent")
            self._failed(str(exc))
            return False
        self._next_heartbeat = self._clock() + self.heartbeat_s
        self._answered()
        if self.on_heartbeat is not None:
            try:
                self.on_heartbeat(answer)
            except Exception:  # the receiver's bug must not stop the heartbeats
                log.exception("heartbeat answer not handled")
        return True

    def beat_now(self) -> None:
        """Send a heartbeat at the next turn (e.g. to fetch the lead's orders at once)."""
        with self._wake:
            self._next_heartbeat = 0.0
            self._wake.notify()

    def _answered(self) -> None:
        self._failures = 0
        self.connected = True
        self.last_error = ""

    def _failed(self, message: str) -> None:
        self._failures += 1
        self.connected = False
        self.last_error = message
        # A heartbeat failing is retried on the back-off clock, not hammered.
        self._next_heartbeat = self._clock() + self._delay()

    def _delay(self) -> float:
        return self._retry_delays_s[min(self._failures, len(self._retry_delays_s)) - 1]

    def _back_off(self) -> None:
        with self._wake:
            if not self._stopping:
                self._wake.wait(self._delay())


class CallEventTracker:
    """The telephony listener's snapshots → the board's call events.

    Shaped like the EngineListener's call methods so a window (or a console
    softphone's JSON events, in tests) can feed it; keeps each call's last status
    and SIP Call-ID so that "answered", "held" and "resumed" are said once each.
    """

    def __init__(self, reporter: LiveReporter) -> None:
        self.reporter = reporter
        self._status: dict[str, CallStatus] = {}
        self._sip_ids: dict[str, str] = {}

    def on_ringing(self, info: CallInfo) -> None:
        self._status[info.call_id] = info.status
        self._sip_ids[info.call_id] = info.sip_call_id
        self.reporter.report(RINGING, info.sip_call_id, info.started_at or None,
                             remote_number=info.remote_number,
                             direction=info.direction.value)

    def on_call_changed(self, info: CallInfo) -> None:
        previous = self._status.get(info.call_id)
        if info.status is CallStatus.ENDED:
            return  # on_call_ended carries the summary
        self._status[info.call_id] = info.status
        if info.sip_call_id:
            self._sip_ids[info.call_id] = info.sip_call_id
        sip_call_id = self._sip_ids.get(info.call_id) or info.sip_call_id
        if not sip_call_id or info.status is previous:
            return
        outgoing = info.direction is CallDirection.OUTGOING
        if previous is None and outgoing:
            # An outgoing call has no "ringing" from the engine: it starts here.
            self.reporter.report(RINGING, sip_call_id, info.started_at or None,
                                 remote_number=info.remote_number, direction="out")
        if info.status is CallStatus.CONNECTED:
            if previous is CallStatus.HELD:
                self.reporter.report(RESUMED, sip_call_id)
            else:
                self._answered(info, sip_call_id)
        elif info.status is CallStatus.HELD:
            if previous not in (CallStatus.CONNECTED, CallStatus.CONNECTING):
                self._answered(info, sip_call_id)  # held before its first "connected"
            self.reporter.report(HELD, sip_call_id)

    def _answered(self, info: CallInfo, sip_call_id: str) -> None:
        self.reporter.report(ANSWERED, sip_call_id, info.answered_at,
                             direction=info.direction.value)

    def on_call_ended(self, summary: CallSummary) -> None:
        self._status.pop(summary.call_id, None)
        self._sip_ids.pop(summary.call_id, None)
        abandoned = (summary.disposition is Disposition.MISSED
                     and summary.direction is CallDirection.INCOMING)
        # Abandoned: the caller hung up before anyone here answered (a call answered
        # on another desktop ends the same way here; the API has that one's "answered").
        self.reporter.report(ABANDONED if abandoned else ENDED, summary.sip_call_id,
                             summary.ended_at, direction=summary.direction.value)
