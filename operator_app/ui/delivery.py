"""Getting a window's records to the API: through the outbox, linked to their call.

Both windows (the operator workspace, the feedback worklist) send what is made
on a call the same way: the record is stored in the outbox with its
Idempotency-Key before the first try, its call's session is told how it went
(so the call summary links it, and waits for it while it is in flight), and the
summary held at hang-up is released, complete, when the session closes.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from operator_app.api_client import ApiClient, ApiError
from operator_app.call_session import CallSession, CallSessions, RecordKind
from operator_app.outbox import Outbox
from operator_app.telephony.models import CallSummary
from operator_app.ui.background import BackgroundRunner

log = logging.getLogger(__name__)

OUTBOX_DRAIN_MS = 5000
_SENDERS = {"appeal": "create_appeal", "consultation": "create_consultation",
            "call": "post_call"}


class Delivery(QObject):
    sig_call_posted = Signal(dict)  # the API's record of a call summary
    sig_outbox_changed = Signal()  # something was sent, queued or refused
    sig_message = Signal(str)  # for the status bar

    def __init__(self, runner: BackgroundRunner, outbox: Outbox | None,
                 api: Callable[[], ApiClient | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.outbox = outbox
        self._api = api
        self._draining = False
        self._drain_timer = QTimer(self, interval=OUTBOX_DRAIN_MS)
        self._drain_timer.timeout.connect(self.drain)
        self._drain_timer.start()
        # Closed sessions' summaries go out here; the window may add its own step.
        self.before_summary: Callable[[CallSession], None] | None = None
        self.sessions = CallSessions(self._send_call_summary)

    def stop(self) -> None:
        self._drain_timer.stop()

    # -- records ----------------------------------------------------------------
    def send(self, kind: str, payload: dict[str, Any],
             on_sent: Callable[[dict[str, Any]], None],
             on_queued: Callable[[str], None],
             on_rejected: Callable[[ApiError], None],
             links: dict[str, Any] | None = None, *,
             on_failed: Callable[[], None] | None = None) -> None:
        """Store in the outbox (the Idempotency-Key exists before the first try), send now.

        Sent: `on_sent(answer)`; API away: `on_queued(local_ref)`, the outbox
        timer sends it later with the same key; 4xx: `on_rejected(error)`.
        """
        outbox, api = self.outbox, self._api()

        def deliver() -> Any:
            if outbox is None:
                client = self._api()
                if client is None:
                    raise ApiError(401, "not_authenticated", "Не виконано вхід до системи")
                return getattr(client, _SENDERS[kind])(payload, str(uuid.uuid4()))
            if api is None:
                return outbox.submit(kind, payload, links)
            return outbox.deliver(api, kind, payload, links)

        def delivered(result: Any) -> None:
            if isinstance(result, dict):
                on_sent(result)
            elif result.state == "sent":
                on_sent(result.result or {})
            else:
                on_queued(result.local_ref)
            self.sig_outbox_changed.emit()

        def failed(error: object) -> None:
            if isinstance(error, ApiError):
                on_rejected(error)
            else:
                if on_failed is not None:
                    on_failed()
                self.sig_message.emit(str(error))
            self.sig_outbox_changed.emit()

        self.runner.run(deliver, delivered, failed)

    def session_for_record(self, payload: dict[str, Any]) -> CallSession | None:
        """The call a record made now belongs to (on the line, or in its wrap-up)."""
        session = self.sessions.for_new_record()
        if session is not None:
            payload["sip_call_id"] = session.sip_call_id
        return session

    def send_record(self, session: CallSession | None, kind: RecordKind,
                    payload: dict[str, Any], on_sent: Callable[[dict[str, Any]], None],
                    on_queued: Callable[[str], None],
                    on_rejected: Callable[[ApiError], None]) -> None:
        """Send a record made on a call and tell the call's session how it went."""
        if session is None:
            self.send(kind, payload, on_sent, on_queued, on_rejected)
            return
        sessions = self.sessions
        sessions.record_started(session)

        def sent(answer: dict[str, Any]) -> None:
            sessions.record_done(session, kind, remote_id=int(answer["id"]))
            on_sent(answer)

        def queued(ref: str) -> None:
            sessions.record_done(session, kind, local_ref=ref)
            on_queued(ref)

        def rejected(error: ApiError) -> None:
            sessions.record_failed(session)
            on_rejected(error)

        self.send(kind, payload, sent, queued, rejected,
                  on_failed=lambda: sessions.record_failed(session))

    # -- call summaries -----------------------------------------------------------
    def call_ended(self, summary: CallSummary) -> CallSession | None:
        """Hang-up: a worked call's summary is stored (held) now and sent when its
        session closes, so a crash during wrap-up loses nothing."""
        session = self.sessions.get(summary.call_id)
        if session is None:
            return None
        if session.worked and self.outbox is not None:
            payload, links = session.summary_payload(summary)
            session.purpose["summary_ref"] = self.outbox.submit(
                "call", payload, links, held=True).local_ref
        self.sessions.ended(summary)
        return session

    def _send_call_summary(self, session: CallSession) -> None:
        """The session is over: its summary, with every record made on it, goes once."""
        if self.before_summary is not None:
            self.before_summary(session)
        payload, links = session.summary_payload()
        held = session.purpose.get("summary_ref")
        if held is None or self.outbox is None:
            self.send("call", payload, self.sig_call_posted.emit, lambda _ref: None,
                      lambda exc: log.warning("call summary rejected: %s", exc.code), links)
            return
        outbox, api = self.outbox, self._api()
        outbox.release(held, payload, links)

        def send() -> Any:
            return outbox.send_now(api, held) if api is not None else outbox.get_by_ref(held)

        def done(item: Any) -> None:
            if item is not None and item.state == "sent":
                self.sig_call_posted.emit(item.result or {})
            elif item is not None and item.state == "rejected":
                log.warning("call summary rejected: %s", item.error_code)
            self.sig_outbox_changed.emit()

        self.runner.run(send, done, lambda _e: self.sig_outbox_changed.emit())

    # -- the outbox -------------------------------------------------------------
    def drain(self) -> None:
        api = self._api()
        if self.outbox is None or api is None or self._draining:
            return
        if not self.outbox.pending_count():
            return
        self._draining = True
        outbox = self.outbox
        self.runner.run(lambda: outbox.drain(api), self._drained, self._drained)

    def _drained(self, _result: object) -> None:
        self._draining = False
        self.sig_outbox_changed.emit()
