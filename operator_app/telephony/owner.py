"""The one thread that owns pjsua2, its command queue, timers and wake-up.

pjsua2's Python objects crash the process when they are used or collected on
a thread pjlib does not know (pjproject #3616, #3125, #3856). So the Endpoint
is created, driven (`libHandleEvents`) and destroyed on ONE owner thread;
other threads only put a closure on a queue and wake that thread up.

Wake-up: `libHandleEvents` sleeps in pjlib's ioqueue select, which a Python
queue cannot interrupt. A 4-byte CRLFCRLF datagram to the endpoint's own
loopback UDP transport does: pjsip drops packets that short as keep-alives,
and the select returns at once. So commands run within a millisecond while
the idle loop wakes only a few times a second (idle CPU far below 1 %).
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import queue
import socket
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

IDLE_WAIT_MS = 250  # longest sleep in the event pump; commands wake it earlier
_WAKE_PACKET = b"\r\n\r\n"


class EngineError(RuntimeError):
    """The phone could not do what was asked; the message is for the operator."""


# pjsua2 allows one Endpoint per process, and its constructor's error for a
# second one escapes SWIG and aborts the whole process (std::terminate). Every
# Endpoint of this process is made while holding this slot, so a phone whose
# predecessor has not stopped (its thread stuck in a sound driver) gets an error.
_endpoint_slot = threading.Lock()
ENDPOINT_SLOT_WAIT_S = 5.0  # a predecessor still finishing its libDestroy


def claim_endpoint_slot() -> None:
    """Before pj.Endpoint(): raises EngineError while another Endpoint lives."""
    if not _endpoint_slot.acquire(timeout=ENDPOINT_SLOT_WAIT_S):
        raise EngineError("Попередній SIP-телефон ще не зупинився (його звуковий пристрій "
                          "не відповідає); перезапустіть програму")


def release_endpoint_slot() -> None:
    """Once the Endpoint is destroyed and freed."""
    _endpoint_slot.release()


class OwnerLoop:
    """Runs `setup`, then turns (commands, timers, `turn`, `pump`) until stopped."""

    def __init__(self, name: str = "pjsua2-owner") -> None:
        self._name = name
        self._commands: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._timer_seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._running = False
        self._wake_sock: socket.socket | None = None
        self._wake_addr: tuple[str, int] | None = None

    @property
    def running(self) -> bool:
        return self._running

    @property
    def started(self) -> bool:
        return self._thread is not None

    def is_owner(self) -> bool:
        return threading.current_thread() is self._thread

    def start(self, *, setup: Callable[[], None], turn: Callable[[], float],
              pump: Callable[[int], None], teardown: Callable[[], None],
              describe_failure: Callable[[Exception], str], timeout: float) -> None:
        """Start the thread and return once `setup` ran there.

        turn: work of each round outside the pump; returns the monotonic time it
        wants the next round by. pump(wait_ms): wait for and dispatch events.
        A failed setup raises EngineError(describe_failure(exc)) after teardown."""
        if self._thread is not None:
            raise EngineError("Телефон уже запущено")
        started: Future[None] = Future()
        self._running = True
        self._thread = threading.Thread(
            target=self._main, args=(setup, turn, pump, teardown, describe_failure, started),
            name=self._name, daemon=True)
        self._thread.start()
        try:
            started.result(timeout=timeout)
        except BaseException:
            self._running = False
            self._thread.join(timeout=timeout)
            self._thread = None
            raise

    def stop(self, timeout: float) -> None:
        """Let the thread finish its round and tear down; idempotent."""
        thread = self._thread
        if thread is None:
            return
        self._running = False
        self.wake()
        thread.join(timeout=timeout)
        if thread.is_alive():
            log.error("%s thread did not stop within %.0f s", self._name, timeout)
        self._thread = None
        if self._wake_sock is not None:
            self._wake_sock.close()
            self._wake_sock = None

    def set_wake_port(self, port: int) -> None:
        """The loopback UDP port whose datagrams end the pump's wait."""
        self._wake_addr = ("127.0.0.1", port)
        if self._wake_sock is None:
            self._wake_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    def post(self, fn: Callable[..., object], *args: Any) -> bool:
        """Run fn(*args) on the owner thread soon; False when the loop is not running."""
        if not self._running:
            return False
        self._commands.put(lambda: self.guarded(fn, *args))
        self.wake()
        return True

    def run_sync(self, fn: Callable[[], T], timeout: float = 10.0) -> T:
        """fn's result, computed on the owner thread (directly when already on it)."""
        if self.is_owner():
            return fn()
        if not self._running:
            raise EngineError("Телефон не запущено")
        result: Future[T] = Future()

        def run() -> None:
            try:
                result.set_result(fn())
            except Exception as exc:
                result.set_exception(exc)

        self._commands.put(run)
        self.wake()
        return result.result(timeout=timeout)

    def schedule(self, delay_s: float, fn: Callable[[], None]) -> None:
        """Owner thread only: run fn after delay_s."""
        heapq.heappush(self._timers, (time.monotonic() + delay_s, next(self._timer_seq), fn))

    def clear_timers(self) -> None:
        self._timers.clear()

    def wake(self) -> None:
        if self._wake_sock is not None and self._wake_addr is not None:
            with contextlib.suppress(OSError):
                self._wake_sock.sendto(_WAKE_PACKET, self._wake_addr)

    @staticmethod
    def guarded(fn: Callable[..., object], *args: Any) -> None:
        """pjsua2 callbacks must never raise into C++: log and carry on."""
        try:
            fn(*args)
        except Exception:
            # The traceback as text: a log record holding frames would keep
            # pjsua2 objects alive and free them later on another thread.
            log.error("telephony callback %s failed\n%s", getattr(fn, "__name__", fn),
                      traceback.format_exc())

    def _main(self, setup: Callable[[], None], turn: Callable[[], float],
              pump: Callable[[int], None], teardown: Callable[[], None],
              describe_failure: Callable[[Exception], str], started: Future[None]) -> None:
        failure = ""
        try:
            setup()
        except Exception as exc:
            failure = describe_failure(exc)
            log.error("pjsua2 start failed: %s\n%s", failure, traceback.format_exc())
        if failure:
            # Outside the except block: its traceback would keep the Endpoint alive,
            # and pjsua2 allows no second Endpoint until this one is gone.
            teardown()
            started.set_exception(EngineError(failure))
            return
        started.set_result(None)
        try:
            self._rounds(turn, pump)
        finally:
            teardown()

    def _rounds(self, turn: Callable[[], float], pump: Callable[[int], None]) -> None:
        while self._running:
            self._run_commands()
            now = time.monotonic()
            while self._timers and self._timers[0][0] <= now:
                _, _, fn = heapq.heappop(self._timers)
                self.guarded(fn)
            wanted_by = turn()
            if self._timers:
                wanted_by = min(wanted_by, self._timers[0][0])
            wait_s = max(0.0, min(IDLE_WAIT_MS / 1000.0, wanted_by - time.monotonic()))
            if self._running:
                pump(int(wait_s * 1000))

    def _run_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            self.guarded(command)
