"""The operator desktop's live link with the shift lead, for the workspace.

Out: the call events (CallEventTracker on the phone's signals) and heartbeats,
through the Qt-free LiveReporter's thread. In: /desk/stream (the lead's
messages, a forced Not ready or log-out, outages just published), with the
heartbeat's answer as the fallback while the stream is down. Everything that
comes in is re-emitted in the GUI thread; the window decides what to do.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from operator_app.api_client import ApiClient
from operator_app.live_reporter import CallEventTracker, LiveReporter
from operator_app.ui import labels
from operator_app.ui.board_feed import BoardFeed

log = logging.getLogger(__name__)


class LeadLink(QObject):
    sig_message = Signal(dict)  # a Message not yet read
    sig_forced = Signal(object)  # Forced, or None when cancelled or applied
    sig_outage = Signal(dict)
    sig_connection = Signal(bool)
    _sig_heartbeat = Signal(object)  # from the reporter's thread to ours

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api: ApiClient | None = None
        self.reporter = LiveReporter(self._send_event, self._heartbeat,
                                     on_heartbeat=self._sig_heartbeat.emit)
        self.calls = CallEventTracker(self.reporter)
        self.feed: BoardFeed | None = None
        self.forced: dict[str, Any] | None = None
        self._seen_messages: set[Any] = set()
        self._sig_heartbeat.connect(self._heard, Qt.ConnectionType.QueuedConnection)

    def start(self, api: ApiClient) -> None:
        self.api = api
        self.reporter.start()
        if self.feed is None:
            self.feed = BoardFeed(api, "/desk/stream", self)
            self.feed.sig_event.connect(self._pushed)
            self.feed.sig_connection.connect(lambda up, _why: self.sig_connection.emit(up))
            self.feed.start()

    def stop(self) -> None:
        if self.feed is not None:
            self.feed.stop()
            self.feed = None
        self.reporter.wait_sent(2.0)  # the last events (the call's "ended") go first
        self.reporter.stop()

    def message_read(self, message_id: Any) -> None:
        self._seen_messages.add(message_id)

    # -- the reporter's thread: plain calls, no widgets --------------------------------
    def _send_event(self, event: dict[str, Any]) -> Any:
        assert self.api is not None
        return self.api.desk_event(event)

    def _heartbeat(self) -> Any:
        if self.api is None:
            return None
        return self.api.desk_heartbeat()

    # -- the GUI thread ----------------------------------------------------------------
    def _heard(self, answer: object) -> None:
        if isinstance(answer, dict):
            self._take_desk(answer)

    def _pushed(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "desk":
            self._take_desk(data)
            for outage in data.get("outages") or []:
                self.sig_outage.emit(outage)
        elif kind == "forced":
            self._take_forced(data.get("forced"))
        elif kind == "message":
            self._take_messages([data.get("message") or {}])
        elif kind == "outage" and data.get("outage"):
            self.sig_outage.emit(data["outage"])

    def _take_desk(self, desk: dict[str, Any]) -> None:
        if "forced" in desk:
            self._take_forced(desk.get("forced"))
        self._take_messages(desk.get("messages") or [])

    def _take_forced(self, forced: object) -> None:
        forced = forced if isinstance(forced, dict) and forced else None
        if forced != self.forced:
            self.forced = forced
            self.sig_forced.emit(forced)

    def _take_messages(self, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            if message.get("id") is None or message["id"] in self._seen_messages:
                continue
            self._seen_messages.add(message["id"])
            self.sig_message.emit(message)


class LeadMessageBanner(QFrame):
    """The lead's messages on the operator's window, oldest first, until marked read."""

    sig_read = Signal(dict)  # the message the operator has read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadMessage")
        self.setStyleSheet("#leadMessage { background: #e8f0fe; border: 2px solid #1a73e8;"
                           " border-radius: 4px; } QLabel { color: #0b3d91; }")
        self.setAccessibleName(self.tr("Повідомлення від старшого зміни"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.text_label = QLabel()
        self.text_label.setObjectName("leadMessageText")
        self.text_label.setWordWrap(True)
        self.text_label.setStyleSheet("font-weight: bold;")
        self.read_button = QPushButton(self.tr("Прочитано"))
        self.read_button.setAccessibleName(self.tr("Позначити повідомлення прочитаним"))
        self.read_button.clicked.connect(self.mark_read)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.read_button)
        self.queue: list[dict[str, Any]] = []
        self.hide()

    def add(self, message: dict[str, Any]) -> None:
        if any(m.get("id") == message.get("id") for m in self.queue):
            return
        self.queue.append(message)
        self._show_first()

    def mark_read(self) -> None:
        if self.queue:
            self.sig_read.emit(self.queue.pop(0))
        self._show_first()

    def _show_first(self) -> None:
        if not self.queue:
            self.hide()
            return
        message = self.queue[0]
        more = len(self.queue) - 1
        text = self.tr("Старший зміни {0} ({1}): {2}").format(
            message.get("from") or "", labels.short_time(message.get("sent_at"))[-5:],
            message.get("text") or "")
        if more:
            text += self.tr("  (ще {0})").format(more)
        self.text_label.setText(text)
        self.show()
