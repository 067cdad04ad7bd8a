"""Drive a child process that speaks JSON lines (the line simulator, the softphone).

Commands go to the child's stdin, one JSON object per line; its stdout is read
on a thread into a queue, so `wait_for` can block with a deadline instead of
sleeping. Lines that are not JSON (a library's chatter) are kept in `noise`;
stderr goes to a file so a full pipe never stalls the child.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

Event = dict[str, Any]
Matcher = str | Callable[[Event], bool]


class ProcessEndedError(RuntimeError):
    """The child exited while we were waiting for one of its events."""


class EventTimeoutError(TimeoutError):
    """The awaited event did not come in time; the message lists what did."""


class JsonLineProcess:
    def __init__(self, command: Sequence[str], env: Mapping[str, str] | None = None,
                 cwd: str | None = None) -> None:
        self.command = list(command)
        self.events: list[Event] = []  # every event read so far, in order
        self.noise: list[str] = []
        self._queue: queue.Queue[Event | None] = queue.Queue()
        self._pending: list[Event] = []  # read but not yet matched by wait_for
        # lives as long as this object; close() releases it
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        merged_env = {**os.environ, **(env or {})}
        self.process = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            env=merged_env, cwd=cwd, text=True, encoding="utf-8", bufsize=1,
        )
        self._reader = threading.Thread(target=self._read_stdout, daemon=True,
                                        name=f"jsonl-{self.process.pid}")
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, obj: Mapping[str, Any]) -> None:
        stdin = self.process.stdin
        if stdin is None or not self.alive:
            raise ProcessEndedError(f"process {self.pid} has exited: {self.stderr_tail()}")
        stdin.write(json.dumps(obj, ensure_ascii=False) + "\n")
        stdin.flush()

    def wait_for(self, match: Matcher, timeout: float = 10.0) -> Event:
        """The first not yet consumed event that matches (an event name or a predicate).

        Events read while waiting that do not match stay pending for later calls,
        so the order in which a test waits need not be the order they arrived.
        """
        predicate = _as_predicate(match)
        for index, event in enumerate(self._pending):
            if predicate(event):
                return self._pending.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise EventTimeoutError(
                    f"no {_describe(match)} within {timeout} s; pending: {self._pending[-10:]}; "
                    f"stderr: {self.stderr_tail()}")
            try:
                arrived = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            if arrived is None:
                self._queue.put(None)  # keep the end marker for later waits
                raise ProcessEndedError(
                    f"process {self.pid} exited ({self.process.poll()}) before "
                    f"{_describe(match)}; stderr: {self.stderr_tail()}")
            if predicate(arrived):
                return arrived
            self._pending.append(arrived)

    def drain(self) -> list[Event]:
        """Events that arrived and were not consumed yet (consumes them)."""
        while True:
            try:
                arrived = self._queue.get_nowait()
            except queue.Empty:
                break
            if arrived is None:
                self._queue.put(None)
                break
            self._pending.append(arrived)
        drained, self._pending = self._pending, []
        return drained

    def stderr_tail(self, chars: int = 2000) -> str:
        with contextlib.suppress(ValueError, OSError):
            self._stderr.flush()
            size = self._stderr.seek(0, os.SEEK_END)
            self._stderr.seek(max(0, size - chars))
            return self._stderr.read().decode("utf-8", "replace")
        return ""

    def close(self, timeout: float = 5.0) -> int:
        """Ask the child to quit, then terminate, then kill; always reaps. Returns its code."""
        if self.alive:
            with contextlib.suppress(OSError, ProcessEndedError, ValueError):
                self.send({"cmd": "quit"})
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        if self.process.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.process.stdin.close()
        self._reader.join(timeout)
        self._stderr.close()
        return self.process.returncode

    def __enter__(self) -> JsonLineProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read_stdout(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            for line in stdout:
                text = line.strip()
                if not text:
                    continue
                try:
                    event = json.loads(text)
                except json.JSONDecodeError:
                    self.noise.append(text)
                    continue
                if isinstance(event, dict):
                    self.events.append(event)
                    self._queue.put(event)
                else:
                    self.noise.append(text)
        finally:
            self._queue.put(None)


def _as_predicate(match: Matcher) -> Callable[[Event], bool]:
    if isinstance(match, str):
        return lambda event: event.get("event") == match
    return match


def _describe(match: Matcher) -> str:
    return f"event {match!r}" if isinstance(match, str) else "matching event"
