"""The live board's push channels: server-sent events read on a thread of their own.

A stream blocks for as long as it is open, so it is not a job for the window's
BackgroundRunner pool: one daemon thread reads it and hands every event to the
GUI thread through queued signals. The API opens each stream with the whole
picture (`snapshot` on /board/stream, `desk` on /desk/stream), so a reconnect
catches up by itself. A broken stream is said at once ("connection lost") and
retried with a growing pause; silence past the API's keep-alive is a dead link.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections.abc import Iterator

import requests
from PySide6.QtCore import QObject, Signal

from operator_app.api_client import API_PREFIX, ApiClient
from operator_app.own_thread_signals import OwnThreadSignals

log = logging.getLogger(__name__)

RETRY_DELAYS_S = (0.5, 1.0, 2.0, 5.0, 10.0)
# Longer than the API's keep-alive comment interval: silence this long is a dead link.
READ_TIMEOUT_S = 45.0


def sse_events(lines: Iterator[str]) -> Iterator[tuple[str, str, str]]:
    """(event, data, id) of each server-sent event in `lines` (the SSE text format)."""
    event, event_id = "message", ""
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield event, "\n".join(data), event_id
            event, data = "message", []
            continue
        if line.startswith(":"):
            continue  # a keep-alive comment
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
        elif name == "id":
            event_id = value


class BoardFeed(OwnThreadSignals):
    """The pushed events of one stream path, on a background thread."""

    sig_event = Signal(str, dict)  # event type, its data
    sig_connection = Signal(bool, str)  # connected, why not (Ukrainian) when not
    sig_stopped = Signal()

    def __init__(self, api: ApiClient, stream_path: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self._stream_path = stream_path
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._response_lock = threading.Lock()
        self._response: requests.Response | None = None
        self.connected = False

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="board-feed", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._response_lock:
            response = self._response
        if response is not None:
            # The thread blocks in recv holding the reader's lock, so a plain
            # close would wait for the next keep-alive; shutting the socket
            # down first ends that read at once.
            connection = getattr(response.raw, "connection", None)
            sock = getattr(connection, "sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            response.close()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the feed's thread ------------------------------------------------------------
    def _run(self) -> None:
        failures = 0
        try:
            while not self._stop.is_set():
                why = self._one_connection()
                if self._stop.is_set():
                    break
                if why is None:
                    failures = 0
                    why = "з'єднання закрито сервером"
                else:
                    failures += 1
                self.connected = False
                self.emit_on_own_thread("sig_connection", False, why)
                delay = RETRY_DELAYS_S[min(failures, len(RETRY_DELAYS_S)) - 1] if failures else 0.2
                self._stop.wait(delay)
        finally:
            self.emit_on_own_thread("sig_stopped")

    def _one_connection(self) -> str | None:
        """Open the stream and relay its events; why it ended (None: closed by the API)."""
        headers = {"Accept": "text/event-stream"}
        if self._api.token:
            headers["Authorization"] = f"Bearer {self._api.token}"
        url = f"{self._api.base_url}{API_PREFIX}{self._stream_path}"
        try:
            response = requests.get(url, headers=headers, stream=True,
                                    timeout=(self._api.timeout, READ_TIMEOUT_S))
        except requests.RequestException as exc:
            return f"немає з'єднання ({type(exc).__name__})"
        with self._response_lock:
            self._response = response
        try:
            if response.status_code >= 400:
                return f"сервер відповів {response.status_code}"
            self.connected = True
            self.emit_on_own_thread("sig_connection", True, "")
            response.encoding = "utf-8"
            lines = (line.decode("utf-8") if isinstance(line, bytes) else line
                     for line in response.iter_lines(decode_unicode=True))
            for event, data, _event_id in sse_events(lines):
                if self._stop.is_set():
                    return None
                try:
                    body = json.loads(data)
                except ValueError:
                    log.warning("board event %s is not JSON", event)
                    continue
                self.emit_on_own_thread("sig_event", event,
                                        body if isinstance(body, dict) else {"data": body})
            return None
        except (requests.RequestException, AttributeError, ValueError) as exc:
            # AttributeError/ValueError: the response closed under the reader by stop().
            return f"з'єднання перервано ({type(exc).__name__})"
        finally:
            with self._response_lock:
                self._response = None
            response.close()
