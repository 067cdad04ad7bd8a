"""Blocking work (HTTP to the API) off the GUI thread, results back on it.

The worker function is pure: it never touches a widget. Its result or its
exception comes back through a queued signal and the callback runs in the
GUI thread. A "channel" keeps only the newest job's answer: a screen pop for
a previous call or KB results for an older query are dropped, not shown.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


class _Job(QRunnable):
    def __init__(self, runner: BackgroundRunner, token: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._token = token
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the GUI thread, which decides
            self._runner.sig_finished.emit(self._token, None, exc)
        else:
            self._runner.sig_finished.emit(self._token, result, None)


class BackgroundRunner(QObject):
    """Runs callables on a QThreadPool and calls back in the GUI thread."""

    # token, result, exception (None on success); emitted from worker threads
    sig_finished = Signal(int, object, object)
    # emitted in the GUI thread when nothing is running any more (tests wait on it)
    sig_idle = Signal()

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tokens = itertools.count(1)
        self._pending: dict[int, tuple[str | None, Callback | None, Callback | None]] = {}
        self._newest: dict[str, int] = {}
        self.sig_finished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        channel: str | None = None,
    ) -> int:
        token = next(self._tokens)
        self._pending[token] = (channel, on_done, on_error)
        if channel is not None:
            self._newest[channel] = token
        self._pool.start(_Job(self, token, fn))
        return token

    def cancel_channel(self, channel: str) -> None:
        """Forget the channel's running job: its answer will be ignored."""
        self._newest.pop(channel, None)

    def busy(self) -> bool:
        return bool(self._pending)

    def wait_done(self, msecs: int = 5000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    def _deliver(self, token: int, result: object, error: object) -> None:
        channel, on_done, on_error = self._pending.pop(token, (None, None, None))
        stale = channel is not None and self._newest.get(channel) != token
        try:
            if stale:
                return
            if error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    log.warning("background job failed: %s", type(error).__name__)
            elif on_done is not None:
                on_done(result)
        finally:
            if not self._pending:
                self.sig_idle.emit()
